#include "services/credentialhelper.h"

#include "values/messagetext_p.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

#include <utility>

namespace Layerscope {

Q_DECLARE_LOGGING_CATEGORY(lcExternalCredentials)

namespace {

/// What helpers built on docker-credential-helpers print (ErrCredentialsNotFound:
/// "credentials not found in native keychain"); other helpers word it alike.
constexpr QLatin1StringView NotFoundMessage{"credentials not found"};
/// The user name with which a helper says that its secret is an identity token (docker's
/// cli/config/credentials, native_store.go).
constexpr QLatin1StringView TokenUsername{"<token>"};
constexpr qsizetype MaxHelperNameLength = 100;

QString describeDuration(std::chrono::milliseconds duration)
{
    if (duration.count() % 1000 == 0)
        return QStringLiteral("%1 s").arg(duration.count() / 1000);
    return QStringLiteral("%1 ms").arg(duration.count());
}

} // namespace

CredentialHelperOperation::CredentialHelperOperation(QString helperName, QString serverUrl,
                                                     QProcessEnvironment environment,
                                                     QObject *parent)
    : Operation(parent)
    , m_helperName(std::move(helperName))
    , m_serverUrl(std::move(serverUrl))
    , m_environment(std::move(environment))
{
    QMetaObject::invokeMethod(
        this, [this] { start(); }, Qt::QueuedConnection);
}

CredentialHelperOperation::~CredentialHelperOperation()
{
    stopProcess();
}

bool CredentialHelperOperation::isValidHelperName(const QString &helperName)
{
    if (helperName.isEmpty() || helperName.size() > MaxHelperNameLength)
        return false;
    // A plain name only: no path separators, no "..", nothing a shell or a file system would
    // read as anything but part of one file name. A leading '-' or '.' is refused too.
    for (qsizetype i = 0; i < helperName.size(); ++i) {
        const char16_t c = helperName.at(i).unicode();
        const bool alphanumeric
            = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
        const bool punctuation = c == u'.' || c == u'_' || c == u'-';
        if (!alphanumeric && !(punctuation && i > 0))
            return false;
    }
    return !helperName.contains(QLatin1StringView(".."));
}

QString CredentialHelperOperation::programName(const QString &helperName)
{
    return QStringLiteral("docker-credential-") + helperName;
}

void CredentialHelperOperation::setTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = timeout;
    if (m_timer && m_timer->isActive())
        m_timer->start(m_timeout);
}

void CredentialHelperOperation::abortWork()
{
    m_started = true;
    stopProcess();
}

void CredentialHelperOperation::start()
{
    if (m_started)
        return;
    m_started = true;

    if (!isValidHelperName(m_helperName)) {
        finishWithError(RegistryError::Category::Protocol,
                        QStringLiteral("refused to run the credential helper %1: a helper is named "
                                       "by a plain word such as \"pass\", without path characters")
                            .arg(MessageText::quoted(m_helperName, 60)));
        return;
    }

    // Only absolute PATH entries: an empty or relative one would run a program from whatever
    // the current directory happens to be.
    QStringList directories;
    const QStringList entries = m_environment.value(QStringLiteral("PATH"))
                                    .split(QDir::listSeparator(), Qt::SkipEmptyParts);
    for (const QString &entry : entries) {
        if (QDir::isAbsolutePath(entry))
            directories.append(entry);
    }
    if (directories.isEmpty()) {
        finishWithError(
            RegistryError::Category::NotFound,
            QStringLiteral("%1 not found: the environment has no PATH to search").arg(program()));
        return;
    }
    const QString executable = QStandardPaths::findExecutable(program(), directories);
    if (executable.isEmpty()) {
        finishWithError(
            RegistryError::Category::NotFound,
            QStringLiteral("%1 not found on PATH: install it, or remove it from the configuration")
                .arg(program()));
        return;
    }

    qCDebug(lcExternalCredentials) << "asking" << executable << "for" << m_serverUrl;
    m_process = new QProcess(this);
    m_process->setProcessEnvironment(m_environment);
    m_process->setProgram(executable);
    m_process->setArguments({QStringLiteral("get")});
    connect(m_process, &QProcess::readyReadStandardOutput, this,
            &CredentialHelperOperation::onReadyRead);
    connect(m_process, &QProcess::readyReadStandardError, this,
            &CredentialHelperOperation::onReadyRead);
    connect(m_process, &QProcess::finished, this,
            [this](int exitCode, QProcess::ExitStatus status) {
                onProcessFinished(exitCode, status == QProcess::CrashExit);
            });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        // Crashes and write errors (a helper that exits without reading its input) are
        // followed by finished(); only a failed start is not.
        if (error == QProcess::FailedToStart)
            onFailedToStart();
    });

    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &CredentialHelperOperation::onTimeout);
    m_timer->start(m_timeout);

    m_process->start(QIODevice::ReadWrite);
    // The helper reads the server URL up to end of input; QProcess sends the buffered line
    // once the process runs.
    m_process->write(m_serverUrl.toUtf8() + '\n');
    m_process->closeWriteChannel();
}

void CredentialHelperOperation::onReadyRead()
{
    if (!m_process)
        return;
    m_stdout += m_process->readAllStandardOutput();
    m_stderr += m_process->readAllStandardError();
    if (m_stdout.size() > MaxOutput || m_stderr.size() > MaxOutput) {
        finishWithError(RegistryError::Category::TooLarge,
                        QStringLiteral("%1 wrote more than %2 KiB, which is not an answer to get")
                            .arg(program())
                            .arg(MaxOutput / 1024));
    }
}

void CredentialHelperOperation::onProcessFinished(int exitCode, bool crashed)
{
    onReadyRead();
    if (!m_process)
        return;
    const QString errorLine = firstErrorLine();
    const QString detail = errorLine.isEmpty() ? QString() : QStringLiteral(": ") + errorLine;
    if (crashed) {
        finishWithError(RegistryError::Category::Protocol,
                        QStringLiteral("%1 crashed%2").arg(program(), detail));
        return;
    }
    if (exitCode != 0) {
        // The protocol's "not found" answer arrives on standard output with exit code 1; it is
        // matched there and on standard error without the text ever entering a message.
        const QString output = QString::fromUtf8(m_stdout + '\n' + m_stderr);
        if (output.contains(NotFoundMessage, Qt::CaseInsensitive)) {
            qCDebug(lcExternalCredentials) << program() << "has no login for" << m_serverUrl;
            stopProcess();
            succeed();
            return;
        }
        finishWithError(RegistryError::Category::Keychain,
                        QStringLiteral("%1 get exited with code %2%3")
                            .arg(program())
                            .arg(exitCode)
                            .arg(detail));
        return;
    }
    interpretAnswer();
}

void CredentialHelperOperation::interpretAnswer()
{
    const auto protocolError = [this](const QString &problem) {
        finishWithError(RegistryError::Category::Protocol,
                        QStringLiteral("%1 get answered with %2, not the expected JSON object "
                                       "{\"ServerURL\", \"Username\", \"Secret\"}")
                            .arg(program(), problem));
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(m_stdout, &parseError);
    if (m_stdout.trimmed().isEmpty())
        return protocolError(QStringLiteral("no output"));
    if (parseError.error != QJsonParseError::NoError)
        return protocolError(QStringLiteral("output that is not JSON"));
    if (!document.isObject())
        return protocolError(QStringLiteral("JSON that is not an object"));
    const QJsonObject answer = document.object();
    const QJsonValue username = answer.value(QLatin1StringView("Username"));
    const QJsonValue secret = answer.value(QLatin1StringView("Secret"));
    if (!secret.isString())
        return protocolError(QStringLiteral("no \"Secret\" string"));
    if (!username.isString() && !username.isUndefined() && !username.isNull())
        return protocolError(QStringLiteral("a \"Username\" that is not a string"));

    Credentials credentials;
    if (username.toString() == TokenUsername)
        credentials.identityToken = secret.toString();
    else {
        credentials.username = username.toString();
        credentials.password = secret.toString();
    }
    if (!credentials.password.isEmpty() || !credentials.identityToken.isEmpty())
        m_credentials = credentials;
    stopProcess();
    succeed();
}

void CredentialHelperOperation::onFailedToStart()
{
    if (!m_process)
        return;
    finishWithError(
        RegistryError::Category::Protocol,
        QStringLiteral("%1 could not be started: %2").arg(program(), m_process->errorString()));
}

void CredentialHelperOperation::onTimeout()
{
    finishWithError(RegistryError::Category::Timeout,
                    QStringLiteral("%1 get did not answer within %2 (is it waiting for a locked "
                                   "store or a passphrase prompt?)")
                        .arg(program(), describeDuration(m_timeout)));
}

void CredentialHelperOperation::finishWithError(RegistryError::Category category,
                                                const QString &problem)
{
    qCDebug(lcExternalCredentials) << problem;
    stopProcess();
    fail(RegistryError(category, problem));
}

void CredentialHelperOperation::stopProcess()
{
    if (m_timer)
        m_timer->stop();
    if (!m_process)
        return;
    QProcess *process = std::exchange(m_process, nullptr);
    process->disconnect(this);
    if (process->state() == QProcess::NotRunning) {
        process->deleteLater();
        return;
    }
    // Waiting for the killed process here would block; it is reaped from the event loop and
    // deletes itself then, even when this operation is gone.
    process->setParent(nullptr);
    connect(process, &QProcess::finished, process, &QObject::deleteLater);
    process->kill();
}

QString CredentialHelperOperation::firstErrorLine() const
{
    const QList<QByteArray> lines = m_stderr.split('\n');
    for (const QByteArray &line : lines) {
        const QByteArray trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            return MessageText::quoted(trimmed, MaxErrorLine);
    }
    return {};
}

} // namespace Layerscope
