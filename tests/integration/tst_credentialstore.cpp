// The order of credential sources, through the store the window and layerscope-cli share:
// session, system keychain (a real Secret Service: tests/support/with-keyring.sh), docker's
// and podman's files, anonymous. Sign-in is checked against the harness's htpasswd registry.

#include "services/credentialstore.h"
#include "services/keychain.h"

#include "harness.h"
#include "operationwait.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Layerscope;

namespace {

Credentials registryCredentials()
{
    return {Harness::username(QStringLiteral("htpasswd")),
            Harness::password(QStringLiteral("htpasswd"))};
}

QString host()
{
    return Harness::hostPort(QStringLiteral("htpasswd"));
}

} // namespace

class TestCredentialStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void anonymousWhenNothingIsKnown();
    void dockerConfigIsFound();
    void wrongPasswordKeepsNothing();
    void sessionOnly();
    void keychainWinsOverDockerConfig();
    void signOutLeavesDockerConfigUnusedThisSession();
    void entryRemovedBehindLayerscopesBack();
    void registryKeys_data();
    void registryKeys();

private:
    FoundCredentials lookup(QStringList *problems = nullptr);
    void writeDockerConfig(const Credentials &credentials);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<CredentialStore> m_store;
};

void TestCredentialStore::initTestCase()
{
    QVERIFY(Harness::available());
    QVERIFY2(!qEnvironmentVariableIsEmpty("LAYERSCOPE_TEST_HOME"),
             "run through tests/support/with-keyring.sh");
}

void TestCredentialStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")),
                                             QSettings::IniFormat);
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("HOME"), m_dir->path());
    environment.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    m_store = std::make_unique<CredentialStore>(
        m_settings.get(), CredentialEnvironment::fromEnvironment(environment));
}

void TestCredentialStore::cleanup()
{
    // Leave the keychain as found.
    if (m_store && !m_store->keychainUser(host()).isEmpty()) {
        std::unique_ptr<SignOutOperation> signOut(m_store->signOut(host(), nullptr));
        QVERIFY(waitForFinished(signOut.get()));
    }
    m_store.reset();
    m_settings.reset();
    m_dir.reset();
}

FoundCredentials TestCredentialStore::lookup(QStringList *problems)
{
    std::unique_ptr<CredentialLookup> lookup(m_store->lookup(host(), nullptr));
    if (!waitForFinished(lookup.get()) || !lookup->succeeded())
        return {};
    if (problems)
        *problems = lookup->problems();
    return lookup->found();
}

void TestCredentialStore::writeDockerConfig(const Credentials &credentials)
{
    QDir(m_dir->path()).mkpath(QStringLiteral(".docker"));
    QFile file(m_dir->filePath(QStringLiteral(".docker/config.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray auth = (credentials.username + u':' + credentials.password).toUtf8();
    file.write(
        QJsonDocument(
            QJsonObject{{QStringLiteral("auths"),
                         QJsonObject{{host(),
                                      QJsonObject{{QStringLiteral("auth"),
                                                   QString::fromLatin1(auth.toBase64())}}}}}})
            .toJson());
}

void TestCredentialStore::anonymousWhenNothingIsKnown()
{
    QStringList problems;
    const FoundCredentials found = lookup(&problems);
    QVERIFY(found.isAnonymous());
    QVERIFY(found.credentials.isEmpty());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TestCredentialStore::dockerConfigIsFound()
{
    writeDockerConfig({QStringLiteral("docker-user"), QStringLiteral("docker-secret")});
    const FoundCredentials found = lookup();
    QCOMPARE(found.source, CredentialSource::DockerConfig);
    QCOMPARE(found.credentials.username, QStringLiteral("docker-user"));
    QCOMPARE(found.origin, m_dir->filePath(QStringLiteral(".docker/config.json")));
}

void TestCredentialStore::wrongPasswordKeepsNothing()
{
    QSignalSpy changed(m_store.get(), &CredentialStore::changed);
    const Credentials wrong{registryCredentials().username, QStringLiteral("Wr0ng-password")};
    std::unique_ptr<SignInOperation> signIn(m_store->signIn(host(), wrong, true, {}, nullptr));
    QVERIFY(waitForFinished(signIn.get()));
    QCOMPARE(signIn->error().category(), RegistryError::Category::Unauthorized);
    QVERIFY(!signIn->error().toString().contains(wrong.password));
    QVERIFY(!m_store->sessionCredentials(host()));
    QVERIFY(m_store->keychainUser(host()).isEmpty());
    QCOMPARE(changed.count(), 0);
    std::unique_ptr<KeychainOperation> read(Keychain::read(host(), wrong.username, nullptr));
    QVERIFY(waitForFinished(read.get()));
    QCOMPARE(read->outcome(), KeychainOperation::Outcome::NotFound);
}

void TestCredentialStore::sessionOnly()
{
    writeDockerConfig({QStringLiteral("docker-user"), QStringLiteral("docker-secret")});
    QSignalSpy changed(m_store.get(), &CredentialStore::changed);
    std::unique_ptr<SignInOperation> signIn(
        m_store->signIn(host(), registryCredentials(), false, {}, nullptr));
    QVERIFY(waitForFinished(signIn.get()));
    QVERIFY2(signIn->succeeded(), qPrintable(signIn->error().toString()));
    QVERIFY(signIn->checked());
    QVERIFY(!signIn->remembered());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), host());

    const FoundCredentials found = lookup();
    QCOMPARE(found.source, CredentialSource::Session);
    QCOMPARE(found.credentials, registryCredentials());
    QVERIFY(m_store->keychainUser(host()).isEmpty());

    // A new store (a new process) knows nothing of the session.
    CredentialStore next(m_settings.get(), m_store->environment());
    std::unique_ptr<CredentialLookup> again(next.lookup(host(), nullptr));
    QVERIFY(waitForFinished(again.get()));
    QCOMPARE(again->found().source, CredentialSource::DockerConfig);
}

void TestCredentialStore::keychainWinsOverDockerConfig()
{
    writeDockerConfig({QStringLiteral("docker-user"), QStringLiteral("docker-secret")});
    std::unique_ptr<SignInOperation> signIn(
        m_store->signIn(host(), registryCredentials(), true, {}, nullptr));
    QVERIFY(waitForFinished(signIn.get()));
    QVERIFY2(signIn->succeeded(), qPrintable(signIn->error().toString()));
    QVERIFY2(signIn->remembered(), qPrintable(signIn->keychainProblem()));
    QCOMPARE(m_store->keychainUser(host()), registryCredentials().username);

    // A new store reads the keychain; the settings hold the user name, never the password.
    CredentialStore next(m_settings.get(), m_store->environment());
    std::unique_ptr<CredentialLookup> lookup(next.lookup(host(), nullptr));
    QVERIFY(waitForFinished(lookup.get()));
    QCOMPARE(lookup->found().source, CredentialSource::Keychain);
    QCOMPARE(lookup->found().credentials, registryCredentials());
    m_settings->sync();
    QFile settings(m_settings->fileName());
    QVERIFY(settings.open(QIODevice::ReadOnly));
    const QByteArray bytes = settings.readAll();
    QVERIFY(bytes.contains(registryCredentials().username.toUtf8()));
    QVERIFY(!bytes.contains(registryCredentials().password.toUtf8()));
}

void TestCredentialStore::signOutLeavesDockerConfigUnusedThisSession()
{
    writeDockerConfig({QStringLiteral("docker-user"), QStringLiteral("docker-secret")});
    const QByteArray config = [&] {
        QFile file(m_dir->filePath(QStringLiteral(".docker/config.json")));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    std::unique_ptr<SignInOperation> signIn(
        m_store->signIn(host(), registryCredentials(), true, {}, nullptr));
    QVERIFY(waitForFinished(signIn.get()));
    QVERIFY(signIn->remembered());

    std::unique_ptr<SignOutOperation> signOut(m_store->signOut(host(), nullptr));
    QVERIFY(waitForFinished(signOut.get()));
    QVERIFY2(signOut->succeeded(), qPrintable(signOut->error().toString()));
    QVERIFY(signOut->removedFromKeychain());
    QCOMPARE(signOut->stillElsewhere().source, CredentialSource::DockerConfig);
    QVERIFY(signOut->stillElsewhere().credentials.password.isEmpty());
    QVERIFY(m_store->keychainUser(host()).isEmpty());
    std::unique_ptr<KeychainOperation> read(
        Keychain::read(host(), registryCredentials().username, nullptr));
    QVERIFY(waitForFinished(read.get()));
    QCOMPARE(read->outcome(), KeychainOperation::Outcome::NotFound);

    // This session goes anonymous; docker's file is untouched and used again next time.
    QVERIFY(lookup().isAnonymous());
    QFile file(m_dir->filePath(QStringLiteral(".docker/config.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), config);
    CredentialStore next(m_settings.get(), m_store->environment());
    std::unique_ptr<CredentialLookup> again(next.lookup(host(), nullptr));
    QVERIFY(waitForFinished(again.get()));
    QCOMPARE(again->found().source, CredentialSource::DockerConfig);

    // Signing in again in this session takes over from the sign-out.
    signIn.reset(m_store->signIn(host(), registryCredentials(), false, {}, nullptr));
    QVERIFY(waitForFinished(signIn.get()));
    QCOMPARE(lookup().source, CredentialSource::Session);
}

void TestCredentialStore::entryRemovedBehindLayerscopesBack()
{
    // The keychain entry deleted by another program (seahorse, secret-tool): said, and the
    // next source is used.
    writeDockerConfig({QStringLiteral("docker-user"), QStringLiteral("docker-secret")});
    std::unique_ptr<SignInOperation> signIn(
        m_store->signIn(host(), registryCredentials(), true, {}, nullptr));
    QVERIFY(waitForFinished(signIn.get()));
    QVERIFY(signIn->remembered());
    std::unique_ptr<KeychainOperation> remove(
        Keychain::remove(host(), registryCredentials().username, nullptr));
    QVERIFY(waitForFinished(remove.get()));

    CredentialStore next(m_settings.get(), m_store->environment());
    std::unique_ptr<CredentialLookup> lookup(next.lookup(host(), nullptr));
    QVERIFY(waitForFinished(lookup.get()));
    QCOMPARE(lookup->found().source, CredentialSource::DockerConfig);
    QCOMPARE(lookup->problems().size(), 1);
    QVERIFY2(lookup->problems().constFirst().contains(u"no longer holds"),
             qPrintable(lookup->problems().constFirst()));
}

void TestCredentialStore::registryKeys_data()
{
    QTest::addColumn<QString>("registry");
    QTest::addColumn<QString>("key");
    QTest::addRow("docker.io") << QStringLiteral("docker.io") << QStringLiteral("docker.io");
    QTest::addRow("index.docker.io")
        << QStringLiteral("index.docker.io") << QStringLiteral("docker.io");
    QTest::addRow("registry-1.docker.io")
        << QStringLiteral("registry-1.docker.io") << QStringLiteral("docker.io");
    QTest::addRow("upper case") << QStringLiteral("GHCR.io") << QStringLiteral("ghcr.io");
    QTest::addRow("port") << QStringLiteral("127.0.0.1:5000") << QStringLiteral("127.0.0.1:5000");
}

void TestCredentialStore::registryKeys()
{
    QFETCH(QString, registry);
    QFETCH(QString, key);
    QCOMPARE(CredentialStore::registryKey(registry), key);
}

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
