#include "referrersmodel.h"

#include "common/roles.h"
#include "platformsmodel.h"
#include "values/mediatype.h"

#include <QDateTime>
#include <QLocale>
#include <QVariantMap>

namespace Layerscope {

namespace {

constexpr QLatin1StringView CreatedAnnotation{"org.opencontainers.image.created"};

QString annotationsText(const QMap<QString, QString> &annotations)
{
    QStringList parts;
    for (auto it = annotations.cbegin(); it != annotations.cend(); ++it) {
        if (it.key() != CreatedAnnotation)
            parts.append(it.key() + u'=' + it.value());
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

ReferrersModel::ReferrersModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ReferrersModel::reset(const QString &registry, const QString &repository)
{
    beginResetModel();
    m_rows.clear();
    m_name = registry.isEmpty() ? repository : registry + u'/' + repository;
    endResetModel();
}

void ReferrersModel::addReferrers(const QString &subjectLabel, const Digest &subject,
                                  const QList<Descriptor> &referrers)
{
    if (referrers.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(referrers.size()) - 1);
    for (const Descriptor &referrer : referrers)
        m_rows.append({subjectLabel, subject, referrer});
    endInsertRows();
}

void ReferrersModel::clear()
{
    reset({}, {});
}

QString ReferrersModel::describe(const Descriptor &referrer)
{
    const QString type
        = referrer.artifactType.isEmpty() ? referrer.mediaType : referrer.artifactType;
    const QString lower = type.toLower();
    if (lower.contains(u"cosign") && lower.contains(u"sig"))
        return tr("Signature (cosign)");
    if (lower.contains(u"notary") && lower.contains(u"signature"))
        return tr("Signature (Notation)");
    if (lower.contains(u"sigstore.bundle"))
        return tr("Signature bundle (Sigstore)");
    if (lower.contains(u"signature"))
        return tr("Signature (%1)").arg(type);
    if (lower.contains(u"spdx"))
        return tr("SBOM (SPDX)");
    if (lower.contains(u"cyclonedx"))
        return tr("SBOM (CycloneDX)");
    if (lower.contains(u"sbom"))
        return tr("SBOM (%1)").arg(type);
    if (lower.contains(u"in-toto") || lower.contains(u"dsse") || lower.contains(u"attestation"))
        return tr("Attestation (%1)").arg(type);
    return type;
}

int ReferrersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReferrersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReferrersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const Descriptor &referrer = row.referrer;
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case SubjectColumn:
            return row.subjectLabel;
        case TypeColumn:
            return describe(referrer);
        case DigestColumn:
            return referrer.digest.toString();
        case SizeColumn:
            return PlatformsModel::sizeText(referrer.size);
        case CreatedColumn: {
            const QString created = referrer.annotation(CreatedAnnotation);
            const QDateTime time = QDateTime::fromString(created, Qt::ISODateWithMs);
            return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat)
                                  : created;
        }
        case AnnotationsColumn:
            return annotationsText(referrer.annotations);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case SubjectColumn:
            return tr("Refers to %1").arg(row.subject.toString());
        case TypeColumn:
            return referrer.artifactType.isEmpty()
                ? tr("Media type: %1").arg(referrer.mediaType)
                : tr("Artifact type: %1\nMedia type: %2")
                      .arg(referrer.artifactType, referrer.mediaType);
        case DigestColumn:
            return referrer.digest.toString();
        case SizeColumn:
            return tr("%n bytes", nullptr, int(qMin<qint64>(referrer.size, INT_MAX)));
        case CreatedColumn:
            return referrer.annotation(CreatedAnnotation);
        case AnnotationsColumn: {
            QStringList lines;
            for (auto it = referrer.annotations.cbegin(); it != referrer.annotations.cend(); ++it)
                lines.append(it.key() + QStringLiteral(": ") + it.value());
            return lines.join(u'\n');
        }
        case ColumnCount:
            break;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SubjectDigestRole:
        return row.subject.toString();
    case ArtifactTypeRole:
        return referrer.artifactType.isEmpty() ? referrer.mediaType : referrer.artifactType;
    case SizeRole:
        return referrer.size;
    case AnnotationsRole: {
        QVariantMap map;
        for (auto it = referrer.annotations.cbegin(); it != referrer.annotations.cend(); ++it)
            map.insert(it.key(), it.value());
        return map;
    }
    case DigestRole:
        return referrer.digest.toString();
    case ReferenceRole:
        return referrer.digest.isNull() ? QString() : m_name + u'@' + referrer.digest.toString();
    default:
        return {};
    }
}

QVariant ReferrersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case SubjectColumn:
        return tr("Subject");
    case TypeColumn:
        return tr("Type");
    case DigestColumn:
        return tr("Digest");
    case SizeColumn:
        return tr("Size");
    case CreatedColumn:
        return tr("Created");
    case AnnotationsColumn:
        return tr("Annotations");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Layerscope
