#include "mainwindow.h"

#include "aboutdialog.h"
#include "image/imagepane.h"
#include "layerscopeversion.h"
#include "registries/clientpool.h"
#include "registries/registrypane.h"
#include "registries/signindialog.h"
#include "services/credentialstore.h"
#include "tags/tagpane.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

using namespace Layerscope;

/// The window without any registry behind it: its parts, actions and saved state.
class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void shortcuts_data();
    void shortcuts();
    void dockerHubIsAlwaysThere();
    void everyWidgetHasAnAccessibleName();
    void windowStateIsRestored();
    void columnsAreRestored();
    void unusableSavedStateIsIgnored();
    void aboutShowsVersions();
    void backIsDisabledAtFirst();
    void signInFromTheMenu();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
};

void TestMainWindow::init()
{
    // Nothing of the user's own keychain or docker logins takes part.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("layerscope.ini")),
                                             QSettings::IniFormat);
}

void TestMainWindow::cleanup()
{
    m_settings.reset();
    m_dir.reset();
}

void TestMainWindow::shortcuts_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QKeySequence>("shortcut");
    QTest::addRow("quit") << "quitAction" << QKeySequence(Qt::CTRL | Qt::Key_Q);
    QTest::addRow("back") << "backAction" << QKeySequence(QKeySequence::Back);
    QTest::addRow("back with backspace") << "backAction" << QKeySequence(Qt::Key_Backspace);
    QTest::addRow("forward") << "forwardAction" << QKeySequence(QKeySequence::Forward);
    QTest::addRow("reload") << "reloadAction" << QKeySequence(QKeySequence::Refresh);
    QTest::addRow("filter") << "filterAction" << QKeySequence(QKeySequence::Find);
    QTest::addRow("open reference") << "openReferenceAction" << QKeySequence(Qt::CTRL | Qt::Key_L);
    QTest::addRow("registries") << "focusRegistriesAction" << QKeySequence(Qt::CTRL | Qt::Key_1);
    QTest::addRow("repositories") << "focusRepositoriesAction"
                                  << QKeySequence(Qt::CTRL | Qt::Key_2);
    QTest::addRow("tags") << "focusTagsAction" << QKeySequence(Qt::CTRL | Qt::Key_3);
    QTest::addRow("image") << "focusImageAction" << QKeySequence(Qt::CTRL | Qt::Key_4);
}

void TestMainWindow::shortcuts()
{
    QFETCH(QString, action);
    QFETCH(QKeySequence, shortcut);
    MainWindow window(nullptr, m_settings.get());
    auto *found = window.findChild<QAction *>(action);
    QVERIFY2(found, qPrintable(action));
    QStringList shown;
    for (const QKeySequence &sequence : found->shortcuts())
        shown.append(sequence.toString());
    QVERIFY2(found->shortcuts().contains(shortcut),
             qPrintable(shortcut.toString() + QStringLiteral(" not in ") + shown.join(u',')));
}

void TestMainWindow::dockerHubIsAlwaysThere()
{
    MainWindow window(nullptr, m_settings.get());
    const QAbstractItemModel *model = window.registryPane()->view()->model();
    QVERIFY(model->rowCount() >= 1);
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("Docker Hub"));
}

void TestMainWindow::everyWidgetHasAnAccessibleName()
{
    MainWindow window(nullptr, m_settings.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    int checked = 0;
    const auto check = [&checked](const auto &widgets) {
        for (const QWidget *widget : widgets) {
            // Qt's own internals (a scroll area's viewport, a tab bar's scroll buttons) are
            // named by Qt's accessibility layer.
            if (widget->objectName().startsWith(QLatin1StringView("qt_"))
                || qobject_cast<const QAbstractItemView *>(widget->parentWidget())
                || qobject_cast<const QLineEdit *>(widget->parentWidget())
                || qobject_cast<const QToolBar *>(widget->parentWidget())
                || widget->window() != widget->nativeParentWidget())
                continue;
            QVERIFY2(
                !widget->accessibleName().isEmpty(),
                qPrintable(QStringLiteral("%1 %2").arg(
                    QLatin1StringView(widget->metaObject()->className()), widget->objectName())));
            ++checked;
        }
    };
    check(window.findChildren<QAbstractItemView *>());
    check(window.findChildren<QLineEdit *>());
    check(window.findChildren<QAbstractButton *>());
    QVERIFY(checked >= 8);
}

void TestMainWindow::windowStateIsRestored()
{
    QList<int> sizes;
    {
        MainWindow window(nullptr, m_settings.get());
        window.resize(1200, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *splitter = window.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
        QVERIFY(splitter);
        splitter->setSizes({250, 300, 650});
        sizes = splitter->sizes();
        window.close();
    }
    MainWindow window(nullptr, m_settings.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *splitter = window.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
    QCOMPARE(splitter->sizes(), sizes);
    QCOMPARE(window.size(), QSize(1200, 700));
}

void TestMainWindow::columnsAreRestored()
{
    int tagWidth = 0;
    int verifyWidth = 0;
    {
        MainWindow window(nullptr, m_settings.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *tags = window.findChild<QTableView *>(QStringLiteral("tagView"));
        auto *layers = window.findChild<QTableView *>(QStringLiteral("layersView"));
        QVERIFY(tags && layers);
        tagWidth = tags->columnWidth(0) + 57;
        tags->setColumnWidth(0, tagWidth);
        tags->horizontalHeader()->setSortIndicator(1, Qt::DescendingOrder);
        const int verify = layers->model()->columnCount() - 1;
        verifyWidth = layers->columnWidth(verify) + 31;
        layers->setColumnWidth(verify, verifyWidth);
        window.imagePane()->setCurrentSection(ImagePane::Section::Layers);
        window.close();
    }
    MainWindow window(nullptr, m_settings.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *tags = window.findChild<QTableView *>(QStringLiteral("tagView"));
    auto *layers = window.findChild<QTableView *>(QStringLiteral("layersView"));
    QCOMPARE(tags->columnWidth(0), tagWidth);
    QCOMPARE(tags->horizontalHeader()->sortIndicatorSection(), 1);
    QCOMPARE(tags->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(layers->columnWidth(layers->model()->columnCount() - 1), verifyWidth);
    QCOMPARE(window.imagePane()->currentSection(), ImagePane::Section::Layers);
    // Saved by name, not by position.
    QCOMPARE(m_settings->value(QStringLiteral("window/imageSection")).toString(),
             QStringLiteral("Layers"));
}

void TestMainWindow::unusableSavedStateIsIgnored()
{
    // A damaged or foreign settings file must not break the window: the defaults stay.
    m_settings->setValue(QStringLiteral("window/tagColumns"), QByteArray("not a header state"));
    m_settings->setValue(QStringLiteral("window/layerColumns"), QByteArray(3, '\xff'));
    m_settings->setValue(QStringLiteral("window/imageSection"), QStringLiteral("NoSuchTab"));
    m_settings->setValue(QStringLiteral("window/mainSplitter"), QByteArray("junk"));
    int defaultWidth = 0;
    {
        QSettings empty(m_dir->filePath(QStringLiteral("empty.ini")), QSettings::IniFormat);
        MainWindow window(nullptr, &empty);
        defaultWidth = window.findChild<QTableView *>(QStringLiteral("tagView"))->columnWidth(0);
    }
    MainWindow window(nullptr, m_settings.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.findChild<QTableView *>(QStringLiteral("tagView"))->columnWidth(0),
             defaultWidth);
    QCOMPARE(window.imagePane()->currentSection(), ImagePane::Section::Summary);
}

void TestMainWindow::aboutShowsVersions()
{
    MainWindow window(nullptr, m_settings.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *about = window.findChild<QAction *>(QStringLiteral("aboutAction"));
    QVERIFY(about);
    about->trigger();
    auto *dialog = window.findChild<AboutDialog *>(QStringLiteral("aboutDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    // A second time brings the same dialog forward rather than opening another.
    about->trigger();
    QCOMPARE(window.findChildren<AboutDialog *>().size(), 1);

    const auto text = [dialog](const char *name) {
        auto *label = dialog->findChild<QLabel *>(QLatin1StringView(name));
        return label ? label->text() : QStringLiteral("<no %1>").arg(QLatin1StringView(name));
    };
    QCOMPARE(text("aboutTitle"), QStringLiteral("Layerscope %1").arg(QLatin1StringView(Version)));
    QVERIFY2(text("aboutQtVersion").startsWith(QLatin1StringView(qVersion())),
             qPrintable(text("aboutQtVersion")));
    QCOMPARE(text("aboutKeychainVersion"), QLatin1StringView(QtKeychainVersion));
    QVERIFY(!text("aboutKeychainVersion").isEmpty());
    QCOMPARE(text("aboutApplicationId"), QStringLiteral("io.github.layerscope.Layerscope"));
    QCOMPARE(text("aboutSettingsFile"), m_settings->fileName());

    auto *copy = dialog->findChild<QAbstractButton *>(QStringLiteral("copyVersionButton"));
    QVERIFY(copy);
    copy->click();
    const QString copied = QGuiApplication::clipboard()->text();
    QVERIFY2(copied.startsWith(QStringLiteral("Layerscope %1\nQt %2")
                                   .arg(QLatin1StringView(Version), QLatin1StringView(qVersion()))),
             qPrintable(copied));
    QVERIFY2(
        copied.contains(QStringLiteral("QtKeychain %1").arg(QLatin1StringView(QtKeychainVersion))),
        qPrintable(copied));

    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY(!window.findChild<AboutDialog *>());
}

void TestMainWindow::backIsDisabledAtFirst()
{
    MainWindow window(nullptr, m_settings.get());
    QVERIFY(!window.findChild<QAction *>(QStringLiteral("backAction"))->isEnabled());
    QVERIFY(!window.findChild<QAction *>(QStringLiteral("forwardAction"))->isEnabled());
    QVERIFY(window.currentPlace().isNull());
}

void TestMainWindow::signInFromTheMenu()
{
    MainWindow window(nullptr, m_settings.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.credentialStore());
    QCOMPARE(window.clientPool()->credentialStore(), window.credentialStore());
    auto *signIn = window.findChild<QAction *>(QStringLiteral("signInAction"));
    auto *signOut = window.findChild<QAction *>(QStringLiteral("signOutAction"));
    QVERIFY(signIn && signOut);
    QVERIFY(window.registryPane()->selectRegistry(QStringLiteral("docker.io")));
    signIn->trigger();
    auto *dialog = window.findChild<SignInDialog *>(QStringLiteral("signInDialog"));
    QVERIFY(dialog);
    QCOMPARE(dialog->registry(), QStringLiteral("docker.io"));
    QTRY_VERIFY(dialog->isVisible());
    QVERIFY(dialog->isModal());
    dialog->reject();
    QTRY_VERIFY(!window.findChild<SignInDialog *>());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
