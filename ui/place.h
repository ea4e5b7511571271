#pragma once

#include "values/imagereference.h"

#include <QString>
#include <QVariantMap>

#include <optional>

namespace Layerscope {

/**
 * Where the explorer is: a registry, perhaps a repository in it, perhaps a tag or digest in
 * that repository and a platform of it. What back/forward move between, what the window
 * restores on start, and what `layerscope REFERENCE` opens.
 */
struct Place
{
    QString registry; ///< as references name it: "docker.io", "127.0.0.1:5000"
    QString repository; ///< "library/alpine"; empty: the registry itself
    QString tag; ///< "3.19"; may be empty when a digest names the image
    QString digest; ///< "sha256:…"; empty when the tag names the image
    QString platform; ///< "linux/arm64/v8"; empty: the default one

    bool isNull() const { return registry.isEmpty(); }
    /// True when the place names an image (a tag or a digest).
    bool hasImage() const { return !repository.isEmpty() && (!tag.isEmpty() || !digest.isEmpty()); }

    /// The place a reference names (its tag and digest as written; ImageReference::parse()
    /// adds "latest" to a bare name, ImageReference::parseAny() does not).
    static Place fromReference(const ImageReference &reference);
    /// The image this place names, or nothing when it names no image.
    std::optional<ImageReference> imageReference() const;
    /// "registry/repository:tag@digest", as far as the place goes.
    QString toString() const;

    /// For QSettings.
    QVariantMap toVariant() const;
    /// From toVariant(); a null place when \a value does not hold one.
    static Place fromVariant(const QVariantMap &value);

    friend bool operator==(const Place &a, const Place &b)
    {
        return a.registry == b.registry && a.repository == b.repository && a.tag == b.tag
            && a.digest == b.digest && a.platform == b.platform;
    }
    friend bool operator!=(const Place &a, const Place &b) { return !(a == b); }
};

} // namespace Layerscope
