#include "registry/registryclient.h"

#include "registry/bloboperation.h"
#include "registry/layerverifyoperation.h"
#include "registry/listoperation.h"
#include "registry/manifestoperation.h"
#include "registry/referrersoperation.h"
#include "transport/transportreply.h"
#include "values/mediatype.h"

namespace Layerscope {

namespace {

// Verified manifests and configs kept in memory; a few thousand typical documents.
constexpr qsizetype ContentCacheBytes = 64 * 1024 * 1024;

} // namespace

RegistryClient::RegistryClient(const QString &registry, TransportOptions options, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_transport(new Transport(apiHost(registry), options, this))
{
    m_content.setMaxCost(ContentCacheBytes);
}

RegistryClient::~RegistryClient() = default;

void RegistryClient::setCredentialsPending(bool pending)
{
    m_transport->setCredentialsPending(pending);
}

void RegistryClient::setCredentials(const Credentials &credentials)
{
    m_transport->setCredentials(credentials);
}

QString RegistryClient::apiHost(const QString &registry)
{
    if (registry == u"docker.io" || registry == u"index.docker.io")
        return QStringLiteral("registry-1.docker.io");
    return registry;
}

RegistryError RegistryClient::closedError()
{
    return RegistryError(RegistryError::Category::Cancelled,
                         QStringLiteral("the connection to the registry was closed"));
}

QString RegistryClient::pullScope(const QString &repository)
{
    return QStringLiteral("repository:%1:pull").arg(repository);
}

QByteArray RegistryClient::manifestAcceptHeader()
{
    // Every format Layerscope reads, newest first; schema1 last, so that a registry able to
    // convert (distribution does) serves a schema2 manifest rather than a schema1 conversion.
    static const QByteArray accept = QByteArray(MediaType::OciIndex.data()) + ", "
        + MediaType::DockerManifestList.data() + ", " + MediaType::OciManifest.data() + ", "
        + MediaType::DockerManifest.data() + ", " + MediaType::DockerSchema1Signed.data() + ", "
        + MediaType::DockerSchema1.data();
    return accept;
}

TransportReply *RegistryClient::ping(QObject *parent)
{
    TransportRequest request;
    request.target = QStringLiteral("/v2/");
    request.maxBodySize = 64 * 1024;
    return m_transport->send(request, parent);
}

ListOperation *RegistryClient::listRepositories(QObject *parent, bool allPages, int pageSize,
                                                const QUrl &from)
{
    return new ListOperation(this, ListOperation::Kind::Repositories, {}, allPages, pageSize, from,
                             parent);
}

ListOperation *RegistryClient::listTags(const QString &repository, QObject *parent, bool allPages,
                                        int pageSize, const QUrl &from)
{
    return new ListOperation(this, ListOperation::Kind::Tags, repository, allPages, pageSize, from,
                             parent);
}

ManifestOperation *RegistryClient::fetchManifest(const QString &repository,
                                                 const QString &reference, QObject *parent)
{
    return new ManifestOperation(this, repository, reference, false, parent);
}

ManifestOperation *RegistryClient::headManifest(const QString &repository, const QString &reference,
                                                QObject *parent)
{
    return new ManifestOperation(this, repository, reference, true, parent);
}

BlobOperation *RegistryClient::fetchBlob(const QString &repository, const Descriptor &descriptor,
                                         QObject *parent)
{
    return new BlobOperation(this, repository, descriptor, parent);
}

LayerVerifyOperation *RegistryClient::verifyLayer(const QString &repository,
                                                  const Descriptor &layer, const Digest &diffId,
                                                  QObject *parent)
{
    return new LayerVerifyOperation(this, repository, layer, diffId, parent);
}

ReferrersOperation *RegistryClient::fetchReferrers(const QString &repository, const Digest &subject,
                                                   QObject *parent)
{
    return new ReferrersOperation(this, repository, subject, parent);
}

std::optional<QByteArray> RegistryClient::cached(const Digest &digest) const
{
    if (const QByteArray *bytes = m_content.object(digest.toString()))
        return *bytes;
    return std::nullopt;
}

void RegistryClient::remember(const Digest &digest, const QByteArray &bytes)
{
    m_content.insert(digest.toString(), new QByteArray(bytes), bytes.size());
}

} // namespace Layerscope
