#include "clientpool.h"

#include "registry/registryclient.h"
#include "transport/transportreply.h"

#include <QLoggingCategory>

namespace Layerscope {

Q_LOGGING_CATEGORY(lcRegistries, "layerscope.ui.registries", QtWarningMsg)

using Category = RegistryError::Category;

ClientPool::ClientPool(QObject *parent)
    : QObject(parent)
{ }

// The clients are children of the pool; their operations belong to their requesters and
// finish as cancelled when the clients go.
ClientPool::~ClientPool() = default;

ClientPool::Registry &ClientPool::registry(const QString &host)
{
    auto it = m_registries.find(host);
    if (it == m_registries.end()) {
        it = m_registries.insert(host, Registry{});
        it->entry.host = host;
    }
    return *it;
}

RegistryClient *ClientPool::client(const QString &host)
{
    if (host.isEmpty())
        return nullptr;
    Registry &entry = registry(host);
    if (entry.client)
        return entry.client;
    return createClient(host, entry);
}

bool ClientPool::hasClient(const QString &host) const
{
    const auto it = m_registries.constFind(host);
    return it != m_registries.cend() && it->client;
}

RegistryClient *ClientPool::createClient(const QString &host, Registry &registry)
{
    TransportOptions options;
    options.insecure = registry.entry.insecure;
    auto *client = new RegistryClient(host, options, this);
    if (!registry.credentials.isEmpty())
        client->setCredentials(registry.credentials);
    connect(client->transport(), &Transport::rateLimitChanged, this,
            [this, host, client](const RateLimit &rateLimit) {
                auto it = m_registries.find(host);
                if (it == m_registries.end() || it->client != client)
                    return;
                it->rateLimit = rateLimit;
                Q_EMIT stateChanged(host);
            });
    registry.client = client;
    qCDebug(lcRegistries) << "client for" << host << "insecure" << options.insecure;
    return client;
}

void ClientPool::setEntry(const RegistryEntry &entry)
{
    if (entry.host.isEmpty())
        return;
    Registry &known = registry(entry.host);
    const bool optionsChanged = known.entry.insecure != entry.insecure;
    known.entry = entry;
    if (!optionsChanged || !known.client)
        return;
    delete known.ping;
    delete known.client;
    known.state = ConnectionState::Unknown;
    known.error = {};
    Q_EMIT clientReplaced(entry.host);
    Q_EMIT stateChanged(entry.host);
}

RegistryEntry ClientPool::entry(const QString &host) const
{
    const auto it = m_registries.constFind(host);
    if (it != m_registries.cend())
        return it->entry;
    RegistryEntry entry;
    entry.host = host;
    return entry;
}

void ClientPool::remove(const QString &host)
{
    const auto it = m_registries.find(host);
    if (it == m_registries.end())
        return;
    delete it->ping;
    const bool hadClient = it->client;
    delete it->client;
    m_registries.erase(it);
    if (hadClient)
        Q_EMIT clientReplaced(host);
    Q_EMIT stateChanged(host);
}

void ClientPool::setCredentials(const QString &host, const Credentials &credentials)
{
    Registry &known = registry(host);
    known.credentials = credentials;
    if (known.client)
        known.client->setCredentials(credentials);
    if (known.state == ConnectionState::Anonymous || known.state == ConnectionState::SignedIn)
        setState(host, connectedState(known));
}

ClientPool::ConnectionState ClientPool::state(const QString &host) const
{
    const auto it = m_registries.constFind(host);
    return it == m_registries.cend() ? ConnectionState::Unknown : it->state;
}

QString ClientPool::stateText(const QString &host) const
{
    const auto it = m_registries.constFind(host);
    if (it == m_registries.cend())
        return tr("Not connected");
    switch (it->state) {
    case ConnectionState::Unknown:
        return tr("Not connected");
    case ConnectionState::Connecting:
        return tr("Connecting…");
    case ConnectionState::Anonymous:
        return tr("Anonymous");
    case ConnectionState::SignedIn:
        return tr("Signed in as %1").arg(it->credentials.username);
    case ConnectionState::Error:
        return tr("Error: %1").arg(it->error.message());
    }
    return {};
}

RegistryError ClientPool::lastError(const QString &host) const
{
    const auto it = m_registries.constFind(host);
    return it == m_registries.cend() ? RegistryError() : it->error;
}

RateLimit ClientPool::rateLimit(const QString &host) const
{
    const auto it = m_registries.constFind(host);
    return it == m_registries.cend() ? RateLimit() : it->rateLimit;
}

ClientPool::ConnectionState ClientPool::connectedState(const Registry &registry) const
{
    return registry.credentials.username.isEmpty() ? ConnectionState::Anonymous
                                                   : ConnectionState::SignedIn;
}

void ClientPool::setState(const QString &host, ConnectionState state, const RegistryError &error)
{
    Registry &known = registry(host);
    if (known.state == state && known.error.category() == error.category()
        && known.error.message() == error.message())
        return;
    known.state = state;
    known.error = error;
    Q_EMIT stateChanged(host);
}

void ClientPool::connectTo(const QString &host)
{
    RegistryClient *registryClient = client(host);
    if (!registryClient)
        return;
    Registry &known = registry(host);
    if (known.ping)
        return;
    TransportReply *reply = registryClient->ping(this);
    known.ping = reply;
    setState(host, ConnectionState::Connecting);
    connect(reply, &Operation::finished, this, [this, host, reply] {
        reply->deleteLater();
        auto it = m_registries.find(host);
        if (it == m_registries.end() || it->ping != reply)
            return;
        it->ping = nullptr;
        const RegistryError &error = reply->error();
        if (error.category() == Category::Cancelled)
            setState(host, ConnectionState::Unknown);
        else if (error.isError())
            setState(host, ConnectionState::Error, error);
        else
            setState(host, connectedState(*it));
    });
}

bool ClientPool::concernsRegistry(const RegistryError &error)
{
    switch (error.category()) {
    case Category::Network:
    case Category::Tls:
    case Category::Timeout:
    case Category::Unauthorized:
        return true;
    default:
        return false;
    }
}

void ClientPool::noteError(const QString &host, const RegistryError &error)
{
    if (host.isEmpty() || !concernsRegistry(error))
        return;
    qCDebug(lcRegistries) << "registry" << host << "failing:" << error.toString();
    setState(host, ConnectionState::Error, error);
}

void ClientPool::noteSuccess(const QString &host)
{
    if (host.isEmpty())
        return;
    Registry &known = registry(host);
    // A ping in flight will say the same; its answer is not worth waiting for.
    setState(host, connectedState(known));
}

} // namespace Layerscope
