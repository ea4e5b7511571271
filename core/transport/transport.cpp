#include "transport/transport.h"

#include "transport/httpexchange_p.h"
#include "transport/transport_p.h"
#include "transport/transportreply.h"
#include "values/json_p.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QUrlQuery>

#include <algorithm>

Q_LOGGING_CATEGORY(lcTransport, "layerscope.core.transport", QtWarningMsg)

namespace Layerscope {

using Category = RegistryError::Category;

namespace {

// Token responses hold a JWT or an opaque token and a few numbers; anything much larger is
// not a token response.
constexpr qsizetype MaxTokenResponseSize = 256 * 1024;

QStringList normalisedScopes(QStringList scopes)
{
    scopes.removeAll(QString());
    scopes.sort();
    scopes.removeDuplicates();
    return scopes;
}

} // namespace

Transport::Transport(QString host, TransportOptions options, QObject *parent)
    : QObject(parent)
    , m_host(std::move(host))
    , m_options(options)
{
    for (int i = 0; i < ConnectionPools; ++i) {
        auto *manager = new QNetworkAccessManager(this);
        manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        m_managers.append(manager);
    }
}

QNetworkAccessManager *Transport::networkAccessManager()
{
    QNetworkAccessManager *manager = m_managers.at(m_nextManager);
    m_nextManager = (m_nextManager + 1) % m_managers.size();
    return manager;
}

Transport::~Transport() = default;

void Transport::setCredentials(const Credentials &credentials)
{
    m_credentials = credentials;
    m_tokens.clear();
    m_refreshTokens.clear();
    setCredentialsPending(false);
}

void Transport::setCredentialsPending(bool pending)
{
    if (m_credentialsPending == pending)
        return;
    m_credentialsPending = pending;
    if (!pending)
        Q_EMIT credentialsSettled();
}

TransportReply *Transport::send(TransportRequest request, QObject *parent)
{
    return new TransportReply(this, std::move(request), parent);
}

EndpointProbe *Transport::probeEndpoint()
{
    if (!m_baseUrl.isEmpty())
        return nullptr;
    // A probe that failed (registry down, network gone) is not the last word: the next
    // request probes again.
    if (m_probe && m_probe->isFinished()) {
        m_probe->deleteLater();
        m_probe = nullptr;
    }
    if (!m_probe)
        m_probe = new EndpointProbe(this, this);
    return m_probe;
}

void Transport::endpointFound(const QUrl &baseUrl, const QList<AuthChallenge> &challenges)
{
    m_baseUrl = baseUrl;
    m_challenge = AuthChallenge::preferred(challenges);
    qCInfo(lcTransport).noquote() << "registry" << m_host << "at" << baseUrl.toDisplayString()
                                  << "auth:"
                                  << (m_challenge ? m_challenge->scheme() : QStringLiteral("none"));
}

QString Transport::tokenKey(const AuthChallenge &challenge, QStringList scopes) const
{
    return challenge.realm() + u'\n' + challenge.service() + u'\n'
        + normalisedScopes(std::move(scopes)).join(u' ') + u'\n' + m_credentials.username;
}

std::optional<QByteArray> Transport::cachedToken(const AuthChallenge &challenge,
                                                 const QStringList &scopes) const
{
    const auto it = m_tokens.constFind(tokenKey(challenge, scopes));
    if (it == m_tokens.constEnd() || it->expires <= QDateTime::currentDateTimeUtc())
        return std::nullopt;
    return it->token;
}

TokenOperation *Transport::fetchToken(const AuthChallenge &challenge, const QStringList &scopes)
{
    const QString key = tokenKey(challenge, scopes);
    if (TokenOperation *running = m_tokenFetches.value(key))
        return running;
    auto *operation = new TokenOperation(this, challenge, normalisedScopes(scopes), key, this);
    m_tokenFetches.insert(key, operation);
    connect(operation, &Operation::finished, this, [this, key, operation] {
        if (m_tokenFetches.value(key) == operation)
            m_tokenFetches.remove(key);
        operation->deleteLater();
    });
    return operation;
}

void Transport::forgetToken(const AuthChallenge &challenge, const QStringList &scopes)
{
    m_tokens.remove(tokenKey(challenge, scopes));
}

void Transport::storeToken(const QString &key, const QByteArray &token,
                           std::chrono::seconds lifetime)
{
    // Use a token for nine tenths of its life, so it does not expire on its way to the registry.
    const qint64 usable = std::max<qint64>(1, lifetime.count() * 9 / 10);
    m_tokens.insert(key, {token, QDateTime::currentDateTimeUtc().addSecs(usable)});
}

HttpRequestSpec Transport::requestSpec(const QByteArray &method, const QUrl &url) const
{
    HttpRequestSpec spec;
    spec.method = method;
    spec.url = url;
    spec.ignoreTlsErrors = m_options.insecure;
    spec.allowHttpDowngrade = m_options.insecure;
    spec.caCertificates = m_options.caCertificates;
    spec.timeout = m_options.timeout;
    return spec;
}

QByteArray Transport::basicAuthorization() const
{
    return "Basic " + (m_credentials.username + u':' + m_credentials.password).toUtf8().toBase64();
}

void Transport::noteRateLimit(const QByteArray &limit, const QByteArray &remaining)
{
    if (limit.isEmpty() && remaining.isEmpty())
        return;
    const RateLimit rateLimit = RateLimit::fromHeaders(limit, remaining);
    if (!rateLimit.isKnown() || rateLimit == m_rateLimit)
        return;
    m_rateLimit = rateLimit;
    Q_EMIT rateLimitChanged(m_rateLimit);
}

EndpointProbe::EndpointProbe(Transport *transport, QObject *parent)
    : Operation(parent)
    , m_transport(transport)
{
    const QString host = transport->host();
    m_candidates.append(QUrl(QStringLiteral("https://%1/v2/").arg(host)));
    // Plain HTTP only where docker allows it too: loopback, or a registry marked insecure.
    if (transport->options().insecure
        || isLoopbackHost(QUrl(QStringLiteral("http://") + host).host()))
        m_candidates.append(QUrl(QStringLiteral("http://%1/v2/").arg(host)));
    QMetaObject::invokeMethod(this, &EndpointProbe::tryNext, Qt::QueuedConnection);
}

void EndpointProbe::abortWork()
{
    delete m_exchange;
    m_exchange = nullptr;
}

void EndpointProbe::tryNext()
{
    HttpRequestSpec spec = m_transport->requestSpec("GET", m_candidates.takeFirst());
    spec.maxBodySize = 64 * 1024;
    m_exchange = new HttpExchange(m_transport->networkAccessManager(), spec, this);
    connect(m_exchange, &HttpExchange::finished, this, &EndpointProbe::onFinished);
    m_exchange->start();
}

void EndpointProbe::onFinished()
{
    HttpExchange *exchange = m_exchange;
    m_exchange = nullptr;
    exchange->deleteLater();

    if (const std::optional<RegistryError> &failure = exchange->failure()) {
        // HTTPS first, then HTTP: move on when the port does not speak TLS or refuses HTTPS,
        // but a certificate that does not verify is an answer to report, not to work around.
        const bool tryPlain = !m_candidates.isEmpty()
            && (exchange->tlsHandshakeFailed() || failure->category() == Category::Network);
        if (tryPlain) {
            if (!m_firstFailure)
                m_firstFailure = failure;
            tryNext();
            return;
        }
        fail(*failure);
        return;
    }

    const int status = exchange->status();
    const QUrl base = exchange->finalUrl().resolved(QUrl(QStringLiteral("/")));
    if (status == 200 || status == 401) {
        const AuthChallenge::Parsed parsed
            = AuthChallenge::parse(exchange->headerValues("WWW-Authenticate"));
        m_transport->endpointFound(base,
                                   status == 401 ? parsed.challenges : QList<AuthChallenge>());
        m_transport->noteRateLimit(exchange->header("RateLimit-Limit"),
                                   exchange->header("RateLimit-Remaining"));
        succeed();
        return;
    }
    RegistryError error(status >= 500 ? Category::Server : Category::Protocol,
                        QStringLiteral("no registry API here: /v2/ answered HTTP %1").arg(status));
    error.setRequest("GET", exchange->finalUrl()).setHttpStatus(status);
    fail(error);
}

TokenOperation::TokenOperation(Transport *transport, AuthChallenge challenge, QStringList scopes,
                               QString key, QObject *parent)
    : Operation(parent)
    , m_transport(transport)
    , m_challenge(std::move(challenge))
    , m_scopes(std::move(scopes))
    , m_key(std::move(key))
{
    QMetaObject::invokeMethod(this, &TokenOperation::start, Qt::QueuedConnection);
}

void TokenOperation::abortWork()
{
    delete m_exchange;
    m_exchange = nullptr;
}

void TokenOperation::start()
{
    m_realm = QUrl(m_challenge.realm(), QUrl::StrictMode);
    if (!m_realm.isValid() || m_realm.isRelative()
        || (m_realm.scheme() != u"https" && m_realm.scheme() != u"http")) {
        fail(RegistryError(Category::Protocol,
                           QStringLiteral("the registry's bearer challenge has no usable realm "
                                          "(token service URL): \"%1\"")
                               .arg(m_challenge.realm().left(200))));
        return;
    }
    if (m_realm.scheme() == u"http" && m_transport->baseUrl().scheme() == u"https"
        && !m_transport->options().insecure) {
        RegistryError error(Category::Tls,
                            QStringLiteral("the registry uses HTTPS but its token service is "
                                           "plain HTTP (%1); refusing to send credentials or "
                                           "accept tokens over an unencrypted connection")
                                .arg(RegistryError::redacted(m_realm).toDisplayString()));
        error.setRequest("GET", m_realm);
        fail(error);
        return;
    }
    const bool identityTokenOnly = m_transport->m_credentials.password.isEmpty()
        && !m_transport->m_credentials.identityToken.isEmpty();
    if (m_transport->hasCredentials()
        && !m_transport->m_realmsWithoutPost.contains(m_realm.toString()))
        sendPost();
    else if (identityTokenOnly)
        failWithoutOAuth2();
    else
        sendGet();
}

void TokenOperation::failWithoutOAuth2()
{
    RegistryError error(Category::Unauthorized,
                        QStringLiteral("the stored login for user \"%1\" is an identity token, "
                                       "which needs the token service's OAuth2 form, and the "
                                       "token service does not offer it")
                            .arg(m_transport->m_credentials.username));
    error.setRequest("POST", m_realm);
    fail(error);
}

void TokenOperation::sendPost()
{
    m_usingPost = true;
    QUrlQuery form;
    // A refresh token from this realm's last answer, else the identity token `docker login`
    // stored (an OAuth2 refresh token too).
    QString refreshToken = m_transport->m_refreshTokens.value(m_realm.toString());
    if (refreshToken.isEmpty())
        refreshToken = m_transport->m_credentials.identityToken;
    if (!refreshToken.isEmpty()) {
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        form.addQueryItem(QStringLiteral("refresh_token"), refreshToken);
    } else {
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("password"));
        form.addQueryItem(QStringLiteral("username"), m_transport->m_credentials.username);
        form.addQueryItem(QStringLiteral("password"), m_transport->m_credentials.password);
        form.addQueryItem(QStringLiteral("access_type"), QStringLiteral("offline"));
    }
    form.addQueryItem(QStringLiteral("service"), m_challenge.service());
    form.addQueryItem(QStringLiteral("scope"), m_scopes.join(u' '));
    form.addQueryItem(QStringLiteral("client_id"), QStringLiteral("layerscope"));

    HttpRequestSpec spec = m_transport->requestSpec("POST", m_realm);
    spec.contentType = "application/x-www-form-urlencoded";
    // QUrlQuery leaves '+' alone; in a form body it would read as a space.
    spec.body = form.query(QUrl::FullyEncoded).replace(u'+', QStringLiteral("%2B")).toUtf8();
    spec.maxBodySize = MaxTokenResponseSize;
    send(spec);
}

void TokenOperation::sendGet()
{
    m_usingPost = false;
    QUrl url = m_realm;
    QUrlQuery query(url);
    if (!m_challenge.service().isEmpty())
        query.addQueryItem(QStringLiteral("service"), m_challenge.service());
    for (const QString &scope : std::as_const(m_scopes))
        query.addQueryItem(QStringLiteral("scope"), scope);
    url.setQuery(query);

    HttpRequestSpec spec = m_transport->requestSpec("GET", url);
    if (m_transport->hasCredentials()) {
        spec.authorization = m_transport->basicAuthorization();
        spec.authorizationOrigin = originOf(m_realm);
    }
    spec.maxBodySize = MaxTokenResponseSize;
    send(spec);
}

void TokenOperation::send(const HttpRequestSpec &spec)
{
    m_exchange = new HttpExchange(m_transport->networkAccessManager(), spec, this);
    connect(m_exchange, &HttpExchange::finished, this, &TokenOperation::onFinished);
    m_exchange->start();
}

void TokenOperation::onFinished()
{
    HttpExchange *exchange = m_exchange;
    m_exchange = nullptr;
    exchange->deleteLater();

    if (const std::optional<RegistryError> &failure = exchange->failure()) {
        RegistryError error = *failure;
        error.setMessage(QStringLiteral("token service: ") + error.message());
        fail(error);
        return;
    }
    const int status = exchange->status();
    if (m_usingPost && (status == 404 || status == 405)) {
        // The OAuth2 form is optional for token services; the GET form is not.
        m_transport->m_realmsWithoutPost.append(m_realm.toString());
        if (m_transport->m_credentials.password.isEmpty()
            && !m_transport->m_credentials.identityToken.isEmpty())
            failWithoutOAuth2();
        else
            sendGet();
        return;
    }
    if (m_usingPost && (status == 400 || status == 401)
        && m_transport->m_refreshTokens.remove(m_realm.toString()) > 0) {
        sendPost(); // the refresh token expired: sign in with the password again
        return;
    }
    if (status == 200) {
        if (readTokenResponse(exchange->body())) {
            succeed();
        } else {
            RegistryError error(Category::Protocol,
                                QStringLiteral("token service answered without a usable token"));
            error.setRequest(m_usingPost ? "POST" : "GET", exchange->finalUrl())
                .setHttpStatus(status);
            fail(error);
        }
        return;
    }

    RegistryError error;
    if (status == 401 || status == 403) {
        error = RegistryError(Category::Unauthorized,
                              m_transport->hasCredentials()
                                  ? QStringLiteral("the token service refused the credentials of "
                                                   "user \"%1\"")
                                        .arg(m_transport->m_credentials.username)
                                  : QStringLiteral("the token service requires credentials"));
    } else if (status == 429) {
        error = RegistryError(Category::RateLimited, QStringLiteral("token service rate limit"));
    } else {
        error = RegistryError(status >= 500 ? Category::Server : Category::Protocol,
                              QStringLiteral("token service answered HTTP %1").arg(status));
    }
    if (const Result<RegistryErrorBody> body = RegistryErrorBody::parse(exchange->body()))
        error.setEntries(body->entries());
    error.setRequest(m_usingPost ? "POST" : "GET", exchange->finalUrl()).setHttpStatus(status);
    fail(error);
}

bool TokenOperation::readTokenResponse(const QByteArray &body)
{
    const Result<QJsonObject> object = Json::parseObject(body, MaxTokenResponseSize);
    if (!object)
        return false;
    // Both names are in use: "token" (distribution's token spec), "access_token" (OAuth2).
    QString token = object->value(u"token").toString();
    if (token.isEmpty())
        token = object->value(u"access_token").toString();
    if (token.isEmpty())
        return false;
    // Without expires_in the spec says 60 seconds. A shorter lifetime than that is honoured as
    // given: using a token for less time than allowed is always safe.
    const qint64 expiresIn = object->value(u"expires_in").toInteger(0);
    const std::chrono::seconds lifetime(expiresIn > 0 ? expiresIn : 60);
    const QString refreshToken = object->value(u"refresh_token").toString();
    if (!refreshToken.isEmpty())
        m_transport->m_refreshTokens.insert(m_realm.toString(), refreshToken);
    m_token = token.toUtf8();
    m_transport->storeToken(m_key, m_token, lifetime);
    return true;
}

} // namespace Layerscope
