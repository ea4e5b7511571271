#pragma once

#include "mainwindow.h"
#include "place.h"

#include <QSettings>
#include <QTest>

#include <memory>

/**
 * An explorer window for a test, with \a settings (a file in the test's temporary folder, so
 * the user's settings stay untouched), shown and active at \a place. The place is opened
 * before the window takes focus: a focused registry list with no current row would otherwise
 * pick Docker Hub, which is unreachable here.
 */
inline std::unique_ptr<Layerscope::MainWindow> openExplorer(QSettings *settings,
                                                            const Layerscope::Place &place)
{
    auto window = std::make_unique<Layerscope::MainWindow>(nullptr, settings);
    window->openPlace(place);
    window->resize(1400, 860);
    window->show();
    window->activateWindow();
    if (!QTest::qWaitForWindowActive(window.get()))
        qWarning("the window did not become active");
    return window;
}
