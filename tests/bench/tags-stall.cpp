// Benchmark, not a test: how long the event loop stalls while a tag pane resolves every tag
// of a large repository (meant for one with 1000 tags or more; tests/bench/tags-stall.sh
// pushes one to the harness's open registry and runs this against it).
//
//   layerscope-bench-tags --registry HOST:PORT --repository REPO [--concurrency N] [--model-only]
//
// --model-only resolves into a TagModel with no proxy and no view: the floor that the
// network, the resolver and the model alone cost, to compare the pane against.
//
// A 5 ms timer ticks for the whole resolution; the gaps between its ticks are what a user
// would feel as lag. Prints one line:
//   tags=<n> resolved_in_ms=<t> max_stall_ms=<x> p99_stall_ms=<y>
// and, on stderr, the same for the main thread's CPU time within each gap (what this process
// spent itself, as opposed to waiting for a busy machine's scheduler).
// Exit status: 0 when every tag was resolved, 1 when some were not, 2 on a usage or list error.

#include "registry/registryclient.h"
#include "tags/tagmodel.h"
#include "tags/tagpane.h"
#include "transport/registryerror.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <numeric>

using namespace Layerscope;

namespace {

/// CPU time of the calling thread, in milliseconds.
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

double maxOf(const QList<double> &values)
{
    return values.isEmpty() ? 0 : *std::max_element(values.cbegin(), values.cend());
}

double p99Of(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(qsizetype(double(values.size() - 1) * 0.99));
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Measures event-loop stalls while the tag pane resolves a repository."));
    parser.addHelpOption();
    const QCommandLineOption registryOption(QStringLiteral("registry"),
                                            QStringLiteral("Registry, e.g. 127.0.0.1:5000."),
                                            QStringLiteral("host:port"));
    const QCommandLineOption repositoryOption(QStringLiteral("repository"),
                                              QStringLiteral("Repository with 1000 tags or more."),
                                              QStringLiteral("name"));
    const QCommandLineOption concurrencyOption(QStringLiteral("concurrency"),
                                               QStringLiteral("Tags resolved at once (8)."),
                                               QStringLiteral("n"), QStringLiteral("8"));
    const QCommandLineOption modelOnlyOption(QStringLiteral("model-only"),
                                             QStringLiteral("Only the model: no proxy, no view."));
    parser.addOptions({registryOption, repositoryOption, concurrencyOption, modelOnlyOption});
    parser.process(app);
    if (!parser.isSet(registryOption) || !parser.isSet(repositoryOption)) {
        std::fprintf(stderr, "layerscope-bench-tags: --registry and --repository are required\n");
        return 2;
    }

    RegistryClient client(parser.value(registryOption));
    const bool modelOnly = parser.isSet(modelOnlyOption);
    TagPane pane;
    TagModel bareModel;
    TagModel *model = modelOnly ? &bareModel : pane.model();
    if (!modelOnly) {
        pane.resize(1100, 700);
        pane.show();
        // Fonts and style load on the first paint; that happens once per application, before
        // any repository, so it is kept out of the measurement.
        pane.grab();
    }
    model->setConcurrency(parser.value(concurrencyOption).toInt());

    // Wall-clock gaps are what a user feels, but on a busy machine they also hold time the
    // scheduler gave to other processes; the main thread's CPU time within each gap is the
    // part this process itself spent without returning to the event loop.
    QList<double> gaps;
    QList<double> busy;
    gaps.reserve(1 << 16);
    busy.reserve(1 << 16);
    QElapsedTimer sinceTick;
    double cpuAtTick = threadCpuMs();
    QTimer watchdog;
    watchdog.setTimerType(Qt::PreciseTimer);
    watchdog.setInterval(5);
    const auto tick = [&] {
        gaps.append(double(sinceTick.nsecsElapsed()) / 1e6);
        const double cpu = threadCpuMs();
        busy.append(cpu - cpuAtTick);
        cpuAtTick = cpu;
        sinceTick.restart();
    };
    QObject::connect(&watchdog, &QTimer::timeout, &app, tick);

    QElapsedTimer total;
    int status = 0;
    QObject::connect(model, &TagModel::listFailed, &app, [&](const RegistryError &error) {
        std::fprintf(stderr, "layerscope-bench-tags: %s\n", qPrintable(error.toString()));
        status = 2;
    });
    QObject::connect(model, &TagModel::resolvingFinished, &app, [&] {
        const double elapsed = double(total.nsecsElapsed()) / 1e6;
        watchdog.stop();
        tick();
        const int tags = model->tagCount();
        std::printf("tags=%d resolved_in_ms=%.0f max_stall_ms=%.1f p99_stall_ms=%.1f\n", tags,
                    elapsed, maxOf(gaps), p99Of(gaps));
        std::fflush(stdout);
        std::fprintf(stderr,
                     "main thread busy within a tick: max_busy_ms=%.1f p99_busy_ms=%.1f "
                     "(cpu_ms=%.0f over %lld ticks)\n",
                     maxOf(busy), p99Of(busy), std::accumulate(busy.cbegin(), busy.cend(), 0.0),
                     static_cast<long long>(busy.size()));
        if (status == 0 && (tags == 0 || model->resolvedCount() != tags))
            status = 1;
        QCoreApplication::exit(status);
    });
    // A repository that never finishes must not hang a script.
    QTimer::singleShot(std::chrono::minutes(10), &app, [] {
        std::fprintf(stderr, "layerscope-bench-tags: gave up after 10 minutes\n");
        QCoreApplication::exit(2);
    });

    QTimer::singleShot(0, &app, [&] {
        total.start();
        sinceTick.start();
        cpuAtTick = threadCpuMs();
        watchdog.start();
        if (modelOnly)
            model->setRepository(&client, parser.value(repositoryOption));
        else
            pane.showRepository(&client, parser.value(repositoryOption));
    });
    return app.exec();
}
