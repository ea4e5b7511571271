// How long the repository list keeps the event loop from running while a large catalog
// arrives, is scrolled and is filtered: the longest gap between the ticks of a 2 ms watchdog
// timer in each phase.
//
//   layerscope-bench-catalog [repositories]   (default 10000; runs offscreen)
//
// Prints one line: repositories=N max_stall_load_ms=… max_stall_scroll_ms=… max_stall_filter_ms=…
// followed by the CPU time this thread used within each of those gaps.

#include "registries/registrystore.h"
#include "repositories/repositorymodel.h"
#include "repositories/repositorypane.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QScrollBar>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <ctime>
#include <functional>
#include <utility>

using namespace Layerscope;

namespace {

constexpr int PageSize = 100;

QStringList catalogNames(int count)
{
    static const char *const teams[]
        = {"platform", "payments", "search", "infra", "data", "mobile", "web", "security"};
    static const char *const kinds[] = {"api", "worker", "gateway", "cron", "ui", "db-migrate"};
    QStringList names;
    names.reserve(count);
    for (int i = 0; i < count; ++i) {
        names.append(QStringLiteral("%1-%2/repo-%3-%4")
                         .arg(QLatin1StringView(teams[i % 8]))
                         .arg(i % 13, 2, 10, QLatin1Char('0'))
                         .arg(i, 5, 10, QLatin1Char('0'))
                         .arg(QLatin1StringView(kinds[(i / 8) % 6])));
    }
    return names;
}

qint64 threadCpuNanoseconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

/// Records the longest gap between ticks of a fast timer, per phase, and how much of that gap
/// this thread spent on the CPU: on a busy machine a long gap with little CPU time is the
/// scheduler's doing, not the list's.
class Watchdog
{
public:
    Watchdog()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(2);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { tick(); });
    }

    void start()
    {
        m_max = 0;
        m_maxCpu = 0;
        m_clock.start();
        m_last = 0;
        m_lastCpu = threadCpuNanoseconds();
        m_timer.start();
    }
    /// Stops; the longest gap since start() and the CPU time within it, in milliseconds.
    std::pair<double, double> stop()
    {
        tick();
        m_timer.stop();
        return {m_max / 1e6, m_maxCpu / 1e6};
    }

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        const qint64 cpu = threadCpuNanoseconds();
        if (now - m_last > m_max) {
            m_max = now - m_last;
            m_maxCpu = cpu - m_lastCpu;
        }
        m_last = now;
        m_lastCpu = cpu;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_lastCpu = 0;
    qint64 m_max = 0;
    qint64 m_maxCpu = 0;
};

/// Runs \a step until it returns false, one call per pass of the event loop after \a delayMs.
void repeat(int delayMs, std::function<bool()> step, std::function<void()> done)
{
    QTimer::singleShot(delayMs,
                       [delayMs, step = std::move(step), done = std::move(done)]() mutable {
                           if (step())
                               repeat(delayMs, std::move(step), std::move(done));
                           else
                               done();
                       });
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int count = argc > 1 ? qMax(1, QString::fromLocal8Bit(argv[1]).toInt()) : 10000;

    QTemporaryDir settingsDir;
    QSettings settings(settingsDir.filePath(QStringLiteral("bench.ini")), QSettings::IniFormat);
    RegistryStore store(&settings);
    RepositoryPane pane(&store);
    pane.resize(380, 720);
    pane.show();
    QAbstractItemView *view = pane.view();
    auto *filter = pane.findChild<QLineEdit *>(QStringLiteral("repositoryFilter"));
    if (!filter)
        return 1;

    const QStringList names = catalogNames(count);
    Watchdog watchdog;
    std::pair<double, double> loadMs;
    std::pair<double, double> scrollMs;
    std::pair<double, double> filterMs;

    const auto report = [&] {
        const auto ms = [](double value) {
            return QString::number(value, 'f', 1);
        };
        QTextStream(stdout) << "repositories=" << pane.model()->rowCount()
                            << " max_stall_load_ms=" << ms(loadMs.first)
                            << " max_stall_scroll_ms=" << ms(scrollMs.first)
                            << " max_stall_filter_ms=" << ms(filterMs.first)
                            << " (cpu within: load " << ms(loadMs.second) << " scroll "
                            << ms(scrollMs.second) << " filter " << ms(filterMs.second) << ")\n";
        QApplication::exit(pane.model()->rowCount() == count ? 0 : 1);
    };

    const auto filterPhase = [&] {
        watchdog.start();
        const QString typed = QStringLiteral("repo-0421");
        int typedCount = 0;
        repeat(
            15,
            [&, typed]() mutable {
                if (typedCount < typed.size()) {
                    filter->insert(typed.at(typedCount++));
                    return true;
                }
                filter->clear();
                return false;
            },
            [&] {
                QTimer::singleShot(30, [&] {
                    filterMs = watchdog.stop();
                    report();
                });
            });
    };

    const auto scrollPhase = [&] {
        watchdog.start();
        QScrollBar *bar = view->verticalScrollBar();
        repeat(
            0,
            [bar] {
                if (bar->value() >= bar->maximum())
                    return false;
                bar->setValue(bar->value() + bar->pageStep());
                return true;
            },
            [&] {
                scrollMs = watchdog.stop();
                filterPhase();
            });
    };

    int fed = 0;
    const auto loadPhase = [&] {
        watchdog.start();
        repeat(
            0,
            [&] {
                const QStringList page = names.mid(fed, PageSize);
                if (fed == 0)
                    pane.model()->setRepositories(page);
                else
                    pane.model()->appendRepositories(page);
                fed += int(page.size());
                return fed < count;
            },
            [&] {
                QTimer::singleShot(30, [&] {
                    loadMs = watchdog.stop();
                    scrollPhase();
                });
            });
    };
    // The window's first paint (fonts, style) is not the list's doing: it happens before.
    QTimer::singleShot(200, loadPhase);
    return app.exec();
}
