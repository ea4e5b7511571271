#pragma once

#include "services/imageinspection.h"
#include "values/descriptor.h"
#include "values/digest.h"
#include "values/manifest.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace Layerscope {

/**
 * What a reference is made of, as a tree: the index, its manifests, and each image
 * manifest's config and layers. Nested indexes are followed as far as their documents were
 * fetched; entries whose documents were not are leaves that show their descriptor.
 *
 * Columns: name and role ("Index", "Manifest linux/amd64", "Config", "Layer 3"), media type,
 * digest (short; DigestRole and the tooltip hold it in full), size. Manifests and indexes
 * answer ReferenceRole; configs and layers are blobs and answer only DigestRole.
 */
class ManifestTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, MediaTypeColumn, DigestColumn, SizeColumn, ColumnCount };
    /// What a node stands for.
    enum class NodeKind { Index, Manifest, Attestation, Artifact, Config, Layer };
    enum Role {
        NodeKindRole = Qt::UserRole, ///< int: NodeKind
        PlatformRole, ///< Layerscope::Platform, for manifests that have one
        SizeRole, ///< qint64
        FetchedRole, ///< bool: the node's document was fetched (its children are known)
        CurrentRole, ///< bool: the manifest the pane shows
    };

    explicit ManifestTreeModel(QObject *parent = nullptr);
    ~ManifestTreeModel() override;

    /**
     * Builds the tree of \a top (digest \a topDigest) in \a registry / \a repository. The
     * manifests of \a images and the documents in \a fetched (nested indexes, say) fill in
     * the entries they match by digest; everything else stays a descriptor leaf.
     */
    void setDocument(const QString &registry, const QString &repository, const ManifestPtr &top,
                     const Digest &topDigest, const QList<ResolvedImage> &images,
                     const QList<ManifestPtr> &fetched = {});
    /// Marks the manifest \a digest as the one shown (bold).
    void setCurrentDigest(const Digest &digest);
    void clear();

    /// The first node (in depth-first order) under \a parent whose digest is \a digest, in
    /// column 0. Layers shared by several images appear once under each of them.
    QModelIndex indexOf(const Digest &digest, const QModelIndex &parent = {}) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Node
    {
        NodeKind kind = NodeKind::Manifest;
        QString name;
        Descriptor descriptor;
        bool fetched = false;
        Node *parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;

        Node *add(std::unique_ptr<Node> child);
    };

    void fill(Node *node, const ManifestPtr &manifest, int depth);
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOfNode(const Node *node, int column = 0) const;
    const Node *find(const Node *node, const Digest &digest) const;

    std::unique_ptr<Node> m_root;
    QString m_name; ///< registry/repository
    QHash<QString, ManifestPtr> m_fetched;
    QHash<QString, Platform> m_platforms;
    Digest m_current;
};

} // namespace Layerscope
