#include "demoregistry.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTimer>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

Q_LOGGING_CATEGORY(lcDemo, "layerscope.ui.demo", QtWarningMsg)

namespace Layerscope {

namespace {

// Seeding pushes a few hundred small blobs and manifests; the registry answers in well under
// a second once it listens.
constexpr int ProbeIntervalMs = 100;
constexpr int MaxProbes = 150;

quint16 freeLoopbackPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

QByteArray registryConfig(const QString &storage, quint16 port)
{
    // The same shape as the test harness's open registry: no auth, deletes allowed.
    return QStringLiteral("version: 0.1\n"
                          "log:\n  level: warn\n  formatter: text\n"
                          "storage:\n  filesystem:\n    rootdirectory: \"%1\"\n"
                          "  delete:\n    enabled: true\n"
                          "http:\n  addr: 127.0.0.1:%2\n")
        .arg(storage)
        .arg(port)
        .toUtf8();
}

QProcessEnvironment registryEnvironment()
{
    // docker-registry lets REGISTRY_* variables override its configuration file.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QStringList keys = environment.keys();
    for (const QString &key : keys) {
        if (key.startsWith(QLatin1StringView("REGISTRY_")))
            environment.remove(key);
    }
    return environment;
}

void endWithParent(QProcess *process)
{
#ifdef Q_OS_LINUX
    // A demo registry must not outlive a Layerscope that crashed or was killed.
    process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#else
    Q_UNUSED(process);
#endif
}

} // namespace

DemoRegistry::DemoRegistry(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_probeTimer(new QTimer(this))
{
    m_probeTimer->setInterval(ProbeIntervalMs);
    m_probeTimer->setSingleShot(true);
    connect(m_probeTimer, &QTimer::timeout, this, &DemoRegistry::waitForRegistry);
}

DemoRegistry::~DemoRegistry()
{
    stop();
}

QString DemoRegistry::findProgram(const QString &name) const
{
    return QStandardPaths::findExecutable(name, m_searchPaths);
}

QString DemoRegistry::registryExecutable() const
{
    return findProgram(QStringLiteral("docker-registry"));
}

QString DemoRegistry::seederScript()
{
    QStringList candidates;
    const QString fromEnvironment = qEnvironmentVariable("LAYERSCOPE_DEMO_SEEDER");
    if (!fromEnvironment.isEmpty())
        candidates.append(fromEnvironment);
    candidates.append(QCoreApplication::applicationDirPath()
                      + QStringLiteral("/../share/layerscope/demo/pusher.py"));
#ifdef LAYERSCOPE_SOURCE_DIR
    candidates.append(QStringLiteral(LAYERSCOPE_SOURCE_DIR "/tests/harness/pusher.py"));
#endif
    for (const QString &candidate : std::as_const(candidates)) {
        if (QFileInfo(candidate).isFile())
            return QFileInfo(candidate).canonicalFilePath();
    }
    return {};
}

QString DemoRegistry::hostPort() const
{
    return m_port ? QStringLiteral("127.0.0.1:%1").arg(m_port) : QString();
}

void DemoRegistry::start()
{
    if (m_state == State::Starting || m_state == State::Seeding || m_state == State::Ready)
        return;
    m_error.clear();
    const QString program = registryExecutable();
    if (program.isEmpty())
        return fail(tr("The demo needs docker-registry, the registry server Debian packages "
                       "(distribution 2.8). Install it with: sudo apt install docker-registry"));
    if (seederScript().isEmpty())
        return fail(tr("The demo's sample images could not be found: pusher.py is neither "
                       "installed with Layerscope nor in its source tree."));
    if (findProgram(QStringLiteral("python3")).isEmpty())
        return fail(tr("The demo pushes its sample images with Python 3. Install it with: "
                       "sudo apt install python3"));
    if (findProgram(QStringLiteral("zstd")).isEmpty())
        return fail(tr("The demo's sample images include a zstd-compressed layer. Install zstd "
                       "with: sudo apt install zstd"));

    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath()
                                            + QStringLiteral("/layerscope-demo-XXXXXX"));
    if (!m_dir->isValid())
        return fail(
            tr("Could not create a folder for the demo registry: %1").arg(m_dir->errorString()));
    m_port = freeLoopbackPort();
    if (!m_port)
        return fail(tr("No free port on 127.0.0.1 for the demo registry."));

    const QString configPath = m_dir->filePath(QStringLiteral("config.yml"));
    QFile config(configPath);
    if (!config.open(QIODevice::WriteOnly)
        || config.write(registryConfig(m_dir->filePath(QStringLiteral("storage")), m_port)) < 0)
        return fail(tr("Could not write the demo registry's configuration %1: %2")
                        .arg(configPath, config.errorString()));
    config.close();

    m_state = State::Starting;
    Q_EMIT message(tr("Starting the demo registry on 127.0.0.1:%1…").arg(m_port));
    m_registry = new QProcess(this);
    m_registry->setProcessEnvironment(registryEnvironment());
    m_registry->setProcessChannelMode(QProcess::MergedChannels);
    m_registry->setStandardOutputFile(m_dir->filePath(QStringLiteral("registry.log")));
    endWithParent(m_registry);
    connect(m_registry, &QProcess::finished, this, [this](int code) {
        if (m_state == State::Starting || m_state == State::Seeding || m_state == State::Ready)
            fail(tr("docker-registry stopped (exit code %1). %2").arg(code).arg(registryLogTail()));
    });
    connect(m_registry, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(tr("docker-registry could not be started: %1").arg(m_registry->errorString()));
    });
    m_registry->start(program, {QStringLiteral("serve"), configPath});
    m_probes = 0;
    m_probeTimer->start();
}

void DemoRegistry::waitForRegistry()
{
    if (m_state != State::Starting)
        return;
    if (++m_probes > MaxProbes)
        return fail(tr("The demo registry did not answer on 127.0.0.1:%1. %2")
                        .arg(m_port)
                        .arg(registryLogTail()));
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/v2/").arg(m_port)));
    request.setTransferTimeout(2000);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (m_state != State::Starting)
            return;
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
            return seed();
        m_probeTimer->start();
    });
}

void DemoRegistry::seed()
{
    m_state = State::Seeding;
    Q_EMIT message(tr("Pushing the sample images to the demo registry…"));
    m_seeder = new QProcess(this);
    m_seeder->setProcessChannelMode(QProcess::MergedChannels);
    endWithParent(m_seeder);
    connect(m_seeder, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        const QString output = QString::fromUtf8(m_seeder->readAll()).trimmed();
        m_seeder->deleteLater();
        if (m_state != State::Seeding)
            return;
        if (status != QProcess::NormalExit || code != 0) {
            const QString last = output.section(QLatin1Char('\n'), -3);
            return fail(
                tr("Pushing the sample images failed (exit code %1): %2").arg(code).arg(last));
        }
        qCDebug(lcDemo) << "seeded:" << output;
        m_state = State::Ready;
        Q_EMIT message(tr("Demo registry ready on %1").arg(hostPort()));
        Q_EMIT ready(hostPort());
    });
    m_seeder->start(findProgram(QStringLiteral("python3")),
                    {seederScript(), QStringLiteral("seed"), QStringLiteral("--url"),
                     QStringLiteral("http://") + hostPort(), QStringLiteral("--plan"),
                     QStringLiteral("open"), QStringLiteral("--out"),
                     m_dir->filePath(QStringLiteral("samples.json"))});
}

void DemoRegistry::fail(const QString &error)
{
    qCWarning(lcDemo).noquote() << error;
    m_error = error;
    const bool wasRunning = m_state != State::Failed;
    stop();
    m_state = State::Failed;
    if (wasRunning)
        Q_EMIT failed(error);
}

void DemoRegistry::stop()
{
    m_probeTimer->stop();
    for (QProcess *process : {m_seeder.data(), m_registry.data()}) {
        if (!process)
            continue;
        process->disconnect(this);
        if (process->state() != QProcess::NotRunning) {
            process->terminate();
            if (!process->waitForFinished(3000)) {
                process->kill();
                process->waitForFinished(1000);
            }
        }
        // stop() may run inside one of the process's own signals.
        process->deleteLater();
    }
    if (m_state != State::Failed)
        m_state = State::Idle;
}

QString DemoRegistry::registryLogTail() const
{
    if (!m_dir)
        return {};
    QFile log(m_dir->filePath(QStringLiteral("registry.log")));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(log.readAll()).trimmed();
    return text.section(QLatin1Char('\n'), -3);
}

} // namespace Layerscope
