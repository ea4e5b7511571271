#include "values/authchallenge.h"

#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Layerscope;
using Code = ParseError::Code;

namespace {

constexpr qsizetype challengeCaseRows = 41;
const QString notAsserted = QStringLiteral("(not asserted)");

// Rows where Layerscope's documented behaviour differs from what the upstream test expects;
// the clients disagree among themselves on these. Matched against the end of the row's source.
struct Policy
{
    const char *source;
    const char *label;
    const char *scheme; ///< the scheme Layerscope picks, or nullptr for the table's
    bool error; ///< Layerscope reports HeaderSyntax
};
const Policy policies[] = {
    // ggcr falls back to the first challenge when none is supported; oras says "unknown".
    // Layerscope follows ggcr so that the caller can name the scheme it does not support.
    {"Test_parseChallenge/unknown scheme", "policy: picks unsupported 'foo', oras: unknown", "foo",
     false},
    // oras keeps the parameters before the defect silently; Layerscope keeps them and says why
    // the rest was dropped.
    {"(incomplete parameter with no value)", "policy: keeps realm, reports HeaderSyntax", nullptr,
     true},
    {"(incomplete parameter with spaces)#2", "policy: keeps realm, reports HeaderSyntax", nullptr,
     true},
    {"(incomplete quote)", "policy: keeps realm, reports HeaderSyntax", nullptr, true},
    // regclient fails the whole header; Layerscope keeps the scheme it read and the error.
    {"Missing close quote", "policy: keeps basic without realm, reports HeaderSyntax", "basic",
     true},
    {"Missing value after escape", "policy: keeps basic without realm, reports HeaderSyntax",
     "basic", true},
};

// Rows where the upstream test checks only some of the parameters.
const char *const subsetParameterRows[] = {"parse_test.go TestParseAuthHeader"};

// Rows where distribution 2.8.2's parser finds other challenges or parameters than Layerscope,
// with the number of challenges Layerscope finds.
struct Difference
{
    const char *source;
    const char *label;
    int challenges;
};
const Difference differencesFrom282[] = {
    {"parse_test.go TestParseAuthHeader", "2.8.2 stops at empty=\"\"", 1},
    {"Test_parseChallenge/bearer challenge with empty parameter value", "2.8.2 stops at empty=\"\"",
     1},
    {"Test_parseChallenge/bearer challenge with white spaces",
     "2.8.2 drops parameters with spaces around '='", 1},
    // RFC 9110 §11.6.1: a list element that is a bare token starts a new challenge.
    {"(incomplete parameter with spaces)", "bare 'service' is a second challenge, 2.8.2 drops it",
     2},
    {"TestParseAuthHeader/Basic unquoted token", "2.8.2 drops realm=/, '/' is no token char", 1},
};

template<typename T, size_t N> const T *findBySource(const T (&entries)[N], const QString &source)
{
    for (const T &entry : entries) {
        if (source.endsWith(QLatin1String(entry.source)))
            return &entry;
    }
    return nullptr;
}

bool inSubsetRows(const QString &source)
{
    for (const char *entry : subsetParameterRows) {
        if (source.endsWith(QLatin1String(entry)))
            return true;
    }
    return false;
}

// "oras-go Test_parseChallenge/…" from "oras-project/oras-go@40c04f13:registry/…
// Test_parseChallenge/…".
QString shortSource(const QString &source)
{
    if (source.startsWith(u"OBSERVED"))
        return source;
    const qsizetype at = source.indexOf(u'@');
    const qsizetype space = source.indexOf(u' ');
    if (at < 0 || space < at)
        return source;
    const QString repository = source.left(at).section(u'/', -1);
    QString test = source.mid(space + 1);
    const qsizetype alsoIn = test.indexOf(QStringLiteral(" (same in"));
    if (alsoIn >= 0)
        test.truncate(alsoIn);
    return repository + u' ' + test;
}

QList<QByteArray> headerValues(const QString &field)
{
    QList<QByteArray> values;
    const QStringList lines = field.split(u'\n');
    for (const QString &line : lines)
        values.append(line.toUtf8());
    return values;
}

QMap<QString, QString> toParameters(const QJsonObject &object)
{
    QMap<QString, QString> parameters;
    for (auto it = object.begin(); it != object.end(); ++it)
        parameters.insert(it.key(), it.value().toString());
    return parameters;
}

// "scheme{name="value", …}" for comparisons whose failures a person reads.
QString describe(const QString &scheme, const QMap<QString, QString> &parameters,
                 const QString &token68 = {})
{
    QStringList parts;
    for (auto it = parameters.begin(); it != parameters.end(); ++it)
        parts.append(it.key() + QStringLiteral("=\"") + it.value() + u'"');
    QString text = scheme;
    if (!token68.isEmpty())
        text += u' ' + token68;
    return text + u'{' + parts.join(QStringLiteral(", ")) + u'}';
}

QString describe(const QList<AuthChallenge> &challenges, bool withToken68 = true)
{
    QStringList parts;
    for (const AuthChallenge &challenge : challenges) {
        parts.append(describe(challenge.scheme(), challenge.parameters(),
                              withToken68 ? challenge.token68() : QString()));
    }
    return parts.join(QStringLiteral("; "));
}

QString describe282(const QJsonArray &challenges)
{
    QStringList parts;
    for (const QJsonValue &challenge : challenges) {
        parts.append(describe(challenge[QLatin1String("Scheme")].toString(),
                              toParameters(challenge[QLatin1String("Parameters")].toObject())));
    }
    return parts.join(QStringLiteral("; "));
}

AuthChallenge challenge(const char *scheme,
                        std::initializer_list<std::pair<const char *, QString>> parameters = {},
                        const char *token68 = "")
{
    QMap<QString, QString> map;
    for (const auto &[name, value] : parameters)
        map.insert(QLatin1String(name), value);
    return AuthChallenge(QLatin1String(scheme), map, QLatin1String(token68));
}

} // namespace

class TestAuthChallenge : public QObject
{
    Q_OBJECT

private slots:
    void tableRowCount();
    void challengeCases_data();
    void challengeCases();
    void parse_data();
    void parse();
    void malformed_data();
    void malformed();
    void hostileInput_data();
    void hostileInput();
    void randomBytes();
    void preferred_data();
    void preferred();
    void accessors();
};

void TestAuthChallenge::tableRowCount()
{
    const TestData::Table table = TestData::readTable(QStringLiteral("challenge_cases.tsv"));
    QCOMPARE(table.columns,
             QStringList({QStringLiteral("header"), QStringLiteral("expected_scheme"),
                          QStringLiteral("expected_params_json"), QStringLiteral("expected_error"),
                          QStringLiteral("distribution_v2.8.2_parse_json"), QStringLiteral("note"),
                          QStringLiteral("source")}));
    QCOMPARE(table.rows.size(), challengeCaseRows);

    // Each exception names exactly one row, so a changed table cannot silently move them.
    const auto matches = [&table](const char *key) {
        qsizetype count = 0;
        for (const TestData::Row &row : table.rows)
            count += row.value(QStringLiteral("source")).endsWith(QLatin1String(key)) ? 1 : 0;
        return count;
    };
    for (const Policy &policy : policies)
        QVERIFY2(matches(policy.source) == 1, policy.source);
    for (const Difference &difference : differencesFrom282)
        QVERIFY2(matches(difference.source) == 1, difference.source);
    for (const char *source : subsetParameterRows)
        QVERIFY2(matches(source) == 1, source);
}

void TestAuthChallenge::challengeCases_data()
{
    QTest::addColumn<QList<QByteArray>>("values");
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("parametersJson");
    QTest::addColumn<bool>("subset");
    QTest::addColumn<bool>("error");
    QTest::addColumn<QString>("parse282Json");
    QTest::addColumn<int>("challengeCount");

    const TestData::Table table = TestData::readTable(QStringLiteral("challenge_cases.tsv"));
    int line = 1;
    for (const TestData::Row &row : table.rows) {
        ++line;
        const QString source = row.value(QStringLiteral("source"));
        QString name = QStringLiteral("line %1 %2").arg(QString::number(line), shortSource(source));

        QString scheme = row.value(QStringLiteral("expected_scheme"));
        bool error = !row.value(QStringLiteral("expected_error")).isEmpty();
        if (const Policy *policy = findBySource(policies, source)) {
            name += QStringLiteral(" [") + QLatin1String(policy->label) + u']';
            if (policy->scheme)
                scheme = QLatin1String(policy->scheme);
            error = policy->error;
        }

        QString parse282 = row.value(QStringLiteral("distribution_v2.8.2_parse_json"));
        int challengeCount = -1;
        if (const Difference *difference = findBySource(differencesFrom282, source)) {
            name += QStringLiteral(" [") + QLatin1String(difference->label) + u']';
            parse282.clear();
            challengeCount = difference->challenges;
        }

        QTest::addRow("%s", qPrintable(name))
            << headerValues(row.value(QStringLiteral("header"))) << scheme
            << row.value(QStringLiteral("expected_params_json")) << inSubsetRows(source) << error
            << parse282 << challengeCount;
    }
}

void TestAuthChallenge::challengeCases()
{
    QFETCH(QList<QByteArray>, values);
    QFETCH(QString, scheme);
    QFETCH(QString, parametersJson);
    QFETCH(bool, subset);
    QFETCH(bool, error);
    QFETCH(QString, parse282Json);
    QFETCH(int, challengeCount);

    QVERIFY2(!scheme.isEmpty(), "every row names the scheme Layerscope picks");
    const AuthChallenge::Parsed parsed = AuthChallenge::parse(values);
    const std::optional<AuthChallenge> picked = parsed.preferred();
    // oras's "unknown" for an empty header: there is no challenge to answer.
    QCOMPARE(picked ? picked->scheme() : QStringLiteral("unknown"), scheme);

    QCOMPARE(parsed.error.has_value(), error);
    if (parsed.error) {
        QCOMPARE(ParseError::codeName(parsed.error->code()),
                 ParseError::codeName(Code::HeaderSyntax));
        QVERIFY2(parsed.error->message().startsWith(u"WWW-Authenticate"),
                 qPrintable(parsed.error->message()));
        QVERIFY2(parsed.error->message().contains(u"column"), qPrintable(parsed.error->message()));
    }

    if (parametersJson != notAsserted) {
        QJsonParseError jsonError;
        const QJsonDocument document = QJsonDocument::fromJson(parametersJson.toUtf8(), &jsonError);
        QVERIFY2(document.isObject(), qPrintable(jsonError.errorString()));
        const QMap<QString, QString> expected = toParameters(document.object());
        QVERIFY(picked);
        if (subset) {
            for (auto it = expected.begin(); it != expected.end(); ++it) {
                QVERIFY2(picked->hasParameter(it.key()), qPrintable(it.key()));
                QCOMPARE(picked->parameter(it.key()), it.value());
            }
        } else {
            QCOMPARE(describe(picked->scheme(), picked->parameters()),
                     describe(picked->scheme(), expected));
            QCOMPARE(picked->realm(), expected.value(QStringLiteral("realm")));
            QCOMPARE(picked->service(), expected.value(QStringLiteral("service")));
            QCOMPARE(picked->scopes().join(u' '), expected.value(QStringLiteral("scope")));
        }
    }

    if (!parse282Json.isEmpty()) {
        const QJsonDocument document = QJsonDocument::fromJson(parse282Json.toUtf8());
        QVERIFY(document.isArray());
        QCOMPARE(parsed.challenges.size(), document.array().size());
        QCOMPARE(describe(parsed.challenges, false), describe282(document.array()));
    } else {
        QCOMPARE(parsed.challenges.size(), challengeCount);
    }

    if (values.size() > 1 && !parsed.error) {
        // Qt may hand repeated headers over joined with ", "; that must read the same.
        const AuthChallenge::Parsed joined = AuthChallenge::parse(values.join(QByteArray(", ")));
        QVERIFY(!joined.error);
        QCOMPARE(describe(joined.challenges), describe(parsed.challenges));
    }
}

void TestAuthChallenge::parse_data()
{
    QTest::addColumn<QList<QByteArray>>("values");
    QTest::addColumn<QList<AuthChallenge>>("expected");
    QTest::addColumn<QString>("preferredScheme");

    const QString realmX = QStringLiteral("x");
    QTest::addRow("several challenges in one value")
        << QList<QByteArray>{R"(Basic realm="x", Bearer realm="y",service="z")"}
        << QList<AuthChallenge>{challenge("basic", {{"realm", realmX}}),
                                challenge("bearer",
                                          {{"realm", QStringLiteral("y")},
                                           {"service", QStringLiteral("z")}})}
        << QStringLiteral("basic");
    QTest::addRow("bearer after unsupported in one value")
        << QList<QByteArray>{R"(Negotiate, Bearer realm="r",scope="a b",  Basic)"}
        << QList<AuthChallenge>{challenge("negotiate"),
                                challenge("bearer",
                                          {{"realm", QStringLiteral("r")},
                                           {"scope", QStringLiteral("a b")}}),
                                challenge("basic")}
        << QStringLiteral("bearer");
    QTest::addRow("two header values")
        << QList<QByteArray>{"Negotiate", R"(Basic realm="x")"}
        << QList<AuthChallenge>{challenge("negotiate"), challenge("basic", {{"realm", realmX}})}
        << QStringLiteral("basic");
    QTest::addRow("two header values joined by Qt")
        << QList<QByteArray>{R"(Negotiate, Basic realm="x")"}
        << QList<AuthChallenge>{challenge("negotiate"), challenge("basic", {{"realm", realmX}})}
        << QStringLiteral("basic");
    QTest::addRow("joined values with parameters on both sides")
        << QList<QByteArray>{R"(Bearer realm="a",service="b", Basic realm="c")"}
        << QList<AuthChallenge>{challenge("bearer",
                                          {{"realm", QStringLiteral("a")},
                                           {"service", QStringLiteral("b")}}),
                                challenge("basic", {{"realm", QStringLiteral("c")}})}
        << QStringLiteral("bearer");
    QTest::addRow("several values with several challenges each")
        << QList<QByteArray>{R"(Negotiate, Basic realm="a")", R"(Bearer realm="b", Digest)"}
        << QList<AuthChallenge>{challenge("negotiate"),
                                challenge("basic", {{"realm", QStringLiteral("a")}}),
                                challenge("bearer", {{"realm", QStringLiteral("b")}}),
                                challenge("digest")}
        << QStringLiteral("basic");
    QTest::addRow("comma inside a quoted value")
        << QList<QByteArray>{R"(Bearer scope="repository:a:pull,push", realm="r")"}
        << QList<AuthChallenge>{challenge("bearer",
                                          {{"scope", QStringLiteral("repository:a:pull,push")},
                                           {"realm", QStringLiteral("r")}})}
        << QStringLiteral("bearer");
    QTest::addRow("token68 then another challenge")
        << QList<QByteArray>{R"(Negotiate abc+/9==, Basic realm="x")"}
        << QList<AuthChallenge>{challenge("negotiate", {}, "abc+/9=="),
                                challenge("basic", {{"realm", realmX}})}
        << QStringLiteral("basic");
    QTest::addRow("empty list elements")
        << QList<QByteArray>{R"(, ,Basic realm="x",, ,service=y,)"}
        << QList<AuthChallenge>{challenge("basic",
                                          {{"realm", realmX}, {"service", QStringLiteral("y")}})}
        << QStringLiteral("basic");
    QTest::addRow("parameter right after the comma of the scheme")
        << QList<QByteArray>{R"(Bearer,realm="x")"}
        << QList<AuthChallenge>{challenge("bearer", {{"realm", realmX}})}
        << QStringLiteral("bearer");
    QTest::addRow("tabs as white space")
        << QList<QByteArray>{"Bearer\trealm\t=\t\"x\"\t,\tservice=\"y\"\t"}
        << QList<AuthChallenge>{challenge("bearer",
                                          {{"realm", realmX}, {"service", QStringLiteral("y")}})}
        << QStringLiteral("bearer");
    QTest::addRow("escapes") << QList<QByteArray>{R"(Basic realm="a\\b\"c\x")"}
                             << QList<AuthChallenge>{challenge(
                                    "basic", {{"realm", QStringLiteral(R"(a\b"cx)")}})}
                             << QStringLiteral("basic");
    QTest::addRow("UTF-8 in a quoted value")
        << QList<QByteArray>{QStringLiteral(u"Basic realm=\"Régistre 🐳\"").toUtf8()}
        << QList<AuthChallenge>{challenge("basic", {{"realm", QStringLiteral(u"Régistre 🐳")}})}
        << QStringLiteral("basic");
    // Values are decoded as UTF-8; a stray Latin-1 byte becomes U+FFFD instead of an error.
    QTest::addRow("Latin-1 byte in a quoted value")
        << QList<QByteArray>{"Basic realm=\"caf\xe9\""}
        << QList<AuthChallenge>{challenge("basic", {{"realm", QStringLiteral(u"caf\uFFFD")}})}
        << QStringLiteral("basic");
    QTest::addRow("upper-case scheme and names")
        << QList<QByteArray>{R"(BEARER REALM="X",Service="Y")"}
        << QList<AuthChallenge>{challenge(
               "bearer", {{"realm", QStringLiteral("X")}, {"service", QStringLiteral("Y")}})}
        << QStringLiteral("bearer");
    QTest::addRow("bare token after a comma starts a challenge")
        << QList<QByteArray>{R"(Bearer realm="x",service)"}
        << QList<AuthChallenge>{challenge("bearer", {{"realm", realmX}}), challenge("service")}
        << QStringLiteral("bearer");
    QTest::addRow("unquoted URL")
        << QList<QByteArray>{"Bearer realm=https://auth.example/token?x=1,service=reg"}
        << QList<AuthChallenge>{challenge(
               "bearer",
               {{"realm", QStringLiteral("https://auth.example/token?x=1")},
                {"service", QStringLiteral("reg")}})}
        << QStringLiteral("bearer");
    // RFC 9110 §11.6.1 allows a token68 ending in '=' right after the scheme.
    QTest::addRow("name= alone after the scheme is a token68")
        << QList<QByteArray>{"Bearer realm= , service=s"}
        << QList<AuthChallenge>{challenge("bearer", {{"service", QStringLiteral("s")}}, "realm=")}
        << QStringLiteral("bearer");
    QTest::addRow("empty quoted value")
        << QList<QByteArray>{R"(Bearer empty="",realm="r")"}
        << QList<AuthChallenge>{challenge("bearer",
                                          {{"empty", QString()}, {"realm", QStringLiteral("r")}})}
        << QStringLiteral("bearer");
    QTest::addRow("no values") << QList<QByteArray>{} << QList<AuthChallenge>{} << QString();
    QTest::addRow("blank values") << QList<QByteArray>{"", " \t ", ","} << QList<AuthChallenge>{}
                                  << QString();
}

void TestAuthChallenge::parse()
{
    QFETCH(QList<QByteArray>, values);
    QFETCH(QList<AuthChallenge>, expected);
    QFETCH(QString, preferredScheme);

    const AuthChallenge::Parsed parsed = AuthChallenge::parse(values);
    QVERIFY2(!parsed.error, parsed.error ? qPrintable(parsed.error->message()) : "");
    QCOMPARE(describe(parsed.challenges), describe(expected));
    QCOMPARE(parsed.challenges, expected);
    const std::optional<AuthChallenge> picked = parsed.preferred();
    QCOMPARE(picked ? picked->scheme() : QString(), preferredScheme);

    if (values.size() == 1) {
        const AuthChallenge::Parsed single
            = AuthChallenge::parse(QByteArrayView(values.constFirst()));
        QVERIFY(!single.error);
        QCOMPARE(single.challenges, expected);
    }
}

void TestAuthChallenge::malformed_data()
{
    QTest::addColumn<QList<QByteArray>>("values");
    QTest::addColumn<QStringList>("fragments");
    QTest::addColumn<QList<AuthChallenge>>("kept");

    const auto row = [](const char *name, QList<QByteArray> values, QStringList fragments,
                        QList<AuthChallenge> kept) {
        QTest::addRow("%s", name) << values << fragments << kept;
    };
    const auto s = [](const char *text) {
        return QString::fromUtf8(text);
    };

    row("unterminated quote", {R"(Basic realm="abc)"},
        {s("'realm'"), s("not terminated"), s("column 13")}, {challenge("basic")});
    row("escape at the end", {R"(Basic realm="abc\)"},
        {s("'realm'"), s("escaping backslash"), s("column 17")}, {challenge("basic")});
    row("escaped backslash, then no closing quote", {R"(Basic realm="abc\\)"},
        {s("not terminated"), s("column 13")}, {challenge("basic")});
    row("garbage after a quoted value", {R"(Bearer service="s",realm="x" junk)"},
        {s("expected ','"), s("'realm'"), s("'j' at column 30")},
        {challenge("bearer", {{"service", s("s")}})});
    row("missing '='", {"Bearer abc def"}, {s("expected '='"), s("'abc'"), s("'d' at column 12")},
        {challenge("bearer")});
    row("missing value", {R"(Bearer service="s",realm=)"},
        {s("'realm'"), s("no value"), s("end of the value at column 26")},
        {challenge("bearer", {{"service", s("s")}})});
    row("missing value before a comma", {R"(Bearer service="s", realm= ,x=y)"},
        {s("'realm'"), s("no value"), s("',' at column 28")},
        {challenge("bearer", {{"service", s("s")}})});
    row("parameter before any scheme", {R"(realm="x", Basic)"},
        {s("'realm'"), s("before any authentication scheme"), s("column 1")}, {});
    row("quoted string instead of a scheme", {R"("Bearer" realm="x")"},
        {s("expected an authentication scheme"), s("'\"' at column 1")}, {});
    row("quote right after the scheme", {R"(Bearer"x")"},
        {s("after scheme 'Bearer'"), s("'\"' at column 7")}, {});
    row("NUL inside a quoted value", {QByteArray("Basic realm=\"a\0b\"", 17)},
        {s("control character"), s("'realm'"), s("byte 0x00 at column 15")}, {challenge("basic")});
    row("NUL after the scheme", {QByteArray("Basic\0realm", 11)},
        {s("after scheme 'Basic'"), s("byte 0x00 at column 6")}, {});
    row("control character as unquoted value", {"Bearer realm=\x01"},
        {s("invalid value"), s("'realm'"), s("byte 0x01 at column 14")}, {challenge("bearer")});
    row("non-ASCII scheme", {QStringLiteral(u"Bäsic realm=\"x\"").toUtf8()},
        {s("after scheme 'B'"), s("byte 0xC3 at column 2")}, {});
    row("non-ASCII first byte", {QStringLiteral(u"日本 realm=\"x\"").toUtf8()},
        {s("expected an authentication scheme"), s("byte 0xE6 at column 1")}, {});
    row("non-ASCII in an unquoted value", {QStringLiteral(u"Basic realm=café").toUtf8()},
        {s("expected ','"), s("byte 0xC3 at column 16")}, {challenge("basic")});
    row("duplicate parameter", {R"(Bearer realm="a",REALM="b")"},
        {s("'REALM'"), s("second time"), s("column 18")},
        {challenge("bearer", {{"realm", s("a")}})});
    row("error in the second value names it", {R"(Bearer realm="ok")", R"(Basic realm="x)"},
        {s("WWW-Authenticate (value 2 of 2)"), s("not terminated"), s("column 13")},
        {challenge("bearer", {{"realm", s("ok")}}), challenge("basic")});
    row("values after a malformed one are still read", {R"(Basic realm="x)", R"(Bearer realm="y")"},
        {s("WWW-Authenticate (value 1 of 2)"), s("column 13")},
        {challenge("basic"), challenge("bearer", {{"realm", s("y")}})});
    row("only the first error is reported", {"Basic \x01", "Bearer \x02"},
        {s("value 1 of 2"), s("byte 0x01 at column 7")}, {challenge("basic"), challenge("bearer")});
}

void TestAuthChallenge::malformed()
{
    QFETCH(QList<QByteArray>, values);
    QFETCH(QStringList, fragments);
    QFETCH(QList<AuthChallenge>, kept);

    const AuthChallenge::Parsed parsed = AuthChallenge::parse(values);
    QVERIFY(parsed.error);
    QCOMPARE(ParseError::codeName(parsed.error->code()), ParseError::codeName(Code::HeaderSyntax));
    const QString message = parsed.error->message();
    QVERIFY2(message.startsWith(u"WWW-Authenticate"), qPrintable(message));
    for (const QString &fragment : fragments)
        QVERIFY2(message.contains(fragment),
                 qPrintable(message + QStringLiteral(" lacks ") + fragment));
    QCOMPARE(describe(parsed.challenges), describe(kept));
}

void TestAuthChallenge::hostileInput_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("challenges");
    QTest::addColumn<QString>("errorFragment");

    constexpr qsizetype mebibyte = 1024 * 1024;
    QTest::addRow("1 MiB of commas") << QByteArray(mebibyte, ',') << 0 << QString();
    QTest::addRow("1 MiB of commas after a challenge")
        << QByteArray(R"(Basic realm="x")") + QByteArray(mebibyte, ',') << 1 << QString();
    QTest::addRow("1 MiB of spaces") << QByteArray(mebibyte, ' ') << 0 << QString();
    QTest::addRow("100k quotes") << QByteArray(100000, '"') << 0
                                 << QStringLiteral("'\"' at column 1");
    QTest::addRow("100k quotes as a value") << QByteArray("Bearer realm=") + QByteArray(100000, '"')
                                            << 1 << QStringLiteral("'\"' at column 16");
    QTest::addRow("100k backslashes in a quoted value") << QByteArray("Basic realm=\"")
            + QByteArray(100000, '\\') << 1 << QStringLiteral("not terminated");
    QTest::addRow("NUL bytes") << QByteArray(1000, '\0') << 0
                               << QStringLiteral("byte 0x00 at column 1");
    QTest::addRow("1 MiB scheme") << QByteArray(mebibyte, 'a') << 1 << QString();
    QTest::addRow("1 MiB parameter name before a scheme")
        << QByteArray(mebibyte, 'a') + "=x" << 0 << QStringLiteral("before any authentication");
    QTest::addRow("100k challenges")
        << QByteArray("Bearer") + QByteArray(", x").repeated(100000) << 100001 << QString();
    QTest::addRow("100k parameters") << [] {
        QByteArray value("Bearer ");
        for (int i = 0; i < 100000; ++i)
            value += "p" + QByteArray::number(i) + "=v,";
        return value;
    }() << 1 << QString();
    QTest::addRow("bytes 0x80 to 0xFF") << [] {
        QByteArray value;
        for (int byte = 0x80; byte <= 0xff; ++byte)
            value.append(char(byte));
        return value;
    }() << 0 << QStringLiteral("byte 0x80 at column 1");
}

void TestAuthChallenge::hostileInput()
{
    QFETCH(QByteArray, value);
    QFETCH(int, challenges);
    QFETCH(QString, errorFragment);

    // Megabyte inputs: a parser that is not linear shows up as this test taking minutes (and
    // hitting ctest's timeout); durations are not asserted on a shared machine.
    const AuthChallenge::Parsed parsed = AuthChallenge::parse(value);
    QCOMPARE(parsed.challenges.size(), challenges);
    QCOMPARE(parsed.error.has_value(), !errorFragment.isEmpty());
    if (parsed.error) {
        QCOMPARE(ParseError::codeName(parsed.error->code()),
                 ParseError::codeName(Code::HeaderSyntax));
        QVERIFY2(parsed.error->message().contains(errorFragment),
                 qPrintable(parsed.error->message()));
        // Messages quote names, but never a megabyte of them.
        QVERIFY2(parsed.error->message().size() < 300,
                 qPrintable(parsed.error->message().left(400)));
    }
}

void TestAuthChallenge::randomBytes()
{
    // Short strings over an alphabet heavy in the characters the grammar cares about, so
    // that most of the parser's branches are reached; the seed keeps failures reproducible.
    static const char characters[] = "Bb aA=,\"\\\t\0\x01\x7f\xc3\xa9\xff;/:-_~+.zZ9";
    const QByteArray alphabet(characters, sizeof(characters) - 1);
    QRandomGenerator random(20240611);
    for (int round = 0; round < 20000; ++round) {
        QByteArray value;
        const int length = random.bounded(48);
        for (int i = 0; i < length; ++i)
            value.append(alphabet.at(random.bounded(int(alphabet.size()))));
        const AuthChallenge::Parsed parsed = AuthChallenge::parse(value);
        if (parsed.error) {
            QCOMPARE(parsed.error->code(), Code::HeaderSyntax);
            QVERIFY2(parsed.error->message().contains(u"column"), value.toHex().constData());
        }
        for (const AuthChallenge &challenge : parsed.challenges) {
            QVERIFY2(!challenge.scheme().isEmpty(), value.toHex().constData());
            QCOMPARE(challenge.scheme(), challenge.scheme().toLower());
        }
    }
}

void TestAuthChallenge::preferred_data()
{
    QTest::addColumn<QList<AuthChallenge>>("challenges");
    QTest::addColumn<int>("index");

    QTest::addRow("empty") << QList<AuthChallenge>{} << -1;
    QTest::addRow("bearer only") << QList<AuthChallenge>{challenge("bearer")} << 0;
    QTest::addRow("first supported after unsupported")
        << QList<AuthChallenge>{challenge("negotiate"), challenge("bearer"), challenge("basic")}
        << 1;
    QTest::addRow("basic before bearer")
        << QList<AuthChallenge>{challenge("basic"), challenge("bearer")} << 0;
    QTest::addRow("none supported falls back to the first")
        << QList<AuthChallenge>{challenge("negotiate"), challenge("digest")} << 0;
}

void TestAuthChallenge::preferred()
{
    QFETCH(QList<AuthChallenge>, challenges);
    QFETCH(int, index);
    const std::optional<AuthChallenge> picked = AuthChallenge::preferred(challenges);
    QCOMPARE(picked.has_value(), index >= 0);
    if (picked)
        QCOMPARE(*picked, challenges.at(index));
}

void TestAuthChallenge::accessors()
{
    const AuthChallenge::Parsed parsed = AuthChallenge::parse(
        R"(Bearer realm="https://auth.example/token",service="registry.example",)"
        R"(scope="repository:a/b:pull  repository:c:pull,push",error="insufficient_scope",empty="")");
    QVERIFY(!parsed.error);
    QCOMPARE(parsed.challenges.size(), 1);
    const AuthChallenge &bearer = parsed.challenges.constFirst();
    QVERIFY(bearer.isBearer());
    QVERIFY(!bearer.isBasic());
    QCOMPARE(bearer.realm(), QStringLiteral("https://auth.example/token"));
    QCOMPARE(bearer.service(), QStringLiteral("registry.example"));
    QCOMPARE(bearer.scopes(),
             QStringList({QStringLiteral("repository:a/b:pull"),
                          QStringLiteral("repository:c:pull,push")}));
    QCOMPARE(bearer.error(), QStringLiteral("insufficient_scope"));
    QCOMPARE(bearer.parameter(u"SERVICE"), QStringLiteral("registry.example"));
    QVERIFY(bearer.hasParameter(u"Empty"));
    QVERIFY(bearer.parameter(u"empty").isEmpty());
    QVERIFY(!bearer.hasParameter(u"missing"));
    QVERIFY(bearer.token68().isEmpty());

    const AuthChallenge basic = AuthChallenge::parse("basic").challenges.value(0);
    QVERIFY(basic.isBasic());
    QVERIFY(basic.realm().isEmpty());
    QVERIFY(basic.scopes().isEmpty());
    QVERIFY(basic.error().isEmpty());
}

QTEST_GUILESS_MAIN(TestAuthChallenge)
#include "tst_authchallenge.moc"
