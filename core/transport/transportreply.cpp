#include "transport/transportreply.h"

#include "transport/httpexchange_p.h"
#include "transport/transport_p.h"
#include "values/messagetext_p.h"
#include "values/registryerrorbody.h"

#include <QDateTime>
#include <QLoggingCategory>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcTransport)

namespace Layerscope {

using Category = RegistryError::Category;

namespace {

// Seconds to wait from a Retry-After value: delta-seconds or an HTTP date (RFC 9110 10.2.3).
std::optional<std::chrono::seconds> parseRetryAfter(const QByteArray &value)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = trimmed.toLongLong(&ok);
    if (ok)
        return seconds >= 0 ? std::optional(std::chrono::seconds(seconds)) : std::nullopt;
    // HTTP writes dates as "Sun, 06 Nov 1994 08:49:37 GMT"; Qt's RFC 2822 reader wants a
    // numeric zone there.
    QString text = QString::fromLatin1(trimmed);
    if (text.endsWith(u" GMT") || text.endsWith(u" UTC"))
        text = text.chopped(3) + QStringLiteral("+0000");
    const QDateTime date = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!date.isValid())
        return std::nullopt;
    // Round up: retrying before the moment the server named would only earn another 429.
    const qint64 milliseconds = QDateTime::currentDateTimeUtc().msecsTo(date);
    return std::chrono::seconds(std::max<qint64>(0, (milliseconds + 999) / 1000));
}

bool isRetryableStatus(int status)
{
    return status == 429 || status == 502 || status == 503 || status == 504;
}

Category categoryFor(int status, const QList<RegistryErrorBody::Entry> &entries)
{
    for (const RegistryErrorBody::Entry &entry : entries) {
        if (entry.code == RegistryErrorBody::Denied)
            return Category::Denied;
        if (entry.code == RegistryErrorBody::Unauthorized)
            return status == 403 ? Category::Denied : Category::Unauthorized;
        if (entry.code == RegistryErrorBody::TooManyRequests)
            return Category::RateLimited;
        if (entry.code == RegistryErrorBody::ManifestUnknown
            || entry.code == RegistryErrorBody::BlobUnknown
            || entry.code == RegistryErrorBody::NameUnknown)
            return Category::NotFound;
    }
    switch (status) {
    case 401:
        return Category::Unauthorized;
    case 403:
        return Category::Denied;
    case 404:
        return Category::NotFound;
    case 429:
        return Category::RateLimited;
    default:
        return status >= 500 ? Category::Server : Category::Protocol;
    }
}

} // namespace

TransportReply::TransportReply(Transport *transport, TransportRequest request, QObject *parent)
    : Operation(parent)
    , m_transport(transport)
    , m_request(std::move(request))
    , m_tokenScopes(m_request.scopes)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &TransportReply::authenticate);
    // A request must finish even when its registry client goes away before it does.
    connect(transport, &QObject::destroyed, this, [this] {
        abortWork();
        fail(RegistryError(RegistryError::Category::Cancelled,
                           QStringLiteral("the connection to the registry was closed")));
    });
    QMetaObject::invokeMethod(this, &TransportReply::start, Qt::QueuedConnection);
}

TransportReply::~TransportReply() = default;

QByteArray TransportReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : m_headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QList<QByteArray> TransportReply::headerValues(const QByteArray &name) const
{
    QList<QByteArray> values;
    for (const auto &[key, value] : m_headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            values.append(value);
    }
    return values;
}

void TransportReply::abortWork()
{
    m_retryTimer.stop();
    delete m_exchange;
    m_exchange = nullptr;
    m_transport = nullptr; // stop waiting for probes and tokens
}

void TransportReply::start()
{
    if (!m_transport)
        return;
    if (EndpointProbe *probe = m_transport->probeEndpoint()) {
        connect(probe, &Operation::finished, this, [this, probe] {
            if (isFinished() || !m_transport)
                return;
            if (probe->error().isError())
                fail(probe->error());
            else
                authenticate();
        });
        return;
    }
    authenticate();
}

QUrl TransportReply::targetUrl() const
{
    const QUrl target = QUrl::fromEncoded(m_request.target.toUtf8());
    if (target.isRelative())
        return m_transport->baseUrl().resolved(target);
    return target;
}

void TransportReply::authenticate()
{
    if (!m_transport)
        return;
    const std::optional<AuthChallenge> &challenge = m_transport->challenge();
    if (!challenge) {
        sendWith({});
        return;
    }
    if (m_transport->credentialsPending()) {
        connect(m_transport, &Transport::credentialsSettled, this, &TransportReply::authenticate,
                Qt::SingleShotConnection);
        return;
    }
    if (challenge->isBasic()) {
        m_sentCredentials = m_transport->hasCredentials();
        sendWith(m_sentCredentials ? m_transport->basicAuthorization() : QByteArray());
        return;
    }
    if (!challenge->isBearer()) {
        sendWith({}); // an unsupported scheme: the 401 that follows explains it
        return;
    }
    if (const std::optional<QByteArray> token
        = m_transport->cachedToken(*challenge, m_tokenScopes)) {
        sendWith("Bearer " + *token);
        return;
    }
    sendWithToken(m_transport->fetchToken(*challenge, m_tokenScopes));
}

void TransportReply::sendWithToken(TokenOperation *fetch)
{
    connect(fetch, &Operation::finished, this, [this, fetch] {
        if (isFinished() || !m_transport)
            return;
        if (fetch->error().isError())
            fail(fetch->error());
        else
            sendWith("Bearer " + fetch->token());
    });
}

void TransportReply::sendWith(const QByteArray &authorization)
{
    const QUrl url = targetUrl();
    if (originOf(url) != originOf(m_transport->baseUrl())) {
        RegistryError error(Category::Protocol,
                            QStringLiteral("refusing to follow a link to another host (%1)")
                                .arg(RegistryError::redacted(url).toDisplayString()));
        error.setRequest(m_request.method, url);
        fail(error);
        return;
    }

    HttpRequestSpec spec = m_transport->requestSpec(m_request.method, url);
    spec.headers = m_request.headers;
    spec.authorization = authorization;
    spec.authorizationOrigin = originOf(m_transport->baseUrl());
    spec.maxBodySize = m_request.maxBodySize;
    spec.stream = m_request.stream;

    delete m_exchange;
    m_exchange = new HttpExchange(m_transport->networkAccessManager(), spec, this);
    connect(m_exchange, &HttpExchange::finished, this, &TransportReply::onExchangeFinished);
    if (m_request.stream) {
        connect(m_exchange, &HttpExchange::dataReceived, this, [this](const QByteArray &chunk) {
            m_streamStarted = true;
            Q_EMIT dataReceived(chunk);
        });
    }
    connect(m_exchange, &HttpExchange::progress, this, &Operation::progress);
    m_exchange->start();
}

void TransportReply::onExchangeFinished()
{
    HttpExchange *exchange = m_exchange;
    m_exchange = nullptr;
    exchange->deleteLater();
    if (!m_transport)
        return;

    m_url = exchange->finalUrl();
    if (const std::optional<RegistryError> &failure = exchange->failure()) {
        fail(*failure);
        return;
    }
    m_status = exchange->status();
    m_headers = exchange->headers();
    m_body = exchange->body();
    m_transport->noteRateLimit(header("RateLimit-Limit"), header("RateLimit-Remaining"));
    qCDebug(lcTransport).noquote()
        << m_request.method << RegistryError::redacted(m_url).toDisplayString() << m_status;

    if (m_status >= 200 && m_status < 300) {
        succeed();
        return;
    }
    if (m_status == 401 && handleUnauthorized())
        return;
    if (isRetryableStatus(m_status) && retryLater())
        return;
    failWithStatus();
}

bool TransportReply::handleUnauthorized()
{
    if (m_retriedAuthentication)
        return false;
    const std::optional<AuthChallenge> challenge
        = AuthChallenge::parse(headerValues("WWW-Authenticate")).preferred();
    if (!challenge)
        return false;
    m_retriedAuthentication = true;

    if (challenge->isBasic()) {
        if (!m_transport->hasCredentials() || m_sentCredentials)
            return false;
        m_transport->m_challenge = challenge;
        m_sentCredentials = true;
        sendWith(m_transport->basicAuthorization());
        return true;
    }
    if (!challenge->isBearer())
        return false;

    // Ask for exactly what the registry challenged, on top of what the request needed, with a
    // fresh token: the cached one was refused.
    const std::optional<AuthChallenge> previous = m_transport->challenge();
    if (previous && previous->isBearer())
        m_transport->forgetToken(*previous, m_tokenScopes);
    m_transport->m_challenge = challenge;
    QStringList scopes = m_tokenScopes + challenge->scopes();
    scopes.removeDuplicates();
    m_tokenScopes = scopes;
    m_transport->forgetToken(*challenge, m_tokenScopes);
    sendWithToken(m_transport->fetchToken(*challenge, m_tokenScopes));
    return true;
}

bool TransportReply::retryLater()
{
    const bool idempotent = m_request.method == "GET" || m_request.method == "HEAD";
    if (!idempotent || m_streamStarted || ++m_attempt >= m_transport->options().maxAttempts)
        return false;
    using std::chrono::milliseconds;
    const TransportOptions &options = m_transport->options();
    milliseconds delay = options.initialBackoff * (1 << std::min(m_attempt - 1, 16));
    if (const auto retryAfter = parseRetryAfter(header("Retry-After"))) {
        if (*retryAfter > options.maxBackoff)
            return false; // longer than we wait: report it with the time the registry asked for
        delay = *retryAfter;
    }
    delay = std::min(delay, options.maxBackoff);
    qCInfo(lcTransport).noquote() << "HTTP" << m_status << "from" << m_transport->host()
                                  << "- trying again in" << delay.count() << "ms";
    m_retryTimer.start(delay);
    return true;
}

void TransportReply::failWithStatus()
{
    QList<RegistryErrorBody::Entry> entries;
    QString message;
    if (!m_body.isEmpty()) {
        if (const Result<RegistryErrorBody> body = RegistryErrorBody::parse(m_body)) {
            entries = body->entries();
            message = body->summary();
        } else if (MessageText::looksLikeText(m_body)) {
            message = MessageText::quoted(m_body.simplified(), 160);
        }
    }
    const Category category = categoryFor(m_status, entries);
    if (message.isEmpty()) {
        switch (category) {
        case Category::Unauthorized:
            message = m_transport->hasCredentials()
                ? QStringLiteral("the registry refused the credentials")
                : QStringLiteral("authentication required");
            break;
        case Category::NotFound:
            message = QStringLiteral("no such repository, tag or content");
            break;
        default:
            message = QStringLiteral("HTTP %1").arg(m_status);
            break;
        }
    }
    if (m_status == 401 && m_sentCredentials) {
        message += QStringLiteral(" (the registry refused the credentials of user \"%1\")")
                       .arg(m_transport->m_credentials.username);
    } else if (m_status == 401) {
        const std::optional<AuthChallenge> challenge
            = AuthChallenge::parse(headerValues("WWW-Authenticate")).preferred();
        if (challenge && challenge->error() == u"insufficient_scope") {
            message += QStringLiteral(" (the token does not grant %1)")
                           .arg(challenge->scopes().join(QStringLiteral(", ")));
        } else if (challenge && !challenge->isBearer() && !challenge->isBasic()) {
            message += QStringLiteral(" (unsupported authentication scheme \"%1\")")
                           .arg(challenge->scheme());
        }
    }
    RegistryError error(category, message);
    error.setRequest(m_request.method, m_url).setHttpStatus(m_status).setEntries(entries);
    if (const auto retryAfter = parseRetryAfter(header("Retry-After")))
        error.setRetryAfter(*retryAfter);
    fail(error);
}

} // namespace Layerscope
