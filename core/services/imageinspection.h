#pragma once

#include "registry/manifestoperation.h"
#include "transport/operation.h"
#include "values/descriptor.h"
#include "values/imageconfig.h"
#include "values/imagereference.h"
#include "values/manifest.h"
#include "values/platform.h"

#include <QList>
#include <QPointer>

#include <optional>

namespace Layerscope {

class BlobOperation;
class RegistryClient;

/// One image: a platform's manifest and its config.
struct ResolvedImage
{
    /// The platform the index entry states, or the config's when the manifest stands alone.
    Platform platform;
    /// The image manifest's descriptor (digest, media type, size).
    Descriptor descriptor;
    /// The image manifest (an ImageManifest, or a Schema1Manifest for legacy images).
    ManifestPtr manifest;
    /// The config; absent for schema1 images, which have none.
    std::optional<ImageConfig> config;

    /// The layers' descriptors (empty for schema1, see Schema1Manifest::fsLayers()).
    QList<Descriptor> layers() const;
    /// The sum of the layers' compressed sizes, as registries show "compressed size".
    qint64 compressedSize() const;
};

/**
 * Everything about what a reference names: the document itself (an index, a list or a
 * manifest) and, for each image it leads to, the image manifest and config, all verified
 * against their digests.
 *
 * Which images: with a platform, the one matching it (an error naming the platforms there
 * are when none does); without one, every image entry of an index (attestations, nested
 * indexes and artifacts are listed, not resolved), or the single manifest.
 */
class ImageInspection : public Operation
{
    Q_OBJECT

public:
    /// Starts inspecting \a reference (normalised, with a tag or digest).
    ImageInspection(RegistryClient *client, ImageReference reference,
                    std::optional<Platform> platform, QObject *parent);

    const ImageReference &reference() const { return m_reference; }
    /// The document the reference names.
    const ManifestPtr &manifest() const { return m_manifest; }
    const Digest &digest() const { return m_digest; }
    ManifestOperation::Verification verification() const { return m_verification; }
    /// The images, in index order.
    const QList<ResolvedImage> &images() const { return m_images; }

protected:
    void abortWork() override;

private:
    void onTopManifest();
    void resolveImage(qsizetype index);
    void onImageManifest(qsizetype index, ManifestOperation *operation);
    void onConfig(qsizetype index, BlobOperation *operation);
    void oneDone();

    QPointer<RegistryClient> m_client;
    ImageReference m_reference;
    std::optional<Platform> m_platform;
    ManifestOperation *m_top = nullptr;
    ManifestPtr m_manifest;
    Digest m_digest;
    ManifestOperation::Verification m_verification = ManifestOperation::Verification::ComputedOnly;
    QList<ResolvedImage> m_images;
    int m_pending = 0;
};

} // namespace Layerscope
