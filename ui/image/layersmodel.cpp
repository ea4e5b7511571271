#include "layersmodel.h"

#include "common/roles.h"
#include "services/imageinspection.h"
#include "values/mediatype.h"
#include "values/schema1manifest.h"

#include <QColor>
#include <QFont>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>
#include <QRegularExpression>

#include <limits>

namespace Layerscope {

namespace {

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor goodColor()
{
    return isDarkPalette(QGuiApplication::palette()) ? QColor(0x6f, 0xdc, 0x8c)
                                                     : QColor(0x1b, 0x7f, 0x3b);
}

QColor badColor()
{
    return isDarkPalette(QGuiApplication::palette()) ? QColor(0xff, 0x7b, 0x72)
                                                     : QColor(0xb0, 0x00, 0x20);
}

QColor mutedColor()
{
    return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
}

bool isStepRow(const LayerRow &row)
{
    return row.kind == LayerRow::Kind::EmptyStep || row.kind == LayerRow::Kind::UnmatchedStep;
}

} // namespace

LayersModel::LayersModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void LayersModel::setImage(const QString &registry, const QString &repository,
                           const ResolvedImage &image)
{
    if (const auto *schema1 = dynamic_cast<const Schema1Manifest *>(image.manifest.get()))
        setAlignment(registry, repository, alignSchema1Layers(*schema1));
    else
        setAlignment(registry, repository, alignLayers(image.layers(), image.config));
}

void LayersModel::setAlignment(const QString &registry, const QString &repository,
                               const LayerAlignment &alignment)
{
    beginResetModel();
    m_registry = registry;
    m_repository = repository;
    m_alignment = alignment;
    m_rowOfLayer = QList<int>(alignment.layerCount, -1);
    m_totalSize = 0;
    for (int row = 0; row < m_alignment.rows.size(); ++row) {
        const LayerRow &layerRow = m_alignment.rows.at(row);
        if (!layerRow.isLayer() || layerRow.layerIndex >= m_rowOfLayer.size())
            continue;
        m_rowOfLayer[layerRow.layerIndex] = row;
        const qint64 size = layerRow.layer.size;
        if (size < 0 || m_totalSize < 0)
            m_totalSize = -1;
        else if (size > std::numeric_limits<qint64>::max() - m_totalSize)
            m_totalSize = std::numeric_limits<qint64>::max(); // hostile sizes: saturate
        else
            m_totalSize += size;
    }
    m_verifications = QList<Verification>(alignment.layerCount);
    endResetModel();
}

void LayersModel::clear()
{
    beginResetModel();
    m_registry.clear();
    m_repository.clear();
    m_alignment = {};
    m_rowOfLayer.clear();
    m_verifications.clear();
    m_totalSize = 0;
    endResetModel();
}

void LayersModel::setVerifyState(int layerIndex, VerifyState state, double progress,
                                 const QString &text, const QString &toolTip)
{
    const int row = rowForLayer(layerIndex);
    if (row < 0)
        return;
    Verification &verification = m_verifications[layerIndex];
    verification.state = state;
    verification.progress = qBound(0.0, progress, 1.0);
    verification.text = text;
    verification.toolTip = toolTip;
    const QModelIndex cell = index(row, VerifyColumn);
    Q_EMIT dataChanged(cell, cell);
}

LayersModel::VerifyState LayersModel::verifyState(int layerIndex) const
{
    if (layerIndex < 0 || layerIndex >= m_verifications.size())
        return NotVerified;
    return m_verifications.at(layerIndex).state;
}

int LayersModel::rowForLayer(int layerIndex) const
{
    return m_rowOfLayer.value(layerIndex, -1);
}

Descriptor LayersModel::layerAt(int layerIndex) const
{
    const int row = rowForLayer(layerIndex);
    return row < 0 ? Descriptor() : m_alignment.rows.at(row).layer;
}

Digest LayersModel::diffIdAt(int layerIndex) const
{
    const int row = rowForLayer(layerIndex);
    return row < 0 ? Digest() : m_alignment.rows.at(row).diffId;
}

bool LayersModel::isVerifiable(int layerIndex) const
{
    const int row = rowForLayer(layerIndex);
    if (row < 0)
        return false;
    const Descriptor &layer = m_alignment.rows.at(row).layer;
    return !layer.digest.isNull() && layer.size >= 0
        && MediaType::layerCompression(layer.mediaType) != MediaType::Compression::Unknown;
}

int LayersModel::layerCount() const
{
    return m_alignment.layerCount;
}

QString LayersModel::displayCreatedBy(const QString &createdBy)
{
    // Classic `docker build` records metadata steps as "/bin/sh -c #(nop) ENV …"; the prefix
    // says nothing to a reader. BuildKit writes the instruction itself.
    static const QRegularExpression nop(QStringLiteral("^\\s*/bin/sh\\s+-c\\s+#\\(nop\\)\\s*"));
    QString text = createdBy;
    text.remove(nop);
    return text.simplified();
}

QString LayersModel::shortMediaType(const QString &mediaType)
{
    QString text;
    switch (MediaType::layerCompression(mediaType)) {
    case MediaType::Compression::None:
        text = QStringLiteral("tar");
        break;
    case MediaType::Compression::Gzip:
        text = QStringLiteral("tar+gzip");
        break;
    case MediaType::Compression::Zstd:
        text = QStringLiteral("tar+zstd");
        break;
    case MediaType::Compression::Unknown:
        return mediaType;
    }
    if (MediaType::isNonDistributableLayer(mediaType)) {
        text = MediaType::isDocker(mediaType) ? tr("%1, foreign").arg(text)
                                              : tr("%1, non-distributable").arg(text);
    }
    return text;
}

QString LayersModel::shortDigest(const Digest &digest)
{
    if (digest.isNull())
        return {};
    return digest.algorithmName() + QLatin1Char(':') + digest.shortHex();
}

int LayersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_alignment.rows.size());
}

int LayersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString LayersModel::sizeText(qint64 size) const
{
    return QLocale().formattedDataSize(size, 1, QLocale::DataSizeSIFormat);
}

QString LayersModel::verifyText(const Verification &verification) const
{
    if (!verification.text.isEmpty())
        return verification.text;
    switch (verification.state) {
    case NotVerified:
        return {};
    case Queued:
        return tr("Waiting…");
    case Verifying:
        return tr("Verifying %1%").arg(qRound(verification.progress * 100));
    case Verified:
        return tr("✓ digest and diff_id match");
    case Mismatch:
        return tr("✗ mismatch");
    case Failed:
        return tr("✗ could not be verified");
    case Cancelled:
        return tr("Cancelled");
    }
    return {};
}

QVariant LayersModel::displayData(const LayerRow &row, int column) const
{
    switch (Column(column)) {
    case IndexColumn:
        return row.isLayer() ? QString::number(row.layerIndex + 1) : QString();
    case DigestColumn:
        return row.isLayer() ? shortDigest(row.layer.digest) : QString();
    case SizeColumn: {
        if (!row.isLayer())
            return QString();
        if (row.layer.size < 0)
            return tr("unknown");
        const QString size = sizeText(row.layer.size);
        if (m_totalSize <= 0)
            return size;
        const double share = double(row.layer.size) / double(m_totalSize);
        const QString percent
            = share > 0 && share < 0.005 ? tr("<1%") : tr("%1%").arg(qRound(share * 100));
        return tr("%1 (%2)").arg(size, percent);
    }
    case DiffIdColumn:
        if (!row.isLayer())
            return QString();
        return row.diffId.isNull() ? tr("—") : shortDigest(row.diffId);
    case MediaTypeColumn:
        return row.isLayer() ? shortMediaType(row.layer.mediaType) : QString();
    case CreatedByColumn:
        switch (row.kind) {
        case LayerRow::Kind::Layer:
            return displayCreatedBy(row.createdBy);
        case LayerRow::Kind::EmptyStep:
            return tr("(empty layer) %1").arg(displayCreatedBy(row.createdBy));
        case LayerRow::Kind::UnmatchedStep:
            return tr("(no layer left for this step) %1").arg(displayCreatedBy(row.createdBy));
        case LayerRow::Kind::MissingHistory:
            return tr("(no history step left for this layer)");
        }
        return QString();
    case VerifyColumn:
        return row.isLayer() ? verifyText(m_verifications.at(row.layerIndex)) : QString();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant LayersModel::toolTipData(const LayerRow &row, int column) const
{
    switch (Column(column)) {
    case IndexColumn:
        if (row.kind == LayerRow::Kind::MissingHistory)
            return tr("The config's history has no build step left for this layer.");
        if (row.kind == LayerRow::Kind::UnmatchedStep)
            return tr("The history says this step made a layer, but the manifest has no layer "
                      "left for it.");
        return {};
    case DigestColumn:
        if (!row.isLayer())
            return {};
        return tr("%1\nThe digest of the compressed blob, as the manifest names it.")
            .arg(row.layer.digest.toString());
    case SizeColumn:
        if (!row.isLayer() || row.layer.size < 0)
            return row.isLayer() ? tr("Schema 1 manifests do not record layer sizes.") : QVariant();
        return tr("%1 bytes compressed").arg(QLocale().toString(row.layer.size));
    case DiffIdColumn:
        if (!row.isLayer())
            return {};
        if (row.diffId.isNull()) {
            return m_alignment.schema1 ? tr("Schema 1 images have no config and no diff_ids.")
                                       : tr("The config lists no diff_id for this layer.");
        }
        return tr("%1\nThe digest of the uncompressed tar, as the config's rootfs.diff_ids "
                  "names it.")
            .arg(row.diffId.toString());
    case MediaTypeColumn:
        return row.isLayer() ? row.layer.mediaType : QVariant();
    case CreatedByColumn: {
        if (row.historyIndex < 0)
            return {};
        QStringList lines{row.createdBy};
        if (row.created.isValid())
            lines.append(
                tr("Created %1")
                    .arg(QLocale().toString(row.created.toLocalTime(), QLocale::LongFormat)));
        if (!row.comment.isEmpty())
            lines.append(tr("Comment: %1").arg(row.comment));
        if (row.emptyLayer)
            lines.append(tr("This step changed only the image's settings: it made no layer."));
        return lines.join(QLatin1Char('\n'));
    }
    case VerifyColumn: {
        if (!row.isLayer())
            return {};
        const Verification &verification = m_verifications.at(row.layerIndex);
        return verification.toolTip.isEmpty() ? verifyText(verification) : verification.toolTip;
    }
    case ColumnCount:
        break;
    }
    return {};
}

QVariant LayersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LayerRow &row = m_alignment.rows.at(index.row());
    const int column = index.column();

    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, column);
    case Qt::ToolTipRole:
        return toolTipData(row, column);
    case Qt::TextAlignmentRole:
        if (column == IndexColumn || column == SizeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole: {
        if (isStepRow(row)) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        if (column == DigestColumn || column == DiffIdColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    }
    case Qt::ForegroundRole:
        if (isStepRow(row)
            || (row.kind == LayerRow::Kind::MissingHistory && column == CreatedByColumn)
            || (column == DiffIdColumn && row.diffId.isNull()))
            return mutedColor();
        if (column == VerifyColumn && row.isLayer()) {
            switch (m_verifications.at(row.layerIndex).state) {
            case Verified:
                return goodColor();
            case Mismatch:
            case Failed:
                return badColor();
            default:
                return {};
            }
        }
        return {};
    case Qt::AccessibleTextRole:
        if (column == CreatedByColumn)
            return displayData(row, column);
        return {};
    case KindRole:
        return int(row.kind);
    case LayerIndexRole:
        return row.layerIndex;
    case HistoryIndexRole:
        return row.historyIndex;
    case SizeRole:
        return row.isLayer() ? QVariant(row.layer.size) : QVariant();
    case ShareRole:
        if (!row.isLayer() || row.layer.size < 0 || m_totalSize <= 0)
            return {};
        return double(row.layer.size) / double(m_totalSize);
    case DiffIdRole:
        return row.diffId.toString();
    case CreatedByRole:
        return row.createdBy;
    case MediaTypeRole:
        return row.layer.mediaType;
    case VerifyStateRole:
        return row.isLayer() ? int(m_verifications.at(row.layerIndex).state) : int(NotVerified);
    case VerifyProgressRole:
        return row.isLayer() ? m_verifications.at(row.layerIndex).progress : 0.0;
    case VerifiableRole:
        return row.isLayer() && isVerifiable(row.layerIndex);
    case DigestRole:
        return row.isLayer() ? row.layer.digest.toString() : QString();
    case ReferenceRole:
        // A layer is a blob: nothing pulls it by reference.
        return QString();
    case ErrorRole:
        if (row.isLayer() && m_verifications.at(row.layerIndex).state == Failed)
            return toolTipData(row, VerifyColumn);
        return QString();
    default:
        return {};
    }
}

QVariant LayersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case IndexColumn:
            return tr("#");
        case DigestColumn:
            return tr("Digest");
        case SizeColumn:
            return tr("Size");
        case DiffIdColumn:
            return tr("diff_id");
        case MediaTypeColumn:
            return tr("Type");
        case CreatedByColumn:
            return tr("Created by");
        case VerifyColumn:
            return tr("Verification");
        case ColumnCount:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case IndexColumn:
            return tr("The layer's position, base layer first");
        case DigestColumn:
            return tr("The manifest's digest of the compressed layer blob");
        case SizeColumn:
            return tr("The compressed size, and its share of the image");
        case DiffIdColumn:
            return tr("The config's digest of the uncompressed layer tar (rootfs.diff_ids); "
                      "`docker image inspect` lists these");
        case MediaTypeColumn:
            return tr("How the layer is stored");
        case CreatedByColumn:
            return tr("The build step that made the layer; steps that made no layer are shown "
                      "between the layers");
        case VerifyColumn:
            return tr("Download the layer and check both digests");
        case ColumnCount:
            break;
        }
    } else if (role == Qt::TextAlignmentRole) {
        if (section == IndexColumn || section == SizeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    }
    return {};
}

} // namespace Layerscope
