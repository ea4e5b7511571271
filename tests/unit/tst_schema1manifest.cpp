#include "testdata.h"
#include "values/mediatype.h"
#include "values/schema1manifest.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Layerscope;
using Code = ParseError::Code;
using Format = Manifest::Format;

namespace {

// What distribution 2.8.2 served for a schema2 image asked for without an Accept header; its
// Docker-Content-Digest was the digest of the payload.
const QString registryGenerated
    = QStringLiteral("manifests/registry282_accepted/schema1_generated_by_registry.json");
const QString registryGeneratedDigest
    = QStringLiteral("sha256:e3ae45d9a7a0b4468b6c571b246d7aaf7359641cf7d3c62fe22cfdda1d6c5ccf");
// The layer blob of an empty tar, which Docker writes for every throwaway layer of schema1.
const QString emptyLayer
    = QStringLiteral("sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4");

// A small unsigned schema1 manifest for the bad-input rows. The v1Compatibility document is
// put in as a JSON string by code: moc misreads escaped quotes inside raw string literals.
QByteArray makeSmallManifest()
{
    QByteArray v1
        = R"({"id":"9c16096dd5930c59cee824e8fe9a1ace1472f7c64a9b71d0d10105b5493ff722","created":"1970-01-01T00:00:00Z","container_config":{"Cmd":["/bin/sh","-c","true"]},"Size":12})";
    v1.replace('"', "\\\"");
    QByteArray document = R"({
   "schemaVersion": 1,
   "name": "library/example",
   "tag": "latest",
   "architecture": "amd64",
   "fsLayers": [
      {"blobSum": "sha256:dc52c6e48a1d51a96047b059f16889bc889c4b4c28f3b36b3f93187f62fc0b2b"}
   ],
   "history": [
      {"v1Compatibility": "V1"}
   ]
})";
    return document.replace("V1", v1);
}

const QByteArray smallManifest = makeSmallManifest();

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// The registry-generated document with its one protected header replaced by \a header.
QByteArray withProtectedHeader(const QByteArray &header)
{
    const QByteArray original = "eyJmb3JtYXRMZW5ndGgiOjQ4NSwiZm9ybWF0VGFpbCI6IkNuMCIsInRpbWUiOiIyMD"
                                "I2LTExLTIyVDIxOjQyOjI4WiJ9";
    return TestData::replaced(TestData::read(registryGenerated), '"' + original + '"', header);
}

QString message(const Result<Schema1ManifestPtr> &result)
{
    return result ? QString() : result.error().message();
}

} // namespace

class TestSchema1Manifest : public QObject
{
    Q_OBJECT

private slots:
    void signedManifest();
    void unsignedManifest();
    void convertedByDocker();
    void generatedByRegistry();
    void severalSignatures();
    void otherKindOfManifest();
    void badInput_data();
    void badInput();
};

// containers/image's v2s1.manifest.json: its stated digest is that of the payload, which is
// byte for byte the unsigned variant of the same manifest.
void TestSchema1Manifest::signedManifest()
{
    const QByteArray raw
        = TestData::read(QStringLiteral("manifests/containers_image/v2s1.manifest.json"));
    const Result<Schema1ManifestPtr> manifest = Schema1Manifest::parse(raw);
    QVERIFY2(manifest, qPrintable(message(manifest)));
    const Schema1Manifest &m = **manifest;

    QCOMPARE(m.format(), Format::DockerSchema1Signed);
    QVERIFY(m.isSigned());
    QCOMPARE(m.mediaType(), QString(MediaType::DockerSchema1Signed));
    QCOMPARE(
        m.digest().toString(),
        QStringLiteral("sha256:7364fea9d84ee548ab67d4c46c6006289800c98de3fbf8c0a97138dfcc23f000"));
    QVERIFY(m.digest() != Digest::compute(raw));
    QCOMPARE(m.raw(), raw);
    QCOMPARE(
        m.payload(),
        TestData::read(QStringLiteral("manifests/containers_image/v2s1-unsigned.manifest.json")));

    QCOMPARE(m.name(), QStringLiteral("mitr/busybox"));
    QCOMPARE(m.tag(), QStringLiteral("latest"));
    QCOMPARE(m.architecture(), QStringLiteral("amd64"));
    QCOMPARE(m.fsLayers().size(), 3);
    for (const Digest &layer : m.fsLayers()) {
        QCOMPARE(layer.toString(),
                 QStringLiteral(
                     "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"));
    }
    QVERIFY(m.references().isEmpty());

    QCOMPARE(m.history().size(), 3);
    const Schema1Manifest::HistoryEntry &newest = m.history().first();
    QCOMPARE(newest.id,
             QStringLiteral("f1b5eb0a1215f663765d509b6cdf3841bc2bcff0922346abb943d1342d469a97"));
    QCOMPARE(newest.parent,
             QStringLiteral("594075be8d003f784074cc639d970d1fa091a8197850baaae5052c01564ac535"));
    QCOMPARE(newest.created, QStringLiteral("2016-03-03T11:29:44.222098366Z"));
    QCOMPARE(newest.createdBy,
             QStringLiteral(
                 "/bin/sh -c #(nop) LABEL Checksum=4fef81d30f31f9213c642881357e6662846a0f884c2366c"
                 "13ebad807b4031368  ./tests/test-images/Dockerfile.2"));
    QCOMPARE(newest.author, QStringLiteral("\"William Temple <wtemple at redhat dot com>\""));
    QVERIFY(!newest.throwaway);
    QCOMPARE(newest.size, 0);
    // Each entry names the one below it; the base layer has no parent.
    QCOMPARE(m.history().at(1).parent, m.history().at(2).id);
    QVERIFY(m.history().last().parent.isEmpty());
}

void TestSchema1Manifest::unsignedManifest()
{
    const QByteArray raw
        = TestData::read(QStringLiteral("manifests/containers_image/v2s1-unsigned.manifest.json"));
    const Result<Schema1ManifestPtr> manifest
        = Schema1Manifest::parse(raw, QString(MediaType::DockerSchema1));
    QVERIFY2(manifest, qPrintable(message(manifest)));
    QCOMPARE((*manifest)->format(), Format::DockerSchema1);
    QVERIFY(!(*manifest)->isSigned());
    QCOMPARE((*manifest)->mediaType(), QString(MediaType::DockerSchema1));
    QCOMPARE(
        (*manifest)->digest().toString(),
        QStringLiteral("sha256:7364fea9d84ee548ab67d4c46c6006289800c98de3fbf8c0a97138dfcc23f000"));
    QCOMPARE((*manifest)->payload(), raw);
    QCOMPARE((*manifest)->history().at(2).createdBy,
             QStringLiteral(
                 "/bin/sh -c #(nop) MAINTAINER \"William Temple <wtemple at redhat dot com>\""));
}

// A schema2 image that Docker converted to signed schema1: one history entry per layer, the
// empty ones marked throwaway and stored as the empty tar blob.
void TestSchema1Manifest::convertedByDocker()
{
    const Result<Schema1ManifestPtr> manifest = Schema1Manifest::parse(
        TestData::read(
            QStringLiteral("manifests/containers_image/schema2-to-schema1-by-docker.json")),
        QStringLiteral("application/vnd.docker.distribution.manifest.v1+prettyjws"));
    QVERIFY2(manifest, qPrintable(message(manifest)));
    const Schema1Manifest &m = **manifest;
    QCOMPARE(
        m.digest().toString(),
        QStringLiteral("sha256:c8a08b90c4899c341695c8b52733faace453cda3c20b2f9ad2c4390eac8eaee4"));
    QCOMPARE(m.name(), QStringLiteral("library/httpd-copy"));
    QCOMPARE(m.fsLayers().size(), 15);
    QCOMPARE(m.history().size(), 15);

    int throwaway = 0;
    for (qsizetype i = 0; i < m.history().size(); ++i) {
        const bool empty = m.history().at(i).throwaway;
        throwaway += empty ? 1 : 0;
        QCOMPARE(m.fsLayers().at(i).toString() == emptyLayer, empty);
    }
    QCOMPARE(throwaway, 10);
    QCOMPARE(m.history().first().createdBy,
             QStringLiteral("/bin/sh -c #(nop)  CMD [\"httpd-foreground\"]"));
    QCOMPARE(m.history().last().createdBy,
             QStringLiteral("/bin/sh -c #(nop) ADD "
                            "file:c6c23585ab140b0b320d4e99bc1b0eb544c9e96c24d90fec5e069a6d57d3"
                            "35ca in / "));
    QVERIFY(m.history().last().parent.isEmpty());
}

void TestSchema1Manifest::generatedByRegistry()
{
    const QByteArray raw = TestData::read(registryGenerated);
    const Result<Schema1ManifestPtr> manifest = Schema1Manifest::parse(raw);
    QVERIFY2(manifest, qPrintable(message(manifest)));
    const Schema1Manifest &m = **manifest;
    QCOMPARE(m.digest().toString(), registryGeneratedDigest);
    QCOMPARE(
        Digest::compute(raw).toString(),
        QStringLiteral("sha256:6b10ad5d51ad495ebe231c0d3ee99d14c0d0c6424aea4f670af00fe7cee0e42e"));
    QCOMPARE(m.name(), QStringLiteral("t/docker"));
    QCOMPARE(m.tag(), QStringLiteral("v1"));
    QCOMPARE(m.fsLayers().size(), 1);
    QCOMPARE(
        m.fsLayers().first().toString(),
        QStringLiteral("sha256:dc52c6e48a1d51a96047b059f16889bc889c4b4c28f3b36b3f93187f62fc0b2b"));
    QCOMPARE(m.history().first().id,
             QStringLiteral("9c16096dd5930c59cee824e8fe9a1ace1472f7c64a9b71d0d10105b5493ff722"));
    QCOMPARE(m.history().first().author, QStringLiteral("Bazel"));
    QCOMPARE(m.history().first().created, QStringLiteral("1970-01-01T00:00:00Z"));
    QVERIFY(m.history().first().createdBy.isEmpty());
    // The payload is the document without its signatures, ending as the tail says.
    QVERIFY(!m.payload().contains("signatures"));
    QVERIFY(m.payload().endsWith("\n}"));
    QCOMPARE(m.payload().size(), 485 + 2);
}

// Every signature signs the same payload: a second signature with its own time but the same
// formatLength and formatTail changes nothing.
void TestSchema1Manifest::severalSignatures()
{
    const QByteArray header
        = base64Url(R"({"formatLength":485,"formatTail":"Cn0","time":"2030-01-01T00:00:00Z"})");
    QByteArray raw = TestData::read(registryGenerated);
    const qsizetype end = raw.lastIndexOf(']');
    raw.insert(end,
               ",{\"header\":{\"alg\":\"ES256\"},\"signature\":\"AA\",\"protected\":\"" + header
                   + "\"}");
    const Result<Schema1ManifestPtr> manifest = Schema1Manifest::parse(raw);
    QVERIFY2(manifest, qPrintable(message(manifest)));
    QCOMPARE((*manifest)->digest().toString(), registryGeneratedDigest);
}

void TestSchema1Manifest::otherKindOfManifest()
{
    const Result<Schema1ManifestPtr> manifest = Schema1Manifest::parse(
        TestData::read(QStringLiteral("manifests/containers_image/v2s2.manifest.json")));
    QVERIFY(!manifest);
    QCOMPARE(manifest.error().code(), Code::MediaTypeMismatch);
    QVERIFY2(manifest.error().message().contains(u"Docker schema2 manifest"),
             qPrintable(message(manifest)));
}

void TestSchema1Manifest::badInput_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("mentions");

    const QString signedType = MediaType::DockerSchema1Signed;
    const QString unsignedType = MediaType::DockerSchema1;
    const auto row = [](const char *name, const QByteArray &raw, const QString &contentType,
                        Code code, const char *mentions) {
        QTest::addRow("%s", name) << raw << contentType << int(code) << QString::fromUtf8(mentions);
    };
    const QByteArray blobSum
        = "\"sha256:dc52c6e48a1d51a96047b059f16889bc889c4b4c28f3b36b3f93187f62fc0b2b\"";
    const QByteArray v1Size = "\\\"Size\\\":12";
    const QByteArray v1Cmd = "[\\\"/bin/sh\\\",\\\"-c\\\",\\\"true\\\"]";

    // The document as a whole.
    row("truncated", smallManifest.left(150), unsignedType, Code::InvalidJson,
        "Docker schema1 manifest: not valid JSON");
    row("empty", QByteArray(), signedType, Code::InvalidJson,
        "signed Docker schema1 manifest: document is empty");
    row("top-level array", '[' + smallManifest + ']', unsignedType, Code::WrongType, "array");
    row("invalid UTF-8",
        TestData::replaced(smallManifest, "library/example",
                           "library/\xc0\xaf"
                           "example"),
        {}, Code::InvalidUtf8, "UTF-8");
    row("10,000-deep nesting",
        TestData::replaced(smallManifest, "\"latest\"",
                           QByteArray(10000, '[') + QByteArray(10000, ']')),
        {}, Code::TooDeep, "nested");
    row("4 MiB + 1 byte",
        smallManifest + QByteArray(4 * 1024 * 1024 + 1 - smallManifest.size(), ' '), unsignedType,
        Code::TooLarge, "over the limit");
    row("schemaVersion 2",
        TestData::replaced(smallManifest, "\"schemaVersion\": 1", "\"schemaVersion\": 2"),
        unsignedType, Code::UnsupportedVersion,
        "Docker schema1 manifest: schemaVersion: expected 1, found 2");
    row("schemaVersion 3",
        TestData::replaced(smallManifest, "\"schemaVersion\": 1", "\"schemaVersion\": 3"),
        unsignedType, Code::UnsupportedVersion, "schemaVersion: expected 1, found 3");
    row("schemaVersion \"1\"",
        TestData::replaced(smallManifest, "\"schemaVersion\": 1", "\"schemaVersion\": \"1\""),
        unsignedType, Code::WrongType,
        "schemaVersion: expected an integer, found the string \"1\"");
    row("name as number", TestData::replaced(smallManifest, "\"library/example\"", "7"), {},
        Code::WrongType, "Docker schema1 manifest: name: expected a string");

    // fsLayers and history.
    row("fsLayers missing", TestData::replaced(smallManifest, "\"fsLayers\"", "\"layers\""), {},
        Code::MissingField, "Docker schema1 manifest: fsLayers: required, but missing");
    row("fsLayers as object",
        TestData::replaced(smallManifest, "\"fsLayers\": [", "\"fsLayers\": {}, \"unused\": ["), {},
        Code::WrongType, "fsLayers: expected an array, found an object");
    row("blobSum missing", TestData::replaced(smallManifest, "\"blobSum\"", "\"digest\""), {},
        Code::MissingField, "fsLayers[0].blobSum: required, but missing");
    row("blobSum of wrong length",
        TestData::replaced(smallManifest, blobSum, "\"sha256:dc52c6e4\""), {},
        Code::DigestInvalidLength, "fsLayers[0].blobSum");
    row("blobSum unsupported algorithm",
        TestData::replaced(smallManifest, blobSum, "\"tarsum.v1+sha256:abc\""), {},
        Code::DigestUnsupported, "fsLayers[0].blobSum");
    row("history missing", TestData::replaced(smallManifest, "\"history\"", "\"past\""), {},
        Code::MissingField, "history: required, but missing");
    row("history shorter than fsLayers",
        TestData::replaced(smallManifest, "\"fsLayers\": [",
                           "\"fsLayers\": [{\"blobSum\": " + blobSum + "},"),
        {}, Code::InvalidValue, "history has 1 entries but fsLayers has 2");
    row("v1Compatibility as object",
        TestData::replaced(smallManifest, "\"v1Compatibility\": \"{",
                           "\"v1Compatibility\": {}, \"x\": \"{"),
        {}, Code::WrongType, "history[0].v1Compatibility: expected a string, found an object");
    row("v1Compatibility truncated",
        TestData::replaced(smallManifest, "\\\"Size\\\":12}\"", "\\\"Size\\\":12\""), {},
        Code::InvalidJson, "Docker schema1 manifest: history[0].v1Compatibility: not valid JSON");
    row("v1Compatibility deep nesting",
        TestData::replaced(smallManifest, v1Size,
                           "\\\"x\\\":" + QByteArray(10000, '[') + QByteArray(10000, ']')),
        {}, Code::TooDeep, "history[0].v1Compatibility: nested");
    row("v1Compatibility id as number",
        TestData::replaced(
            smallManifest,
            "\\\"id\\\":\\\"9c16096dd5930c59cee824e8fe9a1ace1472f7c64a9b71d0d10105b5493ff722\\\"",
            "\\\"id\\\":9"),
        {}, Code::WrongType, "history[0].v1Compatibility.id: expected a string");
    row("Cmd as number", TestData::replaced(smallManifest, v1Cmd, "5"), {}, Code::WrongType,
        "history[0].v1Compatibility.container_config.Cmd: expected an array of strings");
    row("container_config as array",
        TestData::replaced(smallManifest, "{\\\"Cmd\\\":" + v1Cmd + '}', "[]"), {}, Code::WrongType,
        "history[0].v1Compatibility.container_config: expected an object");
    row("throwaway as string",
        TestData::replaced(smallManifest, v1Size, "\\\"throwaway\\\":\\\"yes\\\""), {},
        Code::WrongType, "history[0].v1Compatibility.throwaway: expected true or false");
    row("negative Size", TestData::replaced(smallManifest, v1Size, "\\\"Size\\\":-5"), {},
        Code::InvalidValue, "history[0].v1Compatibility.Size: a size cannot be negative, found -5");
    row("Size 1e30", TestData::replaced(smallManifest, v1Size, "\\\"Size\\\":1e30"), {},
        Code::WrongType, "history[0].v1Compatibility.Size: expected an integer");
    row("Size 2^63", TestData::replaced(smallManifest, v1Size, "\\\"Size\\\":9223372036854775808"),
        {}, Code::WrongType, "history[0].v1Compatibility.Size: expected an integer");
    row("Size as string", TestData::replaced(smallManifest, v1Size, "\\\"Size\\\":\\\"12\\\""), {},
        Code::WrongType, "history[0].v1Compatibility.Size: expected an integer");

    // Signatures. containers/image's v2s1-invalid-signatures has "signatures": 1.
    row("signatures not an array",
        TestData::read(
            QStringLiteral("manifests/containers_image/v2s1-invalid-signatures.manifest.json")),
        {}, Code::WrongType,
        "signed Docker schema1 manifest: signatures: expected an array, found the number 1");
    row("signatures empty",
        TestData::replaced(smallManifest, "\"schemaVersion\": 1,",
                           "\"schemaVersion\": 1, \"signatures\": [],"),
        {}, Code::InvalidValue, "signatures: the array is empty");
    row("signature as string",
        TestData::replaced(TestData::read(registryGenerated), "\"signatures\": [\n      {",
                           "\"signatures\": [\"s\", {"),
        {}, Code::WrongType, "signatures[0]: expected an object");
    row("protected missing",
        TestData::replaced(TestData::read(registryGenerated), "\"protected\"", "\"unprotected\""),
        {}, Code::MissingField, "signatures[0].protected: required, but missing");
    row("protected as number", withProtectedHeader("5"), {}, Code::WrongType,
        "signatures[0].protected: expected a string, found the number 5");
    row("protected not base64url", withProtectedHeader("\"eyJ+/mb3J=\""), {}, Code::InvalidValue,
        "signatures[0].protected: not base64url");
    row("protected not JSON", withProtectedHeader('"' + base64Url("formatLength=485") + '"'), {},
        Code::InvalidJson, "signatures[0].protected: decoded header: not");
    row("protected is an array", withProtectedHeader('"' + base64Url("[485]") + '"'), {},
        Code::WrongType, "signatures[0].protected: decoded header: expected a JSON object");
    row("protected deep nesting",
        withProtectedHeader(
            '"' + base64Url("{\"x\":" + QByteArray(10000, '[') + QByteArray(10000, ']') + '}')
            + '"'),
        {}, Code::TooDeep, "signatures[0].protected: decoded header: nested");
    row("formatLength missing",
        withProtectedHeader('"' + base64Url(R"({"formatTail":"Cn0"})") + '"'), {},
        Code::MissingField, "signatures[0].protected.formatLength: required, but missing");
    row("formatLength as string",
        withProtectedHeader('"' + base64Url(R"({"formatLength":"485","formatTail":"Cn0"})") + '"'),
        {}, Code::WrongType, "signatures[0].protected.formatLength: expected an integer");
    row("formatLength negative",
        withProtectedHeader('"' + base64Url(R"({"formatLength":-1,"formatTail":"Cn0"})") + '"'), {},
        Code::InvalidValue, "signatures[0].protected.formatLength: -1 is outside the document");
    row("formatLength past the end",
        withProtectedHeader('"' + base64Url(R"({"formatLength":1000000,"formatTail":"Cn0"})")
                            + '"'),
        {}, Code::InvalidValue,
        "signatures[0].protected.formatLength: 1000000 is outside the document");
    row("formatLength 2^63",
        withProtectedHeader(
            '"' + base64Url(R"({"formatLength":9223372036854775808,"formatTail":"Cn0"})") + '"'),
        {}, Code::WrongType, "signatures[0].protected.formatLength: expected an integer");
    row("formatTail missing", withProtectedHeader('"' + base64Url(R"({"formatLength":485})") + '"'),
        {}, Code::MissingField, "signatures[0].protected.formatTail: required, but missing");
    row("formatTail not base64url",
        withProtectedHeader('"' + base64Url(R"({"formatLength":485,"formatTail":"C/0="})") + '"'),
        {}, Code::InvalidValue, "signatures[0].protected.formatTail: not base64url");
    row("signatures disagree",
        withProtectedHeader("\"eyJmb3JtYXRMZW5ndGgiOjQ4NSwiZm9ybWF0VGFpbCI6IkNuMCIsInRpbWUiOiIyMDI2"
                            "LTExLTIyVDIxOjQyOjI4WiJ9\"},"
                            "{\"protected\": \""
                            + base64Url(R"({"formatLength":484,"formatTail":"Cn0"})") + '"'),
        {}, Code::InvalidValue,
        "signatures[1].protected: formatLength and formatTail differ from signatures[0]");
}

void TestSchema1Manifest::badInput()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, contentType);
    QFETCH(int, code);
    QFETCH(QString, mentions);

    const Result<Schema1ManifestPtr> manifest = Schema1Manifest::parse(raw, contentType);
    QVERIFY2(!manifest, "the document must be refused");
    QCOMPARE(ParseError::codeName(manifest.error().code()), ParseError::codeName(Code(code)));
    QVERIFY2(manifest.error().message().contains(mentions), qPrintable(manifest.error().message()));
}

QTEST_GUILESS_MAIN(TestSchema1Manifest)
#include "tst_schema1manifest.moc"
