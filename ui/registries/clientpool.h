#pragma once

#include "registryentry.h"
#include "services/credentialsource.h"
#include "transport/ratelimit.h"
#include "transport/registryerror.h"
#include "transport/transport.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

namespace Layerscope {

class CredentialLookup;
class CredentialStore;
class RegistryClient;
class TransportReply;

/**
 * The explorer's RegistryClients, one per registry host, created on first use with the
 * registry's TransportOptions, and what is known about each connection: whether the registry
 * answered, as whom and with credentials from where, the last failure and the pull limit it
 * reports.
 *
 * With a CredentialStore, every new client holds its authenticated requests until the store
 * has looked up the registry's credentials, and takes new ones whenever someone signs in or
 * out. The pool keeps who signed in and from which source, never the secret itself: a
 * replaced client gets its credentials from the store again.
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

    /// Without a credential store (setCredentialStore()), every registry is asked anonymously.
    explicit ClientPool(QObject *parent = nullptr);
    ~ClientPool() override;

    /// Where credentials come from from now on; \a store must outlive the pool or be deleted
    /// with it. Existing clients look their credentials up again.
    void setCredentialStore(CredentialStore *store);
    /// The store set with setCredentialStore(); null when none.
    CredentialStore *credentialStore() const;

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
    /// The transport options of \a host's client (from its entry).
    TransportOptions transportOptions(const QString &host) const;
    /// Forgets \a host: its client is deleted, its operations finish as cancelled.
    void remove(const QString &host);

    ConnectionState state(const QString &host) const;
    /// The state for people: "Not connected" (with the user and source when credentials are
    /// known), "Looking up credentials…", "Connecting…", "Anonymous", "Signed in as alice ·
    /// system keychain", "Error: connection refused".
    QString stateText(const QString &host) const;
    /// The failure that put \a host in the Error state (Category::None otherwise).
    RegistryError lastError(const QString &host) const;
    /// The pull limit \a host reported last.
    RateLimit rateLimit(const QString &host) const;

    /// True while the credentials of \a host are being looked up.
    bool isLookingUpCredentials(const QString &host) const;
    /// The user the credentials of \a host name; empty when anonymous (or not looked up, or
    /// when an identity token alone names no user).
    QString signedInUser(const QString &host) const;
    /// Where the credentials of \a host came from (Anonymous when none were found).
    CredentialSource credentialSource(const QString &host) const;
    /// Which file or program the credentials came from; empty for the session and keychain.
    QString credentialOrigin(const QString &host) const;
    /// Sources that could not be read while looking up \a host's credentials, one sentence
    /// each; never a secret.
    QStringList credentialProblems(const QString &host) const;

    /// Looks up the credentials of \a host again and gives them to its live client; the
    /// client's authenticated requests wait for them. Done by itself when the store reports a
    /// sign-in or sign-out.
    void reloadCredentials(const QString &host);

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
    /// The name of \a source for people, translated ("system keychain", "this session").
    static QString sourceText(CredentialSource source);

Q_SIGNALS:
    /// The state, credentials, error or rate limit of \a host changed.
    void stateChanged(const QString &host);
    /// The client of \a host was replaced (or removed); ask client() again.
    void clientReplaced(const QString &host);

private:
    struct Registry
    {
        RegistryEntry entry;
        QPointer<RegistryClient> client;
        ConnectionState state = ConnectionState::Unknown;
        RegistryError error;
        RateLimit rateLimit;
        QPointer<TransportReply> ping;
        QPointer<CredentialLookup> lookup;
        /// Who the credentials name, and where they came from; the secret goes to the client
        /// only.
        QString user;
        CredentialSource source = CredentialSource::Anonymous;
        QString origin;
        QStringList problems;
    };

    Registry &registry(const QString &host);
    RegistryClient *createClient(const QString &host, Registry &registry);
    void startLookup(const QString &host, Registry &registry);
    void onCredentialsChanged(const QString &registryKey);
    void setState(const QString &host, ConnectionState state, const RegistryError &error = {});
    ConnectionState connectedState(const Registry &registry) const;
    static QString userText(const Registry &registry);

    QPointer<CredentialStore> m_store;
    QHash<QString, Registry> m_registries;
};

} // namespace Layerscope
