#pragma once

#include "values/manifest.h"

class QJsonObject;

namespace Layerscope {

class ImageManifest;
using ImageManifestPtr = std::shared_ptr<const ImageManifest>;

/**
 * A Docker schema2 manifest or an OCI image manifest: one config and a list of layers.
 *
 * Both formats share this shape; the OCI one adds annotations, artifactType and subject.
 * Layer and config media types are not restricted: OCI artifacts use their own, and real
 * Docker Hub manifests carry config types such as application/octet-stream. An empty layer
 * list is accepted too (OCI artifacts have none), although the OCI schema asks for at least
 * one; nothing a client does depends on it.
 */
class ImageManifest : public Manifest
{
public:
    /// Parses \a raw like Manifest::parse() and fails with MediaTypeMismatch when the
    /// document is some other kind of manifest.
    static Result<ImageManifestPtr> parse(const QByteArray &raw, QAnyStringView contentType = {});

    /// The image config (or, for an artifact, its config blob).
    const Descriptor &config() const { return m_config; }
    /// The layers, base layer first.
    const QList<Descriptor> &layers() const { return m_layers; }
    /// The sum of the layers' sizes (compressed, as stored); saturates at the largest qint64
    /// rather than overflow on hostile sizes.
    qint64 totalLayerSize() const;
    /// True for an OCI artifact (artifactType set, or a config that is not an image config);
    /// for Docker schema2, a config that is neither an image config nor the
    /// application/octet-stream old Docker Hub manifests use (a plugin, say).
    bool isArtifact() const;

    QList<Descriptor> references() const override;
    QMap<QString, QString> annotations() const override { return m_annotations; }
    std::optional<Descriptor> subject() const override { return m_subject; }
    QString artifactType() const override { return m_artifactType; }

private:
    friend class Manifest;
    ImageManifest(Format format, QByteArray raw);
    /// Reads the fields of \a object, a document of \a format whose type and schemaVersion
    /// Manifest::parse() has checked.
    static Result<ManifestPtr> fromJson(const QByteArray &raw, const QJsonObject &object,
                                        Format format);

    Descriptor m_config;
    QList<Descriptor> m_layers;
    QMap<QString, QString> m_annotations;
    std::optional<Descriptor> m_subject;
    QString m_artifactType;
};

} // namespace Layerscope
