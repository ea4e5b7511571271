#include "services/imagecomparison.h"

#include "registry/registryclient.h"
#include "values/imagemanifest.h"

namespace Layerscope {

namespace {

bool contains(const QList<ResolvedImage> &images, const Platform &platform)
{
    return imageForPlatform(images, platform) >= 0;
}

// Each platform once, in order: an index may list one platform twice (two builds of it).
QList<Platform> platformsOf(const QList<ResolvedImage> &images)
{
    QList<Platform> platforms;
    for (const ResolvedImage &image : images) {
        const bool seen = std::any_of(platforms.cbegin(), platforms.cend(),
                                      [&](const Platform &p) { return p.matches(image.platform); });
        if (!seen)
            platforms.append(image.platform);
    }
    return platforms;
}

qsizetype hostOrFirst(const QList<ResolvedImage> &images, const Platform &host)
{
    if (images.isEmpty())
        return -1;
    const qsizetype forHost = imageForPlatform(images, host);
    return forHost >= 0 ? forHost : 0;
}

QList<LayerSide> sidesOf(const ResolvedImage &image)
{
    if (const auto manifest = std::dynamic_pointer_cast<const ImageManifest>(image.manifest))
        return layerSides(*manifest, image.config.value_or(ImageConfig()));
    return {};
}

} // namespace

PlatformSets comparePlatforms(const QList<ResolvedImage> &a, const QList<ResolvedImage> &b)
{
    PlatformSets sets;
    for (const Platform &platform : platformsOf(a))
        (contains(b, platform) ? sets.both : sets.onlyA).append(platform);
    for (const Platform &platform : platformsOf(b)) {
        if (!contains(a, platform))
            sets.onlyB.append(platform);
    }
    return sets;
}

qsizetype imageForPlatform(const QList<ResolvedImage> &images, const Platform &platform)
{
    for (qsizetype i = 0; i < images.size(); ++i) {
        if (images.at(i).platform.matches(platform))
            return i;
    }
    return -1;
}

ImagePair defaultImagePair(const QList<ResolvedImage> &a, const QList<ResolvedImage> &b,
                           const Platform &host)
{
    if (a.isEmpty() || b.isEmpty())
        return {hostOrFirst(a, host), hostOrFirst(b, host)};
    // Two single images are compared as they are, whatever platforms their configs state.
    if (a.size() == 1 && b.size() == 1)
        return {0, 0};
    const qsizetype hostA = imageForPlatform(a, host);
    const qsizetype hostB = imageForPlatform(b, host);
    if (hostA >= 0 && hostB >= 0)
        return {hostA, hostB};
    for (qsizetype i = 0; i < a.size(); ++i) {
        const qsizetype inB = imageForPlatform(b, a.at(i).platform);
        if (inB >= 0)
            return {i, inB};
    }
    return {hostOrFirst(a, host), hostOrFirst(b, host)};
}

ImageDiff diffImages(const ResolvedImage &a, const ResolvedImage &b)
{
    ImageDiff diff;
    diff.layers = alignLayers(sidesOf(a), sidesOf(b));
    diff.summary = summarize(diff.layers);
    const ImageConfig configA = a.config.value_or(ImageConfig());
    const ImageConfig configB = b.config.value_or(ImageConfig());
    diff.config = diffConfigs(configA, configB);
    diff.identical = sameImage(configA, configB);
    return diff;
}

ImageComparison::ImageComparison(RegistryClient *clientA, ImageReference a, RegistryClient *clientB,
                                 ImageReference b, QObject *parent)
    : Operation(parent)
    , m_referenceA(std::move(a))
    , m_referenceB(std::move(b))
{
    m_a = new ImageInspection(clientA, m_referenceA, std::nullopt, this);
    m_b = new ImageInspection(clientB, m_referenceB, std::nullopt, this);
    connect(m_a, &Operation::finished, this, [this] { onSideFinished(0); });
    connect(m_b, &Operation::finished, this, [this] { onSideFinished(1); });
}

void ImageComparison::abortWork()
{
    delete m_a;
    delete m_b;
}

void ImageComparison::onSideFinished(int side)
{
    ImageInspection *inspection = side == 0 ? m_a : m_b;
    if (inspection->error().isError()) {
        m_failedSide = side;
        // The copy keeps the request, status and registry entries; the message says which side.
        RegistryError error = inspection->error();
        error.setMessage(QStringLiteral("side %1 (%2)%3")
                             .arg(QChar(side == 0 ? u'A' : u'B'))
                             .arg(inspection->reference().familiarString(),
                                  error.message().isEmpty()
                                      ? QString()
                                      : QStringLiteral(": ") + error.message()));
        // The other side's work is of no use now.
        ImageInspection *other = side == 0 ? m_b : m_a;
        if (other && !other->isFinished())
            delete other;
        fail(error);
        return;
    }
    if (--m_pending == 0) {
        m_done = true;
        succeed();
    }
}

} // namespace Layerscope
