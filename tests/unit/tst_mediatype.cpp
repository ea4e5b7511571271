#include "values/mediatype.h"

#include <QTest>

using namespace Layerscope;

class TestMediaType : public QObject
{
    Q_OBJECT

private slots:
    void predicates_data();
    void predicates();
    void essence_data();
    void essence();
    void validity_data();
    void validity();
    void displayName();
};

void TestMediaType::predicates_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("index");
    QTest::addColumn<bool>("image");
    QTest::addColumn<bool>("schema1");
    QTest::addColumn<bool>("config");
    QTest::addColumn<bool>("layer");
    QTest::addColumn<bool>("nonDistributable");
    QTest::addColumn<int>("compression");

    using C = MediaType::Compression;
    const auto row = [](QLatin1StringView type, bool index, bool image, bool schema1, bool config,
                        bool layer, bool foreign, C compression) {
        QTest::addRow("%s", type.data()) << QString(type) << index << image << schema1 << config
                                         << layer << foreign << int(compression);
    };
    row(MediaType::DockerManifest, false, true, false, false, false, false, C::Unknown);
    row(MediaType::DockerManifestList, true, false, false, false, false, false, C::Unknown);
    row(MediaType::DockerSchema1, false, false, true, false, false, false, C::Unknown);
    row(MediaType::DockerSchema1Signed, false, false, true, false, false, false, C::Unknown);
    row(MediaType::OciManifest, false, true, false, false, false, false, C::Unknown);
    row(MediaType::OciIndex, true, false, false, false, false, false, C::Unknown);
    row(MediaType::DockerConfig, false, false, false, true, false, false, C::Unknown);
    row(MediaType::OciConfig, false, false, false, true, false, false, C::Unknown);
    row(MediaType::OciEmpty, false, false, false, false, false, false, C::Unknown);
    row(MediaType::DockerPluginConfig, false, false, false, false, false, false, C::Unknown);
    row(MediaType::DockerLayer, false, false, false, false, true, false, C::None);
    row(MediaType::DockerLayerGzip, false, false, false, false, true, false, C::Gzip);
    row(MediaType::DockerLayerZstd, false, false, false, false, true, false, C::Zstd);
    row(MediaType::DockerForeignLayerGzip, false, false, false, false, true, true, C::Gzip);
    row(MediaType::OciLayer, false, false, false, false, true, false, C::None);
    row(MediaType::OciLayerGzip, false, false, false, false, true, false, C::Gzip);
    row(MediaType::OciLayerZstd, false, false, false, false, true, false, C::Zstd);
    row(MediaType::OciNonDistributableLayer, false, false, false, false, true, true, C::None);
    row(MediaType::OciNonDistributableLayerGzip, false, false, false, false, true, true, C::Gzip);
    row(MediaType::OciNonDistributableLayerZstd, false, false, false, false, true, true, C::Zstd);
    row(MediaType::InTotoLayer, false, false, false, false, false, false, C::Unknown);
    row(QLatin1StringView("application/octet-stream"), false, false, false, false, false, false,
        C::Unknown);
    row(QLatin1StringView("application/tar+gzip"), false, false, false, false, false, false,
        C::Unknown);
}

void TestMediaType::predicates()
{
    QFETCH(QString, type);
    QFETCH(bool, index);
    QFETCH(bool, image);
    QFETCH(bool, schema1);
    QFETCH(bool, config);
    QFETCH(bool, layer);
    QFETCH(bool, nonDistributable);
    QFETCH(int, compression);

    QCOMPARE(MediaType::isIndex(type), index);
    QCOMPARE(MediaType::isImageManifest(type), image);
    QCOMPARE(MediaType::isSchema1(type), schema1);
    QCOMPARE(MediaType::isManifest(type), index || image || schema1);
    QCOMPARE(MediaType::isImageConfig(type), config);
    QCOMPARE(MediaType::isLayer(type), layer);
    QCOMPARE(MediaType::isNonDistributableLayer(type), nonDistributable);
    QCOMPARE(int(MediaType::layerCompression(type)), compression);
    QVERIFY(MediaType::isValid(type));
    QCOMPARE(MediaType::isDocker(type), type.startsWith(u"application/vnd.docker."));
    QCOMPARE(MediaType::isOci(type), type.startsWith(u"application/vnd.oci."));
}

void TestMediaType::essence_data()
{
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<QString>("expected");
    QTest::addRow("bare") << QStringLiteral("application/vnd.oci.image.index.v1+json")
                          << QStringLiteral("application/vnd.oci.image.index.v1+json");
    QTest::addRow("charset") << QStringLiteral("application/json; charset=utf-8")
                             << QStringLiteral("application/json");
    QTest::addRow("case and space")
        << QStringLiteral("  Application/VND.Docker.Distribution.Manifest.V2+JSON ")
        << QStringLiteral("application/vnd.docker.distribution.manifest.v2+json");
    QTest::addRow("empty") << QString() << QString();
}

void TestMediaType::essence()
{
    QFETCH(QString, contentType);
    QFETCH(QString, expected);
    QCOMPARE(MediaType::essence(contentType), expected);
}

void TestMediaType::validity_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("valid");
    QTest::addRow("simple") << QStringLiteral("text/plain") << true;
    QTest::addRow("vendor") << QStringLiteral("application/vnd.cncf.helm.config.v1+json") << true;
    QTest::addRow("no subtype") << QStringLiteral("application") << false;
    QTest::addRow("empty subtype") << QStringLiteral("application/") << false;
    QTest::addRow("bad first char of type") << QStringLiteral(".foo/bar") << false;
    QTest::addRow("bad first char of subtype") << QStringLiteral("foo/.bar") << false;
    QTest::addRow("longest type") << QString(QString(127, u'a') + QStringLiteral("/b")) << true;
    QTest::addRow("type too long") << QString(QString(128, u'a') + QStringLiteral("/b")) << false;
    QTest::addRow("subtype too long")
        << QString(QStringLiteral("a/") + QString(128, u'b')) << false;
    QTest::addRow("parameters") << QStringLiteral("text/plain; charset=utf-8") << false;
    QTest::addRow("two slashes") << QStringLiteral("a/b/c") << false;
}

void TestMediaType::validity()
{
    QFETCH(QString, type);
    QFETCH(bool, valid);
    QCOMPARE(MediaType::isValid(type), valid);
}

void TestMediaType::displayName()
{
    QCOMPARE(MediaType::displayName(MediaType::OciIndex), QStringLiteral("OCI image index"));
    QCOMPARE(MediaType::displayName(MediaType::DockerLayerGzip),
             QStringLiteral("Docker layer (gzip)"));
    QCOMPARE(MediaType::displayName(u"application/x-unknown"),
             QStringLiteral("application/x-unknown"));
}

QTEST_GUILESS_MAIN(TestMediaType)
#include "tst_mediatype.moc"
