#pragma once

#include "transport/operation.h"
#include "values/descriptor.h"

#include <QByteArray>
#include <QPointer>

namespace Layerscope {

class RegistryClient;
class TransportReply;

/**
 * A small blob (an image config, an artifact's payload) read into memory and checked against
 * its descriptor: the bytes must be exactly descriptor.size long and hash to
 * descriptor.digest, or the operation fails with TooLarge or DigestMismatch. Blobs larger than
 * ImageConfig::MaxSize are refused before any byte is read; layers go through
 * LayerVerifyOperation instead.
 */
class BlobOperation : public Operation
{
    Q_OBJECT

public:
    const Descriptor &descriptor() const { return m_descriptor; }
    /// The verified bytes.
    const QByteArray &bytes() const { return m_bytes; }

protected:
    void abortWork() override;

private:
    friend class RegistryClient;
    BlobOperation(RegistryClient *client, QString repository, Descriptor descriptor,
                  QObject *parent);
    void onReply();

    QPointer<RegistryClient> m_client;
    QString m_repository;
    Descriptor m_descriptor;
    TransportReply *m_reply = nullptr;
    QByteArray m_bytes;
};

} // namespace Layerscope
