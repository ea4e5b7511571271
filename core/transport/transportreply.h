#pragma once

#include "transport/operation.h"
#include "transport/transport.h"

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QTimer>
#include <QUrl>

namespace Layerscope {

class HttpExchange;

/**
 * One request to a registry, with everything between asking and having an answer:
 * - waits for the endpoint (/v2/ ping; loopback hosts HTTPS first, then HTTP);
 * - authenticates (Basic, or a Bearer token for the request's scopes) and, on a 401, fetches a
 *   token for the scope the registry challenged and tries once more — then it is an
 *   Unauthorized error, never a loop;
 * - answers 429 and 503 by waiting (Retry-After in seconds or as an HTTP date, else a doubling
 *   backoff, capped) and trying again a bounded number of times, for GET and HEAD;
 * - follows at most 10 redirects itself, never sending Authorization to another host;
 * - refuses bodies over the request's cap, and times out when no data arrives.
 *
 * Success means a 2xx answer; any other status finishes with an error whose category follows
 * the status and the registry's error codes, and whose entries are the registry's own words.
 */
class TransportReply : public Operation
{
    Q_OBJECT

public:
    ~TransportReply() override;

    const TransportRequest &request() const { return m_request; }
    /// The HTTP status of the final answer (0 when there was none).
    int status() const { return m_status; }
    /// The URL that answered, after redirects.
    const QUrl &url() const { return m_url; }
    /// The body of a successful, non-streamed answer.
    const QByteArray &body() const { return m_body; }
    /// The first value of response header \a name (case-insensitive), or empty.
    QByteArray header(const QByteArray &name) const;
    /// Every value of response header \a name, in order.
    QList<QByteArray> headerValues(const QByteArray &name) const;

Q_SIGNALS:
    /// A piece of a streamed body (TransportRequest::stream).
    void dataReceived(const QByteArray &chunk);

protected:
    void abortWork() override;

private:
    friend class Transport;
    TransportReply(Transport *transport, TransportRequest request, QObject *parent);

    void start();
    void authenticate();
    void sendWith(const QByteArray &authorization);
    /// Sends the request with the token \a fetch obtains, once it has.
    void sendWithToken(TokenOperation *fetch);
    void onExchangeFinished();
    bool handleUnauthorized();
    bool retryLater();
    void failWithStatus();
    QUrl targetUrl() const;

    QPointer<Transport> m_transport;
    TransportRequest m_request;
    HttpExchange *m_exchange = nullptr;
    QTimer m_retryTimer;
    int m_attempt = 0;
    bool m_retriedAuthentication = false;
    bool m_sentCredentials = false;
    bool m_streamStarted = false;
    QStringList m_tokenScopes;
    int m_status = 0;
    QUrl m_url;
    QByteArray m_body;
    QList<std::pair<QByteArray, QByteArray>> m_headers;
};

} // namespace Layerscope
