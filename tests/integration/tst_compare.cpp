// Comparing two images against the harness's real registry: the core's ImageComparison and
// `layerscope-cli compare`. Every expectation comes from the harness's contract: the pusher
// records, for each compare pair it builds, how the layers relate and which config fields
// differ, worked out from the images it made (and confirmed with skopeo by the harness's
// self-check), never from Layerscope's own code.

#include "harness.h"
#include "operationwait.h"
#include "processrun.h"
#include "registry/registryclient.h"
#include "services/imagecomparison.h"
#include "viewtext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Layerscope;

namespace {

constexpr int ProcessTimeoutMs = 120000;

/// One compare pair of the contract: fixtures.<a>.comparisons.<b>.
struct Pair
{
    QString a;
    QString b;
    QJsonObject record;
};

QList<Pair> contractPairs()
{
    QList<Pair> pairs;
    const QJsonObject fixtures = Harness::contract().value(u"fixtures").toObject();
    for (auto it = fixtures.constBegin(); it != fixtures.constEnd(); ++it) {
        const QJsonObject comparisons = it.value().toObject().value(u"comparisons").toObject();
        for (auto other = comparisons.constBegin(); other != comparisons.constEnd(); ++other)
            pairs.append({it.key(), other.key(), other.value().toObject()});
    }
    return pairs;
}

ImageReference reference(const QString &text)
{
    const Result<ImageReference> parsed = ImageReference::parse(text);
    if (!parsed)
        qFatal("bad reference in the contract: %s", qPrintable(text));
    return *parsed;
}

QJsonValue nullableDigest(const Digest &digest)
{
    return digest.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(digest.toString());
}

/// A LayerSide as the contract writes one ({index, digest, size, diffId, createdBy}).
QJsonValue sideJson(const std::optional<LayerSide> &side)
{
    if (!side)
        return QJsonValue(QJsonValue::Null);
    return QJsonObject{{QStringLiteral("index"), side->index},
                       {QStringLiteral("digest"), side->digest.toString()},
                       {QStringLiteral("size"), double(side->size)},
                       {QStringLiteral("diffId"), nullableDigest(side->diffId)},
                       {QStringLiteral("createdBy"), side->createdBy}};
}

QJsonValue optionalJson(const std::optional<QString> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QStringList platformNames(const QList<Platform> &platforms)
{
    QStringList names;
    for (const Platform &platform : platforms)
        names.append(platform.toString());
    return names;
}

QStringList strings(const QJsonValue &array)
{
    QStringList list;
    for (const QJsonValue &value : array.toArray())
        list.append(value.toString());
    return list;
}

/// The contract's layer rows without the index (the CLI's JSON has none).
QJsonArray withoutIndexes(const QJsonArray &layers)
{
    QJsonArray rows;
    for (const QJsonValue &value : layers) {
        QJsonObject row = value.toObject();
        for (const char *side : {"a", "b"}) {
            const QString key = QString::fromLatin1(side);
            if (row.value(key).isObject()) {
                QJsonObject layer = row.value(key).toObject();
                layer.remove(QStringLiteral("index"));
                row.insert(key, layer);
            }
        }
        rows.append(row);
    }
    return rows;
}

} // namespace

class TestCompare : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void comparison_data();
    void comparison();
    void cliJson_data();
    void cliJson();
    void cliText();
    void cliAcrossRegistries();
    void cliErrors_data();
    void cliErrors();
    void failedSideIsNamed();
    void cancelStopsBothSides();

private:
    ProcessRun cli(const QStringList &arguments, const QByteArray &input = {}) const;

    QTemporaryDir m_home;
};

void TestCompare::initTestCase()
{
    QVERIFY2(Harness::available(), "the harness contract is missing");
    QVERIFY(m_home.isValid());
    // Every compare pair the harness builds, at least: version, mirror, unrelated, platforms.
    QVERIFY2(contractPairs().size() >= 5, "the contract has too few compare pairs");
}

ProcessRun TestCompare::cli(const QStringList &arguments, const QByteArray &input) const
{
    // Nothing of the user's logins or settings takes part.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), m_home.path());
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"),
                       m_home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_home.filePath(QStringLiteral("run")));
    environment.remove(QStringLiteral("DOCKER_CONFIG"));
    environment.remove(QStringLiteral("REGISTRY_AUTH_FILE"));
    environment.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    return runProcess(QStringLiteral(LAYERSCOPE_CLI), arguments, input, environment,
                      ProcessTimeoutMs);
}

void TestCompare::comparison_data()
{
    QTest::addColumn<QJsonObject>("record");
    for (const Pair &pair : contractPairs())
        QTest::addRow("%s vs %s", qPrintable(pair.a), qPrintable(pair.b)) << pair.record;
}

void TestCompare::comparison()
{
    QFETCH(QJsonObject, record);
    const ImageReference a = reference(record.value(u"referenceA").toString());
    const ImageReference b = reference(record.value(u"referenceB").toString());
    RegistryClient client(a.domain());
    ImageComparison comparison(&client, a, &client, b, nullptr);
    QVERIFY(waitForFinished(&comparison));
    QVERIFY2(!comparison.error().isError(), qPrintable(comparison.error().toString()));
    QCOMPARE(comparison.failedSide(), -1);
    const QList<ResolvedImage> &imagesA = comparison.inspectionA()->images();
    const QList<ResolvedImage> &imagesB = comparison.inspectionB()->images();

    const QJsonObject platforms = record.value(u"platforms").toObject();
    const PlatformSets sets = comparePlatforms(imagesA, imagesB);
    QCOMPARE(platformNames(sets.both), strings(platforms.value(u"both")));
    QCOMPARE(platformNames(sets.onlyA), strings(platforms.value(u"onlyA")));
    QCOMPARE(platformNames(sets.onlyB), strings(platforms.value(u"onlyB")));

    const QJsonObject images = record.value(u"images").toObject();
    QVERIFY(!images.isEmpty());
    for (auto it = images.constBegin(); it != images.constEnd(); ++it) {
        const QJsonObject expected = it.value().toObject();
        const Platform platform = *Platform::parse(it.key());
        const qsizetype inA = imageForPlatform(imagesA, platform);
        const qsizetype inB = imageForPlatform(imagesB, platform);
        QVERIFY2(inA >= 0 && inB >= 0, qPrintable(it.key()));
        const ResolvedImage &imageA = imagesA.at(inA);
        const ResolvedImage &imageB = imagesB.at(inB);
        QCOMPARE(imageA.descriptor.digest.toString(),
                 expected.value(u"manifestDigestA").toString());
        QCOMPARE(imageB.descriptor.digest.toString(),
                 expected.value(u"manifestDigestB").toString());
        QCOMPARE(imageA.config->digest().toString(), expected.value(u"configDigestA").toString());
        QCOMPARE(imageB.config->digest().toString(), expected.value(u"configDigestB").toString());

        const ImageDiff diff = diffImages(imageA, imageB);
        QCOMPARE(diff.identical, expected.value(u"identical").toBool());

        QJsonArray layers;
        for (const AlignedLayer &row : diff.layers) {
            layers.append(QJsonObject{{QStringLiteral("change"), layerChangeName(row.change)},
                                      {QStringLiteral("a"), sideJson(row.a)},
                                      {QStringLiteral("b"), sideJson(row.b)}});
        }
        QCOMPARE(layers, expected.value(u"layers").toArray());

        const QJsonObject summary = expected.value(u"summary").toObject();
        QCOMPARE(diff.summary.shared, summary.value(u"shared").toInt());
        QCOMPARE(diff.summary.recompressed, summary.value(u"recompressed").toInt());
        QCOMPARE(diff.summary.onlyA, summary.value(u"onlyA").toInt());
        QCOMPARE(diff.summary.onlyB, summary.value(u"onlyB").toInt());
        QCOMPARE(diff.summary.sharedBytes, summary.value(u"sharedBytes").toInteger());
        QCOMPARE(diff.summary.sizeA, summary.value(u"sizeA").toInteger());
        QCOMPARE(diff.summary.sizeB, summary.value(u"sizeB").toInteger());
        QCOMPARE(diff.summary.sizeDelta, summary.value(u"sizeDelta").toInteger());

        QJsonArray config;
        for (const ConfigDifference &difference : diff.config) {
            config.append(QJsonObject{{QStringLiteral("field"), difference.field},
                                      {QStringLiteral("key"), difference.key},
                                      {QStringLiteral("a"), optionalJson(difference.a)},
                                      {QStringLiteral("b"), optionalJson(difference.b)}});
        }
        QCOMPARE(config, expected.value(u"config").toArray());
    }
}

void TestCompare::cliJson_data()
{
    QTest::addColumn<QJsonObject>("record");
    QTest::addColumn<QString>("platform");
    for (const Pair &pair : contractPairs()) {
        const QJsonObject images = pair.record.value(u"images").toObject();
        for (auto it = images.constBegin(); it != images.constEnd(); ++it) {
            QTest::addRow("%s vs %s, %s", qPrintable(pair.a), qPrintable(pair.b),
                          qPrintable(it.key()))
                << pair.record << it.key();
        }
    }
}

void TestCompare::cliJson()
{
    QFETCH(QJsonObject, record);
    QFETCH(QString, platform);
    const QJsonObject expected = record.value(u"images").toObject().value(platform).toObject();
    const ProcessRun run = cli({QStringLiteral("compare"), record.value(u"referenceA").toString(),
                                record.value(u"referenceB").toString(),
                                QStringLiteral("--platform"), platform, QStringLiteral("--json")});
    QVERIFY2(run.succeeded(), qPrintable(run.describe("compare")));
    QJsonParseError error;
    const QJsonObject json = QJsonDocument::fromJson(run.out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));

    for (const char *side : {"a", "b"}) {
        const QString upper = QString::fromLatin1(side).toUpper();
        const QJsonObject object = json.value(QLatin1StringView(side)).toObject();
        QCOMPARE(object.value(u"reference").toString(),
                 record.value(QStringLiteral("reference") + upper).toString());
        QCOMPARE(object.value(u"platform").toString(), platform);
        QCOMPARE(object.value(u"manifestDigest").toString(),
                 expected.value(QStringLiteral("manifestDigest") + upper).toString());
        QCOMPARE(object.value(u"configDigest").toString(),
                 expected.value(QStringLiteral("configDigest") + upper).toString());
        QCOMPARE(object.value(u"compressedSize").toInteger(),
                 expected.value(u"summary")
                     .toObject()
                     .value(QStringLiteral("size") + upper)
                     .toInteger());
        QVERIFY(object.value(u"digest").toString().startsWith(u"sha256:"));
    }
    QCOMPARE(json.value(u"identical").toBool(), expected.value(u"identical").toBool());
    QCOMPARE(json.value(u"sizeDelta").toInteger(),
             expected.value(u"summary").toObject().value(u"sizeDelta").toInteger());

    // The CLI writes status for the contract's change and has no layer index; the contract
    // writes "" for the key of a single value, the CLI null.
    QJsonArray layers;
    for (const QJsonValue &value : withoutIndexes(expected.value(u"layers").toArray())) {
        QJsonObject row = value.toObject();
        row.insert(QStringLiteral("status"), row.take(QStringLiteral("change")));
        for (const char *side : {"a", "b"}) {
            const QString key = QString::fromLatin1(side);
            if (row.value(key).isObject()) {
                QJsonObject layer = row.value(key).toObject();
                if (layer.value(u"createdBy").toString().isEmpty())
                    layer.insert(QStringLiteral("createdBy"), QJsonValue(QJsonValue::Null));
                row.insert(key, layer);
            }
        }
        layers.append(row);
    }
    QCOMPARE(json.value(u"layers").toArray(), layers);
    QJsonArray config;
    for (const QJsonValue &value : expected.value(u"config").toArray()) {
        QJsonObject difference = value.toObject();
        if (difference.value(u"key").toString().isEmpty())
            difference.insert(QStringLiteral("key"), QJsonValue(QJsonValue::Null));
        config.append(difference);
    }
    QCOMPARE(json.value(u"config").toArray(), config);

    const QJsonObject platforms = json.value(u"platforms").toObject();
    const QJsonObject expectedPlatforms = record.value(u"platforms").toObject();
    for (const char *key : {"both", "onlyA", "onlyB"}) {
        QCOMPARE(platforms.value(QLatin1StringView(key)).toArray(),
                 expectedPlatforms.value(QLatin1StringView(key)).toArray());
    }
}

void TestCompare::cliText()
{
    const QJsonObject app = Harness::fixture(QStringLiteral("compareApp"));
    const QJsonObject mirror = Harness::fixture(QStringLiteral("compareMirror"));
    const QJsonObject next = Harness::fixture(QStringLiteral("compareAppNext"));

    const ProcessRun identical = cli({QStringLiteral("compare"), app.value(u"reference").toString(),
                                      mirror.value(u"reference").toString()});
    QVERIFY2(identical.succeeded(), qPrintable(identical.describe("compare")));
    const QString text = QString::fromUtf8(identical.out);
    QVERIFY2(text.contains(u"Identical image"), qPrintable(text));
    QVERIFY(text.contains(u"Config differences: none"));
    // One row per layer, each marked recompressed.
    const QJsonArray layers
        = app.value(u"images").toArray().at(0).toObject().value(u"layers").toArray();
    QCOMPARE(
        text.count(QRegularExpression(QStringLiteral("^~ "), QRegularExpression::MultilineOption)),
        layers.size());

    const ProcessRun newer = cli({QStringLiteral("compare"), app.value(u"reference").toString(),
                                  next.value(u"reference").toString()});
    QVERIFY2(newer.succeeded(), qPrintable(newer.describe("compare")));
    const QString newerText = QString::fromUtf8(newer.out);
    QVERIFY(newerText.contains(u"Different images."));
    QVERIFY(newerText.contains(u"env MODE: \"single\" -> \"cluster\""));
    QVERIFY(newerText.contains(u"cmd: [\"serve\"] -> [\"serve\",\"--tls\"]"));
    QCOMPARE(newerText.count(
                 QRegularExpression(QStringLiteral("^\\+ "), QRegularExpression::MultilineOption)),
             2);
}

void TestCompare::cliAcrossRegistries()
{
    // Side A on the open registry, side B on the one asking for a password: two clients.
    const QJsonObject app = Harness::fixture(QStringLiteral("compareApp"));
    const QJsonObject basic = Harness::protectedFixture(QStringLiteral("htpasswd"));
    const ProcessRun run
        = cli({QStringLiteral("compare"), app.value(u"reference").toString(),
               basic.value(u"reference").toString(), QStringLiteral("--json"),
               QStringLiteral("--username"), Harness::username(QStringLiteral("htpasswd")),
               QStringLiteral("--password-stdin")},
              Harness::password(QStringLiteral("htpasswd")).toUtf8() + '\n');
    QVERIFY2(run.succeeded(), qPrintable(run.describe("compare")));
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json.value(u"b").toObject().value(u"manifestDigest").toString(),
             basic.value(u"digest").toString());
    QVERIFY(!json.value(u"identical").toBool());
    QVERIFY(!run.out.contains(Harness::password(QStringLiteral("htpasswd")).toUtf8()));

    // Without the password side B is refused, and the message says so.
    const ProcessRun refused = cli({QStringLiteral("compare"), app.value(u"reference").toString(),
                                    basic.value(u"reference").toString()});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("side B"), refused.err.constData());
    QVERIFY(refused.err.contains("unauthorized"));
}

void TestCompare::cliErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("fragments");
    const QString app
        = Harness::fixture(QStringLiteral("compareApp")).value(u"reference").toString();
    const QString multiA
        = Harness::fixture(QStringLiteral("compareMultiA")).value(u"reference").toString();
    const QString multiB
        = Harness::fixture(QStringLiteral("compareMultiB")).value(u"reference").toString();
    const QString missing = Harness::hostPort(QStringLiteral("open"))
        + QStringLiteral("/fixtures/compare-app:no-such-tag");
    const QString closed = ViewText::closedHostPort();
    const QString dead = closed + QStringLiteral("/app:1");

    QTest::addRow("one reference") << QStringList{QStringLiteral("compare"), app} << 2
                                   << QStringList{QStringLiteral("two arguments")};
    QTest::addRow("bad second reference")
        << QStringList{QStringLiteral("compare"), app, QStringLiteral("UPPER/Case")} << 2
        << QStringList{QStringLiteral("compare --help")};
    QTest::addRow("missing tag on side B")
        << QStringList{QStringLiteral("compare"), app, missing} << 1
        << QStringList{QStringLiteral("side B"), QStringLiteral("no-such-tag"),
                       QStringLiteral("not found")};
    QTest::addRow("dead registry on side A") << QStringList{QStringLiteral("compare"), dead, app}
                                             << 1 << QStringList{QStringLiteral("side A"), closed};
    QTest::addRow("platform only side A has")
        << QStringList{QStringLiteral("compare"), multiA, multiB, QStringLiteral("--platform"),
                       QStringLiteral("linux/s390x")}
        << 1
        << QStringList{QStringLiteral("no image for linux/s390x"), QStringLiteral("multi-b"),
                       QStringLiteral("linux/ppc64le")};
    QTest::addRow("malformed platform")
        << QStringList{QStringLiteral("compare"), multiA, multiB, QStringLiteral("--platform"),
                       QStringLiteral("linux")}
        << 2 << QStringList{QStringLiteral("compare --help")};
}

void TestCompare::cliErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QStringList, fragments);
    const ProcessRun run = cli(arguments);
    QVERIFY(run.finished);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY(run.out.isEmpty());
    for (const QString &fragment : fragments)
        QVERIFY2(QString::fromUtf8(run.err).contains(fragment), run.err.constData());
}

void TestCompare::failedSideIsNamed()
{
    const QJsonObject app = Harness::fixture(QStringLiteral("compareApp"));
    const ImageReference good = reference(app.value(u"reference").toString());
    const ImageReference missing
        = reference(Harness::hostPort(QStringLiteral("open")) + u"/fixtures/compare-app:gone"_qs);
    RegistryClient client(good.domain());
    ImageComparison comparison(&client, missing, &client, good, nullptr);
    QVERIFY(waitForFinished(&comparison));
    QCOMPARE(comparison.error().category(), RegistryError::Category::NotFound);
    QCOMPARE(comparison.failedSide(), 0);
    QVERIFY(comparison.error().message().startsWith(u"side A ("));
    QCOMPARE(comparison.error().httpStatus(), 404);
    QVERIFY(comparison.inspectionA() == nullptr);
    QVERIFY(comparison.inspectionB() == nullptr);
}

void TestCompare::cancelStopsBothSides()
{
    const QJsonObject multi = Harness::fixture(QStringLiteral("compareMultiA"));
    const QJsonObject other = Harness::fixture(QStringLiteral("compareMultiB"));
    const ImageReference a = reference(multi.value(u"reference").toString());
    const ImageReference b = reference(other.value(u"reference").toString());
    RegistryClient client(a.domain());
    ImageComparison comparison(&client, a, &client, b, nullptr);
    comparison.cancel();
    QVERIFY(waitForFinished(&comparison));
    QCOMPARE(comparison.error().category(), RegistryError::Category::Cancelled);
    QVERIFY(comparison.inspectionA() == nullptr);
    // Nothing of the comparison is still running.
    QVERIFY(comparison.findChildren<Operation *>().isEmpty());
}

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
