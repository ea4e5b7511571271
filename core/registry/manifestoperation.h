#pragma once

#include "transport/operation.h"
#include "values/digest.h"
#include "values/manifest.h"

#include <QPointer>
#include <QString>

namespace Layerscope {

class RegistryClient;
class TransportReply;

/**
 * A manifest fetched from a registry by tag or digest (GET), or only its digest, type and
 * size (HEAD).
 *
 * A fetched manifest is parsed and verified before the operation succeeds: fetched by digest,
 * its bytes must hash to that digest; and a Docker-Content-Digest header that disagrees with
 * the bytes is a DigestMismatch error. verification() says which of these checks stands behind
 * digest().
 */
class ManifestOperation : public Operation
{
    Q_OBJECT

public:
    /// What digest() rests on.
    enum class Verification {
        RequestedDigest, ///< the bytes hash to the digest that was asked for
        DigestHeader, ///< fetched by tag; the bytes hash to the registry's Docker-Content-Digest
        ComputedOnly, ///< fetched by tag, no header to compare: the hash of the bytes received
        ReportedByRegistry, ///< HEAD: the registry's header, no bytes to check it against
    };

    const QString &repository() const { return m_repository; }
    /// The tag or digest asked for.
    const QString &reference() const { return m_reference; }
    /// The parsed manifest (null after a HEAD).
    const ManifestPtr &manifest() const { return m_manifest; }
    const Digest &digest() const { return m_digest; }
    const QString &mediaType() const { return m_mediaType; }
    qint64 size() const { return m_size; }
    Verification verification() const { return m_verification; }

protected:
    void abortWork() override;

private:
    friend class RegistryClient;
    ManifestOperation(RegistryClient *client, QString repository, QString reference, bool headOnly,
                      QObject *parent);

    void send(bool head);
    void onReply();
    void finishFromBytes(const QByteArray &bytes, const QString &contentType,
                         const QByteArray &digestHeader, const QUrl &url, int status);

    QPointer<RegistryClient> m_client;
    QString m_repository;
    QString m_reference;
    Digest m_requestedDigest;
    bool m_head = false;
    TransportReply *m_reply = nullptr;
    ManifestPtr m_manifest;
    Digest m_digest;
    QString m_mediaType;
    qint64 m_size = 0;
    Verification m_verification = Verification::ComputedOnly;
};

} // namespace Layerscope
