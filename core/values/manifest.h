#pragma once

#include "values/descriptor.h"
#include "values/digest.h"
#include "values/result.h"

#include <QAnyStringView>
#include <QByteArray>
#include <QLatin1StringView>
#include <QList>
#include <QMap>
#include <QString>

#include <memory>
#include <optional>

namespace Layerscope {

class Manifest;
/// Manifests are immutable once parsed and shared between models, caches and views.
using ManifestPtr = std::shared_ptr<const Manifest>;

/**
 * A manifest as a registry serves it from /v2/<name>/manifests/<reference>: one of the Docker
 * or OCI formats, with the exact bytes it was parsed from.
 *
 * Each format family has its own type (ImageManifest, ImageIndex, Schema1Manifest); parse()
 * decides which one a document is. The bytes are never re-serialised, because the digest that
 * addresses a manifest is the hash of exactly those bytes.
 */
class Manifest
{
public:
    /// The concrete format of a manifest document.
    enum class Format {
        DockerSchema2, ///< application/vnd.docker.distribution.manifest.v2+json
        DockerManifestList, ///< application/vnd.docker.distribution.manifest.list.v2+json
        OciManifest, ///< application/vnd.oci.image.manifest.v1+json
        OciIndex, ///< application/vnd.oci.image.index.v1+json
        DockerSchema1, ///< application/vnd.docker.distribution.manifest.v1+json
        DockerSchema1Signed, ///< application/vnd.docker.distribution.manifest.v1+prettyjws
    };

    virtual ~Manifest();
    Q_DISABLE_COPY_MOVE(Manifest)

    /// The format the document was parsed as.
    Format format() const { return m_format; }
    /// The effective media type: the one that matches format(), whichever way it was found
    /// (Content-Type, the document's own mediaType field, or its shape).
    QString mediaType() const;
    /// The exact bytes the manifest was parsed from.
    const QByteArray &raw() const { return m_raw; }
    /// The digest that addresses this manifest in a registry: sha256 of raw(), except for a
    /// signed schema1 manifest, where it is the sha256 of the signed payload (what registries
    /// report in Docker-Content-Digest).
    const Digest &digest() const { return m_digest; }
    /// True for an OCI image index or a Docker manifest list.
    bool isIndex() const;
    /// A short name for the format, as error messages use it ("OCI image manifest").
    QString formatName() const { return formatName(m_format); }

    /// The content this manifest points at: config and layers of an image manifest, the
    /// entries of an index. Empty for schema1, which names its layers by digest only (no size
    /// or media type); see Schema1Manifest::fsLayers().
    virtual QList<Descriptor> references() const = 0;
    /// Annotations of an OCI manifest or index; empty for the Docker formats.
    virtual QMap<QString, QString> annotations() const;
    /// The manifest this one refers to (OCI 1.1 referrers), if any.
    virtual std::optional<Descriptor> subject() const;
    /// The OCI 1.1 artifactType, if any.
    virtual QString artifactType() const;

    /**
     * Parses \a raw as whichever manifest format it is.
     *
     * The type comes from \a contentType when that is a manifest media type (parameters and
     * letter case do not matter); a generic or absent Content-Type (empty, application/json,
     * text/plain, application/octet-stream) defers to the document's own mediaType field, and
     * failing that to its shape (see guessMediaType()). A Content-Type that is neither is an
     * UnknownMediaType error; one that disagrees with the document's mediaType field is a
     * MediaTypeMismatch error. Whether a schema1 manifest is signed is always read from the
     * document itself. Documents over Json::MaxManifestSize (4 MiB) are refused.
     */
    static Result<ManifestPtr> parse(const QByteArray &raw, QAnyStringView contentType = {});

    /**
     * The media type \a raw would be parsed as when served without a useful Content-Type, or
     * an empty string when that cannot be told (not JSON, unknown schemaVersion, a mediaType
     * field that is not a manifest type).
     *
     * A known mediaType field wins. Otherwise schemaVersion 1 is schema1, signed when the
     * document has "signatures"; schemaVersion 2 with "manifests" is an OCI index; with a
     * Docker image config it is a Docker schema2 manifest; anything else with schemaVersion 2
     * is an OCI manifest (an artifact's config may have any type). This follows what
     * containers/image decides for the same documents.
     */
    static QString guessMediaType(const QByteArray &raw);

    /// A short name for \a format ("Docker manifest list").
    static QString formatName(Format format);
    /// The media type of \a format.
    static QLatin1StringView mediaTypeOf(Format format);
    /// The format \a mediaType (a bare type, see MediaType::essence()) names, if it is a
    /// manifest type.
    static std::optional<Format> formatOf(QAnyStringView mediaType);

protected:
    Manifest(Format format, QByteArray raw, Digest digest);

private:
    Format m_format;
    QByteArray m_raw;
    Digest m_digest;
};

} // namespace Layerscope
