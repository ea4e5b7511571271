#pragma once

#include "registryentry.h"
#include "transport/credentials.h"
#include "transport/ratelimit.h"
#include "transport/registryerror.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace Layerscope {

class RegistryClient;
class TransportReply;

/**
 * The explorer's RegistryClients, one per registry host, created on first use with the
 * registry's TransportOptions, and what is known about each connection: whether the registry
 * answered, as whom, the last failure and the pull limit it reports.
 *
 * Panes report the outcome of their own requests with noteError() and noteSuccess(), so the
 * sidebar shows a registry as failing without pinging it again.
 */
class ClientPool : public QObject
{
    Q_OBJECT

public:
    /// How things stand with one registry.
    enum class ConnectionState {
        Unknown, ///< not asked yet
        Connecting, ///< the /v2/ ping is in flight
        Anonymous, ///< answered, without credentials
        SignedIn, ///< answered, with credentials
        Error, ///< could not be reached, or refused the credentials
    };
    Q_ENUM(ConnectionState)

    explicit ClientPool(QObject *parent = nullptr);
    ~ClientPool() override;

    /// The client of \a host, created (with the options of its entry, if one was set) on
    /// first use. Owned by the pool; it is replaced when the entry's options change, so keep
    /// it in a QPointer.
    RegistryClient *client(const QString &host);
    /// True when a client for \a host exists.
    bool hasClient(const QString &host) const;

    /// Sets the options of a registry; a change of \a entry.insecure replaces its client (and
    /// clientReplaced() follows).
    void setEntry(const RegistryEntry &entry);
    /// The entry last set for \a host (just the host when none was).
    RegistryEntry entry(const QString &host) const;
    /// Forgets \a host: its client is deleted, its operations finish as cancelled.
    void remove(const QString &host);

    /// Credentials for \a host from now on (kept in memory only, applied to a replaced client
    /// too); empty credentials mean anonymous.
    void setCredentials(const QString &host, const Credentials &credentials);

    ConnectionState state(const QString &host) const;
    /// The state for people: "Not connected", "Connecting…", "Anonymous", "Signed in as
    /// alice", "Error: connection refused".
    QString stateText(const QString &host) const;
    /// The failure that put \a host in the Error state (Category::None otherwise).
    RegistryError lastError(const QString &host) const;
    /// The pull limit \a host reported last.
    RateLimit rateLimit(const QString &host) const;

    /// Pings \a host (GET /v2/, authenticating if it asks); the state follows the answer.
    void connectTo(const QString &host);
    /// Records the failure of a request to \a host: failures that concern the registry as a
    /// whole (network, TLS, timeout, refused credentials) put it in the Error state; failures
    /// of one request (not found, cancelled, …) change nothing.
    void noteError(const QString &host, const RegistryError &error);
    /// Records that a request to \a host succeeded: the registry is reachable.
    void noteSuccess(const QString &host);

    /// True when \a error says something about the registry as a whole.
    static bool concernsRegistry(const RegistryError &error);

Q_SIGNALS:
    /// The state, error or rate limit of \a host changed.
    void stateChanged(const QString &host);
    /// The client of \a host was replaced (or removed); ask client() again.
    void clientReplaced(const QString &host);

private:
    struct Registry
    {
        RegistryEntry entry;
        QPointer<RegistryClient> client;
        Credentials credentials;
        ConnectionState state = ConnectionState::Unknown;
        RegistryError error;
        RateLimit rateLimit;
        QPointer<TransportReply> ping;
    };

    Registry &registry(const QString &host);
    RegistryClient *createClient(const QString &host, Registry &registry);
    void setState(const QString &host, ConnectionState state, const RegistryError &error = {});
    ConnectionState connectedState(const Registry &registry) const;

    QHash<QString, Registry> m_registries;
};

} // namespace Layerscope
