#include "services/tagresolver.h"

#include "registry/bloboperation.h"
#include "registry/listoperation.h"
#include "registry/manifestoperation.h"
#include "registry/registryclient.h"
#include "values/imageconfig.h"
#include "values/imageindex.h"
#include "values/imagemanifest.h"
#include "values/mediatype.h"
#include "values/schema1manifest.h"

namespace Layerscope {

using Category = RegistryError::Category;

TagResolver::TagResolver(RegistryClient *client, QString repository, QStringList tags,
                         Detail detail, Platform preferred, int concurrency, QObject *parent)
    : Operation(parent)
    , m_client(client)
    , m_repository(std::move(repository))
    , m_detail(detail)
    , m_preferred(std::move(preferred))
    , m_concurrency(std::max(1, concurrency))
{
    if (!tags.isEmpty()) {
        for (const QString &tag : std::as_const(tags))
            m_results.append(TagInfo{tag, {}, {}, {}, -1, {}, {}, false});
        QMetaObject::invokeMethod(
            this,
            [this] {
                Q_EMIT tagsListed();
                startMore();
            },
            Qt::QueuedConnection);
        return;
    }
    ListOperation *list = m_client->listTags(m_repository, this);
    connect(list, &Operation::finished, this, [this, list] { onTagsListed(list); });
}

void TagResolver::abortWork()
{
    const QList<Operation *> running = findChildren<Operation *>(Qt::FindDirectChildrenOnly);
    for (Operation *operation : running)
        delete operation;
    m_manifests.clear();
    m_configs.clear();
}

void TagResolver::onTagsListed(ListOperation *list)
{
    list->deleteLater();
    if (list->error().isError()) {
        fail(list->error());
        return;
    }
    for (const QString &tag : list->items())
        m_results.append(TagInfo{tag, {}, {}, {}, -1, {}, {}, false});
    Q_EMIT tagsListed();
    startMore();
}

void TagResolver::startMore()
{
    if (m_results.isEmpty() || m_resolved == m_results.size()) {
        succeed();
        return;
    }
    if (!m_client) {
        fail(RegistryClient::closedError());
        return;
    }
    while (m_active < m_concurrency && m_next < m_results.size()) {
        const qsizetype index = m_next++;
        ++m_active;
        const QString &tag = m_results.at(index).tag;
        ManifestOperation *operation = m_detail == Detail::DigestOnly
            ? m_client->headManifest(m_repository, tag, this)
            : m_client->fetchManifest(m_repository, tag, this);
        connect(operation, &Operation::finished, this,
                [this, index, operation] { onTagManifest(index, operation); });
    }
}

void TagResolver::onTagManifest(qsizetype index, ManifestOperation *operation)
{
    operation->deleteLater();
    if (operation->error().isError()) {
        complete(index, operation->error());
        return;
    }
    TagInfo &info = m_results[index];
    info.digest = operation->digest();
    info.mediaType = operation->mediaType();
    const ManifestPtr manifest = operation->manifest();
    if (m_detail == Detail::DigestOnly || !manifest) {
        complete(index);
        return;
    }

    if (const auto index_ = std::dynamic_pointer_cast<const ImageIndex>(manifest)) {
        const QList<Descriptor> images = index_->imageEntries();
        for (const Descriptor &entry : images)
            info.platforms.append(entry.platform ? entry.platform->toString()
                                                 : QStringLiteral("?"));
        std::optional<Descriptor> chosen = index_->selectImage(m_preferred);
        if (!chosen && !images.isEmpty())
            chosen = images.constFirst();
        if (!chosen) {
            complete(index);
            return;
        }
        resolveImage(index, chosen->digest, chosen->platform);
        return;
    }
    if (const auto schema1 = std::dynamic_pointer_cast<const Schema1Manifest>(manifest)) {
        info.platforms.append(QStringLiteral("linux/") + schema1->architecture());
        complete(index);
        return;
    }
    resolveImage(index, info.digest, std::nullopt);
}

void TagResolver::resolveImage(qsizetype index, const Digest &digest,
                               std::optional<Platform> platform)
{
    withManifest(digest, [this, index, platform](ManifestOperation *manifestOperation) {
        if (manifestOperation->error().isError()) {
            complete(index, manifestOperation->error());
            return;
        }
        const auto image
            = std::dynamic_pointer_cast<const ImageManifest>(manifestOperation->manifest());
        if (!image) {
            complete(index);
            return;
        }
        m_results[index].compressedSize = image->totalLayerSize();
        withConfig(image, [this, index, platform](BlobOperation *configOperation) {
            if (configOperation->error().isError()) {
                complete(index, configOperation->error());
                return;
            }
            TagInfo &info = m_results[index];
            if (MediaType::isImageConfig(configOperation->descriptor().mediaType)
                || configOperation->descriptor().mediaType == u"application/octet-stream") {
                const Result<ImageConfig> config = ImageConfig::parse(configOperation->bytes());
                if (!config) {
                    complete(index,
                             RegistryError(Category::Protocol,
                                           QStringLiteral("config: ") + config.error().message()));
                    return;
                }
                info.created = config->created();
                if (!platform)
                    info.platforms.append(config->platform().toString());
            }
            complete(index);
        });
    });
}

void TagResolver::withManifest(const Digest &digest,
                               const std::function<void(ManifestOperation *)> &use)
{
    ManifestOperation *&shared = m_manifests[digest.toString()];
    if (!shared && !m_client) {
        fail(RegistryClient::closedError());
        return;
    }
    if (!shared)
        shared = m_client->fetchManifest(m_repository, digest.toString(), this);
    if (shared->isFinished()) {
        use(shared);
        return;
    }
    ManifestOperation *operation = shared;
    connect(operation, &Operation::finished, this, [use, operation] { use(operation); });
}

void TagResolver::withConfig(const ManifestPtr &manifest,
                             const std::function<void(BlobOperation *)> &use)
{
    const Descriptor config = std::static_pointer_cast<const ImageManifest>(manifest)->config();
    BlobOperation *&shared = m_configs[config.digest.toString()];
    if (!shared && !m_client) {
        fail(RegistryClient::closedError());
        return;
    }
    if (!shared)
        shared = m_client->fetchBlob(m_repository, config, this);
    if (shared->isFinished()) {
        use(shared);
        return;
    }
    BlobOperation *operation = shared;
    connect(operation, &Operation::finished, this, [use, operation] { use(operation); });
}

void TagResolver::complete(qsizetype index, const RegistryError &error)
{
    TagInfo &info = m_results[index];
    info.error = error;
    info.resolved = true;
    ++m_resolved;
    --m_active;
    Q_EMIT tagResolved(index);
    startMore();
}

} // namespace Layerscope
