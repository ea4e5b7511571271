#include "transport/operation.h"

#include <QMetaObject>

namespace Layerscope {

Operation::Operation(QObject *parent)
    : QObject(parent)
{ }

Operation::~Operation() = default;

void Operation::cancel()
{
    if (m_finished || m_finishQueued)
        return;
    abortWork();
    if (!m_finished && !m_finishQueued)
        fail(RegistryError(RegistryError::Category::Cancelled, QStringLiteral("cancelled")));
}

void Operation::succeed()
{
    if (m_finished || m_finishQueued)
        return;
    m_error = RegistryError();
    finish();
}

void Operation::fail(const RegistryError &error)
{
    if (m_finished || m_finishQueued)
        return;
    m_error = error;
    finish();
}

void Operation::finish()
{
    // Always deliver from the event loop: a requester that connects right after creating an
    // operation must not miss a result that was ready at once (a cache hit), and a handler
    // must never run inside the call that cancelled or created the operation.
    m_finishQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_finishQueued = false;
            m_finished = true;
            Q_EMIT finished();
        },
        Qt::QueuedConnection);
}

} // namespace Layerscope
