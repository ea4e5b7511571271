#pragma once

#include "values/manifest.h"

class QJsonObject;

namespace Layerscope {

class ImageIndex;
using ImageIndexPtr = std::shared_ptr<const ImageIndex>;

/**
 * An OCI image index or a Docker manifest list: entries that point at other manifests,
 * usually one image per platform.
 *
 * Besides the per-platform images, an index may hold attestations (buildx adds one per image,
 * with platform unknown/unknown), nested indexes and artifacts; the functions below tell them
 * apart so that a platform list shows only images.
 */
class ImageIndex : public Manifest
{
public:
    /// What an index entry is.
    enum class EntryKind {
        Image, ///< an image manifest (Docker schema2, OCI, schema1) without artifactType
        Attestation, ///< an attestation manifest (see Descriptor::isAttestation())
        Index, ///< a nested index or manifest list
        Artifact, ///< anything else: an artifactType, or a media type that is not a manifest
    };

    /// Parses \a raw like Manifest::parse() and fails with MediaTypeMismatch when the
    /// document is some other kind of manifest.
    static Result<ImageIndexPtr> parse(const QByteArray &raw, QAnyStringView contentType = {});

    /// The entries, in document order, each with its platform when the index states one.
    const QList<Descriptor> &manifests() const { return m_manifests; }
    /// The entries that are images.
    QList<Descriptor> imageEntries() const { return entries(EntryKind::Image); }
    /// The attestation manifests.
    QList<Descriptor> attestationEntries() const { return entries(EntryKind::Attestation); }
    /// The entries that are indexes themselves.
    QList<Descriptor> nestedIndexes() const { return entries(EntryKind::Index); }
    /// The entries of \a kind, in document order.
    QList<Descriptor> entries(EntryKind kind) const;

    /// Classifies one index entry.
    static EntryKind entryKind(const Descriptor &entry);

    /// The first image entry whose platform matches \a wanted (see Platform::matches()).
    /// Attestations, nested indexes and artifacts are never chosen.
    std::optional<Descriptor> selectImage(const Platform &wanted) const;

    QList<Descriptor> references() const override { return m_manifests; }
    QMap<QString, QString> annotations() const override { return m_annotations; }
    std::optional<Descriptor> subject() const override { return m_subject; }
    QString artifactType() const override { return m_artifactType; }

private:
    friend class Manifest;
    ImageIndex(Format format, QByteArray raw);
    /// Reads the fields of \a object, a document of \a format whose type and schemaVersion
    /// Manifest::parse() has checked.
    static Result<ManifestPtr> fromJson(const QByteArray &raw, const QJsonObject &object,
                                        Format format);

    QList<Descriptor> m_manifests;
    QMap<QString, QString> m_annotations;
    std::optional<Descriptor> m_subject;
    QString m_artifactType;
};

} // namespace Layerscope
