#include "registry/bloboperation.h"

#include "registry/registryclient.h"
#include "transport/transportreply.h"
#include "values/imageconfig.h"

namespace Layerscope {

using Category = RegistryError::Category;

BlobOperation::BlobOperation(RegistryClient *client, QString repository, Descriptor descriptor,
                             QObject *parent)
    : Operation(parent)
    , m_client(client)
    , m_repository(std::move(repository))
    , m_descriptor(std::move(descriptor))
{
    if (m_descriptor.data) {
        // Embedded content was checked against digest and size when the manifest was read.
        m_bytes = *m_descriptor.data;
        succeed();
        return;
    }
    if (const std::optional<QByteArray> bytes = m_client->cached(m_descriptor.digest)) {
        m_bytes = *bytes;
        succeed();
        return;
    }
    if (m_descriptor.size > ImageConfig::MaxSize) {
        fail(RegistryError(Category::TooLarge,
                           QStringLiteral("blob %1 is %2 bytes, over the limit of %3 for "
                                          "documents read into memory")
                               .arg(m_descriptor.digest.toString())
                               .arg(m_descriptor.size)
                               .arg(ImageConfig::MaxSize)));
        return;
    }
    TransportRequest request;
    request.target
        = QStringLiteral("/v2/%1/blobs/%2").arg(m_repository, m_descriptor.digest.toString());
    request.scopes.append(RegistryClient::pullScope(m_repository));
    // Exactly the promised size: one byte more is not the blob the descriptor names.
    request.maxBodySize = std::max<qint64>(m_descriptor.size, 0);
    m_reply = m_client->transport()->send(request, this);
    connect(m_reply, &Operation::finished, this, &BlobOperation::onReply);
}

void BlobOperation::abortWork()
{
    delete m_reply;
    m_reply = nullptr;
}

void BlobOperation::onReply()
{
    TransportReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (reply->error().isError()) {
        RegistryError error = reply->error();
        if (error.category() == Category::TooLarge) {
            error.setMessage(QStringLiteral("blob %1 is larger than the %2 bytes its descriptor "
                                            "says")
                                 .arg(m_descriptor.digest.toString())
                                 .arg(m_descriptor.size));
        }
        fail(error);
        return;
    }
    const QByteArray &bytes = reply->body();
    RegistryError error;
    if (bytes.size() != m_descriptor.size) {
        error = RegistryError(Category::DigestMismatch,
                              QStringLiteral("blob %1 is %2 bytes, its descriptor says %3")
                                  .arg(m_descriptor.digest.toString())
                                  .arg(bytes.size())
                                  .arg(m_descriptor.size));
    } else if (!m_descriptor.digest.verify(bytes)) {
        error = RegistryError(
            Category::DigestMismatch,
            QStringLiteral("asked for blob %1, but the bytes hash to %2")
                .arg(m_descriptor.digest.toString(),
                     Digest::compute(bytes, m_descriptor.digest.algorithm()).toString()));
    }
    if (error.isError()) {
        error.setRequest("GET", reply->url()).setHttpStatus(reply->status());
        fail(error);
        return;
    }
    m_bytes = bytes;
    if (m_client)
        m_client->remember(m_descriptor.digest, m_bytes);
    succeed();
}

} // namespace Layerscope
