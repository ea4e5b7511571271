// Signing in against the harness's real registries (htpasswd: basic auth; token: the harness's
// token issuer), with the passwords of the harness's contract: the dialog with the right and a
// wrong password and a port nothing listens on; the window's "Sign in…" offered where a request
// was refused, after which the work resumes without another click; signing out, after which
// the registry refuses again; the sidebar's "user · source" line.
//
// No Secret Service runs here (DBUS_SESSION_BUS_ADDRESS points nowhere), so the keychain is
// never written: tst_signin_keychain covers Remember under a real one. Docker's and podman's
// logins are looked for in an empty temporary folder only.

#include "common/errorbanner.h"
#include "image/imagepane.h"
#include "mainwindow.h"
#include "registries/clientpool.h"
#include "registries/registrydelegate.h"
#include "registries/registrylistmodel.h"
#include "registries/registrypane.h"
#include "registries/signindialog.h"
#include "repositories/repositorymodel.h"
#include "repositories/repositorypane.h"
#include "services/credentialstore.h"
#include "tags/tagmodel.h"
#include "tags/tagpane.h"

#include "explorerwindow.h"
#include "harness.h"
#include "signinsupport.h"
#include "viewtext.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QCheckBox>
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
using ConnectionState = ClientPool::ConnectionState;

namespace {

constexpr int NoHang = 60000;

QString wrongPasswordOf(const QString &mode)
{
    return QStringLiteral("Wr0ng-%1-pa55word").arg(mode);
}

/// The protected repository of \a mode's registry and one of its tags, from the contract.
} // namespace

class TestSignIn : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void rightPassword_data();
    void rightPassword();
    void wrongPassword_data();
    void wrongPassword();
    void deadPort();
    void refusedThenSignInResumes_data();
    void refusedThenSignInResumes();

private:
    std::unique_ptr<MainWindow> newWindow(const QString &host);
    /// No secret of these tests in the settings file or in \a texts.
    bool noSecretIn(const QString &texts) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<ClientPool> m_pool;
};

void TestSignIn::initTestCase()
{
    QVERIFY2(Harness::available(), "the harness is not running (LAYERSCOPE_HARNESS)");
    QVERIFY(!credentialsOf(QStringLiteral("htpasswd")).password.isEmpty());
    QVERIFY(!credentialsOf(QStringLiteral("token")).password.isEmpty());
    // The window reads the process environment: point every source at nothing of the user's.
    static QTemporaryDir nowhere;
    QVERIFY(nowhere.isValid());
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");
    qputenv("DOCKER_CONFIG", nowhere.filePath(QStringLiteral("docker")).toUtf8());
    qputenv("REGISTRY_AUTH_FILE", nowhere.filePath(QStringLiteral("auth.json")).toUtf8());
    qputenv("XDG_RUNTIME_DIR", nowhere.filePath(QStringLiteral("run")).toUtf8());
    qputenv("XDG_CONFIG_HOME", nowhere.filePath(QStringLiteral("config")).toUtf8());
}

void TestSignIn::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")),
                                             QSettings::IniFormat);
    m_credentials
        = std::make_unique<CredentialStore>(m_settings.get(), CredentialEnvironment::fromSystem());
    m_pool = std::make_unique<ClientPool>();
    m_pool->setCredentialStore(m_credentials.get());
}

void TestSignIn::cleanup()
{
    m_pool.reset();
    m_credentials.reset();
    m_settings.reset();
    m_dir.reset();
}

bool TestSignIn::noSecretIn(const QString &texts) const
{
    m_settings->sync();
    QFile file(m_settings->fileName());
    const QString stored
        = file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    for (const QString &mode : {QStringLiteral("htpasswd"), QStringLiteral("token")}) {
        for (const QString &secret : {credentialsOf(mode).password, wrongPasswordOf(mode)}) {
            if (texts.contains(secret) || stored.contains(secret))
                return false;
        }
    }
    return true;
}

std::unique_ptr<MainWindow> TestSignIn::newWindow(const QString &host)
{
    return openExplorer(m_settings.get(), Place{host, {}, {}, {}, {}});
}

void TestSignIn::rightPassword_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addRow("htpasswd") << QStringLiteral("htpasswd");
    QTest::addRow("token") << QStringLiteral("token");
}

void TestSignIn::rightPassword()
{
    QFETCH(QString, mode);
    const QString host = Harness::hostPort(mode);
    const Credentials right = credentialsOf(mode);
    const Protected target = protectedOf(mode);

    SignInDialog dialog(m_credentials.get(), host, m_pool->transportOptions(host));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QSignalSpy failed(&dialog, &SignInDialog::failed);
    fillIn(&dialog, right.username, right.password);
    QVERIFY(dialog.isBusy());
    QVERIFY(accepted.wait(NoHang) || !accepted.isEmpty());
    QVERIFY2(failed.isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
    // Without a Secret Service the sign-in holds for this session, and nothing more is said.
    QVERIFY(!dialog.remembered());
    QVERIFY(dialog.keychainProblem().isEmpty());
    QCOMPARE(m_credentials->sessionCredentials(host)->username, right.username);
    QVERIFY(m_credentials->keychainUser(host).isEmpty());

    // The pool uses it: signed in, as alice, from this session.
    m_pool->connectTo(host);
    QTRY_COMPARE_WITH_TIMEOUT(m_pool->state(host), ConnectionState::SignedIn, NoHang);
    QCOMPARE(m_pool->signedInUser(host), right.username);
    QCOMPARE(m_pool->credentialSource(host), CredentialSource::Session);
    QCOMPARE(m_pool->stateText(host),
             QStringLiteral("Signed in as %1 · this session").arg(right.username));

    // The catalog, refused to anonymous users, now lists the protected repository.
    RepositoryModel repositories;
    QAbstractItemModelTester repositoryTester(
        &repositories, QAbstractItemModelTester::FailureReportingMode::Fatal);
    repositories.setClient(m_pool->client(host));
    QTRY_VERIFY_WITH_TIMEOUT(repositories.state() != RepositoryModel::State::Loading, NoHang);
    QVERIFY2(repositories.state() == RepositoryModel::State::Loaded,
             qPrintable(repositories.error().toString()));
    QVERIFY2(rows(repositories).contains(target.repository),
             qPrintable(rows(repositories).join(u',')));

    // And its tags.
    TagPane tags;
    QAbstractItemModelTester tagTester(tags.model(),
                                       QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy tagErrors(&tags, &TagPane::errorOccurred);
    tags.showRepository(m_pool->client(host), target.repository);
    QTRY_VERIFY_WITH_TIMEOUT(tags.model()->rowCount() > 0 || !tagErrors.isEmpty(), NoHang);
    QVERIFY(tagErrors.isEmpty());
    QVERIFY2(rows(*tags.model()).contains(target.tag), qPrintable(rows(*tags.model()).join(u',')));

    QVERIFY(noSecretIn(ViewText::visibleTexts(&dialog) + m_pool->stateText(host)));
}

void TestSignIn::wrongPassword_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addRow("htpasswd") << QStringLiteral("htpasswd");
    QTest::addRow("token") << QStringLiteral("token");
}

void TestSignIn::wrongPassword()
{
    QFETCH(QString, mode);
    const QString host = Harness::hostPort(mode);
    const Credentials right = credentialsOf(mode);
    const QString wrong = wrongPasswordOf(mode);

    SignInDialog dialog(m_credentials.get(), host, m_pool->transportOptions(host));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy failed(&dialog, &SignInDialog::failed);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    fillIn(&dialog, right.username, wrong);
    QVERIFY(failed.wait(NoHang) || !failed.isEmpty());

    // The dialog stays, says so, and has the password selected for retyping.
    QVERIFY(accepted.isEmpty());
    QVERIFY(dialog.isVisible());
    QVERIFY(!dialog.isBusy());
    const QString error = dialog.errorText();
    QVERIFY2(error.contains(u"refused") && error.contains(right.username), qPrintable(error));
    auto *passwordEdit = dialog.findChild<QLineEdit *>(QStringLiteral("passwordEdit"));
    QCOMPARE(passwordEdit->selectedText(), wrong);
    QTRY_VERIFY(passwordEdit->hasFocus());
    // Nothing kept: not for the session, not in the keychain.
    QVERIFY(!m_credentials->sessionCredentials(host));
    QVERIFY(m_credentials->keychainUser(host).isEmpty());
    QVERIFY(m_settings->allKeys().isEmpty());
    QVERIFY(noSecretIn(ViewText::visibleTexts(&dialog)));

    // Typing the right one over it signs in.
    passwordEdit->setText(right.password);
    QVERIFY(dialog.errorText().isEmpty() || !dialog.isBusy());
    QTest::keyClick(passwordEdit, Qt::Key_Return);
    QVERIFY(accepted.wait(NoHang) || !accepted.isEmpty());
    QCOMPARE(m_credentials->sessionCredentials(host)->username, right.username);
}

void TestSignIn::deadPort()
{
    const QString host = ViewText::closedHostPort();
    SignInDialog dialog(m_credentials.get(), host, m_pool->transportOptions(host));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy failed(&dialog, &SignInDialog::failed);
    const Credentials right = credentialsOf(QStringLiteral("htpasswd"));
    fillIn(&dialog, right.username, right.password);
    QVERIFY(failed.wait(NoHang) || !failed.isEmpty());
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.errorText().contains(u"network"), qPrintable(dialog.errorText()));
    QVERIFY(!m_credentials->sessionCredentials(host));
    QVERIFY(noSecretIn(ViewText::visibleTexts(&dialog)));
}

void TestSignIn::refusedThenSignInResumes_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addRow("htpasswd") << QStringLiteral("htpasswd");
    QTest::addRow("token") << QStringLiteral("token");
}

void TestSignIn::refusedThenSignInResumes()
{
    QFETCH(QString, mode);
    const QString host = Harness::hostPort(mode);
    const Credentials right = credentialsOf(mode);
    const Protected target = protectedOf(mode);
    auto window = newWindow(host);
    QAbstractItemModelTester registryTester(window->registryPane()->model(),
                                            QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester repositoryTester(
        window->repositoryPane()->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester tagTester(window->tagPane()->model(),
                                       QAbstractItemModelTester::FailureReportingMode::Fatal);

    // Anonymous: the catalog is not listed and the protected repository's tags are refused.
    window->openPlace(Place{host, target.repository, {}, {}, {}});
    auto *tagBanner = window->tagPane()->findChild<ErrorBanner *>();
    QVERIFY(tagBanner);
    QTRY_VERIFY_WITH_TIMEOUT(tagBanner->isVisible(), NoHang);
    QVERIFY2(tagBanner->offersSignIn(), qPrintable(tagBanner->text()));
    auto *signInButton = tagBanner->findChild<QPushButton *>(QStringLiteral("signInButton"));
    QVERIFY(signInButton && signInButton->isVisible());
    QCOMPARE(window->tagPane()->model()->rowCount(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(
        window->repositoryPane()->model()->state() != RepositoryModel::State::Loading, NoHang);
    QCOMPARE(window->repositoryPane()->model()->rowCount(), 0);

    // Sign in right there.
    signInButton->click();
    auto *dialog = window->findChild<SignInDialog *>(QStringLiteral("signInDialog"));
    QVERIFY(dialog);
    QCOMPARE(dialog->registry(), host);
    QTRY_VERIFY(dialog->isVisible());
    QPointer<SignInDialog> open = dialog;
    fillIn(dialog, right.username, right.password);
    QTRY_VERIFY_WITH_TIMEOUT(!open, NoHang);

    // The work resumes without another click: the tags, and the catalog.
    QTRY_VERIFY_WITH_TIMEOUT(window->tagPane()->model()->rowCount() > 0, NoHang);
    QVERIFY2(rows(*window->tagPane()->model()).contains(target.tag),
             qPrintable(rows(*window->tagPane()->model()).join(u',')));
    QVERIFY(!tagBanner->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(rows(*window->repositoryPane()->model()).contains(target.repository),
                             NoHang);

    // The sidebar: who, and from where.
    const QModelIndex row = window->registryPane()->model()->indexOfHost(host);
    const QString expected = QStringLiteral("Signed in as %1 · this session").arg(right.username);
    QTRY_COMPARE_WITH_TIMEOUT(row.data(RegistryListModel::StateTextRole).toString(), expected,
                              NoHang);
    QCOMPARE(row.data(RegistryListModel::SignedInUserRole).toString(), right.username);
    QCOMPARE(row.data(RegistryListModel::CredentialSourceRole).value<CredentialSource>(),
             CredentialSource::Session);
    QVERIFY(RegistryDelegate::detailText(row).contains(right.username
                                                       + QStringLiteral(" · this session")));

    // The image opens as well.
    QSignalSpy loaded(window->imagePane(), &ImagePane::loaded);
    window->openPlace(Place{host, target.repository, target.tag, {}, {}});
    QVERIFY(loaded.wait(NoHang) || !loaded.isEmpty());

    // Sign out: the next request is refused again, and offers to sign in again.
    QSignalSpy signedOut(window->registryPane(), &RegistryPane::signedOut);
    window->registryPane()->signOut(host);
    QVERIFY(signedOut.wait(NoHang) || !signedOut.isEmpty());
    QVERIFY(!window->credentialStore()->sessionCredentials(host));
    QTRY_COMPARE_WITH_TIMEOUT(
        row.data(RegistryListModel::CredentialSourceRole).value<CredentialSource>(),
        CredentialSource::Anonymous, NoHang);
    // Nothing of docker's holds a login here: nothing to say.
    QVERIFY(window->registryPane()->noticeText().isEmpty());
    window->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(tagBanner->isVisible(), NoHang);
    QVERIFY2(tagBanner->offersSignIn(), qPrintable(tagBanner->text()));
    QCOMPARE(window->tagPane()->model()->rowCount(), 0);

    QVERIFY(noSecretIn(ViewText::visibleTexts(window.get())));
}

QTEST_MAIN(TestSignIn)
#include "tst_signin.moc"
