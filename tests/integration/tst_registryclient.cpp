// The registry API against Debian's docker-registry, with every expectation taken from the
// harness's contract (what its pusher built), never from Layerscope itself.

#include "registry/bloboperation.h"
#include "registry/layerverifyoperation.h"
#include "registry/listoperation.h"
#include "registry/manifestoperation.h"
#include "registry/referrersoperation.h"
#include "registry/registryclient.h"
#include "services/imageinspection.h"
#include "services/tagresolver.h"
#include "transport/transportreply.h"
#include "values/imageindex.h"
#include "values/imagemanifest.h"

#include "harness.h"
#include "operationwait.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTest>

using namespace Layerscope;
using Category = RegistryError::Category;

namespace {

QString platformText(const QJsonObject &platform)
{
    QString text
        = platform.value(u"os").toString() + u'/' + platform.value(u"architecture").toString();
    if (platform.contains(u"variant"))
        text += u'/' + platform.value(u"variant").toString();
    return text;
}

} // namespace

class TestRegistryClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void ping();
    void failedProbeIsTriedAgain();
    void catalogAllPages();
    void catalogPageByPage();
    void tagsOfManyTags();
    void manifestByTagAndDigest_data();
    void manifestByTagAndDigest();
    void headDigest();
    void missingManifest();
    void inspectFixtures_data();
    void inspectFixtures();
    void platformSelection();
    void verifyLayers_data();
    void verifyLayers();
    void referrersFallBackToTagSchema();
    void referrersOfImageWithout();
    void tagResolverManyTags();
    void cancelStopsWork();
    void deletingTheRequesterStopsWork();
    void closingTheClientFinishesItsOperations();
    void pagingServer();
    void pagingRefusesOtherHosts_data();
    void pagingRefusesOtherHosts();

private:
    std::unique_ptr<RegistryClient> openClient() const
    {
        return std::make_unique<RegistryClient>(Harness::hostPort(QStringLiteral("open")));
    }
};

void TestRegistryClient::initTestCase()
{
    QVERIFY2(Harness::available(), "the harness is not running (LAYERSCOPE_HARNESS)");
}

void TestRegistryClient::ping()
{
    auto client = openClient();
    TransportReply *reply = client->ping(this);
    QVERIFY(waitForFinished(reply));
    QVERIFY2(reply->succeeded(), qPrintable(reply->error().toString()));
    QCOMPARE(reply->status(), 200);
    // A loopback registry without TLS: HTTPS was tried first, plain HTTP is what answered.
    QCOMPARE(client->transport()->baseUrl().scheme(), QStringLiteral("http"));
    delete reply;
}

void TestRegistryClient::failedProbeIsTriedAgain()
{
    // A port nothing listens on: every request fails, and none waits for an earlier failure.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const QString host = QStringLiteral("127.0.0.1:%1").arg(closed.serverPort());
    closed.close();
    RegistryClient client(host);
    for (int attempt = 0; attempt < 3; ++attempt) {
        ListOperation *list = client.listRepositories(this);
        QVERIFY(waitForFinished(list, 30000));
        QCOMPARE(list->error().category(), Category::Network);
        QVERIFY(list->error().isTransient());
        delete list;
    }
}

void TestRegistryClient::catalogAllPages()
{
    auto client = openClient();
    ListOperation *list = client->listRepositories(this);
    QSignalSpy pages(list, &ListOperation::pageReceived);
    QVERIFY(waitForFinished(list));
    QVERIFY2(list->succeeded(), qPrintable(list->error().toString()));
    const QJsonObject catalog = Harness::contract().value(u"catalog").toObject();
    QStringList expected;
    for (const QJsonValue &name : catalog.value(u"repositories").toArray())
        expected.append(name.toString());
    QCOMPARE(list->items(), expected);
    QCOMPARE(list->items().size(), catalog.value(u"count").toInt());
    // 273 repositories at the registry's default of 100 per page.
    QCOMPARE(list->pages(), catalog.value(u"pages").toInt());
    QCOMPARE(pages.size(), list->pages());
    QVERIFY(list->nextPage().isEmpty());
    delete list;
}

void TestRegistryClient::catalogPageByPage()
{
    auto client = openClient();
    QStringList all;
    QUrl next;
    int pages = 0;
    do {
        ListOperation *page = client->listRepositories(this, false, 50, next);
        QVERIFY(waitForFinished(page));
        QVERIFY2(page->succeeded(), qPrintable(page->error().toString()));
        QVERIFY(page->items().size() <= 50);
        all.append(page->items());
        next = page->nextPage();
        ++pages;
        delete page;
    } while (!next.isEmpty() && pages < 20);
    QCOMPARE(all.size(), Harness::contract().value(u"catalog").toObject().value(u"count").toInt());
    QCOMPARE(pages, 6); // 273 at 50 a page
}

void TestRegistryClient::tagsOfManyTags()
{
    auto client = openClient();
    const QJsonObject fixture = Harness::fixture(QStringLiteral("manyTags"));
    ListOperation *list = client->listTags(fixture.value(u"repository").toString(), this);
    QVERIFY(waitForFinished(list));
    QVERIFY2(list->succeeded(), qPrintable(list->error().toString()));
    QStringList expected = fixture.value(u"tagDigests").toObject().keys();
    QStringList actual = list->items();
    expected.sort();
    actual.sort();
    QCOMPARE(actual, expected);
    QCOMPARE(actual.size(), 310);
    delete list;
}

void TestRegistryClient::manifestByTagAndDigest_data()
{
    QTest::addColumn<QString>("fixture");
    for (const QString &id :
         {QStringLiteral("dockerImage"), QStringLiteral("ociImage"), QStringLiteral("ociIndex"),
          QStringLiteral("dockerList"), QStringLiteral("fiftyLayers"), QStringLiteral("zstdLayer"),
          QStringLiteral("nested")})
        QTest::addRow("%s", qPrintable(id)) << id;
}

void TestRegistryClient::manifestByTagAndDigest()
{
    QFETCH(QString, fixture);
    const QJsonObject expected = Harness::fixture(fixture);
    const QString repository = expected.value(u"repository").toString();
    auto client = openClient();

    for (const QJsonValue &tag : expected.value(u"tags").toArray()) {
        ManifestOperation *byTag = client->fetchManifest(repository, tag.toString(), this);
        QVERIFY(waitForFinished(byTag));
        QVERIFY2(byTag->succeeded(), qPrintable(byTag->error().toString()));
        QCOMPARE(byTag->digest().toString(), expected.value(u"digest").toString());
        QCOMPARE(byTag->mediaType(), expected.value(u"mediaType").toString());
        QCOMPARE(byTag->size(), expected.value(u"size").toInteger());
        QCOMPARE(byTag->verification(), ManifestOperation::Verification::DigestHeader);
        QVERIFY(Digest::compute(byTag->manifest()->raw()).toString()
                == expected.value(u"digest").toString());
        delete byTag;
    }
    // A fresh client, so the bytes come from the registry again, checked against the digest.
    auto fresh = openClient();
    ManifestOperation *byDigest
        = fresh->fetchManifest(repository, expected.value(u"digest").toString(), this);
    QVERIFY(waitForFinished(byDigest));
    QVERIFY2(byDigest->succeeded(), qPrintable(byDigest->error().toString()));
    QCOMPARE(byDigest->verification(), ManifestOperation::Verification::RequestedDigest);
    delete byDigest;
}

void TestRegistryClient::headDigest()
{
    auto client = openClient();
    const QJsonObject expected = Harness::fixture(QStringLiteral("ociIndex"));
    ManifestOperation *head = client->headManifest(expected.value(u"repository").toString(),
                                                   QStringLiteral("latest"), this);
    QVERIFY(waitForFinished(head));
    QVERIFY2(head->succeeded(), qPrintable(head->error().toString()));
    QCOMPARE(head->digest().toString(), expected.value(u"digest").toString());
    QCOMPARE(head->mediaType(), expected.value(u"mediaType").toString());
    QCOMPARE(head->size(), expected.value(u"size").toInteger());
    QVERIFY(!head->manifest());
    QCOMPARE(head->verification(), ManifestOperation::Verification::ReportedByRegistry);
    delete head;
}

void TestRegistryClient::missingManifest()
{
    auto client = openClient();
    ManifestOperation *missing = client->fetchManifest(QStringLiteral("fixtures/docker-app"),
                                                       QStringLiteral("no-such-tag"), this);
    QVERIFY(waitForFinished(missing));
    QCOMPARE(missing->error().category(), Category::NotFound);
    QCOMPARE(missing->error().httpStatus(), 404);
    QVERIFY(!missing->error().entries().isEmpty());
    QCOMPARE(missing->error().entries().constFirst().code, QStringLiteral("MANIFEST_UNKNOWN"));
    QVERIFY(missing->error().toString().contains(u"/v2/fixtures/docker-app/manifests/no-such-tag"));
    QVERIFY(!missing->error().isTransient());

    ListOperation *noRepository = client->listTags(QStringLiteral("no/such/repository"), this);
    QVERIFY(waitForFinished(noRepository));
    QCOMPARE(noRepository->error().category(), Category::NotFound);
    QCOMPARE(noRepository->error().entries().constFirst().code, QStringLiteral("NAME_UNKNOWN"));
    delete missing;
    delete noRepository;
}

void TestRegistryClient::inspectFixtures_data()
{
    QTest::addColumn<QString>("fixture");
    const QJsonObject fixtures = Harness::contract().value(u"fixtures").toObject();
    for (auto it = fixtures.constBegin(); it != fixtures.constEnd(); ++it) {
        const QJsonObject fixture = it.value().toObject();
        const QString kind = fixture.value(u"kind").toString();
        // Images, indexes and lists on the open registry; the others have their own tests.
        if (fixture.value(u"registry").toString() != u"open" || kind == u"artifact"
            || kind == u"referrersTagIndex" || kind == u"tagSet" || kind == u"repositorySet")
            continue;
        QTest::addRow("%s", qPrintable(it.key())) << it.key();
    }
}

void TestRegistryClient::inspectFixtures()
{
    QFETCH(QString, fixture);
    const QJsonObject expected = Harness::fixture(fixture);
    auto client = openClient();
    const ImageReference reference
        = ImageReference::parse(expected.value(u"reference").toString()).value();
    ImageInspection inspection(client.get(), reference, std::nullopt, nullptr);
    QVERIFY(waitForFinished(&inspection));
    QVERIFY2(inspection.succeeded(), qPrintable(inspection.error().toString()));
    QCOMPARE(inspection.digest().toString(), expected.value(u"digest").toString());

    const QJsonArray images = expected.value(u"images").toArray();
    QCOMPARE(inspection.images().size(), images.size());
    for (qsizetype i = 0; i < images.size(); ++i) {
        const QJsonObject want = images.at(i).toObject();
        const ResolvedImage &got = inspection.images().at(i);
        QCOMPARE(got.descriptor.digest.toString(), want.value(u"manifestDigest").toString());
        QCOMPARE(got.platform.toString(), platformText(want.value(u"platform").toObject()));
        QVERIFY(got.config);
        QCOMPARE(got.config->digest().toString(), want.value(u"configDigest").toString());
        QCOMPARE(got.config->digest().shortHex(), want.value(u"imageId").toString());
        QCOMPARE(int(got.config->history().size()), want.value(u"historyCount").toInt());
        const QJsonArray layers = want.value(u"layers").toArray();
        const QList<Descriptor> gotLayers = got.layers();
        QCOMPARE(gotLayers.size(), layers.size());
        QCOMPARE(got.config->diffIds().size(), layers.size());
        for (qsizetype l = 0; l < layers.size(); ++l) {
            const QJsonObject layer = layers.at(l).toObject();
            QCOMPARE(gotLayers.at(l).digest.toString(), layer.value(u"digest").toString());
            QCOMPARE(gotLayers.at(l).size, layer.value(u"size").toInteger());
            QCOMPARE(gotLayers.at(l).mediaType, layer.value(u"mediaType").toString());
            QCOMPARE(got.config->diffIds().at(l).toString(), layer.value(u"diffId").toString());
        }
        QCOMPARE(got.compressedSize(), want.value(u"totalLayerSize").toInteger());
    }
}

void TestRegistryClient::platformSelection()
{
    const QJsonObject expected = Harness::fixture(QStringLiteral("ociIndex"));
    auto client = openClient();
    const ImageReference reference
        = ImageReference::parse(expected.value(u"reference").toString()).value();

    for (const QJsonValue &value : expected.value(u"images").toArray()) {
        const QJsonObject image = value.toObject();
        ImageInspection inspection(
            client.get(), reference,
            Platform::parse(platformText(image.value(u"platform").toObject())).value(), nullptr);
        QVERIFY(waitForFinished(&inspection));
        QVERIFY2(inspection.succeeded(), qPrintable(inspection.error().toString()));
        QCOMPARE(inspection.images().size(), 1);
        QCOMPARE(inspection.images().constFirst().descriptor.digest.toString(),
                 image.value(u"manifestDigest").toString());
    }

    // "arm64" means arm64/v8, as docker reads it.
    ImageInspection arm64(client.get(), reference, Platform::parse(u"linux/arm64").value(),
                          nullptr);
    QVERIFY(waitForFinished(&arm64));
    QVERIFY2(arm64.succeeded(), qPrintable(arm64.error().toString()));
    QCOMPARE(arm64.images().constFirst().platform.toString(), QStringLiteral("linux/arm64/v8"));

    // Attestations are never chosen, and a missing platform says what there is.
    ImageInspection none(client.get(), reference, Platform::parse(u"linux/s390x").value(), nullptr);
    QVERIFY(waitForFinished(&none));
    QCOMPARE(none.error().category(), Category::NotFound);
    QVERIFY(none.error().message().contains(u"linux/s390x"));
    QVERIFY(none.error().message().contains(u"linux/amd64"));
    QVERIFY(!none.error().message().contains(u"unknown/unknown"));
}

void TestRegistryClient::verifyLayers_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addRow("gzip") << QStringLiteral("dockerImage");
    QTest::addRow("zstd") << QStringLiteral("zstdLayer");
    QTest::addRow("uncompressed") << QStringLiteral("uncompressedLayer");
}

void TestRegistryClient::verifyLayers()
{
    QFETCH(QString, fixture);
    const QJsonObject expected = Harness::fixture(fixture);
    const QJsonObject image = expected.value(u"images").toArray().first().toObject();
    auto client = openClient();
    for (const QJsonValue &value : image.value(u"layers").toArray()) {
        const QJsonObject layer = value.toObject();
        Descriptor descriptor;
        descriptor.mediaType = layer.value(u"mediaType").toString();
        descriptor.digest = Digest::parse(layer.value(u"digest").toString()).value();
        descriptor.size = layer.value(u"size").toInteger();
        const Digest diffId = Digest::parse(layer.value(u"diffId").toString()).value();
        LayerVerifyOperation *verify = client->verifyLayer(expected.value(u"repository").toString(),
                                                           descriptor, diffId, this);
        QSignalSpy progress(verify, &Operation::progress);
        QVERIFY(waitForFinished(verify));
        QVERIFY2(verify->succeeded(), qPrintable(verify->error().toString()));
        const LayerDigester::Outcome &outcome = verify->outcome();
        QVERIFY2(outcome.verified(), qPrintable(outcome.mismatchText()));
        QCOMPARE(outcome.digestCheck, LayerDigester::Check::Match);
        QCOMPARE(outcome.diffIdCheck, LayerDigester::Check::Match);
        QCOMPARE(outcome.compressedSize, descriptor.size);
        QCOMPARE(outcome.uncompressedSize, layer.value(u"uncompressedSize").toInteger());
        if (layer.value(u"compression").toString() == u"none")
            QCOMPARE(outcome.diffId, outcome.compressedDigest);
        QVERIFY(!progress.isEmpty());
        delete verify;
    }
}

void TestRegistryClient::referrersFallBackToTagSchema()
{
    const QJsonObject subject = Harness::fixture(QStringLiteral("ociImage"));
    const QJsonObject artifact = Harness::fixture(QStringLiteral("artifact"));
    auto client = openClient();
    ReferrersOperation *referrers
        = client->fetchReferrers(subject.value(u"repository").toString(),
                                 Digest::parse(subject.value(u"digest").toString()).value(), this);
    QVERIFY(waitForFinished(referrers));
    QVERIFY2(referrers->succeeded(), qPrintable(referrers->error().toString()));
    // distribution 2.8 has no referrers API: the list comes from the sha256-<hex> tag.
    QCOMPARE(referrers->source(), ReferrersOperation::Source::TagSchema);
    QCOMPARE(referrers->referrers().size(), 1);
    const Descriptor &found = referrers->referrers().constFirst();
    QCOMPARE(found.digest.toString(), artifact.value(u"digest").toString());
    QCOMPARE(found.artifactType, artifact.value(u"artifactType").toString());
    QVERIFY(!found.annotations.isEmpty());
    delete referrers;

    // The artifact itself names the subject.
    ManifestOperation *manifest = client->fetchManifest(artifact.value(u"repository").toString(),
                                                        artifact.value(u"digest").toString(), this);
    QVERIFY(waitForFinished(manifest));
    QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));
    QCOMPARE(manifest->manifest()->subject()->digest.toString(),
             subject.value(u"digest").toString());
    QCOMPARE(manifest->manifest()->artifactType(), artifact.value(u"artifactType").toString());
    delete manifest;
}

void TestRegistryClient::referrersOfImageWithout()
{
    const QJsonObject subject = Harness::fixture(QStringLiteral("dockerImage"));
    auto client = openClient();
    ReferrersOperation *referrers
        = client->fetchReferrers(subject.value(u"repository").toString(),
                                 Digest::parse(subject.value(u"digest").toString()).value(), this);
    QVERIFY(waitForFinished(referrers));
    QVERIFY2(referrers->succeeded(), qPrintable(referrers->error().toString()));
    QCOMPARE(referrers->source(), ReferrersOperation::Source::None);
    QVERIFY(referrers->referrers().isEmpty());
    delete referrers;
}

void TestRegistryClient::tagResolverManyTags()
{
    const QJsonObject expected = Harness::fixture(QStringLiteral("manyTags"));
    const QJsonObject tagDigests = expected.value(u"tagDigests").toObject();
    auto client = openClient();
    TagResolver resolver(client.get(), expected.value(u"repository").toString(), {},
                         TagResolver::Detail::Full, Platform::host(), 8, nullptr);
    QSignalSpy resolved(&resolver, &TagResolver::tagResolved);
    QVERIFY(waitForFinished(&resolver, 120000));
    QVERIFY2(resolver.succeeded(), qPrintable(resolver.error().toString()));
    QCOMPARE(resolver.results().size(), 310);
    QCOMPARE(resolved.size(), 310);
    QHash<QString, QJsonObject> images;
    for (const QJsonValue &value : expected.value(u"images").toArray())
        images.insert(value.toObject().value(u"manifestDigest").toString(), value.toObject());
    for (const TagInfo &info : resolver.results()) {
        QVERIFY2(!info.error.isError(), qPrintable(info.tag + u' ' + info.error.toString()));
        QCOMPARE(info.digest.toString(), tagDigests.value(info.tag).toString());
        const QJsonObject image = images.value(info.digest.toString());
        QVERIFY2(!image.isEmpty(), qPrintable(info.tag));
        QCOMPARE(info.compressedSize, image.value(u"totalLayerSize").toInteger());
        QCOMPARE(info.platforms, QStringList{platformText(image.value(u"platform").toObject())});
        QCOMPARE(info.created.toUTC().toString(Qt::ISODate), image.value(u"created").toString());
    }
}

void TestRegistryClient::cancelStopsWork()
{
    auto client = openClient();
    const QJsonObject expected = Harness::fixture(QStringLiteral("fiftyLayers"));
    const ImageReference reference
        = ImageReference::parse(expected.value(u"reference").toString()).value();
    ImageInspection inspection(client.get(), reference, std::nullopt, nullptr);
    QSignalSpy finished(&inspection, &Operation::finished);
    inspection.cancel();
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(inspection.error().category(), Category::Cancelled);
    QVERIFY(inspection.findChildren<Operation *>().isEmpty());
    // Cancelling again, or after the end, changes nothing.
    inspection.cancel();
    QTest::qWait(50);
    QCOMPARE(finished.size(), 1);
}

void TestRegistryClient::deletingTheRequesterStopsWork()
{
    auto client = openClient();
    auto *requester = new QObject;
    ListOperation *list = client->listRepositories(requester);
    QPointer<ListOperation> watch(list);
    bool delivered = false;
    connect(list, &Operation::finished, this, [&delivered] { delivered = true; });
    delete requester; // the operation goes with it: no result reaches a requester that is gone
    QVERIFY(watch.isNull());
    QTest::qWait(500);
    QVERIFY(!delivered);
}

void TestRegistryClient::closingTheClientFinishesItsOperations()
{
    auto client = openClient();
    QObject requester;
    ListOperation *list = client->listRepositories(&requester);
    QSignalSpy finished(list, &Operation::finished);
    client.reset();
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(list->error().category(), Category::Cancelled);
}

void TestRegistryClient::pagingServer()
{
    const QJsonObject paging = Harness::testServer(QStringLiteral("paging"));
    const QString host = QUrl(paging.value(u"url").toString()).authority();
    RegistryClient client(host);

    ListOperation *catalog = client.listRepositories(this);
    QVERIFY(waitForFinished(catalog));
    QVERIFY2(catalog->succeeded(), qPrintable(catalog->error().toString()));
    QCOMPARE(catalog->items().size(), paging.value(u"catalog").toObject().value(u"count").toInt());
    QVERIFY(catalog->pages() >= 3);

    const QJsonObject many = paging.value(u"tagLists").toObject().value(u"many").toObject();
    ListOperation *tags = client.listTags(many.value(u"repository").toString(), this);
    QVERIFY(waitForFinished(tags));
    QVERIFY2(tags->succeeded(), qPrintable(tags->error().toString()));
    QCOMPARE(tags->items().size(), many.value(u"tagCount").toInt());
    QVERIFY(tags->pages() >= 3);
    QCOMPARE(QSet<QString>(tags->items().cbegin(), tags->items().cend()).size(),
             tags->items().size());
    delete catalog;
    delete tags;
}

void TestRegistryClient::pagingRefusesOtherHosts_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("repository"); // empty: the catalog
    const QJsonObject lists
        = Harness::testServer(QStringLiteral("paging")).value(u"tagLists").toObject();
    QTest::addRow("absolute link")
        << QStringLiteral("paging")
        << lists.value(u"offhost").toObject().value(u"repository").toString();
    QTest::addRow("scheme-relative link")
        << QStringLiteral("paging")
        << lists.value(u"offhostRelative").toObject().value(u"repository").toString();
    QTest::addRow("catalog") << QStringLiteral("pagingOffhost") << QString();
}

void TestRegistryClient::pagingRefusesOtherHosts()
{
    QFETCH(QString, server);
    QFETCH(QString, repository);
    const QJsonObject info = Harness::testServer(server);
    RegistryClient client(QUrl(info.value(u"url").toString()).authority());
    ListOperation *list
        = repository.isEmpty() ? client.listRepositories(this) : client.listTags(repository, this);
    QSignalSpy pages(list, &ListOperation::pageReceived);
    QVERIFY(waitForFinished(list));
    QCOMPARE(list->error().category(), Category::Protocol);
    QVERIFY2(list->error().message().contains(u"another host"),
             qPrintable(list->error().toString()));
    QCOMPARE(pages.size(), 1); // the first page was read, the link was not followed
    const QJsonArray seen
        = Harness::fetchLog(
              Harness::testServer(QStringLiteral("elsewhere")).value(u"log").toString())
              .value(u"requests")
              .toArray();
    for (const QJsonValue &request : seen)
        QVERIFY2(!request.toObject().value(u"path").toString().contains(u"/v2/"),
                 "a pagination link to another host was followed");
    delete list;
}

QTEST_GUILESS_MAIN(TestRegistryClient)
#include "tst_registryclient.moc"
