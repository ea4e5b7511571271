// layerscope-cli as a user runs it, against the harness's real registries. Every expectation
// comes from skopeo (an independent client reading the same registries) or from the harness's
// contract (what its pusher built), never from Layerscope's own code.

#include "harness.h"
#include "processrun.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTcpServer>
#include <QTest>

namespace {

// Resolving 310 tags or reading fifty layers takes seconds; a hang must still end the test.
constexpr int ProcessTimeoutMs = 180000;

const QStringList Commands = {
    QStringLiteral("catalog"),   QStringLiteral("tags"),   QStringLiteral("digest"),
    QStringLiteral("manifest"),  QStringLiteral("config"), QStringLiteral("inspect"),
    QStringLiteral("referrers"), QStringLiteral("verify"),
};

QString sha256(const QByteArray &bytes)
{
    return QStringLiteral("sha256:")
        + QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

// Output lines without the empty one after the final newline.
QStringList linesOf(const QByteArray &bytes)
{
    QStringList lines = QString::fromUtf8(bytes).split(u'\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

QJsonValue parseJson(const QByteArray &bytes, QString *problem)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        *problem = error.errorString() + QStringLiteral(" at ") + QString::number(error.offset);
        return {};
    }
    if (document.isArray())
        return document.array();
    return document.object();
}

QString platformText(const QJsonObject &platform)
{
    QString text
        = platform.value(u"os").toString() + u'/' + platform.value(u"architecture").toString();
    if (platform.contains(u"variant"))
        text += u'/' + platform.value(u"variant").toString();
    return text;
}

// skopeo's global options choosing one image of an index, as --platform does for the CLI.
QStringList skopeoOverride(const QJsonObject &platform)
{
    QStringList arguments{QStringLiteral("--override-os"), platform.value(u"os").toString(),
                          QStringLiteral("--override-arch"),
                          platform.value(u"architecture").toString()};
    if (platform.contains(u"variant"))
        arguments << QStringLiteral("--override-variant") << platform.value(u"variant").toString();
    return arguments;
}

// OS and architecture as skopeo reports them; 1.9.3 prints no variant.
QString skopeoPlatform(const QByteArray &inspectOutput)
{
    const QJsonObject info = QJsonDocument::fromJson(inspectOutput).object();
    return info.value(u"Os").toString() + u'/' + info.value(u"Architecture").toString();
}

QString withoutVariant(const QString &platform)
{
    return platform.section(u'/', 0, 1);
}

QStringList stringsOf(const QJsonArray &array)
{
    QStringList strings;
    for (const QJsonValue &value : array)
        strings.append(value.toString());
    return strings;
}

QStringList fieldOf(const QJsonArray &objects, QStringView field)
{
    QStringList values;
    for (const QJsonValue &value : objects)
        values.append(value.toObject().value(field).toString());
    return values;
}

const char *typeName(QJsonValue::Type type)
{
    switch (type) {
    case QJsonValue::Null:
        return "null";
    case QJsonValue::Bool:
        return "bool";
    case QJsonValue::Double:
        return "number";
    case QJsonValue::String:
        return "string";
    case QJsonValue::Array:
        return "array";
    case QJsonValue::Object:
        return "object";
    case QJsonValue::Undefined:
        break;
    }
    return "missing";
}

// Empty when \a object has exactly the documented \a fields, each of its type; otherwise what
// differs. Extra fields count too: the JSON is an interface scripts rely on.
QString schemaProblems(const QString &where, const QJsonObject &object,
                       const QList<std::pair<QString, QJsonValue::Type>> &fields)
{
    QStringList problems;
    QSet<QString> documented;
    for (const auto &[name, type] : fields) {
        documented.insert(name);
        const QJsonValue value = object.value(name);
        if (value.type() != type) {
            problems.append(QStringLiteral("%1.%2 is %3, not %4")
                                .arg(where, name, QLatin1StringView(typeName(value.type())),
                                     QLatin1StringView(typeName(type))));
        }
    }
    for (const QString &key : object.keys()) {
        if (!documented.contains(key))
            problems.append(QStringLiteral("%1.%2 is not documented").arg(where, key));
    }
    return problems.join(u"; ");
}

// The image of a fixture for a platform ("linux/arm64/v8").
QJsonObject fixtureImage(const QJsonObject &fixture, const QString &platform)
{
    for (const QJsonValue &value : fixture.value(u"images").toArray()) {
        if (platformText(value.toObject().value(u"platform").toObject()) == platform)
            return value.toObject();
    }
    return {};
}

bool isImageFixture(const QJsonObject &fixture)
{
    const QString kind = fixture.value(u"kind").toString();
    return kind == u"image" || kind == u"index" || kind == u"manifestList";
}

bool isIndexFixture(const QJsonObject &fixture)
{
    const QString kind = fixture.value(u"kind").toString();
    return kind == u"index" || kind == u"manifestList";
}

// One row per tag and one by digest for every image, index and list on every registry; the
// token registry's public image anonymously (as anyone may pull it) and the TLS image once
// more with --insecure instead of its CA.
void addReferenceRows()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("reference");
    QTest::addColumn<bool>("anonymous");
    QTest::addColumn<bool>("insecure");
    const QJsonObject fixtures = Harness::contract().value(u"fixtures").toObject();
    for (auto it = fixtures.constBegin(); it != fixtures.constEnd(); ++it) {
        const QJsonObject fixture = it.value().toObject();
        if (!isImageFixture(fixture))
            continue;
        const QString id = it.key();
        const bool anonymous = id == u"tokenPublicImage";
        const QString repository = Harness::hostPort(fixture.value(u"registry").toString()) + u'/'
            + fixture.value(u"repository").toString();
        for (const QJsonValue &tag : fixture.value(u"tags").toArray()) {
            QTest::addRow("%s:%s", qPrintable(id), qPrintable(tag.toString()))
                << id << repository + u':' + tag.toString() << anonymous << false;
        }
        QTest::addRow("%s@digest", qPrintable(id))
            << id << fixture.value(u"digestReference").toString() << anonymous << false;
        if (fixture.value(u"registry").toString() == u"tls") {
            QTest::addRow("%s:%s --insecure", qPrintable(id),
                          qPrintable(fixture.value(u"tags").toArray().first().toString()))
                << id << fixture.value(u"reference").toString() << anonymous << true;
        }
    }
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    void inspectAgreesWithSkopeo_data() { addReferenceRows(); }
    void inspectAgreesWithSkopeo();
    void manifestAndConfigBytes_data() { addReferenceRows(); }
    void manifestAndConfigBytes();
    void platformBytes_data();
    void platformBytes();
    void digestOfReference_data() { addReferenceRows(); }
    void digestOfReference();

    void catalogOfOpenRegistry();
    void tagsOfManyTags();
    void tagsWithDigests();
    void tagsResolvedAsJson();

    void inspectJsonSchema_data();
    void inspectJsonSchema();

    void referrersOfOciImage();
    void referrersOfImageWithout();

    void verifyLayers_data();
    void verifyLayers();
    void verifyTruncatedLayer();

    void registryFailures_data();
    void registryFailures();
    void passwordFromStdin_data();
    void passwordFromStdin();
    void usageErrors_data();
    void usageErrors();
    void helpForEveryCommand_data();
    void helpForEveryCommand();
    void helpListsEveryCommand();

private:
    // How to reach a registry: the CLI's global options and stdin, skopeo's options.
    struct Access
    {
        QStringList cli;
        QByteArray input;
        QStringList skopeo;
    };
    Access accessTo(const QString &mode, bool anonymous, bool insecure) const;

    ProcessRun cli(const QStringList &arguments, const QByteArray &input = {});
    ProcessRun skopeo(const Access &access, const QStringList &flags, const QString &reference,
                      const QStringList &globalOptions = {});

    QStringList m_secrets; // every password the harness holds; none may reach the output
    QStringList m_leaks;
};

void TestCli::initTestCase()
{
    QVERIFY2(Harness::available(), "the harness is not running (LAYERSCOPE_HARNESS)");
    QVERIFY2(QFile::exists(QStringLiteral(LAYERSCOPE_CLI)), LAYERSCOPE_CLI);
    const ProcessRun version
        = runProcess(QStringLiteral("skopeo"), {QStringLiteral("--version")}, {});
    QVERIFY2(version.succeeded(), qPrintable(version.describe(QStringLiteral("skopeo"))));
    qInfo("peer: %s", version.out.trimmed().constData());

    const QJsonObject registries = Harness::contract().value(u"registries").toObject();
    for (const QJsonValue &registry : registries) {
        const QString password
            = registry.toObject().value(u"credentials").toObject().value(u"password").toString();
        if (!password.isEmpty())
            m_secrets.append(password);
    }
    QVERIFY(!m_secrets.isEmpty());
}

void TestCli::cleanup()
{
    // Checked after every test row, so whichever command printed a password is named once.
    const QStringList leaks = std::exchange(m_leaks, {});
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u"\n")));
}

TestCli::Access TestCli::accessTo(const QString &mode, bool anonymous, bool insecure) const
{
    const QJsonObject registry = Harness::registry(mode);
    Access access;
    const QJsonObject credentials = registry.value(u"credentials").toObject();
    if (!credentials.isEmpty() && !anonymous) {
        const QString username = credentials.value(u"username").toString();
        const QString password = credentials.value(u"password").toString();
        access.cli << QStringLiteral("--username") << username
                   << QStringLiteral("--password-stdin");
        access.input = password.toUtf8() + '\n';
        access.skopeo << QStringLiteral("--creds=%1:%2").arg(username, password);
    }
    if (registry.value(u"scheme").toString() == u"https") {
        if (insecure) {
            access.cli << QStringLiteral("--insecure");
            access.skopeo << QStringLiteral("--tls-verify=false");
        } else {
            access.cli << QStringLiteral("--ca-file") << registry.value(u"caFile").toString();
            access.skopeo << QStringLiteral("--cert-dir")
                          << registry.value(u"certificate").toObject().value(u"certDir").toString();
        }
    } else {
        // skopeo tries HTTPS only unless told; the CLI falls back to HTTP on loopback by itself.
        access.skopeo << QStringLiteral("--tls-verify=false");
    }
    return access;
}

ProcessRun TestCli::cli(const QStringList &arguments, const QByteArray &input)
{
    const ProcessRun run = runProcess(QStringLiteral(LAYERSCOPE_CLI), arguments, input);
    QStringList secrets = m_secrets;
    const QString given = QString::fromUtf8(input).trimmed();
    if (!given.isEmpty())
        secrets.append(given);
    for (const QString &secret : std::as_const(secrets)) {
        const QByteArray bytes = secret.toUtf8();
        if (run.err.contains(bytes) || run.out.contains(bytes)) {
            m_leaks.append(
                QStringLiteral("layerscope-cli %1 printed a password").arg(arguments.join(u' ')));
        }
    }
    return run;
}

ProcessRun TestCli::skopeo(const Access &access, const QStringList &flags, const QString &reference,
                           const QStringList &globalOptions)
{
    const QStringList arguments = globalOptions + QStringList{QStringLiteral("inspect")}
        + access.skopeo + flags + QStringList{QStringLiteral("docker://") + reference};
    return runProcess(QStringLiteral("skopeo"), arguments);
}

void TestCli::inspectAgreesWithSkopeo()
{
    QFETCH(QString, fixture);
    QFETCH(QString, reference);
    QFETCH(bool, anonymous);
    QFETCH(bool, insecure);
    const QJsonObject expected = Harness::fixture(fixture);
    const QString mode = expected.value(u"registry").toString();
    const Access access = accessTo(mode, anonymous, insecure);
    const QString expectedDigest = expected.value(u"digest").toString();

    const ProcessRun inspect = cli(
        access.cli + QStringList{QStringLiteral("inspect"), QStringLiteral("--json"), reference},
        access.input);
    QVERIFY2(inspect.succeeded(), qPrintable(inspect.describe(QStringLiteral("inspect"))));
    QString problem;
    const QJsonObject report = parseJson(inspect.out, &problem).toObject();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    const ProcessRun raw = skopeo(access, {QStringLiteral("--raw")}, reference);
    QVERIFY2(raw.succeeded(), qPrintable(raw.describe(QStringLiteral("skopeo --raw"))));
    QCOMPARE(report.value(u"digest").toString(), sha256(raw.out));
    QCOMPARE(report.value(u"digest").toString(), expectedDigest);
    QCOMPARE(report.value(u"mediaType").toString(),
             parseJson(raw.out, &problem).toObject().value(u"mediaType").toString());
    QCOMPARE(report.value(u"size").toInteger(), raw.out.size());

    // skopeo 1.9.3 reports the index's digest for an index, too.
    const ProcessRun info = skopeo(access, {}, reference);
    QVERIFY2(info.succeeded(), qPrintable(info.describe(QStringLiteral("skopeo inspect"))));
    QCOMPARE(parseJson(info.out, &problem).toObject().value(u"Digest").toString(),
             report.value(u"digest").toString());

    const QJsonArray images = report.value(u"images").toArray();
    QCOMPARE(images.size(), expected.value(u"images").toArray().size());

    if (!isIndexFixture(expected)) {
        const QJsonObject image = images.first().toObject();
        const QJsonObject want = expected.value(u"images").toArray().first().toObject();
        const QJsonArray layers = image.value(u"layers").toArray();
        QCOMPARE(image.value(u"digest").toString(), expectedDigest);
        QCOMPARE(fieldOf(layers, u"digest"),
                 stringsOf(parseJson(info.out, &problem).toObject().value(u"Layers").toArray()));
        QCOMPARE(fieldOf(layers, u"digest"), fieldOf(want.value(u"layers").toArray(), u"digest"));
        QCOMPARE(skopeoPlatform(info.out), withoutVariant(image.value(u"platform").toString()));

        const ProcessRun config
            = skopeo(access, {QStringLiteral("--config"), QStringLiteral("--raw")}, reference);
        QVERIFY2(config.succeeded(), qPrintable(config.describe(QStringLiteral("skopeo config"))));
        QCOMPARE(image.value(u"configDigest").toString(), sha256(config.out));
        QCOMPARE(image.value(u"configDigest").toString(), want.value(u"configDigest").toString());
        const QJsonObject rootfs
            = parseJson(config.out, &problem).toObject().value(u"rootfs").toObject();
        QCOMPARE(fieldOf(layers, u"diffId"), stringsOf(rootfs.value(u"diff_ids").toArray()));
        return;
    }

    // The index entries as skopeo read them, attestations included.
    const QJsonArray rawEntries
        = parseJson(raw.out, &problem).toObject().value(u"manifests").toArray();
    const QJsonArray entries = report.value(u"manifests").toArray();
    QCOMPARE(entries.size(), rawEntries.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject entry = entries.at(i).toObject();
        const QJsonObject rawEntry = rawEntries.at(i).toObject();
        QCOMPARE(entry.value(u"digest").toString(), rawEntry.value(u"digest").toString());
        QCOMPARE(entry.value(u"mediaType").toString(), rawEntry.value(u"mediaType").toString());
        QCOMPARE(entry.value(u"size").toInteger(), rawEntry.value(u"size").toInteger());
        QCOMPARE(entry.value(u"platform").toString(),
                 platformText(rawEntry.value(u"platform").toObject()));
    }

    const QString repository
        = Harness::hostPort(mode) + u'/' + expected.value(u"repository").toString();
    for (const QJsonValue &value : images) {
        const QJsonObject image = value.toObject();
        const QString platform = image.value(u"platform").toString();
        const QJsonObject want = fixtureImage(expected, platform);
        QVERIFY2(!want.isEmpty(), qPrintable(platform));
        const QStringList override = skopeoOverride(want.value(u"platform").toObject());
        const QStringList layers = fieldOf(image.value(u"layers").toArray(), u"digest");
        QCOMPARE(image.value(u"digest").toString(), want.value(u"manifestDigest").toString());
        QCOMPARE(layers, fieldOf(want.value(u"layers").toArray(), u"digest"));

        // The platform's manifest by digest: skopeo names it and lists its layers.
        const ProcessRun byDigest
            = skopeo(access, {}, repository + u'@' + image.value(u"digest").toString(), override);
        QVERIFY2(byDigest.succeeded(), qPrintable(byDigest.describe(platform)));
        const QJsonObject byDigestInfo = parseJson(byDigest.out, &problem).toObject();
        QCOMPARE(byDigestInfo.value(u"Digest").toString(), image.value(u"digest").toString());
        QCOMPARE(stringsOf(byDigestInfo.value(u"Layers").toArray()), layers);
        QCOMPARE(skopeoPlatform(byDigest.out), withoutVariant(platform));

        // skopeo choosing the platform from the index itself picks the same image.
        const ProcessRun chosen = skopeo(access, {}, reference, override);
        QVERIFY2(chosen.succeeded(), qPrintable(chosen.describe(platform)));
        QCOMPARE(stringsOf(parseJson(chosen.out, &problem).toObject().value(u"Layers").toArray()),
                 layers);
        QCOMPARE(skopeoPlatform(chosen.out), withoutVariant(platform));
        // For an index, skopeo 1.9.3 names the index even when it chose a platform.
        QCOMPARE(QJsonDocument::fromJson(chosen.out).object().value(u"Digest").toString(),
                 report.value(u"digest").toString());

        const ProcessRun config = skopeo(
            access, {QStringLiteral("--config"), QStringLiteral("--raw")}, reference, override);
        QVERIFY2(config.succeeded(), qPrintable(config.describe(platform)));
        QCOMPARE(image.value(u"configDigest").toString(), sha256(config.out));
        QCOMPARE(image.value(u"configDigest").toString(), want.value(u"configDigest").toString());
    }
}

void TestCli::manifestAndConfigBytes()
{
    QFETCH(QString, fixture);
    QFETCH(QString, reference);
    QFETCH(bool, anonymous);
    QFETCH(bool, insecure);
    const Access access
        = accessTo(Harness::fixture(fixture).value(u"registry").toString(), anonymous, insecure);

    const ProcessRun manifest
        = cli(access.cli + QStringList{QStringLiteral("manifest"), reference}, access.input);
    QVERIFY2(manifest.succeeded(), qPrintable(manifest.describe(QStringLiteral("manifest"))));
    const ProcessRun raw = skopeo(access, {QStringLiteral("--raw")}, reference);
    QVERIFY2(raw.succeeded(), qPrintable(raw.describe(QStringLiteral("skopeo --raw"))));
    QCOMPARE(manifest.out, raw.out);
    QVERIFY(manifest.err.isEmpty());

    // Without --platform both read the host's image of an index (linux/amd64 here).
    const ProcessRun config
        = cli(access.cli + QStringList{QStringLiteral("config"), reference}, access.input);
    QVERIFY2(config.succeeded(), qPrintable(config.describe(QStringLiteral("config"))));
    const ProcessRun rawConfig
        = skopeo(access, {QStringLiteral("--config"), QStringLiteral("--raw")}, reference);
    QVERIFY2(rawConfig.succeeded(), qPrintable(rawConfig.describe(QStringLiteral("skopeo"))));
    QCOMPARE(config.out, rawConfig.out);
}

void TestCli::platformBytes_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QJsonObject>("image");
    for (const QString &id : {QStringLiteral("ociIndex"), QStringLiteral("dockerList")}) {
        for (const QJsonValue &image : Harness::fixture(id).value(u"images").toArray()) {
            QTest::addRow("%s %s", qPrintable(id),
                          qPrintable(platformText(image.toObject().value(u"platform").toObject())))
                << id << image.toObject();
        }
    }
}

void TestCli::platformBytes()
{
    QFETCH(QString, fixture);
    QFETCH(QJsonObject, image);
    const QJsonObject expected = Harness::fixture(fixture);
    const Access access = accessTo(expected.value(u"registry").toString(), false, false);
    const QString reference = expected.value(u"reference").toString();
    const QString platform = platformText(image.value(u"platform").toObject());
    const QString repository = Harness::hostPort(expected.value(u"registry").toString()) + u'/'
        + expected.value(u"repository").toString();

    const ProcessRun manifest
        = cli({QStringLiteral("manifest"), QStringLiteral("--platform"), platform, reference});
    QVERIFY2(manifest.succeeded(), qPrintable(manifest.describe(QStringLiteral("manifest"))));
    const ProcessRun raw = skopeo(access, {QStringLiteral("--raw")},
                                  repository + u'@' + image.value(u"manifestDigest").toString());
    QVERIFY2(raw.succeeded(), qPrintable(raw.describe(QStringLiteral("skopeo --raw"))));
    QCOMPARE(manifest.out, raw.out);
    QCOMPARE(sha256(manifest.out), image.value(u"manifestDigest").toString());

    const ProcessRun config
        = cli({QStringLiteral("config"), QStringLiteral("--platform"), platform, reference});
    QVERIFY2(config.succeeded(), qPrintable(config.describe(QStringLiteral("config"))));
    const ProcessRun rawConfig
        = skopeo(access, {QStringLiteral("--config"), QStringLiteral("--raw")}, reference,
                 skopeoOverride(image.value(u"platform").toObject()));
    QVERIFY2(rawConfig.succeeded(), qPrintable(rawConfig.describe(QStringLiteral("skopeo"))));
    QCOMPARE(config.out, rawConfig.out);
    QCOMPARE(sha256(config.out), image.value(u"configDigest").toString());
}

void TestCli::digestOfReference()
{
    QFETCH(QString, fixture);
    QFETCH(QString, reference);
    QFETCH(bool, anonymous);
    QFETCH(bool, insecure);
    const QJsonObject expected = Harness::fixture(fixture);
    const Access access = accessTo(expected.value(u"registry").toString(), anonymous, insecure);
    const ProcessRun digest
        = cli(access.cli + QStringList{QStringLiteral("digest"), reference}, access.input);
    QVERIFY2(digest.succeeded(), qPrintable(digest.describe(QStringLiteral("digest"))));
    QCOMPARE(QString::fromUtf8(digest.out), expected.value(u"digest").toString() + u'\n');
    QVERIFY(digest.err.isEmpty());
}

void TestCli::catalogOfOpenRegistry()
{
    const ProcessRun catalog
        = cli({QStringLiteral("catalog"), Harness::hostPort(QStringLiteral("open"))});
    QVERIFY2(catalog.succeeded(), qPrintable(catalog.describe(QStringLiteral("catalog"))));
    const QJsonObject expected = Harness::contract().value(u"catalog").toObject();
    const QStringList lines = linesOf(catalog.out);
    QCOMPARE(lines.size(), 273);
    QCOMPARE(lines.size(), expected.value(u"count").toInt());
    QCOMPARE(lines, stringsOf(expected.value(u"repositories").toArray()));
    QVERIFY(catalog.err.isEmpty());
}

void TestCli::tagsOfManyTags()
{
    const QJsonObject fixture = Harness::fixture(QStringLiteral("manyTags"));
    const QString repository = Harness::hostPort(QStringLiteral("open")) + u'/'
        + fixture.value(u"repository").toString();
    QStringList expected = fixture.value(u"tagDigests").toObject().keys();
    expected.sort();

    const ProcessRun tags = cli({QStringLiteral("tags"), repository});
    QVERIFY2(tags.succeeded(), qPrintable(tags.describe(QStringLiteral("tags"))));
    QStringList lines = linesOf(tags.out);
    QCOMPARE(lines.size(), 310);
    lines.sort();
    QCOMPARE(lines, expected);

    const ProcessRun json = cli({QStringLiteral("tags"), QStringLiteral("--json"), repository});
    QVERIFY2(json.succeeded(), qPrintable(json.describe(QStringLiteral("tags --json"))));
    QString problem;
    QStringList listed = stringsOf(parseJson(json.out, &problem).toArray());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    listed.sort();
    QCOMPARE(listed, expected);
}

void TestCli::tagsWithDigests()
{
    const QJsonObject fixture = Harness::fixture(QStringLiteral("manyTags"));
    const QJsonObject tagDigests = fixture.value(u"tagDigests").toObject();
    const ProcessRun tags = cli({QStringLiteral("tags"), QStringLiteral("--digests"),
                                 Harness::hostPort(QStringLiteral("open")) + u'/'
                                     + fixture.value(u"repository").toString()});
    QVERIFY2(tags.succeeded(), qPrintable(tags.describe(QStringLiteral("tags --digests"))));
    const QStringList lines = linesOf(tags.out);
    QCOMPARE(lines.size(), 310);
    QSet<QString> seen;
    for (const QString &line : lines) {
        const QStringList fields = line.split(u' ');
        QCOMPARE(fields.size(), 2);
        QVERIFY2(tagDigests.contains(fields.at(0)), qPrintable(line));
        QCOMPARE(fields.at(1), tagDigests.value(fields.at(0)).toString());
        seen.insert(fields.at(0));
    }
    QCOMPARE(seen.size(), 310);
    QVERIFY(tags.err.isEmpty());
}

void TestCli::tagsResolvedAsJson()
{
    const QJsonObject fixture = Harness::fixture(QStringLiteral("manyTags"));
    const QJsonObject tagDigests = fixture.value(u"tagDigests").toObject();
    QHash<QString, QJsonObject> images;
    for (const QJsonValue &value : fixture.value(u"images").toArray())
        images.insert(value.toObject().value(u"manifestDigest").toString(), value.toObject());

    const ProcessRun tags
        = cli({QStringLiteral("tags"), QStringLiteral("--resolve"), QStringLiteral("--json"),
               Harness::hostPort(QStringLiteral("open")) + u'/'
                   + fixture.value(u"repository").toString()});
    QVERIFY2(tags.succeeded(), qPrintable(tags.describe(QStringLiteral("tags --resolve"))));
    QString problem;
    const QJsonArray array = parseJson(tags.out, &problem).toArray();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(array.size(), 310);
    QSet<QString> seen;
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        const QString tag = object.value(u"tag").toString();
        const QString schema
            = schemaProblems(tag, object,
                             {{QStringLiteral("tag"), QJsonValue::String},
                              {QStringLiteral("digest"), QJsonValue::String},
                              {QStringLiteral("mediaType"), QJsonValue::String},
                              {QStringLiteral("platforms"), QJsonValue::Array},
                              {QStringLiteral("compressedSize"), QJsonValue::Double},
                              {QStringLiteral("created"), QJsonValue::String}});
        QVERIFY2(schema.isEmpty(), qPrintable(schema));
        QCOMPARE(object.value(u"digest").toString(), tagDigests.value(tag).toString());
        const QJsonObject image = images.value(object.value(u"digest").toString());
        QVERIFY2(!image.isEmpty(), qPrintable(tag));
        QCOMPARE(object.value(u"mediaType").toString(),
                 image.value(u"manifestMediaType").toString());
        QCOMPARE(stringsOf(object.value(u"platforms").toArray()),
                 QStringList{platformText(image.value(u"platform").toObject())});
        QCOMPARE(object.value(u"compressedSize").toInteger(),
                 image.value(u"totalLayerSize").toInteger());
        QCOMPARE(object.value(u"created").toString(), image.value(u"created").toString());
        seen.insert(tag);
    }
    QCOMPARE(seen.size(), 310);
}

void TestCli::inspectJsonSchema_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<bool>("byDigest");
    for (const QString &id :
         {QStringLiteral("dockerImage"), QStringLiteral("ociImage"), QStringLiteral("ociIndex"),
          QStringLiteral("dockerList"), QStringLiteral("fiftyLayers"), QStringLiteral("zstdLayer"),
          QStringLiteral("uncompressedLayer"), QStringLiteral("nested")}) {
        QTest::addRow("%s by tag", qPrintable(id)) << id << false;
        QTest::addRow("%s by digest", qPrintable(id)) << id << true;
    }
}

void TestCli::inspectJsonSchema()
{
    QFETCH(QString, fixture);
    QFETCH(bool, byDigest);
    const QJsonObject expected = Harness::fixture(fixture);
    const QString reference
        = expected.value(byDigest ? u"digestReference" : u"reference").toString();
    const ProcessRun inspect
        = cli({QStringLiteral("inspect"), QStringLiteral("--json"), reference});
    QVERIFY2(inspect.succeeded(), qPrintable(inspect.describe(QStringLiteral("inspect"))));
    QString problem;
    const QJsonObject report = parseJson(inspect.out, &problem).toObject();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    QString schema
        = schemaProblems(QStringLiteral("report"), report,
                         {{QStringLiteral("reference"), QJsonValue::String},
                          {QStringLiteral("registry"), QJsonValue::String},
                          {QStringLiteral("repository"), QJsonValue::String},
                          {QStringLiteral("tag"), byDigest ? QJsonValue::Null : QJsonValue::String},
                          {QStringLiteral("digest"), QJsonValue::String},
                          {QStringLiteral("mediaType"), QJsonValue::String},
                          {QStringLiteral("size"), QJsonValue::Double},
                          {QStringLiteral("manifests"), QJsonValue::Array},
                          {QStringLiteral("images"), QJsonValue::Array}});
    QVERIFY2(schema.isEmpty(), qPrintable(schema));
    QCOMPARE(report.value(u"registry").toString(), Harness::hostPort(QStringLiteral("open")));
    QCOMPARE(report.value(u"repository").toString(), expected.value(u"repository").toString());
    if (!byDigest)
        QCOMPARE(report.value(u"tag").toString(),
                 expected.value(u"tags").toArray().first().toString());
    QCOMPARE(report.value(u"digest").toString(), expected.value(u"digest").toString());
    QCOMPARE(report.value(u"mediaType").toString(), expected.value(u"mediaType").toString());
    QCOMPARE(report.value(u"size").toInteger(), expected.value(u"size").toInteger());

    const QJsonArray entries = report.value(u"manifests").toArray();
    const QJsonArray pushedEntries = expected.value(u"manifests").toArray();
    QCOMPARE(entries.size(), pushedEntries.size()); // none for a single image
    int imageEntries = 0;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject entry = entries.at(i).toObject();
        schema = schemaProblems(QStringLiteral("manifests[%1]").arg(i), entry,
                                {{QStringLiteral("digest"), QJsonValue::String},
                                 {QStringLiteral("mediaType"), QJsonValue::String},
                                 {QStringLiteral("size"), QJsonValue::Double},
                                 {QStringLiteral("platform"), QJsonValue::String},
                                 {QStringLiteral("kind"), QJsonValue::String},
                                 {QStringLiteral("annotations"), QJsonValue::Object}});
        QVERIFY2(schema.isEmpty(), qPrintable(schema));
        const QJsonObject pushed = pushedEntries.at(i).toObject();
        const bool attestation
            = pushed.value(u"annotations").toObject().value(u"vnd.docker.reference.type").toString()
            == u"attestation-manifest";
        QCOMPARE(entry.value(u"kind").toString(),
                 attestation ? QStringLiteral("attestation") : QStringLiteral("image"));
        QCOMPARE(entry.value(u"annotations").toObject(), pushed.value(u"annotations").toObject());
        if (!attestation)
            ++imageEntries;
    }

    const QJsonArray images = report.value(u"images").toArray();
    const QJsonArray wanted = expected.value(u"images").toArray();
    QCOMPARE(images.size(), wanted.size());
    if (!entries.isEmpty())
        QCOMPARE(images.size(), imageEntries); // one per platform, attestations left out
    for (qsizetype i = 0; i < images.size(); ++i) {
        const QJsonObject image = images.at(i).toObject();
        const QString where = QStringLiteral("images[%1]").arg(i);
        schema = schemaProblems(where, image,
                                {{QStringLiteral("platform"), QJsonValue::String},
                                 {QStringLiteral("digest"), QJsonValue::String},
                                 {QStringLiteral("mediaType"), QJsonValue::String},
                                 {QStringLiteral("size"), QJsonValue::Double},
                                 {QStringLiteral("configDigest"), QJsonValue::String},
                                 {QStringLiteral("imageId"), QJsonValue::String},
                                 {QStringLiteral("created"), QJsonValue::String},
                                 {QStringLiteral("compressedSize"), QJsonValue::Double},
                                 {QStringLiteral("layers"), QJsonValue::Array},
                                 {QStringLiteral("history"), QJsonValue::Array}});
        QVERIFY2(schema.isEmpty(), qPrintable(schema));
        const QJsonObject want = fixtureImage(expected, image.value(u"platform").toString());
        QVERIFY2(!want.isEmpty(), qPrintable(image.value(u"platform").toString()));
        QCOMPARE(image.value(u"digest").toString(), want.value(u"manifestDigest").toString());
        QCOMPARE(image.value(u"mediaType").toString(), want.value(u"manifestMediaType").toString());
        QCOMPARE(image.value(u"size").toInteger(), want.value(u"manifestSize").toInteger());
        QCOMPARE(image.value(u"configDigest").toString(), want.value(u"configDigest").toString());
        // docker's short image ID is the first 12 hex digits of the config digest.
        QVERIFY(image.value(u"imageId")
                    .toString()
                    .startsWith(QStringLiteral("sha256:") + want.value(u"imageId").toString()));
        QCOMPARE(image.value(u"created").toString(), want.value(u"created").toString());
        QCOMPARE(image.value(u"compressedSize").toInteger(),
                 want.value(u"totalLayerSize").toInteger());

        const QJsonArray layers = image.value(u"layers").toArray();
        const QJsonArray wantedLayers = want.value(u"layers").toArray();
        QCOMPARE(layers.size(), want.value(u"layerCount").toInt());
        for (qsizetype l = 0; l < layers.size(); ++l) {
            const QJsonObject layer = layers.at(l).toObject();
            schema = schemaProblems(where + QStringLiteral(".layers[%1]").arg(l), layer,
                                    {{QStringLiteral("digest"), QJsonValue::String},
                                     {QStringLiteral("size"), QJsonValue::Double},
                                     {QStringLiteral("mediaType"), QJsonValue::String},
                                     {QStringLiteral("diffId"), QJsonValue::String}});
            QVERIFY2(schema.isEmpty(), qPrintable(schema));
            const QJsonObject wantLayer = wantedLayers.at(l).toObject();
            QCOMPARE(layer.value(u"digest").toString(), wantLayer.value(u"digest").toString());
            QCOMPARE(layer.value(u"size").toInteger(), wantLayer.value(u"size").toInteger());
            QCOMPARE(layer.value(u"mediaType").toString(),
                     wantLayer.value(u"mediaType").toString());
            QCOMPARE(layer.value(u"diffId").toString(), wantLayer.value(u"diffId").toString());
        }

        const QJsonArray history = image.value(u"history").toArray();
        QCOMPARE(history.size(), want.value(u"historyCount").toInt());
        int empty = 0;
        for (qsizetype h = 0; h < history.size(); ++h) {
            const QJsonObject step = history.at(h).toObject();
            schema = schemaProblems(where + QStringLiteral(".history[%1]").arg(h), step,
                                    {{QStringLiteral("created"), QJsonValue::String},
                                     {QStringLiteral("createdBy"), QJsonValue::String},
                                     {QStringLiteral("emptyLayer"), QJsonValue::Bool}});
            QVERIFY2(schema.isEmpty(), qPrintable(schema));
            if (step.value(u"emptyLayer").toBool())
                ++empty;
        }
        QCOMPARE(empty, want.value(u"emptyLayerHistoryCount").toInt());
        // Every step that is not empty made exactly one layer.
        QCOMPARE(history.size() - empty, layers.size());
    }
}

void TestCli::referrersOfOciImage()
{
    const QJsonObject subject = Harness::fixture(QStringLiteral("ociImage"));
    const QJsonObject artifact = Harness::fixture(QStringLiteral("artifact"));
    for (const QString &reference :
         {subject.value(u"reference").toString(), subject.value(u"digestReference").toString()}) {
        const ProcessRun referrers
            = cli({QStringLiteral("referrers"), QStringLiteral("--json"), reference});
        QVERIFY2(referrers.succeeded(), qPrintable(referrers.describe(reference)));
        QString problem;
        const QJsonArray array = parseJson(referrers.out, &problem).toArray();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(array.size(), 1);
        const QJsonObject found = array.first().toObject();
        const QString schema
            = schemaProblems(QStringLiteral("referrers[0]"), found,
                             {{QStringLiteral("digest"), QJsonValue::String},
                              {QStringLiteral("mediaType"), QJsonValue::String},
                              {QStringLiteral("artifactType"), QJsonValue::String},
                              {QStringLiteral("size"), QJsonValue::Double},
                              {QStringLiteral("annotations"), QJsonValue::Object}});
        QVERIFY2(schema.isEmpty(), qPrintable(schema));
        QCOMPARE(found.value(u"digest").toString(), artifact.value(u"digest").toString());
        QCOMPARE(found.value(u"mediaType").toString(), artifact.value(u"mediaType").toString());
        QCOMPARE(found.value(u"artifactType").toString(),
                 artifact.value(u"artifactType").toString());
        QCOMPARE(found.value(u"size").toInteger(), artifact.value(u"size").toInteger());
        QCOMPARE(found.value(u"annotations").toObject(), artifact.value(u"annotations").toObject());
    }

    // The text form: DIGEST ARTIFACT-TYPE MEDIA-TYPE SIZE.
    const ProcessRun text
        = cli({QStringLiteral("referrers"), subject.value(u"reference").toString()});
    QVERIFY2(text.succeeded(), qPrintable(text.describe(QStringLiteral("referrers"))));
    const QString expectedLine = QStringList{artifact.value(u"digest").toString(),
                                             artifact.value(u"artifactType").toString(),
                                             artifact.value(u"mediaType").toString(),
                                             QString::number(artifact.value(u"size").toInteger())}
                                     .join(u' ');
    QCOMPARE(linesOf(text.out), QStringList{expectedLine});
}

void TestCli::referrersOfImageWithout()
{
    const QString reference
        = Harness::fixture(QStringLiteral("dockerImage")).value(u"reference").toString();
    const ProcessRun json = cli({QStringLiteral("referrers"), QStringLiteral("--json"), reference});
    QVERIFY2(json.succeeded(), qPrintable(json.describe(QStringLiteral("referrers --json"))));
    QString problem;
    const QJsonValue array = parseJson(json.out, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(array.isArray());
    QVERIFY(array.toArray().isEmpty());
    QVERIFY(json.err.isEmpty());

    const ProcessRun text = cli({QStringLiteral("referrers"), reference});
    QVERIFY2(text.succeeded(), qPrintable(text.describe(QStringLiteral("referrers"))));
    QVERIFY(text.out.isEmpty());
}

void TestCli::verifyLayers_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addRow("gzip") << QStringLiteral("dockerImage");
    QTest::addRow("zstd") << QStringLiteral("zstdLayer");
    QTest::addRow("uncompressed") << QStringLiteral("uncompressedLayer");
}

void TestCli::verifyLayers()
{
    QFETCH(QString, fixture);
    const QJsonObject expected = Harness::fixture(fixture);
    const QJsonArray layers
        = expected.value(u"images").toArray().first().toObject().value(u"layers").toArray();
    const ProcessRun verify
        = cli({QStringLiteral("verify"), expected.value(u"reference").toString()});
    QVERIFY2(verify.succeeded(), qPrintable(verify.describe(QStringLiteral("verify"))));
    QVERIFY(verify.err.isEmpty());

    QStringList layerLines;
    for (const QString &line : linesOf(verify.out)) {
        if (line.startsWith(u"layer "))
            layerLines.append(line);
    }
    QCOMPARE(layerLines.size(), layers.size());
    for (qsizetype i = 0; i < layers.size(); ++i) {
        const QJsonObject layer = layers.at(i).toObject();
        const QString &line = layerLines.at(i);
        QVERIFY2(line.startsWith(QStringLiteral("layer %1 ").arg(i + 1)), qPrintable(line));
        QVERIFY2(line.contains(layer.value(u"digest").toString() + QStringLiteral(" OK")),
                 qPrintable(line));
        QVERIFY2(line.contains(layer.value(u"diffId").toString() + QStringLiteral(" OK")),
                 qPrintable(line));
        QVERIFY2(!line.contains(u"FAIL"), qPrintable(line));
    }
    QCOMPARE(linesOf(verify.out).constLast(),
             layers.size() == 1 ? QStringLiteral("the layer is verified")
                                : QStringLiteral("all %1 layers verified").arg(layers.size()));
}

void TestCli::verifyTruncatedLayer()
{
    const QJsonObject scenario = Harness::scenario(QStringLiteral("truncatedLayer"));
    QVERIFY2(!scenario.isEmpty(), "no truncatedLayer scenario in harness.json");
    const ProcessRun verify
        = cli({QStringLiteral("--timeout"), QStringLiteral("20"), QStringLiteral("verify"),
               scenario.value(u"reference").toString()});
    QVERIFY2(verify.finished, qPrintable(verify.describe(QStringLiteral("verify"))));
    QCOMPARE(verify.exitCode, 1);
    const QStringList errors = linesOf(verify.err);
    QVERIFY2(errors.size() == 1, verify.err.constData());
    QVERIFY2(errors.first().startsWith(u"layerscope-cli: "), verify.err.constData());
    // The layer is named as failed before the one-line reason.
    const QString layer
        = scenario.value(u"layers").toArray().first().toObject().value(u"digest").toString();
    bool named = false;
    for (const QString &line : linesOf(verify.out))
        named = named || (line.startsWith(u"layer 1 ") && line.contains(u"FAIL"));
    QVERIFY2(named, verify.out.constData());
    QVERIFY2(verify.out.contains(layer.toUtf8()), verify.out.constData());
    QVERIFY(!verify.out.contains("verified\n"));
}

void TestCli::registryFailures_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("fragments"); // each must be in the one line on stderr

    const QString open = Harness::hostPort(QStringLiteral("open"));
    QTest::addRow("unknown tag (inspect)")
        << QStringList{QStringLiteral("inspect"),
                       open + QStringLiteral("/fixtures/docker-app:no-such-tag")}
        << QByteArray()
        << QStringList{QStringLiteral("not found"), QStringLiteral("MANIFEST_UNKNOWN")};
    QTest::addRow("unknown tag (manifest)")
        << QStringList{QStringLiteral("manifest"),
                       open + QStringLiteral("/fixtures/docker-app:no-such-tag")}
        << QByteArray()
        << QStringList{QStringLiteral("not found"), QStringLiteral("MANIFEST_UNKNOWN")};
    QTest::addRow("unknown repository (tags)")
        << QStringList{QStringLiteral("tags"), open + QStringLiteral("/no/such/repository")}
        << QByteArray() << QStringList{QStringLiteral("NAME_UNKNOWN")};

    // A port that was just free: nothing listens there.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const QString closed = QStringLiteral("127.0.0.1:%1").arg(server.serverPort());
    server.close();
    QTest::addRow("connection refused")
        << QStringList{QStringLiteral("--timeout"), QStringLiteral("10"), QStringLiteral("digest"),
                       closed + QStringLiteral("/fixtures/app:latest")}
        << QByteArray() << QStringList{closed, QStringLiteral("refused")};

    const QJsonObject basic = Harness::fixture(QStringLiteral("htpasswdImage"));
    QTest::addRow("htpasswd without credentials")
        << QStringList{QStringLiteral("inspect"), basic.value(u"reference").toString()}
        << QByteArray() << QStringList{QStringLiteral("unauthorized")};
    QTest::addRow("htpasswd with a wrong password")
        << QStringList{QStringLiteral("--username"), QStringLiteral("alice"),
                       QStringLiteral("--password-stdin"), QStringLiteral("inspect"),
                       basic.value(u"reference").toString()}
        << QByteArray("not-the-password-4711\n") << QStringList{QStringLiteral("unauthorized")};
    QTest::addRow("token registry, private repository, anonymous")
        << QStringList{QStringLiteral("inspect"),
                       Harness::fixture(QStringLiteral("tokenPrivateImage"))
                           .value(u"reference")
                           .toString()}
        << QByteArray()
        << QStringList{QStringLiteral("unauthorized"), QStringLiteral("private/secret")};
    QTest::addRow("tls without its CA")
        << QStringList{QStringLiteral("digest"),
                       Harness::fixture(QStringLiteral("tlsImage")).value(u"reference").toString()}
        << QByteArray() << QStringList{QStringLiteral("--insecure")};
}

void TestCli::registryFailures()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, input);
    QFETCH(QStringList, fragments);
    const ProcessRun run = cli(arguments, input);
    QVERIFY2(run.finished, qPrintable(run.describe(arguments.join(u' '))));
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.out.isEmpty());
    const QStringList errors = linesOf(run.err);
    QVERIFY2(errors.size() == 1, run.err.constData());
    QVERIFY2(errors.first().startsWith(u"layerscope-cli: "), run.err.constData());
    for (const QString &fragment : fragments) {
        QVERIFY2(errors.first().contains(fragment, Qt::CaseInsensitive),
                 qPrintable(fragment + QStringLiteral(" is not in: ") + errors.first()));
    }
}

void TestCli::passwordFromStdin_data()
{
    QTest::addColumn<QStringList>("arguments"); // "REF" stands for the reference
    QTest::addColumn<QByteArray>("lineEnd");
    const QString before = QStringLiteral("--username alice --password-stdin inspect REF");
    QTest::addRow("options before the command") << before.split(u' ') << QByteArray("\n");
    QTest::addRow("options after the command")
        << QStringLiteral("inspect --username alice --password-stdin REF").split(u' ')
        << QByteArray("\n");
    QTest::addRow("CRLF") << before.split(u' ') << QByteArray("\r\n");
    QTest::addRow("no line end") << before.split(u' ') << QByteArray();
    QTest::addRow("tags")
        << QStringLiteral("--username alice --password-stdin tags REPO").split(u' ')
        << QByteArray("\n");
}

void TestCli::passwordFromStdin()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, lineEnd);
    const QJsonObject fixture = Harness::fixture(QStringLiteral("htpasswdImage"));
    const QJsonObject registry = Harness::registry(QStringLiteral("htpasswd"));
    const QString repository = Harness::hostPort(QStringLiteral("htpasswd")) + u'/'
        + fixture.value(u"repository").toString();
    arguments.replaceInStrings(QStringLiteral("REF"), fixture.value(u"reference").toString());
    arguments.replaceInStrings(QStringLiteral("REPO"), repository);
    const QByteArray password
        = registry.value(u"credentials").toObject().value(u"password").toString().toUtf8();

    const ProcessRun run = cli(arguments, password + lineEnd);
    QVERIFY2(run.succeeded(), qPrintable(run.describe(arguments.join(u' '))));
    QVERIFY(run.err.isEmpty());
    if (arguments.contains(u"tags")) {
        QStringList tags = linesOf(run.out);
        tags.sort();
        QStringList expected = stringsOf(fixture.value(u"tags").toArray());
        expected.sort();
        QCOMPARE(tags, expected);
    } else {
        QVERIFY(run.out.contains(fixture.value(u"digest").toString().toUtf8()));
    }
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("fragment");
    const QString image
        = Harness::fixture(QStringLiteral("dockerImage")).value(u"reference").toString();
    const QString repository
        = Harness::hostPort(QStringLiteral("open")) + QStringLiteral("/fixtures/many-tags");
    const auto row = [](const char *name, const QStringList &arguments, const QString &fragment) {
        QTest::addRow("%s", name) << arguments << fragment;
    };
    row("no command", {}, QStringLiteral("no command"));
    row("unknown command", {QStringLiteral("pull"), image},
        QStringLiteral("unknown command 'pull'"));
    row("unknown option", {QStringLiteral("inspect"), QStringLiteral("--frobnicate"), image},
        QStringLiteral("frobnicate"));
    row("no argument", {QStringLiteral("inspect")}, QStringLiteral("takes one argument"));
    row("two arguments", {QStringLiteral("digest"), image, image},
        QStringLiteral("takes one argument"));
    row("bad reference", {QStringLiteral("inspect"), QStringLiteral("Example.com/UPPER/case:1")},
        QStringLiteral("invalid reference"));
    row("bad reference (empty tag)", {QStringLiteral("digest"), QStringLiteral("fixtures/app:")},
        QStringLiteral("invalid reference"));
    row("bad registry host", {QStringLiteral("catalog"), QStringLiteral("not a host")},
        QStringLiteral("not a registry host"));
    row("tags with a tag", {QStringLiteral("tags"), repository + QStringLiteral(":latest")},
        QStringLiteral("without a tag"));
    row("tags with a digest",
        {QStringLiteral("tags"),
         Harness::fixture(QStringLiteral("dockerImage")).value(u"digestReference").toString()},
        QStringLiteral("without a tag"));
    row("--username without --password-stdin",
        {QStringLiteral("--username"), QStringLiteral("alice"), QStringLiteral("inspect"), image},
        QStringLiteral("go together"));
    row("--password-stdin without --username",
        {QStringLiteral("inspect"), QStringLiteral("--password-stdin"), image},
        QStringLiteral("go together"));
    row("bad --platform",
        {QStringLiteral("inspect"), QStringLiteral("--platform"), QStringLiteral("linux"), image},
        QStringLiteral("invalid platform"));
    row("bad --platform (empty)",
        {QStringLiteral("manifest"), QStringLiteral("--platform="), image},
        QStringLiteral("invalid platform"));
    row("--platform where it means nothing",
        {QStringLiteral("digest"), QStringLiteral("--platform"), QStringLiteral("linux/amd64"),
         image},
        QStringLiteral("platform"));
    row("bad --timeout (zero)",
        {QStringLiteral("--timeout"), QStringLiteral("0"), QStringLiteral("digest"), image},
        QStringLiteral("--timeout"));
    row("bad --timeout (word)",
        {QStringLiteral("digest"), QStringLiteral("--timeout"), QStringLiteral("soon"), image},
        QStringLiteral("--timeout"));
    row("--jobs 0",
        {QStringLiteral("tags"), QStringLiteral("--resolve"), QStringLiteral("--jobs"),
         QStringLiteral("0"), repository},
        QStringLiteral("--jobs"));
    row("--jobs 257",
        {QStringLiteral("tags"), QStringLiteral("--jobs"), QStringLiteral("257"), repository},
        QStringLiteral("--jobs"));
    row("--ca-file without a certificate",
        {QStringLiteral("--ca-file"), QStringLiteral("/nonexistent/ca.pem"),
         QStringLiteral("digest"), image},
        QStringLiteral("no PEM certificate"));
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, fragment);
    const ProcessRun run = cli(arguments);
    QVERIFY2(run.finished, qPrintable(run.describe(arguments.join(u' '))));
    QVERIFY2(run.exitCode == 2, qPrintable(run.describe(arguments.join(u' '))));
    QVERIFY(run.out.isEmpty());
    // The problem, then where to read more.
    const QStringList errors = linesOf(run.err);
    QVERIFY2(errors.size() == 2, run.err.constData());
    QVERIFY2(errors.at(0).startsWith(u"layerscope-cli: "), run.err.constData());
    QVERIFY2(errors.at(0).contains(fragment), run.err.constData());
    QVERIFY2(errors.at(1).startsWith(u"Try 'layerscope-cli "), run.err.constData());
}

void TestCli::helpForEveryCommand_data()
{
    QTest::addColumn<QString>("command");
    for (const QString &command : Commands)
        QTest::addRow("%s", qPrintable(command)) << command;
}

void TestCli::helpForEveryCommand()
{
    QFETCH(QString, command);
    const ProcessRun help = cli({command, QStringLiteral("--help")});
    QVERIFY2(help.succeeded(), qPrintable(help.describe(command)));
    QVERIFY2(help.out.contains(QStringLiteral("layerscope-cli %1 ").arg(command).toUtf8()),
             help.out.constData());
    // The global options are accepted after the command too, so its help lists them.
    QVERIFY(help.out.contains("--insecure"));
    QVERIFY(help.err.isEmpty());
}

void TestCli::helpListsEveryCommand()
{
    const ProcessRun help = cli({QStringLiteral("--help")});
    QVERIFY2(help.succeeded(), qPrintable(help.describe(QStringLiteral("--help"))));
    for (const QString &command : Commands) {
        QVERIFY2(help.out.contains(QStringLiteral("\n  %1 ").arg(command).toUtf8()),
                 qPrintable(command));
    }
    const ProcessRun version = cli({QStringLiteral("--version")});
    QVERIFY2(version.succeeded(), qPrintable(version.describe(QStringLiteral("--version"))));
    QVERIFY(version.out.startsWith("layerscope-cli "));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
