#pragma once

#include "services/credentialsource.h"
#include "services/externalcredentials.h"
#include "transport/operation.h"
#include "transport/transport.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

class QSettings;

namespace Layerscope {

class CredentialStore;
class KeychainOperation;
class RegistryClient;
class TransportReply;

/// Finds a registry's credentials; succeeds always (anonymous when none), unless cancelled.
class CredentialLookup : public Operation
{
    Q_OBJECT

public:
    /// What was found, and where; anonymous when nothing was.
    const FoundCredentials &found() const { return m_found; }
    /**
     * Sources that could not be read on the way (a malformed config.json, a failing credential
     * helper, a keychain that refused): one sentence each, naming the file or program. Never
     * holds a secret.
     */
    const QStringList &problems() const { return m_problems; }

private:
    friend class CredentialStore;
    CredentialLookup(CredentialStore *store, QString registry, QObject *parent);

    void start();
    void readKeychain(const QString &username);
    void lookExternally();
    void finishWith(FoundCredentials found);

    QPointer<CredentialStore> m_store;
    QString m_registry;
    FoundCredentials m_found;
    QStringList m_problems;
};

/// Checks credentials against a registry, then keeps them for the session and, when asked, in
/// the system keychain. Nothing is kept when the registry refuses them.
class SignInOperation : public Operation
{
    Q_OBJECT

public:
    /// False when the registry asked for no authentication, so the credentials could not be
    /// checked (they are kept all the same).
    bool checked() const { return m_checked; }
    /// True when the password is now in the system keychain.
    bool remembered() const { return m_remembered; }
    /// Why the keychain could not keep the password (the sign-in holds for this session).
    const QString &keychainProblem() const { return m_keychainProblem; }

protected:
    void abortWork() override;

private:
    friend class CredentialStore;
    SignInOperation(CredentialStore *store, QString registry, Credentials credentials,
                    bool remember, const TransportOptions &options, QObject *parent);

    void start();
    void verified();
    void stored(KeychainOperation *write);

    QPointer<CredentialStore> m_store;
    QString m_registry;
    Credentials m_credentials;
    bool m_remember;
    RegistryClient *m_client;
    TransportReply *m_ping = nullptr;
    bool m_checked = false;
    bool m_remembered = false;
    QString m_keychainProblem;
};

/// Signs out of a registry: forgets the session's login and removes the keychain entry.
class SignOutOperation : public Operation
{
    Q_OBJECT

public:
    /// True when a keychain entry was removed.
    bool removedFromKeychain() const { return m_removed; }
    /// Set when credentials remain in docker's or podman's files, which Layerscope does not
    /// change: which source and file, to tell the user.
    const FoundCredentials &stillElsewhere() const { return m_elsewhere; }

private:
    friend class CredentialStore;
    SignOutOperation(CredentialStore *store, QString registry, QObject *parent);

    void start();
    void lookExternally();

    QPointer<CredentialStore> m_store;
    QString m_registry;
    bool m_removed = false;
    FoundCredentials m_elsewhere;
};

/**
 * Where a registry's credentials come from, in this order: signed in this session; the system
 * keychain (service "Layerscope"); the user's docker credential helper (`get` only); docker's
 * config.json; podman's and skopeo's containers/auth.json; else anonymous.
 *
 * Layerscope keeps passwords in the keychain only. The settings hold, per registry, the user
 * name whose password the keychain holds (so the keychain is asked only when there is
 * something to read); docker's and podman's files and helpers are only ever read.
 */
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    /// \a settings keeps the user names of keychain entries (never a secret); it must outlive
    /// the store.
    explicit CredentialStore(QSettings *settings,
                             CredentialEnvironment environment
                             = CredentialEnvironment::fromSystem(),
                             QObject *parent = nullptr);
    ~CredentialStore() override;

    /// The name credentials are kept under: lower case, Docker Hub's names ("index.docker.io",
    /// "registry-1.docker.io") as "docker.io".
    static QString registryKey(const QString &registry);

    /// Looks up the credentials of \a registry in source order.
    CredentialLookup *lookup(const QString &registry, QObject *parent);
    /// Checks \a credentials against \a registry (with \a options), then keeps them for this
    /// session and, with \a remember, in the keychain.
    SignInOperation *signIn(const QString &registry, const Credentials &credentials, bool remember,
                            const TransportOptions &options, QObject *parent);
    /// Forgets the session's login and the keychain entry of \a registry. Credentials that
    /// docker's or podman's files still hold are not used again in this session.
    SignOutOperation *signOut(const QString &registry, QObject *parent);

    /// The user whose password the keychain holds for \a registry, or an empty string.
    QString keychainUser(const QString &registry) const;
    /// The session's login for \a registry, if signed in this session.
    std::optional<Credentials> sessionCredentials(const QString &registry) const;

    const CredentialEnvironment &environment() const { return m_environment; }

Q_SIGNALS:
    /// Someone signed in to or out of \a registry (as registryKey() names it).
    void changed(const QString &registry);

private:
    friend class CredentialLookup;
    friend class SignInOperation;
    friend class SignOutOperation;

    void setKeychainUser(const QString &registry, const QString &username);

    QSettings *m_settings;
    CredentialEnvironment m_environment;
    QHash<QString, Credentials> m_session;
    /// Registries signed out of in this session: docker's and podman's logins are not used.
    QSet<QString> m_signedOut;
};

} // namespace Layerscope
