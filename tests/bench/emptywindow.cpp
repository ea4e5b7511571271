// The startup benchmark's baseline: an empty QMainWindow, shown, painted once, then quit —
// what layerscope does with LAYERSCOPE_QUIT_WHEN_SHOWN set.

#include <QApplication>
#include <QMainWindow>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.resize(1440, 880);
    window.show();
    QMetaObject::invokeMethod(
        &app,
        [&window] {
            window.repaint();
            QCoreApplication::quit();
        },
        Qt::QueuedConnection);
    return QApplication::exec();
}
