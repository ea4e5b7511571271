#pragma once

#include "values/result.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace Layerscope {

/**
 * The platform an image runs on, as an index entry or an image config states it.
 *
 * Architectures and operating systems use Go's names (GOARCH/GOOS: "amd64", "arm64",
 * "linux"), as every registry does.
 */
struct Platform
{
    QString os;
    QString architecture;
    QString variant; ///< "v7", "v8", … (optional)
    QString osVersion; ///< "os.version", e.g. a Windows build (optional)
    QStringList osFeatures; ///< "os.features" (optional)
    QStringList features; ///< Docker manifest lists' "features" (optional, reserved)

    bool isNull() const { return os.isEmpty() && architecture.isEmpty(); }
    /// "unknown/unknown": what buildx writes on attestation entries.
    bool isUnknown() const;
    /// "os/architecture", with "/variant" when there is one.
    QString toString() const;

    /// Parses "os/architecture[/variant]" as users type it ("linux/arm64/v8").
    static Result<Platform> parse(QStringView text);

    /**
     * The same platform in the canonical spelling registries use: architecture aliases
     * resolved (x86_64 → amd64, aarch64 → arm64, i686 → 386, armhf → arm/v7) and the implied
     * variants written out (arm64 → v8, arm → v7), as containerd does. Used for matching.
     */
    Platform normalized() const;

    /// True when this platform (an index entry) is what \a wanted asks for: the same
    /// operating system, architecture and variant once both are normalized().
    bool matches(const Platform &wanted) const;

    /**
     * The platform of the machine Layerscope runs on, as `docker pull` would choose: Linux
     * (container images are Linux images on every desktop) and this CPU's architecture.
     */
    static Platform host();

    friend bool operator==(const Platform &a, const Platform &b)
    {
        return a.os == b.os && a.architecture == b.architecture && a.variant == b.variant
            && a.osVersion == b.osVersion && a.osFeatures == b.osFeatures
            && a.features == b.features;
    }
    friend bool operator!=(const Platform &a, const Platform &b) { return !(a == b); }
};

} // namespace Layerscope

Q_DECLARE_METATYPE(Layerscope::Platform)
