// Renders Layerscope's explorer to PNG files so it can be looked at without a display:
//   QT_QPA_PLATFORM=offscreen layerscope-screenshots <directory> [--dark] [--registry HOST:PORT]
// Without --registry it starts the demo registry (docker-registry seeded with the sample
// images) and shows those; with it, a registry seeded the same way (the test harness's "open"
// registry).

#include "demoregistry.h"
#include "image/imagepane.h"
#include "mainwindow.h"
#include "tags/tagmodel.h"
#include "tags/tagpane.h"
#include "testpalette.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QPalette>
#include <QSettings>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTreeView>

#include <functional>

using namespace Layerscope;

namespace {

/// Runs the event loop until \a done or \a seconds pass.
bool waitFor(const std::function<bool()> &done, int seconds)
{
    QDeadlineTimer deadline(seconds * 1000);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}

bool save(QWidget &widget, const QDir &directory, const QString &name)
{
    QApplication::processEvents();
    const QString file = directory.filePath(name + QStringLiteral(".png"));
    if (!widget.grab().save(file)) {
        QTextStream(stderr) << "cannot write " << file << '\n';
        return false;
    }
    QTextStream(stdout) << file << '\n';
    return true;
}

/// Opens \a reference and waits until the image and the tag list are there.
bool show(MainWindow &window, const QString &reference)
{
    const auto parsed = ImageReference::parse(reference);
    if (!parsed) {
        QTextStream(stderr) << "not a reference: " << reference << '\n';
        return false;
    }
    window.openReference(*parsed);
    const bool ready = waitFor(
        [&window] {
            return !window.imagePane()->isLoading() && !window.tagPane()->model()->isResolving();
        },
        120);
    // Let views lay out and delegates paint what arrived last.
    waitFor([] { return false; }, 1);
    if (!ready)
        QTextStream(stderr) << "timed out waiting for " << reference << '\n';
    return ready;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStringList arguments = QApplication::arguments();
    const bool dark = arguments.removeAll(QStringLiteral("--dark")) > 0;
    QString registry;
    if (const qsizetype at = arguments.indexOf(QStringLiteral("--registry"));
        at > 0 && at + 1 < arguments.size()) {
        registry = arguments.at(at + 1);
        arguments.remove(at, 2);
    }
    if (arguments.size() != 2) {
        QTextStream(stderr)
            << "usage: layerscope-screenshots <directory> [--dark] [--registry HOST:PORT]\n";
        return 2;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (dark)
        QApplication::setPalette(TestPalette::dark());

    QDir directory(arguments.at(1));
    if (!directory.mkpath(QStringLiteral("."))) {
        QTextStream(stderr) << "cannot create " << directory.path() << '\n';
        return 1;
    }
    const QString suffix = dark ? QStringLiteral("-dark") : QString();

    std::unique_ptr<DemoRegistry> demo;
    if (registry.isEmpty()) {
        demo = std::make_unique<DemoRegistry>();
        demo->start();
        if (!waitFor(
                [&demo] {
                    return demo->state() == DemoRegistry::State::Ready
                        || demo->state() == DemoRegistry::State::Failed;
                },
                240)
            || demo->state() != DemoRegistry::State::Ready) {
            QTextStream(stderr) << "the demo registry did not start: " << demo->errorString()
                                << '\n';
            return 1;
        }
        registry = demo->hostPort();
    }

    // The user's own settings stay untouched.
    QTemporaryDir settingsDir;
    QSettings settings(settingsDir.filePath(QStringLiteral("layerscope.ini")),
                       QSettings::IniFormat);
    MainWindow window(nullptr, &settings);
    window.resize(1500, 900);
    window.show();

    bool ok = true;
    const auto shot
        = [&](const QString &reference, ImagePane::Section section, const QString &name) {
              ok = show(window, registry + QLatin1Char('/') + reference) && ok;
              window.imagePane()->setCurrentSection(section);
              if (section == ImagePane::Section::Tree) {
                  if (auto *tree
                      = window.imagePane()->findChild<QTreeView *>(QStringLiteral("manifestTree")))
                      tree->expandToDepth(1);
              }
              ok = save(window, directory, name + suffix) && ok;
          };
    shot(QStringLiteral("fixtures/multiarch:3.0"), ImagePane::Section::Summary,
         QStringLiteral("explorer-multiplatform"));
    shot(QStringLiteral("fixtures/multiarch:3.0"), ImagePane::Section::Platforms,
         QStringLiteral("explorer-platforms"));
    shot(QStringLiteral("fixtures/multiarch:3.0"), ImagePane::Section::Tree,
         QStringLiteral("explorer-tree"));
    shot(QStringLiteral("fixtures/fifty-layers:latest"), ImagePane::Section::Layers,
         QStringLiteral("explorer-fifty-layers"));
    shot(QStringLiteral("fixtures/docker-app:1.0"), ImagePane::Section::Layers,
         QStringLiteral("explorer-layers"));
    shot(QStringLiteral("fixtures/docker-app:1.0"), ImagePane::Section::Config,
         QStringLiteral("explorer-config"));
    shot(QStringLiteral("fixtures/docker-app:1.0"), ImagePane::Section::Raw,
         QStringLiteral("explorer-raw"));
    shot(QStringLiteral("fixtures/many-tags:1.0.3"), ImagePane::Section::Summary,
         QStringLiteral("explorer-many-tags"));
    // An error where it happened: a tag that does not exist.
    shot(QStringLiteral("fixtures/docker-app:no-such-tag"), ImagePane::Section::Summary,
         QStringLiteral("explorer-error"));
    return ok ? 0 : 1;
}
