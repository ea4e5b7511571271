#pragma once

// Internal to core's transport: the operations a Transport shares between its requests.

#include "transport/operation.h"
#include "transport/transport.h"

#include <QByteArray>
#include <QList>
#include <QUrl>

namespace Layerscope {

class HttpExchange;

/// Finds the registry's base URL and authentication scheme with GET /v2/.
class EndpointProbe : public Operation
{
    Q_OBJECT

public:
    EndpointProbe(Transport *transport, QObject *parent);

protected:
    void abortWork() override;

private:
    void tryNext();
    void onFinished();

    Transport *m_transport;
    QList<QUrl> m_candidates;
    HttpExchange *m_exchange = nullptr;
    std::optional<RegistryError> m_firstFailure;
};

/// Obtains a bearer token for a set of scopes from the challenge's realm.
class TokenOperation : public Operation
{
    Q_OBJECT

public:
    TokenOperation(Transport *transport, AuthChallenge challenge, QStringList scopes, QString key,
                   QObject *parent);

    /// The token, after success.
    const QByteArray &token() const { return m_token; }

protected:
    void abortWork() override;

private:
    void start();
    void sendPost();
    void sendGet();
    void failWithoutOAuth2();
    void send(const HttpRequestSpec &spec);
    void onFinished();
    bool readTokenResponse(const QByteArray &body);

    Transport *m_transport;
    AuthChallenge m_challenge;
    QStringList m_scopes;
    QString m_key;
    QUrl m_realm;
    bool m_usingPost = false;
    HttpExchange *m_exchange = nullptr;
    QByteArray m_token;
};

} // namespace Layerscope
