// Authentication against real registries: basic auth (htpasswd), bearer tokens from the
// harness's token issuer, and TLS trust. Token behaviour is asserted on the issuer's own
// counters (/stats), since the registry accepts a token long after the client should have
// replaced it.

#include "registry/listoperation.h"
#include "registry/manifestoperation.h"
#include "registry/registryclient.h"
#include "transport/transportreply.h"

#include "harness.h"
#include "operationwait.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSslCertificate>
#include <QTest>

#include <memory>

using namespace Layerscope;
using Category = RegistryError::Category;

namespace {

QJsonObject tokenIssuer()
{
    return Harness::contract().value(u"tokenIssuer").toObject();
}

bool controlIssuer(const QByteArray &json)
{
    return Harness::post(tokenIssuer().value(u"controlUrl").toString(), json);
}

QJsonObject issuerStats()
{
    return Harness::getJson(tokenIssuer().value(u"statsUrl").toString());
}

int countOf(const QJsonObject &methods)
{
    return methods.value(u"GET").toInt() + methods.value(u"POST").toInt();
}

/// Token requests (GET and POST) the issuer saw for \a scope, from anyone.
int tokenRequestsFor(const QJsonObject &stats, const QString &scope)
{
    return countOf(stats.value(u"byScope").toObject().value(scope).toObject());
}

int tokenRequests(const QJsonObject &stats)
{
    return countOf(stats.value(u"requests").toObject());
}

QString wrongPassword(const QString &mode)
{
    return QStringLiteral("Wr0ng-%1-pa55word").arg(mode);
}

Credentials credentialsOf(const QString &mode)
{
    return {Harness::username(mode), Harness::password(mode)};
}

/// \a login is "anonymous", "alice" (the registry's own credentials) or "wrong" (alice with a
/// password the registry does not know).
std::unique_ptr<RegistryClient> clientFor(const QString &mode, const QString &login,
                                          const TransportOptions &options = {})
{
    auto client = std::make_unique<RegistryClient>(Harness::hostPort(mode), options);
    if (login == u"alice")
        client->setCredentials(credentialsOf(mode));
    else if (login == u"wrong")
        client->setCredentials({credentialsOf(mode).username, wrongPassword(mode)});
    return client;
}

/// Every password these tests send, and the Basic header values made from them.
QStringList secrets()
{
    QStringList list;
    for (const QString &mode : {QStringLiteral("htpasswd"), QStringLiteral("token")}) {
        const Credentials right = credentialsOf(mode);
        for (const QString &password : {right.password, wrongPassword(mode)}) {
            list.append(password);
            list.append(
                QString::fromLatin1((right.username + u':' + password).toUtf8().toBase64()));
        }
    }
    return list;
}

/// True when nothing a person would read of \a error holds a password. The error itself is
/// never printed on failure, so a leak does not end up in the test log either.
bool namesNoSecret(const RegistryError &error)
{
    QStringList texts{error.toString(), error.message(), error.hint(), error.url().toString()};
    for (const RegistryErrorBody::Entry &entry : error.entries())
        texts << entry.message << entry.detailText();
    for (const QString &secret : secrets()) {
        for (const QString &text : std::as_const(texts)) {
            if (text.contains(secret))
                return false;
        }
    }
    return true;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QStringList stringsOf(const QJsonArray &array)
{
    QStringList list;
    for (const QJsonValue &value : array)
        list.append(value.toString());
    return list;
}

} // namespace

class TestAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void pulls_data();
    void pulls();
    void refused_data();
    void refused();
    void catalogWithTokenScope();
    void tokenCachedPerScope();
    void concurrentRequestsShareOneToken();
    void oauth2PostForm();
    void oauth2FallsBackToGet();
    void eitherTokenFieldIsAccepted_data();
    void eitherTokenFieldIsAccepted();
    void expiredTokenIsReplaced();
    void requestsWaitForPendingCredentials();
    void openRegistryIsNotHeld();
    void identityToken();
    void identityTokenWithoutOAuth2();
    void tls_data();
    void tls();

private:
    ManifestOperation *fetchLatest(RegistryClient *client, const QString &repository)
    {
        return client->fetchManifest(repository, QStringLiteral("latest"), this);
    }
};

void TestAuth::initTestCase()
{
    QVERIFY2(Harness::available(), "the harness is not running (LAYERSCOPE_HARNESS)");
    QVERIFY(!credentialsOf(QStringLiteral("htpasswd")).password.isEmpty());
    QVERIFY(!credentialsOf(QStringLiteral("token")).password.isEmpty());
}

// Every test starts from the issuer's defaults with zeroed counters, and leaves them so even
// when it fails half way (postReturns404 or a short expiry would spoil the next test).
void TestAuth::init()
{
    QVERIFY(controlIssuer(R"({"reset": true})"));
}

void TestAuth::cleanup()
{
    QVERIFY(controlIssuer(R"({"reset": true})"));
}

void TestAuth::pulls_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("login");
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("tokenUser"); // who the issuer saw; empty for basic auth

    QTest::addRow("htpasswd, alice, docker image")
        << QStringLiteral("htpasswd") << QStringLiteral("alice") << QStringLiteral("htpasswdImage")
        << QString();
    QTest::addRow("htpasswd, alice, OCI image")
        << QStringLiteral("htpasswd") << QStringLiteral("alice")
        << QStringLiteral("htpasswdOciImage") << QString();
    QTest::addRow("token, anonymous, public")
        << QStringLiteral("token") << QStringLiteral("anonymous")
        << QStringLiteral("tokenPublicImage") << QStringLiteral("anonymous");
    QTest::addRow("token, alice, private")
        << QStringLiteral("token") << QStringLiteral("alice") << QStringLiteral("tokenPrivateImage")
        << QStringLiteral("alice");
}

void TestAuth::pulls()
{
    QFETCH(QString, mode);
    QFETCH(QString, login);
    QFETCH(QString, fixture);
    QFETCH(QString, tokenUser);
    const QJsonObject expected = Harness::fixture(fixture);
    QCOMPARE(expected.value(u"registry").toString(), mode);
    const QString repository = expected.value(u"repository").toString();
    auto client = clientFor(mode, login);

    ListOperation *tags = client->listTags(repository, this);
    QVERIFY(waitForFinished(tags));
    QVERIFY2(tags->succeeded(), qPrintable(tags->error().toString()));
    QCOMPARE(sorted(tags->items()), sorted(stringsOf(expected.value(u"tags").toArray())));
    delete tags;

    for (const QString &tag : stringsOf(expected.value(u"tags").toArray())) {
        ManifestOperation *manifest = client->fetchManifest(repository, tag, this);
        QVERIFY(waitForFinished(manifest));
        QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
        QCOMPARE(manifest->digest().toString(), expected.value(u"digest").toString());
        QCOMPARE(manifest->mediaType(), expected.value(u"mediaType").toString());
        QCOMPARE(manifest->verification(), ManifestOperation::Verification::DigestHeader);
        delete manifest;
    }

    if (!tokenUser.isEmpty()) {
        // The tag list and every manifest need the same pull scope: one token serves them all.
        const QJsonObject stats = issuerStats();
        const QString scope = RegistryClient::pullScope(repository);
        QCOMPARE(tokenRequestsFor(stats, scope), 1);
        QCOMPARE(countOf(stats.value(u"byUserScope")
                             .toObject()
                             .value(tokenUser)
                             .toObject()
                             .value(scope)
                             .toObject()),
                 1);
        QCOMPARE(stats.value(u"refused").toInt(), 0);
    }
}

void TestAuth::refused_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("login");
    QTest::addColumn<QString>("repository");
    QTest::addColumn<QString>("entryCode"); // the registry's error code; empty when none
    QTest::addColumn<QString>("answeredBy"); // "registry" or "token issuer"
    QTest::addColumn<QStringList>("messageParts");

    const QString alice = QStringLiteral("user \"%1\"");
    QTest::addRow("htpasswd, no credentials")
        << QStringLiteral("htpasswd") << QStringLiteral("anonymous")
        << QStringLiteral("private/basic-app") << QStringLiteral("UNAUTHORIZED")
        << QStringLiteral("registry") << QStringList{QStringLiteral("authentication required")};
    QTest::addRow("htpasswd, wrong password")
        << QStringLiteral("htpasswd") << QStringLiteral("wrong")
        << QStringLiteral("private/basic-app") << QStringLiteral("UNAUTHORIZED")
        << QStringLiteral("registry")
        << QStringList{alice.arg(credentialsOf(QStringLiteral("htpasswd")).username)};
    // The issuer leaves the private repository out of an anonymous token; the registry then
    // challenges with error="insufficient_scope" naming the scope it wanted.
    QTest::addRow("token, anonymous, private")
        << QStringLiteral("token") << QStringLiteral("anonymous")
        << QStringLiteral("private/secret") << QStringLiteral("UNAUTHORIZED")
        << QStringLiteral("registry")
        << QStringList{QStringLiteral("does not grant"),
                       RegistryClient::pullScope(QStringLiteral("private/secret"))};
    QTest::addRow("token, wrong password")
        << QStringLiteral("token") << QStringLiteral("wrong") << QStringLiteral("private/secret")
        << QString() << QStringLiteral("token issuer")
        << QStringList{QStringLiteral("token service"),
                       alice.arg(credentialsOf(QStringLiteral("token")).username)};
}

void TestAuth::refused()
{
    QFETCH(QString, mode);
    QFETCH(QString, login);
    QFETCH(QString, repository);
    QFETCH(QString, entryCode);
    QFETCH(QString, answeredBy);
    QFETCH(QStringList, messageParts);
    auto client = clientFor(mode, login);

    ManifestOperation *manifest = fetchLatest(client.get(), repository);
    QVERIFY(waitForFinished(manifest));
    const RegistryError &error = manifest->error();
    QVERIFY2(namesNoSecret(error), "an error holds a password or a Basic credential");
    QCOMPARE(error.category(), Category::Unauthorized);
    QCOMPARE(error.httpStatus(), 401);
    QVERIFY(!error.isTransient());
    QVERIFY(!error.hint().isEmpty());
    for (const QString &part : std::as_const(messageParts))
        QVERIFY2(error.message().contains(part),
                 qPrintable(part + QStringLiteral(" / ") + error.toString()));
    if (!entryCode.isEmpty()) {
        QVERIFY(!error.entries().isEmpty());
        QCOMPARE(error.entries().constFirst().code, entryCode);
    }
    const QString who = answeredBy == u"registry"
        ? Harness::hostPort(mode)
        : QUrl(tokenIssuer().value(u"url").toString()).authority();
    QCOMPARE(error.url().authority(), who);
    if (mode == u"token" && login == u"wrong")
        QCOMPARE(issuerStats().value(u"refused").toInt(), 1);
    delete manifest;
}

void TestAuth::catalogWithTokenScope()
{
    QStringList expected;
    const QJsonObject fixtures = Harness::contract().value(u"fixtures").toObject();
    for (const QJsonValue &fixture : fixtures) {
        if (fixture.toObject().value(u"registry").toString() == u"token")
            expected.append(fixture.toObject().value(u"repository").toString());
    }
    QCOMPARE(expected.size(), 2);

    auto client = clientFor(QStringLiteral("token"), QStringLiteral("alice"));
    ListOperation *catalog = client->listRepositories(this);
    QVERIFY(waitForFinished(catalog));
    QVERIFY2(catalog->succeeded(), qPrintable(catalog->error().toString()));
    QCOMPARE(catalog->items(), sorted(expected));
    delete catalog;
    QCOMPARE(tokenRequestsFor(issuerStats(), QStringLiteral("registry:catalog:*")), 1);
}

void TestAuth::tokenCachedPerScope()
{
    const QString secret = QStringLiteral("private/secret");
    const QString hello = QStringLiteral("public/hello");
    auto client = clientFor(QStringLiteral("token"), QStringLiteral("alice"));

    for (int i = 0; i < 5; ++i) {
        ManifestOperation *manifest = fetchLatest(client.get(), secret);
        QVERIFY(waitForFinished(manifest));
        QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
        delete manifest;
    }
    QJsonObject stats = issuerStats();
    QCOMPARE(tokenRequestsFor(stats, RegistryClient::pullScope(secret)), 1);
    QCOMPARE(tokenRequests(stats), 1);

    // Another repository is another scope: one more token, and the first one stays cached.
    for (int i = 0; i < 2; ++i) {
        ManifestOperation *manifest = fetchLatest(client.get(), i == 0 ? hello : secret);
        QVERIFY(waitForFinished(manifest));
        QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
        delete manifest;
    }
    stats = issuerStats();
    QCOMPARE(tokenRequestsFor(stats, RegistryClient::pullScope(hello)), 1);
    QCOMPARE(tokenRequestsFor(stats, RegistryClient::pullScope(secret)), 1);
    QCOMPARE(tokenRequests(stats), 2);

    // Tokens belong to their client.
    auto other = clientFor(QStringLiteral("token"), QStringLiteral("alice"));
    ManifestOperation *manifest = fetchLatest(other.get(), secret);
    QVERIFY(waitForFinished(manifest));
    QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
    delete manifest;
    stats = issuerStats();
    QCOMPARE(tokenRequestsFor(stats, RegistryClient::pullScope(secret)), 2);
    QCOMPARE(tokenRequests(stats), 3);
}

void TestAuth::concurrentRequestsShareOneToken()
{
    const QJsonObject expected = Harness::fixture(QStringLiteral("tokenPrivateImage"));
    auto client = clientFor(QStringLiteral("token"), QStringLiteral("alice"));
    QObject requester;
    QList<ManifestOperation *> manifests;
    for (int i = 0; i < 20; ++i)
        manifests.append(client->fetchManifest(expected.value(u"repository").toString(),
                                               QStringLiteral("latest"), &requester));
    for (ManifestOperation *manifest : std::as_const(manifests)) {
        QVERIFY(waitForFinished(manifest));
        QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
        QCOMPARE(manifest->digest().toString(), expected.value(u"digest").toString());
    }
    const QJsonObject stats = issuerStats();
    QCOMPARE(tokenRequests(stats), 1);
    QCOMPARE(stats.value(u"issued").toInt(), 1);
}

void TestAuth::oauth2PostForm()
{
    auto client = clientFor(QStringLiteral("token"), QStringLiteral("alice"));
    ManifestOperation *manifest = fetchLatest(client.get(), QStringLiteral("private/secret"));
    QVERIFY(waitForFinished(manifest));
    QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
    delete manifest;

    const QJsonObject stats = issuerStats();
    const QJsonObject requests = stats.value(u"requests").toObject();
    QCOMPARE(requests.value(u"POST").toInt(), 1);
    QCOMPARE(requests.value(u"GET").toInt(), 0);
    QCOMPARE(stats.value(u"byGrant").toObject().value(u"password").toInt(), 1);
    QCOMPARE(stats.value(u"postAnswered404").toInt(), 0);
}

void TestAuth::eitherTokenFieldIsAccepted_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QString>("login");
    QTest::addRow("token only, anonymous") << QByteArray("token") << QString();
    QTest::addRow("access_token only, anonymous") << QByteArray("access_token") << QString();
    QTest::addRow("token only, alice") << QByteArray("token") << QStringLiteral("alice");
    QTest::addRow("access_token only, alice")
        << QByteArray("access_token") << QStringLiteral("alice");
}

void TestAuth::eitherTokenFieldIsAccepted()
{
    QFETCH(QByteArray, field);
    QFETCH(QString, login);
    QVERIFY(controlIssuer(R"({"tokenFields": ")" + field + R"("})"));
    auto client = clientFor(QStringLiteral("token"), login);
    const QString repository
        = login.isEmpty() ? QStringLiteral("public/hello") : QStringLiteral("private/secret");
    ManifestOperation *manifest = fetchLatest(client.get(), repository);
    QVERIFY(waitForFinished(manifest));
    QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
    QCOMPARE(issuerStats().value(u"issued").toInt(), 1);
    delete manifest;
}

void TestAuth::oauth2FallsBackToGet()
{
    QVERIFY(controlIssuer(R"({"postReturns404": true})"));
    // The issuer's log shows the order of the requests; /stats only counts them.
    QFile log(tokenIssuer().value(u"log").toString());
    QVERIFY2(log.open(QIODevice::ReadOnly), qPrintable(log.fileName()));
    log.seek(log.size());

    auto client = clientFor(QStringLiteral("token"), QStringLiteral("alice"));
    ManifestOperation *manifest = fetchLatest(client.get(), QStringLiteral("private/secret"));
    QVERIFY(waitForFinished(manifest));
    QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
    delete manifest;

    QJsonObject stats = issuerStats();
    QCOMPARE(stats.value(u"postAnswered404").toInt(), 1);
    QCOMPARE(stats.value(u"requests").toObject().value(u"POST").toInt(), 1);
    QCOMPARE(stats.value(u"requests").toObject().value(u"GET").toInt(), 1);
    QCOMPARE(stats.value(u"byUser").toObject().value(u"alice").toObject().value(u"GET").toInt(), 1);

    QStringList tokenLines;
    for (const QByteArray &line : log.readAll().split('\n')) {
        if (line.contains(" /token "))
            tokenLines.append(QString::fromUtf8(line));
    }
    QCOMPARE(tokenLines.size(), 2);
    QVERIFY2(tokenLines.at(0).contains(u"POST /token") && tokenLines.at(0).endsWith(u"-> 404"),
             qPrintable(tokenLines.at(0)));
    QVERIFY2(tokenLines.at(1).contains(u"GET /token user=alice")
                 && tokenLines.at(1).endsWith(u"-> 200"),
             qPrintable(tokenLines.at(1)));

    // The client remembers that this realm has no POST form.
    manifest = fetchLatest(client.get(), QStringLiteral("public/hello"));
    QVERIFY(waitForFinished(manifest));
    QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
    delete manifest;
    stats = issuerStats();
    QCOMPARE(stats.value(u"requests").toObject().value(u"POST").toInt(), 1);
    QCOMPARE(stats.value(u"requests").toObject().value(u"GET").toInt(), 2);
}

void TestAuth::expiredTokenIsReplaced()
{
    QVERIFY(controlIssuer(R"({"expiresIn": 2})"));
    const QString scope = RegistryClient::pullScope(QStringLiteral("public/hello"));
    auto client = clientFor(QStringLiteral("token"), QStringLiteral("anonymous"));

    ManifestOperation *manifest = fetchLatest(client.get(), QStringLiteral("public/hello"));
    QVERIFY(waitForFinished(manifest));
    QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
    delete manifest;
    QCOMPARE(tokenRequestsFor(issuerStats(), scope), 1);

    // The registry would still take the old token (60 s leeway), so only the issuer's count
    // shows whether the client noticed the expiry.
    QTest::qWait(3000);
    manifest = fetchLatest(client.get(), QStringLiteral("public/hello"));
    QVERIFY(waitForFinished(manifest));
    QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
    delete manifest;
    QCOMPARE(tokenRequestsFor(issuerStats(), scope), 2);
}

void TestAuth::requestsWaitForPendingCredentials()
{
    // While the credentials are looked up (keychain, credential helper), a request that needs
    // them waits instead of failing with 401.
    auto client = clientFor(QStringLiteral("token"), QString());
    client->setCredentialsPending(true);
    ManifestOperation *manifest = fetchLatest(client.get(), QStringLiteral("private/secret"));
    QSignalSpy finished(manifest, &Operation::finished);
    QVERIFY(!finished.wait(1500));
    QCOMPARE(tokenRequests(issuerStats()), 0);
    client->setCredentials(credentialsOf(QStringLiteral("token")));
    QVERIFY(waitForFinished(manifest));
    QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
    QCOMPARE(
        issuerStats().value(u"byUser").toObject().value(u"alice").toObject().value(u"POST").toInt(),
        1);
    delete manifest;

    // Settled as anonymous: the held request goes out without credentials and is refused.
    auto anonymous = clientFor(QStringLiteral("htpasswd"), QString());
    anonymous->setCredentialsPending(true);
    manifest = fetchLatest(anonymous.get(), QStringLiteral("private/basic-app"));
    QSignalSpy held(manifest, &Operation::finished);
    QVERIFY(!held.wait(500));
    anonymous->setCredentialsPending(false);
    QVERIFY(waitForFinished(manifest));
    QCOMPARE(manifest->error().category(), Category::Unauthorized);
    delete manifest;
}

void TestAuth::openRegistryIsNotHeld()
{
    // A registry that asks for no authentication is not held up by a slow lookup.
    auto client = clientFor(QStringLiteral("open"), QString());
    client->setCredentialsPending(true);
    ManifestOperation *manifest = fetchLatest(client.get(), QStringLiteral("fixtures/docker-app"));
    QVERIFY(waitForFinished(manifest));
    QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
    delete manifest;
}

void TestAuth::identityToken()
{
    // An identity token (as docker keeps for some registries) is an OAuth2 refresh token: the
    // client asks with grant_type=refresh_token and never needs the password.
    // docker login asks the token service for a refresh token (offline_token=true); so does
    // the test.
    const QString refreshToken = Harness::refreshToken();
    QVERIFY(!refreshToken.isEmpty());
    QVERIFY(controlIssuer(R"({"reset": true})"));

    RegistryClient client(Harness::hostPort(QStringLiteral("token")));
    client.setCredentials({QString(), QString(), refreshToken});
    ManifestOperation *manifest = fetchLatest(&client, QStringLiteral("private/secret"));
    QVERIFY(waitForFinished(manifest));
    QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
    delete manifest;
    const QJsonObject stats = issuerStats();
    QCOMPARE(stats.value(u"byGrant").toObject().value(u"refresh_token").toInt(), 1);
    QCOMPARE(stats.value(u"byGrant").toObject().value(u"password").toInt(), 0);

    // An identity token the issuer does not know is refused, and the message holds no token.
    RegistryClient unknown(Harness::hostPort(QStringLiteral("token")));
    unknown.setCredentials({QString(), QString(), QStringLiteral("unknown-refresh-token")});
    manifest = fetchLatest(&unknown, QStringLiteral("private/secret"));
    QVERIFY(waitForFinished(manifest));
    QVERIFY(manifest->error().isError());
    QVERIFY(!manifest->error().toString().contains(u"unknown-refresh-token"));
    delete manifest;
}

void TestAuth::identityTokenWithoutOAuth2()
{
    // Without the OAuth2 form an identity token cannot be used: said, not sent as a password.
    QVERIFY(controlIssuer(R"({"postReturns404": true})"));
    RegistryClient client(Harness::hostPort(QStringLiteral("token")));
    client.setCredentials({QString(), QString(), QStringLiteral("some-identity-token")});
    ManifestOperation *manifest = fetchLatest(&client, QStringLiteral("private/secret"));
    QVERIFY(waitForFinished(manifest));
    QCOMPARE(manifest->error().category(), Category::Unauthorized);
    QVERIFY2(manifest->error().message().contains(u"identity token"),
             qPrintable(manifest->error().toString()));
    QCOMPARE(issuerStats().value(u"requests").toObject().value(u"GET").toInt(), 0);
    delete manifest;
}

void TestAuth::tls_data()
{
    QTest::addColumn<QString>("trust"); // "none", "caCertificates", "insecure"
    QTest::addRow("untrusted") << QStringLiteral("none");
    QTest::addRow("trusted CA") << QStringLiteral("caCertificates");
    QTest::addRow("insecure") << QStringLiteral("insecure");
}

void TestAuth::tls()
{
    QFETCH(QString, trust);
    const QJsonObject registry = Harness::registry(QStringLiteral("tls"));
    const QJsonObject certificate = registry.value(u"certificate").toObject();
    const QJsonObject expected = Harness::fixture(QStringLiteral("tlsImage"));
    QCOMPARE(registry.value(u"scheme").toString(), QStringLiteral("https"));

    TransportOptions options;
    if (trust == u"caCertificates") {
        options.caCertificates
            = QSslCertificate::fromPath(certificate.value(u"path").toString(), QSsl::Pem);
        QCOMPARE(options.caCertificates.size(), 1);
    }
    options.insecure = trust == u"insecure";
    auto client = clientFor(QStringLiteral("tls"), QStringLiteral("anonymous"), options);

    ManifestOperation *manifest
        = fetchLatest(client.get(), expected.value(u"repository").toString());
    QVERIFY(waitForFinished(manifest));
    if (trust == u"none") {
        const RegistryError &error = manifest->error();
        QVERIFY2(namesNoSecret(error), "an error holds a password or a Basic credential");
        QCOMPARE(error.category(), Category::Tls);
        QCOMPARE(error.httpStatus(), 0);
        QVERIFY(!error.isTransient());
        for (const QString &key : {QStringLiteral("subjectCN"), QStringLiteral("issuerCN")}) {
            const QString name = certificate.value(key).toString();
            QVERIFY(!name.isEmpty());
            QVERIFY2(error.message().contains(name), qPrintable(error.toString()));
        }
        // A certificate that does not verify is reported, never worked around with plain HTTP.
        QCOMPARE(error.url().scheme(), QStringLiteral("https"));
        QVERIFY(client->transport()->baseUrl().isEmpty());
    } else {
        QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
        QCOMPARE(manifest->digest().toString(), expected.value(u"digest").toString());
        QCOMPARE(client->transport()->baseUrl().scheme(), QStringLiteral("https"));
    }
    delete manifest;
}

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
