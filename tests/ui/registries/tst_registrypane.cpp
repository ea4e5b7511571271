// RegistryPane offscreen: the list, the buttons, programmatic and user selection, removal
// with its confirmation, signing in and out (credentials from docker's and podman's files in
// a temporary folder). Only loopback addresses are contacted (a closed port).

#include "registries/clientpool.h"
#include "registries/registrylistmodel.h"
#include "registries/registrypane.h"
#include "registries/registrystore.h"
#include "registries/signindialog.h"
#include "registrytestsupport.h"
#include "services/credentialstore.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Layerscope;
using ConnectionState = ClientPool::ConnectionState;

namespace {

constexpr int NoHangMs = 60000;

} // namespace

class TestRegistryPane : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void listsDockerHubAndSaved();
    void selectRegistryDoesNotEmit();
    void keyboardSelectionEmitsAndConnects();
    void ensureRegistry();
    void removeAfterConfirmation_data();
    void removeAfterConfirmation();
    void signInNeedsACredentialStore();
    void signInOpensTheDialog();
    void signOutTellsWhatDockerStillHolds_data();
    void signOutTellsWhatDockerStillHolds();
    void contextMenuOffersSignInAndOut();

private:
    /// Gives the pool a credential store over m_dir's files.
    void useCredentialStore();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<RegistryStore> m_store;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<ClientPool> m_pool;
    std::unique_ptr<RegistryPane> m_pane;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestRegistryPane::init()
{
    // No Secret Service: the sign-in dialog's keychain probe never reaches the user's own.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")),
                                             QSettings::IniFormat);
    m_store = std::make_unique<RegistryStore>(m_settings.get());
    m_store->setSavedRegistries({makeEntry(QStringLiteral("ghcr.io"), QStringLiteral("GitHub"))});
    m_pool = std::make_unique<ClientPool>();
    m_pane = std::make_unique<RegistryPane>(m_store.get(), m_pool.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_pane->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_pane->resize(260, 400);
    m_pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));
}

void TestRegistryPane::cleanup()
{
    m_tester.reset();
    m_pane.reset();
    m_pool.reset();
    m_credentials.reset();
    m_store.reset();
    m_settings.reset();
    m_dir.reset();
}

void TestRegistryPane::listsDockerHubAndSaved()
{
    QAbstractItemView *view = m_pane->view();
    QCOMPARE(view->objectName(), QStringLiteral("registryView"));
    QCOMPARE(view->model()->rowCount(), 2);
    QCOMPARE(view->model()->index(0, 0).data().toString(), QStringLiteral("Docker Hub"));
    QCOMPARE(view->model()->index(1, 0).data().toString(), QStringLiteral("GitHub"));
    QVERIFY(m_pane->findChild<QToolButton *>(QStringLiteral("addRegistryButton")));
    auto *remove = m_pane->findChild<QToolButton *>(QStringLiteral("removeRegistryButton"));
    QVERIFY(remove);
    QVERIFY(m_pane->selectRegistry(QStringLiteral("docker.io")));
    QVERIFY(!remove->isEnabled());
    QVERIFY(m_pane->selectRegistry(QStringLiteral("ghcr.io")));
    QVERIFY(remove->isEnabled());
    // The delegate makes two lines of text: taller than one line of the font.
    const QSize hint = view->sizeHintForIndex(view->model()->index(0, 0));
    QVERIFY(hint.height() > 2 * view->fontMetrics().height());
}

void TestRegistryPane::selectRegistryDoesNotEmit()
{
    QSignalSpy selected(m_pane.get(), &RegistryPane::registrySelected);
    QVERIFY(m_pane->selectRegistry(QStringLiteral("ghcr.io")));
    QCOMPARE(m_pane->currentHost(), QStringLiteral("ghcr.io"));
    QVERIFY(!m_pane->selectRegistry(QStringLiteral("nowhere.example")));
    QCOMPARE(m_pane->currentHost(), QStringLiteral("ghcr.io"));
    QVERIFY(selected.isEmpty());
    // Nor is a registry pinged because the program chose it.
    QCOMPARE(m_pool->state(QStringLiteral("ghcr.io")), ConnectionState::Unknown);
}

void TestRegistryPane::keyboardSelectionEmitsAndConnects()
{
    const QString closed = QStringLiteral("127.0.0.1:9");
    m_pane->ensureRegistry(makeEntry(closed, QStringLiteral("Closed port")), false);
    QVERIFY(m_pane->selectRegistry(QStringLiteral("ghcr.io")));
    QSignalSpy selected(m_pane.get(), &RegistryPane::registrySelected);
    m_pane->view()->setFocus();
    QTest::keyClick(m_pane->view(), Qt::Key_Down);
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().first().toString(), closed);
    QCOMPARE(m_pane->currentHost(), closed);
    // Chosen for the first time: pinged; nothing listens there, so it ends in Error.
    QVERIFY(m_pool->state(closed) == ConnectionState::Connecting
            || m_pool->state(closed) == ConnectionState::Error);
    QTRY_COMPARE_WITH_TIMEOUT(m_pool->state(closed), ConnectionState::Error, 30000);
    const QModelIndex row = m_pane->model()->indexOfHost(closed);
    QVERIFY(row.data(RegistryListModel::StateTextRole).toString().startsWith(u"Error: "));
}

void TestRegistryPane::ensureRegistry()
{
    m_pane->ensureRegistry(makeEntry(QStringLiteral("127.0.0.1:5000"), QStringLiteral("Demo")),
                           false);
    QCOMPARE(m_pane->model()->rowCount(), 3);
    // Already listed: nothing changes, not even the name.
    m_pane->ensureRegistry(makeEntry(QStringLiteral("ghcr.io"), QStringLiteral("Other")), true);
    QCOMPARE(m_pane->model()->rowCount(), 3);
    QCOMPARE(m_pane->model()->indexOfHost(QStringLiteral("ghcr.io")).data().toString(),
             QStringLiteral("GitHub"));
    QCOMPARE(m_store->savedRegistries().size(), 1);
}

void TestRegistryPane::removeAfterConfirmation_data()
{
    QTest::addColumn<bool>("confirm");
    QTest::addRow("yes") << true;
    QTest::addRow("cancel") << false;
}

void TestRegistryPane::removeAfterConfirmation()
{
    QFETCH(bool, confirm);
    QVERIFY(m_pane->selectRegistry(QStringLiteral("ghcr.io")));
    m_pane->removeCurrentRegistry();
    auto *box = m_pane->findChild<QMessageBox *>(QStringLiteral("removeRegistryConfirmation"));
    QVERIFY(box);
    QVERIFY(box->text().contains(u"GitHub"));
    box->button(confirm ? QMessageBox::Yes : QMessageBox::Cancel)->click();
    QCOMPARE(m_pane->model()->indexOfHost(QStringLiteral("ghcr.io")).isValid(), !confirm);
    QCOMPARE(m_store->savedRegistries().isEmpty(), confirm);

    // Docker Hub is never offered for removal.
    QVERIFY(m_pane->selectRegistry(QStringLiteral("docker.io")));
    QTRY_VERIFY(!m_pane->findChild<QMessageBox *>(QStringLiteral("removeRegistryConfirmation")));
    m_pane->removeCurrentRegistry();
    QVERIFY(!m_pane->findChild<QMessageBox *>(QStringLiteral("removeRegistryConfirmation")));
    QCOMPARE(m_pane->model()->index(0, 0).data(RegistryListModel::HostRole).toString(),
             QStringLiteral("docker.io"));
}

void TestRegistryPane::useCredentialStore()
{
    m_credentials = std::make_unique<CredentialStore>(m_settings.get(),
                                                      credentialEnvironmentIn(m_dir->path()));
    m_pool->setCredentialStore(m_credentials.get());
}

void TestRegistryPane::signInNeedsACredentialStore()
{
    auto *signIn = m_pane->findChild<QToolButton *>(QStringLiteral("signInRegistryButton"));
    auto *signOut = m_pane->findChild<QToolButton *>(QStringLiteral("signOutRegistryButton"));
    QVERIFY(signIn && signOut);
    QVERIFY(m_pane->selectRegistry(QStringLiteral("ghcr.io")));
    QVERIFY(!signIn->isEnabled());
    QVERIFY(!signOut->isEnabled());
    QVERIFY(!m_pane->signIn(QStringLiteral("ghcr.io")));
    useCredentialStore();
    QVERIFY(signIn->isEnabled());
    // Nobody is signed in: nothing to sign out of.
    QVERIFY(!signOut->isEnabled());
    // Reachable from the keyboard.
    QVERIFY(signIn->focusPolicy() & Qt::TabFocus);
}

void TestRegistryPane::signInOpensTheDialog()
{
    useCredentialStore();
    QVERIFY(m_pane->selectRegistry(QStringLiteral("ghcr.io")));
    QSignalSpy signedIn(m_pane.get(), &RegistryPane::signedIn);
    m_pane->findChild<QToolButton *>(QStringLiteral("signInRegistryButton"))->click();
    auto *dialog = m_pane->findChild<SignInDialog *>(QStringLiteral("signInDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->registry(), QStringLiteral("ghcr.io"));
    QCOMPARE(dialog->windowTitle(), QStringLiteral("Sign in to ghcr.io"));
    // Asked again for the same registry: the same dialog.
    QCOMPARE(m_pane->signIn(QStringLiteral("ghcr.io")), dialog);
    QPointer<SignInDialog> first = dialog;
    // Another registry: that one's dialog instead.
    SignInDialog *hub = m_pane->signIn(QStringLiteral("docker.io"));
    QVERIFY(hub && hub != dialog);
    QCOMPARE(hub->registry(), QStringLiteral("docker.io"));
    QTRY_VERIFY(!first);
    QTest::keyClick(hub, Qt::Key_Escape);
    QTRY_VERIFY(!m_pane->findChild<SignInDialog *>());
    QVERIFY(signedIn.isEmpty());
}

void TestRegistryPane::signOutTellsWhatDockerStillHolds_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected");
    QTest::addRow("docker config.json")
        << QStringLiteral("docker/config.json") << QStringLiteral("ghcr.io")
        << QStringLiteral("ghcr.io")
        << QStringLiteral("Layerscope does not change docker's config.json (%1): the login there "
                          "is not used this session; `docker logout ghcr.io` removes it.");
    QTest::addRow("docker hub")
        << QStringLiteral("docker/config.json") << QStringLiteral("docker.io")
        << QStringLiteral("https://index.docker.io/v1/")
        << QStringLiteral("Layerscope does not change docker's config.json (%1): the login there "
                          "is not used this session; `docker logout` removes it.");
    QTest::addRow("containers auth.json")
        << QStringLiteral("containers/auth.json") << QStringLiteral("ghcr.io")
        << QStringLiteral("ghcr.io")
        << QStringLiteral("Layerscope does not change podman's auth.json (%1): the login there "
                          "is not used this session; `podman logout ghcr.io` removes it.");
}

void TestRegistryPane::signOutTellsWhatDockerStillHolds()
{
    QFETCH(QString, file);
    QFETCH(QString, host);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    const QString path = m_dir->filePath(file);
    const QString secret = QStringLiteral("d0cker-Pa55");
    QVERIFY(writeFile(path, authsWith(key, QStringLiteral("alice"), secret)));
    useCredentialStore();
    QVERIFY(m_pane->selectRegistry(host));
    // The registry's client looks its credentials up.
    QVERIFY(m_pool->client(host));
    QTRY_VERIFY(!m_pool->isLookingUpCredentials(host));
    const QModelIndex row = m_pane->model()->indexOfHost(host);
    QCOMPARE(row.data(RegistryListModel::SignedInUserRole).toString(), QStringLiteral("alice"));
    auto *signOut = m_pane->findChild<QToolButton *>(QStringLiteral("signOutRegistryButton"));
    QVERIFY(signOut->isEnabled());

    QSignalSpy signedOut(m_pane.get(), &RegistryPane::signedOut);
    signOut->click();
    QVERIFY(signedOut.wait(NoHangMs));
    QCOMPARE(signedOut.first().first().toString(), host);
    // docker's file is left as it was, and is not used any more in this session.
    QCOMPARE(m_pane->noticeText(), expected.arg(path));
    QVERIFY(m_pane->findChild<QLabel *>(QStringLiteral("registryNoticeText"))->isVisible());
    QTRY_VERIFY(!m_pool->isLookingUpCredentials(host));
    QCOMPARE(row.data(RegistryListModel::CredentialSourceRole).value<CredentialSource>(),
             CredentialSource::Anonymous);
    QVERIFY(row.data(RegistryListModel::SignedInUserRole).toString().isEmpty());
    QVERIFY(!signOut->isEnabled());
    QFile unchanged(path);
    QVERIFY(unchanged.open(QIODevice::ReadOnly));
    QCOMPARE(unchanged.readAll(), authsWith(key, QStringLiteral("alice"), secret));
    QVERIFY(!m_pane->noticeText().contains(secret));

    // The notice can be dismissed.
    m_pane->findChild<QToolButton *>(QStringLiteral("dismissNoticeButton"))->click();
    QVERIFY(m_pane->noticeText().isEmpty());
}

void TestRegistryPane::contextMenuOffersSignInAndOut()
{
    useCredentialStore();
    const QModelIndex row = m_pane->model()->indexOfHost(QStringLiteral("ghcr.io"));
    const QRect rect = m_pane->view()->visualRect(row);
    Q_EMIT m_pane->view()->customContextMenuRequested(rect.center());
    auto *menu = m_pane->view()->findChild<QMenu *>(QStringLiteral("registryContextMenu"));
    QVERIFY(menu);
    QStringList texts;
    for (const QAction *action : menu->actions())
        texts.append(action->text());
    QVERIFY2(texts.contains(u"Sign &In…") && texts.contains(u"Sign &Out"),
             qPrintable(texts.join(u',')));
    for (QAction *action : menu->actions()) {
        if (action->text() == u"Sign &Out")
            QVERIFY(!action->isEnabled());
    }
    for (QAction *action : menu->actions()) {
        if (action->text() == u"Sign &In…") {
            action->trigger();
            break;
        }
    }
    menu->close();
    auto *dialog = m_pane->findChild<SignInDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->registry(), QStringLiteral("ghcr.io"));
    dialog->reject();
}

QTEST_MAIN(TestRegistryPane)
#include "tst_registrypane.moc"
