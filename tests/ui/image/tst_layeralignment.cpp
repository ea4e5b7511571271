#include "image/layeralignment.h"
#include "testdata.h"
#include "values/mediatype.h"
#include "values/schema1manifest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace Layerscope;
using namespace Qt::StringLiterals;
using Kind = LayerRow::Kind;

namespace {

Digest layerDigest(int index)
{
    return Digest::compute(QByteArray("layer ") + QByteArray::number(index));
}

Digest diffIdOf(int index)
{
    return Digest::compute(QByteArray("diff ") + QByteArray::number(index));
}

QList<Descriptor> makeLayers(int count, bool identical)
{
    QList<Descriptor> layers;
    for (int i = 0; i < count; ++i) {
        Descriptor layer;
        layer.mediaType = MediaType::OciLayerGzip;
        layer.digest = layerDigest(identical ? 0 : i);
        layer.size = identical ? 1000 : 1000 + i;
        layers.append(layer);
    }
    return layers;
}

QDateTime stepTime(int step)
{
    return QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC).addSecs(60 * step);
}

/**
 * A config with \a diffIds diff_ids and the history \a history: space-separated steps, "L" for
 * a step that made a layer and "E" for an empty_layer one; "-" leaves the history key out.
 */
std::optional<ImageConfig> makeConfig(int diffIds, const QString &history)
{
    QJsonArray ids;
    for (int i = 0; i < diffIds; ++i)
        ids.append(diffIdOf(i).toString());
    QJsonObject document{
        {QStringLiteral("architecture"), QStringLiteral("amd64")},
        {QStringLiteral("os"), QStringLiteral("linux")},
        {QStringLiteral("rootfs"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("layers")},
                     {QStringLiteral("diff_ids"), ids}}},
    };
    if (history != u"-") {
        QJsonArray steps;
        const QStringList tokens = history.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (int i = 0; i < tokens.size(); ++i) {
            QJsonObject step{
                {QStringLiteral("created"), stepTime(i).toString(Qt::ISODate)},
                {QStringLiteral("created_by"), QStringLiteral("/bin/sh -c #(nop) step %1").arg(i)},
                {QStringLiteral("comment"), QStringLiteral("comment %1").arg(i)},
            };
            if (tokens.at(i) == u"E")
                step.insert(QStringLiteral("empty_layer"), true);
            steps.append(step);
        }
        document.insert(QStringLiteral("history"), steps);
    }
    auto parsed = ImageConfig::parse(QJsonDocument(document).toJson(QJsonDocument::Compact));
    if (!parsed) {
        qWarning("config does not parse: %s", qPrintable(parsed.error().message()));
        return std::nullopt;
    }
    return *parsed;
}

} // namespace

class TestLayerAlignment : public QObject
{
    Q_OBJECT

private slots:
    void alignment_data();
    void alignment();
    void agreesWithConfigMapping_data();
    void agreesWithConfigMapping();
    void schema1_data();
    void schema1();
};

void TestLayerAlignment::alignment_data()
{
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("identical");
    QTest::addColumn<bool>("config");
    QTest::addColumn<int>("diffIds");
    QTest::addColumn<QString>("history");
    // The rows expected, in order: L<layer>h<step> a layer with its step, L<layer> a layer
    // without step, E<step> an empty step, M<layer> a layer the history has no step for,
    // U<step> a step with no layer left.
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("historyMismatch");
    QTest::addColumn<bool>("diffIdMismatch");

    QTest::addRow("one layer per step")
        << 3 << false << true << 3 << u"L L L"_s << u"L0h0 L1h1 L2h2"_s << false << false;
    QTest::addRow("empty steps between layers")
        << 3 << false << true << 3 << u"L E L E L"_s << u"L0h0 E1 L1h2 E3 L2h4"_s << false << false;
    QTest::addRow("empty steps first")
        << 2 << false << true << 2 << u"E E L L"_s << u"E0 E1 L0h2 L1h3"_s << false << false;
    QTest::addRow("empty steps last")
        << 2 << false << true << 2 << u"L L E E E"_s << u"L0h0 L1h1 E2 E3 E4"_s << false << false;
    QTest::addRow("consecutive empty steps in the middle")
        << 2 << false << true << 2 << u"L E E E L"_s << u"L0h0 E1 E2 E3 L1h4"_s << false << false;
    QTest::addRow("docker build: 3 layers, 9 steps, 6 empty")
        << 3 << false << true << 3 << u"L E L E E L E E E"_s
        << u"L0h0 E1 L1h2 E3 E4 L2h5 E6 E7 E8"_s << false << false;
    QTest::addRow("config with an empty history")
        << 3 << false << true << 3 << u""_s << u"L0 L1 L2"_s << false << false;
    QTest::addRow("config without a history key")
        << 2 << false << true << 2 << u"-"_s << u"L0 L1"_s << false << false;
    QTest::addRow("no config (schema1-like)")
        << 2 << false << false << 0 << u"-"_s << u"L0 L1"_s << false << false;
    QTest::addRow("fewer steps than layers")
        << 3 << false << true << 3 << u"L E"_s << u"L0h0 E1 M1 M2"_s << true << false;
    QTest::addRow("more steps than layers")
        << 2 << false << true << 2 << u"L E L L E"_s << u"L0h0 E1 L1h2 U3 E4"_s << true << false;
    QTest::addRow("only empty steps, but layers")
        << 2 << false << true << 2 << u"E E"_s << u"E0 E1 M0 M1"_s << true << false;
    QTest::addRow("fewer diff_ids than layers")
        << 3 << false << true << 1 << u"L L L"_s << u"L0h0 L1h1 L2h2"_s << false << true;
    QTest::addRow("more diff_ids than layers")
        << 1 << false << true << 2 << u"L"_s << u"L0h0"_s << false << true;
    QTest::addRow("no diff_ids, no history")
        << 2 << false << true << 0 << u"-"_s << u"L0 L1"_s << false << true;
    QTest::addRow("repeated identical layers")
        << 3 << true << true << 3 << u"L E L L"_s << u"L0h0 E1 L1h2 L2h3"_s << false << false;
    QTest::addRow("zero layers, no history")
        << 0 << false << true << 0 << u"-"_s << u""_s << false << false;
    QTest::addRow("zero layers, only empty steps")
        << 0 << false << true << 0 << u"E E"_s << u"E0 E1"_s << false << false;
    QTest::addRow("zero layers, a step that claims one")
        << 0 << false << true << 0 << u"E L"_s << u"E0 U1"_s << true << false;
    QTest::addRow("zero layers, no config")
        << 0 << false << false << 0 << u"-"_s << u""_s << false << false;
}

void TestLayerAlignment::alignment()
{
    QFETCH(int, layers);
    QFETCH(bool, identical);
    QFETCH(bool, config);
    QFETCH(int, diffIds);
    QFETCH(QString, history);
    QFETCH(QString, expected);
    QFETCH(bool, historyMismatch);
    QFETCH(bool, diffIdMismatch);

    const QList<Descriptor> descriptors = makeLayers(layers, identical);
    std::optional<ImageConfig> imageConfig;
    if (config) {
        imageConfig = makeConfig(diffIds, history);
        QVERIFY(imageConfig);
    }
    const LayerAlignment alignment = alignLayers(descriptors, imageConfig);

    const QStringList tokens = expected.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QCOMPARE(alignment.rows.size(), tokens.size());
    QCOMPARE(alignment.historyMismatch, historyMismatch);
    QCOMPARE(alignment.diffIdCountMismatch, diffIdMismatch);
    QCOMPARE(alignment.hasConfig, config);
    QCOMPARE(alignment.hasHistory, config && !history.isEmpty() && history != u"-");
    QCOMPARE(alignment.schema1, false);
    QCOMPARE(alignment.layerCount, layers);

    static const QRegularExpression token(QStringLiteral("^([LEMU])(\\d+)(?:h(\\d+))?$"));
    int emptySteps = 0;
    int unmatched = 0;
    QList<int> layerOrder;
    for (int r = 0; r < tokens.size(); ++r) {
        const QRegularExpressionMatch match = token.match(tokens.at(r));
        QVERIFY2(match.hasMatch(), qPrintable(tokens.at(r)));
        const LayerRow &row = alignment.rows.at(r);
        const QString kind = match.captured(1);
        const int number = match.captured(2).toInt();
        const QString what = QStringLiteral("row %1 (%2)").arg(r).arg(tokens.at(r));

        int step = -1;
        if (kind == u"L") {
            QVERIFY2(row.kind == Kind::Layer, qPrintable(what));
            QCOMPARE(row.layerIndex, number);
            step = match.captured(3).isEmpty() ? -1 : match.captured(3).toInt();
        } else if (kind == u"M") {
            QVERIFY2(row.kind == Kind::MissingHistory, qPrintable(what));
            QCOMPARE(row.layerIndex, number);
        } else if (kind == u"E") {
            QVERIFY2(row.kind == Kind::EmptyStep, qPrintable(what));
            QCOMPARE(row.layerIndex, -1);
            step = number;
            ++emptySteps;
        } else {
            QVERIFY2(row.kind == Kind::UnmatchedStep, qPrintable(what));
            QCOMPARE(row.layerIndex, -1);
            step = number;
            ++unmatched;
        }
        QCOMPARE(row.historyIndex, step);
        QCOMPARE(row.isLayer(), kind == u"L" || kind == u"M");

        if (row.isLayer()) {
            layerOrder.append(row.layerIndex);
            QCOMPARE(row.layer, descriptors.at(row.layerIndex));
            const Digest expectedDiffId
                = config && row.layerIndex < diffIds ? diffIdOf(row.layerIndex) : Digest();
            QCOMPARE(row.diffId, expectedDiffId);
        } else {
            QCOMPARE(row.layer, Descriptor());
            QVERIFY(row.diffId.isNull());
        }
        if (step >= 0) {
            QCOMPARE(row.createdBy, QStringLiteral("/bin/sh -c #(nop) step %1").arg(step));
            QCOMPARE(row.comment, QStringLiteral("comment %1").arg(step));
            QCOMPARE(row.created, stepTime(step));
            QCOMPARE(row.emptyLayer, kind == u"E");
        } else {
            QVERIFY(row.createdBy.isEmpty());
            QVERIFY(row.comment.isEmpty());
            QVERIFY(row.created.isNull());
            QVERIFY(!row.emptyLayer);
        }
    }
    QCOMPARE(alignment.emptyStepCount, emptySteps);
    QCOMPARE(alignment.unmatchedStepCount, unmatched);
    // Every layer appears exactly once, base layer first.
    QList<int> all;
    for (int i = 0; i < layers; ++i)
        all.append(i);
    QCOMPARE(layerOrder, all);
}

void TestLayerAlignment::agreesWithConfigMapping_data()
{
    QTest::addColumn<int>("layers");
    QTest::addColumn<QString>("history");
    QTest::addRow("matching") << 3 << u"E L E L E E L E E"_s;
    QTest::addRow("fewer steps") << 3 << u"L E"_s;
    QTest::addRow("more steps") << 2 << u"L E L L E L"_s;
    QTest::addRow("empty first") << 1 << u"E E E L"_s;
    QTest::addRow("no layers") << 0 << u"E L"_s;
}

void TestLayerAlignment::agreesWithConfigMapping()
{
    // With as many diff_ids as layers, the pairing is the config's own.
    QFETCH(int, layers);
    QFETCH(QString, history);
    const std::optional<ImageConfig> config = makeConfig(layers, history);
    QVERIFY(config);
    const LayerAlignment alignment = alignLayers(makeLayers(layers, false), config);
    const QList<qsizetype> layerForStep = config->layerIndexForHistory();
    const QList<qsizetype> stepForLayer = config->historyIndexForLayers();
    QCOMPARE(alignment.historyMismatch, !config->historyMatchesLayers());
    int stepsSeen = 0;
    for (const LayerRow &row : alignment.rows) {
        if (row.historyIndex >= 0) {
            ++stepsSeen;
            QCOMPARE(qsizetype(row.layerIndex), layerForStep.at(row.historyIndex));
        }
        if (row.isLayer())
            QCOMPARE(qsizetype(row.historyIndex), stepForLayer.at(row.layerIndex));
    }
    QCOMPARE(stepsSeen, config->history().size());
}

void TestLayerAlignment::schema1_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("layers");
    QTest::addRow("signed") << u"manifests/containers_image/v2s1.manifest.json"_s << 3;
    QTest::addRow("unsigned") << u"manifests/containers_image/v2s1-unsigned.manifest.json"_s << 3;
    QTest::addRow("converted by docker")
        << u"manifests/containers_image/schema2-to-schema1-by-docker.json"_s << 15;
    QTest::addRow("generated by the registry")
        << u"manifests/registry282_accepted/schema1_generated_by_registry.json"_s << 1;
}

void TestLayerAlignment::schema1()
{
    QFETCH(QString, file);
    QFETCH(int, layers);
    const auto manifest = Schema1Manifest::parse(TestData::read(file));
    QVERIFY2(manifest, qPrintable(manifest ? QString() : manifest.error().message()));
    const Schema1Manifest &schema1 = **manifest;
    QCOMPARE(schema1.fsLayers().size(), layers);

    const LayerAlignment alignment = alignSchema1Layers(schema1);
    QVERIFY(alignment.schema1);
    QVERIFY(!alignment.hasConfig);
    QVERIFY(!alignment.historyMismatch);
    QCOMPARE(alignment.layerCount, layers);
    QCOMPARE(alignment.rows.size(), layers);
    QCOMPARE(alignment.emptyStepCount, 0);
    for (int i = 0; i < layers; ++i) {
        const LayerRow &row = alignment.rows.at(i);
        // Stored newest first; shown base first.
        const int stored = layers - 1 - i;
        QVERIFY(row.kind == Kind::Layer);
        QCOMPARE(row.layerIndex, i);
        QCOMPARE(row.layer.digest, schema1.fsLayers().at(stored));
        QCOMPARE(row.layer.size, -1);
        QCOMPARE(row.layer.mediaType, QString(MediaType::DockerLayerGzip));
        QVERIFY(row.diffId.isNull());
        QCOMPARE(row.historyIndex, stored);
        QCOMPARE(row.createdBy, schema1.history().at(stored).createdBy);
        QCOMPARE(row.emptyLayer, schema1.history().at(stored).throwaway);
        QCOMPARE(row.created.isValid(), !schema1.history().at(stored).created.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestLayerAlignment)
#include "tst_layeralignment.moc"
