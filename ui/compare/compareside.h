#pragma once

#include "services/imageinspection.h"
#include "values/digest.h"
#include "values/imagereference.h"

#include <QList>

namespace Layerscope {

/**
 * One side of a compare as read from the registry: the reference, the digest of the document
 * it names (an index, a manifest list or a manifest) and every image that document leads to,
 * one per platform, so that the platform compared can change without asking again.
 */
struct CompareSide
{
    ImageReference reference;
    /// The digest of the document the reference names.
    Digest digest;
    /// The images, in the document's order (one for a single manifest).
    QList<ResolvedImage> images;
};

} // namespace Layerscope
