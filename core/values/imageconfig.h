#pragma once

#include "values/digest.h"
#include "values/platform.h"
#include "values/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace Layerscope {

/**
 * An image configuration blob: the document a manifest's "config" descriptor points at (OCI
 * image spec, config.md; Docker's application/vnd.docker.container.image.v1+json, which is the
 * same document with a few more fields).
 *
 * It holds the platform, the run configuration, the layers' uncompressed digests
 * (rootfs.diff_ids) and the build history. Its digest is the image ID that `docker images`
 * shows. The exact bytes are kept: the digest is always computed over them, never over a
 * re-serialisation (Docker writes escapes such as \u0026 that a JSON writer would not).
 *
 * Fields outside the typed accessors (Docker's Hostname, Memory, "parent", …) stay readable
 * through document().
 */
class ImageConfig
{
public:
    /**
     * The "config" object: how a container of the image runs. Docker also writes the same
     * structure as "container_config" (the container that committed the last layer).
     */
    struct RunConfig
    {
        QString user;
        QStringList exposedPorts; ///< "80/tcp", …: the keys of the ExposedPorts object
        /// "NAME=value" entries, verbatim. Entries without "=" are kept as they are: Docker
        /// accepts them when it loads an image, so refusing the whole config over one would
        /// hide an image Docker runs.
        QStringList env;
        QStringList entrypoint; ///< empty when absent or JSON null
        QStringList cmd; ///< empty when absent or JSON null
        QStringList volumes; ///< the keys of the Volumes object
        QString workingDir;
        QMap<QString, QString> labels;
        QString stopSignal;
        bool argsEscaped = false; ///< Windows only, deprecated by the OCI spec
        QString image; ///< Docker's "Image": what the build started from; often a digest
        QJsonObject healthcheck; ///< Docker's Healthcheck object, as written
        QStringList shell; ///< Docker's Shell (Windows images and SHELL instructions)
        QStringList onBuild; ///< Docker's ONBUILD triggers
        QJsonObject object; ///< the whole object, for fields not listed here

        /// True when the document had no such object, or an empty one.
        bool isNull() const { return object.isEmpty(); }
    };

    /// One step of the build, from the "history" array.
    struct HistoryEntry
    {
        QDateTime created; ///< UTC; null when absent or Go's zero time
        QString createdBy; ///< the command ("/bin/sh -c #(nop) CMD [\"sh\"]")
        QString author;
        QString comment;
        bool emptyLayer = false; ///< true when the step created no layer (ENV, CMD, …)
    };

    /**
     * Configs larger than this are refused. A config is a blob, so distribution's 4 MiB
     * manifest limit does not apply to it, and configs do outgrow manifests: every build step
     * adds a history entry carrying its whole command line (long RUN scripts, inlined heredocs)
     * and Docker repeats the run config as container_config. Real configs stay well under
     * 1 MiB; 8 MiB leaves wide room for them while bounding what a misbehaving server can make
     * the parser hold (the parsed form takes several times the bytes).
     */
    static constexpr qsizetype MaxSize = 8 * 1024 * 1024;

    /// A null config (no document).
    ImageConfig() = default;

    /**
     * Parses \a raw, keeping the bytes as they are. Required: architecture, os (strings, which
     * may be empty: cosign writes ""), rootfs with type "layers". rootfs.diff_ids may be absent
     * when there are no layers (Docker omits an empty list). Errors name the field
     * ("image config: history[2].created: …"): TooLarge, InvalidJson, InvalidUtf8, TooDeep,
     * WrongType, MissingField, InvalidValue and the Digest* codes for diff_ids.
     *
     * A document with none of the required fields (such as the "{}" config of Helm charts and
     * other artifacts) is not an image config and gives MissingField.
     */
    static Result<ImageConfig> parse(const QByteArray &raw);

    /// True for a default-constructed config.
    bool isNull() const { return m_raw.isEmpty(); }

    /// The exact bytes parsed.
    const QByteArray &raw() const { return m_raw; }
    /// sha256 of raw(): the image ID (`docker images` shows Digest::shortHex()).
    const Digest &digest() const { return m_digest; }
    /// The whole document, for fields without an accessor.
    const QJsonObject &document() const { return m_document; }

    /// architecture, os, variant, os.version and os.features.
    const Platform &platform() const { return m_platform; }
    /// When the image was created, in UTC; null when absent or Go's zero time.
    const QDateTime &created() const { return m_created; }
    /// The "author" field, as written.
    const QString &author() const { return m_author; }

    /// The "config" object; a null RunConfig when the document has none.
    const RunConfig &config() const { return m_config; }
    /// Docker's "container_config"; a null RunConfig when absent (OCI configs, BuildKit).
    const RunConfig &containerConfig() const { return m_containerConfig; }
    /// Docker's "docker_version", the engine that built the image.
    const QString &dockerVersion() const { return m_dockerVersion; }
    /// Docker's "container", the ID of the container that committed the last layer.
    const QString &container() const { return m_container; }

    /// rootfs.type; always "layers" for a parsed config.
    const QString &rootfsType() const { return m_rootfsType; }
    /// rootfs.diff_ids: the sha256 of each uncompressed layer tar, bottom layer first. They
    /// differ from the manifest's layer digests, which hash the compressed blobs.
    const QList<Digest> &diffIds() const { return m_diffIds; }

    /// The build history, oldest step first.
    const QList<HistoryEntry> &history() const { return m_history; }
    /// The number of history entries that created a layer (empty_layer not true).
    qsizetype nonEmptyHistoryCount() const;
    /**
     * For each layer i (diffIds()[i]), the index in history() of the step that created it, or
     * -1 when the history has no entry left for it. Non-empty entries correspond to the layers
     * in order.
     */
    QList<qsizetype> historyIndexForLayers() const;
    /// For each history entry, the index of the layer it created, or -1 for an empty step or
    /// when there are more non-empty steps than layers.
    QList<qsizetype> layerIndexForHistory() const;
    /**
     * True when the non-empty history entries are exactly as many as the layers, so that the
     * mapping above is trustworthy. Real images sometimes disagree (squashed or hand-made
     * images, configs without history); that is shown, not refused.
     */
    bool historyMatchesLayers() const;

private:
    QByteArray m_raw;
    Digest m_digest;
    QJsonObject m_document;
    Platform m_platform;
    QDateTime m_created;
    QString m_author;
    RunConfig m_config;
    RunConfig m_containerConfig;
    QString m_dockerVersion;
    QString m_container;
    QString m_rootfsType;
    QList<Digest> m_diffIds;
    QList<HistoryEntry> m_history;
};

} // namespace Layerscope

Q_DECLARE_METATYPE(Layerscope::ImageConfig)
