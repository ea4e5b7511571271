#include "mainwindow.h"

#include "layerscopeversion.h"

#include <QAction>
#include <QLabel>
#include <QStatusBar>
#include <QTest>

using namespace Layerscope;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void showsTheVersion();
    void everyActionIsReachable();
    void everyWidgetHasAnAccessibleName();
};

void TestMainWindow::showsTheVersion()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), QStringLiteral("Layerscope"));
    auto *version = window.findChild<QLabel *>(QStringLiteral("versionLabel"));
    QVERIFY(version);
    QVERIFY2(version->text().contains(QLatin1StringView(Version)), qPrintable(version->text()));
    QVERIFY(window.statusBar()->currentMessage().contains(QLatin1StringView(Version)));

    // The logo is an SVG: a null pixmap means the SVG image plugin is missing at run time.
    auto *logo = window.findChild<QLabel *>(QStringLiteral("logoLabel"));
    QVERIFY(logo);
    QVERIFY(!logo->pixmap().isNull());
}

void TestMainWindow::everyActionIsReachable()
{
    MainWindow window;
    auto *quit = window.findChild<QAction *>(QStringLiteral("quitAction"));
    QVERIFY(quit);
    QCOMPARE(quit->shortcut(), QKeySequence(QKeySequence::Quit));
    QVERIFY(window.findChild<QAction *>(QStringLiteral("aboutAction")));
}

void TestMainWindow::everyWidgetHasAnAccessibleName()
{
    MainWindow window;
    const QList<QLabel *> labels = window.centralWidget()->findChildren<QLabel *>();
    QVERIFY(!labels.isEmpty());
    for (const QLabel *label : labels)
        QVERIFY2(!label->accessibleName().isEmpty(), qPrintable(label->text()));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
