#pragma once

#include "transport/credentials.h"
#include "transport/operation.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>

#include <chrono>
#include <optional>

class QProcess;
class QTimer;

namespace Layerscope {

/**
 * Asks a docker credential helper for one registry's login: runs
 * `docker-credential-<helper> get`, writes the server URL to its standard input and reads
 * {"ServerURL", "Username", "Secret"} from its standard output (the protocol of
 * docker-credential-helpers). Only `get` is ever run: Layerscope never stores or erases a
 * helper's logins, nor lists them.
 *
 * The program is looked up on the PATH of the environment it is given (absolute entries
 * only), and the helper name must be a plain name ("pass", "ecr-login", "desktop.exe"): a
 * config.json that names "../../bin/sh" runs nothing.
 *
 * Outcomes:
 * - success with credentials(): the helper's login; a user name of "<token>" means the secret
 *   is an identity token (Credentials::identityToken), as docker reads it;
 * - success without credentials(): the helper has no login for the server (it exited non-zero
 *   saying "credentials not found", docker-credential-helpers' ErrCredentialsNotFound);
 * - failure, whose message names the helper program and what went wrong, and at most the first
 *   line of the helper's standard error (never its standard output, which holds secrets):
 *   Category::NotFound (no such program on PATH), Category::Protocol (invalid helper name,
 *   could not start, crashed, output that is not the expected JSON), Category::Keychain (the
 *   helper exited non-zero for another reason: typically its store is locked or refused),
 *   Category::TooLarge (more than MaxOutput bytes), Category::Timeout, Category::Cancelled.
 *
 * The process is driven by QProcess's signals; cancelling or deleting the operation kills it.
 */
class CredentialHelperOperation : public Operation
{
    Q_OBJECT

public:
    /// How long a helper may take before it is killed (it may be waiting for a locked store).
    static constexpr std::chrono::milliseconds DefaultTimeout{10000};
    /// Output larger than this is not a credential answer.
    static constexpr qsizetype MaxOutput = 64 * 1024;
    /// The longest part of a helper's standard error line that goes into a message.
    static constexpr qsizetype MaxErrorLine = 200;

    /**
     * Runs `docker-credential-<helperName> get` for \a serverUrl ("https://index.docker.io/v1/"
     * for Docker Hub, else the registry's host[:port]) in \a environment. The process starts
     * from the event loop, so setTimeout() right after construction applies.
     */
    CredentialHelperOperation(QString helperName, QString serverUrl,
                              QProcessEnvironment environment, QObject *parent = nullptr);
    ~CredentialHelperOperation() override;

    /// True for a helper name that is safe to run: letters, digits, '.', '_' and '-', not
    /// starting with '.' or '-', at most 100 characters.
    static bool isValidHelperName(const QString &helperName);
    /// "docker-credential-<helperName>".
    static QString programName(const QString &helperName);

    const QString &helperName() const { return m_helperName; }
    const QString &serverUrl() const { return m_serverUrl; }
    /// The program's name, for messages ("docker-credential-pass").
    QString program() const { return programName(m_helperName); }

    std::chrono::milliseconds timeout() const { return m_timeout; }
    /// Changes the time limit; while the helper runs, the new limit counts from now.
    void setTimeout(std::chrono::milliseconds timeout);

    /// The helper's login after success; nullopt when it has none for the server.
    const std::optional<Credentials> &credentials() const { return m_credentials; }

protected:
    void abortWork() override;

private:
    void start();
    void onReadyRead();
    void onProcessFinished(int exitCode, bool crashed);
    void onFailedToStart();
    void onTimeout();
    void finishWithError(RegistryError::Category category, const QString &problem);
    void interpretAnswer();
    void stopProcess();
    QString firstErrorLine() const;

    QString m_helperName;
    QString m_serverUrl;
    QProcessEnvironment m_environment;
    std::chrono::milliseconds m_timeout = DefaultTimeout;
    QProcess *m_process = nullptr;
    QTimer *m_timer = nullptr;
    QByteArray m_stdout;
    QByteArray m_stderr;
    std::optional<Credentials> m_credentials;
    bool m_started = false;
};

} // namespace Layerscope
