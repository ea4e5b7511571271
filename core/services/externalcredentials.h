#pragma once

#include "services/credentialsource.h"
#include "services/dockerauthfile.h"
#include "transport/operation.h"

#include <QPointer>
#include <QProcessEnvironment>
#include <QSet>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <optional>

namespace Layerscope {

class CredentialHelperOperation;

/**
 * Where docker and podman keep the user's logins, as their environment variables say, and
 * the environment in which credential helpers run.
 */
struct CredentialEnvironment
{
    /// The folder of docker's config.json: $DOCKER_CONFIG, else $HOME/.docker; empty when
    /// neither is set.
    QString dockerConfigDir;
    /// The containers auth.json files in the order podman reads them: $REGISTRY_AUTH_FILE (if
    /// set), $XDG_RUNTIME_DIR/containers/auth.json (if XDG_RUNTIME_DIR is set),
    /// ${XDG_CONFIG_HOME:-$HOME/.config}/containers/auth.json.
    QStringList authFiles;
    /// The environment credential helpers run in; its PATH is where they are looked up.
    QProcessEnvironment processEnvironment;

    /// docker's config.json inside dockerConfigDir; empty when dockerConfigDir is.
    QString dockerConfigFile() const;

    /// The locations for this process's environment.
    static CredentialEnvironment fromSystem();
    /// The locations \a environment names (variables that are set but empty count as unset).
    static CredentialEnvironment fromEnvironment(const QProcessEnvironment &environment);
};

/**
 * Looks up the login the user already has for a registry in docker's and podman's
 * configuration, read-only, in this order; the first login found wins:
 *
 * 1. docker's config.json: the credential helper for the registry (`credHelpers`, else
 *    `credsStore`), asked with docker's key for the registry (dockerAuthKey());
 * 2. docker's config.json `auths`;
 * 3. each containers auth.json in CredentialEnvironment::authFiles order: its `credHelpers`
 *    entry for the registry (containers-auth.json(5): then the file's `auths` entry for that
 *    registry is not used), else its `auths`.
 *
 * Every problem on the way (a file that cannot be read or is malformed, a helper that is
 * missing, fails or answers nonsense) is skipped and recorded in problems(), with the file or
 * helper it concerns and never a secret; a file that does not exist is not a problem. The
 * lookup therefore always succeeds unless it is cancelled; found() is empty when no login
 * exists. It never writes a file and only ever runs a helper's `get`.
 *
 * Files are small and local and are read from the event loop; helpers run asynchronously.
 */
class ExternalCredentialLookup : public Operation
{
    Q_OBJECT

public:
    /// Looks up \a registry (host[:port], or a Docker Hub name such as "docker.io").
    ExternalCredentialLookup(QString registry, CredentialEnvironment environment,
                             QObject *parent = nullptr);
    ~ExternalCredentialLookup() override;

    const QString &registry() const { return m_registry; }
    const CredentialEnvironment &environment() const { return m_environment; }

    /// The time limit for each credential helper (CredentialHelperOperation::DefaultTimeout
    /// unless changed before the helper starts).
    void setHelperTimeout(std::chrono::milliseconds timeout) { m_helperTimeout = timeout; }

    /// The login found and where (the helper program or the file); nullopt when none.
    const std::optional<FoundCredentials> &found() const { return m_found; }
    /// What was skipped and why, one line each, in the order met.
    const QStringList &problems() const { return m_problems; }
    /// Things worth knowing that are not problems: logins in auth.json scoped to one
    /// namespace of the registry, which a registry-wide lookup does not use.
    const QStringList &notes() const { return m_notes; }

protected:
    void abortWork() override;

private:
    void start();
    void useDockerAuths();
    void nextAuthFile();
    std::optional<DockerAuthFile> load(const QString &path, DockerAuthFile::Format format);
    void askHelper(const QString &helper, const QString &serverUrl, const QString &configFile,
                   std::function<void()> next);
    void finishWith(const Credentials &credentials, CredentialSource source, const QString &origin);

    QString m_registry;
    CredentialEnvironment m_environment;
    std::chrono::milliseconds m_helperTimeout;
    std::optional<DockerAuthFile> m_dockerConfig;
    qsizetype m_nextAuthFile = 0;
    QSet<QString> m_filesRead;
    QPointer<CredentialHelperOperation> m_helper;
    std::optional<FoundCredentials> m_found;
    QStringList m_problems;
    QStringList m_notes;
    bool m_stopped = false;
};

} // namespace Layerscope
