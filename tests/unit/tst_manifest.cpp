#include "testdata.h"
#include "values/imageindex.h"
#include "values/imagemanifest.h"
#include "values/mediatype.h"
#include "values/schema1manifest.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Layerscope;
using Code = ParseError::Code;
using Format = Manifest::Format;

namespace {

QString codeName(int code)
{
    return code < 0 ? QStringLiteral("(none)") : ParseError::codeName(Code(code));
}

// The files below tests/data/manifests/<folder>, relative to tests/data, sorted.
QStringList fixtureFiles(const QString &folder)
{
    const QString root = TestData::path(QString());
    QStringList files;
    QDirIterator it(TestData::path(QStringLiteral("manifests/") + folder), QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next().mid(root.size()));
    files.sort();
    return files;
}

QStringList platformsOf(const Manifest &manifest)
{
    QStringList platforms;
    for (const Descriptor &entry : manifest.references()) {
        if (entry.platform)
            platforms.append(entry.platform->toString());
    }
    return platforms;
}

// How many children the document lists: layers, index entries or schema1 fsLayers.
qsizetype childCount(const Manifest &manifest)
{
    if (manifest.format() == Format::DockerSchema1
        || manifest.format() == Format::DockerSchema1Signed)
        return static_cast<const Schema1Manifest &>(manifest).fsLayers().size();
    if (manifest.isIndex())
        return static_cast<const ImageIndex &>(manifest).manifests().size();
    return static_cast<const ImageManifest &>(manifest).layers().size();
}

QJsonObject readFacts()
{
    return QJsonDocument::fromJson(TestData::read(QStringLiteral("manifests/facts.json"))).object();
}

} // namespace

class TestManifest : public QObject
{
    Q_OBJECT

private slots:
    void containersImageCoverage();
    void guessMediaType_data();
    void guessMediaType();
    void containersImage_data();
    void containersImage();
    void facts_data();
    void facts();
    void factsCoverage();
    void registryAccepted_data();
    void registryAccepted();
    void declaredTypeDiffersFromDocument_data();
    void declaredTypeDiffersFromDocument();
    void contentType_data();
    void contentType();
    void badDocument_data();
    void badDocument();
    void sizeLimit();
    void formatNamesAndTypes();
};

// containers/image's TestGuessMIMEType and testdata_info_test.go name one expectation per
// file; every file of the folder must have a row below.
void TestManifest::containersImageCoverage()
{
    QStringList expected;
    for (const char *name : {"non-json.manifest.json",
                             "oci1.index.everything.json",
                             "oci1.index.zstd-selection.json",
                             "oci1.index.zstd-selection2.json",
                             "oci1index.json",
                             "ocilist-variants.json",
                             "ociv1.artifact.json",
                             "ociv1.image.index.json",
                             "ociv1.manifest.json",
                             "ociv1nomime.artifact.json",
                             "ociv1nomime.image.index.json",
                             "ociv1nomime.manifest.json",
                             "schema2-to-schema1-by-docker.json",
                             "schema2list-variants.json",
                             "schema2list.json",
                             "unknown-version.manifest.json",
                             "v2list.everything.json",
                             "v2list.manifest.json",
                             "v2s1-invalid-signatures.manifest.json",
                             "v2s1-unsigned.manifest.json",
                             "v2s1.manifest.json",
                             "v2s2.manifest.json",
                             "v2s2nomime.manifest.json"}) {
        expected.append(QStringLiteral("manifests/containers_image/") + QLatin1StringView(name));
    }
    QCOMPARE(fixtureFiles(QStringLiteral("containers_image")), expected);
}

void TestManifest::guessMediaType_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("expected");

    // Expectations from containers/image manifest_test.go TestGuessMIMEType and
    // /tests/data/manifests/facts.json.
    const auto file = [](const char *name, QLatin1StringView expected) {
        QTest::addRow("%s", name) << TestData::read(QStringLiteral("manifests/containers_image/")
                                                    + QLatin1StringView(name))
                                  << QString(expected);
    };
    file("non-json.manifest.json", {});
    file("oci1.index.everything.json", MediaType::OciIndex);
    file("oci1.index.zstd-selection.json", MediaType::OciIndex);
    file("oci1.index.zstd-selection2.json", MediaType::OciIndex);
    file("oci1index.json", MediaType::OciIndex);
    file("ocilist-variants.json", MediaType::OciIndex);
    file("ociv1.artifact.json", MediaType::OciManifest);
    file("ociv1.image.index.json", MediaType::OciIndex);
    file("ociv1.manifest.json", MediaType::OciManifest);
    file("ociv1nomime.artifact.json", MediaType::OciManifest);
    file("ociv1nomime.image.index.json", MediaType::OciIndex);
    file("ociv1nomime.manifest.json", MediaType::OciManifest);
    file("schema2-to-schema1-by-docker.json", MediaType::DockerSchema1Signed);
    file("schema2list-variants.json", MediaType::DockerManifestList);
    file("schema2list.json", MediaType::DockerManifestList);
    file("unknown-version.manifest.json", {});
    file("v2list.everything.json", MediaType::DockerManifestList);
    file("v2list.manifest.json", MediaType::DockerManifestList);
    file("v2s1-invalid-signatures.manifest.json", MediaType::DockerSchema1Signed);
    file("v2s1-unsigned.manifest.json", MediaType::DockerSchema1);
    file("v2s1.manifest.json", MediaType::DockerSchema1Signed);
    file("v2s2.manifest.json", MediaType::DockerManifest);
    file("v2s2nomime.manifest.json", MediaType::DockerManifest);

    const auto doc = [](const char *name, const char *json, QLatin1StringView expected) {
        QTest::addRow("%s", name) << QByteArray(json) << QString(expected);
    };
    doc("empty manifests array", R"({"schemaVersion":2,"manifests":[]})", MediaType::OciIndex);
    doc("oci config",
        R"({"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json"}})",
        MediaType::OciManifest);
    doc("no config, no manifests", R"({"schemaVersion":2})", MediaType::OciManifest);
    doc("schema1 signatures null", R"({"schemaVersion":1,"signatures":null})",
        MediaType::DockerSchema1);
    doc("declared type wins over shape",
        R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","config":{}})",
        MediaType::OciIndex);
    doc("declared type that is not a manifest",
        R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.config.v1+json"})", {});
    doc("no schemaVersion", R"({"config":{}})", {});
    doc("schemaVersion as string", R"({"schemaVersion":"2"})", {});
    doc("schemaVersion 3", R"({"schemaVersion":3})", {});
    doc("top-level array", "[]", {});
    doc("empty", "", {});
}

void TestManifest::guessMediaType()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, expected);
    QCOMPARE(Manifest::guessMediaType(raw), expected);
}

void TestManifest::containersImage_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("children");
    QTest::addColumn<QStringList>("platforms");
    QTest::addColumn<QString>("digest");
    QTest::addColumn<int>("errorCode");
    QTest::addColumn<QString>("errorField");

    // Stated digests: containers/image internal/manifest/testdata_info_test.go (v2s2, v2s1);
    // the schema2-to-schema1 payload digest was computed for /work/shared/fixtures (README §2).
    // Other rows compare against the sha256 of the file, computed in the test.
    const auto ok = [](const char *name, Format format, int children, const QStringList &platforms,
                       const char *digest = "") {
        QTest::addRow("%s", name) << QString::fromLatin1(name) << int(format) << children
                                  << platforms << QString::fromLatin1(digest) << -1 << QString();
    };
    const auto bad = [](const char *name, Code code, const char *field) {
        QTest::addRow("%s", name) << QString::fromLatin1(name) << -1 << 0 << QStringList()
                                  << QString() << int(code) << QString::fromLatin1(field);
    };
    const auto onLinux = [](std::initializer_list<const char *> arches) {
        QStringList platforms;
        for (const char *arch : arches)
            platforms.append(QStringLiteral("linux/") + QLatin1StringView(arch));
        return platforms;
    };

    bad("non-json.manifest.json", Code::InvalidJson, "not JSON");
    // Its entry embeds "data" that does not hash to the entry's digest: a corrupt descriptor.
    bad("oci1.index.everything.json", Code::InvalidValue, "manifests[0].data");
    ok("oci1.index.zstd-selection.json", Format::OciIndex, 6,
       onLinux({"amd64", "amd64", "arm64", "arm64", "s390x", "amd64"}));
    ok("oci1.index.zstd-selection2.json", Format::OciIndex, 10,
       onLinux({"amd64", "amd64", "amd64", "arm64", "arm64", "amd64", "amd64"}));
    ok("oci1index.json", Format::OciIndex, 3, onLinux({"ppc64le", "amd64", "arm64"}));
    ok("ocilist-variants.json", Format::OciIndex, 6,
       onLinux({"amd64", "arm/v7", "arm/v6", "arm/v6", "arm/unrecognized-present", "arm"}));
    // The artifact examples have "digest": "" in their config, which no registry could serve:
    // they exist to test type guessing, and the parser refuses them.
    bad("ociv1.artifact.json", Code::DigestInvalidFormat, "config.digest");
    ok("ociv1.image.index.json", Format::OciIndex, 2, onLinux({"ppc64le", "amd64"}));
    ok("ociv1.manifest.json", Format::OciManifest, 3, {});
    bad("ociv1nomime.artifact.json", Code::DigestInvalidFormat, "config.digest");
    ok("ociv1nomime.image.index.json", Format::OciIndex, 2, onLinux({"ppc64le", "amd64"}));
    ok("ociv1nomime.manifest.json", Format::OciManifest, 3, {});
    ok("schema2-to-schema1-by-docker.json", Format::DockerSchema1Signed, 15, {},
       "sha256:c8a08b90c4899c341695c8b52733faace453cda3c20b2f9ad2c4390eac8eaee4");
    ok("schema2list-variants.json", Format::DockerManifestList, 4,
       onLinux({"amd64", "arm/v6", "arm/unrecognized-present", "arm"}));
    ok("schema2list.json", Format::DockerManifestList, 7,
       onLinux({"amd64", "arm/v5", "arm/v6", "arm64/v8", "386", "ppc64le", "s390x"}));
    bad("unknown-version.manifest.json", Code::UnsupportedVersion, "schemaVersion");
    ok("v2list.everything.json", Format::DockerManifestList, 1, {QStringLiteral("b/a/e")});
    ok("v2list.manifest.json", Format::DockerManifestList, 5,
       onLinux({"ppc64le", "amd64", "s390x", "arm/armv7", "arm64/armv8"}));
    bad("v2s1-invalid-signatures.manifest.json", Code::WrongType, "signatures");
    ok("v2s1-unsigned.manifest.json", Format::DockerSchema1, 3, {},
       "sha256:7364fea9d84ee548ab67d4c46c6006289800c98de3fbf8c0a97138dfcc23f000");
    ok("v2s1.manifest.json", Format::DockerSchema1Signed, 3, {},
       "sha256:7364fea9d84ee548ab67d4c46c6006289800c98de3fbf8c0a97138dfcc23f000");
    ok("v2s2.manifest.json", Format::DockerSchema2, 3, {},
       "sha256:20bf21ed457b390829cdbeec8795a7bea1626991fda603e0d01b4e7f60427e55");
    ok("v2s2nomime.manifest.json", Format::DockerSchema2, 0, {});
}

void TestManifest::containersImage()
{
    QFETCH(QString, file);
    QFETCH(int, format);
    QFETCH(int, children);
    QFETCH(QStringList, platforms);
    QFETCH(QString, digest);
    QFETCH(int, errorCode);
    QFETCH(QString, errorField);

    const QByteArray raw = TestData::read(QStringLiteral("manifests/containers_image/") + file);
    QVERIFY(!raw.isEmpty());
    const Result<ManifestPtr> manifest = Manifest::parse(raw);
    if (errorCode >= 0) {
        QVERIFY2(!manifest, "the document must be refused");
        QCOMPARE(ParseError::codeName(manifest.error().code()), codeName(errorCode));
        QVERIFY2(manifest.error().message().contains(errorField),
                 qPrintable(manifest.error().message()));
        return;
    }
    QVERIFY2(manifest, qPrintable(manifest ? QString() : manifest.error().message()));
    const Manifest &m = **manifest;
    QCOMPARE(int(m.format()), format);
    QCOMPARE(m.mediaType(), Manifest::guessMediaType(raw));
    QCOMPARE(childCount(m), qsizetype(children));
    QCOMPARE(platformsOf(m), platforms);
    QCOMPARE(m.raw(), raw);
    if (!digest.isEmpty())
        QCOMPARE(m.digest().toString(), digest);
    if (m.format() != Format::DockerSchema1Signed)
        QCOMPARE(m.digest(), Digest::compute(raw));
}

void TestManifest::facts_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QJsonObject>("fact");

    const QJsonObject all = readFacts();
    QVERIFY(!all.isEmpty());
    for (auto it = all.constBegin(); it != all.constEnd(); ++it)
        QTest::addRow("%s", qPrintable(it.key())) << it.key() << it.value().toObject();
}

// facts.json was extracted from the fixtures by a separate script; every document it
// describes as a manifest must parse to the same kind, counts, platforms and types, and
// everything else (configs, layer blobs, layout files) must be refused as a manifest.
void TestManifest::facts()
{
    QFETCH(QString, file);
    QFETCH(QJsonObject, fact);

    // Documents facts.json calls manifests that the parser refuses, and why.
    static const QMap<QString, Code> refused{
        {QStringLiteral("containers_image/oci1.index.everything.json"), Code::InvalidValue},
        {QStringLiteral("containers_image/ociv1.artifact.json"), Code::DigestInvalidFormat},
        {QStringLiteral("containers_image/ociv1nomime.artifact.json"), Code::DigestInvalidFormat},
        {QStringLiteral("containers_image/v2s1-invalid-signatures.manifest.json"), Code::WrongType},
    };

    const QByteArray raw = TestData::read(QStringLiteral("manifests/") + file);
    QCOMPARE(qint64(raw.size()), fact.value(u"size").toInteger());
    QCOMPARE(Digest::compute(raw).toString(), fact.value(u"sha256").toString());

    const QString kind = fact.value(u"kind").toString();
    const bool isManifest = kind == QLatin1StringView("image-manifest")
        || kind == QLatin1StringView("index/list") || kind.startsWith(u"docker-schema1");
    const Result<ManifestPtr> manifest = Manifest::parse(raw);
    if (!isManifest) {
        QVERIFY2(!manifest, "only manifests parse as manifests");
        return;
    }
    if (refused.contains(file)) {
        QVERIFY(!manifest);
        QCOMPARE(ParseError::codeName(manifest.error().code()),
                 ParseError::codeName(refused.value(file)));
        return;
    }
    QVERIFY2(manifest, qPrintable(manifest ? QString() : manifest.error().message()));
    const Manifest &m = **manifest;

    const QString declared = fact.value(u"mediaType(field)").toString();
    if (declared != QLatin1StringView("(absent)"))
        QCOMPARE(m.mediaType(), declared);
    if (kind == QLatin1StringView("image-manifest")) {
        QVERIFY(!m.isIndex());
        const auto &image = static_cast<const ImageManifest &>(m);
        QCOMPARE(qint64(image.layers().size()), fact.value(u"layers").toInteger());
        QCOMPARE(image.config().mediaType, fact.value(u"config.mediaType").toString());
    } else if (kind == QLatin1StringView("index/list")) {
        QVERIFY(m.isIndex());
        const auto &index = static_cast<const ImageIndex &>(m);
        QCOMPARE(qint64(index.manifests().size()), fact.value(u"manifests").toInteger());
        QStringList platforms;
        for (const QJsonValue platform : fact.value(u"platforms").toArray())
            platforms.append(platform.toString());
        QCOMPARE(platformsOf(m), platforms);
    } else {
        const auto &schema1 = static_cast<const Schema1Manifest &>(m);
        QCOMPARE(schema1.isSigned(), kind == QLatin1StringView("docker-schema1-signed"));
        QCOMPARE(qint64(schema1.fsLayers().size()), fact.value(u"fsLayers").toInteger());
        QCOMPARE(qint64(schema1.history().size()), fact.value(u"history").toInteger());
    }
    QCOMPARE(m.artifactType(), fact.value(u"artifactType").toString());
    QCOMPARE(m.subject() ? m.subject()->digest.toString() : QString(),
             fact.value(u"subject").toString());

    // Content-addressed files are named by their digest: layout blobs by the hex, the
    // registry's answers by the digest it sent.
    const QString name = file.section(u'/', -1);
    if (file.contains(u"/blobs/sha256/"))
        QCOMPARE(m.digest().toString(), QStringLiteral("sha256:") + name);
    else if (file.startsWith(u"registry282_accepted/") && name.size() == 64 + 5)
        QCOMPARE(m.digest().toString(), QStringLiteral("sha256:") + name.left(64));
    if (m.format() != Format::DockerSchema1Signed)
        QCOMPARE(m.digest().toString(), fact.value(u"sha256").toString());
    else
        QVERIFY(m.digest().toString() != fact.value(u"sha256").toString());
}

// Every fixture document (the OCI schema cases aside, which have their own table) is
// described in facts.json, so the facts test covers each of them.
void TestManifest::factsCoverage()
{
    QStringList documents;
    for (const QString &file : fixtureFiles(QString())) {
        const QString relative = file.mid(QStringLiteral("manifests/").size());
        if (relative.startsWith(u"imagespec_schema/")
            || relative == QLatin1StringView("facts.json"))
            continue;
        documents.append(relative);
    }
    QStringList described = readFacts().keys();
    described.sort();
    QCOMPARE(described, documents);
    QCOMPARE(described.size(), 64);
}

void TestManifest::registryAccepted_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("digest");
    QTest::addColumn<int>("format");

    const QStringList files = fixtureFiles(QStringLiteral("registry282_accepted"));
    QCOMPARE(files.size(), 7);
    for (const QString &path : files) {
        const QString name = path.section(u'/', -1);
        QString digest = QStringLiteral("sha256:") + name.chopped(5);
        int format = -1;
        if (name == QLatin1StringView("schema1_generated_by_registry.json")) {
            // The Docker-Content-Digest distribution 2.8.2 sent with this document.
            digest = QStringLiteral(
                "sha256:e3ae45d9a7a0b4468b6c571b246d7aaf7359641cf7d3c62fe22cfdda1d6c5ccf");
            format = int(Format::DockerSchema1Signed);
        }
        QTest::addRow("%s", qPrintable(name)) << path << digest << format;
    }
}

// Documents Debian's docker-registry 2.8.2 accepted on push; each file is named by the digest
// the registry answered.
void TestManifest::registryAccepted()
{
    QFETCH(QString, file);
    QFETCH(QString, digest);
    QFETCH(int, format);

    const QByteArray raw = TestData::read(file);
    const Result<ManifestPtr> manifest = Manifest::parse(raw);
    QVERIFY2(manifest, qPrintable(manifest ? QString() : manifest.error().message()));
    QCOMPARE((*manifest)->digest().toString(), digest);
    if (format >= 0)
        QCOMPARE(int((*manifest)->format()), format);
    // Served with the Content-Type the registry stores, the result is the same.
    const Result<ManifestPtr> served = Manifest::parse(raw, (*manifest)->mediaType());
    QVERIFY(served);
    QCOMPARE((*served)->digest(), (*manifest)->digest());
    QCOMPARE((*served)->format(), (*manifest)->format());
}

void TestManifest::declaredTypeDiffersFromDocument_data()
{
    QTest::addColumn<int>("entry");
    QTest::addColumn<int>("documentFormat");
    QTest::addColumn<int>("servedFormat");
    QTest::addColumn<int>("servedError");

    // ggcr_layout/test_index/index.json lists four entries; the first two are Docker schema2
    // manifests although the index calls them an OCI manifest and an OCI descriptor.
    QTest::addRow("1: OCI manifest that is Docker schema2")
        << 0 << int(Format::DockerSchema2) << -1 << int(Code::MediaTypeMismatch);
    QTest::addRow("2: OCI descriptor that is Docker schema2")
        << 1 << int(Format::DockerSchema2) << -1 << int(Code::UnknownMediaType);
    QTest::addRow("3: OCI index without mediaType")
        << 2 << int(Format::OciIndex) << int(Format::OciIndex) << -1;
    QTest::addRow("4: Docker list without mediaType")
        << 3 << int(Format::OciIndex) << int(Format::DockerManifestList) << -1;
}

void TestManifest::declaredTypeDiffersFromDocument()
{
    QFETCH(int, entry);
    QFETCH(int, documentFormat);
    QFETCH(int, servedFormat);
    QFETCH(int, servedError);

    const QString layout = QStringLiteral("manifests/ggcr_layout/test_index/");
    const Result<ImageIndexPtr> index
        = ImageIndex::parse(TestData::read(layout + QStringLiteral("index.json")));
    QVERIFY(index);
    QCOMPARE((*index)->manifests().size(), 4);
    const Descriptor descriptor = (*index)->manifests().at(entry);
    const QByteArray blob
        = TestData::read(layout + QStringLiteral("blobs/sha256/") + descriptor.digest.hex());
    QCOMPARE(qint64(blob.size()), descriptor.size);

    // The document's own type, when nothing else is known.
    const Result<ManifestPtr> own = Manifest::parse(blob);
    QVERIFY2(own, qPrintable(own ? QString() : own.error().message()));
    QCOMPARE(int((*own)->format()), documentFormat);
    QCOMPARE((*own)->digest(), descriptor.digest);

    // The type the index declared, used as a registry would use it: as the Content-Type.
    const Result<ManifestPtr> served = Manifest::parse(blob, descriptor.mediaType);
    if (servedError >= 0) {
        QVERIFY(!served);
        QCOMPARE(ParseError::codeName(served.error().code()), codeName(servedError));
        QVERIFY2(served.error().message().contains(descriptor.mediaType),
                 qPrintable(served.error().message()));
        if (servedError == int(Code::MediaTypeMismatch)) {
            QVERIFY2(served.error().message().contains(MediaType::DockerManifest),
                     qPrintable(served.error().message()));
        }
    } else {
        QVERIFY2(served, qPrintable(served ? QString() : served.error().message()));
        QCOMPARE(int((*served)->format()), servedFormat);
        QCOMPARE((*served)->digest(), descriptor.digest);
    }
}

void TestManifest::contentType_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("errorCode");
    QTest::addColumn<QStringList>("mentions");

    const QByteArray oci
        = TestData::read(QStringLiteral("manifests/containers_image/ociv1.manifest.json"));
    const QByteArray ociNoType
        = TestData::read(QStringLiteral("manifests/containers_image/ociv1nomime.manifest.json"));
    const QByteArray docker
        = TestData::read(QStringLiteral("manifests/containers_image/v2s2.manifest.json"));
    const QByteArray list
        = TestData::read(QStringLiteral("manifests/containers_image/v2list.manifest.json"));
    const QByteArray signed1
        = TestData::read(QStringLiteral("manifests/containers_image/v2s1.manifest.json"));
    const QByteArray unsigned1
        = TestData::read(QStringLiteral("manifests/containers_image/v2s1-unsigned.manifest.json"));

    const auto ok
        = [](const char *name, const QByteArray &raw, const QString &type, Format format) {
              QTest::addRow("%s", name) << raw << type << int(format) << -1 << QStringList();
          };
    const auto bad = [](const char *name, const QByteArray &raw, const QString &type, Code code,
                        const QStringList &mentions) {
        QTest::addRow("%s", name) << raw << type << -1 << int(code) << mentions;
    };
    ok("oci as oci", oci, MediaType::OciManifest, Format::OciManifest);
    ok("parameters and case", oci,
       QStringLiteral(" Application/VND.oci.image.manifest.v1+JSON ; charset=utf-8"),
       Format::OciManifest);
    ok("application/json", oci, QStringLiteral("application/json"), Format::OciManifest);
    ok("text/plain", docker, QStringLiteral("text/plain; charset=utf-8"), Format::DockerSchema2);
    ok("octet-stream", list, QStringLiteral("application/octet-stream"),
       Format::DockerManifestList);
    ok("no mediaType field, served as docker", ociNoType, MediaType::DockerManifest,
       Format::DockerSchema2);
    ok("signed schema1 served as v1+json", signed1, MediaType::DockerSchema1,
       Format::DockerSchema1Signed);
    ok("unsigned schema1 served as prettyjws", unsigned1, MediaType::DockerSchema1Signed,
       Format::DockerSchema1);
    bad("oci served as docker", oci, MediaType::DockerManifest, Code::MediaTypeMismatch,
        {MediaType::DockerManifest, MediaType::OciManifest});
    bad("docker served as oci index", docker, MediaType::OciIndex, Code::MediaTypeMismatch,
        {MediaType::OciIndex, MediaType::DockerManifest});
    bad("list served as schema1", list, MediaType::DockerSchema1Signed, Code::MediaTypeMismatch,
        {MediaType::DockerSchema1Signed, MediaType::DockerManifestList});
    bad("html error page", oci, QStringLiteral("text/html"), Code::UnknownMediaType,
        {QStringLiteral("text/html")});
    bad("image config type", oci, MediaType::OciConfig, Code::UnknownMediaType,
        {MediaType::OciConfig});
    bad("unknown mediaType field",
        R"({"schemaVersion":2,"mediaType":"application/vnd.example+json"})", {},
        Code::UnknownMediaType,
        {QStringLiteral("mediaType"), QStringLiteral("application/vnd.example+json")});
    bad("mediaType field not a string", R"({"schemaVersion":2,"mediaType":5})", {}, Code::WrongType,
        {QStringLiteral("mediaType")});
    bad("schema1 served as oci", unsigned1, MediaType::OciManifest, Code::UnsupportedVersion,
        {QStringLiteral("OCI image manifest"), QStringLiteral("schemaVersion")});
}

void TestManifest::contentType()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, contentType);
    QFETCH(int, format);
    QFETCH(int, errorCode);
    QFETCH(QStringList, mentions);

    const Result<ManifestPtr> manifest = Manifest::parse(raw, contentType);
    if (errorCode >= 0) {
        QVERIFY(!manifest);
        QCOMPARE(ParseError::codeName(manifest.error().code()), codeName(errorCode));
        for (const QString &mention : mentions) {
            QVERIFY2(manifest.error().message().contains(mention),
                     qPrintable(manifest.error().message()));
        }
        return;
    }
    QVERIFY2(manifest, qPrintable(manifest ? QString() : manifest.error().message()));
    QCOMPARE(int((*manifest)->format()), format);
    QCOMPARE((*manifest)->mediaType(), QString(Manifest::mediaTypeOf(Format(format))));
}

void TestManifest::badDocument_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("mentions");

    const auto row = [](const char *name, const QByteArray &raw, Code code, const char *mentions) {
        QTest::addRow("%s", name) << raw << int(code) << QString::fromLatin1(mentions);
    };
    row("empty", QByteArray(), Code::InvalidJson, "empty");
    row("white space", QByteArray(" \n\t "), Code::InvalidJson, "empty");
    row("top-level array", QByteArray("[{\"schemaVersion\":2}]"), Code::WrongType, "array");
    row("top-level string", QByteArray("\"manifest\""), Code::InvalidJson, "JSON");
    row("truncated", QByteArray(R"({"schemaVersion":2,"manifests":[{"mediaType":"app)"),
        Code::InvalidJson, "JSON");
    row("trailing garbage", QByteArray(R"({"schemaVersion":2,"manifests":[]} x)"),
        Code::InvalidJson, "JSON");
    row("invalid UTF-8", QByteArray("{\"schemaVersion\":2,\"manifests\":[],\"x\":\"\xff\xfe\"}"),
        Code::InvalidUtf8, "UTF-8");
    row("deep nesting",
        "{\"schemaVersion\":2,\"x\":" + QByteArray(10000, '[') + QByteArray(10000, ']') + '}',
        Code::TooDeep, "nested");
    row("deep nesting, unclosed", "{\"x\":" + QByteArray(10000, '['), Code::TooDeep, "nested");
    row("no schemaVersion", QByteArray(R"({"config":{}})"), Code::MissingField, "schemaVersion");
    row("schemaVersion null", QByteArray(R"({"schemaVersion":null})"), Code::MissingField,
        "schemaVersion");
    row("schemaVersion as string", QByteArray(R"({"schemaVersion":"2"})"), Code::WrongType,
        "schemaVersion");
    row("schemaVersion fraction", QByteArray(R"({"schemaVersion":2.5})"), Code::WrongType,
        "schemaVersion");
    row("schemaVersion 3", QByteArray(R"({"schemaVersion":3})"), Code::UnsupportedVersion,
        "schemaVersion");
    row("schemaVersion 0", QByteArray(R"({"schemaVersion":0})"), Code::UnsupportedVersion,
        "schemaVersion");
    row("schemaVersion -1", QByteArray(R"({"schemaVersion":-1})"), Code::UnsupportedVersion,
        "schemaVersion");
    row("schemaVersion 1 declared OCI",
        QByteArray(
            R"({"schemaVersion":1,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]})"),
        Code::UnsupportedVersion, "OCI image index: schemaVersion: expected 2, found 1");
    row("schemaVersion 2 declared schema1",
        QByteArray(
            R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v1+json"})"),
        Code::UnsupportedVersion, "schemaVersion: expected 1, found 2");
}

// Failures before the format is known: the JSON itself, schemaVersion, the declared type.
void TestManifest::badDocument()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, code);
    QFETCH(QString, mentions);

    const Result<ManifestPtr> manifest = Manifest::parse(raw);
    QVERIFY(!manifest);
    QCOMPARE(ParseError::codeName(manifest.error().code()), codeName(code));
    QVERIFY2(manifest.error().message().contains(mentions), qPrintable(manifest.error().message()));
    QVERIFY2(manifest.error().message().size() < 400, "messages stay one line");
    QVERIFY(Manifest::guessMediaType(raw).isEmpty() || code == int(Code::UnsupportedVersion));
}

void TestManifest::sizeLimit()
{
    const QByteArray document
        = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]})";
    QByteArray atLimit = document;
    atLimit.append(QByteArray(4 * 1024 * 1024 - document.size(), ' '));
    QCOMPARE(atLimit.size(), 4 * 1024 * 1024);
    const Result<ManifestPtr> accepted = Manifest::parse(atLimit);
    QVERIFY2(accepted, qPrintable(accepted ? QString() : accepted.error().message()));
    QCOMPARE((*accepted)->digest(), Digest::compute(atLimit));

    const QByteArray overLimit = atLimit + ' ';
    const Result<ManifestPtr> refused = Manifest::parse(overLimit, QString(MediaType::OciIndex));
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), Code::TooLarge);
    QVERIFY2(refused.error().message().startsWith(u"OCI image index: "),
             qPrintable(refused.error().message()));
    QVERIFY2(refused.error().message().contains(u"4.0 MiB"), qPrintable(refused.error().message()));
    QCOMPARE(Manifest::guessMediaType(overLimit), QString());
}

void TestManifest::formatNamesAndTypes()
{
    for (Format format : {Format::DockerSchema2, Format::DockerManifestList, Format::OciManifest,
                          Format::OciIndex, Format::DockerSchema1, Format::DockerSchema1Signed}) {
        const QLatin1StringView type = Manifest::mediaTypeOf(format);
        QVERIFY(MediaType::isManifest(type));
        QVERIFY(Manifest::formatOf(QString(type)) == std::optional<Format>(format));
        QVERIFY(!Manifest::formatName(format).isEmpty());
    }
    QVERIFY(!Manifest::formatOf(u"application/vnd.oci.image.config.v1+json"));
    QVERIFY(!Manifest::formatOf(u""));
    QCOMPARE(Manifest::formatName(Format::OciManifest), QStringLiteral("OCI image manifest"));
}

QTEST_GUILESS_MAIN(TestManifest)
#include "tst_manifest.moc"
