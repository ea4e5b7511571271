#include "registry/layerverifyoperation.h"

#include "registry/registryclient.h"
#include "transport/transportreply.h"
#include "values/mediatype.h"

namespace Layerscope {

using Category = RegistryError::Category;

namespace {

RegistryError layerError(const LayerDigester &digester, const Descriptor &layer)
{
    const Category category = digester.failure() == LayerDigester::Failure::TooLarge
        ? Category::TooLarge
        : Category::Protocol;
    return RegistryError(
        category,
        QStringLiteral("layer %1: %2").arg(layer.digest.toString(), digester.error().message()));
}

} // namespace

LayerVerifyOperation::LayerVerifyOperation(RegistryClient *client, QString repository,
                                           Descriptor layer, Digest diffId, QObject *parent)
    : Operation(parent)
    , m_layer(std::move(layer))
{
    m_digester.emplace(MediaType::layerCompression(m_layer.mediaType),
                       LayerDigester::Expected{m_layer.digest, m_layer.size, diffId});
    TransportRequest request;
    request.target = QStringLiteral("/v2/%1/blobs/%2").arg(repository, m_layer.digest.toString());
    request.scopes.append(RegistryClient::pullScope(repository));
    request.stream = true;
    m_reply = client->transport()->send(request, this);
    connect(m_reply, &TransportReply::dataReceived, this, &LayerVerifyOperation::onData);
    connect(m_reply, &Operation::progress, this, &Operation::progress);
    connect(m_reply, &Operation::finished, this, &LayerVerifyOperation::onReply);
}

void LayerVerifyOperation::abortWork()
{
    delete m_reply;
    m_reply = nullptr;
}

void LayerVerifyOperation::onData(const QByteArray &chunk)
{
    if (m_digester->update(chunk))
        return;
    // No point in downloading the rest of a layer already known to be unreadable.
    RegistryError error = layerError(*m_digester, m_layer);
    if (m_reply)
        error.setRequest("GET", m_reply->url());
    abortWork();
    fail(error);
}

void LayerVerifyOperation::onReply()
{
    TransportReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (reply->error().isError()) {
        fail(reply->error());
        return;
    }
    const Result<LayerDigester::Outcome> outcome = m_digester->finish();
    if (!outcome) {
        RegistryError error = layerError(*m_digester, m_layer);
        error.setRequest("GET", reply->url()).setHttpStatus(reply->status());
        fail(error);
        return;
    }
    m_outcome = *outcome;
    succeed();
}

} // namespace Layerscope
