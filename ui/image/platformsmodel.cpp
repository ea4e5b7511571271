#include "platformsmodel.h"

#include "common/cellfont.h"
#include "common/roles.h"
#include "values/mediatype.h"

#include <QLocale>

namespace Layerscope {

using Kind = ImageIndex::EntryKind;

PlatformsModel::PlatformsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void PlatformsModel::setDocument(const QString &registry, const QString &repository,
                                 const ManifestPtr &top, const Digest &topDigest,
                                 const QList<ResolvedImage> &images)
{
    beginResetModel();
    m_rows.clear();
    m_name = registry.isEmpty() ? repository : registry + u'/' + repository;
    if (const auto index = std::dynamic_pointer_cast<const ImageIndex>(top)) {
        QList<Row> others;
        QList<Row> attestations;
        for (const Descriptor &entry : index->manifests()) {
            Row row{entry, ImageIndex::entryKind(entry), {}, -1};
            if (row.kind == Kind::Image)
                m_rows.append(row);
            else if (row.kind == Kind::Attestation)
                attestations.append(row);
            else
                others.append(row);
        }
        m_rows.append(others);
        for (Row &row : attestations) {
            const auto attested
                = Digest::parse(row.entry.annotation(MediaType::AnnotationReferenceDigest));
            if (attested) {
                row.attested = *attested;
                row.attestedRow = rowOf(*attested);
            }
            m_rows.append(row);
        }
    } else if (top) {
        Row row;
        row.entry.mediaType = top->mediaType();
        row.entry.digest = topDigest.isNull() ? top->digest() : topDigest;
        row.entry.size = top->raw().size();
        if (!images.isEmpty() && !images.constFirst().platform.isNull())
            row.entry.platform = images.constFirst().platform;
        m_rows.append(row);
    }
    endResetModel();
}

void PlatformsModel::setCurrentDigest(const Digest &digest)
{
    if (digest == m_current)
        return;
    const int before = rowOf(m_current);
    m_current = digest;
    const int after = rowOf(m_current);
    for (int row : {before, after}) {
        if (row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1),
                               {Qt::FontRole, CurrentRole});
    }
}

void PlatformsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_current = {};
    endResetModel();
}

int PlatformsModel::rowOf(const Digest &digest) const
{
    if (digest.isNull())
        return -1;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).entry.digest == digest)
            return row;
    }
    return -1;
}

Descriptor PlatformsModel::entry(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).entry : Descriptor();
}

int PlatformsModel::count(ImageIndex::EntryKind kind) const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                             [kind](const Row &row) { return row.kind == kind; }));
}

QString PlatformsModel::platformText(const Platform &platform)
{
    if (platform.isNull())
        return {};
    QString text = platform.toString();
    if (!platform.osVersion.isEmpty())
        text += QStringLiteral(" (%1)").arg(platform.osVersion);
    return text;
}

QString PlatformsModel::kindText(ImageIndex::EntryKind kind)
{
    switch (kind) {
    case Kind::Image:
        return tr("Image");
    case Kind::Attestation:
        return tr("Attestation");
    case Kind::Index:
        return tr("Nested index");
    case Kind::Artifact:
        return tr("Artifact");
    }
    return {};
}

QString PlatformsModel::sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

int PlatformsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PlatformsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PlatformsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const Descriptor &entry = row.entry;
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case PlatformColumn:
            return entry.platform ? platformText(*entry.platform) : QString();
        case KindColumn:
            if (row.kind == Kind::Artifact && !entry.artifactType.isEmpty())
                return tr("Artifact (%1)").arg(entry.artifactType);
            return kindText(row.kind);
        case AttestsColumn:
            if (row.kind != Kind::Attestation || row.attested.isNull())
                return {};
            if (row.attestedRow >= 0) {
                const Descriptor &image = m_rows.at(row.attestedRow).entry;
                return tr("attests %1 (%2…)")
                    .arg(image.platform ? platformText(*image.platform) : tr("image"),
                         row.attested.algorithmName() + u':' + row.attested.shortHex());
            }
            return tr("attests %1 (not in this index)").arg(row.attested.toString());
        case DigestColumn:
            return entry.digest.toString();
        case SizeColumn:
            return sizeText(entry.size);
        case MediaTypeColumn:
            return MediaType::displayName(entry.mediaType);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case AttestsColumn:
            return row.attested.isNull() ? QVariant()
                                         : tr("The vnd.docker.reference.digest annotation names %1")
                                               .arg(row.attested.toString());
        case SizeColumn:
            return tr("%n bytes", nullptr, int(qMin<qint64>(entry.size, INT_MAX)));
        case MediaTypeColumn:
            return entry.mediaType;
        case KindColumn:
            switch (row.kind) {
            case Kind::Image:
                return tr("An image for this platform: select it to see its layers and config");
            case Kind::Attestation:
                return tr("Build provenance or SBOM that buildx attached to an image; activate "
                          "to open it");
            case Kind::Index:
                return tr("An index inside the index; activate to open it");
            case Kind::Artifact:
                return tr("Not an image; activate to open it");
            }
            return {};
        case DigestColumn:
            return entry.digest.toString();
        default:
            return {};
        }
    case Qt::FontRole:
        return documentCellFont(index.column() == DigestColumn,
                                !m_current.isNull() && entry.digest == m_current);
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::AccessibleTextRole:
        if (index.column() == DigestColumn)
            return entry.digest.toString();
        return data(index, Qt::DisplayRole);
    case KindRole:
        return int(row.kind);
    case PlatformRole:
        return entry.platform ? QVariant::fromValue(*entry.platform) : QVariant();
    case SizeRole:
        return entry.size;
    case AttestedDigestRole:
        return row.attested.toString();
    case AttestedRowRole:
        return row.attestedRow;
    case CurrentRole:
        return !m_current.isNull() && entry.digest == m_current;
    case DigestRole:
        return entry.digest.toString();
    case ReferenceRole:
        return entry.digest.isNull() ? QString() : m_name + u'@' + entry.digest.toString();
    default:
        return {};
    }
}

QVariant PlatformsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case PlatformColumn:
        return tr("Platform");
    case KindColumn:
        return tr("Kind");
    case AttestsColumn:
        return tr("Attests");
    case DigestColumn:
        return tr("Digest");
    case SizeColumn:
        return tr("Size");
    case MediaTypeColumn:
        return tr("Media type");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Layerscope
