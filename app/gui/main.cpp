#include "mainwindow.h"

#include "layerscopeversion.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Layerscope"));
    QApplication::setOrganizationName(QStringLiteral("Layerscope"));
    QApplication::setApplicationVersion(QLatin1StringView(Layerscope::Version));
    QApplication::setDesktopFileName(QStringLiteral("io.github.layerscope.Layerscope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/layerscope/icons/layerscope.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Desktop explorer for container image registries."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    Layerscope::MainWindow window;
    window.show();
    return QApplication::exec();
}
