#include "registry/manifestoperation.h"

#include "registry/registryclient.h"
#include "transport/transportreply.h"
#include "values/json_p.h"
#include "values/mediatype.h"

namespace Layerscope {

using Category = RegistryError::Category;

ManifestOperation::ManifestOperation(RegistryClient *client, QString repository, QString reference,
                                     bool headOnly, QObject *parent)
    : Operation(parent)
    , m_client(client)
    , m_repository(std::move(repository))
    , m_reference(std::move(reference))
{
    if (m_reference.contains(u':')) {
        const Result<Digest> digest = Digest::parse(m_reference);
        if (!digest) {
            fail(RegistryError(Category::Protocol, digest.error().message()));
            return;
        }
        m_requestedDigest = *digest;
        // Content named by its digest never changes: a verified copy is as good as a fetch.
        if (const std::optional<QByteArray> bytes = m_client->cached(m_requestedDigest)) {
            finishFromBytes(*bytes, {}, {}, {}, 0);
            return;
        }
    }
    send(headOnly);
}

void ManifestOperation::abortWork()
{
    delete m_reply;
    m_reply = nullptr;
}

void ManifestOperation::send(bool head)
{
    if (!m_client) {
        fail(RegistryClient::closedError());
        return;
    }
    m_head = head;
    TransportRequest request;
    request.method = head ? "HEAD" : "GET";
    request.target = QStringLiteral("/v2/%1/manifests/%2").arg(m_repository, m_reference);
    request.headers.append({QByteArrayLiteral("Accept"), RegistryClient::manifestAcceptHeader()});
    request.scopes.append(RegistryClient::pullScope(m_repository));
    request.maxBodySize = Json::MaxManifestSize;
    m_reply = m_client->transport()->send(request, this);
    connect(m_reply, &Operation::finished, this, &ManifestOperation::onReply);
}

void ManifestOperation::onReply()
{
    TransportReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (reply->error().isError()) {
        fail(reply->error());
        return;
    }
    if (!m_head) {
        finishFromBytes(reply->body(), QString::fromLatin1(reply->header("Content-Type")),
                        reply->header("Docker-Content-Digest"), reply->url(), reply->status());
        return;
    }

    const QByteArray header = reply->header("Docker-Content-Digest");
    if (header.isEmpty()) {
        send(false); // not every registry sends the digest on HEAD; read the manifest instead
        return;
    }
    const Result<Digest> digest = Digest::parse(QString::fromLatin1(header.trimmed()));
    if (!digest) {
        RegistryError error(Category::Protocol,
                            QStringLiteral("Docker-Content-Digest: ") + digest.error().message());
        error.setRequest("HEAD", reply->url()).setHttpStatus(reply->status());
        fail(error);
        return;
    }
    if (!m_requestedDigest.isNull() && *digest != m_requestedDigest) {
        RegistryError error(Category::DigestMismatch,
                            QStringLiteral("asked for %1, the registry answered for %2")
                                .arg(m_requestedDigest.toString(), digest->toString()));
        error.setRequest("HEAD", reply->url()).setHttpStatus(reply->status());
        fail(error);
        return;
    }
    m_digest = *digest;
    m_mediaType = MediaType::essence(QString::fromLatin1(reply->header("Content-Type")));
    m_size = reply->header("Content-Length").toLongLong();
    m_verification = Verification::ReportedByRegistry;
    succeed();
}

void ManifestOperation::finishFromBytes(const QByteArray &bytes, const QString &contentType,
                                        const QByteArray &digestHeader, const QUrl &url, int status)
{
    const auto failWith = [&](Category category, const QString &message) {
        RegistryError error(category, message);
        if (!url.isEmpty())
            error.setRequest("GET", url).setHttpStatus(status);
        fail(error);
    };

    const Result<ManifestPtr> manifest = Manifest::parse(bytes, contentType);
    if (!manifest) {
        failWith(manifest.error().code() == ParseError::Code::TooLarge ? Category::TooLarge
                                                                       : Category::Protocol,
                 QStringLiteral("unreadable manifest: ") + manifest.error().message());
        return;
    }
    const Digest digest = (*manifest)->digest();

    if (!m_requestedDigest.isNull()) {
        // A manifest may be addressed by sha512 too; the bytes are then hashed that way.
        const Digest actual = m_requestedDigest.algorithm() == digest.algorithm()
            ? digest
            : Digest::compute(bytes, m_requestedDigest.algorithm());
        if (actual != m_requestedDigest) {
            failWith(Category::DigestMismatch,
                     QStringLiteral("asked for %1, but the content the registry sent hashes to %2")
                         .arg(m_requestedDigest.toString(), actual.toString()));
            return;
        }
        m_verification = Verification::RequestedDigest;
    }

    if (!digestHeader.isEmpty()) {
        const Result<Digest> claimed = Digest::parse(QString::fromLatin1(digestHeader.trimmed()));
        if (!claimed) {
            failWith(Category::Protocol,
                     QStringLiteral("Docker-Content-Digest: ") + claimed.error().message());
            return;
        }
        const Digest actual = claimed->algorithm() == digest.algorithm()
            ? digest
            : Digest::compute(bytes, claimed->algorithm());
        if (*claimed != actual) {
            failWith(Category::DigestMismatch,
                     QStringLiteral("the registry's Docker-Content-Digest header says %1, but the "
                                    "manifest it sent hashes to %2")
                         .arg(claimed->toString(), actual.toString()));
            return;
        }
        if (m_requestedDigest.isNull())
            m_verification = Verification::DigestHeader;
    }

    m_manifest = *manifest;
    m_digest = digest;
    m_mediaType = m_manifest->mediaType();
    m_size = bytes.size();
    if (m_client)
        m_client->remember(digest, bytes);
    succeed();
}

} // namespace Layerscope
