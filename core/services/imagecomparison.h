#pragma once

#include "services/imageinspection.h"
#include "transport/operation.h"
#include "values/imagediff.h"
#include "values/imagereference.h"
#include "values/platform.h"

#include <QList>
#include <QPointer>

#include <optional>

namespace Layerscope {

class RegistryClient;

/// Which platforms two references have: on both sides, or on one only, each in its side's order.
struct PlatformSets
{
    QList<Platform> onlyA;
    QList<Platform> onlyB;
    QList<Platform> both; ///< in A's order

    friend bool operator==(const PlatformSets &, const PlatformSets &) = default;
};

/// The platforms of \a a and \a b compared (two platforms are the same when they match once
/// normalised: "arm64" and "arm64/v8" are one platform).
PlatformSets comparePlatforms(const QList<ResolvedImage> &a, const QList<ResolvedImage> &b);

/// The image of \a images for \a platform (as an index entry is chosen for it), or -1.
qsizetype imageForPlatform(const QList<ResolvedImage> &images, const Platform &platform);

/// Positions of the images compared by default, one in each side's list (-1 for an empty list).
struct ImagePair
{
    qsizetype a = -1;
    qsizetype b = -1;

    friend bool operator==(const ImagePair &, const ImagePair &) = default;
};

/**
 * The images to compare when the user has not chosen: the same platform on both sides. That is
 * the platform `docker pull` would take on this machine (Platform::host()) when both sides have
 * it, else the first platform of A that B has too. With no platform in common, each side's
 * image for the host, else its first image. A single image stands for its own platform.
 */
ImagePair defaultImagePair(const QList<ResolvedImage> &a, const QList<ResolvedImage> &b,
                           const Platform &host = Platform::host());

/// Two images compared: the aligned layers, their numbers and the config differences.
struct ImageDiff
{
    QList<AlignedLayer> layers;
    LayerDiffSummary summary;
    QList<ConfigDifference> config;
    /// Both configs are one document (equal config digests): the same image, even when the
    /// manifests differ.
    bool identical = false;
};

/// Compares image \a a with image \a b. Images without a config (schema1, artifacts) contribute
/// their manifest's layers without diff_ids.
ImageDiff diffImages(const ResolvedImage &a, const ResolvedImage &b);

/**
 * Reads two references for a compare: each side's document, and every image of it (all
 * platforms of an index, so that the platform compared can be changed without asking the
 * registry again), verified against their digests. The two sides are read at the same time,
 * from the same registry or from two.
 *
 * An error names the side it comes from ("A: registry.example/app:1.0: …"); the other side's
 * work stops then.
 */
class ImageComparison : public Operation
{
    Q_OBJECT

public:
    /// Starts reading \a a through \a clientA and \a b through \a clientB (which may be the
    /// same client). Both references are normalised, with a tag or digest.
    ImageComparison(RegistryClient *clientA, ImageReference a, RegistryClient *clientB,
                    ImageReference b, QObject *parent);

    const ImageReference &referenceA() const { return m_referenceA; }
    const ImageReference &referenceB() const { return m_referenceB; }
    /// Side A's inspection, once finished without error (else null).
    const ImageInspection *inspectionA() const { return m_done ? m_a : nullptr; }
    /// Side B's inspection, once finished without error (else null).
    const ImageInspection *inspectionB() const { return m_done ? m_b : nullptr; }
    /// 0 for side A, 1 for side B: the side whose reading failed; -1 when none did.
    int failedSide() const { return m_failedSide; }

protected:
    void abortWork() override;

private:
    void onSideFinished(int side);

    ImageReference m_referenceA;
    ImageReference m_referenceB;
    QPointer<ImageInspection> m_a;
    QPointer<ImageInspection> m_b;
    int m_pending = 2;
    int m_failedSide = -1;
    bool m_done = false;
};

} // namespace Layerscope
