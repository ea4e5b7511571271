#pragma once

#include "transport/credentials.h"
#include "transport/registryerror.h"
#include "transport/transport.h"
#include "values/descriptor.h"
#include "values/digest.h"
#include "values/imageconfig.h"
#include "values/layerdigester.h"
#include "values/manifest.h"
#include "values/platform.h"

#include <QCache>
#include <QObject>
#include <QString>
#include <QUrl>

namespace Layerscope {

class BlobOperation;
class LayerVerifyOperation;
class ListOperation;
class ManifestOperation;
class ReferrersOperation;
class TransportReply;

/**
 * The registry API (Docker Registry HTTP API v2 / OCI distribution spec) for one registry:
 * catalog and tag lists, manifests, blobs, layer verification and referrers, each as an
 * Operation (see operation.h) that belongs to the QObject given as its parent.
 *
 * Everything fetched by digest is verified against it before it is handed out, and the
 * registry's Docker-Content-Digest header is checked against the bytes; verified immutable
 * documents (manifests by digest, configs) are kept in a small in-memory cache.
 */
class RegistryClient : public QObject
{
    Q_OBJECT

public:
    /// \a registry is the registry as references name it: "docker.io", "ghcr.io",
    /// "127.0.0.1:5000". Docker Hub's API host is found from it.
    explicit RegistryClient(const QString &registry, TransportOptions options = {},
                            QObject *parent = nullptr);
    ~RegistryClient() override;

    /// The registry as references name it ("docker.io").
    const QString &registry() const { return m_registry; }
    Transport *transport() const { return m_transport; }
    /// Credentials from now on; releases requests held by setCredentialsPending().
    void setCredentials(const Credentials &credentials);
    /// Holds requests that need to authenticate until setCredentials() (see Transport).
    void setCredentialsPending(bool pending);

    /// Checks that the registry answers (GET /v2/), authenticating if it asks for it.
    TransportReply *ping(QObject *parent);

    /**
     * Repositories of the catalog (/v2/_catalog). With \a allPages every page is fetched
     * (following Link headers on the same host); otherwise one page, and
     * ListOperation::nextPage() continues. \a pageSize 0 leaves the size to the registry.
     */
    ListOperation *listRepositories(QObject *parent, bool allPages = true, int pageSize = 0,
                                    const QUrl &from = {});
    /// Tags of \a repository, as listRepositories().
    ListOperation *listTags(const QString &repository, QObject *parent, bool allPages = true,
                            int pageSize = 0, const QUrl &from = {});

    /// The manifest \a reference (a tag or a digest) names in \a repository, verified.
    ManifestOperation *fetchManifest(const QString &repository, const QString &reference,
                                     QObject *parent);
    /// Only the digest, media type and size of \a reference (HEAD); falls back to GET when the
    /// registry sends no Docker-Content-Digest.
    ManifestOperation *headManifest(const QString &repository, const QString &reference,
                                    QObject *parent);
    /// A small blob (a config), checked against \a descriptor's digest and size.
    BlobOperation *fetchBlob(const QString &repository, const Descriptor &descriptor,
                             QObject *parent);
    /// Downloads a layer and checks its digest and (when \a diffId is given) its
    /// uncompressed digest in one pass, with progress; nothing is kept.
    LayerVerifyOperation *verifyLayer(const QString &repository, const Descriptor &layer,
                                      const Digest &diffId, QObject *parent);
    /// Manifests that refer to \a subject (signatures, SBOMs, attestations): the referrers
    /// API, or the "sha256-<hex>" tag when the registry has no such API.
    ReferrersOperation *fetchReferrers(const QString &repository, const Digest &subject,
                                       QObject *parent);

    /// The Accept header for manifests: every format Layerscope reads.
    static QByteArray manifestAcceptHeader();
    /// "repository:<name>:pull".
    static QString pullScope(const QString &repository);
    /// The host that serves \a registry's API ("registry-1.docker.io" for "docker.io").
    static QString apiHost(const QString &registry);
    /// The error of an operation whose client was deleted before it finished.
    static RegistryError closedError();

private:
    friend class BlobOperation;
    friend class ManifestOperation;

    /// Verified content by digest, for documents that never change.
    std::optional<QByteArray> cached(const Digest &digest) const;
    void remember(const Digest &digest, const QByteArray &bytes);

    QString m_registry;
    Transport *m_transport;
    QCache<QString, QByteArray> m_content;
};

} // namespace Layerscope
