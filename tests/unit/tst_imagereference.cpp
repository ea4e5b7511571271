#include "values/imagereference.h"

#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace Layerscope;
using Code = ParseError::Code;
using Checks = QMap<QString, QString>;

namespace {

// reference_cases.tsv and reference_regexp_cases.tsv (distribution/reference@0965666a and
// distribution v2.8.2; see tests/data/SOURCES.md).
constexpr qsizetype ReferenceRows = 196;
constexpr qsizetype GrammarRows = 110;

// How the table spells an error (a Go identifier, or the message the Go code printed) → the
// code Layerscope gives for it.
QString expectedCodeName(const QString &error)
{
    static const QMap<QString, Code> identifiers{
        {QStringLiteral("ErrNameEmpty"), Code::NameEmpty},
        {QStringLiteral("ErrReferenceInvalidFormat"), Code::ReferenceInvalidFormat},
        {QStringLiteral("ErrNameContainsUppercase"), Code::NameContainsUppercase},
        {QStringLiteral("ErrNameTooLong"), Code::NameTooLong},
        {QStringLiteral("ErrNameNotCanonical"), Code::NameNotCanonical},
        {QStringLiteral("digest.ErrDigestInvalidLength"), Code::DigestInvalidLength},
        {QStringLiteral("digest.ErrDigestUnsupported"), Code::DigestUnsupported},
        {QStringLiteral("invalid reference format"), Code::ReferenceInvalidFormat},
        {QStringLiteral("repository name must not be more than 255 characters"), Code::NameTooLong},
    };
    if (const auto it = identifiers.constFind(error); it != identifiers.cend())
        return ParseError::codeName(*it);
    if (error.startsWith(QLatin1String("invalid reference format: repository name"))
        && error.endsWith(QLatin1String("must be lowercase"))) {
        return ParseError::codeName(Code::NameContainsUppercase);
    }
    // distribution has no identifier for this one; it is a malformed reference to Layerscope.
    if (error.endsWith(QLatin1String("cannot specify 64-byte hexadecimal strings")))
        return ParseError::codeName(Code::ReferenceInvalidFormat);
    return QStringLiteral("unmapped error: ") + error;
}

// "name=a,tag=b" → {name: a, tag: b}; the values never hold ','.
Checks parseAssertions(const QString &text)
{
    Checks checks;
    for (const QString &pair : text.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype equals = pair.indexOf(u'=');
        checks.insert(pair.left(equals), equals < 0 ? QString() : pair.mid(equals + 1));
    }
    checks.remove(QStringLiteral("err")); // asserted through the error code
    return checks;
}

QString display(const QString &input)
{
    constexpr qsizetype shown = 48;
    if (input.isEmpty())
        return QStringLiteral("(empty)");
    if (input.size() <= shown)
        return input;
    return input.left(shown) + QStringLiteral("…(%1 chars)").arg(input.size());
}

Result<ImageReference> callApi(const QString &api, const QString &input)
{
    if (api == u"Parse" || api == u"Parse(json Field)")
        return ImageReference::parseExact(input);
    if (api == u"ParseNormalizedNamed")
        return ImageReference::parse(input);
    if (api == u"ParseAnyReference")
        return ImageReference::parseAny(input);
    if (api == u"ParseDockerRef")
        return ImageReference::parseDockerRef(input);
    if (api == u"ParseNamed")
        return ImageReference::parseCanonical(input);
    if (api == u"WithName")
        return ImageReference::withName(input);
    return ParseError(Code::InvalidValue, QStringLiteral("the table names an unknown API: ") + api);
}

// A field of a result, by the name the upstream test asserts it under.
QString assertedField(const ImageReference &reference, const QString &key)
{
    if (key == u"name" || key == u"norm")
        return reference.name();
    if (key == u"domain")
        return reference.domain();
    if (key == u"path")
        return reference.path();
    if (key == u"tag")
        return reference.tag();
    if (key == u"digest")
        return reference.digest().toString();
    if (key == u"familiar")
        return reference.familiarString();
    if (key == u"string")
        return reference.toString();
    if (key == u"kind")
        return reference.isDigestOnly() ? QStringLiteral("digestReference")
                                        : QStringLiteral("named");
    return QStringLiteral("(no such field: %1)").arg(key);
}

// A field of the normalised reference, by its column in reference_cases.tsv.
QString columnField(const ImageReference &reference, const QString &column)
{
    if (column == u"normalized_name")
        return reference.name();
    if (column == u"tag")
        return reference.tag();
    if (column == u"digest")
        return reference.digest().toString();
    if (column == u"docker_ref")
        return reference.dockerReference().toString();
    if (column == u"domain")
        return reference.domain();
    if (column == u"path")
        return reference.path();
    if (column == u"familiar")
        return reference.familiarString();
    return QStringLiteral("(no such column: %1)").arg(column);
}

// Rows where Layerscope's answer is not the table's `valid`/`expected_error`, and why.
struct Deviation
{
    QString why;
    bool valid;
    Code code;
    Checks checks; ///< for valid rows: what the API's result holds instead
};

QMap<int, Deviation> deviations(const QList<TestData::Row> &rows)
{
    QMap<int, Deviation> result;
    if (rows.size() != ReferenceRows)
        return result;
    // Row 14: distribution/reference's test binary links no sha512 implementation, so go-digest
    // calls sha512 unsupported there. Digest verifies sha512 (an OCI-registered algorithm), and
    // distribution v2.8.2's own row 195 accepts a sha512 reference.
    result.insert(
        14,
        {QStringLiteral("distribution/reference's test build has no sha512: "
                        "ErrDigestUnsupported; accepted, as in 2.8.2 row 195"),
         true,
         Code::InvalidValue,
         {{QStringLiteral("name"), QStringLiteral("validname")},
          {QStringLiteral("digest"), rows.at(13).value(QStringLiteral("input")).mid(10)}}});
    // Row 194: 2.8.2 counts the whole 257-character name; distribution/reference counts the
    // path after the domain "a", which is 255 characters.
    const QString longName = rows.at(193).value(QStringLiteral("input")).chopped(4);
    result.insert(194,
                  {QStringLiteral("2.8.2 refuses: ErrNameTooLong for the whole name; follows "
                                  "distribution/reference: the 255-character path is allowed"),
                   true,
                   Code::InvalidValue,
                   {{QStringLiteral("name"), longName},
                    {QStringLiteral("domain"), QStringLiteral("a")},
                    {QStringLiteral("path"), longName.mid(2)},
                    {QStringLiteral("tag"), QStringLiteral("tag")}}});
    // Row 196: 2.8.2's WithName measures the whole input before anything else; in
    // distribution/reference the grammar comes first, and a name cannot have a tag.
    result.insert(196,
                  {QStringLiteral("2.8.2: ErrNameTooLong from a length check made first; "
                                  "follows distribution/reference: ErrReferenceInvalidFormat, "
                                  "a name cannot have a tag"),
                   false,
                   Code::ReferenceInvalidFormat,
                   {}});
    return result;
}

bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.isSurrogate())
            return true;
    }
    return false;
}

} // namespace

class TestImageReference : public QObject
{
    Q_OBJECT

private slots:
    void referenceTableRowCount();
    void referenceCases_data();
    void referenceCases();
    void grammarTableRowCount();
    void grammarCases_data();
    void grammarCases();
    void accessors_data();
    void accessors();
    void familiarName();
    void badInput_data();
    void badInput();
    void messages_data();
    void messages();
    void canonicalAndNameOnlyMessages();
    void imageIdIsAmbiguous();
    void pathLimitCountsTheNormalisedPath();
    void equalityAndHash();
    void nullReference();
};

void TestImageReference::referenceTableRowCount()
{
    const TestData::Table table = TestData::readTable(QStringLiteral("reference_cases.tsv"));
    QCOMPARE(table.rows.size(), ReferenceRows);
    QVERIFY(table.columns.contains(QStringLiteral("v2.8.2_differs")));
}

void TestImageReference::referenceCases_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("api");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("code");
    QTest::addColumn<Checks>("apiChecks");
    QTest::addColumn<Checks>("columnChecks");

    static const QStringList columns{
        QStringLiteral("normalized_name"), QStringLiteral("tag"),    QStringLiteral("digest"),
        QStringLiteral("docker_ref"),      QStringLiteral("domain"), QStringLiteral("path"),
        QStringLiteral("familiar")};

    const TestData::Table table = TestData::readTable(QStringLiteral("reference_cases.tsv"));
    const QMap<int, Deviation> deviating = deviations(table.rows);
    for (qsizetype i = 0; i < table.rows.size(); ++i) {
        const TestData::Row &row = table.rows.at(i);
        const int number = int(i + 1);
        const QString input = row.value(QStringLiteral("input"));
        const QString api = row.value(QStringLiteral("api"));
        bool valid = row.value(QStringLiteral("valid")) == u"1";
        QString code
            = valid ? QString() : expectedCodeName(row.value(QStringLiteral("expected_error")));
        Checks apiChecks = parseAssertions(row.value(QStringLiteral("asserted_by_test")));
        Checks columnChecks;
        for (const QString &column : columns) {
            if (const QString value = row.value(column); !value.isEmpty())
                columnChecks.insert(column, value);
        }

        QString why;
        if (const auto it = deviating.constFind(number); it != deviating.cend()) {
            why = it->why;
            valid = it->valid;
            code = valid ? QString() : ParseError::codeName(it->code);
            apiChecks = it->checks;
        } else if (const QString differs = row.value(QStringLiteral("v2.8.2_differs"));
                   !differs.isEmpty()) {
            // Every such row is one 2.8.2 refuses and distribution/reference accepts: IPv6
            // hosts, upper-case domains, the length limit on the path alone.
            QVERIFY2(valid, qPrintable(differs));
            why = QStringLiteral("2.8.2 refuses: %1; follows distribution/reference")
                      .arg(differs.mid(differs.indexOf(u':') + 1));
        }
        const QString name = QStringLiteral("[row %1] %2 via %3%4")
                                 .arg(number)
                                 .arg(display(input), api,
                                      why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why));
        QTest::addRow("%s", name.toUtf8().constData())
            << input << api << valid << code << apiChecks << columnChecks;
    }
}

void TestImageReference::referenceCases()
{
    QFETCH(QString, input);
    QFETCH(QString, api);
    QFETCH(bool, valid);
    QFETCH(QString, code);
    QFETCH(Checks, apiChecks);
    QFETCH(Checks, columnChecks);

    const Result<ImageReference> result = callApi(api, input);
    QVERIFY2(result.ok() == valid,
             qPrintable(result.ok() ? QStringLiteral("accepted as ") + result->toString()
                                    : result.error().message()));
    if (!valid) {
        QCOMPARE(ParseError::codeName(result.error().code()), code);
        QVERIFY(!result.error().message().isEmpty());
        QVERIFY(!hasControlCharacters(result.error().message()));
        return;
    }

    for (auto it = apiChecks.cbegin(); it != apiChecks.cend(); ++it) {
        QVERIFY2(assertedField(*result, it.key()) == it.value(),
                 qPrintable(QStringLiteral("%1: expected %2, got %3")
                                .arg(it.key(), it.value(), assertedField(*result, it.key()))));
    }

    // The columns were produced by the normalising parser (ParseNormalizedNamed, or
    // ParseAnyReference on its own rows), whatever the row's API.
    if (!columnChecks.isEmpty()) {
        const Result<ImageReference> normalised = api == u"ParseAnyReference"
            ? ImageReference::parseAny(input)
            : ImageReference::parse(input);
        QVERIFY2(normalised.ok(),
                 qPrintable(normalised.ok() ? QString() : normalised.error().message()));
        for (auto it = columnChecks.cbegin(); it != columnChecks.cend(); ++it) {
            QVERIFY2(
                columnField(*normalised, it.key()) == it.value(),
                qPrintable(QStringLiteral("%1: expected %2, got %3")
                               .arg(it.key(), it.value(), columnField(*normalised, it.key()))));
        }
    }

    // distribution's Field round-trips a reference through its string form.
    if (api == u"Parse(json Field)") {
        const Result<ImageReference> again = ImageReference::parseExact(result->toString());
        QVERIFY(again.ok());
        QCOMPARE(*again, *result);
        QCOMPARE(result->toString(), input);
    }
}

void TestImageReference::grammarTableRowCount()
{
    const TestData::Table table = TestData::readTable(QStringLiteral("reference_regexp_cases.tsv"));
    QCOMPARE(table.rows.size(), GrammarRows);
}

void TestImageReference::grammarCases_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("match");
    QTest::addColumn<QStringList>("submatches");

    const TestData::Table table = TestData::readTable(QStringLiteral("reference_regexp_cases.tsv"));
    for (qsizetype i = 0; i < table.rows.size(); ++i) {
        const TestData::Row &row = table.rows.at(i);
        const QString kind = row.value(QStringLiteral("regexp_test"));
        const QString input = row.value(QStringLiteral("input"));
        QStringList submatches;
        if (const QString json = row.value(QStringLiteral("submatches_json")); !json.isEmpty()) {
            const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
            for (const QJsonValue &value : array)
                submatches.append(value.toString());
            QVERIFY2(!submatches.isEmpty(), qPrintable(json));
        }
        QTest::addRow("[row %d] %s %s", int(i + 1), qPrintable(kind),
                      display(input).toUtf8().constData())
            << kind << input << (row.value(QStringLiteral("match")) == u"1") << submatches;
    }
}

void TestImageReference::grammarCases()
{
    QFETCH(QString, kind);
    QFETCH(QString, input);
    QFETCH(bool, match);
    QFETCH(QStringList, submatches);

    if (kind == u"TestDomainRegexp") {
        QCOMPARE(ImageReference::isValidDomain(input), match);
        QVERIFY(submatches.isEmpty());
    } else if (kind == u"TestIdentifierRegexp") {
        QCOMPARE(ImageReference::isImageId(input), match);
        QVERIFY(submatches.isEmpty());
    } else if (kind == u"TestFullNameRegexp") {
        // The name grammar with its two captures, [domain/]path, is what withName() applies.
        const Result<ImageReference> name = ImageReference::withName(input);
        QVERIFY2(name.ok() == match, qPrintable(name.ok() ? name->name() : name.error().message()));
        if (!match)
            return;
        QCOMPARE(name->name(), input);
        QVERIFY(ImageReference::isValidPath(name->path()));
        QVERIFY(name->domain().isEmpty() || ImageReference::isValidDomain(name->domain()));
        if (!submatches.isEmpty()) {
            QCOMPARE(submatches.size(), 2);
            QCOMPARE(name->domain(), submatches.at(0));
            QCOMPARE(name->path(), submatches.at(1));
        }
    } else if (kind == u"TestReferenceRegexp") {
        // The reference grammar with its captures name, tag and digest: parseExact().
        const Result<ImageReference> reference = ImageReference::parseExact(input);
        QVERIFY2(reference.ok() == match,
                 qPrintable(reference.ok() ? reference->toString() : reference.error().message()));
        if (!match)
            return;
        QCOMPARE(reference->toString(), input);
        QCOMPARE(submatches.size(), 3);
        QCOMPARE(reference->name(), submatches.at(0));
        QCOMPARE(reference->tag(), submatches.at(1));
        QCOMPARE(reference->digest().toString(), submatches.at(2));
    } else {
        QFAIL(qPrintable(QStringLiteral("unknown grammar test: ") + kind));
    }
}

void TestImageReference::accessors_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("domain");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("tag");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("familiar");
    QTest::addColumn<QString>("registryHost");
    QTest::addColumn<QString>("dockerRef");

    const QString digest
        = QStringLiteral("sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582");
    QTest::addRow("official image")
        << QStringLiteral("alpine") << QStringLiteral("docker.io")
        << QStringLiteral("library/alpine") << QString()
        << QStringLiteral("docker.io/library/alpine") << QStringLiteral("alpine")
        << QStringLiteral("registry-1.docker.io")
        << QStringLiteral("docker.io/library/alpine:latest");
    QTest::addRow("official image with tag")
        << QStringLiteral("alpine:latest") << QStringLiteral("docker.io")
        << QStringLiteral("library/alpine") << QStringLiteral("latest")
        << QStringLiteral("docker.io/library/alpine:latest") << QStringLiteral("alpine:latest")
        << QStringLiteral("registry-1.docker.io")
        << QStringLiteral("docker.io/library/alpine:latest");
    QTest::addRow("user image") << QStringLiteral("user/app") << QStringLiteral("docker.io")
                                << QStringLiteral("user/app") << QString()
                                << QStringLiteral("docker.io/user/app")
                                << QStringLiteral("user/app")
                                << QStringLiteral("registry-1.docker.io")
                                << QStringLiteral("docker.io/user/app:latest");
    QTest::addRow("legacy hub domain")
        << QStringLiteral("index.docker.io/library/alpine:3") << QStringLiteral("docker.io")
        << QStringLiteral("library/alpine") << QStringLiteral("3")
        << QStringLiteral("docker.io/library/alpine:3") << QStringLiteral("alpine:3")
        << QStringLiteral("registry-1.docker.io") << QStringLiteral("docker.io/library/alpine:3");
    QTest::addRow("other registry")
        << QStringLiteral("gcr.io/x/y") << QStringLiteral("gcr.io") << QStringLiteral("x/y")
        << QString() << QStringLiteral("gcr.io/x/y") << QStringLiteral("gcr.io/x/y")
        << QStringLiteral("gcr.io") << QStringLiteral("gcr.io/x/y:latest");
    QTest::addRow("registry with port")
        << QStringLiteral("registry:5000/team/app:1.0") << QStringLiteral("registry:5000")
        << QStringLiteral("team/app") << QStringLiteral("1.0")
        << QStringLiteral("registry:5000/team/app:1.0")
        << QStringLiteral("registry:5000/team/app:1.0") << QStringLiteral("registry:5000")
        << QStringLiteral("registry:5000/team/app:1.0");
    QTest::addRow("localhost") << QStringLiteral("localhost/app") << QStringLiteral("localhost")
                               << QStringLiteral("app") << QString()
                               << QStringLiteral("localhost/app") << QStringLiteral("localhost/app")
                               << QStringLiteral("localhost")
                               << QStringLiteral("localhost/app:latest");
    QTest::addRow("IPv6 host, tag and digest")
        << QStringLiteral("[::1]:5000/repo:1@") + digest << QStringLiteral("[::1]:5000")
        << QStringLiteral("repo") << QStringLiteral("1")
        << QStringLiteral("[::1]:5000/repo:1@") + digest
        << QStringLiteral("[::1]:5000/repo:1@") + digest << QStringLiteral("[::1]:5000")
        << QStringLiteral("[::1]:5000/repo@") + digest;
    QTest::addRow("digest only") << digest << QString() << QString() << QString() << digest
                                 << digest << QString() << digest;
}

void TestImageReference::accessors()
{
    QFETCH(QString, input);
    QFETCH(QString, domain);
    QFETCH(QString, path);
    QFETCH(QString, tag);
    QFETCH(QString, text);
    QFETCH(QString, familiar);
    QFETCH(QString, registryHost);
    QFETCH(QString, dockerRef);

    const Result<ImageReference> reference = ImageReference::parseAny(input);
    QVERIFY2(reference.ok(), qPrintable(reference.ok() ? QString() : reference.error().message()));
    QCOMPARE(reference->domain(), domain);
    QCOMPARE(reference->path(), path);
    QCOMPARE(reference->name(), domain.isEmpty() ? path : domain + u'/' + path);
    QCOMPARE(reference->tag(), tag);
    QCOMPARE(reference->toString(), text);
    QCOMPARE(reference->familiarString(), familiar);
    QCOMPARE(reference->registryHost(), registryHost);
    QCOMPARE(reference->dockerReference().toString(), dockerRef);
    QCOMPARE(reference->isDigestOnly(), path.isEmpty());
    QVERIFY(!reference->isNull());
    if (!reference->isDigestOnly()) {
        const Result<ImageReference> canonical = ImageReference::parseCanonical(text);
        QVERIFY2(canonical.ok(), "toString() is the canonical form");
        QCOMPARE(*canonical, *reference);
    }
}

void TestImageReference::familiarName()
{
    const auto familiar = [](QStringView text) {
        return ImageReference::parseAny(text).valueOr({}).familiarName();
    };
    QCOMPARE(familiar(u"alpine:3"), QStringLiteral("alpine"));
    QCOMPARE(
        familiar(u"docker.io/user/"
                 u"app@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582"),
        QStringLiteral("user/app"));
    // Only a single component under library/ is an official image.
    QCOMPARE(familiar(u"library/foo/bar"), QStringLiteral("library/foo/bar"));
    QCOMPARE(familiar(u"gcr.io/library/busybox:1"), QStringLiteral("gcr.io/library/busybox"));
    QCOMPARE(familiar(u"sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582"),
             QString());
}

void TestImageReference::badInput_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("code"); ///< what parse() answers

    const QString hex64 = QString(64, u'a');
    const auto row = [](const char *name, const QString &input, Code code) {
        QTest::addRow("%s", name) << input << int(code);
    };
    row("empty", QString(), Code::NameEmpty);
    row("space", QStringLiteral(" "), Code::ReferenceInvalidFormat);
    row("leading space", QStringLiteral(" alpine"), Code::ReferenceInvalidFormat);
    row("space before tag", QStringLiteral("alpine :3"), Code::ReferenceInvalidFormat);
    row("trailing newline", QStringLiteral("alpine\n"), Code::ReferenceInvalidFormat);
    row("NUL inside", QStringLiteral("alp") + QChar(0) + QStringLiteral("ine"),
        Code::ReferenceInvalidFormat);
    row("NUL only", QString(1, QChar(0)), Code::ReferenceInvalidFormat);
    row("escape sequence", QStringLiteral("\x1b[31malpine"), Code::ReferenceInvalidFormat);
    row("lone high surrogate", QString(1, QChar(0xd800)) + QStringLiteral("abc"),
        Code::ReferenceInvalidFormat);
    row("lone low surrogate", QStringLiteral("abc") + QChar(0xdc00), Code::ReferenceInvalidFormat);
    row("non-ASCII", QStringLiteral("ålpine"), Code::ReferenceInvalidFormat);
    row("at only", QStringLiteral("@"), Code::ReferenceInvalidFormat);
    row("colon only", QStringLiteral(":"), Code::ReferenceInvalidFormat);
    row("two ats", QStringLiteral("a@@sha256:") + hex64, Code::ReferenceInvalidFormat);
    row("empty tag", QStringLiteral("alpine:"), Code::ReferenceInvalidFormat);
    row("empty digest", QStringLiteral("alpine@"), Code::DigestInvalidFormat);
    row("short digest", QStringLiteral("alpine@sha256:abc"), Code::DigestInvalidLength);
    row("long digest", QStringLiteral("alpine@sha256:") + hex64 + u'a', Code::DigestInvalidLength);
    row("upper-case digest", QStringLiteral("alpine@sha256:") + hex64.toUpper(),
        Code::DigestInvalidFormat);
    row("upper-case path", QStringLiteral("library/Alpine"), Code::NameContainsUppercase);
    row("upper-case path on a registry", QStringLiteral("ghcr.io/Team/app"),
        Code::NameContainsUppercase);
    row("tag of 129 characters", QStringLiteral("alpine:") + QString(129, u'a'),
        Code::ReferenceInvalidFormat);
    row("path of 256 characters", QStringLiteral("example.com/") + QString(256, u'a'),
        Code::NameTooLong);
    row("URL", QStringLiteral("https://ghcr.io/team/app"), Code::ReferenceInvalidFormat);
    row("host without path", QStringLiteral("[::1]:5000"), Code::ReferenceInvalidFormat);
    row("zone in IPv6 host", QStringLiteral("[fe80::1%eth0]:5000/app"),
        Code::ReferenceInvalidFormat);
    row("doubled slash", QStringLiteral("team//app"), Code::ReferenceInvalidFormat);
    row("trailing slash", QStringLiteral("team/app/"), Code::ReferenceInvalidFormat);
    row("100k characters", QString(100000, u'a'), Code::NameTooLong);
    row("100k slashes", QString(100000, u'/'), Code::ReferenceInvalidFormat);
    row("100k separators", QStringLiteral("a") + QString(100000, u'_') + u'a',
        Code::ReferenceInvalidFormat);
    row("100k dashes", QStringLiteral("a") + QString(100000, u'-') + u'a', Code::NameTooLong);
    row("100k components", QStringLiteral("a/").repeated(50000) + u'!',
        Code::ReferenceInvalidFormat);
    row("100k brackets", QString(100000, u'[') + QStringLiteral("/a"),
        Code::ReferenceInvalidFormat);
    row("100k-character tag", QStringLiteral("a:") + QString(100000, u'a'),
        Code::ReferenceInvalidFormat);
    row("100k colons", QString(100000, u':'), Code::ReferenceInvalidFormat);
    row("100k ats", QString(100000, u'@'), Code::ReferenceInvalidFormat);
}

void TestImageReference::badInput()
{
    QFETCH(QString, input);
    QFETCH(int, code);

    const Result<ImageReference> parsed = ImageReference::parse(input);
    QVERIFY2(!parsed.ok(), qPrintable(parsed.ok() ? parsed->toString() : QString()));
    QCOMPARE(ParseError::codeName(parsed.error().code()), ParseError::codeName(Code(code)));

    using Parser = Result<ImageReference> (*)(QStringView);
    const QList<std::pair<const char *, Parser>> parsers{
        {"parse", &ImageReference::parse},
        {"parseExact", &ImageReference::parseExact},
        {"parseCanonical", &ImageReference::parseCanonical},
        {"parseAny", &ImageReference::parseAny},
        {"parseDockerRef", &ImageReference::parseDockerRef},
        {"withName", &ImageReference::withName},
    };
    for (const auto &[name, parser] : parsers) {
        const Result<ImageReference> result = parser(input);
        QVERIFY2(!result.ok(), name);
        const QString message = result.error().message();
        QVERIFY2(!message.isEmpty(), name);
        // One readable line, whatever the input held, and short even for huge input.
        QVERIFY2(!hasControlCharacters(message), qPrintable(message));
        QVERIFY2(message.size() < 600, qPrintable(message.left(600)));
        if (!input.isEmpty() && !hasControlCharacters(input))
            QVERIFY2(message.contains(u'"' + input.left(40)), qPrintable(message));
    }
}

void TestImageReference::messages_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::addRow("upper-case")
        << QStringLiteral("Foo/Bar:1")
        << QStringLiteral("invalid reference \"Foo/Bar:1\": repository name must be lower-case");
    QTest::addRow("long tag") << QStringLiteral("alpine:") + QString(129, u'x')
                              << QStringLiteral("is longer than 128 characters (it has 129)");
    QTest::addRow("long input is cut short")
        << QStringLiteral("a:") + QString(200, u'!')
        << QStringLiteral("invalid reference \"a:") + QString(78, u'!') + QStringLiteral("…\"");
    QTest::addRow("long path") << QStringLiteral("example.com/") + QString(256, u'a')
                               << QStringLiteral("256 characters long; at most 255");
    QTest::addRow("short digest") << QStringLiteral("alpine@sha256:abc")
                                  << QStringLiteral("sha256 needs 64 hex digits, found 3");
    QTest::addRow("unsupported digest") << QStringLiteral("alpine@md5:") + QString(32, u'a')
                                        << QStringLiteral("unsupported digest algorithm \"md5\"");
    QTest::addRow("URL") << QStringLiteral("https://github.com/docker/docker")
                         << QStringLiteral(
                                "this is a URL, not an image reference; leave out \"https://\"");
    QTest::addRow("host without path") << QStringLiteral("[::1]:5000")
                                       << QStringLiteral("is a registry host without a repository");
    QTest::addRow("bad component")
        << QStringLiteral("team/-app") << QStringLiteral("path component \"-app\" is not valid");
    QTest::addRow("bad host") << QStringLiteral("my_registry.com:5000/app")
                              << QStringLiteral(
                                     "registry host \"my_registry.com:5000\" is not valid");
    QTest::addRow("control character")
        << QStringLiteral("al\tpine")
        << QStringLiteral("\"al\\x09pine\": the name contains white space");
    QTest::addRow("image ID") << QString(64, u'a')
                              << QStringLiteral("an image ID, not a repository name");
    QTest::addRow("empty") << QString() << QStringLiteral("the name is empty");
    QTest::addRow("nothing before the tag")
        << QStringLiteral(":3") << QStringLiteral("no repository name before ':'");
}

void TestImageReference::messages()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const Result<ImageReference> parsed = ImageReference::parse(input);
    QVERIFY(!parsed.ok());
    QVERIFY2(parsed.error().message().contains(expected), qPrintable(parsed.error().message()));
}

void TestImageReference::canonicalAndNameOnlyMessages()
{
    const Result<ImageReference> notCanonical = ImageReference::parseCanonical(u"alpine:3");
    QCOMPARE(notCanonical.error().code(), Code::NameNotCanonical);
    QVERIFY(notCanonical.error().message().contains(u"\"docker.io/library/alpine:3\""));
    const Result<ImageReference> tagged = ImageReference::withName(u"example.com/repo:tag");
    QVERIFY(tagged.error().message().contains(u"cannot have a tag (\":tag\")"));
}

void TestImageReference::imageIdIsAmbiguous()
{
    const QString id
        = QStringLiteral("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821");
    QCOMPARE(ImageReference::parse(id).error().code(), Code::ReferenceInvalidFormat);
    QCOMPARE(ImageReference::parseDockerRef(id).error().code(), Code::ReferenceInvalidFormat);

    const Result<ImageReference> any = ImageReference::parseAny(id);
    QVERIFY(any.ok());
    QVERIFY(any->isDigestOnly());
    QCOMPARE(any->digest().toString(), QStringLiteral("sha256:") + id);
    QCOMPARE(any->name(), QString());
    QCOMPARE(any->dockerReference(), *any);

    // Outside the normalising parser it is just a name, as in distribution's Parse.
    QCOMPARE(ImageReference::parseExact(id)->path(), id);
    QCOMPARE(ImageReference::parse(QStringLiteral("docker.io/") + id)->path(),
             QStringLiteral("library/") + id);
    // A bare digest other than sha256 is digest-only too; a short one is a name and a tag.
    QVERIFY(
        ImageReference::parseAny(QStringLiteral("sha512:") + QString(128, u'0'))->isDigestOnly());
    QCOMPARE(ImageReference::parseAny(u"sha256:abc")->toString(),
             QStringLiteral("docker.io/library/sha256:abc"));
}

void TestImageReference::pathLimitCountsTheNormalisedPath()
{
    // 255 characters after "example.com/" are allowed; the domain does not count.
    const QString path255 = QString(255, u'a');
    QCOMPARE(ImageReference::parse(QStringLiteral("example.com/") + path255)->path(), path255);
    // "library/" is part of a Docker Hub path: 250 characters typed become 258.
    const Result<ImageReference> official = ImageReference::parse(QString(250, u'a'));
    QCOMPARE(official.error().code(), Code::NameTooLong);
    QVERIFY2(official.error().message().contains(u"258 characters"),
             qPrintable(official.error().message()));
    QCOMPARE(ImageReference::parseExact(QString(250, u'a'))->path(), QString(250, u'a'));
    // Row 194's name: parseExact() reads "a" as its domain, parse() puts it on Docker Hub.
    const QString name = QStringLiteral("a/").repeated(128) + u'a';
    QCOMPARE(ImageReference::parseExact(name)->domain(), QStringLiteral("a"));
    QCOMPARE(ImageReference::parse(name).error().code(), Code::NameTooLong);
}

void TestImageReference::equalityAndHash()
{
    const ImageReference alpine = *ImageReference::parse(u"alpine");
    const ImageReference same = *ImageReference::parse(u"docker.io/library/alpine");
    const ImageReference tagged = *ImageReference::parse(u"alpine:latest");
    QCOMPARE(alpine, same);
    QCOMPARE(qHash(alpine), qHash(same));
    QVERIFY(alpine != tagged);
    QCOMPARE(alpine.dockerReference(), tagged);
    QVERIFY2(*ImageReference::parseExact(u"alpine") != alpine,
             "a reference that is not normalised is a different value");

    QSet<ImageReference> set{alpine, same, tagged};
    QCOMPARE(set.size(), 2);

    ImageReference copy = tagged;
    QCOMPARE(copy, tagged);
    copy = alpine;
    QCOMPARE(copy.toString(), QStringLiteral("docker.io/library/alpine"));
    QCOMPARE(QVariant::fromValue(tagged).value<ImageReference>(), tagged);
}

void TestImageReference::nullReference()
{
    const ImageReference null;
    QVERIFY(null.isNull());
    QVERIFY(!null.isDigestOnly());
    QCOMPARE(null.toString(), QString());
    QCOMPARE(null.familiarString(), QString());
    QCOMPARE(null.registryHost(), QString());
    QVERIFY(null.digest().isNull());
    QCOMPARE(null.dockerReference(), null);
}

QTEST_GUILESS_MAIN(TestImageReference)
#include "tst_imagereference.moc"
