#pragma once

// Internal to core's transport: one HTTP request/response over QNetworkAccessManager, with the
// rules every registry request needs below the registry protocol itself.

#include "transport/registryerror.h"

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslError>
#include <QUrl>

#include <chrono>
#include <optional>

class QNetworkAccessManager;

namespace Layerscope {

/// What to send, and how much to accept back.
struct HttpRequestSpec
{
    QByteArray method = "GET";
    QUrl url;
    QList<std::pair<QByteArray, QByteArray>> headers;
    /// The Authorization value, sent only while the request stays on \a authorizationOrigin.
    QByteArray authorization;
    /// scheme://host:port the Authorization belongs to; redirects elsewhere go without it.
    QUrl authorizationOrigin;
    QByteArray body; ///< for POST
    QByteArray contentType; ///< for POST
    /// Largest successful (2xx) body accepted; more is a TooLarge error, never a truncation.
    qsizetype maxBodySize = 4 * 1024 * 1024;
    /// Error bodies (non-2xx) are read up to this much; the rest is dropped, since the status
    /// is the answer and the body only explains it.
    qsizetype maxErrorBodySize = 64 * 1024;
    /// Deliver a successful body through dataReceived() instead of keeping it.
    bool stream = false;
    /// Accept any certificate (a registry the user marked insecure).
    bool ignoreTlsErrors = false;
    /// Certificates to trust besides the system's.
    QList<QSslCertificate> caCertificates;
    /// Allow a redirect from https to http (insecure registries only).
    bool allowHttpDowngrade = false;
    /// No byte for this long ends the request with a Timeout error.
    std::chrono::milliseconds timeout{30000};
    int maxRedirects = 10;
};

/**
 * Sends one request and follows redirects itself (at most maxRedirects), never carrying the
 * Authorization header to another origin. HTTP error statuses are answers, not failures:
 * failed() is only set when no complete answer arrived (network, TLS, timeout, size cap,
 * redirect loop) or on abort().
 */
class HttpExchange : public QObject
{
    Q_OBJECT

public:
    HttpExchange(QNetworkAccessManager *manager, HttpRequestSpec spec, QObject *parent);
    ~HttpExchange() override;

    void start();
    /// Stops the request; finished() is not emitted.
    void abort();

    /// The transport-level failure, if any (no HTTP answer to look at).
    const std::optional<RegistryError> &failure() const { return m_failure; }
    int status() const { return m_status; }
    /// The URL that answered, after redirects.
    const QUrl &finalUrl() const { return m_url; }
    const QByteArray &body() const { return m_body; }
    /// Every response header, in order.
    const QList<QNetworkReply::RawHeaderPair> &headers() const { return m_headers; }
    /// The first value of header \a name (case-insensitive), or empty.
    QByteArray header(const QByteArray &name) const;
    /// Every value of header \a name, in order (WWW-Authenticate and Link may repeat).
    QList<QByteArray> headerValues(const QByteArray &name) const;
    /// True when the request went over TLS and the server presented a certificate that did not
    /// verify; false for a server that does not speak TLS at all.
    bool hadCertificateErrors() const { return !m_sslErrors.isEmpty(); }
    /// True when the TLS handshake itself failed without a certificate verdict (the server
    /// does not speak TLS on that port).
    bool tlsHandshakeFailed() const { return m_tlsHandshakeFailed; }

Q_SIGNALS:
    void finished();
    void dataReceived(const QByteArray &chunk);
    void progress(qint64 done, qint64 total);

private:
    void send();
    void onMetaDataChanged();
    void onReadyRead();
    void onFinished();
    void failWith(RegistryError error);
    bool isSuccessStatus() const { return m_status >= 200 && m_status < 300; }
    bool isRedirectStatus() const;
    QString describeTlsErrors() const;

    QNetworkAccessManager *m_manager;
    HttpRequestSpec m_spec;
    QPointer<QNetworkReply> m_reply;
    QUrl m_url;
    QByteArray m_method;
    int m_redirects = 0;
    bool m_sendAuthorization = true;
    bool m_aborting = false;
    bool m_overCap = false;
    int m_status = 0;
    QList<QNetworkReply::RawHeaderPair> m_headers;
    QByteArray m_body;
    qint64 m_received = 0;
    QList<QSslError> m_sslErrors;
    bool m_tlsHandshakeFailed = false;
    std::optional<RegistryError> m_failure;
};

/// True for localhost and for IPv4/IPv6 loopback addresses: where plain HTTP is allowed.
bool isLoopbackHost(const QString &host);

/// The origin of \a url (scheme, host, port with the scheme's default filled in).
QUrl originOf(const QUrl &url);

} // namespace Layerscope
