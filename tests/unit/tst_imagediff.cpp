#include "testdata.h"
#include "values/imagediff.h"

#include <QRandomGenerator>
#include <QTest>

#include <limits>

using namespace Layerscope;

namespace {

constexpr qsizetype alignmentCaseRows = 32;

/**
 * A layer list written compactly, one token per layer: a name is the layer's content (its
 * diff_id), each apostrophe after it a different compression of that content (another
 * digest), a '?' an unknown diff_id, and ":N" a compressed size (100 when not given). So "a
 * a' b?" is a layer, the same content compressed differently, and a layer without diff_id.
 */
struct LayerList
{
    QStringList tokens; ///< without the size, as the expected strings write them
    QList<LayerSide> layers;
};

LayerList layerList(const QString &text)
{
    LayerList list;
    const QStringList tokens = text.split(u' ', Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        QString token = tokens.at(i);
        LayerSide layer;
        layer.index = int(i);
        layer.size = 100;
        const qsizetype colon = token.indexOf(u':');
        if (colon >= 0) {
            bool ok = false;
            layer.size = token.mid(colon + 1).toLongLong(&ok);
            if (!ok)
                qFatal("bad size in layer token %s", qPrintable(token));
            token.truncate(colon);
        }
        list.tokens.append(token);
        const bool unknownDiffId = token.endsWith(u'?');
        QString compressed = token;
        if (unknownDiffId)
            compressed.chop(1);
        QString content = compressed;
        content.remove(u'\'');
        layer.digest = Digest::compute("blob " + compressed.toUtf8());
        if (!unknownDiffId)
            layer.diffId = Digest::compute("tar " + content.toUtf8());
        layer.createdBy = QStringLiteral("RUN make ") + content;
        list.layers.append(layer);
    }
    return list;
}

/// \a aligned as "= a | ~ b | - c | + d": the A token for Same, the content name for
/// Recompressed, the token of the side that has the layer otherwise.
QString render(const QList<AlignedLayer> &aligned, const LayerList &a, const LayerList &b)
{
    QStringList parts;
    for (const AlignedLayer &row : aligned) {
        switch (row.change) {
        case LayerChange::Same:
            parts.append(QStringLiteral("= ") + a.tokens.value(row.a ? row.a->index : -1));
            break;
        case LayerChange::Recompressed: {
            QString name = a.tokens.value(row.a ? row.a->index : -1);
            name.remove(u'\'');
            parts.append(QStringLiteral("~ ") + name);
            break;
        }
        case LayerChange::OnlyA:
            parts.append(QStringLiteral("- ") + a.tokens.value(row.a ? row.a->index : -1));
            break;
        case LayerChange::OnlyB:
            parts.append(QStringLiteral("+ ") + b.tokens.value(row.b ? row.b->index : -1));
            break;
        }
    }
    return parts.join(QStringLiteral(" | "));
}

QString renderCounts(const LayerDiffSummary &summary)
{
    return QStringLiteral("=%1 ~%2 -%3 +%4")
        .arg(summary.shared)
        .arg(summary.recompressed)
        .arg(summary.onlyA)
        .arg(summary.onlyB);
}

/**
 * Checks what every alignment must be: each layer of \a a and of \a b in exactly one row, in
 * its original order and unchanged; each row's change consistent with its sides; and no layer
 * of A removed after one of B was added in the same stretch. Returns an empty string or what
 * is wrong.
 */
QString alignmentFault(const QList<AlignedLayer> &aligned, const QList<LayerSide> &a,
                       const QList<LayerSide> &b)
{
    qsizetype nextA = 0;
    qsizetype nextB = 0;
    LayerChange previous = LayerChange::Same;
    for (qsizetype k = 0; k < aligned.size(); ++k) {
        const AlignedLayer &row = aligned.at(k);
        const QString where = QStringLiteral("row %1: ").arg(k);
        const bool wantA = row.change != LayerChange::OnlyB;
        const bool wantB = row.change != LayerChange::OnlyA;
        if (row.a.has_value() != wantA || row.b.has_value() != wantB)
            return where + QStringLiteral("sides do not fit ") + layerChangeName(row.change);
        if (row.a) {
            if (nextA >= a.size() || !(*row.a == a.at(nextA)))
                return where + QStringLiteral("A's layer %1 expected").arg(nextA);
            ++nextA;
        }
        if (row.b) {
            if (nextB >= b.size() || !(*row.b == b.at(nextB)))
                return where + QStringLiteral("B's layer %1 expected").arg(nextB);
            ++nextB;
        }
        if (row.change == LayerChange::Same && row.a->digest != row.b->digest)
            return where + QStringLiteral("Same with different digests");
        if (row.change == LayerChange::Recompressed
            && (row.a->digest == row.b->digest || row.a->diffId.isNull()
                || row.a->diffId != row.b->diffId)) {
            return where + QStringLiteral("Recompressed without equal diff_ids, other digests");
        }
        if (previous == LayerChange::OnlyB && row.change == LayerChange::OnlyA)
            return where + QStringLiteral("a removed layer after an added one");
        previous = row.change;
    }
    if (nextA != a.size() || nextB != b.size())
        return QStringLiteral("layers missing: A %1 of %2, B %3 of %4")
            .arg(nextA)
            .arg(a.size())
            .arg(nextB)
            .arg(b.size());
    return {};
}

QString tokens(const QString &prefix, int from, int to)
{
    QStringList list;
    for (int i = from; i < to; ++i)
        list.append(prefix + QString::number(i));
    return list.join(u' ');
}

/// A valid config: \a runConfig is the "config" member (or empty for none), \a platform the
/// architecture/os/variant members.
QByteArray configJson(const QByteArray &runConfig,
                      const QByteArray &platform = R"("architecture":"amd64","os":"linux")")
{
    QByteArray json = "{" + platform + ",";
    if (!runConfig.isEmpty())
        json += R"("config":)" + runConfig + ",";
    return json + R"("rootfs":{"type":"layers","diff_ids":[]}})";
}

ImageConfig parsedConfig(const QByteArray &json)
{
    if (json.isEmpty())
        return {};
    const Result<ImageConfig> config = ImageConfig::parse(json);
    if (!config)
        qFatal("test config does not parse: %s", qPrintable(config.error().message()));
    return *config;
}

QString renderDifference(const ConfigDifference &difference)
{
    const auto value = [](const std::optional<QString> &v) {
        return v ? QStringLiteral("\"%1\"").arg(*v) : QStringLiteral("none");
    };
    QString name = difference.field;
    if (!difference.key.isEmpty())
        name += u' ' + difference.key;
    return name + QStringLiteral(": ") + value(difference.a) + QStringLiteral(" -> ")
        + value(difference.b);
}

/// The digest of the \a index-th layer of a test manifest; \a salt makes another blob.
Digest layerDigest(qsizetype index, const QByteArray &salt = {})
{
    return Digest::compute("layer " + salt + QByteArray::number(index));
}

/// A Docker schema2 manifest for \a config with one layer per entry of \a layerSizes; the
/// layers' digests are layerDigest(i, \a salt).
QByteArray manifestJson(const QByteArray &config, const QList<qint64> &layerSizes,
                        const QByteArray &salt = {})
{
    QByteArray json = R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.)"
                      R"(manifest.v2+json","config":{"mediaType":"application/vnd.docker.)"
                      R"(container.image.v1+json","size":)"
        + QByteArray::number(config.size()) + R"(,"digest":")"
        + Digest::compute(config).toString().toLatin1() + R"("},"layers":[)";
    for (qsizetype i = 0; i < layerSizes.size(); ++i) {
        json += i == 0 ? "" : ",";
        json += R"({"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":)"
            + QByteArray::number(layerSizes.at(i)) + R"(,"digest":")"
            + layerDigest(i, salt).toString().toLatin1() + R"("})";
    }
    return json + "]}";
}

ImageManifestPtr parsedManifest(const QByteArray &json)
{
    const Result<ImageManifestPtr> manifest = ImageManifest::parse(json);
    if (!manifest)
        qFatal("test manifest does not parse: %s", qPrintable(manifest.error().message()));
    return *manifest;
}

/// The length of a longest common subsequence of \a a and \a b, the textbook way.
qsizetype lcsLength(const QStringList &a, const QStringList &b)
{
    QList<QList<qsizetype>> length(a.size() + 1, QList<qsizetype>(b.size() + 1, 0));
    for (qsizetype i = 1; i <= a.size(); ++i) {
        for (qsizetype j = 1; j <= b.size(); ++j) {
            length[i][j] = a.at(i - 1) == b.at(j - 1)
                ? length[i - 1][j - 1] + 1
                : std::max(length[i - 1][j], length[i][j - 1]);
        }
    }
    return length[a.size()][b.size()];
}

} // namespace

class TestImageDiff : public QObject
{
    Q_OBJECT

private slots:
    void alignmentTable();
    void alignLayers_data();
    void alignLayers();
    void alignLayersMatchesLongestCommonSubsequence();
    void alignLayersBeyondCellLimit();
    void layerChangeNames();
    void summarize_data();
    void summarize();
    void layerSidesOfRealImage();
    void layerSidesSkipEmptySteps_data();
    void layerSidesSkipEmptySteps();
    void layerSidesCountMismatch();
    void layerSidesWithoutConfig();
    void diffConfigs_data();
    void diffConfigs();
    void sameImage_data();
    void sameImage();
    void sameImageRecompressed();
};

void TestImageDiff::alignmentTable()
{
    const TestData::Table table
        = TestData::readTable(QStringLiteral("imagediff/alignment_cases.tsv"));
    QCOMPARE(table.columns,
             QStringList({QStringLiteral("name"), QStringLiteral("a"), QStringLiteral("b"),
                          QStringLiteral("expected"), QStringLiteral("counts")}));
    QCOMPARE(table.rows.size(), alignmentCaseRows);
}

void TestImageDiff::alignLayers_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("counts"); // empty: not checked

    const TestData::Table table
        = TestData::readTable(QStringLiteral("imagediff/alignment_cases.tsv"));
    for (const TestData::Row &row : table.rows) {
        QTest::addRow("%s", qPrintable(row.value(QStringLiteral("name"))))
            << row.value(QStringLiteral("a")) << row.value(QStringLiteral("b"))
            << row.value(QStringLiteral("expected")) << row.value(QStringLiteral("counts"));
    }

    // 200 layers a side; B drops l50, adds x on l120 and recompresses l180.
    {
        QStringList b;
        QStringList expected;
        for (int i = 0; i < 200; ++i) {
            const QString name = QStringLiteral("l%1").arg(i);
            if (i == 50) {
                expected.append(QStringLiteral("- ") + name);
                continue;
            }
            if (i == 180) {
                b.append(name + u'\'');
                expected.append(QStringLiteral("~ ") + name);
            } else {
                b.append(name);
                expected.append(QStringLiteral("= ") + name);
            }
            if (i == 120) {
                b.append(QStringLiteral("x"));
                expected.append(QStringLiteral("+ x"));
            }
        }
        QTest::addRow("200 layers, 3 edits")
            << tokens(QStringLiteral("l"), 0, 200) << b.join(u' ')
            << expected.join(QStringLiteral(" | ")) << QStringLiteral("=198 ~1 -1 +1");
    }

    // Every layer recompressed (the mirror pushed the image again with zstd, say).
    {
        QStringList b;
        QStringList expected;
        for (int i = 0; i < 200; ++i) {
            b.append(QStringLiteral("l%1'").arg(i));
            expected.append(QStringLiteral("~ l%1").arg(i));
        }
        QTest::addRow("200 layers recompressed")
            << tokens(QStringLiteral("l"), 0, 200) << b.join(u' ')
            << expected.join(QStringLiteral(" | ")) << QStringLiteral("=0 ~200 -0 +0");
    }

    // Reversed: one layer at most can be kept. 2000 x 2000 cells is just under the limit.
    {
        QStringList b;
        QStringList expected;
        for (int i = 0; i < 1999; ++i)
            expected.append(QStringLiteral("- l%1").arg(i));
        expected.append(QStringLiteral("= l1999"));
        for (int i = 1999; i >= 0; --i) {
            b.append(QStringLiteral("l%1").arg(i));
            if (i < 1999)
                expected.append(QStringLiteral("+ l%1").arg(i));
        }
        QVERIFY(2000 * 2000 <= MaxLayerAlignmentCells);
        QTest::addRow("2000 layers reversed")
            << tokens(QStringLiteral("l"), 0, 2000) << b.join(u' ')
            << expected.join(QStringLiteral(" | ")) << QStringLiteral("=1 ~0 -1999 +1999");
    }
}

void TestImageDiff::alignLayers()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(QString, expected);
    QFETCH(QString, counts);

    const LayerList listA = layerList(a);
    const LayerList listB = layerList(b);
    const QList<AlignedLayer> aligned = Layerscope::alignLayers(listA.layers, listB.layers);
    QCOMPARE(alignmentFault(aligned, listA.layers, listB.layers), QString());
    QCOMPARE(render(aligned, listA, listB), expected);
    QCOMPARE(renderCounts(Layerscope::summarize(aligned)), counts);

    // Swapping the sides swaps the removed and added layers, never the number of matches.
    const QList<AlignedLayer> swapped = Layerscope::alignLayers(listB.layers, listA.layers);
    QCOMPARE(alignmentFault(swapped, listB.layers, listA.layers), QString());
    const LayerDiffSummary forward = Layerscope::summarize(aligned);
    const LayerDiffSummary backward = Layerscope::summarize(swapped);
    QCOMPARE(backward.shared + backward.recompressed, forward.shared + forward.recompressed);
    QCOMPARE(backward.onlyA, forward.onlyB);
    QCOMPARE(backward.onlyB, forward.onlyA);
}

void TestImageDiff::alignLayersMatchesLongestCommonSubsequence()
{
    // Random layer lists over a small alphabet, so that repeats and moves are frequent.
    QRandomGenerator random(20240607);
    const auto randomList = [&random](bool withUnknown) {
        QStringList list;
        const int length = random.bounded(11);
        for (int i = 0; i < length; ++i) {
            QString token(QChar(u'a' + random.bounded(4)));
            if (random.bounded(5) == 0)
                token += u'\'';
            if (withUnknown && random.bounded(8) == 0)
                token += u'?';
            list.append(token);
        }
        return list.join(u' ');
    };
    const auto contents = [](const QString &list) {
        QString text = list;
        return text.remove(u'\'').split(u' ', Qt::SkipEmptyParts);
    };

    for (int round = 0; round < 500; ++round) {
        const bool withUnknown = round % 2 == 1;
        const QString a = randomList(withUnknown);
        const QString b = randomList(withUnknown);
        const LayerList listA = layerList(a);
        const LayerList listB = layerList(b);
        const QList<AlignedLayer> aligned = Layerscope::alignLayers(listA.layers, listB.layers);
        const QString context = QStringLiteral("A \"%1\", B \"%2\": ").arg(a, b);
        QCOMPARE(context + alignmentFault(aligned, listA.layers, listB.layers), context);
        if (withUnknown)
            continue;
        // With every diff_id known, the matches are a longest common subsequence of contents.
        const LayerDiffSummary summary = Layerscope::summarize(aligned);
        QCOMPARE(context + QString::number(summary.shared + summary.recompressed),
                 context + QString::number(lcsLength(contents(a), contents(b))));
    }
}

void TestImageDiff::alignLayersBeyondCellLimit()
{
    // 2100 x 2100 shared layers in reverse order exceed the limit: the stretch after the
    // common base is shown as removed and added, every layer still once and in order.
    const QString base = tokens(QStringLiteral("base"), 0, 10);
    QStringList reversed;
    for (int i = 2099; i >= 0; --i)
        reversed.append(QStringLiteral("l%1").arg(i));
    QVERIFY(qsizetype(2100) * 2100 > MaxLayerAlignmentCells);

    const LayerList a = layerList(base + u' ' + tokens(QStringLiteral("l"), 0, 2100));
    const LayerList b = layerList(base + u' ' + reversed.join(u' '));
    const QList<AlignedLayer> aligned = Layerscope::alignLayers(a.layers, b.layers);
    QCOMPARE(alignmentFault(aligned, a.layers, b.layers), QString());
    const LayerDiffSummary summary = Layerscope::summarize(aligned);
    QCOMPARE(renderCounts(summary), QStringLiteral("=10 ~0 -2100 +2100"));
    QCOMPARE(aligned.at(10).change, LayerChange::OnlyA);
    QCOMPARE(aligned.at(2110).change, LayerChange::OnlyB);
}

void TestImageDiff::layerChangeNames()
{
    QCOMPARE(layerChangeName(LayerChange::Same), QStringLiteral("same"));
    QCOMPARE(layerChangeName(LayerChange::Recompressed), QStringLiteral("recompressed"));
    QCOMPARE(layerChangeName(LayerChange::OnlyA), QStringLiteral("onlyA"));
    QCOMPARE(layerChangeName(LayerChange::OnlyB), QStringLiteral("onlyB"));
}

void TestImageDiff::summarize_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<LayerDiffSummary>("expected");

    const auto summary = [](int shared, int recompressed, int onlyA, int onlyB, qint64 sharedBytes,
                            qint64 sizeA, qint64 sizeB, qint64 sizeDelta) {
        LayerDiffSummary result;
        result.shared = shared;
        result.recompressed = recompressed;
        result.onlyA = onlyA;
        result.onlyB = onlyB;
        result.sharedBytes = sharedBytes;
        result.sizeA = sizeA;
        result.sizeB = sizeB;
        result.sizeDelta = sizeDelta;
        return result;
    };
    constexpr qint64 max = std::numeric_limits<qint64>::max();

    QTest::addRow("both empty") << QString() << QString() << summary(0, 0, 0, 0, 0, 0, 0, 0);
    QTest::addRow("identical") << QStringLiteral("a:10 b:20") << QStringLiteral("a:10 b:20")
                               << summary(2, 0, 0, 0, 30, 30, 30, 0);
    QTest::addRow("one of each") << QStringLiteral("a:10 b:20 c:30")
                                 << QStringLiteral("a:10 b':25 d:40")
                                 << summary(1, 1, 1, 1, 10, 60, 75, 15);
    QTest::addRow("B smaller") << QStringLiteral("a:1000 b:500") << QStringLiteral("a:1000")
                               << summary(1, 0, 1, 0, 1000, 1500, 1000, -500);
    QTest::addRow("recompressed bytes are not shared")
        << QStringLiteral("a:10 b:20") << QStringLiteral("a':12 b':18")
        << summary(0, 2, 0, 0, 0, 30, 30, 0);
    QTest::addRow("shared bytes counted on B's side")
        << QStringLiteral("a:10") << QStringLiteral("a:12") << summary(1, 0, 0, 0, 12, 10, 12, 2);
    QTest::addRow("unrelated") << QStringLiteral("a:7 b:8") << QStringLiteral("x:100")
                               << summary(0, 0, 2, 1, 0, 15, 100, 85);
    QTest::addRow("sizes saturate") << QStringLiteral("a:9223372036854775807 b:5") << QString()
                                    << summary(0, 0, 2, 0, 0, max, 0, -max);
}

void TestImageDiff::summarize()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(LayerDiffSummary, expected);

    const LayerDiffSummary summary
        = Layerscope::summarize(Layerscope::alignLayers(layerList(a).layers, layerList(b).layers));
    QCOMPARE(summary.shared, expected.shared);
    QCOMPARE(summary.recompressed, expected.recompressed);
    QCOMPARE(summary.onlyA, expected.onlyA);
    QCOMPARE(summary.onlyB, expected.onlyB);
    QCOMPARE(summary.sharedBytes, expected.sharedBytes);
    QCOMPARE(summary.sizeA, expected.sizeA);
    QCOMPARE(summary.sizeB, expected.sizeB);
    QCOMPARE(summary.sizeDelta, expected.sizeDelta);
    QVERIFY(summary == expected);
}

void TestImageDiff::layerSidesOfRealImage()
{
    // go-containerregistry's layout: a Docker schema2 manifest, its config and its one layer.
    const QString blobs = QStringLiteral("manifests/ggcr_layout/test_index/blobs/sha256/");
    const ImageManifestPtr manifest = parsedManifest(TestData::read(
        blobs
        + QStringLiteral("eebff607b1628d67459b0596643fc07de70d702eccf030f0bc7bb6fc2b278650")));
    const ImageConfig config = parsedConfig(TestData::read(
        blobs
        + QStringLiteral("6e0b05049ed9c17d02e1a55e80d6599dbfcce7f4f4b022e3c673e685789c470e")));
    QCOMPARE(manifest->config().digest, config.digest());

    const QList<LayerSide> sides = layerSides(*manifest, config);
    QCOMPARE(sides.size(), 1);
    QCOMPARE(sides.at(0).index, 0);
    QCOMPARE(
        sides.at(0).digest.toString(),
        QStringLiteral("sha256:dc52c6e48a1d51a96047b059f16889bc889c4b4c28f3b36b3f93187f62fc0b2b"));
    QCOMPARE(sides.at(0).size, 167);
    QCOMPARE(
        sides.at(0).diffId.toString(),
        QStringLiteral("sha256:8897395fd26dc44ad0e2a834335b33198cb41ac4d98dfddf58eced3853fa7b17"));
    QCOMPARE(sides.at(0).createdBy, QStringLiteral("bazel build ..."));

    // The layout's other image has other content: nothing shared, nothing recompressed.
    const ImageManifestPtr other = parsedManifest(TestData::read(
        blobs
        + QStringLiteral("32589985702551b6c56033bb3334432a0a513bf9d6aceda0f67c42b003850720")));
    const ImageConfig otherConfig = parsedConfig(TestData::read(
        blobs
        + QStringLiteral("930705ce23e3b6ed4c08746b6fe880089c864fbaf62482702ae3fdd66b8c7fe9")));
    const QList<AlignedLayer> aligned
        = Layerscope::alignLayers(sides, layerSides(*other, otherConfig));
    QCOMPARE(renderCounts(Layerscope::summarize(aligned)), QStringLiteral("=0 ~0 -1 +1"));
    QVERIFY(!Layerscope::sameImage(config, otherConfig));
}

void TestImageDiff::layerSidesSkipEmptySteps_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QList<qsizetype>>("historyIndexes");
    QTest::addColumn<QStringList>("createdByStarts");

    // docker:1.12 from Docker Hub: ENV steps between the layers, ENTRYPOINT and CMD on top.
    QTest::addRow("steps between layers")
        << QStringLiteral("manifests/imagespec_dockerhub/docker_config_0.json")
        << QList<qsizetype>({0, 1, 5, 6})
        << QStringList({QStringLiteral("/bin/sh -c #(nop) ADD file:d6ee3ba7a4d59b16"),
                        QStringLiteral("/bin/sh -c apk add --no-cache"),
                        QStringLiteral("/bin/sh -c set -x"),
                        QStringLiteral("/bin/sh -c #(nop) COPY file:399605dc1850a60a")});
    // An image whose first step (MAINTAINER) made no layer.
    QTest::addRow("empty first step")
        << QStringLiteral("manifests/imagespec_dockerhub/docker_config_1.json")
        << QList<qsizetype>({1})
        << QStringList({QStringLiteral("/bin/sh -c #(nop) ADD file:293a6e463aa402bb")});
}

void TestImageDiff::layerSidesSkipEmptySteps()
{
    QFETCH(QString, file);
    QFETCH(QList<qsizetype>, historyIndexes);
    QFETCH(QStringList, createdByStarts);

    const QByteArray configBytes = TestData::read(file);
    const ImageConfig config = parsedConfig(configBytes);
    QList<qint64> sizes;
    for (qsizetype i = 0; i < config.diffIds().size(); ++i)
        sizes.append(1000 + i);
    const ImageManifestPtr manifest = parsedManifest(manifestJson(configBytes, sizes));

    QVERIFY(config.historyMatchesLayers());
    QCOMPARE(config.historyIndexForLayers(), historyIndexes);
    const QList<LayerSide> sides = layerSides(*manifest, config);
    QCOMPARE(sides.size(), historyIndexes.size());
    for (qsizetype i = 0; i < sides.size(); ++i) {
        const LayerSide &side = sides.at(i);
        QCOMPARE(side.index, int(i));
        QCOMPARE(side.digest, layerDigest(i));
        QCOMPARE(side.size, 1000 + i);
        QCOMPARE(side.diffId, config.diffIds().at(i));
        QCOMPARE(side.createdBy, config.history().at(historyIndexes.at(i)).createdBy);
        QVERIFY2(side.createdBy.startsWith(createdByStarts.at(i)), qPrintable(side.createdBy));
    }
}

void TestImageDiff::layerSidesCountMismatch()
{
    const QByteArray diffIds
        = R"("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef")";

    // Fewer diff_ids than layers: steps still pair with the manifest's layers.
    {
        const QByteArray json = R"({"architecture":"amd64","os":"linux","history":[)"
                                R"({"created_by":"FROM scratch","empty_layer":true},)"
                                R"({"created_by":"ADD a"},)"
                                R"({"created_by":"ENV x=1","empty_layer":true},)"
                                R"({"created_by":"ADD b"},{"created_by":"ADD c"}],)"
                                R"("rootfs":{"type":"layers","diff_ids":[)"
            + diffIds + "]}}";
        const ImageConfig config = parsedConfig(json);
        const QList<LayerSide> sides
            = layerSides(*parsedManifest(manifestJson(json, {1, 2})), config);
        QCOMPARE(sides.size(), 2);
        QCOMPARE(sides.at(0).diffId, config.diffIds().at(0));
        QCOMPARE(sides.at(0).createdBy, QStringLiteral("ADD a"));
        QVERIFY(sides.at(1).diffId.isNull());
        QCOMPARE(sides.at(1).createdBy, QStringLiteral("ADD b"));
    }

    // Fewer steps than layers: the layers above the last step have none.
    {
        const QByteArray json = R"({"architecture":"amd64","os":"linux","history":[)"
                                R"({"created_by":"ADD a"}],)"
                                R"("rootfs":{"type":"layers","diff_ids":[)"
            + diffIds + "," + diffIds + "]}}";
        const QList<LayerSide> sides
            = layerSides(*parsedManifest(manifestJson(json, {1, 2})), parsedConfig(json));
        QCOMPARE(sides.size(), 2);
        QCOMPARE(sides.at(0).createdBy, QStringLiteral("ADD a"));
        QCOMPARE(sides.at(1).createdBy, QString());
        QVERIFY(!sides.at(1).diffId.isNull());
    }

    // No history at all.
    {
        const QByteArray json = R"({"architecture":"amd64","os":"linux",)"
                                R"("rootfs":{"type":"layers","diff_ids":[)"
            + diffIds + "]}}";
        const QList<LayerSide> sides
            = layerSides(*parsedManifest(manifestJson(json, {7})), parsedConfig(json));
        QCOMPARE(sides.size(), 1);
        QCOMPARE(sides.at(0).createdBy, QString());
        QCOMPARE(sides.at(0).diffId.toString(), QString::fromLatin1(diffIds).remove(u'"'));
    }
}

void TestImageDiff::layerSidesWithoutConfig()
{
    const QByteArray config = configJson({});
    const ImageManifestPtr manifest = parsedManifest(manifestJson(config, {11, 22, 33}));
    const QList<LayerSide> sides = layerSides(*manifest, ImageConfig());
    QCOMPARE(sides.size(), 3);
    for (qsizetype i = 0; i < sides.size(); ++i) {
        QCOMPARE(sides.at(i).index, int(i));
        QCOMPARE(sides.at(i).digest, layerDigest(i));
        QCOMPARE(sides.at(i).size, 11 * (i + 1));
        QVERIFY(sides.at(i).diffId.isNull());
        QVERIFY(sides.at(i).createdBy.isEmpty());
    }

    // Without diff_ids the alignment falls back to the compressed digests.
    const ImageManifestPtr grown = parsedManifest(manifestJson(config, {11, 22, 33, 44}));
    const QList<AlignedLayer> aligned
        = Layerscope::alignLayers(sides, layerSides(*grown, ImageConfig()));
    QCOMPARE(alignmentFault(aligned, sides, layerSides(*grown, ImageConfig())), QString());
    QCOMPARE(renderCounts(Layerscope::summarize(aligned)), QStringLiteral("=3 ~0 -0 +1"));
}

void TestImageDiff::diffConfigs_data()
{
    QTest::addColumn<QByteArray>("a"); // empty: a null config
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<QStringList>("expected");

    const QByteArray full = configJson(
        R"({"Env":["PATH=/usr/bin","MODE=x"],"Labels":{"version":"1.4"},)"
        R"("Entrypoint":["/bin/sh","-c","x"],"Cmd":["run"],"WorkingDir":"/app","User":"app",)"
        R"("ExposedPorts":{"80/tcp":{}},"Volumes":{"/data":{}}})",
        R"("architecture":"arm","os":"linux","variant":"v7")");
    const auto env = [](const QByteArray &list) {
        return configJson(R"({"Env":)" + list + "}");
    };

    QTest::addRow("everything same") << full << full << QStringList();
    QTest::addRow("same, other bytes")
        << full << QByteArray(full).replace(",", ", ") << QStringList();
    QTest::addRow("env added") << env(R"(["A=1"])") << env(R"(["A=1","B=2"])")
                               << QStringList({QStringLiteral(R"(env B: none -> "2")")});
    QTest::addRow("env removed") << env(R"(["A=1","B=2"])") << env(R"(["B=2"])")
                                 << QStringList({QStringLiteral(R"(env A: "1" -> none)")});
    QTest::addRow("env changed") << env(R"(["MODE=x"])") << env(R"(["MODE=y"])")
                                 << QStringList({QStringLiteral(R"(env MODE: "x" -> "y")")});
    QTest::addRow("env with '=' in the value")
        << env(R"(["OPTS=-Da=b","EMPTY="])") << env(R"(["OPTS=-Da=c","EMPTY=="])")
        << QStringList({QStringLiteral(R"(env OPTS: "-Da=b" -> "-Da=c")"),
                        QStringLiteral(R"(env EMPTY: "" -> "=")")});
    QTest::addRow("env without '=' equals an empty value")
        << env(R"(["FLAG"])") << env(R"(["FLAG="])") << QStringList();
    QTest::addRow("env without '=' removed")
        << env(R"(["FLAG","A=1"])") << env(R"(["A=1"])")
        << QStringList({QStringLiteral(R"(env FLAG: "" -> none)")});
    QTest::addRow("env duplicate: the first entry counts")
        << env(R"(["X=1","X=2"])") << env(R"(["X=1","X=3"])") << QStringList();
    QTest::addRow("env duplicate: reordered")
        << env(R"(["X=1"])") << env(R"(["X=2","X=1"])")
        << QStringList({QStringLiteral(R"(env X: "1" -> "2")")});
    QTest::addRow("env order: A's first appearance, then B's")
        << env(R"(["Z=1","A=1","M=1"])") << env(R"(["N=2","M=2","Z=2","A=1"])")
        << QStringList({QStringLiteral(R"(env Z: "1" -> "2")"),
                        QStringLiteral(R"(env M: "1" -> "2")"),
                        QStringLiteral(R"(env N: none -> "2")")});
    QTest::addRow("labels changed, added, removed (sorted)")
        << configJson(R"({"Labels":{"version":"1.4","gone":"x","b":"1"}})")
        << configJson(R"({"Labels":{"version":"1.5","a":"new","b":"1"}})")
        << QStringList({QStringLiteral(R"(labels a: none -> "new")"),
                        QStringLiteral(R"(labels gone: "x" -> none)"),
                        QStringLiteral(R"(labels version: "1.4" -> "1.5")")});
    QTest::addRow("label with empty value added")
        << configJson(R"({"Labels":{}})") << configJson(R"({"Labels":{"flag":""}})")
        << QStringList({QStringLiteral(R"(labels flag: none -> "")")});
    QTest::addRow("entrypoint changed")
        << configJson(R"({"Entrypoint":["/bin/sh","-c","x"],"Cmd":["a"]})")
        << configJson(R"({"Entrypoint":["/bin/sh","-c","y"],"Cmd":["a"]})")
        << QStringList(
               {QStringLiteral(R"(entrypoint: "["/bin/sh","-c","x"]" -> "["/bin/sh","-c","y"]")")});
    QTest::addRow("cmd changed, entrypoint unchanged")
        << configJson(R"({"Entrypoint":["tini","--"],"Cmd":["serve"]})")
        << configJson(R"({"Entrypoint":["tini","--"],"Cmd":["serve","--debug"]})")
        << QStringList({QStringLiteral(R"(cmd: "["serve"]" -> "["serve","--debug"]")")});
    QTest::addRow("cmd removed") << configJson(R"({"Cmd":["sh"]})") << configJson(R"({"Cmd":null})")
                                 << QStringList({QStringLiteral(R"(cmd: "["sh"]" -> none)")});
    QTest::addRow("cmd empty equals absent")
        << configJson(R"({"Cmd":[]})") << configJson(R"({})") << QStringList();
    QTest::addRow("cmd split differently")
        << configJson(R"({"Cmd":["a b"]})") << configJson(R"({"Cmd":["a","b"]})")
        << QStringList({QStringLiteral(R"(cmd: "["a b"]" -> "["a","b"]")")});
    QTest::addRow("cmd with quotes and non-ASCII")
        << configJson(R"({"Cmd":["echo","\"hi\""]})")
        << configJson(R"({"Cmd":["echo","gr\u00fc\u00df"]})")
        << QStringList({QStringLiteral(R"(cmd: "["echo","\"hi\""]" -> "["echo","grüß"]")")});
    QTest::addRow("workingDir changed")
        << configJson(R"({"WorkingDir":"/app"})") << configJson(R"({"WorkingDir":"/srv"})")
        << QStringList({QStringLiteral(R"(workingDir: "/app" -> "/srv")")});
    QTest::addRow("workingDir set")
        << configJson(R"({"WorkingDir":""})") << configJson(R"({"WorkingDir":"/srv"})")
        << QStringList({QStringLiteral(R"(workingDir: none -> "/srv")")});
    QTest::addRow("user changed") << configJson(R"({"User":"root"})")
                                  << configJson(R"({"User":"1000:1000"})")
                                  << QStringList(
                                         {QStringLiteral(R"(user: "root" -> "1000:1000")")});
    QTest::addRow("exposedPorts") << configJson(R"({"ExposedPorts":{"80/tcp":{},"53/udp":{}}})")
                                  << configJson(R"({"ExposedPorts":{"80/tcp":{},"443/tcp":{}}})")
                                  << QStringList(
                                         {QStringLiteral(R"(exposedPorts 443/tcp: none -> "")"),
                                          QStringLiteral(R"(exposedPorts 53/udp: "" -> none)")});
    QTest::addRow("volumes") << configJson(R"({"Volumes":{"/data":{}}})")
                             << configJson(R"({"Volumes":{"/var/lib/app":{}}})")
                             << QStringList(
                                    {QStringLiteral(R"(volumes /data: "" -> none)"),
                                     QStringLiteral(R"(volumes /var/lib/app: none -> "")")});
    QTest::addRow("architecture and variant")
        << configJson({}, R"("architecture":"arm","os":"linux","variant":"v7")")
        << configJson({}, R"("architecture":"arm64","os":"linux","variant":"v8")")
        << QStringList({QStringLiteral(R"(architecture: "arm" -> "arm64")"),
                        QStringLiteral(R"(variant: "v7" -> "v8")")});
    QTest::addRow("os, variant dropped")
        << configJson({}, R"("architecture":"arm","os":"linux","variant":"v7")")
        << configJson({}, R"("architecture":"arm","os":"windows")")
        << QStringList({QStringLiteral(R"(os: "linux" -> "windows")"),
                        QStringLiteral(R"(variant: "v7" -> none)")});
    QTest::addRow("every field, in order")
        << full
        << configJson(R"({"Env":["PATH=/usr/bin","MODE=y"],"Labels":{"version":"1.5"},)"
                      R"("Entrypoint":["/bin/sh","-c","y"],"Cmd":["run","-v"],)"
                      R"("WorkingDir":"/srv","User":"root",)"
                      R"("ExposedPorts":{"81/tcp":{}},"Volumes":{"/cache":{}}})",
                      R"("architecture":"amd64","os":"windows","variant":"v1")")
        << QStringList(
               {QStringLiteral(R"(env MODE: "x" -> "y")"),
                QStringLiteral(R"(labels version: "1.4" -> "1.5")"),
                QStringLiteral(R"(entrypoint: "["/bin/sh","-c","x"]" -> "["/bin/sh","-c","y"]")"),
                QStringLiteral(R"(cmd: "["run"]" -> "["run","-v"]")"),
                QStringLiteral(R"(workingDir: "/app" -> "/srv")"),
                QStringLiteral(R"(user: "app" -> "root")"),
                QStringLiteral(R"(exposedPorts 80/tcp: "" -> none)"),
                QStringLiteral(R"(exposedPorts 81/tcp: none -> "")"),
                QStringLiteral(R"(volumes /cache: none -> "")"),
                QStringLiteral(R"(volumes /data: "" -> none)"),
                QStringLiteral(R"(os: "linux" -> "windows")"),
                QStringLiteral(R"(architecture: "arm" -> "amd64")"),
                QStringLiteral(R"(variant: "v7" -> "v1")")});
    QTest::addRow("config object missing")
        << configJson({}) << configJson(R"({"Env":["A=1"],"User":"app"})")
        << QStringList(
               {QStringLiteral(R"(env A: none -> "1")"), QStringLiteral(R"(user: none -> "app")")});
    QTest::addRow("config null equals empty")
        << configJson("null") << configJson("{}") << QStringList();
    QTest::addRow("null config against an image")
        << QByteArray()
        << configJson(R"({"Env":["A=1"],"Cmd":["sh"]})",
                      R"("architecture":"arm64","os":"linux","variant":"v8")")
        << QStringList({QStringLiteral(R"(env A: none -> "1")"),
                        QStringLiteral(R"(cmd: none -> "["sh"]")"),
                        QStringLiteral(R"(os: none -> "linux")"),
                        QStringLiteral(R"(architecture: none -> "arm64")"),
                        QStringLiteral(R"(variant: none -> "v8")")});
    QTest::addRow("image against a null config")
        << configJson(R"({"User":"app"})") << QByteArray()
        << QStringList({QStringLiteral(R"(user: "app" -> none)"),
                        QStringLiteral(R"(os: "linux" -> none)"),
                        QStringLiteral(R"(architecture: "amd64" -> none)")});
    QTest::addRow("two null configs") << QByteArray() << QByteArray() << QStringList();
    QTest::addRow("container_config is not compared")
        << configJson(R"({"Cmd":["sh"]})")
        << QByteArray(configJson(R"({"Cmd":["sh"]})"))
               .replace(R"("config":)", R"("container_config":{"Cmd":["other"]},"config":)")
        << QStringList();
}

void TestImageDiff::diffConfigs()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(QStringList, expected);

    const ImageConfig configA = parsedConfig(a);
    const ImageConfig configB = parsedConfig(b);
    const QList<ConfigDifference> differences = Layerscope::diffConfigs(configA, configB);
    QStringList rendered;
    for (const ConfigDifference &difference : differences)
        rendered.append(renderDifference(difference));
    QCOMPARE(rendered, expected);

    // Swapped sides give the same differences with a and b exchanged (env's order aside).
    const QList<ConfigDifference> swapped = Layerscope::diffConfigs(configB, configA);
    QCOMPARE(swapped.size(), differences.size());
    for (const ConfigDifference &difference : differences) {
        const ConfigDifference mirrored{difference.field, difference.key, difference.b,
                                        difference.a};
        QVERIFY2(swapped.contains(mirrored), qPrintable(renderDifference(difference)));
    }

    const QStringList fields = {
        QStringLiteral("env"),          QStringLiteral("labels"),     QStringLiteral("entrypoint"),
        QStringLiteral("cmd"),          QStringLiteral("workingDir"), QStringLiteral("user"),
        QStringLiteral("exposedPorts"), QStringLiteral("volumes"),    QStringLiteral("os"),
        QStringLiteral("architecture"), QStringLiteral("variant")};
    qsizetype previousField = 0;
    for (const ConfigDifference &difference : differences) {
        const qsizetype field = fields.indexOf(difference.field);
        QVERIFY2(field >= previousField, qPrintable(difference.field));
        QVERIFY(difference.a != difference.b);
        previousField = field;
    }
}

void TestImageDiff::sameImage_data()
{
    QTest::addColumn<QByteArray>("a"); // empty: a null config
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("expected");

    const QByteArray config = configJson(R"({"Env":["A=1"]})");
    QTest::addRow("same document") << config << config << true;
    QTest::addRow("same content, other bytes")
        << config << QByteArray(config).replace(",", ", ") << false;
    QTest::addRow("other content") << config << configJson(R"({"Env":["A=2"]})") << false;
    QTest::addRow("null and image") << QByteArray() << config << false;
    QTest::addRow("image and null") << config << QByteArray() << false;
    QTest::addRow("both null") << QByteArray() << QByteArray() << false;
}

void TestImageDiff::sameImage()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, expected);

    QCOMPARE(Layerscope::sameImage(parsedConfig(a), parsedConfig(b)), expected);
    QCOMPARE(Layerscope::sameImage(parsedConfig(b), parsedConfig(a)), expected);
}

void TestImageDiff::sameImageRecompressed()
{
    // One config, two manifests whose layers are other blobs: a mirror that recompressed the
    // image. The manifests differ; the image is the same, and every layer is recompressed.
    const QByteArray json
        = R"({"architecture":"amd64","os":"linux","history":[)"
          R"({"created_by":"ADD base"},{"created_by":"RUN make"}],)"
          R"("rootfs":{"type":"layers","diff_ids":[)"
          R"("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef",)"
          R"("sha256:1111111111111111111111111111111111111111111111111111111111111111"]}})";
    const ImageConfig config = parsedConfig(json);
    const QByteArray upstream = manifestJson(json, {100, 200}, "gzip ");
    const QByteArray mirror = manifestJson(json, {90, 180}, "zstd ");
    QVERIFY(Digest::compute(upstream) != Digest::compute(mirror));

    QVERIFY(Layerscope::sameImage(config, parsedConfig(json)));
    const QList<LayerSide> a = layerSides(*parsedManifest(upstream), config);
    const QList<LayerSide> b = layerSides(*parsedManifest(mirror), config);
    const QList<AlignedLayer> aligned = Layerscope::alignLayers(a, b);
    QCOMPARE(alignmentFault(aligned, a, b), QString());
    QCOMPARE(aligned.size(), 2);
    QCOMPARE(aligned.at(0).change, LayerChange::Recompressed);
    QCOMPARE(aligned.at(1).change, LayerChange::Recompressed);
    QCOMPARE(aligned.at(1).b->createdBy, QStringLiteral("RUN make"));
    const LayerDiffSummary summary = Layerscope::summarize(aligned);
    QCOMPARE(summary.sizeDelta, -30);
    QCOMPARE(summary.sharedBytes, 0);
    QVERIFY(Layerscope::diffConfigs(config, config).isEmpty());
}

QTEST_GUILESS_MAIN(TestImageDiff)
#include "tst_imagediff.moc"
