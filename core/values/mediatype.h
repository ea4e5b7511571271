#pragma once

#include <QAnyStringView>
#include <QLatin1StringView>
#include <QString>

namespace Layerscope {

/**
 * Media types of the Docker Registry HTTP API v2 and the OCI image and distribution specs,
 * with predicates that answer the questions the rest of core asks about them.
 *
 * Predicates take a bare media type (QString, QStringView or one of the constants below); use
 * MediaType::essence() first on a Content-Type header value, which may carry parameters and any
 * letter case.
 */
namespace MediaType {

// Docker (distribution's manifest/schema2, manifest/manifestlist, manifest/schema1)
inline constexpr QLatin1StringView DockerManifest{
    "application/vnd.docker.distribution.manifest.v2+json"};
inline constexpr QLatin1StringView DockerManifestList{
    "application/vnd.docker.distribution.manifest.list.v2+json"};
inline constexpr QLatin1StringView DockerSchema1{
    "application/vnd.docker.distribution.manifest.v1+json"};
inline constexpr QLatin1StringView DockerSchema1Signed{
    "application/vnd.docker.distribution.manifest.v1+prettyjws"};
inline constexpr QLatin1StringView DockerConfig{"application/vnd.docker.container.image.v1+json"};
inline constexpr QLatin1StringView DockerPluginConfig{"application/vnd.docker.plugin.v1+json"};
inline constexpr QLatin1StringView DockerLayer{"application/vnd.docker.image.rootfs.diff.tar"};
inline constexpr QLatin1StringView DockerLayerGzip{
    "application/vnd.docker.image.rootfs.diff.tar.gzip"};
inline constexpr QLatin1StringView DockerLayerZstd{
    "application/vnd.docker.image.rootfs.diff.tar.zstd"};
inline constexpr QLatin1StringView DockerForeignLayerGzip{
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"};

// OCI image spec v1.1
inline constexpr QLatin1StringView OciManifest{"application/vnd.oci.image.manifest.v1+json"};
inline constexpr QLatin1StringView OciIndex{"application/vnd.oci.image.index.v1+json"};
inline constexpr QLatin1StringView OciConfig{"application/vnd.oci.image.config.v1+json"};
inline constexpr QLatin1StringView OciEmpty{"application/vnd.oci.empty.v1+json"};
inline constexpr QLatin1StringView OciDescriptor{"application/vnd.oci.descriptor.v1+json"};
inline constexpr QLatin1StringView OciLayer{"application/vnd.oci.image.layer.v1.tar"};
inline constexpr QLatin1StringView OciLayerGzip{"application/vnd.oci.image.layer.v1.tar+gzip"};
inline constexpr QLatin1StringView OciLayerZstd{"application/vnd.oci.image.layer.v1.tar+zstd"};
inline constexpr QLatin1StringView OciNonDistributableLayer{
    "application/vnd.oci.image.layer.nondistributable.v1.tar"};
inline constexpr QLatin1StringView OciNonDistributableLayerGzip{
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"};
inline constexpr QLatin1StringView OciNonDistributableLayerZstd{
    "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd"};

// Attestations as buildx writes them: an index entry with platform unknown/unknown whose
// annotations name the image manifest it attests.
inline constexpr QLatin1StringView InTotoLayer{"application/vnd.in-toto+json"};
inline constexpr QLatin1StringView AnnotationReferenceType{"vnd.docker.reference.type"};
inline constexpr QLatin1StringView AnnotationReferenceDigest{"vnd.docker.reference.digest"};
inline constexpr QLatin1StringView AttestationManifestType{"attestation-manifest"};

/// How a layer blob is compressed, as its media type says.
enum class Compression { None, Gzip, Zstd, Unknown };

/// The bare type of a Content-Type value: parameters dropped, white space trimmed, lower case.
QString essence(QAnyStringView contentType);

/// RFC 6838 syntax as the OCI descriptor schema checks it: type "/" subtype, each starting
/// with a letter or digit and at most 127 characters long.
bool isValid(QAnyStringView mediaType);

/// An OCI image index or a Docker manifest list.
bool isIndex(QAnyStringView mediaType);
/// An OCI image manifest or a Docker schema2 manifest.
bool isImageManifest(QAnyStringView mediaType);
/// A Docker schema1 manifest, signed or not.
bool isSchema1(QAnyStringView mediaType);
/// Any manifest type a registry serves from /manifests/.
bool isManifest(QAnyStringView mediaType);
/// An image configuration blob (Docker or OCI).
bool isImageConfig(QAnyStringView mediaType);
/// Any filesystem layer type (Docker or OCI, distributable or not).
bool isLayer(QAnyStringView mediaType);
/// A layer that registries may decline to serve (OCI non-distributable, Docker foreign).
bool isNonDistributableLayer(QAnyStringView mediaType);
/// The compression a layer type declares; Unknown for types that are not layers.
Compression layerCompression(QAnyStringView mediaType);
/// Types defined by Docker (application/vnd.docker.*).
bool isDocker(QAnyStringView mediaType);
/// Types defined by OCI (application/vnd.oci.*).
bool isOci(QAnyStringView mediaType);

/// A short label for people ("OCI image index", "Docker layer (gzip)"); the type itself when
/// it is not one of the known ones.
QString displayName(QAnyStringView mediaType);

} // namespace MediaType
} // namespace Layerscope
