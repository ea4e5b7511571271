#include "registry/referrersoperation.h"

#include "registry/manifestoperation.h"
#include "registry/registryclient.h"
#include "transport/transportreply.h"
#include "values/imageindex.h"
#include "values/json_p.h"
#include "values/mediatype.h"

namespace Layerscope {

using Category = RegistryError::Category;

ReferrersOperation::ReferrersOperation(RegistryClient *client, QString repository, Digest subject,
                                       QObject *parent)
    : Operation(parent)
    , m_client(client)
    , m_repository(std::move(repository))
    , m_subject(std::move(subject))
{
    TransportRequest request;
    request.target = QStringLiteral("/v2/%1/referrers/%2").arg(m_repository, m_subject.toString());
    request.headers.append({QByteArrayLiteral("Accept"), QByteArray(MediaType::OciIndex.data())});
    request.scopes.append(RegistryClient::pullScope(m_repository));
    request.maxBodySize = Json::MaxManifestSize;
    m_reply = m_client->transport()->send(request, this);
    connect(m_reply, &Operation::finished, this, &ReferrersOperation::onApiReply);
}

void ReferrersOperation::abortWork()
{
    delete m_reply;
    m_reply = nullptr;
    delete m_tag;
    m_tag = nullptr;
}

void ReferrersOperation::onApiReply()
{
    TransportReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (reply->error().category() == Category::NotFound) {
        // No referrers API: the spec's fallback is an index tagged with the subject's digest.
        if (!m_client) {
            fail(RegistryClient::closedError());
            return;
        }
        const QString tag = m_subject.algorithmName() + u'-' + m_subject.hex();
        m_tag = m_client->fetchManifest(m_repository, tag, this);
        connect(m_tag, &Operation::finished, this, &ReferrersOperation::onTagReply);
        return;
    }
    if (reply->error().isError()) {
        fail(reply->error());
        return;
    }
    const Result<ImageIndexPtr> index = ImageIndex::parse(reply->body(), MediaType::OciIndex);
    if (!index) {
        RegistryError error(Category::Protocol,
                            QStringLiteral("referrers list: ") + index.error().message());
        error.setRequest("GET", reply->url()).setHttpStatus(reply->status());
        fail(error);
        return;
    }
    m_referrers = (*index)->manifests();
    m_source = Source::ReferrersApi;
    succeed();
}

void ReferrersOperation::onTagReply()
{
    ManifestOperation *tag = m_tag;
    m_tag = nullptr;
    tag->deleteLater();
    if (tag->error().category() == Category::NotFound) {
        m_source = Source::None;
        succeed();
        return;
    }
    if (tag->error().isError()) {
        fail(tag->error());
        return;
    }
    const auto index = std::dynamic_pointer_cast<const ImageIndex>(tag->manifest());
    if (!index) {
        fail(RegistryError(Category::Protocol,
                           QStringLiteral("the referrers tag %1 is a %2, not an image index")
                               .arg(tag->reference(), tag->manifest()->formatName())));
        return;
    }
    m_referrers = index->manifests();
    m_source = Source::TagSchema;
    succeed();
}

} // namespace Layerscope
