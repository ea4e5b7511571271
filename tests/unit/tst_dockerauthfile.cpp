#include "services/dockerauthfile.h"

#include "testdata.h"

#include <QTest>

using namespace Layerscope;
using Code = ParseError::Code;
using Format = DockerAuthFile::Format;

namespace {

constexpr qsizetype lookupRows = 45;
const QString configPath = QStringLiteral("/home/ana/.docker/config.json");

QByteArray base64(const QByteArray &text)
{
    return text.toBase64();
}

Format formatNamed(const QString &name)
{
    return name == QLatin1StringView("containers") ? Format::ContainersAuth : Format::DockerConfig;
}

} // namespace

class TestDockerAuthFile : public QObject
{
    Q_OBJECT

private slots:
    void tableRowCount();
    void lookups_data();
    void lookups();
    void dockerAuthKey_data();
    void dockerAuthKey();
    void accessors();
    void acceptedShapes_data();
    void acceptedShapes();
    void malformed_data();
    void malformed();
};

void TestDockerAuthFile::tableRowCount()
{
    const TestData::Table table = TestData::readTable(QStringLiteral("credentials/lookups.tsv"));
    QCOMPARE(
        table.columns,
        QStringList({QStringLiteral("file"), QStringLiteral("format"), QStringLiteral("registry"),
                     QStringLiteral("username"), QStringLiteral("password"),
                     QStringLiteral("identitytoken"), QStringLiteral("helper"),
                     QStringLiteral("scoped"), QStringLiteral("note")}));
    QCOMPARE(table.rows.size(), lookupRows);
}

void TestDockerAuthFile::lookups_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("registry");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("identityToken");
    QTest::addColumn<QString>("helper");
    QTest::addColumn<QStringList>("scoped");

    const TestData::Table table = TestData::readTable(QStringLiteral("credentials/lookups.tsv"));
    int line = 1;
    for (const TestData::Row &row : table.rows) {
        ++line;
        const QString scoped = row.value(QStringLiteral("scoped"));
        QTest::addRow("line %d %s %s as %s", line, qPrintable(row.value(QStringLiteral("file"))),
                      qPrintable(row.value(QStringLiteral("format"))),
                      qPrintable(row.value(QStringLiteral("registry"))))
            << row.value(QStringLiteral("file")) << row.value(QStringLiteral("format"))
            << row.value(QStringLiteral("registry")) << row.value(QStringLiteral("username"))
            << row.value(QStringLiteral("password")) << row.value(QStringLiteral("identitytoken"))
            << row.value(QStringLiteral("helper"))
            << (scoped.isEmpty() ? QStringList() : scoped.split(u','));
    }
}

void TestDockerAuthFile::lookups()
{
    QFETCH(QString, file);
    QFETCH(QString, format);
    QFETCH(QString, registry);
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(QString, identityToken);
    QFETCH(QString, helper);
    QFETCH(QStringList, scoped);

    const QString path = TestData::path(QStringLiteral("credentials/files/") + file);
    const Result<DockerAuthFile> parsed = DockerAuthFile::parse(
        TestData::read(QStringLiteral("credentials/files/") + file), path, formatNamed(format));
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message()));
    QCOMPARE(parsed->path(), path);

    const std::optional<Credentials> credentials = parsed->credentialsFor(registry);
    if (username.isEmpty() && password.isEmpty() && identityToken.isEmpty()) {
        QVERIFY(!credentials);
    } else {
        QVERIFY(credentials);
        QCOMPARE(credentials->username, username);
        QCOMPARE(credentials->password, password);
        QCOMPARE(credentials->identityToken, identityToken);
    }
    QCOMPARE(parsed->helperFor(registry), helper);
    QCOMPARE(parsed->scopedKeysFor(registry), scoped);
}

void TestDockerAuthFile::dockerAuthKey_data()
{
    QTest::addColumn<QString>("registry");
    QTest::addColumn<QString>("key");

    const QString hub = QStringLiteral("https://index.docker.io/v1/");
    QTest::addRow("docker.io") << QStringLiteral("docker.io") << hub;
    QTest::addRow("index.docker.io") << QStringLiteral("index.docker.io") << hub;
    QTest::addRow("registry-1.docker.io") << QStringLiteral("registry-1.docker.io") << hub;
    QTest::addRow("upper case") << QStringLiteral("Docker.IO") << hub;
    QTest::addRow("the key itself") << hub << hub;
    QTest::addRow("https without path") << QStringLiteral("https://registry-1.docker.io") << hub;
    QTest::addRow("http with v1 path") << QStringLiteral("http://index.docker.io/v1/") << hub;
    QTest::addRow("host with path") << QStringLiteral("docker.io/library/alpine") << hub;
    QTest::addRow("surrounding spaces") << QStringLiteral("  docker.io ") << hub;
    QTest::addRow("host and port") << QStringLiteral("myreg:5000") << QStringLiteral("myreg:5000");
    QTest::addRow("lower-cased") << QStringLiteral("MyReg.Example:5000")
                                 << QStringLiteral("myreg.example:5000");
    QTest::addRow("URL with v2 path")
        << QStringLiteral("https://myreg:5000/v2/") << QStringLiteral("myreg:5000");
    QTest::addRow("ghcr.io") << QStringLiteral("ghcr.io") << QStringLiteral("ghcr.io");
    QTest::addRow("a docker.io subdomain is not the Hub")
        << QStringLiteral("mirror.docker.io") << QStringLiteral("mirror.docker.io");
    QTest::addRow("loopback") << QStringLiteral("127.0.0.1:5000")
                              << QStringLiteral("127.0.0.1:5000");
    QTest::addRow("IPv6") << QStringLiteral("[::1]:5000") << QStringLiteral("[::1]:5000");
    QTest::addRow("empty") << QString() << QString();
}

void TestDockerAuthFile::dockerAuthKey()
{
    QFETCH(QString, registry);
    QFETCH(QString, key);
    QCOMPARE(Layerscope::dockerAuthKey(registry), key);
}

void TestDockerAuthFile::accessors()
{
    const Result<DockerAuthFile> parsed = DockerAuthFile::parse(
        TestData::read(QStringLiteral("credentials/files/docker-config.json")), configPath);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->format(), Format::DockerConfig);
    QCOMPARE(parsed->credsStore(), QStringLiteral("secretservice"));
    QCOMPARE(parsed->credHelpers().size(), 3);
    QCOMPARE(parsed->credHelpers().value(QStringLiteral("gcr.io")), QStringLiteral("gcloud"));
    QCOMPARE(parsed->entries().size(), 13);
    QCOMPARE(parsed->entries().constFirst().key, QStringLiteral("Upper.Example:443"));
    // A docker config has no namespace-scoped keys: "team.example/app" is team.example.
    QVERIFY(parsed->scopedKeysFor(QStringLiteral("team.example")).isEmpty());
}

void TestDockerAuthFile::acceptedShapes_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("entries");

    QTest::addRow("empty docker config (docker reads it as empty)")
        << QByteArray(" \n") << int(Format::DockerConfig) << 0;
    QTest::addRow("empty object") << QByteArray("{}") << int(Format::ContainersAuth) << 0;
    QTest::addRow("auths null") << QByteArray(R"({"auths":null,"credsStore":null})")
                                << int(Format::DockerConfig) << 0;
    QTest::addRow("other settings ignored")
        << QByteArray(R"({"auths":{},"psFormat":"table","proxies":{"default":{}},"HttpHeaders":)"
                      R"({"X-Meta":"v"},"currentContext":"desktop-linux"})")
        << int(Format::DockerConfig) << 0;
    QTest::addRow("entry with unknown fields")
        << QByteArray(R"({"auths":{"r":{"auth":")" + base64("u:p") + R"(","email":"a@b.c"}}})")
        << int(Format::DockerConfig) << 1;
    QTest::addRow("podman's empty entry for a helper")
        << QByteArray(R"({"auths":{"r":{}}})") << int(Format::ContainersAuth) << 1;
}

void TestDockerAuthFile::acceptedShapes()
{
    QFETCH(QByteArray, json);
    QFETCH(int, format);
    QFETCH(int, entries);
    const Result<DockerAuthFile> parsed
        = DockerAuthFile::parse(json, configPath, static_cast<Format>(format));
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message()));
    QCOMPARE(parsed->entries().size(), entries);
    QVERIFY(!parsed->credentialsFor(QStringLiteral("docker.io")));
}

void TestDockerAuthFile::malformed_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("format");
    QTest::addColumn<Code>("code");
    QTest::addColumn<QStringList>("mentions");
    QTest::addColumn<QStringList>("secrets");

    const QByteArray userSecret = base64("user:yaml-secret-1");
    QTest::addRow("not JSON") << QByteArray("auths:\n  myreg:\n    auth: " + userSecret + "\n")
                              << int(Format::DockerConfig) << Code::InvalidJson
                              << QStringList{QStringLiteral("not valid JSON")}
                              << QStringList{QString::fromLatin1(userSecret),
                                             QStringLiteral("yaml-secret-1")};
    const QByteArray truncatedSecret = base64("user:truncated-secret-2");
    QTest::addRow("truncated") << QByteArray(R"({"auths":{"myreg":{"auth":")" + truncatedSecret)
                               << int(Format::DockerConfig) << Code::InvalidJson
                               << QStringList{QStringLiteral("not valid JSON")}
                               << QStringList{QString::fromLatin1(truncatedSecret)};
    QTest::addRow("array at the top level")
        << QByteArray(R"([{"auths":{"myreg":{"auth":")" + base64("user:array-secret-3")
                      + R"("}}}])")
        << int(Format::DockerConfig) << Code::WrongType
        << QStringList{QStringLiteral("top level"), QStringLiteral("an array")}
        << QStringList{QStringLiteral("array-secret-3"),
                       QString::fromLatin1(base64("user:array-secret-3"))};
    QTest::addRow("string at the top level")
        << QByteArray(R"(")" + base64("user:scalar-secret-4") + R"(")") << int(Format::DockerConfig)
        << Code::InvalidJson << QStringList{QStringLiteral("not valid JSON")}
        << QStringList{QString::fromLatin1(base64("user:scalar-secret-4"))};
    QTest::addRow("auths is a list")
        << QByteArray(R"({"auths":[{"auth":")" + base64("user:list-secret-5") + R"("}]})")
        << int(Format::DockerConfig) << Code::WrongType
        << QStringList{QStringLiteral("auths: expected an object, found an array")}
        << QStringList{QString::fromLatin1(base64("user:list-secret-5"))};
    QTest::addRow("entry is a string")
        << QByteArray(R"({"auths":{"myreg:5000":")" + base64("user:string-secret-6") + R"("}})")
        << int(Format::ContainersAuth) << Code::WrongType
        << QStringList{QStringLiteral("auths.\"myreg:5000\": expected an object, found a string")}
        << QStringList{QString::fromLatin1(base64("user:string-secret-6"))};
    QTest::addRow("bad base64") << QByteArray(R"({"auths":{"myreg":{"auth":"bad*base64*secret"}}})")
                                << int(Format::DockerConfig) << Code::InvalidValue
                                << QStringList{QStringLiteral("auths.\"myreg\".auth: not valid "
                                                              "base64")}
                                << QStringList{QStringLiteral("bad*base64*secret")};
    QTest::addRow("auth without colon")
        << QByteArray(R"({"auths":{"myreg":{"auth":")" + base64("nocolon-secret-7") + R"("}}})")
        << int(Format::DockerConfig) << Code::InvalidValue
        << QStringList{QStringLiteral("auths.\"myreg\".auth"), QStringLiteral("no ':'")}
        << QStringList{QStringLiteral("nocolon-secret-7"),
                       QString::fromLatin1(base64("nocolon-secret-7"))};
    QTest::addRow("auth with empty user name")
        << QByteArray(R"({"auths":{"myreg":{"auth":")" + base64(":nouser-secret-8") + R"("}}})")
        << int(Format::DockerConfig) << Code::InvalidValue
        << QStringList{QStringLiteral("empty user name")}
        << QStringList{QStringLiteral("nouser-secret-8")};
    QTest::addRow("password is a number")
        << QByteArray(R"({"auths":{"myreg":{"username":"u","password":918273645}}})")
        << int(Format::DockerConfig) << Code::WrongType
        << QStringList{QStringLiteral(
               "auths.\"myreg\".password: expected a string, found a number")}
        << QStringList{QStringLiteral("918273645")};
    QTest::addRow("auth is a number")
        << QByteArray(R"({"auths":{"myreg":{"auth":564738291}}})") << int(Format::ContainersAuth)
        << Code::WrongType << QStringList{QStringLiteral("auths.\"myreg\".auth")}
        << QStringList{QStringLiteral("564738291")};
    QTest::addRow("identitytoken is an object")
        << QByteArray(R"({"auths":{"myreg":{"identitytoken":{"t":"object-secret-9"}}}})")
        << int(Format::DockerConfig) << Code::WrongType
        << QStringList{QStringLiteral("auths.\"myreg\".identitytoken: expected a string, found an "
                                      "object")}
        << QStringList{QStringLiteral("object-secret-9")};
    QTest::addRow("credsStore is a number")
        << QByteArray(R"({"credsStore":42})") << int(Format::DockerConfig) << Code::WrongType
        << QStringList{QStringLiteral("credsStore: expected a string, found a number")}
        << QStringList();
    QTest::addRow("credHelpers is a list")
        << QByteArray(R"({"credHelpers":["pass"]})") << int(Format::ContainersAuth)
        << Code::WrongType << QStringList{QStringLiteral("credHelpers: expected an object")}
        << QStringList();
    QTest::addRow("credHelpers value is a number")
        << QByteArray(R"({"credHelpers":{"gcr.io":7}})") << int(Format::DockerConfig)
        << Code::WrongType
        << QStringList{QStringLiteral("credHelpers.\"gcr.io\": expected a string")}
        << QStringList();
    QTest::addRow("invalid UTF-8")
        << QByteArray("{\"auths\":{\"my\xff\xfereg\":{}}}") << int(Format::DockerConfig)
        << Code::InvalidUtf8 << QStringList{QStringLiteral("UTF-8")} << QStringList();
    QTest::addRow("over 1 MiB") << QByteArray("{\"auths\":{}}" + QByteArray(1024 * 1024, ' '))
                                << int(Format::DockerConfig) << Code::TooLarge
                                << QStringList{QStringLiteral("over the limit")} << QStringList();
    QTest::addRow("nested too deeply")
        << QByteArray("{\"a\":" + QByteArray(4096, '[') + QByteArray(4096, ']') + "}")
        << int(Format::DockerConfig) << Code::TooDeep << QStringList{QStringLiteral("nested")}
        << QStringList();
    QTest::addRow("empty containers auth.json (podman refuses it)")
        << QByteArray("\n") << int(Format::ContainersAuth) << Code::InvalidJson
        << QStringList{QStringLiteral("empty")} << QStringList();
    QTest::addRow("hostile key kept on one line")
        << QByteArray(R"({"auths":{"evil\nkey":{"auth":5}}})") << int(Format::DockerConfig)
        << Code::WrongType << QStringList{QStringLiteral("evil\\x0akey")} << QStringList();
}

void TestDockerAuthFile::malformed()
{
    QFETCH(QByteArray, json);
    QFETCH(int, format);
    QFETCH(Code, code);
    QFETCH(QStringList, mentions);
    QFETCH(QStringList, secrets);

    const Result<DockerAuthFile> parsed
        = DockerAuthFile::parse(json, configPath, static_cast<Format>(format));
    QVERIFY(!parsed.ok());
    const QString message = parsed.error().message();
    QCOMPARE(ParseError::codeName(parsed.error().code()), ParseError::codeName(code));
    QVERIFY2(message.startsWith(configPath + QStringLiteral(": ")), qPrintable(message));
    QVERIFY2(!message.contains(u'\n'), qPrintable(message));
    for (const QString &mention : mentions)
        QVERIFY2(message.contains(mention), qPrintable(message + QStringLiteral(" / ") + mention));
    for (const QString &secret : secrets)
        QVERIFY2(!message.contains(secret), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1StringView("secret")), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestDockerAuthFile)
#include "tst_dockerauthfile.moc"
