#pragma once

#include "testdata.h"

#include <QByteArray>
#include <QString>

namespace TestDocuments {

/// The name read() gives the buildx-shaped index below.
inline const QString BuildxIndex = QStringLiteral("buildx");
/// The name read() gives containers/image's index with every field, without embedded data.
inline const QString EverythingIndex = QStringLiteral("oci index with every field");

/**
 * An OCI index shaped as `docker buildx build --platform linux/amd64,linux/arm64 --provenance`
 * pushes it: one image per platform, then one attestation manifest per image (platform
 * unknown/unknown, vnd.docker.reference.type and .digest annotations), plus an attestation
 * whose subject is not in the index. Written for Layerscope's tests; the digests are made up.
 */
inline QByteArray buildxIndex()
{
    return QByteArrayLiteral(R"({
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111",
      "size": 673,
      "platform": {"architecture": "amd64", "os": "linux"}
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "sha256:2222222222222222222222222222222222222222222222222222222222222222",
      "size": 673,
      "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "sha256:3333333333333333333333333333333333333333333333333333333333333333",
      "size": 566,
      "annotations": {
        "vnd.docker.reference.digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111",
        "vnd.docker.reference.type": "attestation-manifest"
      },
      "platform": {"architecture": "unknown", "os": "unknown"}
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "sha256:4444444444444444444444444444444444444444444444444444444444444444",
      "size": 566,
      "annotations": {
        "vnd.docker.reference.digest": "sha256:2222222222222222222222222222222222222222222222222222222222222222",
        "vnd.docker.reference.type": "attestation-manifest"
      },
      "platform": {"architecture": "unknown", "os": "unknown"}
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "sha256:5555555555555555555555555555555555555555555555555555555555555555",
      "size": 566,
      "annotations": {
        "vnd.docker.reference.digest": "sha256:9999999999999999999999999999999999999999999999999999999999999999",
        "vnd.docker.reference.type": "attestation-manifest"
      },
      "platform": {"architecture": "unknown", "os": "unknown"}
    }
  ]
})");
}

/**
 * The bytes of \a source: BuildxIndex, EverythingIndex, or a file under tests/data.
 *
 * containers/image's oci1.index.everything.json embeds "data" that does not hash to the
 * made-up digests beside it, which core rightly refuses; without those two fields the
 * document keeps every other field.
 */
inline QByteArray read(const QString &source)
{
    if (source == BuildxIndex)
        return buildxIndex();
    if (source == EverythingIndex) {
        QByteArray raw = TestData::read(
            QStringLiteral("manifests/containers_image/oci1.index.everything.json"));
        raw = TestData::replaced(raw, R"("data": "YQ==",)", "");
        return TestData::replaced(raw, R"("data": "YmM=",)", "");
    }
    return TestData::read(source);
}

} // namespace TestDocuments
