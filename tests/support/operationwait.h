#pragma once

#include "transport/operation.h"

#include <QSignalSpy>

/// Waits until \a operation has finished (at most \a timeoutMs); true when it did.
inline bool waitForFinished(Layerscope::Operation *operation, int timeoutMs = 60000)
{
    if (operation->isFinished())
        return true;
    QSignalSpy spy(operation, &Layerscope::Operation::finished);
    return spy.wait(timeoutMs) || operation->isFinished();
}
