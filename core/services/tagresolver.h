#pragma once

#include "transport/operation.h"
#include "values/digest.h"
#include "values/manifest.h"
#include "values/platform.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QStringList>

namespace Layerscope {

class BlobOperation;
class ListOperation;
class ManifestOperation;
class RegistryClient;

/// What a tag points to.
struct TagInfo
{
    QString tag;
    Digest digest; ///< the manifest or index the tag names
    QString mediaType;
    QStringList platforms; ///< "os/arch[/variant]" of every image (attestations left out)
    /// Compressed size of the image for the preferred platform (for an index, the image a
    /// pull on that platform would fetch; the first image when none matches). -1: unknown.
    qint64 compressedSize = -1;
    QDateTime created; ///< that image's creation time, from its config (UTC)
    RegistryError error; ///< why this tag could not be resolved, if it could not
    bool resolved = false;
};

/**
 * Resolves every tag of a repository: digest, media type, platforms, compressed size and
 * creation time, fetching manifests and configs with bounded concurrency. Tags that point to
 * the same digest are fetched once, and so is every config and platform manifest they share.
 *
 * A tag that fails is reported in its TagInfo; the operation itself fails only when the tag
 * list cannot be read.
 */
class TagResolver : public Operation
{
    Q_OBJECT

public:
    /// How much to find out about each tag.
    enum class Detail {
        DigestOnly, ///< digest and media type (one HEAD request per tag)
        Full, ///< also platforms, compressed size and creation time
    };

    /// Resolves \a tags of \a repository, or every tag when \a tags is empty.
    TagResolver(RegistryClient *client, QString repository, QStringList tags,
                Detail detail = Detail::Full, Platform preferred = Platform::host(),
                int concurrency = 16, QObject *parent = nullptr);

    const QString &repository() const { return m_repository; }
    /// One entry per tag, in the registry's order; filled in as tags resolve.
    const QList<TagInfo> &results() const { return m_results; }
    /// Tags resolved so far (with or without error).
    int resolvedCount() const { return m_resolved; }

Q_SIGNALS:
    /// The tag list is known: results() has one (unresolved) entry per tag.
    void tagsListed();
    /// results()[\a index] is complete.
    void tagResolved(qsizetype index);

protected:
    void abortWork() override;

private:
    struct ImageFacts
    {
        QStringList platforms;
        qint64 compressedSize = -1;
        QDateTime created;
    };

    void onTagsListed(ListOperation *list);
    void startMore();
    void onTagManifest(qsizetype index, ManifestOperation *operation);
    void resolveImage(qsizetype index, const Digest &digest, std::optional<Platform> platform);
    void withManifest(const Digest &digest, const std::function<void(ManifestOperation *)> &use);
    void withConfig(const ManifestPtr &manifest, const std::function<void(BlobOperation *)> &use);
    void complete(qsizetype index, const RegistryError &error = {});

    QPointer<RegistryClient> m_client;
    QString m_repository;
    Detail m_detail;
    Platform m_preferred;
    int m_concurrency;
    QList<TagInfo> m_results;
    qsizetype m_next = 0;
    int m_active = 0;
    int m_resolved = 0;
    QHash<QString, ManifestOperation *> m_manifests; ///< by digest, shared between tags
    QHash<QString, BlobOperation *> m_configs; ///< by digest, shared between tags
};

} // namespace Layerscope
