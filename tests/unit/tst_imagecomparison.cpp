#include "services/imagecomparison.h"
#include "values/imagemanifest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Layerscope;

namespace {

/// Images with the platforms written as "linux/amd64 linux/arm64/v8" (each a separate image).
QList<ResolvedImage> imagesFor(const QString &platforms)
{
    QList<ResolvedImage> images;
    for (const QString &name : platforms.split(u' ', Qt::SkipEmptyParts)) {
        ResolvedImage image;
        image.platform = *Platform::parse(name);
        image.descriptor.digest = Digest::compute("manifest " + name.toUtf8());
        images.append(image);
    }
    return images;
}

QString platformNames(const QList<Platform> &platforms)
{
    QStringList names;
    for (const Platform &platform : platforms)
        names.append(platform.toString());
    return names.join(u' ');
}

/// A layer blob's compressed digest and its diff_id, written as "content" or "content'" (the
/// same content compressed another way).
struct Layer
{
    QString name;
    qint64 size = 100;
};

/// An image manifest and config with \a layers, and the config's env.
ResolvedImage image(const QList<Layer> &layers, const QStringList &env)
{
    QJsonArray diffIds;
    QJsonArray history;
    QJsonArray manifestLayers;
    for (const Layer &layer : layers) {
        QString content = layer.name;
        content.remove(u'\'');
        diffIds.append(Digest::compute("tar " + content.toUtf8()).toString());
        history.append(QJsonObject{{QStringLiteral("created_by"), u"RUN make "_qs + content}});
        manifestLayers.append(QJsonObject{
            {QStringLiteral("mediaType"),
             QStringLiteral("application/vnd.oci.image.layer.v1.tar+gzip")},
            {QStringLiteral("digest"), Digest::compute("blob " + layer.name.toUtf8()).toString()},
            {QStringLiteral("size"), double(layer.size)}});
    }
    const QJsonObject config{
        {QStringLiteral("architecture"), QStringLiteral("amd64")},
        {QStringLiteral("os"), QStringLiteral("linux")},
        {QStringLiteral("config"),
         QJsonObject{{QStringLiteral("Env"), QJsonArray::fromStringList(env)}}},
        {QStringLiteral("rootfs"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("layers")},
                     {QStringLiteral("diff_ids"), diffIds}}},
        {QStringLiteral("history"), history}};
    const QByteArray configBytes = QJsonDocument(config).toJson(QJsonDocument::Compact);
    const QJsonObject manifest{
        {QStringLiteral("schemaVersion"), 2},
        {QStringLiteral("mediaType"), QStringLiteral("application/vnd.oci.image.manifest.v1+json")},
        {QStringLiteral("config"),
         QJsonObject{{QStringLiteral("mediaType"),
                      QStringLiteral("application/vnd.oci.image.config.v1+json")},
                     {QStringLiteral("digest"), Digest::compute(configBytes).toString()},
                     {QStringLiteral("size"), double(configBytes.size())}}},
        {QStringLiteral("layers"), manifestLayers}};
    const QByteArray manifestBytes = QJsonDocument(manifest).toJson(QJsonDocument::Compact);

    ResolvedImage resolved;
    const auto parsedManifest = ImageManifest::parse(manifestBytes);
    const auto parsedConfig = ImageConfig::parse(configBytes);
    if (!parsedManifest || !parsedConfig)
        qFatal("test documents do not parse");
    resolved.manifest = *parsedManifest;
    resolved.config = *parsedConfig;
    resolved.descriptor.digest = Digest::compute(manifestBytes);
    resolved.platform = parsedConfig->platform();
    return resolved;
}

} // namespace

class TestImageComparison : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void platformSets_data();
    void platformSets();
    void defaultPair_data();
    void defaultPair();
    void imageForPlatformMatchesNormalised();
    void diffOfTheSameImageRecompressed();
    void diffOfAnImageAndItsSuccessor();
    void diffOfImagesWithoutConfigs();
};

void TestImageComparison::platformSets_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<QString>("both");
    QTest::addColumn<QString>("onlyA");
    QTest::addColumn<QString>("onlyB");

    QTest::addRow("equal sets") << "linux/amd64 linux/arm64"
                                << "linux/arm64 linux/amd64"
                                << "linux/amd64 linux/arm64"
                                << ""
                                << "";
    QTest::addRow("different sets") << "linux/amd64 linux/arm64/v8 linux/s390x"
                                    << "linux/amd64 linux/arm64/v8 linux/ppc64le"
                                    << "linux/amd64 linux/arm64/v8"
                                    << "linux/s390x"
                                    << "linux/ppc64le";
    QTest::addRow("nothing in common") << "linux/amd64"
                                       << "linux/arm/v7"
                                       << ""
                                       << "linux/amd64"
                                       << "linux/arm/v7";
    QTest::addRow("arm64 and arm64/v8 are one platform") << "linux/arm64"
                                                         << "linux/arm64/v8"
                                                         << "linux/arm64"
                                                         << ""
                                                         << "";
    QTest::addRow("arm v6 and v7 differ") << "linux/arm/v6"
                                          << "linux/arm/v7"
                                          << ""
                                          << "linux/arm/v6"
                                          << "linux/arm/v7";
    QTest::addRow("a platform listed twice counts once") << "linux/amd64 linux/amd64"
                                                         << "linux/amd64"
                                                         << "linux/amd64"
                                                         << ""
                                                         << "";
    QTest::addRow("empty side") << ""
                                << "linux/amd64"
                                << ""
                                << ""
                                << "linux/amd64";
    QTest::addRow("both empty") << ""
                                << ""
                                << ""
                                << ""
                                << "";
}

void TestImageComparison::platformSets()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    const PlatformSets sets = comparePlatforms(imagesFor(a), imagesFor(b));
    QTEST(platformNames(sets.both), "both");
    QTEST(platformNames(sets.onlyA), "onlyA");
    QTEST(platformNames(sets.onlyB), "onlyB");
}

void TestImageComparison::defaultPair_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<QString>("host");
    QTest::addColumn<qsizetype>("expectedA");
    QTest::addColumn<qsizetype>("expectedB");

    QTest::addRow("two single images, whatever their platforms")
        << "linux/amd64"
        << "linux/arm64"
        << "linux/amd64" << qsizetype(0) << qsizetype(0);
    QTest::addRow("host platform on both sides") << "linux/arm64 linux/amd64"
                                                 << "linux/amd64 linux/arm64"
                                                 << "linux/amd64" << qsizetype(1) << qsizetype(0);
    QTest::addRow("host on one side only: first common platform")
        << "linux/s390x linux/arm64/v8 linux/amd64"
        << "linux/ppc64le linux/arm64"
        << "linux/amd64" << qsizetype(1) << qsizetype(1);
    QTest::addRow("no common platform: each side's host image")
        << "linux/s390x linux/amd64"
        << "linux/arm/v7"
        << "linux/amd64" << qsizetype(1) << qsizetype(0);
    QTest::addRow("no common platform and no host image: first images")
        << "linux/s390x linux/ppc64le"
        << "linux/arm/v7 linux/riscv64"
        << "linux/amd64" << qsizetype(0) << qsizetype(0);
    QTest::addRow("single image against an index: its platform there")
        << "linux/arm64/v8"
        << "linux/amd64 linux/arm64"
        << "linux/amd64" << qsizetype(0) << qsizetype(1);
    QTest::addRow("index against a single image of the host")
        << "linux/amd64 linux/arm64"
        << "linux/amd64"
        << "linux/arm64" << qsizetype(0) << qsizetype(0);
    QTest::addRow("empty side") << ""
                                << "linux/amd64 linux/arm64"
                                << "linux/arm64" << qsizetype(-1) << qsizetype(1);
}

void TestImageComparison::defaultPair()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(QString, host);
    QFETCH(qsizetype, expectedA);
    QFETCH(qsizetype, expectedB);
    const ImagePair pair = defaultImagePair(imagesFor(a), imagesFor(b), *Platform::parse(host));
    QCOMPARE(pair.a, expectedA);
    QCOMPARE(pair.b, expectedB);
}

void TestImageComparison::imageForPlatformMatchesNormalised()
{
    const QList<ResolvedImage> images = imagesFor(u"linux/amd64 linux/arm64/v8 linux/arm/v7"_qs);
    QCOMPARE(imageForPlatform(images, *Platform::parse(u"linux/arm64")), 1);
    QCOMPARE(imageForPlatform(images, *Platform::parse(u"linux/arm/v7")), 2);
    QCOMPARE(imageForPlatform(images, *Platform::parse(u"linux/arm/v6")), -1);
    QCOMPARE(imageForPlatform({}, *Platform::parse(u"linux/amd64")), -1);
}

void TestImageComparison::diffOfTheSameImageRecompressed()
{
    // The same layer contents and config; one layer's blob compressed another way.
    const ResolvedImage a = image({{u"base"_qs, 1000}, {u"app"_qs, 200}}, {u"MODE=x"_qs});
    const ResolvedImage b = image({{u"base"_qs, 1000}, {u"app'"_qs, 180}}, {u"MODE=x"_qs});
    QVERIFY(a.descriptor.digest != b.descriptor.digest);
    const ImageDiff diff = diffImages(a, b);
    QVERIFY(diff.identical);
    QVERIFY(diff.config.isEmpty());
    QCOMPARE(diff.layers.size(), 2);
    QCOMPARE(diff.layers.at(0).change, LayerChange::Same);
    QCOMPARE(diff.layers.at(1).change, LayerChange::Recompressed);
    QCOMPARE(diff.summary.shared, 1);
    QCOMPARE(diff.summary.recompressed, 1);
    QCOMPARE(diff.summary.sharedBytes, 1000);
    QCOMPARE(diff.summary.sizeDelta, -20);
}

void TestImageComparison::diffOfAnImageAndItsSuccessor()
{
    const ResolvedImage a
        = image({{u"base"_qs, 1000}, {u"deps"_qs, 300}}, {u"PATH=/bin"_qs, u"MODE=x"_qs});
    const ResolvedImage b
        = image({{u"base"_qs, 1000}, {u"deps"_qs, 300}, {u"app"_qs, 50}, {u"assets"_qs, 25}},
                {u"PATH=/bin"_qs, u"MODE=y"_qs, u"NEW=1"_qs});
    const ImageDiff diff = diffImages(a, b);
    QVERIFY(!diff.identical);
    QCOMPARE(diff.summary.shared, 2);
    QCOMPARE(diff.summary.onlyB, 2);
    QCOMPARE(diff.summary.onlyA, 0);
    QCOMPARE(diff.summary.sizeDelta, 75);
    QCOMPARE(diff.layers.at(2).change, LayerChange::OnlyB);
    QCOMPARE(diff.layers.at(2).b->createdBy, u"RUN make app"_qs);
    QCOMPARE(diff.layers.at(3).b->createdBy, u"RUN make assets"_qs);

    const QList<ConfigDifference> expected{
        {u"env"_qs, u"MODE"_qs, u"x"_qs, u"y"_qs},
        {u"env"_qs, u"NEW"_qs, std::nullopt, u"1"_qs},
    };
    QCOMPARE(diff.config, expected);
}

void TestImageComparison::diffOfImagesWithoutConfigs()
{
    // Schema1 images and artifacts have no image config: nothing to align, nothing identical.
    ResolvedImage a;
    ResolvedImage b;
    const ImageDiff diff = diffImages(a, b);
    QVERIFY(!diff.identical);
    QVERIFY(diff.layers.isEmpty());
    QVERIFY(diff.config.isEmpty());
}

QTEST_GUILESS_MAIN(TestImageComparison)
#include "tst_imagecomparison.moc"
