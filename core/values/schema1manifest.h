#pragma once

#include "values/manifest.h"

class QJsonObject;

namespace Layerscope {

class Schema1Manifest;
using Schema1ManifestPtr = std::shared_ptr<const Schema1Manifest>;

/**
 * A legacy Docker schema1 manifest (signed or not), read for display only.
 *
 * Registries still serve schema1 to clients that send no Accept header, and old repositories
 * may hold nothing else. Signatures are not verified: a signed manifest is checked only for
 * the protected headers that locate its payload, because the payload's digest is the one
 * registries report and the one that pulls the manifest by digest.
 */
class Schema1Manifest : public Manifest
{
public:
    /// One entry of "history": the v1Compatibility JSON of a layer, decoded.
    struct HistoryEntry
    {
        QString id; ///< the v1 image ID of the layer
        QString parent; ///< the v1 image ID of the layer below, empty for the base layer
        QString created; ///< creation time as written (RFC 3339)
        QString author;
        QString createdBy; ///< container_config.Cmd joined with spaces
        qint64 size = 0; ///< "Size": the layer's uncompressed size when recorded, else 0
        bool throwaway = false; ///< true for a layer that adds no files (an empty layer)
    };

    /// Parses \a raw like Manifest::parse() and fails with MediaTypeMismatch when the
    /// document is some other kind of manifest.
    static Result<Schema1ManifestPtr> parse(const QByteArray &raw, QAnyStringView contentType = {});

    /// The repository name the manifest was pushed under ("library/busybox").
    const QString &name() const { return m_name; }
    /// The tag the manifest was pushed as.
    const QString &tag() const { return m_tag; }
    /// The image's architecture ("amd64").
    const QString &architecture() const { return m_architecture; }
    /// The layers' blob digests, newest layer first, as the format stores them.
    const QList<Digest> &fsLayers() const { return m_fsLayers; }
    /// The layers' history, in the same order as fsLayers().
    const QList<HistoryEntry> &history() const { return m_history; }
    /// True when the document carries JWS signatures.
    bool isSigned() const { return format() == Format::DockerSchema1Signed; }
    /// The signed payload (the document without its "signatures"), whose sha256 is digest();
    /// raw() itself for an unsigned manifest.
    const QByteArray &payload() const { return m_payload; }

    QList<Descriptor> references() const override { return {}; }

private:
    friend class Manifest;
    Schema1Manifest(Format format, QByteArray raw, QByteArray payload);
    /// Reads the fields of \a object, a document of \a format whose type and schemaVersion
    /// Manifest::parse() has checked.
    static Result<ManifestPtr> fromJson(const QByteArray &raw, const QJsonObject &object,
                                        Format format);

    QByteArray m_payload;
    QString m_name;
    QString m_tag;
    QString m_architecture;
    QList<Digest> m_fsLayers;
    QList<HistoryEntry> m_history;
};

} // namespace Layerscope
