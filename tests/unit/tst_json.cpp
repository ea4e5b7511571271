#include "values/descriptor_p.h"
#include "values/json_p.h"
#include "values/ocilayout.h"

#include <QTest>

using namespace Layerscope;
using Code = ParseError::Code;

class TestJson : public QObject
{
    Q_OBJECT

private slots:
    void parseObject_data();
    void parseObject();
    void integers_data();
    void integers();
    void fieldErrorsNameThePath();
    void nullCountsAsAbsent();
    void descriptor_data();
    void descriptor();
    void layoutHeader_data();
    void layoutHeader();
};

void TestJson::parseObject_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("code"); // -1: accepted
    QTest::addColumn<QString>("mentions");

    QTest::addRow("object") << QByteArray(R"({"a": 1})") << -1 << QString();
    QTest::addRow("empty") << QByteArray() << int(Code::InvalidJson) << QStringLiteral("empty");
    QTest::addRow("white space") << QByteArray(" \n\t ") << int(Code::InvalidJson)
                                 << QStringLiteral("empty");
    QTest::addRow("truncated") << QByteArray(R"({"schemaVersion": 2, "lay)")
                               << int(Code::InvalidJson) << QStringLiteral("byte");
    QTest::addRow("garbage after")
        << QByteArray(R"({"a": 1} x)") << int(Code::InvalidJson) << QStringLiteral("byte");
    QTest::addRow("invalid UTF-8")
        << QByteArray("{\"a\": \"\xff\xfe\"}") << int(Code::InvalidUtf8) << QStringLiteral("UTF-8");
    QTest::addRow("overlong UTF-8")
        << QByteArray("{\"a\": \"\xc0\xaf\"}") << int(Code::InvalidUtf8) << QStringLiteral("UTF-8");
    QTest::addRow("10000 deep arrays") << QByteArray(QByteArray("{\"a\":") + QByteArray(10000, '[')
                                                     + QByteArray(10000, ']') + QByteArray("}"))
                                       << int(Code::TooDeep) << QStringLiteral("deep");
    QByteArray deepObjects;
    for (int i = 0; i < 10000; ++i)
        deepObjects += "{\"a\":";
    deepObjects += "1" + QByteArray(10000, '}');
    QTest::addRow("10000 deep objects")
        << deepObjects << int(Code::TooDeep) << QStringLiteral("deep");
    QTest::addRow("top-level array")
        << QByteArray("[1, 2]") << int(Code::WrongType) << QStringLiteral("array");
    QTest::addRow("top-level string") << QByteArray("\"x\"") << int(Code::InvalidJson)
                                      << QStringLiteral("expected a JSON object");
    QTest::addRow("plain text") << QByteArray("404 page not found\n") << int(Code::InvalidJson)
                                << QStringLiteral("found text starting \"404 page not found\"");
    QTest::addRow("number out of range")
        << QByteArray(R"({"size": 1e400})") << int(Code::InvalidJson) << QStringLiteral("number");
    QByteArray big = "{\"a\": \"" + QByteArray(Json::MaxManifestSize, 'x') + "\"}";
    QTest::addRow("over 4 MiB") << big << int(Code::TooLarge) << QStringLiteral("4.0 MiB");
    QByteArray exactlyAtCap = "{\"a\": \"";
    exactlyAtCap += QByteArray(Json::MaxManifestSize - exactlyAtCap.size() - 2, 'x') + "\"}";
    QTest::addRow("exactly 4 MiB") << exactlyAtCap << -1 << QString();
}

void TestJson::parseObject()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, code);
    QFETCH(QString, mentions);

    const Result<QJsonObject> object = Json::parseObject(raw);
    if (code < 0) {
        QVERIFY2(object.ok(), object.ok() ? "" : qPrintable(object.error().message()));
        return;
    }
    QVERIFY(!object.ok());
    QCOMPARE(ParseError::codeName(object.error().code()), ParseError::codeName(Code(code)));
    QVERIFY2(object.error().message().contains(mentions), qPrintable(object.error().message()));
}

void TestJson::integers_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("expected");

    QTest::addRow("zero") << QByteArray(R"({"size": 0})") << true << qint64(0);
    QTest::addRow("typical") << QByteArray(R"({"size": 7143})") << true << qint64(7143);
    QTest::addRow("2^53 + 1 stays exact")
        << QByteArray(R"({"size": 9007199254740993})") << true << qint64(9007199254740993LL);
    QTest::addRow("int64 max") << QByteArray(R"({"size": 9223372036854775807})") << true
                               << qint64(9223372036854775807LL);
    QTest::addRow("2^63") << QByteArray(R"({"size": 9223372036854775808})") << false << qint64(0);
    QTest::addRow("1e30") << QByteArray(R"({"size": 1e30})") << false << qint64(0);
    QTest::addRow("fraction") << QByteArray(R"({"size": 1.5})") << false << qint64(0);
    QTest::addRow("negative") << QByteArray(R"({"size": -5})") << false << qint64(0);
    QTest::addRow("string") << QByteArray(R"({"size": "12"})") << false << qint64(0);
    QTest::addRow("bool") << QByteArray(R"({"size": true})") << false << qint64(0);
}

void TestJson::integers()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, valid);
    QFETCH(qint64, expected);

    Json::FieldReader reader(Json::parseObject(raw).value(), QStringLiteral("layers[0]"));
    const qint64 size = reader.size(u"size", Json::Presence::Required);
    QCOMPARE(reader.ok(), valid);
    if (valid) {
        QCOMPARE(size, expected);
    } else {
        QVERIFY2(reader.error().message().startsWith(u"layers[0].size: "),
                 qPrintable(reader.error().message()));
    }
}

void TestJson::fieldErrorsNameThePath()
{
    const QByteArray raw = R"({"manifests": [{"platform": {"os": "linux"}}, {"platform": 3}]})";
    Json::FieldReader reader(Json::parseObject(raw).value());
    QStringList seen;
    reader.forEachObject(
        u"manifests", Json::Presence::Required, [&seen](Json::FieldReader &entry, qsizetype) {
            if (std::optional<Json::FieldReader> platform = entry.child(u"platform"))
                seen << platform->string(u"architecture", Json::Presence::Required);
        });
    QVERIFY(!reader.ok());
    QCOMPARE(reader.error().code(), Code::MissingField);
    QCOMPARE(reader.error().message(),
             QStringLiteral("manifests[0].platform.architecture: required, but missing"));

    Json::FieldReader second(Json::parseObject(R"({"a": {"b": [1, "x"]}})").value());
    std::optional<Json::FieldReader> a = second.child(u"a");
    QVERIFY(a);
    a->stringList(u"b");
    QCOMPARE(second.error().code(), Code::WrongType);
    QCOMPARE(second.error().message(),
             QStringLiteral("a.b[0]: expected a string, found the number 1"));
}

void TestJson::nullCountsAsAbsent()
{
    Json::FieldReader reader(Json::parseObject(R"({"Cmd": null, "Env": ["A=1"]})").value());
    QCOMPARE(reader.stringList(u"Cmd"), QStringList());
    QCOMPARE(reader.stringList(u"Env"), QStringList{QStringLiteral("A=1")});
    QVERIFY(reader.ok());
    reader.string(u"Cmd", Json::Presence::Required);
    QCOMPARE(reader.error().message(), QStringLiteral("Cmd: required, but null"));
}

void TestJson::descriptor_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("code"); // -1: accepted
    QTest::addColumn<QString>("message");

    const QByteArray digest
        = "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270";
    const auto doc = [&digest](const QByteArray &extra) {
        return QByteArray(
                   R"({"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7682, "digest": ")")
            + digest + "\"" + extra + "}";
    };
    QTest::addRow("minimal") << doc("") << -1 << QString();
    QTest::addRow("urls") << doc(R"(, "urls": ["https://example.com/foo"])") << -1 << QString();
    QTest::addRow("relative url") << doc(R"(, "urls": ["value"])") << int(Code::InvalidValue)
                                  << QStringLiteral("urls: \"value\" is not an absolute URL");
    QTest::addRow("bad artifactType")
        << doc(R"(, "artifactType": "foo/.bar")") << int(Code::InvalidValue)
        << QStringLiteral("artifactType: \"foo/.bar\" is not a media type");
    QTest::addRow("platform without os")
        << doc(R"(, "platform": {"architecture": "amd64"})") << int(Code::MissingField)
        << QStringLiteral("platform.os: required, but missing");
    QTest::addRow("annotation not a string")
        << doc(R"(, "annotations": {"a": 1})") << int(Code::WrongType)
        << QStringLiteral("annotations.a: expected a string, found the number 1");
    QTest::addRow("missing size") << QByteArray(R"({"mediaType": "a/b", "digest": ")") + digest
            + "\"}" << int(Code::MissingField)
                                  << QStringLiteral("size: required, but missing");
    QTest::addRow("wrong-length digest")
        << QByteArray(R"({"mediaType": "a/b", "size": 1, "digest": "sha256:abc"})")
        << int(Code::DigestInvalidLength) << QStringLiteral("digest: invalid digest");
    // The embedded data of image-spec's own example: base64 of
    // "https://github.com/opencontainers\n".
    const QByteArray dataDigest
        = "sha256:2690af59371e9eca9453dc29882643f46e5ca47ec2862bd517b5e17351325153";
    const auto withData = [&dataDigest](const QByteArray &data, int size) {
        return QByteArray(R"({"mediaType": "text/plain", "size": )") + QByteArray::number(size)
            + R"(, "digest": ")" + dataDigest + R"(", "data": ")" + data + "\"}";
    };
    QTest::addRow("data") << withData("aHR0cHM6Ly9naXRodWIuY29tL29wZW5jb250YWluZXJzCg==", 34) << -1
                          << QString();
    QTest::addRow("data without padding")
        << withData("aHR0cHM6Ly9naXRodWIuY29tL29wZW5jb250YWluZXJzCg", 34) << int(Code::InvalidValue)
        << QStringLiteral("data: not valid base64");
    QTest::addRow("data of the wrong size")
        << withData("aHR0cHM6Ly9naXRodWIuY29tL29wZW5jb250YWluZXJzCg==", 35)
        << int(Code::InvalidValue)
        << QStringLiteral("data: embedded data is 34 bytes but size says 35");
    QTest::addRow("data that does not hash to the digest")
        << withData("bHR0cHM6Ly9naXRodWIuY29tL29wZW5jb250YWluZXJzCg==", 34)
        << int(Code::InvalidValue) << QStringLiteral("does not hash to");
}

void TestJson::descriptor()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, code);
    QFETCH(QString, message);

    Json::FieldReader reader(Json::parseObject(raw).value());
    const Descriptor descriptor = Json::readDescriptor(reader);
    if (code < 0) {
        QVERIFY2(reader.ok(), reader.ok() ? "" : qPrintable(reader.error().message()));
        QVERIFY(!descriptor.digest.isNull());
        QVERIFY(!descriptor.mediaType.isEmpty());
        if (raw.contains("\"data\""))
            QCOMPARE(descriptor.data.value(), QByteArray("https://github.com/opencontainers\n"));
        return;
    }
    QVERIFY(!reader.ok());
    QCOMPARE(ParseError::codeName(reader.error().code()), ParseError::codeName(Code(code)));
    QVERIFY2(reader.error().message().contains(message), qPrintable(reader.error().message()));
}

void TestJson::layoutHeader_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("valid");
    QTest::addRow("1.0.0") << QByteArray(R"({"imageLayoutVersion": "1.0.0"})") << true;
    QTest::addRow("unquoted") << QByteArray(R"({"imageLayoutVersion": 1.0.0})") << false;
    QTest::addRow("number") << QByteArray(R"({"imageLayoutVersion": 1})") << false;
    QTest::addRow("not dotted") << QByteArray(R"({"imageLayoutVersion": "one"})") << false;
    QTest::addRow("missing") << QByteArray("{}") << false;
}

void TestJson::layoutHeader()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, valid);
    const Result<OciLayoutHeader> header = OciLayoutHeader::parse(raw);
    QCOMPARE(header.ok(), valid);
    if (valid)
        QCOMPARE(header->imageLayoutVersion(), QStringLiteral("1.0.0"));
    else
        QVERIFY(header.error().message().startsWith(u"OCI layout file: "));
}

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
