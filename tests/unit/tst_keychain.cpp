#include "services/keychain.h"

#include "operationwait.h"
#include "secretscan.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDirIterator>
#include <QFile>
#include <QLoggingCategory>
#include <QPointer>
#include <QProcess>
#include <QStringList>
#include <QTest>

#include <memory>

using namespace Layerscope;
using Category = RegistryError::Category;
using Outcome = KeychainOperation::Outcome;

namespace {

// Every message logged while the test runs, to prove that no secret is ever logged.
QStringList &loggedMessages()
{
    static QStringList messages;
    return messages;
}

QtMessageHandler previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    loggedMessages().append(message);
    previousHandler(type, context, message);
}

QString session()
{
    return qEnvironmentVariable("LAYERSCOPE_KEYRING_SESSION");
}

QString testHome()
{
    return qEnvironmentVariable("LAYERSCOPE_TEST_HOME");
}

struct ToolResult
{
    int exitCode = -1;
    QByteArray output;
};

// secret-tool, the independent peer: libsecret's own command line client.
// secret-tool search writes the attributes to stderr: \a merged reads both channels.
ToolResult secretTool(const QStringList &arguments, const QByteArray &input = {},
                      bool merged = false)
{
    QProcess process;
    process.setProcessChannelMode(merged ? QProcess::MergedChannels : QProcess::SeparateChannels);
    process.start(QStringLiteral("secret-tool"), arguments);
    if (!process.waitForStarted(10000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput()};
}

// The attributes QtKeychain's Secret Service backend stores an entry under (libsecret.cpp:
// schema "org.qt.keychain", attributes user = key, server = service, type = plaintext).
QStringList entryAttributes(const QString &registry, const QString &username)
{
    return {QStringLiteral("user"),   Keychain::key(registry, username),
            QStringLiteral("server"), Keychain::serviceName(),
            QStringLiteral("type"),   QStringLiteral("plaintext")};
}

ToolResult peerLookup(const QString &registry, const QString &username)
{
    return secretTool(QStringList{QStringLiteral("lookup")} + entryAttributes(registry, username));
}

// Files under \a root that contain \a secret, as UTF-8 or UTF-16.
QStringList filesContaining(const QString &root, const QString &secret)
{
    return SecretScan::filesHolding(root, SecretScan::encodingsOf(secret));
}

QStringList allFiles(const QString &root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    return files;
}

// Runs a keychain request to its end and hands it back; the test owns it.
std::unique_ptr<KeychainOperation> runToEnd(KeychainOperation *operation)
{
    std::unique_ptr<KeychainOperation> owned(operation);
    if (!waitForFinished(operation, 90000))
        qWarning("keychain request did not finish");
    return owned;
}

// Why the current test cannot run in this session, or nullptr when it can.
const char *keyringSkipReason()
{
    if (session() != QLatin1StringView("keyring"))
        return "needs a Secret Service: run through tests/support/with-keyring.sh";
    // Locking the keyring cannot be undone without a prompter, so that test runs alone.
    const bool lockedRun = qEnvironmentVariableIsSet("LAYERSCOPE_KEYCHAIN_TEST_LOCKED");
    const bool lockingTest = QTest::currentTestFunction() == QByteArrayView("lockedKeyring");
    if (lockingTest && !lockedRun)
        return "runs in a session of its own (ctest entry tst_keychain_locked)";
    if (!lockingTest && lockedRun)
        return "this session's keyring is locked";
    return nullptr;
}

} // namespace

#define REQUIRE_KEYRING() \
    do { \
        if (const char *reason = keyringSkipReason()) \
            QSKIP(reason); \
    } while (false)

/// Layerscope's keychain access against a real Secret Service (gnome-keyring-daemon on a
/// private session bus, started by tests/support/with-keyring.sh).
class TestKeychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void keyFormat_data();
    void keyFormat();
    void probe();
    void roundTrip_data();
    void roundTrip();
    void peerSeesWrites_data();
    void peerSeesWrites();
    void readsPeerEntries();
    void registriesAndUsersApart();
    void removeMissing();
    void noPlaintextOnDisk();
    void deleteWhileRunning();
    void cancelWhileRunning();
    void deleteParentWhileRunning();
    void lockedKeyring();
    void unavailable_data();
    void unavailable();

private:
    /// Checks that \a operation's error and every message logged so far hold no secret.
    void checkNoSecretIn(const KeychainOperation &operation);

    QStringList m_secrets;
};

void TestKeychain::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("layerscope.core.keychain=true"));
    previousHandler = qInstallMessageHandler(recordMessage);
}

void TestKeychain::cleanupTestCase()
{
    qInstallMessageHandler(previousHandler);
    for (const QString &secret : std::as_const(m_secrets)) {
        for (const QString &message : std::as_const(loggedMessages()))
            QVERIFY2(!message.contains(secret),
                     qPrintable(QString(message).replace(secret, QStringLiteral("[secret]"))));
    }
    // Jobs whose operation went away finish on their own and delete themselves later.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

void TestKeychain::checkNoSecretIn(const KeychainOperation &operation)
{
    for (const QString &secret : std::as_const(m_secrets)) {
        QVERIFY(!operation.error().message().contains(secret));
        QVERIFY(!operation.error().toString().contains(secret));
        for (const QString &message : std::as_const(loggedMessages()))
            QVERIFY2(!message.contains(secret),
                     qPrintable(QString(message).replace(secret, QStringLiteral("[secret]"))));
    }
}

void TestKeychain::keyFormat_data()
{
    QTest::addColumn<QString>("registry");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("key");
    QTest::addRow("docker hub") << QStringLiteral("docker.io") << QStringLiteral("alice")
                                << QStringLiteral("Layerscope:docker.io:alice");
    QTest::addRow("host and port") << QStringLiteral("127.0.0.1:5000") << QStringLiteral("bob")
                                   << QStringLiteral("Layerscope:127.0.0.1:5000:bob");
    QTest::addRow("e-mail user") << QStringLiteral("ghcr.io") << QStringLiteral("ana@example.org")
                                 << QStringLiteral("Layerscope:ghcr.io:ana@example.org");
}

void TestKeychain::keyFormat()
{
    QFETCH(QString, registry);
    QFETCH(QString, username);
    QFETCH(QString, key);
    QCOMPARE(Keychain::serviceName(), QStringLiteral("Layerscope"));
    QCOMPARE(Keychain::key(registry, username), key);
}

void TestKeychain::probe()
{
    REQUIRE_KEYRING();
    QObject owner;
    KeychainOperation *operation = Keychain::probe(&owner);
    QVERIFY(!operation->isFinished());
    QCOMPARE(operation->outcome(), Outcome::Pending);
    QVERIFY(waitForFinished(operation));
    QCOMPARE(operation->outcome(), Outcome::NotFound);
    QCOMPARE(operation->error().category(), Category::NotFound);
    QVERIFY(operation->secret().isEmpty());
}

void TestKeychain::roundTrip_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::addRow("plain") << QStringLiteral("hunter2-plain") << QStringLiteral("hunter3-plain");
    QTest::addRow("unicode") << QStringLiteral("pässwörd-密码-🔑") << QStringLiteral("ünïcødé-鍵");
    QString token;
    for (int i = 0; token.size() < 4096; ++i)
        token += QString::number(i * 7919, 36);
    token.truncate(4096);
    QTest::addRow("4 KiB token") << token << token.sliced(1) + u'x';
    QTest::addRow("colon and newline")
        << QStringLiteral("user:pass:word\nsecond line") << QStringLiteral("a:b\r\n:c\n");
}

void TestKeychain::roundTrip()
{
    REQUIRE_KEYRING();
    QFETCH(QString, first);
    QFETCH(QString, second);
    m_secrets << first << second;
    const QString registry = QStringLiteral("roundtrip.example");
    const QString username = QString::fromUtf8(QTest::currentDataTag());

    auto write = runToEnd(Keychain::write(registry, username, first, nullptr));
    QCOMPARE(write->outcome(), Outcome::Done);
    QVERIFY(write->succeeded());
    QVERIFY(write->secret().isEmpty());

    auto read = runToEnd(Keychain::read(registry, username, nullptr));
    QCOMPARE(read->outcome(), Outcome::Done);
    QVERIFY(read->succeeded());
    QCOMPARE(read->secret(), first);

    auto overwrite = runToEnd(Keychain::write(registry, username, second, nullptr));
    QCOMPARE(overwrite->outcome(), Outcome::Done);
    auto reread = runToEnd(Keychain::read(registry, username, nullptr));
    QCOMPARE(reread->outcome(), Outcome::Done);
    QCOMPARE(reread->secret(), second);

    auto remove = runToEnd(Keychain::remove(registry, username, nullptr));
    QCOMPARE(remove->outcome(), Outcome::Done);
    QVERIFY(remove->succeeded());

    auto gone = runToEnd(Keychain::read(registry, username, nullptr));
    QCOMPARE(gone->outcome(), Outcome::NotFound);
    QCOMPARE(gone->error().category(), Category::NotFound);
    QVERIFY(gone->secret().isEmpty());
    QVERIFY(gone->error().message().contains(registry));
    QVERIFY(gone->error().message().contains(username));
    checkNoSecretIn(*gone);
    checkNoSecretIn(*reread);
}

void TestKeychain::peerSeesWrites_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addRow("plain") << QStringLiteral("peer-plain-secret");
    QTest::addRow("unicode") << QStringLiteral("peer-ünïcødé-秘密");
    QTest::addRow("colon and newline") << QStringLiteral("peer:colon\nnewline");
}

void TestKeychain::peerSeesWrites()
{
    REQUIRE_KEYRING();
    QFETCH(QString, secret);
    m_secrets << secret;
    const QString registry = QStringLiteral("peer.example:5000");
    const QString username = QString::fromUtf8(QTest::currentDataTag());

    auto write = runToEnd(Keychain::write(registry, username, secret, nullptr));
    QCOMPARE(write->outcome(), Outcome::Done);
    const ToolResult lookup = peerLookup(registry, username);
    QCOMPARE(lookup.exitCode, 0);
    QCOMPARE(QString::fromUtf8(lookup.output), secret);

    // The entry is labelled and keyed as documented, where any Secret Service tool shows it.
    const ToolResult search
        = secretTool({QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("user"),
                      Keychain::key(registry, username)},
                     {}, true);
    QCOMPARE(search.exitCode, 0);
    // The listing holds the secret too; only its other lines are compared and shown.
    QStringList described;
    for (const QString &line : QString::fromUtf8(search.output).split(u'\n')) {
        if (!line.startsWith(QLatin1StringView("secret = ")) && !line.isEmpty())
            described.append(line);
    }
    const QString listing = described.join(u'\n');
    QVERIFY2(!listing.contains(secret), "the listing's secret line was not recognised");
    for (const QString &expected :
         {QStringLiteral("label = Layerscope"), QStringLiteral("schema = org.qt.keychain"),
          QStringLiteral("attribute.server = Layerscope"),
          QStringLiteral("attribute.type = plaintext"),
          QStringLiteral("attribute.user = Layerscope:peer.example:5000:") + username}) {
        QVERIFY2(described.contains(expected), qPrintable(listing));
    }

    auto remove = runToEnd(Keychain::remove(registry, username, nullptr));
    QCOMPARE(remove->outcome(), Outcome::Done);
    const ToolResult after = peerLookup(registry, username);
    QVERIFY(after.output.isEmpty());
    QCOMPARE(after.exitCode, 1);
}

void TestKeychain::readsPeerEntries()
{
    REQUIRE_KEYRING();
    const QString secret = QStringLiteral("stored-by-secret-tool:ü\n");
    m_secrets << secret;
    const QString registry = QStringLiteral("handmade.example");
    const QString username = QStringLiteral("carol");
    const ToolResult store
        = secretTool(QStringList{QStringLiteral("store"), QStringLiteral("--label=Layerscope")}
                         + entryAttributes(registry, username),
                     secret.toUtf8());
    QCOMPARE(store.exitCode, 0);

    auto read = runToEnd(Keychain::read(registry, username, nullptr));
    QCOMPARE(read->outcome(), Outcome::Done);
    QCOMPARE(read->secret(), secret);

    auto remove = runToEnd(Keychain::remove(registry, username, nullptr));
    QCOMPARE(remove->outcome(), Outcome::Done);
    QCOMPARE(peerLookup(registry, username).exitCode, 1);
}

void TestKeychain::registriesAndUsersApart()
{
    REQUIRE_KEYRING();
    const QStringList registries{QStringLiteral("one.example"), QStringLiteral("two.example")};
    const QStringList users{QStringLiteral("dave"), QStringLiteral("erin")};
    const auto secretOf = [](const QString &registry, const QString &user) {
        return QStringLiteral("apart-%1-%2").arg(registry, user);
    };
    for (const QString &registry : registries) {
        for (const QString &user : users) {
            m_secrets << secretOf(registry, user);
            auto write
                = runToEnd(Keychain::write(registry, user, secretOf(registry, user), nullptr));
            QCOMPARE(write->outcome(), Outcome::Done);
        }
    }
    for (const QString &registry : registries) {
        for (const QString &user : users) {
            auto read = runToEnd(Keychain::read(registry, user, nullptr));
            QCOMPARE(read->outcome(), Outcome::Done);
            QCOMPARE(read->secret(), secretOf(registry, user));
        }
    }
    // Removing one entry leaves the other three.
    auto remove = runToEnd(Keychain::remove(registries[0], users[0], nullptr));
    QCOMPARE(remove->outcome(), Outcome::Done);
    auto gone = runToEnd(Keychain::read(registries[0], users[0], nullptr));
    QCOMPARE(gone->outcome(), Outcome::NotFound);
    for (const auto &[registry, user] :
         {std::pair{registries[0], users[1]}, std::pair{registries[1], users[0]},
          std::pair{registries[1], users[1]}}) {
        auto read = runToEnd(Keychain::read(registry, user, nullptr));
        QCOMPARE(read->outcome(), Outcome::Done);
        QCOMPARE(read->secret(), secretOf(registry, user));
        QCOMPARE(peerLookup(registry, user).output, secretOf(registry, user).toUtf8());
    }
    // A user of one registry is no user of another.
    auto other = runToEnd(Keychain::read(QStringLiteral("three.example"), users[1], nullptr));
    QCOMPARE(other->outcome(), Outcome::NotFound);
}

void TestKeychain::removeMissing()
{
    REQUIRE_KEYRING();
    // The Secret Service does not say whether a removal found anything: QtKeychain reports
    // success. Either way the entry is not there afterwards.
    auto remove = runToEnd(
        Keychain::remove(QStringLiteral("never.example"), QStringLiteral("nobody"), nullptr));
    QVERIFY2(remove->outcome() == Outcome::Done || remove->outcome() == Outcome::NotFound,
             qPrintable(remove->error().toString()));
    auto read = runToEnd(
        Keychain::read(QStringLiteral("never.example"), QStringLiteral("nobody"), nullptr));
    QCOMPARE(read->outcome(), Outcome::NotFound);
    QCOMPARE(read->error().category(), Category::NotFound);
    QVERIFY(read->error().message().contains(QStringLiteral("\"nobody\" for never.example")));
}

void TestKeychain::noPlaintextOnDisk()
{
    REQUIRE_KEYRING();
    const QString home = testHome();
    QVERIFY(!home.isEmpty());
    // Entries kept while the home is scanned, next to those written and removed earlier.
    const QStringList kept{QStringLiteral("kept-secret-on-disk-1"),
                           QStringLiteral("kept-sëcret-on-disk-2")};
    m_secrets << kept;
    for (qsizetype i = 0; i < kept.size(); ++i) {
        auto write = runToEnd(Keychain::write(QStringLiteral("disk.example"),
                                              QStringLiteral("user%1").arg(i), kept[i], nullptr));
        QCOMPARE(write->outcome(), Outcome::Done);
    }
    const QStringList files = allFiles(home);
    QVERIFY2(files.contains(home + QStringLiteral("/.local/share/keyrings/login.keyring")),
             qPrintable(files.join(u' ')));
    for (const QString &secret : std::as_const(m_secrets)) {
        const QStringList holding = filesContaining(home, secret);
        QVERIFY2(holding.isEmpty(), qPrintable(holding.join(u' ')));
    }
    // QtKeychain's plaintext fallback would write a QSettings file named after the service.
    for (const QString &file : files)
        QVERIFY2(!file.contains(Keychain::serviceName()), qPrintable(file));
}

void TestKeychain::deleteWhileRunning()
{
    REQUIRE_KEYRING();
    const QString secret = QStringLiteral("deleted-while-running");
    m_secrets << secret;
    // One deleted while its request is with the keychain, …
    KeychainOperation *running
        = Keychain::read(QStringLiteral("delete.example"), QStringLiteral("frank"), nullptr);
    QTest::qWait(5);
    delete running;
    // … and some deleted at once, their requests still queued.
    for (int i = 0; i < 3; ++i) {
        delete Keychain::write(QStringLiteral("delete.example"), QStringLiteral("frank"), secret,
                               nullptr);
        delete Keychain::read(QStringLiteral("delete.example"), QStringLiteral("frank"), nullptr);
        delete Keychain::probe(nullptr);
    }
    // QtKeychain runs one job at a time, so this one finishes after all those above.
    auto last = runToEnd(
        Keychain::read(QStringLiteral("delete.example"), QStringLiteral("frank"), nullptr));
    QCOMPARE(last->outcome(), Outcome::Done);
    QCOMPARE(last->secret(), secret);
    auto remove = runToEnd(
        Keychain::remove(QStringLiteral("delete.example"), QStringLiteral("frank"), nullptr));
    QCOMPARE(remove->outcome(), Outcome::Done);
    QTest::qWait(0);
}

void TestKeychain::cancelWhileRunning()
{
    REQUIRE_KEYRING();
    const QString secret = QStringLiteral("cancelled-write");
    m_secrets << secret;
    QObject owner;
    KeychainOperation *write
        = Keychain::write(QStringLiteral("cancel.example"), QStringLiteral("gina"), secret, &owner);
    QSignalSpy spy(write, &Operation::finished);
    write->cancel();
    QVERIFY(spy.wait(10000));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(write->error().category(), Category::Cancelled);
    QCOMPARE(write->outcome(), Outcome::Pending);
    // The keychain's own answer comes later and changes nothing.
    auto probe = runToEnd(Keychain::probe(nullptr));
    QCOMPARE(probe->outcome(), Outcome::NotFound);
    QTest::qWait(0);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(write->outcome(), Outcome::Pending);
    QCOMPARE(write->error().category(), Category::Cancelled);
    // A cancel only stops listening: the write itself may or may not have been carried out.
    auto cleanup = runToEnd(
        Keychain::remove(QStringLiteral("cancel.example"), QStringLiteral("gina"), nullptr));
    QCOMPARE(cleanup->outcome(), Outcome::Done);
}

void TestKeychain::deleteParentWhileRunning()
{
    REQUIRE_KEYRING();
    auto owner = std::make_unique<QObject>();
    QPointer<KeychainOperation> read
        = Keychain::read(QStringLiteral("parent.example"), QStringLiteral("hal"), owner.get());
    bool emitted = false;
    connect(read, &Operation::finished, this, [&emitted] { emitted = true; });
    owner.reset();
    QVERIFY(read.isNull());
    auto probe = runToEnd(Keychain::probe(nullptr));
    QCOMPARE(probe->outcome(), Outcome::NotFound);
    QTest::qWait(0);
    QVERIFY(!emitted);
}

void TestKeychain::lockedKeyring()
{
    REQUIRE_KEYRING();
    const QString secret = QStringLiteral("behind-a-locked-keyring");
    m_secrets << secret;
    auto write = runToEnd(
        Keychain::write(QStringLiteral("locked.example"), QStringLiteral("ida"), secret, nullptr));
    QCOMPARE(write->outcome(), Outcome::Done);

    // Lock the login keyring as a screen locker would. The bus of with-keyring.sh activates no
    // prompter, so nobody can unlock it again.
    QDBusMessage lock = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("Lock"));
    lock << QVariant::fromValue(QList<QDBusObjectPath>{
        QDBusObjectPath(QStringLiteral("/org/freedesktop/secrets/collection/login"))});
    const QDBusMessage reply = QDBusConnection::sessionBus().call(lock);
    QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
    QCOMPARE(secretTool(QStringList{QStringLiteral("lookup")}
                        + entryAttributes(QStringLiteral("locked.example"), QStringLiteral("ida")))
                 .output,
             QByteArray());

    auto read = runToEnd(
        Keychain::read(QStringLiteral("locked.example"), QStringLiteral("ida"), nullptr));
    QVERIFY(read->isFinished());
    qInfo() << "read of a locked keyring:" << read->outcome() << read->error().toString();
    QVERIFY(read->secret().isEmpty());
    QVERIFY(read->outcome() != Outcome::Done);
    checkNoSecretIn(*read);

    auto write2 = runToEnd(Keychain::write(QStringLiteral("locked.example"), QStringLiteral("ida"),
                                           QStringLiteral("written-while-locked"), nullptr));
    m_secrets << QStringLiteral("written-while-locked");
    QVERIFY(write2->isFinished());
    qInfo() << "write to a locked keyring:" << write2->outcome() << write2->error().toString();
}

void TestKeychain::unavailable_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addRow("password") << QStringLiteral("never-stored-anywhere");
}

void TestKeychain::unavailable()
{
    if (session() != QLatin1StringView("bus-only") && session() != QLatin1StringView("no-bus"))
        QSKIP("needs a session without a keychain (tst_keychain_no_keychain, tst_keychain_no_bus)");
    QFETCH(QString, secret);
    m_secrets << secret;
    const QString home = testHome();
    QVERIFY(!home.isEmpty());
    const QStringList before = allFiles(home);

    auto probe = runToEnd(Keychain::probe(nullptr));
    QVERIFY(probe->isFinished());
    QCOMPARE(probe->outcome(), Outcome::Unavailable);
    QCOMPARE(probe->error().category(), Category::Keychain);
    QVERIFY2(probe->error().message().contains(QStringLiteral("no system keychain")),
             qPrintable(probe->error().message()));

    auto write = runToEnd(Keychain::write(QStringLiteral("unavailable.example"),
                                          QStringLiteral("jo"), secret, nullptr));
    QCOMPARE(write->outcome(), Outcome::Unavailable);
    QCOMPARE(write->error().category(), Category::Keychain);
    QVERIFY(write->error().message().contains(QStringLiteral("\"jo\" for unavailable.example")));
    checkNoSecretIn(*write);

    auto read = runToEnd(
        Keychain::read(QStringLiteral("unavailable.example"), QStringLiteral("jo"), nullptr));
    QCOMPARE(read->outcome(), Outcome::Unavailable);
    QVERIFY(read->secret().isEmpty());

    auto remove = runToEnd(
        Keychain::remove(QStringLiteral("unavailable.example"), QStringLiteral("jo"), nullptr));
    QCOMPARE(remove->outcome(), Outcome::Unavailable);

    // Nothing fell back to a file: no new file, none holding the secret.
    QCOMPARE(allFiles(home), before);
    QVERIFY(filesContaining(home, secret).isEmpty());
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
