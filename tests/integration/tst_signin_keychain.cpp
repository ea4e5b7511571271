// Remember in the system keychain, against a real Secret Service (tests/support/with-keyring.sh:
// gnome-keyring-daemon on a private session bus, in a temporary HOME) and the harness's
// htpasswd and token registries. Each ctest entry runs the functions its session suits:
//
// - rememberedAcrossWindows (an unlocked keyring): signing in with Remember on from a refused
//   request; then a new window (a new CredentialStore over the same settings) lists the
//   protected repository without signing in, from the keychain; signing out removes the entry,
//   and the window after that is refused again. No file anywhere in the temporary HOME holds
//   the password in plain text.
// - keychainRefusesTheWrite (an unlocked keyring that gets locked while the dialog is open, in
//   a session of its own since nothing can unlock it again): the sign-in holds for the session
//   and the registry pane says why the password was not remembered.
// - noSecretService (no session bus, or a bus without a keyring daemon): the Remember box is
//   unchecked and disabled with the reason, and signing in holds for the session only.

#include "common/errorbanner.h"
#include "mainwindow.h"
#include "registries/clientpool.h"
#include "registries/registrylistmodel.h"
#include "registries/registrypane.h"
#include "registries/signindialog.h"
#include "services/credentialstore.h"
#include "services/keychain.h"
#include "tags/tagmodel.h"
#include "tags/tagpane.h"

#include "explorerwindow.h"
#include "harness.h"
#include "operationwait.h"
#include "secretscan.h"
#include "signinsupport.h"
#include "viewtext.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Layerscope;
using namespace SignInSupport;
using ViewText::rows;

namespace {

constexpr int NoHang = 60000;

} // namespace

class TestSignInKeychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void rememberedAcrossWindows_data();
    void rememberedAcrossWindows();
    void noSecretService();
    void keychainRefusesTheWrite();

private:
    std::unique_ptr<MainWindow> newWindow(const QString &host, const QString &repository);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    QString m_session;
};

void TestSignInKeychain::initTestCase()
{
    QVERIFY2(Harness::available(), "the harness is not running (LAYERSCOPE_HARNESS)");
    m_session = qEnvironmentVariable("LAYERSCOPE_KEYRING_SESSION");
    QVERIFY2(!m_session.isEmpty(), "run under tests/support/with-keyring.sh");
    // with-keyring.sh gives a HOME of its own: docker's and podman's logins are looked for
    // there, where there are none.
    QVERIFY(!qEnvironmentVariable("LAYERSCOPE_TEST_HOME").isEmpty());
    QCOMPARE(QDir::homePath(), qEnvironmentVariable("LAYERSCOPE_TEST_HOME"));
}

void TestSignInKeychain::init()
{
    m_dir = std::make_unique<QTemporaryDir>(qEnvironmentVariable("LAYERSCOPE_TEST_HOME")
                                            + QStringLiteral("/settings-XXXXXX"));
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("layerscope.ini")),
                                             QSettings::IniFormat);
}

void TestSignInKeychain::cleanup()
{
    m_settings.reset();
    m_dir.reset();
}

std::unique_ptr<MainWindow> TestSignInKeychain::newWindow(const QString &host,
                                                          const QString &repository)
{
    return openExplorer(m_settings.get(), Place{host, repository, {}, {}, {}});
}

void TestSignInKeychain::rememberedAcrossWindows_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addRow("htpasswd") << QStringLiteral("htpasswd");
    QTest::addRow("token") << QStringLiteral("token");
}

void TestSignInKeychain::rememberedAcrossWindows()
{
    if (m_session != u"keyring")
        QSKIP("needs an unlocked keyring (with-keyring.sh without options)");
    QFETCH(QString, mode);
    const QString host = Harness::hostPort(mode);
    const Credentials right = credentialsOf(mode);
    const Protected target = protectedOf(mode);

    {
        auto window = newWindow(host, target.repository);
        QAbstractItemModelTester tagTester(window->tagPane()->model(),
                                           QAbstractItemModelTester::FailureReportingMode::Fatal);
        auto *banner = window->tagPane()->findChild<ErrorBanner *>();
        QTRY_VERIFY_WITH_TIMEOUT(banner->offersSignIn(), NoHang);
        banner->findChild<QPushButton *>(QStringLiteral("signInButton"))->click();
        auto *dialog = window->findChild<SignInDialog *>(QStringLiteral("signInDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isProbingKeychain(), NoHang);
        // A keychain is there: Remember is on, and nothing needs explaining.
        auto *remember = dialog->findChild<QCheckBox *>(QStringLiteral("rememberCheck"));
        QVERIFY(dialog->canRemember());
        QVERIFY(remember->isEnabled() && remember->isChecked());
        QVERIFY(dialog->keychainNote().isEmpty());
        QVERIFY(!dialog->findChild<QLabel *>(QStringLiteral("keychainNote"))->isVisible());

        QSignalSpy accepted(dialog, &QDialog::accepted);
        QPointer<SignInDialog> open = dialog;
        fillIn(dialog, right.username, right.password);
        QVERIFY(accepted.wait(NoHang) || !accepted.isEmpty());
        QVERIFY(dialog->remembered());
        QVERIFY2(dialog->keychainProblem().isEmpty(), qPrintable(dialog->keychainProblem()));
        QCOMPARE(window->credentialStore()->keychainUser(host), right.username);
        QTRY_VERIFY_WITH_TIMEOUT(rows(*window->tagPane()->model()).contains(target.tag), NoHang);
        QVERIFY(window->registryPane()->noticeText().isEmpty());
        window->close();
    }

    // A new window, as after starting Layerscope again: the keychain signs it in.
    {
        auto window = newWindow(host, target.repository);
        QAbstractItemModelTester tagTester(window->tagPane()->model(),
                                           QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(!window->credentialStore()->sessionCredentials(host));
        QTRY_VERIFY_WITH_TIMEOUT(rows(*window->tagPane()->model()).contains(target.tag), NoHang);
        QVERIFY(!window->tagPane()->findChild<ErrorBanner *>()->isVisible());
        QVERIFY(!window->findChild<SignInDialog *>());
        const QModelIndex row = window->registryPane()->model()->indexOfHost(host);
        QTRY_COMPARE_WITH_TIMEOUT(
            row.data(RegistryListModel::StateTextRole).toString(),
            QStringLiteral("Signed in as %1 · system keychain").arg(right.username), NoHang);
        QCOMPARE(row.data(RegistryListModel::CredentialSourceRole).value<CredentialSource>(),
                 CredentialSource::Keychain);

        // The password is in the keychain, encrypted, and in no file in plain text.
        m_settings->sync();
        const QStringList leaks
            = SecretScan::filesHolding(qEnvironmentVariable("LAYERSCOPE_TEST_HOME"),
                                       SecretScan::encodingsOf(right.password, right.username));
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u", ")));

        // Signing out removes the keychain entry.
        QSignalSpy signedOut(window->registryPane(), &RegistryPane::signedOut);
        window->registryPane()->signOut(host);
        QVERIFY(signedOut.wait(NoHang) || !signedOut.isEmpty());
        QVERIFY(window->credentialStore()->keychainUser(host).isEmpty());
        window->close();
    }
    auto *read = Keychain::read(CredentialStore::registryKey(host), right.username, this);
    QVERIFY(waitForFinished(read));
    QCOMPARE(read->outcome(), KeychainOperation::Outcome::NotFound);
    delete read;

    // And the window after that is refused again.
    auto window = newWindow(host, target.repository);
    auto *banner = window->tagPane()->findChild<ErrorBanner *>();
    QTRY_VERIFY_WITH_TIMEOUT(banner->offersSignIn(), NoHang);
    QCOMPARE(window->tagPane()->model()->rowCount(), 0);
}

void TestSignInKeychain::keychainRefusesTheWrite()
{
    if (m_session != u"keyring" || !qEnvironmentVariableIsSet("LAYERSCOPE_SIGNIN_TEST_LOCK"))
        QSKIP("locks the keyring for good: runs in a session of its own "
              "(tst_signin_keychain_locked)");
    const QString mode = QStringLiteral("htpasswd");
    const QString host = Harness::hostPort(mode);
    const Credentials right = credentialsOf(mode);
    const Protected target = protectedOf(mode);
    auto window = newWindow(host, target.repository);
    auto *banner = window->tagPane()->findChild<ErrorBanner *>();
    QTRY_VERIFY_WITH_TIMEOUT(banner->offersSignIn(), NoHang);
    banner->findChild<QPushButton *>(QStringLiteral("signInButton"))->click();
    auto *dialog = window->findChild<SignInDialog *>(QStringLiteral("signInDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isProbingKeychain(), NoHang);
    QVERIFY(dialog->canRemember());

    // The keyring gets locked (a screen locker would) while the dialog is open; with no
    // prompter on this bus nobody can unlock it.
    QDBusMessage lock = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("Lock"));
    lock << QVariant::fromValue(QList<QDBusObjectPath>{
        QDBusObjectPath(QStringLiteral("/org/freedesktop/secrets/collection/login"))});
    const QDBusMessage reply = QDBusConnection::sessionBus().call(lock);
    QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));

    QSignalSpy accepted(dialog, &QDialog::accepted);
    fillIn(dialog, right.username, right.password);
    QVERIFY(accepted.wait(NoHang) || !accepted.isEmpty());
    // Signed in for the session; the keychain's refusal is told once, in the registry pane.
    QVERIFY(!dialog->remembered());
    QVERIFY(!dialog->keychainProblem().isEmpty());
    QVERIFY(window->credentialStore()->keychainUser(host).isEmpty());
    const QString notice = window->registryPane()->noticeText();
    QVERIFY2(notice.startsWith(QStringLiteral("Signed in to %1 for this session only").arg(host)),
             qPrintable(notice));
    QVERIFY(notice.contains(dialog->keychainProblem()));
    QVERIFY(!notice.contains(right.password));
    QTRY_VERIFY_WITH_TIMEOUT(rows(*window->tagPane()->model()).contains(target.tag), NoHang);
}

void TestSignInKeychain::noSecretService()
{
    if (m_session == u"keyring")
        QSKIP("needs a session without a keychain (with-keyring.sh --bus-only or --no-bus)");
    const QString mode = QStringLiteral("htpasswd");
    const QString host = Harness::hostPort(mode);
    const Credentials right = credentialsOf(mode);
    const Protected target = protectedOf(mode);
    auto window = newWindow(host, target.repository);
    auto *banner = window->tagPane()->findChild<ErrorBanner *>();
    QTRY_VERIFY_WITH_TIMEOUT(banner->offersSignIn(), NoHang);
    banner->findChild<QPushButton *>(QStringLiteral("signInButton"))->click();
    auto *dialog = window->findChild<SignInDialog *>(QStringLiteral("signInDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isProbingKeychain(), NoHang);

    auto *remember = dialog->findChild<QCheckBox *>(QStringLiteral("rememberCheck"));
    QVERIFY(!dialog->canRemember());
    QVERIFY(!remember->isChecked());
    QVERIFY(!remember->isEnabled());
    auto *note = dialog->findChild<QLabel *>(QStringLiteral("keychainNote"));
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(u"No system keychain is available"), qPrintable(note->text()));
    QVERIFY(note->text().contains(u"until Layerscope quits"));

    // Signing in still works, for this session.
    QSignalSpy accepted(dialog, &QDialog::accepted);
    fillIn(dialog, right.username, right.password);
    QVERIFY(accepted.wait(NoHang) || !accepted.isEmpty());
    QVERIFY(!dialog->remembered());
    QVERIFY(window->credentialStore()->keychainUser(host).isEmpty());
    QCOMPARE(window->credentialStore()->sessionCredentials(host)->username, right.username);
    QTRY_VERIFY_WITH_TIMEOUT(rows(*window->tagPane()->model()).contains(target.tag), NoHang);
    const QStringList leaks
        = SecretScan::filesHolding(qEnvironmentVariable("LAYERSCOPE_TEST_HOME"),
                                   SecretScan::encodingsOf(right.password, right.username));
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u", ")));
}

QTEST_MAIN(TestSignInKeychain)
#include "tst_signin_keychain.moc"
