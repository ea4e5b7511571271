#pragma once

#include "values/digest.h"
#include "values/platform.h"

#include <QAnyStringView>
#include <QByteArray>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Layerscope {

/**
 * A reference to content by media type, digest and size: a layer or config in a manifest, a
 * manifest in an index, the subject of an artifact (OCI image spec, descriptor.md).
 */
struct Descriptor
{
    QString mediaType;
    Digest digest;
    qint64 size = 0;
    QStringList urls; ///< where non-distributable content may be fetched from
    QMap<QString, QString> annotations;
    std::optional<Platform> platform; ///< index entries only
    QString artifactType; ///< OCI 1.1 (optional)
    std::optional<QByteArray> data; ///< embedded content, already checked against digest and size

    /// The value of annotation \a key, or an empty string.
    QString annotation(QAnyStringView key) const { return annotations.value(key.toString()); }

    /// True for the attestation manifests buildx adds to an index (platform unknown/unknown,
    /// annotation vnd.docker.reference.type = attestation-manifest). They are never images.
    bool isAttestation() const;

    friend bool operator==(const Descriptor &a, const Descriptor &b)
    {
        return a.mediaType == b.mediaType && a.digest == b.digest && a.size == b.size
            && a.urls == b.urls && a.annotations == b.annotations && a.platform == b.platform
            && a.artifactType == b.artifactType && a.data == b.data;
    }
    friend bool operator!=(const Descriptor &a, const Descriptor &b) { return !(a == b); }
};

} // namespace Layerscope

Q_DECLARE_METATYPE(Layerscope::Descriptor)
