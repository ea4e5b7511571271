#pragma once

#include "transport/credentials.h"
#include "transport/ratelimit.h"
#include "values/authchallenge.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <optional>

class QNetworkAccessManager;

namespace Layerscope {

class EndpointProbe;
class TokenOperation;
struct HttpRequestSpec;
class TransportReply;

/// How a Transport behaves; the defaults suit a desktop client on a normal network.
struct TransportOptions
{
    /// Allow plain HTTP and accept any certificate (a registry the user marked insecure).
    /// Loopback hosts get HTTPS first, then HTTP, without this.
    bool insecure = false;
    /// Certificates to trust besides the system's, for a registry with its own CA.
    QList<QSslCertificate> caCertificates;
    /// No byte for this long ends a request with a Timeout error (covers connecting, too).
    std::chrono::milliseconds timeout{30000};
    /// Attempts for a request answered with 429 or 503, including the first.
    int maxAttempts = 4;
    /// The first wait between attempts when the registry gives no Retry-After; doubled each time.
    std::chrono::milliseconds initialBackoff{500};
    /// The longest wait between attempts; a longer Retry-After ends the request at once.
    std::chrono::milliseconds maxBackoff{20000};
};

/// One request to the registry's API.
struct TransportRequest
{
    QByteArray method = "GET";
    /// The path and query below the registry's base URL ("/v2/library/alpine/tags/list"), or
    /// an absolute URL on the same registry (a pagination link).
    QString target;
    QList<std::pair<QByteArray, QByteArray>> headers;
    /// Token scopes the request needs ("repository:library/alpine:pull", "registry:catalog:*").
    QStringList scopes;
    /// Largest successful body accepted (manifests: 4 MiB).
    qsizetype maxBodySize = 4 * 1024 * 1024;
    /// Deliver a successful body through TransportReply::dataReceived() instead of keeping it.
    bool stream = false;
};

/**
 * Talks to one registry: one QNetworkAccessManager, the /v2/ ping that finds the base URL and
 * the authentication scheme, tokens (anonymous or with credentials, GET or the OAuth2 POST
 * form) cached per scope set until they expire, and the rules every request follows (see
 * TransportReply).
 */
class Transport : public QObject
{
    Q_OBJECT

public:
    /// How many QNetworkAccessManagers (of six connections to the registry each) share the
    /// requests.
    static constexpr int ConnectionPools = 3;

    /// \a host is the host[:port] that serves the API: "registry-1.docker.io",
    /// "127.0.0.1:5000", "[::1]:5000".
    explicit Transport(QString host, TransportOptions options = {}, QObject *parent = nullptr);
    ~Transport() override;

    const QString &host() const { return m_host; }
    const TransportOptions &options() const { return m_options; }

    /// Credentials to use from now on; tokens obtained with other credentials are forgotten.
    /// Ends a wait started by setCredentialsPending().
    void setCredentials(const Credentials &credentials);
    bool hasCredentials() const { return !m_credentials.isEmpty(); }
    /**
     * While credentials are being looked up (in a keychain, a credential helper), requests
     * that need to authenticate wait instead of going out anonymously and failing with 401.
     * Requests to a registry that asks for no authentication are not held. setCredentials()
     * or setCredentialsPending(false) releases them.
     */
    void setCredentialsPending(bool pending);
    bool credentialsPending() const { return m_credentialsPending; }
    /// True once the first request found that the registry asks for authentication.
    bool asksForAuthentication() const { return m_challenge.has_value(); }

    /// Starts \a request; the reply belongs to \a parent.
    TransportReply *send(TransportRequest request, QObject *parent);

    /// "https://host/" or "http://host/" once the first request found it; empty before.
    QUrl baseUrl() const { return m_baseUrl; }
    /// The last rate limit the registry reported.
    RateLimit rateLimit() const { return m_rateLimit; }

    /// The network access manager for the next request. Requests are spread over a few
    /// managers, because each keeps at most six HTTP/1.1 connections to a host: too few to
    /// hide the round trips of hundreds of small requests to a distant registry.
    QNetworkAccessManager *networkAccessManager();

Q_SIGNALS:
    void rateLimitChanged(const Layerscope::RateLimit &rateLimit);
    /// Credentials are settled (set, or known to be none); held requests go on.
    void credentialsSettled();

private:
    friend class TransportReply;
    friend class EndpointProbe;
    friend class TokenOperation;

    struct CachedToken
    {
        QByteArray token;
        QDateTime expires;
    };

    /// Null when the endpoint is known; otherwise the probe in flight, which the caller waits for.
    EndpointProbe *probeEndpoint();
    void endpointFound(const QUrl &baseUrl, const QList<AuthChallenge> &challenges);
    const std::optional<AuthChallenge> &challenge() const { return m_challenge; }

    QString tokenKey(const AuthChallenge &challenge, QStringList scopes) const;
    /// A cached, unexpired token for these scopes, if any.
    std::optional<QByteArray> cachedToken(const AuthChallenge &challenge,
                                          const QStringList &scopes) const;
    /// The token fetch in flight for these scopes (shared by every request that needs it).
    TokenOperation *fetchToken(const AuthChallenge &challenge, const QStringList &scopes);
    void forgetToken(const AuthChallenge &challenge, const QStringList &scopes);
    void storeToken(const QString &key, const QByteArray &token, std::chrono::seconds lifetime);
    QByteArray basicAuthorization() const;
    /// A request with this transport's TLS, timeout and redirect settings.
    HttpRequestSpec requestSpec(const QByteArray &method, const QUrl &url) const;

    void noteRateLimit(const QByteArray &limit, const QByteArray &remaining);

    QString m_host;
    TransportOptions m_options;
    QList<QNetworkAccessManager *> m_managers;
    qsizetype m_nextManager = 0;
    Credentials m_credentials;
    bool m_credentialsPending = false;
    QUrl m_baseUrl;
    std::optional<AuthChallenge> m_challenge;
    QPointer<EndpointProbe> m_probe;
    QHash<QString, CachedToken> m_tokens;
    QHash<QString, QPointer<TokenOperation>> m_tokenFetches;
    QHash<QString, QString> m_refreshTokens; ///< realm → refresh token from the OAuth2 form
    QStringList m_realmsWithoutPost; ///< token realms that answered the POST form with 404/405
    RateLimit m_rateLimit;
};

} // namespace Layerscope
