// Renders Layerscope's windows to PNG files so they can be looked at without a display:
//   QT_QPA_PLATFORM=offscreen layerscope-screenshots <directory> [--dark]

#include "mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QPalette>
#include <QStyleFactory>
#include <QTextStream>

namespace {

QPalette darkPalette()
{
    QPalette palette;
    const QColor window(45, 45, 48);
    const QColor base(30, 30, 32);
    const QColor text(230, 230, 230);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::Highlight, QColor(47, 123, 191));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    return palette;
}

bool save(QWidget &widget, const QDir &directory, const QString &name)
{
    widget.show();
    QApplication::processEvents();
    const QString file = directory.filePath(name + QStringLiteral(".png"));
    if (!widget.grab().save(file)) {
        QTextStream(stderr) << "cannot write " << file << '\n';
        return false;
    }
    QTextStream(stdout) << file << '\n';
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStringList arguments = QApplication::arguments();
    const bool dark = arguments.removeAll(QStringLiteral("--dark")) > 0;
    if (arguments.size() != 2) {
        QTextStream(stderr) << "usage: layerscope-screenshots <directory> [--dark]\n";
        return 2;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (dark)
        QApplication::setPalette(darkPalette());

    QDir directory(arguments.at(1));
    if (!directory.mkpath(QStringLiteral("."))) {
        QTextStream(stderr) << "cannot create " << directory.path() << '\n';
        return 1;
    }
    const QString suffix = dark ? QStringLiteral("-dark") : QString();

    Layerscope::MainWindow window;
    return save(window, directory, QStringLiteral("mainwindow") + suffix) ? 0 : 1;
}
