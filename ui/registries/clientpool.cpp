#include "clientpool.h"

#include "registry/registryclient.h"
#include "services/credentialstore.h"
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

void ClientPool::setCredentialStore(CredentialStore *store)
{
    if (m_store == store)
        return;
    if (m_store)
        disconnect(m_store, nullptr, this, nullptr);
    m_store = store;
    if (m_store) {
        connect(m_store, &CredentialStore::changed, this, &ClientPool::onCredentialsChanged);
    }
    const QStringList hosts = m_registries.keys();
    for (const QString &host : hosts) {
        Registry &known = registry(host);
        if (known.client)
            startLookup(host, known);
        else
            Q_EMIT stateChanged(host); // signing in is possible now
    }
}

CredentialStore *ClientPool::credentialStore() const
{
    return m_store;
}

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

TransportOptions ClientPool::transportOptions(const QString &host) const
{
    TransportOptions options;
    options.insecure = entry(host).insecure;
    return options;
}

RegistryClient *ClientPool::createClient(const QString &host, Registry &registry)
{
    const TransportOptions options = transportOptions(host);
    auto *client = new RegistryClient(host, options, this);
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
    // A new client has no credentials: they are looked up again rather than kept here.
    startLookup(host, registry);
    return client;
}

void ClientPool::startLookup(const QString &host, Registry &registry)
{
    if (!m_store)
        return;
    delete registry.lookup;
    // Requests that need to authenticate wait for the answer instead of failing with 401.
    if (registry.client)
        registry.client->setCredentialsPending(true);
    CredentialLookup *lookup = m_store->lookup(host, this);
    registry.lookup = lookup;
    connect(lookup, &Operation::finished, this, [this, host, lookup] {
        lookup->deleteLater();
        auto it = m_registries.find(host);
        if (it == m_registries.end() || it->lookup != lookup)
            return;
        it->lookup = nullptr;
        const FoundCredentials &found = lookup->found();
        if (it->client) {
            if (lookup->succeeded())
                it->client->setCredentials(found.credentials);
            else
                it->client->setCredentialsPending(false);
        }
        it->user = found.credentials.username;
        it->source = found.isAnonymous() || found.credentials.isEmpty()
            ? CredentialSource::Anonymous
            : found.source;
        it->origin = found.origin;
        it->problems = lookup->problems();
        qCDebug(lcRegistries) << "credentials for" << host << "from"
                              << credentialSourceName(it->source) << it->origin;
        if (it->state == ConnectionState::Anonymous || it->state == ConnectionState::SignedIn)
            it->state = connectedState(*it);
        Q_EMIT stateChanged(host);
    });
    Q_EMIT stateChanged(host);
}

void ClientPool::reloadCredentials(const QString &host)
{
    if (!m_store || host.isEmpty())
        return;
    Registry &known = registry(host);
    const bool wasFailing = known.state == ConnectionState::Error;
    startLookup(host, known);
    // Refused credentials made the registry fail as a whole: ask it again with the new ones
    // (the ping waits for the lookup).
    if (wasFailing && known.client) {
        delete known.ping;
        connectTo(host);
    }
}

void ClientPool::onCredentialsChanged(const QString &registryKey)
{
    const QStringList hosts = m_registries.keys();
    for (const QString &host : hosts) {
        if (CredentialStore::registryKey(host) == registryKey)
            reloadCredentials(host);
    }
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
    delete known.lookup;
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
    delete it->lookup;
    const bool hadClient = it->client;
    delete it->client;
    m_registries.erase(it);
    if (hadClient)
        Q_EMIT clientReplaced(host);
    Q_EMIT stateChanged(host);
}

ClientPool::ConnectionState ClientPool::state(const QString &host) const
{
    const auto it = m_registries.constFind(host);
    return it == m_registries.cend() ? ConnectionState::Unknown : it->state;
}

QString ClientPool::sourceText(CredentialSource source)
{
    switch (source) {
    case CredentialSource::Anonymous:
        return tr("anonymous");
    case CredentialSource::Session:
        return tr("this session");
    case CredentialSource::Keychain:
        return tr("system keychain");
    case CredentialSource::CredentialHelper:
        return tr("docker credential helper");
    case CredentialSource::DockerConfig:
        return tr("docker config.json");
    case CredentialSource::ContainersAuth:
        return tr("containers auth.json");
    }
    return {};
}

QString ClientPool::stateText(const QString &host) const
{
    const auto it = m_registries.constFind(host);
    if (it == m_registries.cend())
        return tr("Not connected");
    if (it->lookup)
        return tr("Looking up credentials…");
    switch (it->state) {
    case ConnectionState::Unknown:
        if (it->source != CredentialSource::Anonymous)
            return tr("Not connected · %1 · %2").arg(userText(*it), sourceText(it->source));
        return tr("Not connected");
    case ConnectionState::Connecting:
        return tr("Connecting…");
    case ConnectionState::Anonymous:
        return tr("Anonymous");
    case ConnectionState::SignedIn:
        return tr("Signed in as %1 · %2").arg(userText(*it), sourceText(it->source));
    case ConnectionState::Error:
        return tr("Error: %1").arg(it->error.message());
    }
    return {};
}

QString ClientPool::userText(const Registry &registry)
{
    // An identity token alone (`docker login` with some registries) names no user.
    return registry.user.isEmpty() ? tr("a token") : registry.user;
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

bool ClientPool::isLookingUpCredentials(const QString &host) const
{
    const auto it = m_registries.constFind(host);
    return it != m_registries.cend() && it->lookup;
}

QString ClientPool::signedInUser(const QString &host) const
{
    const auto it = m_registries.constFind(host);
    if (it == m_registries.cend() || it->source == CredentialSource::Anonymous)
        return {};
    return it->user;
}

CredentialSource ClientPool::credentialSource(const QString &host) const
{
    const auto it = m_registries.constFind(host);
    return it == m_registries.cend() ? CredentialSource::Anonymous : it->source;
}

QString ClientPool::credentialOrigin(const QString &host) const
{
    const auto it = m_registries.constFind(host);
    return it == m_registries.cend() ? QString() : it->origin;
}

QStringList ClientPool::credentialProblems(const QString &host) const
{
    const auto it = m_registries.constFind(host);
    return it == m_registries.cend() ? QStringList() : it->problems;
}

ClientPool::ConnectionState ClientPool::connectedState(const Registry &registry) const
{
    return registry.source == CredentialSource::Anonymous ? ConnectionState::Anonymous
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
