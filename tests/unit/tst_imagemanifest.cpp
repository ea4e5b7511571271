#include "testdata.h"
#include "values/imagemanifest.h"
#include "values/mediatype.h"

#include <QTest>

#include <limits>

using namespace Layerscope;
using Code = ParseError::Code;
using Format = Manifest::Format;

namespace {

// A valid OCI image manifest that the bad-input rows below break one field at a time.
const QByteArray ociManifest = R"({
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {
    "mediaType": "application/vnd.oci.image.config.v1+json",
    "size": 1470,
    "digest": "sha256:c86f7763873b6c0aae22d963bab59b4f5debbed6685761b5951584f6efb0633b"
  },
  "layers": [
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "size": 675598,
      "digest": "sha256:9d3dd9504c685a304985025df4ed0283e47ac9ffa9bd0326fddf4d59513f0827"
    },
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "size": 156,
      "digest": "sha256:2b689805fbd00b2db1df73fae47562faac1a626d5f61744bfe29946ecff5d73d"
    }
  ],
  "annotations": {
    "com.example.key": "value"
  }
})";

QByteArray dockerManifest()
{
    QByteArray document = ociManifest;
    document.replace("application/vnd.oci.image.manifest.v1+json",
                     MediaType::DockerManifest.latin1());
    document.replace("application/vnd.oci.image.config.v1+json", MediaType::DockerConfig.latin1());
    document.replace("application/vnd.oci.image.layer.v1.tar+gzip",
                     MediaType::DockerLayerGzip.latin1());
    return document;
}

QString message(const Result<ImageManifestPtr> &result)
{
    return result ? QString() : result.error().message();
}

} // namespace

class TestImageManifest : public QObject
{
    Q_OBJECT

private slots:
    void dockerHubManifest();
    void ociManifestFields();
    void dockerSchema2WithoutMediaType();
    void artifacts_data();
    void artifacts();
    void emptyLayerList();
    void totalLayerSizeSaturates();
    void otherKindOfManifest();
    void badInput_data();
    void badInput();
};

// opencontainers/image-spec schema/backwards_compatibility_test.go: the manifest of
// library/docker as Docker Hub served it, with its stated digest.
void TestImageManifest::dockerHubManifest()
{
    const QByteArray raw = TestData::read(
        QStringLiteral("manifests/imagespec_dockerhub/docker_library_docker_manifest_v2_0.json"));
    const Result<ImageManifestPtr> manifest = ImageManifest::parse(raw);
    QVERIFY2(manifest, qPrintable(message(manifest)));
    const ImageManifest &m = **manifest;

    QCOMPARE(m.format(), Format::DockerSchema2);
    QCOMPARE(m.mediaType(), QString(MediaType::DockerManifest));
    QCOMPARE(
        m.digest().toString(),
        QStringLiteral("sha256:888206c77cd2811ec47e752ba291e5b7734e3ef137dfd222daadaca39a9f17bc"));
    // Pretty-printed with a 3-space indent: the digest only matches the untouched bytes.
    QCOMPARE(m.raw(), raw);
    QVERIFY(m.raw().contains("\n   \"schemaVersion\": 2,"));

    // Old Docker Hub manifests label the config application/octet-stream.
    QCOMPARE(m.config().mediaType, QStringLiteral("application/octet-stream"));
    QCOMPARE(
        m.config().digest.toString(),
        QStringLiteral("sha256:5359a4f250650c20227055957e353e8f8a74152f35fe36f00b6b1f9fc19c8861"));
    QCOMPARE(m.config().size, 3210);
    QVERIFY(!m.isArtifact());

    QCOMPARE(m.layers().size(), 4);
    const QList<qint64> sizes{2310272, 913022, 9861668, 465};
    for (qsizetype i = 0; i < m.layers().size(); ++i) {
        QCOMPARE(m.layers().at(i).mediaType, QString(MediaType::DockerLayerGzip));
        QCOMPARE(m.layers().at(i).size, sizes.at(i));
    }
    QCOMPARE(
        m.layers().first().digest.toString(),
        QStringLiteral("sha256:fae91920dcd4542f97c9350b3157139a5d901362c2abec284de5ebd1b45b4957"));
    QCOMPARE(
        m.layers().last().digest.toString(),
        QStringLiteral("sha256:ec4d00b58417c45f7ddcfde7bcad8c9d62a7d6d5d17cdc1f7d79bcb2e22c1491"));
    QCOMPARE(m.totalLayerSize(), 2310272 + 913022 + 9861668 + 465);

    const QList<Descriptor> references = m.references();
    QCOMPARE(references.size(), 5);
    QCOMPARE(references.first(), m.config());
    QCOMPARE(references.mid(1), m.layers());
    QVERIFY(m.annotations().isEmpty());
    QVERIFY(!m.subject());
    QVERIFY(m.artifactType().isEmpty());
    QVERIFY(!m.isIndex());
}

void TestImageManifest::ociManifestFields()
{
    const QByteArray raw
        = TestData::read(QStringLiteral("manifests/containers_image/ociv1.manifest.json"));
    const Result<ImageManifestPtr> manifest
        = ImageManifest::parse(raw, QString(MediaType::OciManifest));
    QVERIFY2(manifest, qPrintable(message(manifest)));
    const ImageManifest &m = **manifest;
    QCOMPARE(m.format(), Format::OciManifest);
    QCOMPARE(m.config().mediaType, QString(MediaType::OciConfig));
    QCOMPARE(m.config().size, 7023);
    QCOMPARE(m.layers().size(), 3);
    QCOMPARE(
        m.layers().at(1).digest.toString(),
        QStringLiteral("sha256:3c3a4604a545cdc127456d94e421cd355bca5b528f4a9c1905b15da2eb4a4c6b"));
    QCOMPARE(m.totalLayerSize(), 32654 + 16724 + 73109);
    const QMap<QString, QString> annotations{
        {QStringLiteral("com.example.key1"), QStringLiteral("value1")},
        {QStringLiteral("com.example.key2"), QStringLiteral("value2")}};
    QCOMPARE(m.annotations(), annotations);
    QVERIFY(!m.isArtifact());
    QVERIFY(!m.subject());
}

// containers/image's v2s2nomime: no mediaType, recognised as Docker by its config type.
void TestImageManifest::dockerSchema2WithoutMediaType()
{
    const QByteArray raw
        = TestData::read(QStringLiteral("manifests/containers_image/v2s2nomime.manifest.json"));
    const Result<ImageManifestPtr> manifest = ImageManifest::parse(raw);
    QVERIFY2(manifest, qPrintable(message(manifest)));
    QCOMPARE((*manifest)->format(), Format::DockerSchema2);
    QCOMPARE((*manifest)->mediaType(), QString(MediaType::DockerManifest));
    QVERIFY((*manifest)->layers().isEmpty());
    QCOMPARE((*manifest)->config().size, 7023);
}

void TestImageManifest::artifacts_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("artifact");
    QTest::addColumn<QString>("artifactType");
    QTest::addColumn<QString>("configType");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<qint64>("subjectSize");

    const QString registry = QStringLiteral("manifests/registry282_accepted/");
    // The empty config of OCI 1.1 artifacts: "{}", 2 bytes.
    QTest::addRow("sbom with subject")
        << registry
            + QStringLiteral(
                "f0c66a0ba5efbbc2548f7c22e8d4d36deab9ae9081af84f3b863236db6fd8034.json")
        << true << QStringLiteral("application/vnd.example.sbom.v1+json")
        << QString(MediaType::OciEmpty)
        << QStringLiteral("sha256:98ceaf93e482fe91b9bfd6bba07137c098e49ee2d55e69f09fb6c951e75e0e46")
        << qint64(344);
    QTest::addRow("signature with dangling subject")
        << registry
            + QStringLiteral(
                "3c9ad348b5112fd06ffe8766d17d0dab58be8e1d33ebfe4a3b195c48b00da8fd.json")
        << true << QStringLiteral("application/vnd.example.sig") << QString(MediaType::OciEmpty)
        << QStringLiteral("sha256:2222222222222222222222222222222222222222222222222222222222222222")
        << qint64(123);
    QTest::addRow("helm chart (config type only)")
        << QStringLiteral("manifests/ggcr_layout/test_index_media_type/blobs/sha256/"
                          "b544f71ecd82372bc9a3c0dbef378abfd2734fe437df81ff6e242a0d720d8e3e")
        << true << QString() << QStringLiteral("application/vnd.cncf.helm.config.v1+json")
        << QString() << qint64(0);
    QTest::addRow("image") << QStringLiteral(
        "manifests/ggcr_layout/test_index_one_image/blobs/sha256/"
        "98ceaf93e482fe91b9bfd6bba07137c098e49ee2d55e69f09fb6c951e75e0e46")
                           << false << QString() << QString(MediaType::OciConfig) << QString()
                           << qint64(0);
}

void TestImageManifest::artifacts()
{
    QFETCH(QString, file);
    QFETCH(bool, artifact);
    QFETCH(QString, artifactType);
    QFETCH(QString, configType);
    QFETCH(QString, subject);
    QFETCH(qint64, subjectSize);

    const Result<ImageManifestPtr> manifest = ImageManifest::parse(TestData::read(file));
    QVERIFY2(manifest, qPrintable(message(manifest)));
    const ImageManifest &m = **manifest;
    QCOMPARE(m.format(), Format::OciManifest);
    QCOMPARE(m.isArtifact(), artifact);
    QCOMPARE(m.artifactType(), artifactType);
    QCOMPARE(m.config().mediaType, configType);
    if (configType == MediaType::OciEmpty) {
        QCOMPARE(m.config().digest.toString(),
                 QStringLiteral(
                     "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"));
        QCOMPARE(m.config().size, 2);
    }
    QCOMPARE(m.subject().has_value(), !subject.isEmpty());
    if (m.subject()) {
        QCOMPARE(m.subject()->digest.toString(), subject);
        QCOMPARE(m.subject()->size, subjectSize);
        QCOMPARE(m.subject()->mediaType, QString(MediaType::OciManifest));
    }
}

// The OCI schema asks for at least one layer (image-spec manifest_05 is refused for that);
// a client loses nothing by accepting none, and artifacts are written that way.
void TestImageManifest::emptyLayerList()
{
    const QByteArray raw
        = TestData::read(QStringLiteral("manifests/imagespec_schema/manifest_05_invalid.json"));
    const Result<ImageManifestPtr> manifest = ImageManifest::parse(raw);
    QVERIFY2(manifest, qPrintable(message(manifest)));
    QVERIFY((*manifest)->layers().isEmpty());
    QCOMPARE((*manifest)->totalLayerSize(), 0);
    QCOMPARE((*manifest)->references().size(), 1);
}

void TestImageManifest::totalLayerSizeSaturates()
{
    QByteArray raw
        = TestData::replaced(ociManifest, "\"size\": 675598", "\"size\": 9000000000000000000");
    raw = TestData::replaced(raw, "\"size\": 156", "\"size\": 9000000000000000000");
    const Result<ImageManifestPtr> manifest = ImageManifest::parse(raw);
    QVERIFY2(manifest, qPrintable(message(manifest)));
    QCOMPARE((*manifest)->layers().at(0).size, Q_INT64_C(9000000000000000000));
    QCOMPARE((*manifest)->totalLayerSize(), std::numeric_limits<qint64>::max());
}

void TestImageManifest::otherKindOfManifest()
{
    const Result<ImageManifestPtr> index = ImageManifest::parse(
        TestData::read(QStringLiteral("manifests/containers_image/ociv1.image.index.json")));
    QVERIFY(!index);
    QCOMPARE(index.error().code(), Code::MediaTypeMismatch);
    QVERIFY2(index.error().message().contains(u"OCI image index"),
             qPrintable(index.error().message()));

    const Result<ImageManifestPtr> schema1 = ImageManifest::parse(
        TestData::read(QStringLiteral("manifests/containers_image/v2s1-unsigned.manifest.json")));
    QVERIFY(!schema1);
    QCOMPARE(schema1.error().code(), Code::MediaTypeMismatch);
    QVERIFY2(schema1.error().message().contains(u"schema1"), qPrintable(schema1.error().message()));
}

void TestImageManifest::badInput_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("mentions");

    const QString oci = MediaType::OciManifest;
    const QString docker = MediaType::DockerManifest;
    const auto row = [](const char *name, const QByteArray &raw, const QString &contentType,
                        Code code, const char *mentions) {
        QTest::addRow("%s", name) << raw << contentType << int(code) << QString::fromUtf8(mentions);
    };
    const QByteArray hex64 = "c86f7763873b6c0aae22d963bab59b4f5debbed6685761b5951584f6efb0633b";
    const QByteArray configDigest = "\"sha256:" + hex64 + '"';
    const QByteArray layerSize = "\"size\": 156";

    row("truncated", ociManifest.left(ociManifest.size() / 2), oci, Code::InvalidJson,
        "OCI image manifest: not valid JSON");
    row("truncated docker", dockerManifest().left(200), docker, Code::InvalidJson,
        "Docker schema2 manifest: not valid JSON");
    row("empty", QByteArray(), oci, Code::InvalidJson, "OCI image manifest: document is empty");
    row("top-level array", '[' + ociManifest + ']', oci, Code::WrongType, "array");
    row("invalid UTF-8", TestData::replaced(ociManifest, "\"value\"", "\"va\xc3\x28lue\""), oci,
        Code::InvalidUtf8, "UTF-8");
    row("10,000-deep nesting",
        TestData::replaced(ociManifest, "\"value\"",
                           QByteArray(10000, '[') + QByteArray(10000, ']')),
        oci, Code::TooDeep, "nested");
    row("4 MiB + 1 byte", ociManifest + QByteArray(4 * 1024 * 1024 + 1 - ociManifest.size(), '\n'),
        oci, Code::TooLarge, "over the limit");
    row("schemaVersion 1",
        TestData::replaced(ociManifest, "\"schemaVersion\": 2", "\"schemaVersion\": 1"), {},
        Code::UnsupportedVersion, "OCI image manifest: schemaVersion: expected 2, found 1");
    row("schemaVersion 3",
        TestData::replaced(ociManifest, "\"schemaVersion\": 2", "\"schemaVersion\": 3"), oci,
        Code::UnsupportedVersion, "schemaVersion: expected 2, found 3");
    row("schemaVersion \"2\"",
        TestData::replaced(ociManifest, "\"schemaVersion\": 2", "\"schemaVersion\": \"2\""), oci,
        Code::WrongType, "schemaVersion: expected an integer, found the string \"2\"");
    row("schemaVersion missing", TestData::replaced(ociManifest, "\"schemaVersion\": 2,", ""), oci,
        Code::MissingField, "schemaVersion: required");
    row("config missing", TestData::replaced(ociManifest, "\"config\"", "\"configuration\""), oci,
        Code::MissingField, "OCI image manifest: config: required, but missing");
    row("config as string",
        TestData::replaced(ociManifest, "\"config\": {", "\"config\": \"x\", \"unused\": {"), oci,
        Code::WrongType, "config: expected an object");
    row("config size as string",
        TestData::replaced(ociManifest, "\"size\": 1470", "\"size\": \"1470\""), oci,
        Code::WrongType,
        "OCI image manifest: config.size: expected an integer, found the string \"1470\"");
    row("layers as object",
        TestData::replaced(ociManifest, "\"layers\": [", "\"layers\": {}, \"unused\": ["), oci,
        Code::WrongType, "layers: expected an array, found an object");
    row("layers null",
        TestData::replaced(ociManifest, "\"layers\": [", "\"layers\": null, \"unused\": ["), oci,
        Code::MissingField, "layers: required, but null");
    row("layer as string",
        TestData::replaced(ociManifest, "\"layers\": [", "\"layers\": [\"sha256:" + hex64 + "\","),
        oci, Code::WrongType, "layers[0]: expected an object");
    row("negative size", TestData::replaced(ociManifest, layerSize, "\"size\": -5"), oci,
        Code::InvalidValue,
        "OCI image manifest: layers[1].size: a size cannot be negative, found -5");
    row("size 1e30", TestData::replaced(ociManifest, layerSize, "\"size\": 1e30"), oci,
        Code::WrongType, "layers[1].size: expected an integer");
    row("size 2^63", TestData::replaced(ociManifest, layerSize, "\"size\": 9223372036854775808"),
        oci, Code::WrongType, "layers[1].size: expected an integer");
    row("size fraction", TestData::replaced(ociManifest, layerSize, "\"size\": 1.5"), oci,
        Code::WrongType, "layers[1].size");
    row("size missing", TestData::replaced(ociManifest, "\"size\": 156,", ""), oci,
        Code::MissingField, "layers[1].size: required");
    row("digest missing",
        TestData::replaced(
            ociManifest,
            ",\n      \"digest\": "
            "\"sha256:2b689805fbd00b2db1df73fae47562faac1a626d5f61744bfe29946ecff5d73d\"",
            ""),
        oci, Code::MissingField, "layers[1].digest: required, but missing");
    row("digest of wrong length",
        TestData::replaced(ociManifest, configDigest, "\"sha256:c86f7763\""), oci,
        Code::DigestInvalidLength, "config.digest");
    row("digest upper case",
        TestData::replaced(ociManifest, configDigest, "\"sha256:" + hex64.toUpper() + '"'), oci,
        Code::DigestInvalidFormat, "config.digest");
    row("digest without algorithm",
        TestData::replaced(ociManifest, configDigest, '"' + hex64 + '"'), oci,
        Code::DigestInvalidFormat, "config.digest");
    row("unsupported digest algorithm",
        TestData::replaced(ociManifest, configDigest, "\"sha384:" + QByteArray(96, 'a') + '"'), oci,
        Code::DigestUnsupported, "config.digest");
    // image-spec manifest_06 uses such digests; valid for the schema, but nothing can verify them.
    row("alternate digest encoding",
        TestData::replaced(ociManifest, configDigest, "\"sha256+b64:" + hex64 + '"'), oci,
        Code::DigestUnsupported, "config.digest");
    row("digest as number", TestData::replaced(ociManifest, configDigest, "256"), oci,
        Code::WrongType, "config.digest");
    row("mediaType not a media type",
        TestData::replaced(ociManifest, "\"application/vnd.oci.image.config.v1+json\"",
                           "\"invalid\""),
        oci, Code::InvalidValue, "config.mediaType");
    row("mediaType empty",
        TestData::replaced(ociManifest, "\"application/vnd.oci.image.config.v1+json\"", "\"\""),
        oci, Code::InvalidValue, "config.mediaType: must not be empty");
    row("layer mediaType missing",
        TestData::replaced(
            ociManifest,
            "\"mediaType\": \"application/vnd.oci.image.layer.v1.tar+gzip\",\n      \"size\": 156,",
            "\"size\": 156,"),
        oci, Code::MissingField, "layers[1].mediaType: required");
    row("subject as string",
        TestData::replaced(ociManifest, "\"annotations\"",
                           "\"subject\": \".nope\", \"annotations\""),
        oci, Code::WrongType, "subject: expected an object");
    row("subject without digest",
        TestData::replaced(
            ociManifest, "\"annotations\"",
            "\"subject\": {\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", "
            "\"size\": 1}, "
            "\"annotations\""),
        oci, Code::MissingField, "subject.digest: required");
    row("artifactType invalid",
        TestData::replaced(ociManifest, "\"annotations\"",
                           "\"artifactType\": \"application/\", \"annotations\""),
        oci, Code::InvalidValue, "artifactType");
    row("annotation not a string", TestData::replaced(ociManifest, "\"value\"", "1"), oci,
        Code::WrongType, "annotations.com.example.key: expected a string");
    row("url not absolute",
        TestData::replaced(ociManifest, layerSize, "\"size\": 156, \"urls\": [\"not a url\"]"), oci,
        Code::InvalidValue, "layers[1].urls");
    row("data not base64",
        TestData::replaced(ociManifest, layerSize, "\"size\": 156, \"data\": \"!!\""), oci,
        Code::InvalidValue, "layers[1].data");

    const QByteArray dockerLayerSize = "\"size\": 156";
    row("docker negative size",
        TestData::replaced(dockerManifest(), dockerLayerSize, "\"size\": -1"), docker,
        Code::InvalidValue, "Docker schema2 manifest: layers[1].size: a size cannot be negative");
    row("docker layers as object",
        TestData::replaced(dockerManifest(), "\"layers\": [", "\"layers\": {}, \"unused\": ["),
        docker, Code::WrongType, "Docker schema2 manifest: layers: expected an array");
    row("docker size 2^63",
        TestData::replaced(dockerManifest(), dockerLayerSize, "\"size\": 9223372036854775808"), {},
        Code::WrongType, "Docker schema2 manifest: layers[1].size");
    row("docker missing digest",
        TestData::replaced(dockerManifest(), ",\n    \"digest\": " + configDigest, ""), docker,
        Code::MissingField, "Docker schema2 manifest: config.digest: required");
    row("docker schemaVersion 1",
        TestData::replaced(dockerManifest(), "\"schemaVersion\": 2", "\"schemaVersion\": 1"),
        docker, Code::UnsupportedVersion,
        "Docker schema2 manifest: schemaVersion: expected 2, found 1");
}

void TestImageManifest::badInput()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, contentType);
    QFETCH(int, code);
    QFETCH(QString, mentions);

    const Result<ImageManifestPtr> manifest = ImageManifest::parse(raw, contentType);
    QVERIFY2(!manifest, "the document must be refused");
    QCOMPARE(ParseError::codeName(manifest.error().code()), ParseError::codeName(Code(code)));
    QVERIFY2(manifest.error().message().contains(mentions), qPrintable(manifest.error().message()));
}

QTEST_GUILESS_MAIN(TestImageManifest)
#include "tst_imagemanifest.moc"
