#pragma once

#include "transport/registryerror.h"

#include <QObject>

namespace Layerscope {

/**
 * The one asynchronous model of core: every piece of work that waits for the network is an
 * Operation (a job object, as QNetworkReply and QtKeychain's jobs are).
 *
 * - An operation starts by itself and emits finished() exactly once, never from inside the
 *   call that created it, so connecting right after creation is always in time.
 * - It belongs to whoever asked: the \a parent given when it is created. Deleting the parent
 *   (or the operation) stops the work and emits nothing; a result never reaches a requester
 *   that is gone.
 * - cancel() stops the work at any time; the operation then finishes with a Cancelled error.
 * - After finished(), error() says why it failed (Category::None on success) and the typed
 *   subclasses hold the result.
 *
 * \code
 * auto *op = client->fetchManifest(reference, this);
 * connect(op, &Operation::finished, this, [this, op] {
 *     op->deleteLater();
 *     if (op->error().isError())
 *         return showError(op->error());
 *     show(op->manifest());
 * });
 * \endcode
 */
class Operation : public QObject
{
    Q_OBJECT

public:
    ~Operation() override;

    bool isFinished() const { return m_finished; }
    /// True after a successful finish.
    bool succeeded() const { return m_finished && !m_error.isError(); }
    /// Why the operation failed; Category::None while running or after success.
    const RegistryError &error() const { return m_error; }

    /// Stops the work; finished() follows with a Cancelled error. Does nothing once finished.
    void cancel();

Q_SIGNALS:
    /// Emitted once, when the operation has succeeded, failed or been cancelled.
    void finished();
    /// Bytes done and expected (-1 when unknown), for long transfers.
    void progress(qint64 done, qint64 total);

protected:
    explicit Operation(QObject *parent);

    /// Finishes successfully (emitted from the event loop if called during creation).
    void succeed();
    /// Finishes with \a error.
    void fail(const RegistryError &error);
    /// Called by cancel() while running: stop every network request and sub-operation.
    virtual void abortWork() { }

private:
    void finish();

    RegistryError m_error;
    bool m_finished = false;
    bool m_finishQueued = false;
};

} // namespace Layerscope
