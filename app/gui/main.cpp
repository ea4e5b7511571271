#include "mainwindow.h"

#include "layerscopeversion.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTextStream>

namespace {

QStringList argumentsOf(int argc, char *argv[])
{
    QStringList arguments;
    arguments.reserve(argc);
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    return arguments;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("Layerscope"));
    QCoreApplication::setOrganizationName(QStringLiteral("Layerscope"));
    QCoreApplication::setApplicationVersion(QLatin1StringView(Layerscope::Version));

    // --help and --version are answered before the GUI starts, so they also work where there
    // is no display. Qt's own options (-platform, -style, …) are left for QApplication.
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Desktop explorer for container image registries."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    parser.parse(argumentsOf(argc, argv));
    if (parser.isSet(helpOption)) {
        // Without an application object Qt cannot know the program's name.
        QTextStream(stdout) << parser.helpText().replace(QLatin1StringView("<executable_name>"),
                                                         QLatin1StringView("layerscope"));
        return 0;
    }
    if (parser.isSet(versionOption)) {
        QTextStream(stdout) << QCoreApplication::applicationName() << ' '
                            << QCoreApplication::applicationVersion() << '\n';
        return 0;
    }

    QApplication app(argc, argv);
    QApplication::setDesktopFileName(QStringLiteral("io.github.layerscope.Layerscope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/layerscope/icons/layerscope.svg")));

    Layerscope::MainWindow window;
    window.show();
    return QApplication::exec();
}
