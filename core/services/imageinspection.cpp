#include "services/imageinspection.h"

#include "registry/bloboperation.h"
#include "registry/registryclient.h"
#include "values/imageindex.h"
#include "values/imagemanifest.h"
#include "values/schema1manifest.h"

namespace Layerscope {

using Category = RegistryError::Category;

QList<Descriptor> ResolvedImage::layers() const
{
    if (const auto image = std::dynamic_pointer_cast<const ImageManifest>(manifest))
        return image->layers();
    return {};
}

qint64 ResolvedImage::compressedSize() const
{
    if (const auto image = std::dynamic_pointer_cast<const ImageManifest>(manifest))
        return image->totalLayerSize();
    return 0;
}

ImageInspection::ImageInspection(RegistryClient *client, ImageReference reference,
                                 std::optional<Platform> platform, QObject *parent)
    : Operation(parent)
    , m_client(client)
    , m_reference(std::move(reference))
    , m_platform(std::move(platform))
{
    const QString what
        = m_reference.digest().isNull() ? m_reference.tag() : m_reference.digest().toString();
    m_top = m_client->fetchManifest(m_reference.path(), what, this);
    connect(m_top, &Operation::finished, this, &ImageInspection::onTopManifest);
}

void ImageInspection::abortWork()
{
    const QList<Operation *> running = findChildren<Operation *>(Qt::FindDirectChildrenOnly);
    for (Operation *operation : running)
        delete operation;
    m_top = nullptr;
}

void ImageInspection::onTopManifest()
{
    ManifestOperation *top = m_top;
    m_top = nullptr;
    top->deleteLater();
    if (top->error().isError()) {
        fail(top->error());
        return;
    }
    m_manifest = top->manifest();
    m_digest = top->digest();
    m_verification = top->verification();

    if (const auto index = std::dynamic_pointer_cast<const ImageIndex>(m_manifest)) {
        QList<Descriptor> chosen;
        if (m_platform) {
            if (const std::optional<Descriptor> entry = index->selectImage(*m_platform))
                chosen.append(*entry);
        } else {
            chosen = index->imageEntries();
        }
        if (chosen.isEmpty()) {
            QStringList available;
            for (const Descriptor &entry : index->imageEntries())
                available.append(entry.platform ? entry.platform->toString() : QStringLiteral("?"));
            const QString message = m_platform
                ? QStringLiteral("no image for %1 in %2; it has: %3")
                      .arg(m_platform->toString(), m_reference.familiarString(),
                           available.isEmpty() ? QStringLiteral("no images")
                                               : available.join(QStringLiteral(", ")))
                : QStringLiteral("%1 is an index without images").arg(m_reference.familiarString());
            fail(RegistryError(Category::NotFound, message));
            return;
        }
        for (const Descriptor &entry : std::as_const(chosen)) {
            ResolvedImage image;
            image.descriptor = entry;
            image.platform = entry.platform.value_or(Platform());
            m_images.append(image);
        }
        m_pending = int(m_images.size());
        for (qsizetype i = 0; i < m_images.size(); ++i)
            resolveImage(i);
        return;
    }

    ResolvedImage image;
    image.manifest = m_manifest;
    image.descriptor.mediaType = m_manifest->mediaType();
    image.descriptor.digest = m_digest;
    image.descriptor.size = m_manifest->raw().size();
    m_images.append(image);
    m_pending = 1;
    onImageManifest(0, nullptr);
}

void ImageInspection::resolveImage(qsizetype index)
{
    if (!m_client) {
        fail(RegistryClient::closedError());
        return;
    }
    ManifestOperation *operation = m_client->fetchManifest(
        m_reference.path(), m_images.at(index).descriptor.digest.toString(), this);
    connect(operation, &Operation::finished, this,
            [this, index, operation] { onImageManifest(index, operation); });
}

void ImageInspection::onImageManifest(qsizetype index, ManifestOperation *operation)
{
    ResolvedImage &image = m_images[index];
    if (operation) {
        operation->deleteLater();
        if (operation->error().isError()) {
            fail(operation->error());
            return;
        }
        image.manifest = operation->manifest();
    }
    const auto manifest = std::dynamic_pointer_cast<const ImageManifest>(image.manifest);
    if (!manifest) {
        if (image.manifest && image.manifest->isIndex()) {
            fail(RegistryError(Category::Protocol,
                               QStringLiteral("index entry %1 is declared an image but is an index")
                                   .arg(image.descriptor.digest.toString())));
            return;
        }
        if (const auto schema1 = std::dynamic_pointer_cast<const Schema1Manifest>(image.manifest)) {
            image.platform.os = QStringLiteral("linux");
            image.platform.architecture = schema1->architecture();
        }
        oneDone(); // schema1: no config to fetch
        return;
    }
    if (!m_client) {
        fail(RegistryClient::closedError());
        return;
    }
    BlobOperation *config = m_client->fetchBlob(m_reference.path(), manifest->config(), this);
    connect(config, &Operation::finished, this, [this, index, config] { onConfig(index, config); });
}

void ImageInspection::onConfig(qsizetype index, BlobOperation *operation)
{
    operation->deleteLater();
    if (operation->error().isError()) {
        fail(operation->error());
        return;
    }
    ResolvedImage &image = m_images[index];
    const auto manifest = std::dynamic_pointer_cast<const ImageManifest>(image.manifest);
    // Artifacts have configs of other kinds (often the empty descriptor): nothing to read.
    if (MediaType::isImageConfig(manifest->config().mediaType)
        || manifest->config().mediaType == u"application/octet-stream") {
        const Result<ImageConfig> config = ImageConfig::parse(operation->bytes());
        if (!config) {
            fail(RegistryError(
                Category::Protocol,
                QStringLiteral("config %1: %2")
                    .arg(manifest->config().digest.toString(), config.error().message())));
            return;
        }
        image.config = *config;
        if (image.platform.isNull())
            image.platform = config->platform();
    }
    oneDone();
}

void ImageInspection::oneDone()
{
    if (--m_pending == 0)
        succeed();
}

} // namespace Layerscope
