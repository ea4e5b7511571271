// Renders the compare window to PNG files for people to look at: two releases of a
// multi-platform service compared (with the first difference selected), one image pushed twice
// with its layers recompressed, a read that failed because B's registry cannot be reached, and
// a read still waiting for its registries.
//
//   layerscope-render-compare <directory> [--dark]

#include "compare/comparewindow.h"
#include "comparesamples.h"
#include "registries/clientpool.h"
#include "rendershot.h"
#include "testpalette.h"
#include "viewtext.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QTcpServer>
#include <QTextStream>

using namespace Layerscope;

namespace { } // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStringList arguments = QApplication::arguments();
    const bool dark = arguments.removeAll(QStringLiteral("--dark")) > 0;
    const bool narrow = arguments.removeAll(QStringLiteral("--narrow")) > 0;
    if (arguments.size() != 2) {
        QTextStream(stderr) << "usage: layerscope-render-compare <directory> [--dark] [--narrow]\n";
        return 2;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (dark)
        QApplication::setPalette(TestPalette::dark());
    QDir directory(arguments.at(1));
    directory.mkpath(QStringLiteral("."));
    const QString suffix = (dark ? QStringLiteral("-dark") : QStringLiteral("-light"))
        + (narrow ? QStringLiteral("-narrow") : QString());
    bool ok = true;
    // The offscreen platform's screen is small: the window is given the size a desktop gives it.
    const QSize size = narrow ? QSize(1000, 760) : QSize(1360, 900);

    ClientPool pool;
    {
        CompareWindow window(&pool);
        window.resize(size);
        window.setSides(CompareSamples::sampleSideA(), CompareSamples::sampleSideB());
        window.show();
        if (auto *next = window.findChild<QAction *>(QStringLiteral("nextDifferenceAction")))
            next->trigger();
        ok = saveShot(window, directory, QStringLiteral("compare-populated") + suffix) && ok;
    }
    {
        CompareWindow window(&pool);
        window.resize(size);
        window.setSides(CompareSamples::identicalSideA(), CompareSamples::identicalSideB());
        window.show();
        ok = saveShot(window, directory, QStringLiteral("compare-identical") + suffix) && ok;
    }
    {
        CompareWindow window(&pool);
        window.resize(size);
        window.show();
        // A's registry accepts the connection and never answers; B's refuses it.
        QTcpServer silent;
        silent.listen(QHostAddress::LocalHost);
        const QString dead = ViewText::closedHostPort();
        QSignalSpy failed(&window, &CompareWindow::comparisonFailed);
        window.compare(*ImageReference::parse(
                           QStringLiteral("127.0.0.1:%1/shop/api:1.4").arg(silent.serverPort())),
                       *ImageReference::parse(dead + QStringLiteral("/shop/api:1.5")));
        if (!failed.wait(30000))
            QTextStream(stderr) << "the compare did not fail\n";
        ok = saveShot(window, directory, QStringLiteral("compare-error") + suffix) && ok;
    }
    {
        CompareWindow window(&pool);
        window.resize(size);
        window.show();
        QTcpServer silent;
        silent.listen(QHostAddress::LocalHost);
        const QString host = QStringLiteral("127.0.0.1:%1").arg(silent.serverPort());
        window.compare(*ImageReference::parse(host + QStringLiteral("/shop/api:1.4")),
                       *ImageReference::parse(host + QStringLiteral("/shop/api:1.5")));
        ok = saveShot(window, directory, QStringLiteral("compare-reading") + suffix) && ok;
    }
    return ok ? 0 : 1;
}
