#pragma once

#include <QObject>
#include <QPointer>
#include <QTemporaryDir>

#include <memory>

class QNetworkAccessManager;
class QProcess;
class QTimer;

namespace Layerscope {

/**
 * The demo: a private docker-registry (Debian's `docker-registry`, distribution 2.8) on a free
 * loopback port with its storage in a temporary folder, seeded with sample images
 * (multi-platform, many tags, many layers) by the same independent pusher the test harness
 * uses. It lives as long as this object: deleting it stops the registry and removes the folder,
 * and the registry also ends if Layerscope itself dies.
 */
class DemoRegistry : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Starting, Seeding, Ready, Failed };
    Q_ENUM(State)

    explicit DemoRegistry(QObject *parent = nullptr);
    ~DemoRegistry() override;

    /// Starts the registry and seeds it; ready() or failed() follows.
    void start();
    /// Stops the registry (also while starting).
    void stop();

    State state() const { return m_state; }
    /// "127.0.0.1:PORT" once the registry answers.
    QString hostPort() const;
    /// Why the demo could not start, with what to install or try.
    const QString &errorString() const { return m_error; }

    /// Where to look for docker-registry, python3 and zstd; empty (the default): $PATH.
    void setSearchPaths(const QStringList &paths) { m_searchPaths = paths; }

    /// The docker-registry program, or an empty string when it is not installed.
    QString registryExecutable() const;
    /// The pusher that seeds the samples: $LAYERSCOPE_DEMO_SEEDER, the installed copy, or the
    /// source tree's; an empty string when none exists.
    static QString seederScript();

Q_SIGNALS:
    /// Progress for people ("Pushing sample images…").
    void message(const QString &text);
    void ready(const QString &hostPort);
    void failed(const QString &error);

private:
    void waitForRegistry();
    void seed();
    void fail(const QString &error);
    QString registryLogTail() const;
    QString findProgram(const QString &name) const;

    QStringList m_searchPaths;
    State m_state = State::Idle;
    QString m_error;
    std::unique_ptr<QTemporaryDir> m_dir;
    quint16 m_port = 0;
    QPointer<QProcess> m_registry;
    QPointer<QProcess> m_seeder;
    QNetworkAccessManager *m_network;
    QTimer *m_probeTimer;
    int m_probes = 0;
};

} // namespace Layerscope
