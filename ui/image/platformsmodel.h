#pragma once

#include "services/imageinspection.h"
#include "values/descriptor.h"
#include "values/digest.h"
#include "values/imageindex.h"
#include "values/manifest.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace Layerscope {

/**
 * Every entry of an index, one row each: images first (in document order), then nested
 * indexes and artifacts, then the attestation manifests, each linked to the image it attests
 * through its vnd.docker.reference.digest annotation. A tag that names a single manifest
 * gives one image row.
 *
 * Answers DigestRole for every row and ReferenceRole ("registry/repository@digest") since
 * every entry is a manifest or an index that can be pulled by digest.
 */
class PlatformsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        PlatformColumn,
        KindColumn,
        AttestsColumn,
        DigestColumn,
        SizeColumn,
        MediaTypeColumn,
        ColumnCount
    };
    enum Role {
        KindRole = Qt::UserRole, ///< int: ImageIndex::EntryKind
        PlatformRole, ///< Layerscope::Platform (null for entries without one)
        SizeRole, ///< qint64: the entry's size in bytes
        AttestedDigestRole, ///< QString: for an attestation, the digest of the image it attests
        AttestedRowRole, ///< int: for an attestation, the row of that image, or -1
        CurrentRole, ///< bool: the image the pane shows
    };

    explicit PlatformsModel(QObject *parent = nullptr);

    /**
     * Shows the entries of \a top when it is an index; otherwise one row for the single
     * manifest \a top, with the platform of \a images' first entry. \a registry and
     * \a repository make the references ("127.0.0.1:5000", "fixtures/multiarch").
     */
    void setDocument(const QString &registry, const QString &repository, const ManifestPtr &top,
                     const Digest &topDigest, const QList<ResolvedImage> &images = {});
    /// Marks the row of \a digest as the one shown (bold).
    void setCurrentDigest(const Digest &digest);
    void clear();

    /// The row of the entry \a digest, or -1.
    int rowOf(const Digest &digest) const;
    /// The entry of \a row.
    Descriptor entry(int row) const;
    /// How many rows of \a kind there are.
    int count(ImageIndex::EntryKind kind) const;

    /// "linux/arm64/v8", with "(os.version)" when there is one.
    static QString platformText(const Platform &platform);
    /// "Image", "Attestation", "Nested index", "Artifact".
    static QString kindText(ImageIndex::EntryKind kind);
    /// A size for people ("2.4 MB (2 431 212 bytes)" in the tooltip, "2.4 MB" in cells).
    static QString sizeText(qint64 bytes);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        Descriptor entry;
        ImageIndex::EntryKind kind = ImageIndex::EntryKind::Image;
        Digest attested;
        int attestedRow = -1;
    };

    QList<Row> m_rows;
    QString m_name; ///< registry/repository
    Digest m_current;
};

} // namespace Layerscope
