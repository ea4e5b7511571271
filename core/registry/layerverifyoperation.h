#pragma once

#include "transport/operation.h"
#include "values/descriptor.h"
#include "values/layerdigester.h"

#include <optional>

namespace Layerscope {

class RegistryClient;
class TransportReply;

/**
 * Downloads a layer and proves what it is, without keeping it: the compressed bytes are
 * hashed (the manifest's digest) and decompressed (gzip, zstd or none, as the media type
 * says) and hashed again (the config's diff_id), all in one pass as the bytes arrive.
 *
 * The operation succeeds when the layer could be read to its end; outcome() then holds both
 * digests and whether each matches. A layer that cannot be read (truncated, corrupt, larger
 * than its descriptor says, an unknown compression) fails with a Protocol or TooLarge error
 * naming the problem. progress() reports the compressed bytes.
 */
class LayerVerifyOperation : public Operation
{
    Q_OBJECT

public:
    const Descriptor &layer() const { return m_layer; }
    /// The result of a layer read to its end.
    const LayerDigester::Outcome &outcome() const { return m_outcome; }

protected:
    void abortWork() override;

private:
    friend class RegistryClient;
    LayerVerifyOperation(RegistryClient *client, QString repository, Descriptor layer,
                         Digest diffId, QObject *parent);
    void onData(const QByteArray &chunk);
    void onReply();

    Descriptor m_layer;
    std::optional<LayerDigester> m_digester;
    TransportReply *m_reply = nullptr;
    LayerDigester::Outcome m_outcome;
};

} // namespace Layerscope
