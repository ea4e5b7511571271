#include "services/externalcredentials.h"

#include "services/credentialhelper.h"
#include "values/messagetext_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

namespace Layerscope {

Q_LOGGING_CATEGORY(lcExternalCredentials, "layerscope.core.credentials.external", QtWarningMsg)

namespace {

QString joinPath(const QString &directory, QLatin1StringView relative)
{
    return QDir::cleanPath(directory + u'/' + relative);
}

/// The server URL containers/image gives an auth.json's credential helper: the registry's
/// host, and "docker.io" for Docker Hub (docker itself uses its v1 URL there).
QString containersServerUrl(const QString &registry)
{
    const QString key = dockerAuthKey(registry);
    return key.startsWith(QLatin1StringView("https://")) ? QStringLiteral("docker.io") : key;
}

} // namespace

QString CredentialEnvironment::dockerConfigFile() const
{
    if (dockerConfigDir.isEmpty())
        return {};
    return joinPath(dockerConfigDir, QLatin1StringView("config.json"));
}

CredentialEnvironment CredentialEnvironment::fromSystem()
{
    return fromEnvironment(QProcessEnvironment::systemEnvironment());
}

CredentialEnvironment CredentialEnvironment::fromEnvironment(const QProcessEnvironment &environment)
{
    CredentialEnvironment result;
    result.processEnvironment = environment;
    const QString home = environment.value(QStringLiteral("HOME"));

    const QString dockerConfig = environment.value(QStringLiteral("DOCKER_CONFIG"));
    if (!dockerConfig.isEmpty())
        result.dockerConfigDir = QDir::cleanPath(dockerConfig);
    else if (!home.isEmpty())
        result.dockerConfigDir = joinPath(home, QLatin1StringView(".docker"));

    const QString authFile = environment.value(QStringLiteral("REGISTRY_AUTH_FILE"));
    if (!authFile.isEmpty())
        result.authFiles.append(QDir::cleanPath(authFile));
    const QString runtimeDir = environment.value(QStringLiteral("XDG_RUNTIME_DIR"));
    if (!runtimeDir.isEmpty())
        result.authFiles.append(joinPath(runtimeDir, QLatin1StringView("containers/auth.json")));
    QString configHome = environment.value(QStringLiteral("XDG_CONFIG_HOME"));
    if (configHome.isEmpty() && !home.isEmpty())
        configHome = joinPath(home, QLatin1StringView(".config"));
    if (!configHome.isEmpty())
        result.authFiles.append(joinPath(configHome, QLatin1StringView("containers/auth.json")));
    return result;
}

ExternalCredentialLookup::ExternalCredentialLookup(QString registry,
                                                   CredentialEnvironment environment,
                                                   QObject *parent)
    : Operation(parent)
    , m_registry(std::move(registry))
    , m_environment(std::move(environment))
    , m_helperTimeout(CredentialHelperOperation::DefaultTimeout)
{
    QMetaObject::invokeMethod(
        this, [this] { start(); }, Qt::QueuedConnection);
}

ExternalCredentialLookup::~ExternalCredentialLookup() = default;

void ExternalCredentialLookup::abortWork()
{
    m_stopped = true;
    // Deleting the helper's operation kills its process and emits nothing.
    delete m_helper.data();
}

void ExternalCredentialLookup::start()
{
    if (m_stopped)
        return;
    // No registry, no login: a credsStore helper must not be asked for an empty server URL.
    if (dockerAuthKey(m_registry).isEmpty()) {
        succeed();
        return;
    }
    const QString path = m_environment.dockerConfigFile();
    if (!path.isEmpty()) {
        m_dockerConfig = load(path, DockerAuthFile::Format::DockerConfig);
        if (m_dockerConfig) {
            const QString helper = m_dockerConfig->helperFor(m_registry);
            if (!helper.isEmpty()) {
                askHelper(helper, dockerAuthKey(m_registry), path, [this] { useDockerAuths(); });
                return;
            }
        }
    }
    useDockerAuths();
}

void ExternalCredentialLookup::useDockerAuths()
{
    if (m_dockerConfig) {
        if (const std::optional<Credentials> credentials
            = m_dockerConfig->credentialsFor(m_registry)) {
            finishWith(*credentials, CredentialSource::DockerConfig, m_dockerConfig->path());
            return;
        }
    }
    nextAuthFile();
}

void ExternalCredentialLookup::nextAuthFile()
{
    while (m_nextAuthFile < m_environment.authFiles.size()) {
        const QString path = m_environment.authFiles.at(m_nextAuthFile++);
        const std::optional<DockerAuthFile> file
            = load(path, DockerAuthFile::Format::ContainersAuth);
        if (!file)
            continue;
        for (const QString &key : file->scopedKeysFor(m_registry)) {
            m_notes.append(QStringLiteral("%1: the login for %2 is for that namespace only; a "
                                          "registry-wide lookup does not use it")
                               .arg(path, MessageText::quoted(key, 120)));
        }
        const QString helper = file->helperFor(m_registry);
        if (!helper.isEmpty()) {
            askHelper(helper, containersServerUrl(m_registry), path, [this] { nextAuthFile(); });
            return;
        }
        if (const std::optional<Credentials> credentials = file->credentialsFor(m_registry)) {
            finishWith(*credentials, CredentialSource::ContainersAuth, path);
            return;
        }
    }
    qCDebug(lcExternalCredentials)
        << "no login for" << m_registry << "in docker's or podman's files";
    succeed();
}

std::optional<DockerAuthFile> ExternalCredentialLookup::load(const QString &path,
                                                             DockerAuthFile::Format format)
{
    // The same file named twice (REGISTRY_AUTH_FILE pointing at the default) is read once.
    const QString canonical = QFileInfo(path).absoluteFilePath();
    if (m_filesRead.contains(canonical))
        return std::nullopt;
    m_filesRead.insert(canonical);

    const QFileInfo info(path);
    if (!info.exists()) {
        qCDebug(lcExternalCredentials) << "no" << path;
        return std::nullopt;
    }
    // Only regular files are opened: reading a FIFO or a device would block or never end.
    if (info.isDir()) {
        m_problems.append(
            QStringLiteral("cannot read %1: it is a directory, not a file").arg(path));
        return std::nullopt;
    }
    if (!info.isFile()) {
        m_problems.append(QStringLiteral("cannot read %1: it is not a regular file").arg(path));
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_problems.append(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return std::nullopt;
    }
    // One byte over the limit is enough for the parser to refuse the file as too large.
    const QByteArray bytes = file.read(DockerAuthFile::MaxSize + 1);
    if (file.error() != QFileDevice::NoError) {
        m_problems.append(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return std::nullopt;
    }
    Result<DockerAuthFile> parsed = DockerAuthFile::parse(bytes, path, format);
    if (!parsed) {
        m_problems.append(parsed.error().message());
        return std::nullopt;
    }
    qCDebug(lcExternalCredentials) << "read" << path;
    return std::move(parsed).value();
}

void ExternalCredentialLookup::askHelper(const QString &helper, const QString &serverUrl,
                                         const QString &configFile, std::function<void()> next)
{
    auto *operation
        = new CredentialHelperOperation(helper, serverUrl, m_environment.processEnvironment, this);
    operation->setTimeout(m_helperTimeout);
    m_helper = operation;
    connect(operation, &Operation::finished, this, [this, operation, configFile, next] {
        m_helper = nullptr;
        operation->deleteLater();
        if (operation->succeeded() && operation->credentials()) {
            finishWith(*operation->credentials(), CredentialSource::CredentialHelper,
                       operation->program());
            return;
        }
        if (!operation->succeeded()) {
            m_problems.append(QStringLiteral("%1 (credential helper named in %2)")
                                  .arg(operation->error().message(), configFile));
        }
        next();
    });
}

void ExternalCredentialLookup::finishWith(const Credentials &credentials, CredentialSource source,
                                          const QString &origin)
{
    qCDebug(lcExternalCredentials) << "login for" << m_registry << "found in" << origin;
    m_found = FoundCredentials{credentials, source, origin};
    succeed();
}

} // namespace Layerscope
