#include "values/registryerrorbody.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace Layerscope;
using Code = ParseError::Code;

class TestRegistryErrorBody : public QObject
{
    Q_OBJECT

private slots:
    void observed_data();
    void observed();
    void tolerated_data();
    void tolerated();
    void detailForms_data();
    void detailForms();
    void emptyErrorsArray();
    void summaryOfMany();
    void bad_data();
    void bad();
    void sizeCap();
    void knownCodes();
};

void TestRegistryErrorBody::observed_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("summary");

    // What Debian's docker-registry 2.8.2 answered (codes and details as observed, see
    // tests/data/SOURCES.md and the registry notes it points to), in the one-line form
    // distribution's errcode package writes, followed by a line feed.
    QTest::addRow("MANIFEST_UNKNOWN, OCI manifest without OCI Accept") << QByteArray(
        R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown",)"
        R"("detail":"OCI manifest found, but accept header does not support OCI manifests"}]})"
        "\n") << QStringLiteral("MANIFEST_UNKNOWN") << QStringLiteral("manifest unknown")
                                                                       << QStringLiteral(
                                                                              "MANIFEST_UNKNOWN: "
                                                                              "manifest unknown "
                                                                              "(OCI manifest "
                                                                              "found, but accept "
                                                                              "header does not "
                                                                              "support OCI "
                                                                              "manifests)");
    QTest::addRow("MANIFEST_UNKNOWN, unknown tag")
        << QByteArray(R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown",)"
                      R"("detail":{"Tag":"sha256-0123"}}]})"
                      "\n")
        << QStringLiteral("MANIFEST_UNKNOWN") << QStringLiteral("manifest unknown")
        << QStringLiteral("MANIFEST_UNKNOWN: manifest unknown ({\"Tag\":\"sha256-0123\"})");
    QTest::addRow("NAME_UNKNOWN") << QByteArray(
        R"({"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known )"
        R"(to registry","detail":{"name":"t/missing"}}]})"
        "\n") << QStringLiteral("NAME_UNKNOWN")
                                  << QStringLiteral("repository name not known to registry")
                                  << QStringLiteral(
                                         "NAME_UNKNOWN: repository name not known to registry "
                                         "({\"name\":\"t/missing\"})");
    QTest::addRow("DIGEST_INVALID")
        << QByteArray(R"({"errors":[{"code":"DIGEST_INVALID","message":"provided digest did not )"
                      R"(match uploaded content"}]})"
                      "\n")
        << QStringLiteral("DIGEST_INVALID")
        << QStringLiteral("provided digest did not match uploaded content")
        << QStringLiteral("DIGEST_INVALID: provided digest did not match uploaded content");
    QTest::addRow("MANIFEST_INVALID")
        << QByteArray(R"({"errors":[{"code":"MANIFEST_INVALID","message":"manifest invalid",)"
                      R"("detail":"missing signature key"}]})"
                      "\n")
        << QStringLiteral("MANIFEST_INVALID") << QStringLiteral("manifest invalid")
        << QStringLiteral("MANIFEST_INVALID: manifest invalid (missing signature key)");
    QTest::addRow("UNAUTHORIZED with access entries")
        << QByteArray(
               R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required",)"
               R"("detail":[{"Type":"repository","Class":"","Name":"t/docker","Action":"pull"},)"
               R"({"Type":"repository","Class":"","Name":"t/docker","Action":"push"}]}]})"
               "\n")
        << QStringLiteral("UNAUTHORIZED") << QStringLiteral("authentication required")
        << QStringLiteral("UNAUTHORIZED: authentication required "
                          "([{\"Action\":\"pull\",\"Class\":\"\",\"Name\":\"t/docker\","
                          "\"Type\":\"repository\"},{\"Action\":\"push\",\"Class\":\"\","
                          "\"Name\":\"t/docker\",\"Type\":\"repository\"}])");
    QTest::addRow("UNKNOWN, schema1 refused")
        << QByteArray(R"({"errors":[{"code":"UNKNOWN","message":"unknown error",)"
                      R"("detail":"manifest schema v1 unsupported"}]})"
                      "\n")
        << QStringLiteral("UNKNOWN") << QStringLiteral("unknown error")
        << QStringLiteral("UNKNOWN: unknown error (manifest schema v1 unsupported)");
    QTest::addRow("TOOMANYREQUESTS")
        << QByteArray(R"({"errors":[{"code":"TOOMANYREQUESTS","message":"too many requests"}]})"
                      "\n")
        << QStringLiteral("TOOMANYREQUESTS") << QStringLiteral("too many requests")
        << QStringLiteral("TOOMANYREQUESTS: too many requests");
    // Docker Hub's pull limit, as it documents it.
    QTest::addRow("TOOMANYREQUESTS, Docker Hub")
        << QByteArray(R"({"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your )"
                      R"(pull rate limit. You may increase the limit by authenticating and )"
                      R"(upgrading: https://www.docker.com/increase-rate-limit"}]})")
        << QStringLiteral("TOOMANYREQUESTS")
        << QStringLiteral(
               "You have reached your pull rate limit. You may increase the limit by "
               "authenticating and upgrading: https://www.docker.com/increase-rate-limit")
        << QStringLiteral("TOOMANYREQUESTS: You have reached your pull rate limit. You may "
                          "increase the limit by authenticating and upgrading: "
                          "https://www.docker.com/increase-rate-limit");
}

void TestRegistryErrorBody::observed()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(QString, summary);

    const Result<RegistryErrorBody> parsed = RegistryErrorBody::parse(body);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message()));
    QCOMPARE(parsed->entries().size(), 1);
    QCOMPARE(parsed->entries().at(0).code, code);
    QCOMPARE(parsed->entries().at(0).message, message);
    QCOMPARE(parsed->codes(), QStringList{code});
    QVERIFY(parsed->contains(code));
    QVERIFY(RegistryErrorBody::isKnownCode(code));
    QCOMPARE(parsed->summary(), summary);
    QCOMPARE(parsed->entries().at(0).summary(), summary);
}

void TestRegistryErrorBody::tolerated_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("codes");
    QTest::addColumn<QString>("summary");

    QTest::addRow("no message") << QByteArray(R"({"errors":[{"code":"UNSUPPORTED"}]})")
                                << QStringList{QStringLiteral("UNSUPPORTED")}
                                << QStringLiteral("UNSUPPORTED");
    QTest::addRow("no message, with detail")
        << QByteArray(R"({"errors":[{"code":"DENIED","detail":"read-only"}]})")
        << QStringList{QStringLiteral("DENIED")} << QStringLiteral("DENIED (read-only)");
    QTest::addRow("no code") << QByteArray(R"({"errors":[{"message":"something broke"}]})")
                             << QStringList{QString()} << QStringLiteral("something broke");
    QTest::addRow("code null") << QByteArray(
        R"({"errors":[{"code":null,"message":"something broke"}]})")
                               << QStringList{QString()} << QStringLiteral("something broke");
    QTest::addRow("extra fields") << QByteArray(
        R"({"errors":[{"code":"DENIED","message":"denied","status":403,"id":"x"}],)"
        R"("requestId":"abc"})") << QStringList{QStringLiteral("DENIED")}
                                  << QStringLiteral("DENIED: denied");
    QTest::addRow("code outside the specs")
        << QByteArray(R"({"errors":[{"code":"NOT_FOUND","message":"artifact not found"}]})")
        << QStringList{QStringLiteral("NOT_FOUND")}
        << QStringLiteral("NOT_FOUND: artifact not found");
    QTest::addRow("empty object detail (a Go error value)") << QByteArray(
        R"({"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry","detail":{}}]})")
                                                            << QStringList{QStringLiteral(
                                                                   "BLOB_UNKNOWN")}
                                                            << QStringLiteral(
                                                                   "BLOB_UNKNOWN: blob unknown to "
                                                                   "registry");
    QTest::addRow("detail repeats the message")
        << QByteArray(
               R"({"errors":[{"code":"DENIED","message":"no access","detail":"no access"}]})")
        << QStringList{QStringLiteral("DENIED")} << QStringLiteral("DENIED: no access");
    QTest::addRow("line breaks in the message")
        << QByteArray(R"({"errors":[{"code":"UNKNOWN","message":"first\nsecond\r\n\tthird"}]})")
        << QStringList{QStringLiteral("UNKNOWN")} << QStringLiteral("UNKNOWN: first second third");
    QTest::addRow("two entries")
        << QByteArray(
               R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required"},)"
               R"({"code":"DENIED","message":"requested access to the resource is denied"}]})")
        << QStringList{QStringLiteral("UNAUTHORIZED"), QStringLiteral("DENIED")}
        << QStringLiteral("UNAUTHORIZED: authentication required; DENIED: requested access to "
                          "the resource is denied");
    QTest::addRow("long detail shortened")
        << QByteArray(R"({"errors":[{"code":"UNKNOWN","detail":")" + QByteArray(500, 'x') + "\"}]}")
        << QStringList{QStringLiteral("UNKNOWN")}
        << QStringLiteral("UNKNOWN (") + QString(200, u'x') + QStringLiteral("…)");
    QTest::addRow("non-ASCII message")
        << QByteArray(R"({"errors":[{"code":"DENIED","message":"accès refusé \u2014 ✓"}]})")
        << QStringList{QStringLiteral("DENIED")} << QStringLiteral("DENIED: accès refusé — ✓");
}

void TestRegistryErrorBody::tolerated()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, codes);
    QFETCH(QString, summary);

    const Result<RegistryErrorBody> parsed = RegistryErrorBody::parse(body);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message()));
    QCOMPARE(parsed->codes(), codes);
    QCOMPARE(parsed->summary(), summary);
}

void TestRegistryErrorBody::detailForms_data()
{
    QTest::addColumn<QByteArray>("detail"); // the JSON written as "detail"; empty: no detail
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("detailJson");
    QTest::addColumn<QString>("detailText");

    QTest::addRow("absent") << QByteArray() << int(QJsonValue::Undefined) << QString() << QString();
    QTest::addRow("null") << QByteArray("null") << int(QJsonValue::Null) << QString() << QString();
    QTest::addRow("string") << QByteArray(R"("blob unknown")") << int(QJsonValue::String)
                            << QStringLiteral("\"blob unknown\"") << QStringLiteral("blob unknown");
    QTest::addRow("empty string") << QByteArray(R"("")") << int(QJsonValue::String)
                                  << QStringLiteral("\"\"") << QString();
    QTest::addRow("object") << QByteArray(R"({ "digest" : "sha256:ab", "n": 1 })")
                            << int(QJsonValue::Object)
                            << QStringLiteral("{\"digest\":\"sha256:ab\",\"n\":1}")
                            << QStringLiteral("{\"digest\":\"sha256:ab\",\"n\":1}");
    QTest::addRow("empty object") << QByteArray("{}") << int(QJsonValue::Object)
                                  << QStringLiteral("{}") << QString();
    QTest::addRow("array") << QByteArray(R"([ "a", 2, true ])") << int(QJsonValue::Array)
                           << QStringLiteral("[\"a\",2,true]") << QStringLiteral("[\"a\",2,true]");
    QTest::addRow("empty array") << QByteArray("[]") << int(QJsonValue::Array)
                                 << QStringLiteral("[]") << QString();
    QTest::addRow("number") << QByteArray("416") << int(QJsonValue::Double) << QStringLiteral("416")
                            << QStringLiteral("416");
    QTest::addRow("boolean") << QByteArray("false") << int(QJsonValue::Bool)
                             << QStringLiteral("false") << QStringLiteral("false");
    QTest::addRow("escapes kept as meaning")
        << QByteArray(R"("a \u0026 b")") << int(QJsonValue::String) << QStringLiteral("\"a & b\"")
        << QStringLiteral("a & b");
}

void TestRegistryErrorBody::detailForms()
{
    QFETCH(QByteArray, detail);
    QFETCH(int, type);
    QFETCH(QString, detailJson);
    QFETCH(QString, detailText);

    QByteArray body = R"({"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry")";
    if (!detail.isEmpty())
        body += R"(,"detail":)" + detail;
    body += "}]}";
    const Result<RegistryErrorBody> parsed = RegistryErrorBody::parse(body);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message()));
    const RegistryErrorBody::Entry &entry = parsed->entries().at(0);
    QCOMPARE(int(entry.detail.type()), type);
    QCOMPARE(entry.detailJson, detailJson);
    QCOMPARE(entry.detailText(), detailText);
    const QString expected = QStringLiteral("BLOB_UNKNOWN: blob unknown to registry")
        + (detailText.isEmpty() ? QString() : QStringLiteral(" (") + detailText + u')');
    QCOMPARE(entry.summary(), expected);
}

void TestRegistryErrorBody::emptyErrorsArray()
{
    const Result<RegistryErrorBody> parsed = RegistryErrorBody::parse(R"({"errors":[]})");
    QVERIFY(parsed.ok());
    QVERIFY(parsed->isEmpty());
    QVERIFY(parsed->codes().isEmpty());
    QVERIFY(!parsed->contains(RegistryErrorBody::Unknown));
    QCOMPARE(parsed->summary(), QString());
    QVERIFY(RegistryErrorBody().isEmpty());
}

void TestRegistryErrorBody::summaryOfMany()
{
    QByteArray body = R"({"errors":[)";
    for (int i = 0; i < 7; ++i)
        body += (i == 0 ? "" : ",") + QByteArray(R"({"code":"BLOB_UNKNOWN","message":"m)")
            + QByteArray::number(i) + "\"}";
    body += "]}";
    const Result<RegistryErrorBody> parsed = RegistryErrorBody::parse(body);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->entries().size(), 7);
    QCOMPARE(parsed->summary(),
             QStringLiteral("BLOB_UNKNOWN: m0; BLOB_UNKNOWN: m1; BLOB_UNKNOWN: m2; "
                            "BLOB_UNKNOWN: m3; BLOB_UNKNOWN: m4; and 2 more"));
}

void TestRegistryErrorBody::bad_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("code");
    // What the message starts with after "registry error body: " ("not " for the JSON
    // syntax errors, whose wording depends on what the text looks like).
    QTest::addColumn<QString>("named");

    const auto row = [](const char *name, const QByteArray &body, Code code, const char *named) {
        QTest::addRow("%s", name) << body << int(code) << QString::fromLatin1(named);
    };
    row("empty", QByteArray(), Code::InvalidJson, "document is empty");
    // distribution 2.8.2's answer for a route it does not have (text/plain).
    row("404 page not found", "404 page not found\n", Code::InvalidJson, "not ");
    row("HTML from a proxy",
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
        "Gateway</h1></center>\r\n</body>\r\n</html>\r\n",
        Code::InvalidJson, "not ");
    row("truncated", R"({"errors":[{"code":"MANIFEST_UNKNOWN","mess)", Code::InvalidJson, "not ");
    row("JSON without errors", R"({"message":"not found"})", Code::MissingField, "errors: ");
    row("errors null", R"({"errors":null})", Code::MissingField, "errors: ");
    row("errors an object", R"({"errors":{"code":"UNKNOWN"}})", Code::WrongType, "errors: ");
    row("errors a string", R"({"errors":"UNKNOWN"})", Code::WrongType, "errors: ");
    row("entry a string", R"({"errors":["MANIFEST_UNKNOWN"]})", Code::WrongType, "errors[0]: ");
    row("entry with nothing", R"({"errors":[{"code":"DENIED"},{"detail":"x"}]})",
        Code::MissingField, "errors[1]: ");
    row("code a number", R"({"errors":[{"code":404,"message":"not found"}]})", Code::WrongType,
        "errors[0].code: ");
    row("message an object", R"({"errors":[{"code":"UNKNOWN","message":{"text":"x"}}]})",
        Code::WrongType, "errors[0].message: ");
    row("top-level array", R"([{"code":"UNKNOWN"}])", Code::WrongType, "expected a JSON object");
    row("10,000-deep nesting",
        R"({"errors":[{"code":"UNKNOWN","detail":)" + QByteArray(10000, '[')
            + QByteArray(10000, ']') + "}]}",
        Code::TooDeep, "nested too deeply");
    row("invalid UTF-8", "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"\xc3\x28\"}]}",
        Code::InvalidUtf8, "invalid UTF-8");
    const QByteArray prefix = R"({"errors":[{"code":"UNKNOWN","detail":")";
    const QByteArray suffix = "\"}]}";
    row("64 KiB + 1",
        prefix + QByteArray(RegistryErrorBody::MaxSize + 1 - prefix.size() - suffix.size(), 'x')
            + suffix,
        Code::TooLarge, "document is");
}

void TestRegistryErrorBody::bad()
{
    QFETCH(QByteArray, body);
    QFETCH(int, code);
    QFETCH(QString, named);

    const Result<RegistryErrorBody> parsed = RegistryErrorBody::parse(body);
    QVERIFY(!parsed.ok());
    QCOMPARE(ParseError::codeName(parsed.error().code()), ParseError::codeName(Code(code)));
    QVERIFY2(parsed.error().message().startsWith(QStringLiteral("registry error body: ") + named),
             qPrintable(parsed.error().message().left(300)));
}

void TestRegistryErrorBody::sizeCap()
{
    QCOMPARE(RegistryErrorBody::MaxSize, 64 * 1024);
    const QByteArray prefix = R"({"errors":[{"code":"UNKNOWN","detail":")";
    const QByteArray suffix = "\"}]}";
    const QByteArray atCap = prefix
        + QByteArray(RegistryErrorBody::MaxSize - prefix.size() - suffix.size(), 'x') + suffix;
    QCOMPARE(atCap.size(), RegistryErrorBody::MaxSize);
    QVERIFY(RegistryErrorBody::parse(atCap).ok());

    const QByteArray overCap = prefix + 'x' + atCap.mid(prefix.size());
    QCOMPARE(overCap.size(), RegistryErrorBody::MaxSize + 1);
    const Result<RegistryErrorBody> parsed = RegistryErrorBody::parse(overCap);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code(), Code::TooLarge);
}

void TestRegistryErrorBody::knownCodes()
{
    const QList<QLatin1StringView> codes = RegistryErrorBody::knownCodes();
    QCOMPARE(codes.size(), 20);
    QSet<QString> unique;
    for (const QLatin1StringView code : codes) {
        unique.insert(QString(code));
        QVERIFY(RegistryErrorBody::isKnownCode(code));
        QCOMPARE(QString(code), QString(code).toUpper());
    }
    QCOMPARE(unique.size(), codes.size());
    // The codes the OCI distribution spec lists, all of which must be known.
    for (const char *code : {"BLOB_UNKNOWN", "BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN",
                             "DIGEST_INVALID", "MANIFEST_BLOB_UNKNOWN", "MANIFEST_INVALID",
                             "MANIFEST_UNKNOWN", "NAME_INVALID", "NAME_UNKNOWN", "SIZE_INVALID",
                             "UNAUTHORIZED", "DENIED", "UNSUPPORTED", "TOOMANYREQUESTS"}) {
        QVERIFY2(RegistryErrorBody::isKnownCode(QLatin1StringView(code)), code);
    }
    QVERIFY(!RegistryErrorBody::isKnownCode(QStringLiteral("manifest_unknown")));
    QVERIFY(!RegistryErrorBody::isKnownCode(QStringLiteral("NOT_FOUND")));
    QVERIFY(!RegistryErrorBody::isKnownCode(QString()));
    QCOMPARE(RegistryErrorBody::ManifestUnknown, QLatin1StringView("MANIFEST_UNKNOWN"));
}

QTEST_GUILESS_MAIN(TestRegistryErrorBody)
#include "tst_registryerrorbody.moc"
