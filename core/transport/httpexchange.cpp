#include "transport/httpexchange_p.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>

Q_LOGGING_CATEGORY(lcHttp, "layerscope.core.transport.http", QtWarningMsg)

namespace Layerscope {

using Category = RegistryError::Category;

bool isLoopbackHost(const QString &host)
{
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return true;
    QString address = host;
    if (address.startsWith(u'[') && address.endsWith(u']'))
        address = address.mid(1, address.size() - 2);
    const QHostAddress parsed(address);
    return !parsed.isNull() && parsed.isLoopback();
}

QUrl originOf(const QUrl &url)
{
    QUrl origin;
    origin.setScheme(url.scheme());
    origin.setHost(url.host());
    origin.setPort(url.port(url.scheme() == u"https" ? 443 : 80));
    return origin;
}

HttpExchange::HttpExchange(QNetworkAccessManager *manager, HttpRequestSpec spec, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_spec(std::move(spec))
    , m_url(m_spec.url)
    , m_method(m_spec.method)
{ }

HttpExchange::~HttpExchange()
{
    abort();
}

void HttpExchange::start()
{
    send();
}

void HttpExchange::abort()
{
    if (!m_reply)
        return;
    m_aborting = true;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

QByteArray HttpExchange::header(const QByteArray &name) const
{
    for (const auto &[key, value] : m_headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QList<QByteArray> HttpExchange::headerValues(const QByteArray &name) const
{
    QList<QByteArray> values;
    for (const auto &[key, value] : m_headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            values.append(value);
    }
    return values;
}

bool HttpExchange::isRedirectStatus() const
{
    return m_status == 301 || m_status == 302 || m_status == 303 || m_status == 307
        || m_status == 308;
}

void HttpExchange::send()
{
    QNetworkRequest request(m_url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(int(m_spec.timeout.count()));
    request.setMaximumRedirectsAllowed(0);
    // The body sizes are checked as they arrive; Qt must not decompress behind our back, or
    // "raw bytes" and sizes would not be what the registry sent.
    request.setRawHeader("Accept-Encoding", "identity");
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("layerscope"));
    for (const auto &[name, value] : m_spec.headers)
        request.setRawHeader(name, value);
    if (!m_spec.authorization.isEmpty() && m_sendAuthorization)
        request.setRawHeader("Authorization", m_spec.authorization);
    if (!m_spec.contentType.isEmpty())
        request.setRawHeader("Content-Type", m_spec.contentType);
    if (!m_spec.caCertificates.isEmpty() && m_url.scheme() == u"https") {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_spec.caCertificates);
        request.setSslConfiguration(tls);
    }

    m_status = 0;
    m_headers.clear();
    m_body.clear();
    m_received = 0;
    m_overCap = false;
    m_sslErrors.clear();
    m_tlsHandshakeFailed = false;

    qCDebug(lcHttp).noquote() << m_method << RegistryError::redacted(m_url).toDisplayString();
    QNetworkReply *reply = nullptr;
    // HEAD must go through head(): a custom verb would make Qt wait for a body that a HEAD
    // response announces but never sends.
    if (m_method == "HEAD")
        reply = m_manager->head(request);
    else if (m_method == "GET")
        reply = m_manager->get(request);
    else if (m_method == "POST")
        reply = m_manager->post(request, m_spec.body);
    else
        reply = m_manager->sendCustomRequest(request, m_method, m_spec.body);
    m_reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, &HttpExchange::onMetaDataChanged);
    connect(reply, &QNetworkReply::readyRead, this, &HttpExchange::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &HttpExchange::onFinished);
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        m_sslErrors = errors;
        if (m_spec.ignoreTlsErrors)
            reply->ignoreSslErrors();
    });
    connect(reply, &QNetworkReply::downloadProgress, this, [this](qint64 done, qint64 total) {
        if (isSuccessStatus() && !isRedirectStatus())
            Q_EMIT progress(done, total);
    });
}

void HttpExchange::onMetaDataChanged()
{
    if (!m_reply)
        return;
    m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_headers = m_reply->rawHeaderPairs();
    if (!isSuccessStatus())
        return;
    // Refuse a body that announces itself as too large before reading any of it.
    bool known = false;
    const qint64 length = header("Content-Length").toLongLong(&known);
    if (!m_spec.stream && known && length > m_spec.maxBodySize) {
        failWith(RegistryError(Category::TooLarge,
                               QStringLiteral("the response is %1 bytes, over the limit of %2")
                                   .arg(length)
                                   .arg(m_spec.maxBodySize)));
    }
}

void HttpExchange::onReadyRead()
{
    if (!m_reply || !m_reply->isOpen())
        return;
    const QByteArray chunk = m_reply->readAll();
    m_received += chunk.size();
    if (isRedirectStatus())
        return;
    if (!isSuccessStatus()) {
        const qsizetype room = m_spec.maxErrorBodySize - m_body.size();
        if (room > 0)
            m_body.append(chunk.left(room));
        return;
    }
    if (m_spec.stream) {
        Q_EMIT dataReceived(chunk);
        return;
    }
    if (m_body.size() + chunk.size() > m_spec.maxBodySize) {
        failWith(RegistryError(
            Category::TooLarge,
            QStringLiteral("the response is over the limit of %1 bytes").arg(m_spec.maxBodySize)));
        return;
    }
    m_body.append(chunk);
}

void HttpExchange::onFinished()
{
    if (!m_reply)
        return;
    onReadyRead();
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();

    const QNetworkReply::NetworkError code = reply->error();
    const bool answered = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid();
    m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_headers = reply->rawHeaderPairs();

    if (!answered
        || (code != QNetworkReply::NoError && code >= QNetworkReply::ConnectionRefusedError
            && code < QNetworkReply::ProxyConnectionRefusedError)) {
        // No HTTP answer, or one cut short: a transport failure.
        RegistryError error;
        switch (code) {
        case QNetworkReply::OperationCanceledError:
            // Nobody aborted this reply (abort() disconnects first): Qt's transfer timeout did.
            error = RegistryError(
                Category::Timeout,
                QStringLiteral("no data for %1 s").arg(double(m_spec.timeout.count()) / 1000.0));
            break;
        case QNetworkReply::TimeoutError:
            error = RegistryError(Category::Timeout, reply->errorString());
            break;
        case QNetworkReply::SslHandshakeFailedError:
            m_tlsHandshakeFailed = m_sslErrors.isEmpty();
            error = RegistryError(
                Category::Tls, m_sslErrors.isEmpty() ? reply->errorString() : describeTlsErrors());
            break;
        default:
            if (!m_sslErrors.isEmpty() && !m_spec.ignoreTlsErrors)
                error = RegistryError(Category::Tls, describeTlsErrors());
            else if (answered)
                error = RegistryError(Category::Network,
                                      QStringLiteral("the connection broke after %1 bytes of the "
                                                     "response (%2)")
                                          .arg(m_received)
                                          .arg(reply->errorString()));
            else
                error = RegistryError(Category::Network, reply->errorString());
            break;
        }
        error.setRequest(m_method, m_url);
        if (answered)
            error.setHttpStatus(m_status);
        m_failure = error;
        Q_EMIT finished();
        return;
    }

    if (isRedirectStatus()) {
        const QByteArray location = header("Location");
        if (location.isEmpty()) {
            Q_EMIT finished(); // a redirect without a target: the caller sees the status
            return;
        }
        if (++m_redirects > m_spec.maxRedirects) {
            failWith(RegistryError(
                Category::Protocol,
                QStringLiteral("more than %1 redirects; the last one pointed to %2")
                    .arg(m_spec.maxRedirects)
                    .arg(RegistryError::redacted(m_url.resolved(QUrl::fromEncoded(location)))
                             .toDisplayString())));
            return;
        }
        const QUrl target = m_url.resolved(QUrl::fromEncoded(location));
        if (!target.isValid() || (target.scheme() != u"https" && target.scheme() != u"http")) {
            failWith(RegistryError(Category::Protocol,
                                   QStringLiteral("redirect to an unusable location")));
            return;
        }
        if (m_url.scheme() == u"https" && target.scheme() == u"http"
            && !m_spec.allowHttpDowngrade) {
            failWith(RegistryError(Category::Tls,
                                   QStringLiteral("redirect from HTTPS to plain HTTP (%1) refused")
                                       .arg(RegistryError::redacted(target).toDisplayString())));
            return;
        }
        // Credentials belong to the registry: object storage and CDNs get none, and once the
        // request has left the registry it never carries them again.
        if (originOf(target) != originOf(m_spec.authorizationOrigin))
            m_sendAuthorization = false;
        if (m_status == 303) {
            m_method = "GET";
            m_spec.body.clear();
            m_spec.contentType.clear();
        }
        m_url = target;
        send();
        return;
    }
    // A connection reset can reach Qt as an orderly end of the response; a body shorter than
    // its Content-Length is a broken connection all the same, not a complete answer. (With a
    // Content-Encoding, Qt counts decoded bytes, which the length does not describe.)
    bool known = false;
    const qint64 length = header("Content-Length").toLongLong(&known);
    if (known && m_method != "HEAD" && m_received < length
        && header("Content-Encoding").isEmpty()) {
        RegistryError error(Category::Network,
                            QStringLiteral("the connection broke after %1 of the %2 bytes of the "
                                           "response")
                                .arg(m_received)
                                .arg(length));
        error.setRequest(m_method, m_url).setHttpStatus(m_status);
        m_failure = error;
    }
    Q_EMIT finished();
}

void HttpExchange::failWith(RegistryError error)
{
    error.setRequest(m_method, m_url);
    if (m_status > 0)
        error.setHttpStatus(m_status);
    m_failure = error;
    abort();
    Q_EMIT finished();
}

QString HttpExchange::describeTlsErrors() const
{
    QStringList problems;
    QSslCertificate certificate;
    for (const QSslError &error : m_sslErrors) {
        problems.append(error.errorString());
        if (certificate.isNull() && !error.certificate().isNull())
            certificate = error.certificate();
    }
    problems.removeDuplicates();
    QString text = problems.join(QStringLiteral("; "));
    if (!certificate.isNull()) {
        const auto name = [](const QStringList &commonNames, const QString &fallback) {
            return commonNames.isEmpty() ? fallback
                                         : QStringLiteral("CN=") + commonNames.join(u", ");
        };
        text += QStringLiteral(" (certificate subject %1, issuer %2)")
                    .arg(name(certificate.subjectInfo(QSslCertificate::CommonName),
                              certificate.subjectDisplayName()),
                         name(certificate.issuerInfo(QSslCertificate::CommonName),
                              certificate.issuerDisplayName()));
    }
    return text;
}

} // namespace Layerscope
