#include "comparelayersmodel.h"

#include "common/cellfont.h"
#include "common/roles.h"
#include "comparecolors.h"
#include "image/layersmodel.h"
#include "image/platformsmodel.h"

#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>

namespace Layerscope {

namespace {

constexpr int SideA = 0;
constexpr int SideB = 1;

int sideOfColumn(int column)
{
    switch (column) {
    case CompareLayersModel::DigestAColumn:
    case CompareLayersModel::SizeAColumn:
    case CompareLayersModel::CreatedByAColumn:
        return SideA;
    case CompareLayersModel::DigestBColumn:
    case CompareLayersModel::SizeBColumn:
    case CompareLayersModel::CreatedByBColumn:
        return SideB;
    default:
        return -1;
    }
}

bool isDigestColumn(int column)
{
    return column == CompareLayersModel::DigestAColumn
        || column == CompareLayersModel::DigestBColumn;
}

bool isSizeColumn(int column)
{
    return column == CompareLayersModel::SizeAColumn || column == CompareLayersModel::SizeBColumn;
}

QString sideLetter(int side)
{
    return side == SideA ? QStringLiteral("A") : QStringLiteral("B");
}

} // namespace

CompareLayersModel::CompareLayersModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_markers{marker(LayerChange::Same), marker(LayerChange::Recompressed),
                marker(LayerChange::OnlyA), marker(LayerChange::OnlyB)}
    , m_missing(tr("—"))
{ }

QString CompareLayersModel::marker(LayerChange change)
{
    switch (change) {
    case LayerChange::Same:
        return QStringLiteral("=");
    case LayerChange::Recompressed:
        return QStringLiteral("≈");
    case LayerChange::OnlyA:
        return QStringLiteral("−");
    case LayerChange::OnlyB:
        return QStringLiteral("+");
    }
    return {};
}

QString CompareLayersModel::changeText(LayerChange change)
{
    switch (change) {
    case LayerChange::Same:
        return tr("same");
    case LayerChange::Recompressed:
        return tr("recompressed");
    case LayerChange::OnlyA:
        return tr("only in A");
    case LayerChange::OnlyB:
        return tr("only in B");
    }
    return {};
}

QString CompareLayersModel::changeDescription(LayerChange change)
{
    switch (change) {
    case LayerChange::Same:
        return tr("Same: the same compressed blob on both sides (equal digests).");
    case LayerChange::Recompressed:
        return tr("Recompressed: the same content (equal diff_id) stored as another compressed "
                  "blob (a different digest).");
    case LayerChange::OnlyA:
        return tr("Only in A: B has no such layer here (removed).");
    case LayerChange::OnlyB:
        return tr("Only in B: A has no such layer here (added).");
    }
    return {};
}

void CompareLayersModel::setLayers(const QList<AlignedLayer> &layers)
{
    beginResetModel();
    // Fonts are looked up once per reset rather than for every cell painted.
    QFont marker;
    marker.setBold(true);
    m_markerFont = marker;
    m_digestFont = documentCellFont(true, false);
    m_layers = layers;
    m_texts.clear();
    m_texts.reserve(layers.size());
    m_differenceRows.clear();
    for (int row = 0; row < m_layers.size(); ++row) {
        const AlignedLayer &layer = m_layers.at(row);
        std::array<SideText, 2> texts;
        for (int s : {SideA, SideB}) {
            const std::optional<LayerSide> &layerSide = side(layer, s);
            if (!layerSide) {
                texts[s].digest = m_missing;
                continue;
            }
            texts[s].digest = LayersModel::shortDigest(layerSide->digest);
            texts[s].size
                = layerSide->size < 0 ? tr("unknown") : PlatformsModel::sizeText(layerSide->size);
            texts[s].createdBy = LayersModel::displayCreatedBy(layerSide->createdBy);
        }
        m_texts.append(texts);
        if (layer.change != LayerChange::Same)
            m_differenceRows.append(row);
    }
    endResetModel();
}

void CompareLayersModel::clear()
{
    setLayers({});
}

void CompareLayersModel::setSideNames(const QString &a, const QString &b)
{
    m_sideNameA = a;
    m_sideNameB = b;
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

int CompareLayersModel::nextDifference(int fromRow) const
{
    if (m_differenceRows.isEmpty())
        return -1;
    if (fromRow < 0 || fromRow >= m_layers.size())
        return m_differenceRows.constFirst();
    const auto after
        = std::upper_bound(m_differenceRows.cbegin(), m_differenceRows.cend(), fromRow);
    return after == m_differenceRows.cend() ? m_differenceRows.constFirst() : *after;
}

int CompareLayersModel::previousDifference(int fromRow) const
{
    if (m_differenceRows.isEmpty())
        return -1;
    if (fromRow < 0 || fromRow >= m_layers.size())
        return m_differenceRows.constLast();
    const auto atOrAfter
        = std::lower_bound(m_differenceRows.cbegin(), m_differenceRows.cend(), fromRow);
    return atOrAfter == m_differenceRows.cbegin() ? m_differenceRows.constLast()
                                                  : *std::prev(atOrAfter);
}

int CompareLayersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_layers.size());
}

int CompareLayersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const std::optional<LayerSide> &CompareLayersModel::side(const AlignedLayer &row, int side) const
{
    return side == SideA ? row.a : row.b;
}

const CompareLayersModel::Colors &CompareLayersModel::colors() const
{
    // The palette can change while the model lives (a theme switch); the tints follow it.
    const QPalette palette = QGuiApplication::palette();
    if (m_colors.paletteKey != palette.cacheKey()) {
        m_colors.paletteKey = palette.cacheKey();
        for (LayerChange change :
             {LayerChange::Same, LayerChange::Recompressed, LayerChange::OnlyA, LayerChange::OnlyB})
            m_colors.tints[int(change)] = compareTintColor(compareTint(change), palette);
        m_colors.muted = compareMutedColor(palette);
    }
    return m_colors;
}

QVariant CompareLayersModel::displayData(int row, int column) const
{
    if (column == MarkerColumn)
        return m_markers.at(int(m_layers.at(row).change));
    const int s = sideOfColumn(column);
    if (s < 0)
        return {};
    const SideText &text = m_texts.at(row).at(s);
    if (isDigestColumn(column))
        return text.digest;
    if (isSizeColumn(column))
        return text.size;
    return text.createdBy;
}

QVariant CompareLayersModel::toolTipData(const AlignedLayer &row, int column) const
{
    if (column == MarkerColumn)
        return changeDescription(row.change);
    const int s = sideOfColumn(column);
    const std::optional<LayerSide> &layer = side(row, s);
    if (!layer) {
        return s == SideA ? tr("A has no layer in this row: the layer of B was added.")
                          : tr("B has no layer in this row: the layer of A was removed.");
    }
    if (isDigestColumn(column)) {
        QStringList lines{tr("%1, layer %2: %3")
                              .arg(sideLetter(s))
                              .arg(layer->index + 1)
                              .arg(layer->digest.toString())};
        lines.append(layer->diffId.isNull() ? tr("diff_id: unknown")
                                            : tr("diff_id: %1").arg(layer->diffId.toString()));
        lines.append(changeDescription(row.change));
        return lines.join(QLatin1Char('\n'));
    }
    if (isSizeColumn(column)) {
        if (layer->size < 0)
            return tr("The manifest records no size for this layer.");
        return tr("%1 bytes compressed").arg(QLocale().toString(layer->size));
    }
    if (layer->createdBy.isEmpty())
        return tr("The config's history has no build step for this layer.");
    return layer->createdBy;
}

QVariant CompareLayersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int rowNumber = index.row();
    const int column = index.column();
    const AlignedLayer &row = m_layers.at(rowNumber);
    const int s = sideOfColumn(column);
    const std::optional<LayerSide> *layer = s < 0 ? nullptr : &side(row, s);
    const bool present = layer && layer->has_value();

    switch (role) {
    case Qt::DisplayRole:
        return displayData(rowNumber, column);
    case Qt::ToolTipRole:
        return toolTipData(row, column);
    case Qt::AccessibleTextRole:
        if (column == MarkerColumn)
            return changeText(row.change);
        if (layer && !present && isDigestColumn(column))
            return s == SideA ? tr("not in A") : tr("not in B");
        return displayData(rowNumber, column);
    case Qt::TextAlignmentRole:
        if (column == MarkerColumn)
            return int(Qt::AlignCenter);
        if (isSizeColumn(column))
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (column == MarkerColumn)
            return m_markerFont;
        return isDigestColumn(column) && present ? m_digestFont : QVariant();
    case Qt::BackgroundRole: {
        // The side without a layer stays untinted, as the gap of a diff tool.
        if (row.change == LayerChange::Same || (layer && !present))
            return {};
        return colors().tints.at(int(row.change));
    }
    case Qt::ForegroundRole:
        if (layer && !present)
            return colors().muted;
        return {};
    case ChangeRole:
        return int(row.change);
    case ChangeNameRole:
        return layerChangeName(row.change);
    case SideRole:
        return s;
    case LayerIndexRole:
        return present ? (*layer)->index : -1;
    case SizeRole:
        return present ? QVariant((*layer)->size) : QVariant();
    case DiffIdRole:
        return present && !(*layer)->diffId.isNull() ? (*layer)->diffId.toString() : QString();
    case CreatedByRole:
        return present ? (*layer)->createdBy : QString();
    case DigestRole:
        if (present)
            return (*layer)->digest.toString();
        if (column == MarkerColumn) {
            // One digest stands for the row unless it is recompressed (two digests).
            if (row.change == LayerChange::Same || row.change == LayerChange::OnlyA)
                return row.a ? row.a->digest.toString() : QString();
            if (row.change == LayerChange::OnlyB)
                return row.b ? row.b->digest.toString() : QString();
        }
        return QString();
    case ReferenceRole:
    case ErrorRole:
    case NameRole:
        // A layer is a blob: no reference pulls it, and it has no name.
        return QString();
    default:
        return {};
    }
}

QVariant CompareLayersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    const int s = sideOfColumn(section);
    if (role == Qt::DisplayRole) {
        if (section == MarkerColumn)
            return tr("Change");
        if (isDigestColumn(section))
            return tr("%1 digest").arg(sideLetter(s));
        if (isSizeColumn(section))
            return tr("%1 size").arg(sideLetter(s));
        return tr("%1 created by").arg(sideLetter(s));
    }
    if (role == Qt::ToolTipRole) {
        if (section == MarkerColumn)
            return tr("= same · ≈ recompressed · − only in A · + only in B");
        const QString name = s == SideA ? m_sideNameA : m_sideNameB;
        const QString sideName
            = name.isEmpty() ? sideLetter(s) : tr("%1 (%2)").arg(sideLetter(s), name);
        if (isDigestColumn(section))
            return tr("%1: the digest of the compressed layer blob").arg(sideName);
        if (isSizeColumn(section))
            return tr("%1: the compressed size").arg(sideName);
        return tr("%1: the build step that made the layer").arg(sideName);
    }
    if (role == Qt::TextAlignmentRole) {
        if (section == MarkerColumn)
            return int(Qt::AlignCenter);
        if (isSizeColumn(section))
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    }
    return {};
}

} // namespace Layerscope
