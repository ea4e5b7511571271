// The client against the harness's deliberately misbehaving test servers (test doubles, not
// registries): each scenario breaks one rule, and the client must fail for exactly that reason,
// say so, and stay usable. What each server saw comes from its /_log.

#include "registry/layerverifyoperation.h"
#include "registry/manifestoperation.h"
#include "registry/registryclient.h"
#include "services/imageinspection.h"

#include "harness.h"
#include "operationwait.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QSslCertificate>
#include <QTest>

#include <climits>
#include <memory>

using namespace Layerscope;
using Category = RegistryError::Category;

namespace {

// Far longer than any scenario takes, far shorter than the minute the stalled server holds a
// request: enough to tell "finished" from "hung" on a loaded machine.
constexpr int NoHangMs = 30000;

QString authorityOf(const QString &url)
{
    return QUrl(url).authority();
}

QJsonObject misbehaving()
{
    return Harness::testServer(QStringLiteral("misbehaving"));
}

std::unique_ptr<RegistryClient> clientFor(const QString &scenario,
                                          const TransportOptions &options = {})
{
    return std::make_unique<RegistryClient>(
        authorityOf(Harness::scenario(scenario).value(u"url").toString()), options);
}

/// The requests a test server logged, oldest first.
QList<QJsonObject> loggedRequests(const QString &logUrl)
{
    QList<QJsonObject> requests;
    for (const QJsonValue &value : Harness::fetchLog(logUrl).value(u"requests").toArray())
        requests.append(value.toObject());
    return requests;
}

/// Logged requests whose path, without its query, starts with \a prefix.
QList<QJsonObject> loggedRequests(const QString &logUrl, const QString &prefix)
{
    QList<QJsonObject> matching;
    for (const QJsonObject &request : loggedRequests(logUrl)) {
        if (request.value(u"path").toString().section(u'?', 0, 0).startsWith(prefix))
            matching.append(request);
    }
    return matching;
}

Descriptor descriptorOf(const QJsonObject &layer)
{
    Descriptor descriptor;
    descriptor.mediaType = layer.value(u"mediaType").toString();
    descriptor.digest = Digest::parse(layer.value(u"digest").toString()).value();
    descriptor.size = layer.value(u"size").toInteger();
    return descriptor;
}

LayerVerifyOperation *verifyFirstLayer(RegistryClient *client, const QJsonObject &scenario,
                                       QObject *parent)
{
    const QJsonObject layer = scenario.value(u"layers").toArray().first().toObject();
    return client->verifyLayer(scenario.value(u"repository").toString(), descriptorOf(layer),
                               Digest::parse(layer.value(u"diffId").toString()).value(), parent);
}

/// A tag no earlier run asked for: the rate-limited servers count 429s per path.
QString freshTag(const char *what)
{
    return QStringLiteral("%1-%2")
        .arg(QString::fromLatin1(what))
        .arg(QDateTime::currentMSecsSinceEpoch());
}

} // namespace

class TestMisbehaving : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void manifestFailures_data();
    void manifestFailures();
    void configBlobMismatch();
    void blobRedirectDropsAuthorization();
    void insecureRealmRefused();
    void insecureRealmAllowedWhenInsecure();
    void rateLimitedWaits_data();
    void rateLimitedWaits();
    void rateLimitedSingleAttempt_data();
    void rateLimitedSingleAttempt();
    void layerFailures_data();
    void layerFailures();
    void truncatedLayerImageIsOtherwiseFine();
    void cancelStalledLayer();
    void deletingTheParentOfARunningOperation();
};

void TestMisbehaving::initTestCase()
{
    QVERIFY2(Harness::available(), "the harness is not running (LAYERSCOPE_HARNESS)");
    QVERIFY(!misbehaving().value(u"scenarios").toObject().isEmpty());
}

// Fresh logs (and rate-limit counters) for every test, so that each one reads only its own
// requests.
void TestMisbehaving::init()
{
    QVERIFY(Harness::post(misbehaving().value(u"reset").toString()));
    QVERIFY(
        Harness::post(Harness::testServer(QStringLiteral("elsewhere")).value(u"reset").toString()));
}

void TestMisbehaving::manifestFailures_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("reference");
    QTest::addColumn<int>("timeoutMs"); // TransportOptions::timeout; 0 keeps the default
    QTest::addColumn<Category>("category");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<bool>("transient");
    QTest::addColumn<QStringList>("messageParts");
    // How many times the server saw the manifest's path: no endless retry or redirect loop.
    QTest::addColumn<int>("minRequests");
    QTest::addColumn<int>("maxRequests");
    QTest::addColumn<QString>("thenWorks"); // a tag the same client fetches afterwards

    const QJsonObject wrongDigest = Harness::scenario(QStringLiteral("wrongDigestHeader"));
    QTest::addRow("wrongDigestHeader")
        << QStringLiteral("wrongDigestHeader") << QStringLiteral("latest") << 0
        << Category::DigestMismatch << 200 << false
        << QStringList{QStringLiteral("Docker-Content-Digest"),
                       wrongDigest.value(u"advertisedDigest").toString(),
                       wrongDigest.value(u"manifestDigest").toString()}
        << 1 << 1 << QString();

    const QJsonObject bodyMismatch = Harness::scenario(QStringLiteral("bodyMismatch"));
    QTest::addRow("bodyMismatch, by digest")
        << QStringLiteral("bodyMismatch") << bodyMismatch.value(u"manifestDigest").toString() << 0
        << Category::DigestMismatch << 200 << false
        << QStringList{bodyMismatch.value(u"manifestDigest").toString(),
                       bodyMismatch.value(u"servedDigestWhenFetchedByDigest").toString()}
        << 1 << 1 << QStringLiteral("latest");

    const QJsonObject huge = Harness::scenario(QStringLiteral("hugeManifest"));
    // Refused from its Content-Length, before 5 MiB are read: quick.
    QTest::addRow("hugeManifest") << QStringLiteral("hugeManifest") << QStringLiteral("latest") << 0
                                  << Category::TooLarge << 200 << false
                                  << QStringList{QString::number(
                                                     huge.value(u"servedSize").toInteger()),
                                                 QString::number(4 * 1024 * 1024)}
                                  << 1 << 1 << QString();

    QTest::addRow("redirectLoop") << QStringLiteral("redirectLoop") << QStringLiteral("latest") << 0
                                  << Category::Protocol << 302 << false
                                  << QStringList{QStringLiteral("more than 10 redirects")} << 2
                                  << 11 << QString();

    QTest::addRow("unauthorizedLoop")
        << QStringLiteral("unauthorizedLoop") << QStringLiteral("latest") << 0
        << Category::Unauthorized << 401 << false
        << QStringList{QStringLiteral("authentication required")} << 2 << 2 << QString();

    const QJsonObject reset = Harness::scenario(QStringLiteral("connectionReset"));
    QTest::addRow("connectionReset")
        << QStringLiteral("connectionReset") << reset.value(u"resetManifestTag").toString() << 0
        << Category::Network << 200 << true << QStringList{QStringLiteral("connection broke")} << 1
        << 2 << QStringLiteral("latest");

    const QJsonObject stalled = Harness::scenario(QStringLiteral("stalled"));
    QTest::addRow("stalled") << QStringLiteral("stalled") << QStringLiteral("latest") << 2000
                             << Category::Timeout << 200 << true
                             << QStringList{QStringLiteral("no data for 2 s")} << 1 << 1
                             << stalled.value(u"workingTag").toString();
}

void TestMisbehaving::manifestFailures()
{
    QFETCH(QString, scenario);
    QFETCH(QString, reference);
    QFETCH(int, timeoutMs);
    QFETCH(Category, category);
    QFETCH(int, httpStatus);
    QFETCH(bool, transient);
    QFETCH(QStringList, messageParts);
    QFETCH(int, minRequests);
    QFETCH(int, maxRequests);
    QFETCH(QString, thenWorks);
    const QJsonObject facts = Harness::scenario(scenario);
    const QString repository = facts.value(u"repository").toString();
    TransportOptions options;
    if (timeoutMs > 0)
        options.timeout = std::chrono::milliseconds(timeoutMs);
    auto client = clientFor(scenario, options);

    QElapsedTimer clock;
    clock.start();
    ManifestOperation *manifest = client->fetchManifest(repository, reference, this);
    QVERIFY(waitForFinished(manifest));
    const qint64 elapsed = clock.elapsed();
    const RegistryError &error = manifest->error();
    QCOMPARE(error.category(), category);
    QVERIFY2(error.httpStatus() == httpStatus, qPrintable(error.toString()));
    QCOMPARE(error.isTransient(), transient);
    for (const QString &part : std::as_const(messageParts))
        QVERIFY2(error.message().contains(part),
                 qPrintable(part + QStringLiteral(" / ") + error.toString()));
    QCOMPARE(error.method(), QByteArray("GET"));
    QVERIFY2(error.url().path().startsWith(QStringLiteral("/v2/") + repository
                                           + QStringLiteral("/manifests/")),
             qPrintable(error.url().toString()));
    // Only "it did not hang": the stalled server holds a request for a minute. Durations are
    // not asserted more closely on a shared, noisy machine.
    QVERIFY2(elapsed < NoHangMs, qPrintable(QString::number(elapsed)));
    QVERIFY(!manifest->manifest());
    delete manifest;

    const qsizetype seen
        = loggedRequests(misbehaving().value(u"log").toString(),
                         QStringLiteral("/v2/%1/manifests/%2").arg(repository, reference))
              .size();
    QVERIFY2(seen >= minRequests && seen <= maxRequests, qPrintable(QString::number(seen)));

    if (!thenWorks.isEmpty()) {
        ManifestOperation *working = client->fetchManifest(repository, thenWorks, this);
        QVERIFY(waitForFinished(working, 10000));
        QVERIFY2(working->succeeded(), qPrintable(working->error().toString()));
        QCOMPARE(working->digest().toString(), facts.value(u"manifestDigest").toString());
        delete working;
    }
}

void TestMisbehaving::configBlobMismatch()
{
    // By tag the manifest is right; the config blob it names comes back with one byte changed.
    const QJsonObject facts = Harness::scenario(QStringLiteral("bodyMismatch"));
    auto client = clientFor(QStringLiteral("bodyMismatch"));
    ImageInspection inspection(client.get(),
                               ImageReference::parse(facts.value(u"reference").toString()).value(),
                               std::nullopt, nullptr);
    QVERIFY(waitForFinished(&inspection));
    const RegistryError &error = inspection.error();
    QCOMPARE(error.category(), Category::DigestMismatch);
    QCOMPARE(error.httpStatus(), 200);
    QVERIFY(!error.isTransient());
    const QString configDigest = facts.value(u"configDigest").toString();
    QVERIFY2(error.message().contains(configDigest), qPrintable(error.toString()));
    QVERIFY2(error.url().path().endsWith(QStringLiteral("/blobs/") + configDigest),
             qPrintable(error.url().toString()));
    QVERIFY(inspection.images().isEmpty() || !inspection.images().constFirst().config);
}

void TestMisbehaving::blobRedirectDropsAuthorization()
{
    const QJsonObject facts = Harness::scenario(QStringLiteral("blobRedirect"));
    const QJsonObject credentials = misbehaving().value(u"credentials").toObject();
    auto client = clientFor(QStringLiteral("blobRedirect"));
    client->setCredentials(
        {credentials.value(u"username").toString(), credentials.value(u"password").toString()});

    ImageInspection inspection(client.get(),
                               ImageReference::parse(facts.value(u"reference").toString()).value(),
                               std::nullopt, nullptr);
    QVERIFY(waitForFinished(&inspection));
    QVERIFY2(inspection.succeeded(), "inspecting the blob-redirect image failed");
    QCOMPARE(inspection.images().size(), 1);
    QCOMPARE(inspection.images().constFirst().config->digest().toString(),
             facts.value(u"configDigest").toString());

    LayerVerifyOperation *verify = verifyFirstLayer(client.get(), facts, this);
    QVERIFY(waitForFinished(verify));
    QVERIFY2(verify->succeeded(), "verifying the blob-redirect layer failed");
    QVERIFY2(verify->outcome().verified(), qPrintable(verify->outcome().mismatchText()));
    delete verify;

    // The other host served the config and the layer, and never saw the Authorization header.
    const QList<QJsonObject> elsewhere
        = loggedRequests(facts.value(u"elsewhereLog").toString(), QStringLiteral("/blobs/"));
    QCOMPARE(elsewhere.size(), 2);
    for (const QJsonObject &request : elsewhere)
        QCOMPARE(request.value(u"authorization").toString(), QStringLiteral("none"));

    // The registry itself got the credentials for every blob request it redirected.
    const QString prefix = QStringLiteral("/v2/") + facts.value(u"repository").toString();
    const QString log = misbehaving().value(u"log").toString();
    const QList<QJsonObject> blobs = loggedRequests(log, prefix + QStringLiteral("/blobs/"));
    QCOMPARE(blobs.size(), 2);
    for (const QJsonObject &request : blobs)
        QCOMPARE(request.value(u"authorization").toString(), QStringLiteral("basic"));
    // The first manifest request may go out before the client knows the server wants basic
    // auth; the one that got the manifest carried it.
    const QList<QJsonObject> manifests
        = loggedRequests(log, prefix + QStringLiteral("/manifests/"));
    QVERIFY(!manifests.isEmpty() && manifests.size() <= 2);
    QCOMPARE(manifests.constLast().value(u"authorization").toString(), QStringLiteral("basic"));
}

void TestMisbehaving::insecureRealmRefused()
{
    const QJsonObject server = Harness::testServer(QStringLiteral("insecureRealm"));
    const QJsonObject credentials = misbehaving().value(u"credentials").toObject();
    const QString password = credentials.value(u"password").toString();
    TransportOptions options;
    options.caCertificates = QSslCertificate::fromPath(
        server.value(u"certificate").toObject().value(u"path").toString(), QSsl::Pem);
    QCOMPARE(options.caCertificates.size(), 1);
    RegistryClient client(authorityOf(server.value(u"url").toString()), options);
    // Credentials make the refusal matter: they must not travel to a plain-HTTP realm.
    client.setCredentials({credentials.value(u"username").toString(), password});

    ManifestOperation *manifest = client.fetchManifest(server.value(u"repository").toString(),
                                                       QStringLiteral("latest"), this);
    QVERIFY(waitForFinished(manifest));
    const RegistryError &error = manifest->error();
    QVERIFY2(!error.toString().contains(password), "the error holds the password");
    QCOMPARE(error.category(), Category::Tls);
    QCOMPARE(error.httpStatus(), 0);
    QVERIFY(!error.isTransient());
    QVERIFY2(error.message().contains(u"plain HTTP"), qPrintable(error.toString()));
    QVERIFY2(error.message().contains(authorityOf(server.value(u"realm").toString())),
             qPrintable(error.toString()));
    QCOMPARE(client.transport()->baseUrl().scheme(), QStringLiteral("https"));
    delete manifest;

    // The realm lives on the misbehaving server.
    QVERIFY(loggedRequests(misbehaving().value(u"log").toString(), QStringLiteral("/token-always"))
                .isEmpty());
}

void TestMisbehaving::insecureRealmAllowedWhenInsecure()
{
    const QJsonObject server = Harness::testServer(QStringLiteral("insecureRealm"));
    TransportOptions options;
    options.insecure = true;
    RegistryClient client(authorityOf(server.value(u"url").toString()), options);

    ManifestOperation *manifest = client.fetchManifest(server.value(u"repository").toString(),
                                                       QStringLiteral("latest"), this);
    QVERIFY(waitForFinished(manifest));
    QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
    QCOMPARE(manifest->digest().toString(), server.value(u"manifestDigest").toString());
    QCOMPARE(client.transport()->baseUrl().scheme(), QStringLiteral("https"));
    delete manifest;
    QCOMPARE(loggedRequests(misbehaving().value(u"log").toString(), QStringLiteral("/token-always"))
                 .size(),
             1);
}

void TestMisbehaving::rateLimitedWaits_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addRow("Retry-After seconds") << QStringLiteral("rateLimited");
    QTest::addRow("Retry-After HTTP-date") << QStringLiteral("rateLimitedHttpDate");
}

void TestMisbehaving::rateLimitedWaits()
{
    QFETCH(QString, scenario);
    const QJsonObject facts = Harness::scenario(scenario);
    const QString repository = facts.value(u"repository").toString();
    const QString tag = freshTag("waits");
    const int failing = facts.value(u"failingRequestsPerPath").toInt();
    QVERIFY(failing >= 1);
    auto client = clientFor(scenario);

    QElapsedTimer clock;
    clock.start();
    ManifestOperation *manifest = client->fetchManifest(repository, tag, this);
    QVERIFY(waitForFinished(manifest));
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
    QCOMPARE(manifest->digest().toString(), facts.value(u"manifestDigest").toString());
    // At least one Retry-After was honoured; the upper bound only catches a runaway wait.
    QVERIFY2(elapsed >= 900 && elapsed < 15000, qPrintable(QString::number(elapsed)));
    delete manifest;

    const QString path = QStringLiteral("/v2/%1/manifests/%2").arg(repository, tag);
    QCOMPARE(loggedRequests(misbehaving().value(u"log").toString(), path).size(), failing + 1);
    // The 429s carried RateLimit headers, which the transport keeps.
    QCOMPARE(client->transport()->rateLimit().limit, 100);
    QCOMPARE(client->transport()->rateLimit().windowSeconds, 21600);
}

void TestMisbehaving::rateLimitedSingleAttempt_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("maxRetryAfter"); // seconds
    QTest::addRow("Retry-After seconds") << QStringLiteral("rateLimited") << 1;
    QTest::addRow("Retry-After HTTP-date") << QStringLiteral("rateLimitedHttpDate") << 2;
}

void TestMisbehaving::rateLimitedSingleAttempt()
{
    QFETCH(QString, scenario);
    QFETCH(int, maxRetryAfter);
    const QJsonObject facts = Harness::scenario(scenario);
    const QString repository = facts.value(u"repository").toString();
    const QString tag = freshTag("once");
    TransportOptions options;
    options.maxAttempts = 1;
    auto client = clientFor(scenario, options);

    QElapsedTimer clock;
    clock.start();
    ManifestOperation *manifest = client->fetchManifest(repository, tag, this);
    QVERIFY(waitForFinished(manifest));
    const RegistryError &error = manifest->error();
    QCOMPARE(error.category(), Category::RateLimited);
    QCOMPARE(error.httpStatus(), 429);
    QVERIFY(error.isTransient());
    QVERIFY2(error.retryAfter().has_value(), qPrintable(error.toString()));
    QVERIFY2(error.retryAfter()->count() <= maxRetryAfter,
             qPrintable(QString::number(error.retryAfter()->count())));
    QVERIFY(!error.entries().isEmpty());
    QCOMPARE(error.entries().constFirst().code, QStringLiteral("TOOMANYREQUESTS"));
    QVERIFY2(error.message().contains(u"rate limit exceeded"), qPrintable(error.toString()));
    delete manifest;

    const QString path = QStringLiteral("/v2/%1/manifests/%2").arg(repository, tag);
    QCOMPARE(loggedRequests(misbehaving().value(u"log").toString(), path).size(), 1);
}

void TestMisbehaving::layerFailures_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("timeoutMs"); // 0 keeps the default
    QTest::addColumn<Category>("category");
    QTest::addColumn<bool>("transient");
    QTest::addColumn<QStringList>("messageParts");

    QTest::addRow("connectionReset") << QStringLiteral("connectionReset") << 0 << Category::Network
                                     << true << QStringList{QStringLiteral("connection broke")};
    const QJsonObject truncated = Harness::scenario(QStringLiteral("truncatedLayer"));
    QTest::addRow("truncatedLayer")
        << QStringLiteral("truncatedLayer") << 0 << Category::Protocol << false
        << QStringList{QString::number(truncated.value(u"truncatedSize").toInteger()),
                       QString::number(
                           truncated.value(u"fullLayer").toObject().value(u"size").toInteger())};
    QTest::addRow("stalled") << QStringLiteral("stalled") << 2000 << Category::Timeout << true
                             << QStringList{QStringLiteral("no data for 2 s")};
}

void TestMisbehaving::layerFailures()
{
    QFETCH(QString, scenario);
    QFETCH(int, timeoutMs);
    QFETCH(Category, category);
    QFETCH(bool, transient);
    QFETCH(QStringList, messageParts);
    const QJsonObject facts = Harness::scenario(scenario);
    TransportOptions options;
    if (timeoutMs > 0)
        options.timeout = std::chrono::milliseconds(timeoutMs);
    auto client = clientFor(scenario, options);

    QElapsedTimer clock;
    clock.start();
    LayerVerifyOperation *verify = verifyFirstLayer(client.get(), facts, this);
    QVERIFY(waitForFinished(verify));
    QVERIFY2(clock.elapsed() < NoHangMs, qPrintable(QString::number(clock.elapsed())));
    const RegistryError &error = verify->error();
    QCOMPARE(error.category(), category);
    QVERIFY2(error.httpStatus() == 200, qPrintable(error.toString()));
    QCOMPARE(error.isTransient(), transient);
    for (const QString &part : std::as_const(messageParts))
        QVERIFY2(error.message().contains(part),
                 qPrintable(part + QStringLiteral(" / ") + error.toString()));
    const QString layerDigest
        = facts.value(u"layers").toArray().first().toObject().value(u"digest").toString();
    QVERIFY2(error.url().path().endsWith(QStringLiteral("/blobs/") + layerDigest),
             qPrintable(error.url().toString()));
    delete verify;
}

void TestMisbehaving::truncatedLayerImageIsOtherwiseFine()
{
    // No correct copy of the truncated layer is served anywhere; what can be checked is that
    // the manifest and config around it are sound, so the failure above is the layer's alone.
    const QJsonObject facts = Harness::scenario(QStringLiteral("truncatedLayer"));
    auto client = clientFor(QStringLiteral("truncatedLayer"));
    ImageInspection inspection(client.get(),
                               ImageReference::parse(facts.value(u"reference").toString()).value(),
                               std::nullopt, nullptr);
    QVERIFY(waitForFinished(&inspection));
    QVERIFY2(inspection.succeeded(), qPrintable(inspection.error().toString()));
    QCOMPARE(inspection.digest().toString(), facts.value(u"manifestDigest").toString());
    QCOMPARE(inspection.images().size(), 1);
    const ResolvedImage &image = inspection.images().constFirst();
    QVERIFY(image.config);
    QCOMPARE(image.config->digest().toString(), facts.value(u"configDigest").toString());
    const QJsonObject fullLayer = facts.value(u"fullLayer").toObject();
    QCOMPARE(image.layers().size(), 1);
    QCOMPARE(image.layers().constFirst().digest.toString(), fullLayer.value(u"digest").toString());
    QCOMPARE(image.layers().constFirst().size, fullLayer.value(u"size").toInteger());
    QCOMPARE(image.config->diffIds().constFirst().toString(),
             fullLayer.value(u"diffId").toString());
}

void TestMisbehaving::cancelStalledLayer()
{
    const QJsonObject facts = Harness::scenario(QStringLiteral("stalled"));
    auto client = clientFor(QStringLiteral("stalled"));
    LayerVerifyOperation *verify = verifyFirstLayer(client.get(), facts, this);
    QSignalSpy finished(verify, &Operation::finished);
    QTest::qWait(200);
    QVERIFY(!verify->isFinished());

    QElapsedTimer clock;
    clock.start();
    verify->cancel();
    // Without the cancel the stalled server would hold the request for a minute.
    QVERIFY(finished.wait(NoHangMs) || !finished.isEmpty());
    QVERIFY(clock.elapsed() < NoHangMs);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(verify->error().category(), Category::Cancelled);
    QVERIFY(!verify->error().isTransient());
    QTest::qWait(100);
    QCOMPARE(finished.size(), 1);
    delete verify;
}

void TestMisbehaving::deletingTheParentOfARunningOperation()
{
    const QJsonObject facts = Harness::scenario(QStringLiteral("stalled"));
    auto client = clientFor(QStringLiteral("stalled"));
    auto *requester = new QObject;
    QPointer<LayerVerifyOperation> verify = verifyFirstLayer(client.get(), facts, requester);
    int delivered = 0;
    connect(verify, &Operation::finished, this, [&delivered] { ++delivered; });
    connect(verify, &Operation::progress, this, [&delivered] { ++delivered; });
    QTest::qWait(200);
    QVERIFY(verify && !verify->isFinished());

    delivered = 0; // headers may have reported progress already; only what follows counts
    delete requester;
    QVERIFY(verify.isNull());
    QTest::qWait(500);
    QCOMPARE(delivered, 0);
}

QTEST_GUILESS_MAIN(TestMisbehaving)
#include "tst_misbehaving.moc"
