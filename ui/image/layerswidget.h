#pragma once

#include "values/digest.h"

#include <QList>
#include <QPointer>
#include <QWidget>

class QAction;
class QLabel;
class QModelIndex;
class QProgressBar;
class QPushButton;
class QTableView;

namespace Layerscope {

class LayerVerifyOperation;
class LayersModel;
class RegistryClient;
struct ResolvedImage;

/**
 * The Layers table of the image pane: each layer's compressed digest and size from the
 * manifest beside its uncompressed diff_id from the config and the build step that made it,
 * with the steps that made no layer shown between them, and "Verify layer", which downloads a
 * layer and proves both digests.
 *
 * One layer is verified at a time; asking for more queues them. Verification belongs to the
 * image shown: a new image (or clear()) ends it, so no stale progress ever reaches the table.
 *
 * Keys: Enter (or a double click) on a layer emits digestActivated() with its compressed
 * digest; Ctrl+Shift+V verifies the current layer; Ctrl+C copies its digest.
 */
class LayersWidget : public QWidget
{
    Q_OBJECT

public:
    explicit LayersWidget(QWidget *parent = nullptr);
    ~LayersWidget() override;

    /// Shows the layers of \a image from \a repository of \a client's registry; \a client is
    /// what verification downloads the layers with. Ends any running verification.
    void setImage(RegistryClient *client, const QString &repository, const ResolvedImage &image);
    /// Shows nothing; ends any running verification.
    void clear();

    /// The rows shown (layers and history steps, with their verification states).
    LayersModel *model() const { return m_model; }
    /// The table, for the pane's keyboard focus handling and for tests.
    QTableView *view() const { return m_view; }

    /// Downloads layer \a layerIndex and checks its digest and diff_id; queued behind a
    /// verification already running. Does nothing for a layer that cannot be verified.
    void verifyLayer(int layerIndex);
    /// Queues every layer not verified yet.
    void verifyAllLayers();
    /// Stops the running verification (its row says "Cancelled") and drops the queue.
    void cancelVerification();
    /// True while a layer is being verified or waiting to be.
    bool isVerifying() const;

Q_SIGNALS:
    /// A layer was activated (Enter, double click): its compressed digest.
    void digestActivated(const Layerscope::Digest &digest);

private:
    int currentLayer() const;
    void stopVerification(bool markCancelled);
    void startNext();
    void onVerifyProgress(LayerVerifyOperation *operation, qint64 done, qint64 total);
    void onVerifyFinished(LayerVerifyOperation *operation);
    void onActivated(const QModelIndex &index);
    void updateSummary();
    void updateActions();
    void updateProgress();

    QPointer<RegistryClient> m_client;
    QString m_repository;
    LayersModel *m_model;
    QLabel *m_summary;
    QLabel *m_warning;
    QTableView *m_view;
    QPushButton *m_verifyButton;
    QPushButton *m_verifyAllButton;
    QProgressBar *m_progress;
    QPushButton *m_cancelButton;
    QAction *m_verifyAction;
    QPointer<LayerVerifyOperation> m_operation;
    int m_operationLayer = -1;
    QList<int> m_queue;
};

} // namespace Layerscope
