// Signing in with layerscope-cli and reusing docker's and podman's logins, as a user does it:
// each step is a new layerscope-cli process, against the harness's htpasswd and token
// registries. The test runs in a temporary HOME with its own session bus and GNOME Keyring
// (tests/support/with-keyring.sh); secret-tool, libsecret's own client, is the independent
// peer that says what the keychain holds.

#include "harness.h"
#include "processrun.h"
#include "secretscan.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace {

constexpr int ProcessTimeoutMs = 120000;

ProcessRun cli(const QStringList &arguments, const QByteArray &input = {},
               const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    return runProcess(QStringLiteral(LAYERSCOPE_CLI), arguments, input, environment,
                      ProcessTimeoutMs);
}

// What the keychain holds for a key, asked through libsecret's own command-line client with
// the attributes QtKeychain stores (schema org.qt.keychain: server = service, user = key).
QByteArray keychainSecret(const QString &registry, const QString &user)
{
    const ProcessRun lookup = runProcess(QStringLiteral("secret-tool"),
                                         {QStringLiteral("lookup"), QStringLiteral("server"),
                                          QStringLiteral("Layerscope"), QStringLiteral("user"),
                                          QStringLiteral("Layerscope:%1:%2").arg(registry, user)});
    return lookup.succeeded() ? lookup.out : QByteArray();
}

QString home()
{
    return qEnvironmentVariable("LAYERSCOPE_TEST_HOME");
}

// Every file under the test HOME that holds \a secret.
QStringList filesContaining(const QByteArray &secret)
{
    return SecretScan::filesHolding(home(), {secret});
}

struct Registry
{
    QString mode;
    QString host;
    QString user;
    QString password;
    QString repository; // readable only with the credentials
    QStringList tags;
};

Registry registry(const QString &mode)
{
    const QJsonObject fixture = Harness::protectedFixture(mode);
    Registry result{mode,
                    Harness::hostPort(mode),
                    Harness::username(mode),
                    Harness::password(mode),
                    fixture.value(u"repository").toString(),
                    {}};
    for (const QJsonValue &tag : fixture.value(u"tags").toArray())
        result.tags.append(tag.toString());
    return result;
}

// The tags the CLI lists for the protected repository, or the failure.
ProcessRun listTags(const Registry &target,
                    const QProcessEnvironment &environment
                    = QProcessEnvironment::systemEnvironment())
{
    return cli({QStringLiteral("tags"), target.host + u'/' + target.repository}, {}, environment);
}

QStringList lines(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes).split(u'\n', Qt::SkipEmptyParts);
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    file.write(bytes);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray configWith(const QString &key, const QJsonObject &entry)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("auths"), QJsonObject{{key, entry}}}})
        .toJson();
}

QJsonObject basicEntry(const Registry &target)
{
    return {{QStringLiteral("auth"),
             QString::fromLatin1((target.user + u':' + target.password).toUtf8().toBase64())}};
}

} // namespace

class TestLogin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void loginLogout_data();
    void loginLogout();
    void loginTwiceKeepsOneEntry();
    void loginKeptByAnEarlierBuild();
    void dockerConfig_data();
    void dockerConfig();
    void credentialHelper();
    void identityToken();
    void malformedConfigIsSkipped();
    void noKeychain();
    void commandLineCredentialsWin();
    void noPlaintextAnywhere();

private:
    void removeUserFiles();

    QStringList m_secrets; // every password and token the test used, for the final scan
};

void TestLogin::initTestCase()
{
    QVERIFY2(Harness::available(), "LAYERSCOPE_HARNESS does not name a readable harness.json");
    QVERIFY2(!home().isEmpty() && QDir::homePath() == QDir(home()).canonicalPath(),
             "run through tests/support/with-keyring.sh (a temporary HOME with a keyring)");
    for (const QString &mode : {QStringLiteral("htpasswd"), QStringLiteral("token")}) {
        const Registry target = registry(mode);
        QVERIFY2(!target.password.isEmpty() && !target.tags.isEmpty(), qPrintable(mode));
        m_secrets.append(target.password);
    }
}

void TestLogin::init()
{
    removeUserFiles();
}

void TestLogin::removeUserFiles()
{
    QDir(home() + QStringLiteral("/.docker")).removeRecursively();
    QDir(home() + QStringLiteral("/other-docker-config")).removeRecursively();
    QDir(home() + QStringLiteral("/.config/containers")).removeRecursively();
    QDir(qEnvironmentVariable("XDG_RUNTIME_DIR") + QStringLiteral("/containers"))
        .removeRecursively();
}

void TestLogin::loginLogout_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addRow("htpasswd (basic)") << QStringLiteral("htpasswd");
    QTest::addRow("token (bearer)") << QStringLiteral("token");
}

void TestLogin::loginLogout()
{
    QFETCH(QString, mode);
    const Registry target = registry(mode);

    ProcessRun anonymous = listTags(target);
    QVERIFY2(anonymous.finished && anonymous.exitCode == 1,
             qPrintable(anonymous.describe("anonymous")));
    QVERIFY2(anonymous.err.contains("unauthorized"), qPrintable(anonymous.describe("anonymous")));

    // A wrong password is told at once, and nothing is kept.
    const QByteArray wrong = "not-" + target.password.toUtf8();
    ProcessRun refused = cli({QStringLiteral("login"), target.host, QStringLiteral("--username"),
                              target.user, QStringLiteral("--password-stdin")},
                             wrong + '\n');
    QVERIFY2(refused.finished && refused.exitCode == 1, qPrintable(refused.describe("login")));
    QVERIFY2(refused.err.contains("refused"), qPrintable(refused.describe("login")));
    QVERIFY(!refused.err.contains(wrong) && !refused.out.contains(wrong));
    QCOMPARE(keychainSecret(target.host, target.user), QByteArray());
    QVERIFY(filesContaining(wrong).isEmpty());

    ProcessRun login = cli({QStringLiteral("login"), target.host, QStringLiteral("--username"),
                            target.user, QStringLiteral("--password-stdin")},
                           target.password.toUtf8() + '\n');
    QVERIFY2(login.succeeded(), qPrintable(login.describe("login")));
    QVERIFY2(login.out.contains("system keychain"), qPrintable(login.describe("login")));
    QVERIFY(!login.out.contains(target.password.toUtf8()));
    // The peer sees the password where Layerscope says it is.
    QCOMPARE(keychainSecret(target.host, target.user), target.password.toUtf8());

    // A new process browses with the remembered login, and no flags.
    ProcessRun browse = listTags(target);
    QVERIFY2(browse.succeeded(), qPrintable(browse.describe("tags after login")));
    QStringList expected = target.tags;
    expected.sort();
    QStringList listed = lines(browse.out);
    listed.sort();
    QCOMPARE(listed, expected);

    ProcessRun logout = cli({QStringLiteral("logout"), target.host});
    QVERIFY2(logout.succeeded(), qPrintable(logout.describe("logout")));
    QVERIFY2(logout.out.contains("Signed out"), qPrintable(logout.describe("logout")));
    QCOMPARE(keychainSecret(target.host, target.user), QByteArray());

    ProcessRun after = listTags(target);
    QVERIFY2(after.finished && after.exitCode == 1, qPrintable(after.describe("after logout")));
    QVERIFY2(after.err.contains("unauthorized"), qPrintable(after.describe("after logout")));

    // Logging out again is not an error; there is just nothing to remove.
    ProcessRun again = cli({QStringLiteral("logout"), target.host});
    QVERIFY2(again.succeeded() && again.out.contains("Not signed in"),
             qPrintable(again.describe("second logout")));
}

void TestLogin::loginTwiceKeepsOneEntry()
{
    // Signing in again as someone else replaces the first login: one per registry.
    const Registry target = registry(QStringLiteral("htpasswd"));
    ProcessRun first = cli({QStringLiteral("login"), target.host, QStringLiteral("--username"),
                            target.user, QStringLiteral("--password-stdin")},
                           target.password.toUtf8());
    QVERIFY2(first.succeeded(), qPrintable(first.describe("login")));
    ProcessRun overwrite = cli({QStringLiteral("login"), target.host, QStringLiteral("--username"),
                                target.user, QStringLiteral("--password-stdin")},
                               target.password.toUtf8());
    QVERIFY2(overwrite.succeeded(), qPrintable(overwrite.describe("login again")));
    QCOMPARE(keychainSecret(target.host, target.user), target.password.toUtf8());
    ProcessRun logout = cli({QStringLiteral("logout"), target.host});
    QVERIFY2(logout.succeeded(), qPrintable(logout.describe("logout")));
    QCOMPARE(keychainSecret(target.host, target.user), QByteArray());
}

void TestLogin::loginKeptByAnEarlierBuild()
{
    // Earlier builds kept their settings (which user the keychain holds a password for) under
    // ~/.config/Layerscope/. A login made then still works: the settings are carried over.
    const Registry target = registry(QStringLiteral("htpasswd"));
    const QString current
        = home() + QStringLiteral("/.config/io.github.layerscope/Layerscope.conf");
    const QString legacy = home() + QStringLiteral("/.config/Layerscope/Layerscope.conf");
    QFile::remove(current);
    QFile::remove(legacy);
    ProcessRun login = cli({QStringLiteral("login"), target.host, QStringLiteral("--username"),
                            target.user, QStringLiteral("--password-stdin")},
                           target.password.toUtf8());
    QVERIFY2(login.succeeded(), qPrintable(login.describe("login")));
    QVERIFY(QFileInfo::exists(current));
    // Where an earlier build would have written the same login.
    QVERIFY(QDir().mkpath(QFileInfo(legacy).path()));
    QVERIFY(QFile::rename(current, legacy));
    const QByteArray legacyBytes = readFile(legacy);

    ProcessRun browse = listTags(target);
    QVERIFY2(browse.succeeded(), qPrintable(browse.describe("tags with the earlier settings")));
    QCOMPARE(lines(browse.out).size(), target.tags.size());
    QVERIFY(QFileInfo::exists(current));
    QVERIFY2(readFile(current).contains("migratedFrom"), readFile(current).constData());
    QCOMPARE(readFile(legacy), legacyBytes);

    // The control: with neither file, the keychain's password is not found.
    QVERIFY(QFile::remove(current));
    QVERIFY(QFile::remove(legacy));
    ProcessRun anonymous = listTags(target);
    QVERIFY2(anonymous.finished && anonymous.exitCode == 1,
             qPrintable(anonymous.describe("tags without settings")));

    // Signed out again through the settings the login wrote.
    QVERIFY(QDir().mkpath(QFileInfo(current).path()));
    QFile restore(current);
    QVERIFY(restore.open(QIODevice::WriteOnly));
    restore.write(legacyBytes);
    restore.close();
    ProcessRun logout = cli({QStringLiteral("logout"), target.host});
    QVERIFY2(logout.succeeded(), qPrintable(logout.describe("logout")));
    QCOMPARE(keychainSecret(target.host, target.user), QByteArray());
}

void TestLogin::dockerConfig_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("where");
    for (const QString &mode : {QStringLiteral("htpasswd"), QStringLiteral("token")}) {
        for (const QString &where :
             {QStringLiteral("~/.docker/config.json"), QStringLiteral("$DOCKER_CONFIG"),
              QStringLiteral("$XDG_RUNTIME_DIR/containers/auth.json"),
              QStringLiteral("$XDG_CONFIG_HOME/containers/auth.json"),
              QStringLiteral("$REGISTRY_AUTH_FILE")})
            QTest::addRow("%s, %s", qPrintable(mode), qPrintable(where)) << mode << where;
    }
}

void TestLogin::dockerConfig()
{
    QFETCH(QString, mode);
    QFETCH(QString, where);
    const Registry target = registry(mode);
    const QByteArray config = configWith(target.host, basicEntry(target));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QString path;
    if (where == u"~/.docker/config.json") {
        path = home() + QStringLiteral("/.docker/config.json");
    } else if (where == u"$DOCKER_CONFIG") {
        path = home() + QStringLiteral("/other-docker-config/config.json");
        environment.insert(QStringLiteral("DOCKER_CONFIG"), QFileInfo(path).path());
        // What is in the default place is not read when DOCKER_CONFIG points elsewhere.
        writeFile(home() + QStringLiteral("/.docker/config.json"),
                  configWith(target.host,
                             {{QStringLiteral("auth"), QStringLiteral("bm9ib2R5Om5vdGhpbmc=")}}));
    } else if (where == u"$XDG_RUNTIME_DIR/containers/auth.json") {
        path = qEnvironmentVariable("XDG_RUNTIME_DIR") + QStringLiteral("/containers/auth.json");
    } else if (where == u"$XDG_CONFIG_HOME/containers/auth.json") {
        path = qEnvironmentVariable("XDG_CONFIG_HOME") + QStringLiteral("/containers/auth.json");
    } else {
        path = home() + QStringLiteral("/.docker/elsewhere-auth.json");
        environment.insert(QStringLiteral("REGISTRY_AUTH_FILE"), path);
    }
    writeFile(path, config);
    const QDateTime modified = QFileInfo(path).lastModified();

    ProcessRun browse = listTags(target, environment);
    QVERIFY2(browse.succeeded(), qPrintable(browse.describe(QStringLiteral("tags with ") + where)));
    QCOMPARE(lines(browse.out).size(), target.tags.size());

    // Signing out cannot remove the user's file; Layerscope says so and leaves it alone.
    ProcessRun logout = cli({QStringLiteral("logout"), target.host}, {}, environment);
    QVERIFY2(logout.succeeded(), qPrintable(logout.describe("logout")));
    QVERIFY2(logout.out.contains("never changes"), qPrintable(logout.describe("logout")));
    QVERIFY2(logout.out.contains(QFileInfo(path).fileName().toUtf8()),
             qPrintable(logout.describe("logout")));
    QCOMPARE(readFile(path), config);
    QCOMPARE(QFileInfo(path).lastModified(), modified);
}

void TestLogin::credentialHelper()
{
    // A credential helper of the user's, on PATH: docker's protocol, `get` only.
    const Registry target = registry(QStringLiteral("htpasswd"));
    const QString bin = home() + QStringLiteral("/.docker/bin");
    const QString calls = home() + QStringLiteral("/.docker/helper-calls");
    writeFile(
        bin + QStringLiteral("/docker-credential-layerscope-e2e"),
        QStringLiteral("#!/bin/sh\n"
                       "echo \"$@\" >> '%1'\n"
                       "read -r server\n"
                       "if [ \"$1\" = get ] && [ \"$server\" = '%2' ]; then\n"
                       "  printf '{\"ServerURL\":\"%2\",\"Username\":\"%3\",\"Secret\":\"%4\"}'\n"
                       "  exit 0\n"
                       "fi\n"
                       "echo 'credentials not found in native keychain'\n"
                       "exit 1\n")
            .arg(calls, target.host, target.user, target.password)
            .toUtf8());
    QFile::setPermissions(bin + QStringLiteral("/docker-credential-layerscope-e2e"),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QByteArray config
        = QJsonDocument(
              QJsonObject{{QStringLiteral("auths"), QJsonObject{{target.host, QJsonObject{}}}},
                          {QStringLiteral("credHelpers"),
                           QJsonObject{{target.host, QStringLiteral("layerscope-e2e")}}}})
              .toJson();
    writeFile(home() + QStringLiteral("/.docker/config.json"), config);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PATH"),
                       bin + u':' + environment.value(QStringLiteral("PATH")));

    ProcessRun browse = listTags(target, environment);
    QVERIFY2(browse.succeeded(), qPrintable(browse.describe("tags through the helper")));
    QCOMPARE(lines(browse.out).size(), target.tags.size());

    // Another registry: the helper is not named for it, so it is not called.
    ProcessRun other
        = cli({QStringLiteral("tags"),
               Harness::hostPort(QStringLiteral("open")) + QStringLiteral("/fixtures/docker-app")},
              {}, environment);
    QVERIFY2(other.succeeded(), qPrintable(other.describe("open registry")));

    ProcessRun logout = cli({QStringLiteral("logout"), target.host}, {}, environment);
    QVERIFY2(logout.succeeded(), qPrintable(logout.describe("logout")));
    QVERIFY2(logout.out.contains("docker-credential-layerscope-e2e"),
             qPrintable(logout.describe("logout")));
    QCOMPARE(readFile(home() + QStringLiteral("/.docker/config.json")), config);
    // Only ever asked to read: never store, erase or list.
    const QStringList called = lines(readFile(calls));
    QVERIFY(!called.isEmpty());
    for (const QString &call : called)
        QCOMPARE(call, QStringLiteral("get"));
}

void TestLogin::identityToken()
{
    // `docker login` keeps an identity token (an OAuth2 refresh token) for some registries;
    // the token service exchanges it with grant_type=refresh_token.
    const Registry target = registry(QStringLiteral("token"));
    const QJsonObject issuer = Harness::contract().value(u"tokenIssuer").toObject();
    const QString refreshToken = Harness::refreshToken();
    QVERIFY2(!refreshToken.isEmpty(), "the token issuer handed out no refresh token");
    m_secrets.append(refreshToken);

    const QString path = home() + QStringLiteral("/.docker/config.json");
    writeFile(path,
              configWith(target.host,
                         {{QStringLiteral("auth"), QString()},
                          {QStringLiteral("identitytoken"), refreshToken}}));
    QVERIFY(Harness::post(issuer.value(u"controlUrl").toString(), R"({"reset":true})"));
    ProcessRun browse = listTags(target);
    QVERIFY2(browse.succeeded(), qPrintable(browse.describe("tags with an identity token")));
    QCOMPARE(lines(browse.out).size(), target.tags.size());
    const QJsonObject stats = Harness::getJson(issuer.value(u"statsUrl").toString());
    QVERIFY2(QJsonDocument(stats).toJson().contains("refresh_token"),
             QJsonDocument(stats).toJson().constData());

    // A refresh token the issuer does not know is refused, with a clear message.
    writeFile(
        path,
        configWith(target.host,
                   {{QStringLiteral("identitytoken"), QStringLiteral("no-such-refresh-token")}}));
    ProcessRun refused = listTags(target);
    QVERIFY2(refused.finished && refused.exitCode == 1, qPrintable(refused.describe("unknown")));
    QVERIFY(!refused.err.contains("no-such-refresh-token"));
}

void TestLogin::malformedConfigIsSkipped()
{
    // A broken config.json is named, skipped, and the next source still works.
    const Registry target = registry(QStringLiteral("htpasswd"));
    writeFile(home() + QStringLiteral("/.docker/config.json"), "{\"auths\": {\"x\": ");
    writeFile(qEnvironmentVariable("XDG_CONFIG_HOME") + QStringLiteral("/containers/auth.json"),
              configWith(target.host, basicEntry(target)));
    ProcessRun browse = listTags(target);
    QVERIFY2(browse.succeeded(), qPrintable(browse.describe("tags")));
    QVERIFY2(browse.err.contains("config.json"), qPrintable(browse.describe("tags")));
    QVERIFY2(browse.err.contains("warning"), qPrintable(browse.describe("tags")));
    QCOMPARE(lines(browse.out).size(), target.tags.size());
}

void TestLogin::noKeychain()
{
    // Without a Secret Service the login is checked but cannot be kept: said plainly, and
    // never written anywhere else.
    const Registry target = registry(QStringLiteral("htpasswd"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                       QStringLiteral("unix:path=/nonexistent/bus"));
    ProcessRun login = cli({QStringLiteral("login"), target.host, QStringLiteral("--username"),
                            target.user, QStringLiteral("--password-stdin")},
                           target.password.toUtf8(), environment);
    QVERIFY2(login.finished && login.exitCode == 1, qPrintable(login.describe("login")));
    QVERIFY2(login.err.contains("keychain"), qPrintable(login.describe("login")));
    QVERIFY(!login.err.contains(target.password.toUtf8()));
    QVERIFY(filesContaining(target.password.toUtf8()).isEmpty());
    ProcessRun browse = listTags(target, environment);
    QVERIFY2(browse.finished && browse.exitCode == 1, qPrintable(browse.describe("tags")));
}

void TestLogin::commandLineCredentialsWin()
{
    // --username with --password-stdin is used as given, whatever is stored.
    const Registry target = registry(QStringLiteral("htpasswd"));
    writeFile(home() + QStringLiteral("/.docker/config.json"),
              configWith(target.host, basicEntry(target)));
    ProcessRun wrong
        = cli({QStringLiteral("tags"), target.host + u'/' + target.repository,
               QStringLiteral("--username"), target.user, QStringLiteral("--password-stdin")},
              "wrong-password");
    QVERIFY2(wrong.finished && wrong.exitCode == 1, qPrintable(wrong.describe("tags")));
}

void TestLogin::noPlaintextAnywhere()
{
    // After remembered logins in both modes, no file under HOME (settings, caches, the
    // keyring's own files) holds a password or token in the clear.
    removeUserFiles();
    for (const QString &mode : {QStringLiteral("htpasswd"), QStringLiteral("token")}) {
        const Registry target = registry(mode);
        ProcessRun login = cli({QStringLiteral("login"), target.host, QStringLiteral("--username"),
                                target.user, QStringLiteral("--password-stdin")},
                               target.password.toUtf8());
        QVERIFY2(login.succeeded(), qPrintable(login.describe("login")));
        ProcessRun browse = listTags(target);
        QVERIFY2(browse.succeeded(), qPrintable(browse.describe("tags")));
    }
    QVERIFY2(
        QFileInfo::exists(home() + QStringLiteral("/.config/io.github.layerscope/Layerscope.conf")),
        "the settings file was expected to be written (it names the keychain's users)");
    for (const QString &secret : std::as_const(m_secrets)) {
        const QStringList found = filesContaining(secret.toUtf8());
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u", ")));
        const QStringList encoded = filesContaining(secret.toUtf8().toBase64());
        QVERIFY2(encoded.isEmpty(), qPrintable(encoded.join(u", ")));
    }
    // Bearer tokens (JWTs, "eyJ…") live in memory only.
    const QStringList tokens = filesContaining("eyJ");
    QVERIFY2(tokens.isEmpty(), qPrintable(tokens.join(u", ")));
    for (const QString &mode : {QStringLiteral("htpasswd"), QStringLiteral("token")})
        QVERIFY(cli({QStringLiteral("logout"), registry(mode).host}).succeeded());
}

QTEST_GUILESS_MAIN(TestLogin)
#include "tst_login.moc"
