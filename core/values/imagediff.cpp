#include "values/imagediff.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSet>
#include <QtNumeric>

#include <algorithm>
#include <limits>

namespace Layerscope {

namespace {

/// A pair of matched layers: an index into A's list and one into B's.
struct Match
{
    qsizetype a;
    qsizetype b;
};

/// The key a layer is matched on in one pass of the alignment; null keys never match.
using KeyOf = const Digest &(*)(const LayerSide &);

const Digest &diffIdOf(const LayerSide &layer)
{
    return layer.diffId;
}

const Digest &digestOf(const LayerSide &layer)
{
    return layer.digest;
}

/**
 * Appends to \a matches the pairs of a longest common subsequence, on \a key, of a[aBegin,
 * aEnd) and b[bBegin, bEnd), in order.
 *
 * Layers whose key is not on the other side at all can never match, so they are left out of
 * the table before it is built: comparing two unrelated images then costs nothing, and only
 * the layers the two sides share count against MaxLayerAlignmentCells.
 */
void appendCommonSubsequence(const QList<LayerSide> &a, qsizetype aBegin, qsizetype aEnd,
                             const QList<LayerSide> &b, qsizetype bBegin, qsizetype bEnd, KeyOf key,
                             QList<Match> &matches)
{
    // A shared base is the common case (an image and the one built on it): no table for it.
    while (aBegin < aEnd && bBegin < bEnd && !key(a.at(aBegin)).isNull()
           && key(a.at(aBegin)) == key(b.at(bBegin))) {
        matches.append({aBegin++, bBegin++});
    }

    // Each key gets a number, so that the table compares integers.
    QHash<Digest, int> idsA;
    for (qsizetype i = aBegin; i < aEnd; ++i) {
        if (!key(a.at(i)).isNull() && !idsA.contains(key(a.at(i))))
            idsA.insert(key(a.at(i)), int(idsA.size()));
    }
    QList<qsizetype> ib;
    QList<int> keysB;
    QSet<int> sharedIds;
    for (qsizetype j = bBegin; j < bEnd; ++j) {
        const auto id = idsA.constFind(key(b.at(j)));
        if (key(b.at(j)).isNull() || id == idsA.constEnd())
            continue;
        ib.append(j);
        keysB.append(*id);
        sharedIds.insert(*id);
    }
    QList<qsizetype> ia;
    QList<int> keysA;
    for (qsizetype i = aBegin; i < aEnd; ++i) {
        const auto id = idsA.constFind(key(a.at(i)));
        if (key(a.at(i)).isNull() || !sharedIds.contains(*id))
            continue;
        ia.append(i);
        keysA.append(*id);
    }
    const qsizetype n = ia.size();
    const qsizetype m = ib.size();
    if (n == 0 || m == 0 || n * m > MaxLayerAlignmentCells)
        return;

    // length(i, j): the length of a longest common subsequence of keysA[i..] and keysB[j..].
    // It is at most the shorter list's length, which the cell limit keeps far below 2^16.
    const qsizetype width = m + 1;
    QList<quint16> length((n + 1) * width, 0);
    const int *keyB = keysB.constData();
    for (qsizetype i = n - 1; i >= 0; --i) {
        quint16 *row = length.data() + i * width;
        const quint16 *below = row + width;
        const int keyA = keysA.at(i);
        for (qsizetype j = m - 1; j >= 0; --j)
            row[j] = keyA == keyB[j] ? quint16(below[j + 1] + 1) : std::max(below[j], row[j + 1]);
    }
    const auto at = [&](qsizetype i, qsizetype j) {
        return length.at(i * width + j);
    };

    // Walking up from the base, equal layers are paired at once (that never shortens the
    // result); otherwise A's layer is given up when that keeps the length, else B's.
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n && j < m) {
        if (keysA.at(i) == keysB.at(j)) {
            matches.append({ia.at(i++), ib.at(j++)});
        } else if (at(i + 1, j) >= at(i, j + 1)) {
            ++i;
        } else {
            ++j;
        }
    }
}

qint64 saturatingAdd(qint64 sum, qint64 value)
{
    qint64 result = 0;
    if (qAddOverflow(sum, value, &result))
        return value > 0 ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
    return result;
}

qint64 saturatingSubtract(qint64 from, qint64 value)
{
    qint64 result = 0;
    if (qSubOverflow(from, value, &result))
        return value < 0 ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
    return result;
}

/// The variables of an environment by name, in order of first appearance.
struct Environment
{
    QStringList names;
    QHash<QString, QString> values;
};

Environment environmentOf(const QStringList &entries)
{
    Environment environment;
    for (const QString &entry : entries) {
        const qsizetype equals = entry.indexOf(u'=');
        const QString name = equals < 0 ? entry : entry.left(equals);
        if (environment.values.contains(name))
            continue;
        environment.names.append(name);
        environment.values.insert(name, equals < 0 ? QString() : entry.mid(equals + 1));
    }
    return environment;
}

QMap<QString, QString> keysWithEmptyValues(const QStringList &keys)
{
    QMap<QString, QString> map;
    for (const QString &key : keys)
        map.insert(key, QString());
    return map;
}

std::optional<QString> singleValue(const QString &value)
{
    if (value.isEmpty())
        return std::nullopt;
    return value;
}

std::optional<QString> listValue(const QStringList &list)
{
    if (list.isEmpty())
        return std::nullopt;
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

std::optional<QString> valueIn(const QMap<QString, QString> &map, const QString &key)
{
    const auto it = map.constFind(key);
    if (it == map.constEnd())
        return std::nullopt;
    return *it;
}

/// Collects the differences of one config comparison, in the order they are added.
class DifferenceList
{
public:
    void add(const QString &field, const QString &key, const std::optional<QString> &a,
             const std::optional<QString> &b)
    {
        if (a != b)
            m_list.append({field, key, a, b});
    }

    void addSingle(const QString &field, const std::optional<QString> &a,
                   const std::optional<QString> &b)
    {
        add(field, QString(), a, b);
    }

    void addMap(const QString &field, const QMap<QString, QString> &a,
                const QMap<QString, QString> &b)
    {
        QStringList keys = a.keys();
        for (auto it = b.constBegin(); it != b.constEnd(); ++it) {
            if (!a.contains(it.key()))
                keys.append(it.key());
        }
        std::sort(keys.begin(), keys.end());
        for (const QString &key : std::as_const(keys))
            add(field, key, valueIn(a, key), valueIn(b, key));
    }

    void addEnvironment(const QString &field, const Environment &a, const Environment &b)
    {
        QStringList names = a.names;
        for (const QString &name : b.names) {
            if (!a.values.contains(name))
                names.append(name);
        }
        for (const QString &name : std::as_const(names)) {
            const auto valueA = a.values.constFind(name);
            const auto valueB = b.values.constFind(name);
            add(field, name,
                valueA == a.values.constEnd() ? std::nullopt : std::optional<QString>(*valueA),
                valueB == b.values.constEnd() ? std::nullopt : std::optional<QString>(*valueB));
        }
    }

    QList<ConfigDifference> takeList() { return std::move(m_list); }

private:
    QList<ConfigDifference> m_list;
};

} // namespace

QList<LayerSide> layerSides(const ImageManifest &manifest, const ImageConfig &config)
{
    const QList<Descriptor> &layers = manifest.layers();
    const QList<Digest> &diffIds = config.diffIds();
    const QList<ImageConfig::HistoryEntry> &history = config.history();
    QList<LayerSide> sides;
    sides.reserve(layers.size());
    qsizetype step = 0;
    for (qsizetype i = 0; i < layers.size(); ++i) {
        LayerSide side;
        side.index = int(i);
        side.digest = layers.at(i).digest;
        side.size = layers.at(i).size;
        if (i < diffIds.size())
            side.diffId = diffIds.at(i);
        while (step < history.size() && history.at(step).emptyLayer)
            ++step;
        if (step < history.size())
            side.createdBy = history.at(step++).createdBy;
        sides.append(side);
    }
    return sides;
}

QString layerChangeName(LayerChange change)
{
    switch (change) {
    case LayerChange::Same:
        return QStringLiteral("same");
    case LayerChange::Recompressed:
        return QStringLiteral("recompressed");
    case LayerChange::OnlyA:
        return QStringLiteral("onlyA");
    case LayerChange::OnlyB:
        return QStringLiteral("onlyB");
    }
    Q_UNREACHABLE();
    return {};
}

QList<AlignedLayer> alignLayers(const QList<LayerSide> &a, const QList<LayerSide> &b)
{
    QList<Match> byDiffId;
    appendCommonSubsequence(a, 0, a.size(), b, 0, b.size(), diffIdOf, byDiffId);

    // The stretches between diff_id matches are aligned again on the compressed digest: that
    // is where layers whose diff_id is unknown (no config, a short diff_ids list) are.
    QList<Match> matches;
    Match previous{-1, -1};
    for (qsizetype k = 0; k <= byDiffId.size(); ++k) {
        const Match next = k < byDiffId.size() ? byDiffId.at(k) : Match{a.size(), b.size()};
        appendCommonSubsequence(a, previous.a + 1, next.a, b, previous.b + 1, next.b, digestOf,
                                matches);
        if (k < byDiffId.size())
            matches.append(next);
        previous = next;
    }

    QList<AlignedLayer> aligned;
    aligned.reserve(a.size() + b.size() - matches.size());
    qsizetype i = 0;
    qsizetype j = 0;
    for (qsizetype k = 0; k <= matches.size(); ++k) {
        const Match next = k < matches.size() ? matches.at(k) : Match{a.size(), b.size()};
        for (; i < next.a; ++i)
            aligned.append({LayerChange::OnlyA, a.at(i), std::nullopt});
        for (; j < next.b; ++j)
            aligned.append({LayerChange::OnlyB, std::nullopt, b.at(j)});
        if (k < matches.size()) {
            const LayerSide &left = a.at(i++);
            const LayerSide &right = b.at(j++);
            aligned.append(
                {left.digest == right.digest ? LayerChange::Same : LayerChange::Recompressed, left,
                 right});
        }
    }
    return aligned;
}

LayerDiffSummary summarize(const QList<AlignedLayer> &aligned)
{
    LayerDiffSummary summary;
    for (const AlignedLayer &row : aligned) {
        switch (row.change) {
        case LayerChange::Same:
            ++summary.shared;
            break;
        case LayerChange::Recompressed:
            ++summary.recompressed;
            break;
        case LayerChange::OnlyA:
            ++summary.onlyA;
            break;
        case LayerChange::OnlyB:
            ++summary.onlyB;
            break;
        }
        if (row.a)
            summary.sizeA = saturatingAdd(summary.sizeA, row.a->size);
        if (row.b)
            summary.sizeB = saturatingAdd(summary.sizeB, row.b->size);
        if (row.change == LayerChange::Same && row.b)
            summary.sharedBytes = saturatingAdd(summary.sharedBytes, row.b->size);
    }
    summary.sizeDelta = saturatingSubtract(summary.sizeB, summary.sizeA);
    return summary;
}

QList<ConfigDifference> diffConfigs(const ImageConfig &a, const ImageConfig &b)
{
    const ImageConfig::RunConfig &runA = a.config();
    const ImageConfig::RunConfig &runB = b.config();
    DifferenceList differences;
    differences.addEnvironment(QStringLiteral("env"), environmentOf(runA.env),
                               environmentOf(runB.env));
    differences.addMap(QStringLiteral("labels"), runA.labels, runB.labels);
    differences.addSingle(QStringLiteral("entrypoint"), listValue(runA.entrypoint),
                          listValue(runB.entrypoint));
    differences.addSingle(QStringLiteral("cmd"), listValue(runA.cmd), listValue(runB.cmd));
    differences.addSingle(QStringLiteral("workingDir"), singleValue(runA.workingDir),
                          singleValue(runB.workingDir));
    differences.addSingle(QStringLiteral("user"), singleValue(runA.user), singleValue(runB.user));
    differences.addMap(QStringLiteral("exposedPorts"), keysWithEmptyValues(runA.exposedPorts),
                       keysWithEmptyValues(runB.exposedPorts));
    differences.addMap(QStringLiteral("volumes"), keysWithEmptyValues(runA.volumes),
                       keysWithEmptyValues(runB.volumes));
    differences.addSingle(QStringLiteral("os"), singleValue(a.platform().os),
                          singleValue(b.platform().os));
    differences.addSingle(QStringLiteral("architecture"), singleValue(a.platform().architecture),
                          singleValue(b.platform().architecture));
    differences.addSingle(QStringLiteral("variant"), singleValue(a.platform().variant),
                          singleValue(b.platform().variant));
    return differences.takeList();
}

bool sameImage(const ImageConfig &a, const ImageConfig &b)
{
    return !a.isNull() && !b.isNull() && a.digest() == b.digest();
}

} // namespace Layerscope
