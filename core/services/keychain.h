#pragma once

#include "transport/operation.h"

#include <QString>

namespace Layerscope {

/**
 * One request to the system keychain (a read, a write, a removal or a probe); an Operation
 * like every other piece of asynchronous work.
 *
 * outcome() says how it ended. Done is a success; every other outcome is a failure whose
 * error() names the registry and the user, never the secret:
 * - NotFound: no entry for that registry and user (Category::NotFound). For a probe this is
 *   the expected answer: the keychain works.
 * - Unavailable: no system keychain to talk to, e.g. no Secret Service on the session bus
 *   (Category::Keychain).
 * - Denied: the keychain is locked and was not unlocked (no prompter, or the person dismissed
 *   the prompt), or refused access (Category::Keychain).
 * - Failed: anything else the keychain reported (Category::Keychain).
 *
 * A locked keychain may ask the person to unlock it; the operation then waits for their
 * answer, without a time limit. Requests run one at a time, so later ones wait behind that
 * prompt too. Cancelling or deleting the operation only stops waiting: the keychain may still
 * carry out a write or a removal already handed to it.
 */
class KeychainOperation : public Operation
{
    Q_OBJECT

public:
    enum class Outcome { Pending, Done, NotFound, Unavailable, Denied, Failed };
    Q_ENUM(Outcome)

    ~KeychainOperation() override;

    /// How the request ended; Pending while it runs (and after a cancel).
    Outcome outcome() const { return m_outcome; }
    /// The secret read (a successful read only); empty otherwise. Never logged.
    QString secret() const { return m_secret; }

protected:
    void abortWork() override;

private:
    friend class Keychain;
    enum class Kind { Read, Write, Remove, Probe };

    KeychainOperation(Kind kind, QString registry, QString username, QObject *parent);
    void start(const QString &secret);
    void onJobFinished(int error, QString errorString, QObject *job, const QString &secret);
    void diagnoseFailure(const QString &errorString);
    void diagnoseNotFound(const QString &errorString);
    void finishWith(Outcome outcome, const QString &detail);
    QString describe() const;

    Kind m_kind;
    QString m_registry;
    QString m_username;
    Outcome m_outcome = Outcome::Pending;
    QString m_secret;
    QMetaObject::Connection m_jobConnection;
    bool m_aborted = false;
};

/**
 * The system keychain (Secret Service on Linux, the macOS Keychain, Windows Credential
 * Manager) through QtKeychain, with its plaintext fallback switched off: a secret is stored in
 * the keychain or nowhere.
 *
 * Entries live under the service serviceName() with the key key(registry, username), so
 * other keychain tools show them as "Layerscope:registry:username".
 */
class Keychain
{
public:
    /// The keychain service every entry is stored under: "Layerscope".
    static QString serviceName();
    /// The entry's key for \a registry and \a username: "Layerscope:registry:username".
    static QString key(const QString &registry, const QString &username);

    /// Reads the secret stored for \a registry and \a username (KeychainOperation::secret()).
    static KeychainOperation *read(const QString &registry, const QString &username,
                                   QObject *parent);
    /// Stores \a secret for \a registry and \a username, replacing an earlier one.
    static KeychainOperation *write(const QString &registry, const QString &username,
                                    const QString &secret, QObject *parent);
    /// Removes the entry for \a registry and \a username. Some keychains (the Secret Service)
    /// do not tell whether there was one: removing a missing entry may end Done or NotFound.
    static KeychainOperation *remove(const QString &registry, const QString &username,
                                     QObject *parent);
    /// Finds out whether there is a keychain to use: reads a key that never exists, so NotFound
    /// means yes, and Unavailable or Denied say why not. It never prompts, and so does not
    /// tell whether the keychain is locked.
    static KeychainOperation *probe(QObject *parent);
};

} // namespace Layerscope
