// SignInDialog and ErrorBanner's sign-in offer offscreen, without a registry: the widgets, when
// Sign In is possible, a port nothing listens on, a server that never answers (Esc cancels),
// and a session without a Secret Service (the Remember box explains itself). Only loopback
// addresses are contacted. The registry's own answers (a right and a wrong password) are
// tested against real registries in tests/integration/tst_signin.cpp.

#include "common/errorbanner.h"
#include "registries/signindialog.h"
#include "registrytestsupport.h"
#include "services/credentialstore.h"
#include "transport/registryerror.h"
#include "viewtext.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Layerscope;
using Category = RegistryError::Category;

namespace {

constexpr int NoHang = 60000;
const QString Secret = QStringLiteral("Pa55-w0rd-never-shown");

} // namespace

class TestSignInDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void widgets();
    void signInNeedsUserAndPassword_data();
    void signInNeedsUserAndPassword();
    void withoutSecretServiceRememberIsOff();
    void deadPort();
    void escapeCancelsTheCheck();
    void bannerOffersSignIn_data();
    void bannerOffersSignIn();

private:
    SignInDialog *makeDialog(const QString &registry);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<SignInDialog> m_dialog;
};

void TestSignInDialog::initTestCase()
{
    // No Secret Service: the keychain answers "unavailable" at once, and nothing of the
    // user's own keychain is touched.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");
}

void TestSignInDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")),
                                             QSettings::IniFormat);
    m_credentials = std::make_unique<CredentialStore>(m_settings.get(),
                                                      credentialEnvironmentIn(m_dir->path()));
}

void TestSignInDialog::cleanup()
{
    m_dialog.reset();
    m_credentials.reset();
    m_settings.reset();
    m_dir.reset();
}

SignInDialog *TestSignInDialog::makeDialog(const QString &registry)
{
    m_dialog = std::make_unique<SignInDialog>(m_credentials.get(), registry, TransportOptions{});
    m_dialog->show();
    if (!QTest::qWaitForWindowExposed(m_dialog.get()))
        return nullptr;
    return m_dialog.get();
}

void TestSignInDialog::widgets()
{
    SignInDialog *dialog = makeDialog(QStringLiteral("registry.example"));
    QVERIFY(dialog);
    QCOMPARE(dialog->windowTitle(), QStringLiteral("Sign in to registry.example"));
    QCOMPARE(dialog->registry(), QStringLiteral("registry.example"));
    auto *user = dialog->findChild<QLineEdit *>(QStringLiteral("userEdit"));
    auto *password = dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"));
    auto *remember = dialog->findChild<QCheckBox *>(QStringLiteral("rememberCheck"));
    auto *signIn = dialog->findChild<QPushButton *>(QStringLiteral("signInButton"));
    auto *cancel = dialog->findChild<QPushButton *>(QStringLiteral("cancelButton"));
    QVERIFY(user && password && remember && signIn && cancel);
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    QCOMPARE(remember->text(), QStringLiteral("&Remember in the system keychain"));
    QVERIFY(signIn->isDefault());
    // Every widget is named, for tests, screenshots and screen readers.
    int named = 0;
    for (const QWidget *widget : dialog->findChildren<QWidget *>()) {
        if (widget->objectName().startsWith(QLatin1StringView("qt_"))
            || qobject_cast<const QLineEdit *>(widget->parentWidget()))
            continue;
        const QString what
            = QStringLiteral("%1 \"%2\"")
                  .arg(QLatin1StringView(widget->metaObject()->className()), widget->objectName());
        QVERIFY2(!widget->objectName().isEmpty(), qPrintable(what));
        QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(what));
        ++named;
    }
    QVERIFY(named >= 10);
    // The user name given beforehand; the password is what is left to type.
    dialog->setUserName(QStringLiteral("alice"));
    QCOMPARE(user->text(), QStringLiteral("alice"));
    QCOMPARE(dialog->userName(), QStringLiteral("alice"));
    QTRY_VERIFY(password->hasFocus());
}

void TestSignInDialog::signInNeedsUserAndPassword_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("enabled");
    QTest::addRow("both") << QStringLiteral("alice") << Secret << true;
    QTest::addRow("no user") << QString() << Secret << false;
    QTest::addRow("blank user") << QStringLiteral("   ") << Secret << false;
    QTest::addRow("no password") << QStringLiteral("alice") << QString() << false;
    QTest::addRow("neither") << QString() << QString() << false;
}

void TestSignInDialog::signInNeedsUserAndPassword()
{
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(bool, enabled);
    SignInDialog *dialog = makeDialog(ViewText::closedHostPort());
    QVERIFY(dialog);
    auto *signIn = dialog->findChild<QPushButton *>(QStringLiteral("signInButton"));
    QVERIFY(!signIn->isEnabled());
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("userEdit")), user);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit")), password);
    QCOMPARE(signIn->isEnabled(), enabled);
    // Asking anyway starts nothing.
    if (!enabled) {
        dialog->signIn();
        QVERIFY(!dialog->isBusy());
    }
}

void TestSignInDialog::withoutSecretServiceRememberIsOff()
{
    SignInDialog *dialog = makeDialog(QStringLiteral("registry.example"));
    QVERIFY(dialog);
    auto *remember = dialog->findChild<QCheckBox *>(QStringLiteral("rememberCheck"));
    if (dialog->isProbingKeychain()) {
        QSignalSpy probed(dialog, &SignInDialog::keychainProbed);
        QVERIFY(probed.wait(NoHang));
    }
    QVERIFY(!dialog->canRemember());
    QVERIFY(!remember->isChecked());
    QVERIFY(!remember->isEnabled());
    auto *note = dialog->findChild<QLabel *>(QStringLiteral("keychainNote"));
    QVERIFY(note && note->isVisible());
    QCOMPARE(note->text(), dialog->keychainNote());
    QVERIFY2(note->text().contains(u"keychain") && note->text().contains(u"until Layerscope quits"),
             qPrintable(note->text()));
}

void TestSignInDialog::deadPort()
{
    const QString host = ViewText::closedHostPort();
    SignInDialog *dialog = makeDialog(host);
    QVERIFY(dialog);
    QSignalSpy failed(dialog, &SignInDialog::failed);
    QSignalSpy accepted(dialog, &QDialog::accepted);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("userEdit")),
                     QStringLiteral("alice"));
    auto *password = dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"));
    QTest::keyClicks(password, Secret);
    // Enter in the password field signs in.
    QTest::keyClick(password, Qt::Key_Return);
    QVERIFY(dialog->isBusy() || !failed.isEmpty());
    QVERIFY(failed.wait(NoHang) || !failed.isEmpty());
    QVERIFY(!dialog->isBusy());
    QVERIFY(dialog->isVisible());
    QVERIFY(accepted.isEmpty());
    const QString error = dialog->errorText();
    QVERIFY2(error.contains(host) && error.contains(u"network"), qPrintable(error));
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("signInError"))->isVisible());
    // The fields can be corrected and the check asked again.
    QVERIFY(password->isEnabled());
    QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("signInButton"))->isEnabled());
    // Nothing was kept, and the password shows nowhere.
    QVERIFY(!m_credentials->sessionCredentials(host));
    QVERIFY(m_credentials->keychainUser(host).isEmpty());
    QVERIFY(!ViewText::visibleTexts(dialog).contains(Secret));
    QVERIFY(!m_settings->allKeys().join(u' ').contains(Secret));
}

void TestSignInDialog::escapeCancelsTheCheck()
{
    // Takes connections and never answers: the check would wait for its timeout.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    QList<QTcpSocket *> held;
    connect(&silent, &QTcpServer::newConnection, this, [&silent, &held] {
        while (QTcpSocket *socket = silent.nextPendingConnection())
            held.append(socket);
    });
    const QString host = QStringLiteral("127.0.0.1:%1").arg(silent.serverPort());
    SignInDialog *dialog = makeDialog(host);
    QVERIFY(dialog);
    QSignalSpy rejected(dialog, &QDialog::rejected);
    QSignalSpy failed(dialog, &SignInDialog::failed);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("userEdit")),
                     QStringLiteral("alice"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit")), Secret);
    dialog->findChild<QPushButton *>(QStringLiteral("signInButton"))->click();

    QVERIFY(dialog->isBusy());
    auto *status = dialog->findChild<QLabel *>(QStringLiteral("signInStatus"));
    QVERIFY(status->isVisible());
    QCOMPARE(status->text(), QStringLiteral("Checking with the registry…"));
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("signInButton"))->isEnabled());
    QVERIFY(!dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!held.isEmpty(), NoHang);

    QTest::keyClick(dialog, Qt::Key_Escape);
    QCOMPARE(rejected.size(), 1);
    QVERIFY(!dialog->isVisible());
    QVERIFY(!dialog->isBusy());
    QCOMPARE(dialog->result(), int(QDialog::Rejected));
    // The check is gone: nothing finishes later, nothing is kept.
    QTest::qWait(200);
    QVERIFY(failed.isEmpty());
    QVERIFY(!m_credentials->sessionCredentials(host));
    QVERIFY(m_credentials->keychainUser(host).isEmpty());
    qDeleteAll(held);
}

void TestSignInDialog::bannerOffersSignIn_data()
{
    QTest::addColumn<Category>("category");
    QTest::addColumn<bool>("offers");
    QTest::addRow("unauthorized") << Category::Unauthorized << true;
    QTest::addRow("denied") << Category::Denied << false;
    QTest::addRow("not found") << Category::NotFound << false;
    QTest::addRow("network") << Category::Network << false;
}

void TestSignInDialog::bannerOffersSignIn()
{
    QFETCH(Category, category);
    QFETCH(bool, offers);
    ErrorBanner banner;
    banner.resize(600, 80);
    banner.show();
    QVERIFY(QTest::qWaitForWindowExposed(&banner));
    auto *signIn = banner.findChild<QPushButton *>(QStringLiteral("signInButton"));
    QVERIFY(signIn);
    QCOMPARE(signIn->accessibleName(), QStringLiteral("Sign in"));
    QSignalSpy requested(&banner, &ErrorBanner::signInRequested);
    QSignalSpy retried(&banner, &ErrorBanner::retryRequested);

    banner.showError(QStringLiteral("Could not load the tags of private/app"),
                     RegistryError(category, QStringLiteral("it failed")));
    QCOMPARE(signIn->isVisible(), offers);
    QCOMPARE(banner.offersSignIn(), offers);
    if (offers) {
        signIn->click();
        QCOMPARE(requested.size(), 1);
        QVERIFY(retried.isEmpty());
    }
    // Whoever signed in resumes the work the way Retry does.
    banner.retry();
    QCOMPARE(retried.size(), 1);
    // A plain message, or no message, offers nothing.
    banner.showMessage(QStringLiteral("Cannot load"), QStringLiteral("not a reference"));
    QVERIFY(!signIn->isVisible());
    QVERIFY(!banner.offersSignIn());
    banner.showError(QStringLiteral("Again"), RegistryError(category, QStringLiteral("x")));
    banner.clear();
    QVERIFY(!banner.offersSignIn());
    QVERIFY(!banner.isVisible());
}

QTEST_MAIN(TestSignInDialog)
#include "tst_signindialog.moc"
