#include "testdata.h"
#include "values/imageindex.h"
#include "values/mediatype.h"

#include <QTest>

using namespace Layerscope;
using Code = ParseError::Code;
using Format = Manifest::Format;
using Kind = ImageIndex::EntryKind;

namespace {

// A valid OCI image index that the bad-input rows below break one field at a time.
const QByteArray ociIndex = R"({
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "size": 7143,
      "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f",
      "platform": {
        "architecture": "ppc64le",
        "os": "linux"
      }
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "size": 7682,
      "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270",
      "platform": {
        "architecture": "amd64",
        "os": "linux",
        "os.features": ["sse4"]
      }
    }
  ],
  "annotations": {
    "com.example.key": "value"
  }
})";

QByteArray dockerList()
{
    QByteArray document = ociIndex;
    document.replace("application/vnd.oci.image.index.v1+json",
                     MediaType::DockerManifestList.latin1());
    document.replace("application/vnd.oci.image.manifest.v1+json",
                     MediaType::DockerManifest.latin1());
    return document;
}

QString message(const Result<ImageIndexPtr> &result)
{
    return result ? QString() : result.error().message();
}

QStringList platformsOf(const QList<Descriptor> &entries)
{
    QStringList platforms;
    for (const Descriptor &entry : entries)
        platforms.append(entry.platform ? entry.platform->toString() : QStringLiteral("-"));
    return platforms;
}

// An index as buildx pushes it, with an attestation per image, plus the other kinds of entry
// an index may hold.
const QByteArray mixedIndex = R"({
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 1,
     "digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111",
     "platform": {"architecture": "amd64", "os": "linux"}},
    {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 2,
     "digest": "sha256:2222222222222222222222222222222222222222222222222222222222222222",
     "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}},
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 3,
     "digest": "sha256:3333333333333333333333333333333333333333333333333333333333333333",
     "platform": {"architecture": "unknown", "os": "unknown"},
     "annotations": {
       "vnd.docker.reference.digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111",
       "vnd.docker.reference.type": "attestation-manifest"}},
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 4,
     "digest": "sha256:4444444444444444444444444444444444444444444444444444444444444444",
     "platform": {"architecture": "unknown", "os": "unknown"},
     "annotations": {
       "vnd.docker.reference.digest": "sha256:2222222222222222222222222222222222222222222222222222222222222222",
       "vnd.docker.reference.type": "attestation-manifest"}},
    {"mediaType": "application/vnd.oci.image.index.v1+json", "size": 5,
     "digest": "sha256:5555555555555555555555555555555555555555555555555555555555555555"},
    {"mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "size": 6,
     "digest": "sha256:6666666666666666666666666666666666666666666666666666666666666666"},
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7,
     "digest": "sha256:7777777777777777777777777777777777777777777777777777777777777777",
     "artifactType": "application/vnd.example.sbom+json"},
    {"mediaType": "application/vnd.example.custom+json", "size": 8,
     "digest": "sha256:8888888888888888888888888888888888888888888888888888888888888888"},
    {"mediaType": "application/vnd.docker.distribution.manifest.v1+prettyjws", "size": 9,
     "digest": "sha256:9999999999999999999999999999999999999999999999999999999999999999",
     "platform": {"architecture": "386", "os": "linux"}}
  ]
})";

} // namespace

class TestImageIndex : public QObject
{
    Q_OBJECT

private slots:
    void dockerHubManifestList();
    void everyOptionalField();
    void dockerListEveryOptionalField();
    void platformDetails();
    void entryKinds_data();
    void entryKinds();
    void entryHelpers();
    void layoutIndex();
    void registryAccepted();
    void otherKindOfManifest();
    void badInput_data();
    void badInput();
};

// opencontainers/image-spec schema/backwards_compatibility_test.go: a Docker Hub manifest
// list, with its stated digest.
void TestImageIndex::dockerHubManifestList()
{
    const QByteArray raw = TestData::read(
        QStringLiteral("manifests/imagespec_dockerhub/docker_manifest_list_0.json"));
    const Result<ImageIndexPtr> index = ImageIndex::parse(raw, QStringLiteral("application/json"));
    QVERIFY2(index, qPrintable(message(index)));
    const ImageIndex &list = **index;

    QCOMPARE(list.format(), Format::DockerManifestList);
    QCOMPARE(list.mediaType(), QString(MediaType::DockerManifestList));
    QVERIFY(list.isIndex());
    QCOMPARE(
        list.digest().toString(),
        QStringLiteral("sha256:4ffd0883f25635999f04ea543240a27c9a4341979ff7d46a9774f71512eebb1f"));
    QCOMPARE(list.raw(), raw);

    QCOMPARE(platformsOf(list.manifests()),
             QStringList({QStringLiteral("linux/ppc64le"), QStringLiteral("linux/amd64"),
                          QStringLiteral("linux/s390x"), QStringLiteral("linux/arm/v7"),
                          QStringLiteral("linux/arm64/v8")}));
    for (const Descriptor &entry : list.manifests())
        QCOMPARE(entry.mediaType, QString(MediaType::DockerManifest));
    QCOMPARE(list.imageEntries(), list.manifests());
    QCOMPARE(list.references(), list.manifests());

    const Descriptor &amd64 = list.manifests().at(1);
    QCOMPARE(amd64.platform->architecture, QStringLiteral("amd64"));
    QCOMPARE(
        amd64.digest.toString(),
        QStringLiteral("sha256:ae1b0e06e8ade3a11267564a26e750585ba2259c0ecab59ab165ad1af41d1bdd"));
    QCOMPARE(amd64.size, 1922);
    QCOMPARE(list.manifests().at(3).platform->variant, QStringLiteral("v7"));
    QVERIFY(list.annotations().isEmpty());
    QVERIFY(!list.subject());
}

// containers/image's oci1.index.everything.json sets every optional field; its embedded data
// does not match its made-up digests, so those are replaced by the digests of the data.
void TestImageIndex::everyOptionalField()
{
    QByteArray raw
        = TestData::read(QStringLiteral("manifests/containers_image/oci1.index.everything.json"));
    raw = TestData::replaced(raw, "sha256:" + QByteArray(64, 'a'),
                             Digest::compute("a").toString().toLatin1());
    raw = TestData::replaced(raw, "sha256:" + QByteArray(64, 'b'),
                             Digest::compute("bc").toString().toLatin1());
    const Result<ImageIndexPtr> index = ImageIndex::parse(raw);
    QVERIFY2(index, qPrintable(message(index)));
    const ImageIndex &i = **index;

    QCOMPARE(i.format(), Format::OciIndex);
    QCOMPARE(i.artifactType(), QStringLiteral("application/our-top-artifact"));
    QCOMPARE(i.annotations(),
             (QMap<QString, QString>{{QStringLiteral("top"), QStringLiteral("0")}}));
    QCOMPARE(i.manifests().size(), 1);

    const Descriptor &entry = i.manifests().first();
    QCOMPARE(entry.urls, QStringList{QStringLiteral("https://some.example/manifest")});
    QCOMPARE(entry.annotations.value(QStringLiteral("manifest")), QStringLiteral("1"));
    QCOMPARE(entry.data, std::optional<QByteArray>("a"));
    QCOMPARE(entry.artifactType, QStringLiteral("application/our-sub-artifact"));
    QVERIFY(entry.platform);
    QCOMPARE(entry.platform->architecture, QStringLiteral("A"));
    QCOMPARE(entry.platform->os, QStringLiteral("B"));
    QCOMPARE(entry.platform->osVersion, QStringLiteral("C"));
    QCOMPARE(entry.platform->osFeatures, QStringList{QStringLiteral("D")});
    QCOMPARE(entry.platform->variant, QStringLiteral("E"));
    QCOMPARE(ImageIndex::entryKind(entry), Kind::Artifact);
    QVERIFY(i.imageEntries().isEmpty());

    QVERIFY(i.subject());
    QCOMPARE(i.subject()->digest, Digest::compute("bc"));
    QCOMPARE(i.subject()->size, 2);
    QCOMPARE(i.subject()->artifactType, QStringLiteral("application/our-subject"));
    QCOMPARE(i.subject()->platform->osVersion, QStringLiteral("c"));
}

void TestImageIndex::dockerListEveryOptionalField()
{
    const Result<ImageIndexPtr> index = ImageIndex::parse(
        TestData::read(QStringLiteral("manifests/containers_image/v2list.everything.json")));
    QVERIFY2(index, qPrintable(message(index)));
    QCOMPARE((*index)->format(), Format::DockerManifestList);
    const Descriptor &entry = (*index)->manifests().first();
    QCOMPARE(entry.urls, QStringList{QStringLiteral("https://some.example/manifest")});
    QCOMPARE(entry.size, 1);
    const Platform platform = *entry.platform;
    QCOMPARE(platform.toString(), QStringLiteral("b/a/e"));
    QCOMPARE(platform.osVersion, QStringLiteral("c"));
    QCOMPARE(platform.osFeatures, QStringList{QStringLiteral("d")});
    QCOMPARE(platform.features, QStringList{QStringLiteral("f")});
    QCOMPARE(ImageIndex::entryKind(entry), Kind::Image);
}

void TestImageIndex::platformDetails()
{
    const Result<ImageIndexPtr> oci = ImageIndex::parse(
        TestData::read(QStringLiteral("manifests/containers_image/oci1index.json")));
    QVERIFY2(oci, qPrintable(message(oci)));
    QCOMPARE((*oci)->manifests().at(1).platform->osFeatures, QStringList{QStringLiteral("sse4")});
    // The third entry has an artifactType: not an image to offer in a platform list.
    QCOMPARE((*oci)->manifests().at(2).artifactType, QStringLiteral("application/x-tar"));
    QCOMPARE(platformsOf((*oci)->imageEntries()),
             QStringList({QStringLiteral("linux/ppc64le"), QStringLiteral("linux/amd64")}));

    // A manifest list of schema1 manifests, with Docker's "features".
    const Result<ImageIndexPtr> list = ImageIndex::parse(
        TestData::read(QStringLiteral("manifests/containers_image/v2list.manifest.json")));
    QVERIFY2(list, qPrintable(message(list)));
    QCOMPARE((*list)->manifests().at(1).platform->features, QStringList{QStringLiteral("sse")});
    QCOMPARE((*list)->manifests().at(3).platform->variant, QStringLiteral("armv7"));
    QCOMPARE((*list)->imageEntries().size(), 5);

    const Result<ImageIndexPtr> variants = ImageIndex::parse(
        TestData::read(QStringLiteral("manifests/containers_image/ocilist-variants.json")));
    QVERIFY2(variants, qPrintable(message(variants)));
    QCOMPARE((*variants)->manifests().at(3).annotations.value(
                 QStringLiteral("io.github.containers.compression.zstd")),
             QStringLiteral("true"));
    QVERIFY((*variants)->manifests().at(5).platform->variant.isEmpty());
}

void TestImageIndex::entryKinds_data()
{
    QTest::addColumn<int>("entry");
    QTest::addColumn<int>("kind");

    QTest::addRow("OCI image") << 0 << int(Kind::Image);
    QTest::addRow("Docker image") << 1 << int(Kind::Image);
    QTest::addRow("attestation of entry 0") << 2 << int(Kind::Attestation);
    QTest::addRow("attestation of entry 1") << 3 << int(Kind::Attestation);
    QTest::addRow("nested OCI index") << 4 << int(Kind::Index);
    QTest::addRow("nested Docker list") << 5 << int(Kind::Index);
    QTest::addRow("artifactType") << 6 << int(Kind::Artifact);
    QTest::addRow("unknown media type") << 7 << int(Kind::Artifact);
    QTest::addRow("schema1 image") << 8 << int(Kind::Image);
}

void TestImageIndex::entryKinds()
{
    QFETCH(int, entry);
    QFETCH(int, kind);
    const Result<ImageIndexPtr> index = ImageIndex::parse(mixedIndex);
    QVERIFY2(index, qPrintable(message(index)));
    QCOMPARE((*index)->manifests().size(), 9);
    QCOMPARE(int(ImageIndex::entryKind((*index)->manifests().at(entry))), kind);
}

void TestImageIndex::entryHelpers()
{
    const Result<ImageIndexPtr> index = ImageIndex::parse(mixedIndex);
    QVERIFY2(index, qPrintable(message(index)));
    const ImageIndex &i = **index;
    QCOMPARE(platformsOf(i.imageEntries()),
             QStringList({QStringLiteral("linux/amd64"), QStringLiteral("linux/arm64/v8"),
                          QStringLiteral("linux/386")}));
    const QList<Descriptor> attestations = i.attestationEntries();
    QCOMPARE(attestations.size(), 2);
    QVERIFY(attestations.first().platform->isUnknown());
    QCOMPARE(attestations.first().annotation(MediaType::AnnotationReferenceDigest),
             i.manifests().first().digest.toString());
    QCOMPARE(i.nestedIndexes().size(), 2);
    QCOMPARE(i.nestedIndexes().first().size, 5);
    QCOMPARE(i.entries(Kind::Artifact).size(), 2);
    QCOMPARE(i.imageEntries().size() + attestations.size() + i.nestedIndexes().size()
                 + i.entries(Kind::Artifact).size(),
             i.manifests().size());
}

// go-containerregistry's test_index layout: an index (without mediaType) holding a manifest,
// an entry typed as a bare descriptor, an OCI index and a Docker list.
void TestImageIndex::layoutIndex()
{
    const Result<ImageIndexPtr> index = ImageIndex::parse(
        TestData::read(QStringLiteral("manifests/ggcr_layout/test_index/index.json")));
    QVERIFY2(index, qPrintable(message(index)));
    const ImageIndex &i = **index;
    QCOMPARE(i.format(), Format::OciIndex);
    QCOMPARE(i.manifests().size(), 4);
    QCOMPARE(i.imageEntries().size(), 1);
    QCOMPARE(i.nestedIndexes().size(), 2);
    QCOMPARE(i.entries(Kind::Artifact).size(), 1);
    QCOMPARE(i.manifests().at(2).annotation("org.opencontainers.image.ref.name"),
             QStringLiteral("3"));
    QCOMPARE(platformsOf(i.manifests()), QStringList(4, QStringLiteral("-")));
}

void TestImageIndex::registryAccepted()
{
    const QString folder = QStringLiteral("manifests/registry282_accepted/");
    // An OCI index without a top-level mediaType, which the registry accepted.
    const Result<ImageIndexPtr> bare = ImageIndex::parse(TestData::read(
        folder
        + QStringLiteral("3d6a884d52c8fcb60b40b462028f600a3f1f7c1fa6da25e85d211025fbf5e7c4.json")));
    QVERIFY2(bare, qPrintable(message(bare)));
    QCOMPARE((*bare)->format(), Format::OciIndex);
    QCOMPARE((*bare)->mediaType(), QString(MediaType::OciIndex));
    QCOMPARE((*bare)->manifests().size(), 1);
    QVERIFY(!(*bare)->manifests().first().platform);

    const Result<ImageIndexPtr> referrer = ImageIndex::parse(TestData::read(
        folder
        + QStringLiteral("08275969285ac26727d3241b2db4c01b81f60e68191885007ce1603683cf8e64.json")));
    QVERIFY2(referrer, qPrintable(message(referrer)));
    QCOMPARE((*referrer)->artifactType(), QStringLiteral("application/vnd.example.idx"));
    QVERIFY((*referrer)->subject());
    QCOMPARE(
        (*referrer)->subject()->digest.toString(),
        QStringLiteral("sha256:98ceaf93e482fe91b9bfd6bba07137c098e49ee2d55e69f09fb6c951e75e0e46"));
    QCOMPARE((*referrer)->subject()->size, 344);

    const Result<ImageIndexPtr> list = ImageIndex::parse(TestData::read(
        folder
        + QStringLiteral("e918c7ba2737c8d4a75a5ad9ab781b08e43c21bdf38b46ba2db44f363bd080b6.json")));
    QVERIFY2(list, qPrintable(message(list)));
    QCOMPARE((*list)->format(), Format::DockerManifestList);
    QCOMPARE(platformsOf((*list)->manifests()), QStringList{QStringLiteral("linux/amd64")});
}

void TestImageIndex::otherKindOfManifest()
{
    const Result<ImageIndexPtr> manifest = ImageIndex::parse(
        TestData::read(QStringLiteral("manifests/containers_image/v2s2.manifest.json")));
    QVERIFY(!manifest);
    QCOMPARE(manifest.error().code(), Code::MediaTypeMismatch);
    QVERIFY2(manifest.error().message().contains(u"Docker schema2 manifest"),
             qPrintable(message(manifest)));
}

void TestImageIndex::badInput_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("mentions");

    const QString oci = MediaType::OciIndex;
    const QString docker = MediaType::DockerManifestList;
    const auto row = [](const char *name, const QByteArray &raw, const QString &contentType,
                        Code code, const char *mentions) {
        QTest::addRow("%s", name) << raw << contentType << int(code) << QString::fromUtf8(mentions);
    };
    const QByteArray size = "\"size\": 7682";
    const QByteArray digest
        = "\"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270\"";
    const QByteArray platform = "\"platform\": {\n        \"architecture\": \"amd64\",";

    row("truncated", ociIndex.left(ociIndex.size() - 30), oci, Code::InvalidJson,
        "OCI image index: not valid JSON");
    row("empty", QByteArray(), docker, Code::InvalidJson,
        "Docker manifest list: document is empty");
    row("top-level array", '[' + ociIndex + ']', {}, Code::WrongType, "array");
    row("invalid UTF-8", TestData::replaced(ociIndex, "\"value\"", "\"\xed\xa0\x80\""), oci,
        Code::InvalidUtf8, "UTF-8");
    row("10,000-deep nesting",
        TestData::replaced(ociIndex, "\"value\"", QByteArray(10000, '[') + QByteArray(10000, ']')),
        oci, Code::TooDeep, "nested");
    row("4 MiB + 1 byte", ociIndex + QByteArray(4 * 1024 * 1024 + 1 - ociIndex.size(), ' '), oci,
        Code::TooLarge, "over the limit");
    row("schemaVersion 1",
        TestData::replaced(ociIndex, "\"schemaVersion\": 2", "\"schemaVersion\": 1"), oci,
        Code::UnsupportedVersion, "OCI image index: schemaVersion: expected 2, found 1");
    row("schemaVersion 3",
        TestData::replaced(ociIndex, "\"schemaVersion\": 2", "\"schemaVersion\": 3"), {},
        Code::UnsupportedVersion, "OCI image index: schemaVersion: expected 2, found 3");
    row("schemaVersion \"2\"",
        TestData::replaced(ociIndex, "\"schemaVersion\": 2", "\"schemaVersion\": \"2\""), {},
        Code::WrongType, "schemaVersion: expected an integer");
    row("manifests missing", TestData::replaced(ociIndex, "\"manifests\"", "\"entries\""), oci,
        Code::MissingField, "OCI image index: manifests: required, but missing");
    row("manifests null",
        TestData::replaced(ociIndex, "\"manifests\": [", "\"manifests\": null, \"unused\": ["), oci,
        Code::MissingField, "manifests: required, but null");
    row("manifests as object",
        TestData::replaced(ociIndex, "\"manifests\": [", "\"manifests\": {}, \"unused\": ["), oci,
        Code::WrongType, "manifests: expected an array, found an object");
    row("entry as string",
        TestData::replaced(ociIndex, "\"manifests\": [", "\"manifests\": [\"x\","), oci,
        Code::WrongType, "manifests[0]: expected an object");
    row("size as string", TestData::replaced(ociIndex, size, "\"size\": \"7682\""), oci,
        Code::WrongType,
        "OCI image index: manifests[1].size: expected an integer, found the string \"7682\"");
    row("negative size", TestData::replaced(ociIndex, size, "\"size\": -5"), oci,
        Code::InvalidValue, "manifests[1].size: a size cannot be negative, found -5");
    row("size 1e30", TestData::replaced(ociIndex, size, "\"size\": 1e30"), oci, Code::WrongType,
        "manifests[1].size: expected an integer");
    row("size 2^63", TestData::replaced(ociIndex, size, "\"size\": 9223372036854775808"), oci,
        Code::WrongType, "manifests[1].size: expected an integer");
    row("size missing", TestData::replaced(ociIndex, size + ',', ""), oci, Code::MissingField,
        "manifests[1].size: required");
    row("digest missing", TestData::replaced(ociIndex, "\"digest\": " + digest + ',', ""), oci,
        Code::MissingField, "manifests[1].digest: required, but missing");
    row("digest of wrong length", TestData::replaced(ociIndex, digest, "\"sha256:5b0bcabd\""), oci,
        Code::DigestInvalidLength, "manifests[1].digest");
    row("unsupported digest algorithm",
        TestData::replaced(ociIndex, digest, "\"md5:d41d8cd98f00b204e9800998ecf8427e\""), oci,
        Code::DigestUnsupported, "manifests[1].digest");
    row("mediaType missing",
        TestData::replaced(
            ociIndex,
            "\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n      " + size, size),
        oci, Code::MissingField, "manifests[1].mediaType: required");
    // image-spec imageindex_05 and imageindex_00.
    row("mediaType empty",
        TestData::replaced(ociIndex,
                           "\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n      "
                               + size,
                           "\"mediaType\": \"\", " + size),
        oci, Code::InvalidValue, "manifests[1].mediaType: must not be empty");
    row("mediaType invalid",
        TestData::replaced(ociIndex,
                           "\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n      "
                               + size,
                           "\"mediaType\": \"invalid\", " + size),
        oci, Code::InvalidValue, "manifests[1].mediaType");
    row("platform as string",
        TestData::replaced(ociIndex, platform, "\"platform\": \"linux/amd64\", \"unused\": {"), oci,
        Code::WrongType,
        "manifests[1].platform: expected an object, found the string \"linux/amd64\"");
    row("platform without architecture",
        TestData::replaced(ociIndex, "\"architecture\": \"amd64\",", ""), oci, Code::MissingField,
        "manifests[1].platform.architecture: required");
    row("platform without os",
        TestData::replaced(ociIndex, "\"os\": \"linux\",\n        \"os.features\"",
                           "\"os.features\""),
        oci, Code::MissingField, "manifests[1].platform.os: required");
    row("os.features as string", TestData::replaced(ociIndex, "[\"sse4\"]", "\"sse4\""), oci,
        Code::WrongType, "manifests[1].platform.os.features: expected an array of strings");
    row("variant as number", TestData::replaced(ociIndex, platform, platform + " \"variant\": 7,"),
        oci, Code::WrongType, "manifests[1].platform.variant: expected a string");
    row("subject as string",
        TestData::replaced(ociIndex, "\"annotations\"", "\"subject\": \"nope\", \"annotations\""),
        oci, Code::WrongType, "subject: expected an object");
    row("annotations as array",
        TestData::replaced(ociIndex, "\"annotations\": {", "\"annotations\": [], \"unused\": {"),
        oci, Code::WrongType, "annotations: expected an object of strings");

    row("docker size as string", TestData::replaced(dockerList(), size, "\"size\": \"7682\""),
        docker, Code::WrongType, "Docker manifest list: manifests[1].size: expected an integer");
    row("docker platform as string",
        TestData::replaced(dockerList(), platform, "\"platform\": \"linux/amd64\", \"unused\": {"),
        {}, Code::WrongType, "Docker manifest list: manifests[1].platform: expected an object");
    row("docker negative size", TestData::replaced(dockerList(), size, "\"size\": -1"), docker,
        Code::InvalidValue, "Docker manifest list: manifests[1].size: a size cannot be negative");
    row("docker schemaVersion 1",
        TestData::replaced(dockerList(), "\"schemaVersion\": 2", "\"schemaVersion\": 1"), {},
        Code::UnsupportedVersion, "Docker manifest list: schemaVersion: expected 2, found 1");
}

void TestImageIndex::badInput()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, contentType);
    QFETCH(int, code);
    QFETCH(QString, mentions);

    const Result<ImageIndexPtr> index = ImageIndex::parse(raw, contentType);
    QVERIFY2(!index, "the document must be refused");
    QCOMPARE(ParseError::codeName(index.error().code()), ParseError::codeName(Code(code)));
    QVERIFY2(index.error().message().contains(mentions), qPrintable(index.error().message()));
}

QTEST_GUILESS_MAIN(TestImageIndex)
#include "tst_imageindex.moc"
