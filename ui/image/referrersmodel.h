#pragma once

#include "values/descriptor.h"
#include "values/digest.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace Layerscope {

/**
 * The manifests that refer to an image (signatures, SBOMs, attestations), for one or more
 * subjects: the platform's manifest and, for an index, the index itself. One row per
 * referrer, with the subject it refers to in the first column.
 *
 * Every row is a manifest, so it answers both DigestRole and ReferenceRole.
 */
class ReferrersModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        SubjectColumn,
        TypeColumn,
        DigestColumn,
        SizeColumn,
        CreatedColumn,
        AnnotationsColumn,
        ColumnCount
    };
    enum Role {
        SubjectDigestRole = Qt::UserRole, ///< QString: the digest of the subject
        ArtifactTypeRole, ///< QString: artifactType, or the media type when there is none
        SizeRole, ///< qint64
        AnnotationsRole, ///< QVariantMap: the referrer's annotations
    };

    explicit ReferrersModel(QObject *parent = nullptr);

    /// Sets the registry and repository the references are made in, and drops every row.
    void reset(const QString &registry, const QString &repository);
    /// Appends the \a referrers of \a subject, labelled \a subjectLabel ("Index", "linux/amd64").
    void addReferrers(const QString &subjectLabel, const Digest &subject,
                      const QList<Descriptor> &referrers);
    void clear();

    /// What a referrer is, for people: "Signature (cosign)", "SBOM (SPDX)", "Attestation
    /// (in-toto)", else its artifactType or media type.
    static QString describe(const Descriptor &referrer);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString subjectLabel;
        Digest subject;
        Descriptor referrer;
    };

    QList<Row> m_rows;
    QString m_name; ///< registry/repository
};

} // namespace Layerscope
