#pragma once

#include "registry/registryclient.h"
#include "services/tagresolver.h"

#include <QAbstractTableModel>
#include <QFont>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QTimer>

namespace Layerscope {

class RegistryError;

/**
 * The tags of one repository, one row per tag, filled in as a TagResolver finds out what each
 * tag points to: digest, platforms, compressed size and creation time.
 *
 * Tags that name the same digest form a group (GroupRole, SameImageRole), the way registries'
 * "supported tags" lists show them. Updates are coalesced: however fast tags resolve, views
 * hear of them at most once per short interval, and each update costs time in proportion to
 * the rows it touches, not to the size of the repository. When a tag joins a group, the other
 * members are announced through SameImageColumn only (their tooltips, read on demand, follow),
 * so that a proxy sorted by tag does not re-sort rows whose position cannot change.
 */
class TagModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TagColumn,
        DigestColumn,
        PlatformsColumn,
        SizeColumn,
        CreatedColumn,
        SameImageColumn, ///< the other tags of the same digest, so grouping is not colour alone
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        CreatedRole = Qt::UserRole, ///< QDateTime: the image's creation time; invalid if unknown
        SizeRole, ///< qint64: compressed size of the image; -1 if unknown
        GroupRole, ///< int: index of the tag's digest group; -1 while the digest is unknown
        SameImageRole, ///< QString: "same image as 1.0, latest"; empty when no other tag shares it
        SignatureTagRole, ///< bool: a signature, attestation or SBOM tag (sha256-…, *.sig, …)
        ResolvedRole, ///< bool: resolution of this tag is over (with or without error)
        StateRole, ///< State
    };
    Q_ENUM(Role)

    /// Where a tag's resolution stands.
    enum State { Pending, Resolved, Failed };
    Q_ENUM(State)

    explicit TagModel(QObject *parent = nullptr);
    ~TagModel() override;

    /// Shows the tags of \a repository on \a client and resolves them in the background. Work
    /// for a previous repository is stopped first: none of its results arrives afterwards.
    void setRepository(RegistryClient *client, const QString &repository);
    /**
     * Shows already resolved \a results (a saved list, tests) of \a repository on the registry
     * named \a registry ("docker.io", "127.0.0.1:5000"). The background resolution shows its
     * tag list through this same function. Any running resolution is stopped.
     */
    void setResults(const QString &registry, const QString &repository,
                    const QList<TagInfo> &results);
    /// How many tags are resolved at the same time (default 8); applies from the next start.
    void setConcurrency(int concurrency);
    int concurrency() const { return m_concurrency; }

    /// Empties the model and stops any resolution.
    void clear();
    /// Stops resolving and keeps what is already known.
    void cancel();
    /// Lists and resolves the same repository again.
    void retry();

    bool isResolving() const { return m_resolver != nullptr; }
    /// Tags resolved so far, with or without error.
    int resolvedCount() const { return m_resolvedCount; }
    int tagCount() const { return int(m_tags.size()); }
    /// Distinct digests among the resolved tags: the number of different images.
    int imageCount() const { return int(m_groups.size()); }
    QString repository() const { return m_repository; }
    QString registry() const { return m_registry; }
    RegistryClient *client() const { return m_client; }
    /// The index of \a tag in TagColumn; invalid when there is no such tag.
    QModelIndex indexOfTag(const QString &tag) const;

    /// True for tags that hold signatures, attestations or SBOMs rather than images:
    /// "sha256-<hex>" (the referrers tag schema, cosign) and names ending in .sig, .att, .sbom.
    static bool isSignatureTag(QStringView tag);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// A resolution started: the tag list is being read.
    void resolvingStarted();
    /// \a resolved of \a total tags are resolved.
    void progressChanged(int resolved, int total);
    /// The tag list could not be read.
    void listFailed(const Layerscope::RegistryError &error);
    /// Resolution ended: every tag resolved, the list failed, or it was cancelled or cleared.
    /// Not emitted for a resolution that setRepository() replaces with a new one.
    void resolvingFinished();
    /// The rows are there (still unresolved when they come from the registry).
    void tagsListed();

private:
    struct Group
    {
        int index = -1;
        QStringList tags; ///< in natural order
    };

    void start();
    bool stopResolver();
    void showResults(const QString &registry, const QString &repository,
                     const QList<TagInfo> &results, bool listed);
    void onTagsListed();
    void onTagResolved(qsizetype row);
    void onResolverFinished();
    void storeTag(int row, const TagInfo &info);
    void addToGroup(int row);
    void removeFromGroup(int row);
    void markDirty(int row);
    void scheduleFlush();
    void flush();
    void announceStoppedRows();
    State stateOf(const TagInfo &info) const;
    QStringList otherTags(int row, int limit, int *more) const;
    QString sameImageText(int row, int limit) const;
    QVariant displayData(const TagInfo &info, int row, int column) const;
    QVariant toolTipData(const TagInfo &info, int row, int column) const;

    QPointer<RegistryClient> m_client;
    QString m_registry;
    QString m_repository;
    QString m_referenceName; ///< canonical "registry/repository", for ReferenceRole
    QPointer<TagResolver> m_resolver;
    int m_concurrency = 8;

    QList<TagInfo> m_tags;
    QList<QString> m_rowDigest; ///< the digest each row is grouped under; empty if none
    QHash<QString, int> m_rowOfTag;
    QHash<QString, Group> m_groups; ///< by digest
    int m_nextGroupIndex = 0;
    int m_resolvedCount = 0;

    QList<int> m_changedRows; ///< rows whose own data changed since the last flush()
    QSet<QString> m_dirtyGroups; ///< groups whose members changed: their "same image" text did
    QTimer m_flushTimer;
    mutable QIcon m_warningIcon;
    mutable QFont m_digestFont;
    mutable bool m_digestFontKnown = false;
};

} // namespace Layerscope
