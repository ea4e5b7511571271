#include "layerswidget.h"

#include "common/copyactions.h"
#include "common/roles.h"
#include "layersmodel.h"
#include "registry/layerverifyoperation.h"
#include "registry/registryclient.h"
#include "services/imageinspection.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QLoggingCategory>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <utility>

namespace Layerscope {

Q_LOGGING_CATEGORY(lcLayers, "layerscope.ui.layers", QtWarningMsg)

namespace {

using Check = LayerDigester::Check;

/// "sha256:<12 hex>…", for texts that name a digest inside a sentence.
QString elidedDigest(const Digest &digest)
{
    return LayersModel::shortDigest(digest) + QStringLiteral("…");
}

} // namespace

LayersWidget::LayersWidget(QWidget *parent)
    : QWidget(parent)
    , m_model(new LayersModel(this))
    , m_summary(new QLabel(this))
    , m_warning(new QLabel(this))
    , m_view(new QTableView(this))
    , m_verifyButton(new QPushButton(tr("&Verify layer"), this))
    , m_verifyAllButton(new QPushButton(tr("Verify &all"), this))
    , m_progress(new QProgressBar(this))
    , m_cancelButton(new QPushButton(tr("Cancel"), this))
    , m_verifyAction(new QAction(tr("&Verify layer"), this))
{
    setObjectName(QStringLiteral("layersWidget"));
    setAccessibleName(tr("Layers"));

    m_summary->setObjectName(QStringLiteral("layersSummary"));
    m_summary->setAccessibleName(tr("Layers summary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_warning->setObjectName(QStringLiteral("layersWarning"));
    m_warning->setAccessibleName(tr("Layers warning"));
    m_warning->setWordWrap(true);
    m_warning->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warning->hide();

    m_view->setObjectName(QStringLiteral("layersView"));
    m_view->setAccessibleName(tr("Layers"));
    m_view->setModel(m_model);
    // The order is the build order: sorting would break the pairing of steps and layers.
    m_view->setSortingEnabled(false);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(false);
    header->setHighlightSections(false);
    for (int column : {LayersModel::IndexColumn, LayersModel::DigestColumn, LayersModel::SizeColumn,
                       LayersModel::DiffIdColumn, LayersModel::MediaTypeColumn})
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(LayersModel::CreatedByColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(LayersModel::VerifyColumn, QHeaderView::Interactive);
    // Wide enough for the longest usual outcome, a mismatch naming the digest it got.
    const QString widest
        = tr("✗ diff_id mismatch: got %1").arg(QStringLiteral("sha256:0123456789ab…"));
    header->resizeSection(LayersModel::VerifyColumn,
                          m_view->fontMetrics().horizontalAdvance(widest) + 24);

    m_verifyAction->setObjectName(QStringLiteral("verifyLayerAction"));
    m_verifyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    // Only while the pane has focus: other panes may bind the same keys.
    m_verifyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_verifyAction);
    connect(m_verifyAction, &QAction::triggered, this, [this] { verifyLayer(currentLayer()); });

    m_verifyButton->setObjectName(QStringLiteral("verifyLayerButton"));
    m_verifyButton->setAccessibleName(tr("Verify layer"));
    m_verifyButton->setToolTip(
        tr("Download the selected layer and check its digest and diff_id (%1)")
            .arg(m_verifyAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_verifyButton, &QPushButton::clicked, m_verifyAction, &QAction::trigger);

    m_verifyAllButton->setObjectName(QStringLiteral("verifyAllButton"));
    m_verifyAllButton->setAccessibleName(tr("Verify all layers"));
    m_verifyAllButton->setToolTip(tr("Download every layer, one after another, and check both "
                                     "digests of each"));
    connect(m_verifyAllButton, &QPushButton::clicked, this, &LayersWidget::verifyAllLayers);

    m_progress->setObjectName(QStringLiteral("verifyProgress"));
    m_progress->setAccessibleName(tr("Verification progress"));
    m_progress->setRange(0, 1000);
    m_progress->hide();

    m_cancelButton->setObjectName(QStringLiteral("cancelVerifyButton"));
    m_cancelButton->setAccessibleName(tr("Cancel verification"));
    m_cancelButton->setToolTip(tr("Stop verifying layers"));
    m_cancelButton->hide();
    connect(m_cancelButton, &QPushButton::clicked, this, &LayersWidget::cancelVerification);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_verifyButton);
    buttons->addWidget(m_verifyAllButton);
    buttons->addStretch(1);
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_cancelButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_warning);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    auto *copyActions = new CopyActions(m_view);
    copyActions->setExtraActions([this](const QModelIndex &index, QMenu *menu) {
        const int layer = index.data(LayersModel::LayerIndexRole).toInt();
        auto *verify = new QAction(tr("&Verify layer"), menu);
        verify->setShortcut(m_verifyAction->shortcut());
        const auto state = m_model->verifyState(layer);
        verify->setEnabled(m_client && m_model->isVerifiable(layer)
                           && state != LayersModel::Verifying && state != LayersModel::Queued);
        connect(verify, &QAction::triggered, this, [this, layer] { verifyLayer(layer); });
        const QString diffId = index.data(LayersModel::DiffIdRole).toString();
        auto *copyDiffId = new QAction(tr("Copy diff_&id"), menu);
        copyDiffId->setEnabled(!diffId.isEmpty());
        connect(copyDiffId, &QAction::triggered, this,
                [this, diffId] { CopyActions::copyText(diffId, m_view); });
        return QList<QAction *>{verify, copyDiffId};
    });

    connect(m_view, &QAbstractItemView::activated, this, &LayersWidget::onActivated);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &LayersWidget::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &LayersWidget::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &LayersWidget::updateActions);

    updateSummary();
    updateActions();
}

LayersWidget::~LayersWidget()
{
    // The operation is a child; deleting it first keeps its teardown from reaching a half
    // destroyed widget.
    delete m_operation;
}

void LayersWidget::setImage(RegistryClient *client, const QString &repository,
                            const ResolvedImage &image)
{
    stopVerification(false);
    m_client = client;
    m_repository = repository;
    m_model->setImage(client ? client->registry() : QString(), repository, image);
    updateSummary();
    updateActions();
}

void LayersWidget::clear()
{
    stopVerification(false);
    m_client = nullptr;
    m_repository.clear();
    m_model->clear();
    updateSummary();
    updateActions();
}

void LayersWidget::verifyLayer(int layerIndex)
{
    if (!m_client || !m_model->isVerifiable(layerIndex) || layerIndex == m_operationLayer
        || m_queue.contains(layerIndex))
        return;
    m_queue.append(layerIndex);
    m_model->setVerifyState(layerIndex, LayersModel::Queued, 0, {});
    startNext();
}

void LayersWidget::verifyAllLayers()
{
    for (int layer = 0; layer < m_model->layerCount(); ++layer) {
        if (m_model->verifyState(layer) != LayersModel::Verified)
            verifyLayer(layer);
    }
}

void LayersWidget::cancelVerification()
{
    stopVerification(true);
}

bool LayersWidget::isVerifying() const
{
    return m_operation || !m_queue.isEmpty();
}

int LayersWidget::currentLayer() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(LayersModel::LayerIndexRole).toInt() : -1;
}

void LayersWidget::stopVerification(bool markCancelled)
{
    const int running = m_operationLayer;
    // Deleting the operation stops the download at once and guarantees it emits nothing more.
    delete m_operation;
    m_operation = nullptr;
    m_operationLayer = -1;
    const QList<int> queued = std::exchange(m_queue, {});
    if (markCancelled) {
        if (running >= 0)
            m_model->setVerifyState(running, LayersModel::Cancelled, 0, {});
        for (int layer : queued)
            m_model->setVerifyState(layer, LayersModel::NotVerified, 0, {});
    }
    updateProgress();
    updateActions();
}

void LayersWidget::startNext()
{
    if (m_operation)
        return;
    if (m_queue.isEmpty() || !m_client) {
        stopVerification(true);
        return;
    }
    const int layer = m_queue.takeFirst();
    const Descriptor descriptor = m_model->layerAt(layer);
    qCDebug(lcLayers) << "verifying" << descriptor.digest.toString() << "of" << m_repository;
    LayerVerifyOperation *operation
        = m_client->verifyLayer(m_repository, descriptor, m_model->diffIdAt(layer), this);
    m_operation = operation;
    m_operationLayer = layer;
    connect(operation, &Operation::progress, this, [this, operation](qint64 done, qint64 total) {
        onVerifyProgress(operation, done, total);
    });
    connect(operation, &Operation::finished, this,
            [this, operation] { onVerifyFinished(operation); });
    m_model->setVerifyState(layer, LayersModel::Verifying, 0, {});
    updateProgress();
    updateActions();
}

void LayersWidget::onVerifyProgress(LayerVerifyOperation *operation, qint64 done, qint64 total)
{
    if (operation != m_operation)
        return;
    if (total <= 0)
        total = m_model->layerAt(m_operationLayer).size;
    const double fraction = total > 0 ? qBound(0.0, double(done) / double(total), 1.0) : 0.0;
    m_model->setVerifyState(m_operationLayer, LayersModel::Verifying, fraction, {});
    updateProgress();
}

void LayersWidget::onVerifyFinished(LayerVerifyOperation *operation)
{
    operation->deleteLater();
    if (operation != m_operation)
        return;
    const int layer = std::exchange(m_operationLayer, -1);
    m_operation = nullptr;

    const RegistryError &error = operation->error();
    if (error.category() == RegistryError::Category::Cancelled) {
        m_model->setVerifyState(layer, LayersModel::Cancelled, 0, {});
    } else if (error.isError()) {
        qCDebug(lcLayers) << "verification failed:" << error.toString();
        QString toolTip = error.toString();
        if (!error.hint().isEmpty())
            toolTip += QLatin1Char('\n') + error.hint();
        m_model->setVerifyState(layer, LayersModel::Failed, 0, tr("✗ %1").arg(error.message()),
                                toolTip);
    } else {
        const LayerDigester::Outcome &outcome = operation->outcome();
        const QString sizes
            = tr("Compressed: %1, %2 bytes\nUncompressed: %3, %4 bytes")
                  .arg(outcome.compressedDigest.toString(),
                       QLocale().toString(outcome.compressedSize), outcome.diffId.toString(),
                       QLocale().toString(outcome.uncompressedSize));
        if (outcome.verified()) {
            const QString text = outcome.diffIdCheck == Check::Match
                ? tr("✓ digest and diff_id match")
                : tr("✓ digest matches (no diff_id to compare)");
            m_model->setVerifyState(layer, LayersModel::Verified, 1, text,
                                    text + QLatin1Char('\n') + sizes);
        } else {
            QString text;
            if (outcome.digestCheck == Check::Mismatch && outcome.diffIdCheck == Check::Mismatch)
                text = tr("✗ digest and diff_id mismatch");
            else if (outcome.digestCheck == Check::Mismatch)
                text = tr("✗ digest mismatch: got %1").arg(elidedDigest(outcome.compressedDigest));
            else
                text = tr("✗ diff_id mismatch: got %1").arg(elidedDigest(outcome.diffId));
            m_model->setVerifyState(layer, LayersModel::Mismatch, 1, text,
                                    outcome.mismatchText() + QLatin1Char('\n') + sizes);
        }
    }
    startNext();
    updateProgress();
    updateActions();
}

void LayersWidget::onActivated(const QModelIndex &index)
{
    const QString digest = index.data(DigestRole).toString();
    if (digest.isEmpty())
        return;
    if (const auto parsed = Digest::parse(digest))
        Q_EMIT digestActivated(*parsed);
}

void LayersWidget::updateSummary()
{
    const LayerAlignment &alignment = m_model->alignment();
    if (alignment.rows.isEmpty() && !alignment.hasConfig && m_repository.isEmpty()) {
        m_summary->setText(tr("No image"));
        m_warning->hide();
        return;
    }
    const int layers = alignment.layerCount;
    QStringList parts{layers == 1 ? tr("%n layer", nullptr, layers)
                                  : tr("%n layers", nullptr, layers)};
    if (alignment.emptyStepCount > 0) {
        const int steps = alignment.emptyStepCount;
        parts.append(steps == 1 ? tr("%n empty step", nullptr, steps)
                                : tr("%n empty steps", nullptr, steps));
    }
    if (m_model->totalSize() >= 0) {
        parts.append(tr("%1 compressed")
                         .arg(QLocale().formattedDataSize(m_model->totalSize(), 1,
                                                          QLocale::DataSizeSIFormat)));
    }
    m_summary->setText(parts.join(tr(", ")));

    QStringList warnings;
    if (alignment.historyMismatch) {
        int madeLayers = alignment.unmatchedStepCount;
        for (const LayerRow &row : alignment.rows) {
            if (row.kind == LayerRow::Kind::Layer && row.historyIndex >= 0)
                ++madeLayers;
        }
        warnings.append(tr("⚠ The history does not match the layers: %1 build steps made "
                           "layers, the manifest has %2. Steps are paired with layers from the "
                           "base layer up.")
                            .arg(madeLayers)
                            .arg(layers));
    }
    if (alignment.diffIdCountMismatch) {
        int diffIds = 0;
        for (const LayerRow &row : alignment.rows)
            diffIds += row.isLayer() && !row.diffId.isNull() ? 1 : 0;
        warnings.append(
            tr("⚠ The config lists diff_ids for %1 of %2 layers.").arg(diffIds).arg(layers));
    }
    if (alignment.schema1) {
        warnings.append(tr("Schema 1 manifest: it has no config, so neither layer sizes nor "
                           "diff_ids are known."));
    } else if (!alignment.hasConfig && layers > 0) {
        warnings.append(tr("No image config: only the manifest's layers are shown."));
    }
    m_warning->setText(warnings.join(QLatin1Char('\n')));
    m_warning->setVisible(!warnings.isEmpty());
}

void LayersWidget::updateActions()
{
    const int layer = currentLayer();
    const auto state = m_model->verifyState(layer);
    const bool canVerify = m_client && m_model->isVerifiable(layer)
        && state != LayersModel::Verifying && state != LayersModel::Queued;
    m_verifyAction->setEnabled(canVerify);
    m_verifyButton->setEnabled(canVerify);

    bool anyLeft = false;
    for (int i = 0; m_client && i < m_model->layerCount() && !anyLeft; ++i) {
        const auto layerState = m_model->verifyState(i);
        anyLeft = m_model->isVerifiable(i) && layerState != LayersModel::Verified
            && layerState != LayersModel::Verifying && layerState != LayersModel::Queued;
    }
    m_verifyAllButton->setEnabled(anyLeft);
}

void LayersWidget::updateProgress()
{
    const bool verifying = isVerifying();
    m_progress->setVisible(verifying);
    m_cancelButton->setVisible(verifying);
    if (!verifying)
        return;
    const double fraction = m_operationLayer >= 0
        ? m_model->index(m_model->rowForLayer(m_operationLayer), 0)
              .data(LayersModel::VerifyProgressRole)
              .toDouble()
        : 0.0;
    m_progress->setValue(qRound(fraction * 1000));
    const QString layer = QString::number(m_operationLayer + 1);
    m_progress->setFormat(
        m_queue.isEmpty() ? tr("Layer %1: %p%").arg(layer)
                          : tr("Layer %1: %p% (%2 more waiting)").arg(layer).arg(m_queue.size()));
}

} // namespace Layerscope
