// Two images of 200 layers a side compared: the alignment (core's diffImages()) beside GNU
// diff aligning the same two diff_id lists (the peer: the same longest-common-subsequence
// question, asked of a tool built for it), and the compare window showing the result and
// stepping through every difference while a 2 ms watchdog timer records the longest the
// event loop stalled.
//   QT_QPA_PLATFORM=offscreen layerscope-bench-compare [layers per side, default 200]
// A measurement, not a test: CI does not run it.

#include "compare/comparelayersmodel.h"
#include "compare/comparewindow.h"
#include "comparesamples.h"
#include "services/imagecomparison.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QTreeView>

#include <algorithm>

using namespace Layerscope;

namespace {

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

/// Side A: layers 0…n-1. Side B: the same base, every tenth layer of the middle recompressed,
/// a run of A's layers removed, new ones added, two layers moved, and new layers on top.
QPair<QList<CompareSamples::Step>, QList<CompareSamples::Step>> steps(int n)
{
    using CompareSamples::Step;
    QList<Step> a;
    for (int i = 0; i < n; ++i)
        a.append(Step{QStringLiteral("layer %1").arg(i), 0, 1000 + i,
                      QStringLiteral("RUN build step %1").arg(i)});
    QList<Step> b;
    for (int i = 0; i < n; ++i) {
        Step step = a.at(i);
        if (i >= n / 2 && i < n / 2 + n / 10)
            continue; // removed
        if (i == n / 4 || i == n / 3)
            continue; // moved to the top
        if (i > n / 5 && i % 10 == 0)
            step.compression = 1; // recompressed
        b.append(step);
        if (i == 3 * n / 4) {
            for (int j = 0; j < n / 10; ++j)
                b.append(Step{QStringLiteral("new layer %1").arg(j), 0, 500 + j,
                              QStringLiteral("RUN new step %1").arg(j)});
        }
    }
    b.append(a.at(n / 4));
    b.append(a.at(n / 3));
    while (b.size() < n)
        b.append(Step{QStringLiteral("top %1").arg(b.size()), 0, 700,
                      QStringLiteral("RUN top step %1").arg(b.size())});
    return {a, b};
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int n = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 200;
    QTextStream out(stdout);
    const auto [stepsA, stepsB] = steps(n);
    const Platform linux = CompareSamples::platform(QStringLiteral("linux/amd64"));
    const QDateTime created(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC);
    const ResolvedImage a = CompareSamples::image(linux, stepsA, {}, created);
    const ResolvedImage b = CompareSamples::image(linux, stepsB, {}, created.addDays(1));

    // 1. The alignment, in process.
    QList<double> align;
    ImageDiff diff;
    for (int run = 0; run < 50; ++run) {
        QElapsedTimer timer;
        timer.start();
        diff = diffImages(a, b);
        align.append(timer.nsecsElapsed() / 1e6);
    }

    // 2. GNU diff on the two diff_id lists, and on two one-line files (its start-up alone).
    QTemporaryDir dir;
    const auto write = [&dir](const QString &name, const ImageConfig &config) {
        QFile file(dir.filePath(name));
        file.open(QIODevice::WriteOnly);
        for (const Digest &diffId : config.diffIds())
            file.write(diffId.toString().toLatin1() + '\n');
        return file.fileName();
    };
    const QString fileA = write(QStringLiteral("a"), *a.config);
    const QString fileB = write(QStringLiteral("b"), *b.config);
    QFile::copy(fileA, dir.filePath(QStringLiteral("one")));
    const auto timeDiff = [](const QStringList &arguments) {
        QList<double> times;
        for (int run = 0; run < 20; ++run) {
            QElapsedTimer timer;
            timer.start();
            QProcess process;
            process.start(QStringLiteral("diff"), arguments);
            process.waitForFinished(30000);
            times.append(timer.nsecsElapsed() / 1e6);
        }
        return median(times);
    };
    const double diffTime = timeDiff({fileA, fileB});
    const double diffIdle = timeDiff({fileA, dir.filePath(QStringLiteral("one"))});

    // 3. The window: the comparison shown and painted, then every difference visited.
    CompareWindow window(nullptr);
    window.resize(1400, 900);
    window.show();
    QList<double> shown;
    for (int run = 0; run < 10; ++run) {
        QElapsedTimer timer;
        timer.start();
        window.setSides(CompareSamples::side(QStringLiteral("example.com/app:1"), {a}),
                        CompareSamples::side(QStringLiteral("example.com/app:2"), {b}));
        window.repaint();
        shown.append(timer.nsecsElapsed() / 1e6);
    }
    qint64 longestGap = 0;
    QElapsedTimer sinceTick;
    sinceTick.start();
    QTimer watchdog;
    watchdog.setInterval(2);
    QObject::connect(&watchdog, &QTimer::timeout,
                     [&] { longestGap = std::max(longestGap, sinceTick.restart()); });
    watchdog.start();
    auto *next = window.findChild<QAction *>(QStringLiteral("nextDifferenceAction"));
    auto *view = window.findChild<QTreeView *>(QStringLiteral("compareLayersView"));
    const int differences = diff.summary.recompressed + diff.summary.onlyA + diff.summary.onlyB;
    QElapsedTimer stepping;
    stepping.start();
    for (int i = 0; i < differences; ++i) {
        next->trigger();
        view->repaint();
        QCoreApplication::processEvents();
    }
    const double steppingMs = stepping.nsecsElapsed() / 1e6;

    out << "layers: A " << stepsA.size() << ", B " << stepsB.size() << "; rows "
        << diff.layers.size() << " (same " << diff.summary.shared << ", recompressed "
        << diff.summary.recompressed << ", only A " << diff.summary.onlyA << ", only B "
        << diff.summary.onlyB << ")\n";
    out << QStringLiteral("%1 %2\n").arg(QStringLiteral("what"), -58).arg(QStringLiteral("median"));
    out << QStringLiteral("%1 %2 ms\n")
               .arg(QStringLiteral("Layerscope diffImages() (in process, 50 runs)"), -58)
               .arg(median(align), 8, 'f', 3);
    out << QStringLiteral("%1 %2 ms\n")
               .arg(QStringLiteral("GNU diff on the diff_id lists (process, 20 runs)"), -58)
               .arg(diffTime, 8, 'f', 3);
    out << QStringLiteral("%1 %2 ms\n")
               .arg(QStringLiteral("GNU diff on two one-line files (its start-up)"), -58)
               .arg(diffIdle, 8, 'f', 3);
    out << QStringLiteral("%1 %2 ms\n")
               .arg(QStringLiteral("compare window: setSides() and paint (10 runs)"), -58)
               .arg(median(shown), 8, 'f', 3);
    out << QStringLiteral("%1 %2 ms (%3 differences, %4 ms each)\n")
               .arg(QStringLiteral("compare window: next difference, each painted"), -58)
               .arg(steppingMs, 8, 'f', 1)
               .arg(differences)
               .arg(differences ? steppingMs / differences : 0, 0, 'f', 2);
    out << QStringLiteral("%1 %2 ms\n")
               .arg(QStringLiteral("longest event-loop stall while stepping"), -58)
               .arg(longestGap, 8);
    return 0;
}
