#include "mainwindow.h"

#include "layerscopeversion.h"

#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QVBoxLayout>

namespace Layerscope {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Layerscope"));
    setWindowIcon(QIcon(QStringLiteral(":/layerscope/icons/layerscope.svg")));
    setObjectName(QStringLiteral("mainWindow"));
    setAccessibleName(tr("Layerscope main window"));

    auto *central = new QWidget(this);
    central->setObjectName(QStringLiteral("welcomePage"));
    auto *layout = new QVBoxLayout(central);
    layout->addStretch(1);

    auto *icon = new QLabel(central);
    icon->setObjectName(QStringLiteral("logoLabel"));
    icon->setPixmap(windowIcon().pixmap(96, 96));
    icon->setAlignment(Qt::AlignHCenter);
    icon->setAccessibleName(tr("Layerscope logo"));
    layout->addWidget(icon);

    auto *title = new QLabel(tr("<h1>Layerscope</h1>"), central);
    title->setAlignment(Qt::AlignHCenter);
    title->setAccessibleName(tr("Application name"));
    layout->addWidget(title);

    auto *version = new QLabel(tr("Version %1").arg(QLatin1StringView(Version)), central);
    version->setObjectName(QStringLiteral("versionLabel"));
    version->setAlignment(Qt::AlignHCenter);
    version->setAccessibleName(tr("Version"));
    layout->addWidget(version);

    auto *summary = new QLabel(tr("Explore container image registries: repositories, tags, "
                                  "manifests, configs and layers."),
                               central);
    summary->setAlignment(Qt::AlignHCenter);
    summary->setWordWrap(true);
    summary->setAccessibleName(tr("Summary"));
    layout->addWidget(summary);
    layout->addStretch(2);
    setCentralWidget(central);

    createActions();
    statusBar()->showMessage(tr("Layerscope %1").arg(QLatin1StringView(Version)));
    resize(960, 640);
}

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quit = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("application-exit")),
                                        tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    quit->setObjectName(QStringLiteral("quitAction"));

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *about = helpMenu->addAction(tr("&About Layerscope"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Layerscope"),
                       tr("<h3>Layerscope %1</h3>"
                          "<p>A desktop explorer for container image registries.</p>"
                          "<p>Built with Qt %2, running on Qt %3.</p>")
                           .arg(QLatin1StringView(Version), QLatin1StringView(QT_VERSION_STR),
                                QLatin1StringView(qVersion())));
}

} // namespace Layerscope
