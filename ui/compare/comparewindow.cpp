#include "comparewindow.h"

#include "common/copyactions.h"
#include "common/errorbanner.h"
#include "comparecolors.h"
#include "comparelayersmodel.h"
#include "configdiffmodel.h"
#include "image/layersmodel.h"
#include "image/platformsmodel.h"
#include "image/summarywidget.h"
#include "registries/clientpool.h"
#include "values/imagemanifest.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QLoggingCategory>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

Q_LOGGING_CATEGORY(lcCompare, "layerscope.ui.compare", QtWarningMsg)

namespace Layerscope {

namespace {

enum HeaderColumn { CaptionColumn, SideAColumn, SideBColumn };

QString sideLetter(int side)
{
    return side == 0 ? QStringLiteral("A") : QStringLiteral("B");
}

QString sizeWithBytes(qint64 size)
{
    return CompareWindow::tr("%1 bytes").arg(QLocale().toString(size));
}

bool isUsable(const ImageReference &reference)
{
    return !reference.path().isEmpty()
        && (!reference.tag().isEmpty() || !reference.digest().isNull());
}

void makeSelectable(QLabel *label)
{
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
}

} // namespace

CompareWindow::CompareWindow(ClientPool *clients, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_clients(clients)
    , m_busyRow(new QWidget(this))
    , m_busyIndicator(new QProgressBar(m_busyRow))
    , m_busyText(new QLabel(m_busyRow))
    , m_cancelButton(new QPushButton(tr("Cancel"), m_busyRow))
    , m_banner(new ErrorBanner(this))
    , m_status(new QLabel(this))
    , m_layersModel(new CompareLayersModel(this))
    , m_configModel(new ConfigDiffModel(this))
    , m_nextAction(new QAction(tr("Next Difference"), this))
    , m_previousAction(new QAction(tr("Previous Difference"), this))
    , m_reloadAction(new QAction(tr("Read Again"), this))
{
    setObjectName(QStringLiteral("compareWindow"));
    setAccessibleName(tr("Compare images"));
    setWindowTitle(tr("Compare"));

    m_busyRow->setObjectName(QStringLiteral("busyRow"));
    m_busyRow->setAccessibleName(tr("Reading"));
    m_busyIndicator->setObjectName(QStringLiteral("busyIndicator"));
    m_busyIndicator->setAccessibleName(tr("Reading"));
    m_busyIndicator->setRange(0, 0);
    m_busyIndicator->setTextVisible(false);
    m_busyIndicator->setMaximumWidth(160);
    m_busyText->setObjectName(QStringLiteral("busyText"));
    m_busyText->setAccessibleName(tr("What is being read"));
    m_busyText->setTextFormat(Qt::PlainText);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setAccessibleName(tr("Cancel"));
    m_cancelButton->setToolTip(tr("Stop reading (Esc)"));
    connect(m_cancelButton, &QPushButton::clicked, this, &CompareWindow::cancel);
    auto *busyLayout = new QHBoxLayout(m_busyRow);
    busyLayout->setContentsMargins(0, 0, 0, 0);
    busyLayout->addWidget(m_busyIndicator);
    busyLayout->addWidget(m_busyText, 1);
    busyLayout->addWidget(m_cancelButton);
    m_busyRow->hide();

    connect(m_banner, &ErrorBanner::retryRequested, this, &CompareWindow::retry);

    m_status->setObjectName(QStringLiteral("compareStatus"));
    m_status->setAccessibleName(tr("Status"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_status->hide();

    m_nextAction->setObjectName(QStringLiteral("nextDifferenceAction"));
    m_nextAction->setShortcuts({QKeySequence(Qt::Key_F8), QKeySequence(Qt::CTRL | Qt::Key_Period)});
    m_nextAction->setToolTip(tr("Go to the next layer that differs (F8 or Ctrl+.)"));
    m_nextAction->setIcon(QIcon::fromTheme(QStringLiteral("go-down")));
    m_nextAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_nextAction, &QAction::triggered, this, [this] {
        goToDifference(m_layersModel->nextDifference(m_layersView->currentIndex().row()));
    });
    m_previousAction->setObjectName(QStringLiteral("previousDifferenceAction"));
    m_previousAction->setShortcuts(
        {QKeySequence(Qt::SHIFT | Qt::Key_F8), QKeySequence(Qt::CTRL | Qt::Key_Comma)});
    m_previousAction->setToolTip(tr("Go to the previous layer that differs (Shift+F8 or Ctrl+,)"));
    m_previousAction->setIcon(QIcon::fromTheme(QStringLiteral("go-up")));
    m_previousAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_previousAction, &QAction::triggered, this, [this] {
        goToDifference(m_layersModel->previousDifference(m_layersView->currentIndex().row()));
    });
    m_reloadAction->setObjectName(QStringLiteral("reloadAction"));
    m_reloadAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_reloadAction->setToolTip(tr("Read A and B from their registries again (F5)"));
    m_reloadAction->setShortcutContext(Qt::WindowShortcut);
    m_reloadAction->setEnabled(false);
    connect(m_reloadAction, &QAction::triggered, this, &CompareWindow::retry);
    addActions({m_nextAction, m_previousAction, m_reloadAction});

    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WindowShortcut);
    connect(escape, &QShortcut::activated, this, &CompareWindow::onEscape);

    m_content = new QSplitter(Qt::Vertical, this);
    m_content->setObjectName(QStringLiteral("compareSplitter"));
    m_content->setAccessibleName(tr("Layers and run config"));
    m_content->setChildrenCollapsible(false);
    m_content->addWidget(createLayersSection());
    m_content->addWidget(createConfigSection());
    m_content->setStretchFactor(0, 3);
    m_content->setStretchFactor(1, 2);
    // Holds the space of the views while there is nothing to show, so the rest stays on top.
    m_emptyArea = new QWidget(this);
    m_emptyArea->setObjectName(QStringLiteral("compareEmptyArea"));
    m_emptyArea->setAccessibleName(tr("Nothing compared"));
    m_emptyArea->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Expanding);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_busyRow);
    layout->addWidget(m_banner);
    layout->addWidget(m_status);
    layout->addWidget(createHeader());
    layout->addWidget(m_content, 1);
    layout->addWidget(m_emptyArea, 1);

    // Tab goes top to bottom, left to right; the layers view has the focus at first, since
    // the keys that move between differences act on it.
    setTabOrder(m_side[0].platform, m_side[1].platform);
    setTabOrder(m_side[1].platform, m_previousButton);
    setTabOrder(m_previousButton, m_nextButton);
    setTabOrder(m_nextButton, m_layersView);
    setTabOrder(m_layersView, m_configView);
    m_layersView->setFocus();

    updateTints();
    clearComparison();

    QSize size(1360, 900);
    if (const QScreen *screen = this->screen())
        size = size.boundedTo(screen->availableGeometry().size() * 0.92);
    resize(size);
}

CompareWindow::~CompareWindow()
{
    stopReading();
}

QLabel *CompareWindow::addHeaderRow(int side, QWidget *parent, const QString &objectName,
                                    const QString &accessibleName, bool monospace)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName + sideLetter(side));
    label->setAccessibleName(tr("%1 of %2").arg(accessibleName, sideLetter(side)));
    makeSelectable(label);
    if (monospace) {
        label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        // A digest does not wrap: in a narrow window it is cut, and its tooltip and selection
        // still hold all of it.
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }
    return label;
}

QWidget *CompareWindow::createHeader()
{
    m_header = new QWidget(this);
    m_header->setObjectName(QStringLiteral("compareHeader"));
    m_header->setAccessibleName(tr("Compared images"));
    auto *grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(16);
    grid->setVerticalSpacing(2);
    grid->setColumnStretch(SideAColumn, 1);
    grid->setColumnStretch(SideBColumn, 1);

    int row = 0;
    const auto caption = [&](const QString &text, const QString &toolTip) {
        auto *label = new QLabel(text, m_header);
        label->setToolTip(toolTip);
        label->setAccessibleName(QString(text).remove(u':'));
        label->setForegroundRole(QPalette::PlaceholderText);
        grid->addWidget(label, row, CaptionColumn);
        return label;
    };

    caption(tr("Reference:"), tr("A is the first reference, B the second"));
    for (int side : {0, 1}) {
        SideWidgets &widgets = m_side[side];
        auto *cell = new QWidget(m_header);
        auto *cellLayout = new QHBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        widgets.badge = new QLabel(sideLetter(side), cell);
        widgets.badge->setObjectName(QStringLiteral("badge") + sideLetter(side));
        widgets.badge->setAccessibleName(tr("Side %1").arg(sideLetter(side)));
        widgets.badge->setAlignment(Qt::AlignCenter);
        widgets.badge->setAutoFillBackground(true);
        widgets.badge->setBackgroundRole(QPalette::Highlight);
        widgets.badge->setForegroundRole(QPalette::HighlightedText);
        QFont bold = widgets.badge->font();
        bold.setBold(true);
        widgets.badge->setFont(bold);
        widgets.badge->setMinimumWidth(widgets.badge->fontMetrics().horizontalAdvance(u'M') * 2);
        widgets.reference
            = addHeaderRow(side, cell, QStringLiteral("reference"), tr("Reference"), false);
        widgets.reference->setFont(bold);
        widgets.reference->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        cellLayout->addWidget(widgets.badge);
        cellLayout->addWidget(widgets.reference, 1);
        grid->addWidget(cell, row, SideAColumn + side);
    }
    ++row;

    caption(tr("Platform:"),
            tr("The platform compared; for a multi-platform reference, choose "
               "another here"));
    for (int side : {0, 1}) {
        SideWidgets &widgets = m_side[side];
        auto *cell = new QWidget(m_header);
        auto *cellLayout = new QHBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        widgets.platform = new QComboBox(cell);
        widgets.platform->setObjectName(QStringLiteral("platform") + sideLetter(side));
        widgets.platform->setAccessibleName(tr("Platform of %1").arg(sideLetter(side)));
        widgets.platform->setToolTip(tr("Which platform of %1 to compare").arg(sideLetter(side)));
        widgets.platform->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        connect(widgets.platform, &QComboBox::currentIndexChanged, this,
                [this, side](int index) { selectImage(side, index); });
        widgets.platformText
            = addHeaderRow(side, cell, QStringLiteral("platformText"), tr("Platform"), false);
        cellLayout->addWidget(widgets.platform);
        cellLayout->addWidget(widgets.platformText);
        cellLayout->addStretch(1);
        grid->addWidget(cell, row, SideAColumn + side);
    }
    ++row;

    const QString digestTip = tr("The digest of the document the reference names (an index "
                                 "for multi-platform images)");
    caption(tr("Digest:"), digestTip);
    for (int side : {0, 1}) {
        m_side[side].digest
            = addHeaderRow(side, m_header, QStringLiteral("digest"), tr("Digest"), true);
        grid->addWidget(m_side[side].digest, row, SideAColumn + side);
    }
    ++row;

    m_manifestRow.append(caption(tr("Platform manifest:"),
                                 tr("The digest of the compared platform's own image manifest")));
    for (int side : {0, 1}) {
        m_side[side].manifestDigest = addHeaderRow(side, m_header, QStringLiteral("manifestDigest"),
                                                   tr("Platform manifest digest"), true);
        grid->addWidget(m_side[side].manifestDigest, row, SideAColumn + side);
        m_manifestRow.append(m_side[side].manifestDigest);
    }
    ++row;

    caption(tr("Config digest (image ID):"),
            tr("The digest of the image config, which docker shows as the image ID: equal on "
               "both sides means the same image"));
    for (int side : {0, 1}) {
        m_side[side].configDigest = addHeaderRow(side, m_header, QStringLiteral("configDigest"),
                                                 tr("Config digest (image ID)"), true);
        grid->addWidget(m_side[side].configDigest, row, SideAColumn + side);
    }
    ++row;

    caption(tr("Created:"), tr("When the image was built, from its config"));
    for (int side : {0, 1}) {
        m_side[side].created
            = addHeaderRow(side, m_header, QStringLiteral("created"), tr("Created"), false);
        grid->addWidget(m_side[side].created, row, SideAColumn + side);
    }
    ++row;

    caption(tr("Layers:"),
            tr("How many layers the manifest lists, and their compressed size "
               "(what a pull downloads)"));
    for (int side : {0, 1}) {
        auto *cell = new QWidget(m_header);
        auto *cellLayout = new QHBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        m_side[side].layers
            = addHeaderRow(side, cell, QStringLiteral("layerCount"), tr("Layer count"), false);
        m_side[side].size
            = addHeaderRow(side, cell, QStringLiteral("size"), tr("Compressed size"), false);
        cellLayout->addWidget(m_side[side].layers);
        cellLayout->addWidget(m_side[side].size);
        cellLayout->addStretch(1);
        grid->addWidget(cell, row, SideAColumn + side);
    }
    ++row;

    m_summary = new QLabel(m_header);
    m_summary->setObjectName(QStringLiteral("compareSummary"));
    m_summary->setAccessibleName(tr("Comparison summary"));
    makeSelectable(m_summary);
    m_summary->setWordWrap(true);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);

    m_identical = new QLabel(m_header);
    m_identical->setObjectName(QStringLiteral("identicalNote"));
    m_identical->setAccessibleName(tr("Same image"));
    makeSelectable(m_identical);
    m_identical->setWordWrap(true);
    m_identical->setFont(bold);
    m_identical->setAutoFillBackground(true);
    m_identical->setMargin(6);

    m_platforms = new QLabel(m_header);
    m_platforms->setObjectName(QStringLiteral("platformsSummary"));
    m_platforms->setAccessibleName(tr("Platforms of A and B"));
    makeSelectable(m_platforms);
    m_platforms->setWordWrap(true);

    // The captions keep their width while rows are hidden, so the sides never jump.
    int captionWidth = 0;
    for (int i = 0; i < grid->rowCount(); ++i) {
        if (QLayoutItem *item = grid->itemAtPosition(i, CaptionColumn))
            captionWidth = qMax(captionWidth, item->sizeHint().width());
    }
    grid->setColumnMinimumWidth(CaptionColumn, captionWidth);

    // Everything below the references says something only once a comparison is shown.
    for (int i = 0; i < grid->count(); ++i) {
        int gridRow = 0;
        int column = 0;
        int rowSpan = 0;
        int columnSpan = 0;
        grid->getItemPosition(i, &gridRow, &column, &rowSpan, &columnSpan);
        QWidget *widget = grid->itemAt(i)->widget();
        if (gridRow > 0 && widget && !m_manifestRow.contains(widget))
            m_detailRows.append(widget);
    }

    auto *layout = new QVBoxLayout(m_header);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(grid);
    layout->addSpacing(4);
    layout->addWidget(m_summary);
    layout->addWidget(m_identical);
    layout->addWidget(m_platforms);
    return m_header;
}

QWidget *CompareWindow::createLayersSection()
{
    auto *section = new QWidget(this);
    section->setObjectName(QStringLiteral("layersSection"));
    section->setAccessibleName(tr("Layers"));

    m_layersTitle = new QLabel(section);
    m_layersTitle->setObjectName(QStringLiteral("layersTitle"));
    m_layersTitle->setAccessibleName(tr("Layers"));
    m_layersTitle->setTextFormat(Qt::PlainText);
    QFont bold = m_layersTitle->font();
    bold.setBold(true);
    m_layersTitle->setFont(bold);

    const auto button = [section](QAction *action, const QString &objectName) {
        auto *tool = new QToolButton(section);
        tool->setObjectName(objectName);
        tool->setDefaultAction(action);
        tool->setAccessibleName(action->text());
        tool->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        return tool;
    };
    m_previousButton = button(m_previousAction, QStringLiteral("previousDifferenceButton"));
    m_nextButton = button(m_nextAction, QStringLiteral("nextDifferenceButton"));

    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(m_layersTitle);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_previousButton);
    toolbar->addWidget(m_nextButton);
    toolbar->addStretch(1);
    const std::array<LayerChange, 4> changes{LayerChange::Same, LayerChange::Recompressed,
                                             LayerChange::OnlyA, LayerChange::OnlyB};
    for (LayerChange change : changes) {
        auto *chip = new QLabel(tr("%1 %2").arg(CompareLayersModel::marker(change),
                                                CompareLayersModel::changeText(change)),
                                section);
        chip->setObjectName(QStringLiteral("legend_") + layerChangeName(change));
        chip->setAccessibleName(CompareLayersModel::changeDescription(change));
        chip->setToolTip(CompareLayersModel::changeDescription(change));
        chip->setTextFormat(Qt::PlainText);
        chip->setAutoFillBackground(true);
        chip->setMargin(3);
        chip->setFrameShape(QFrame::StyledPanel);
        m_legend[int(change)] = chip;
        toolbar->addWidget(chip);
    }

    m_layersView = new QTreeView(section);
    m_layersView->setObjectName(QStringLiteral("compareLayersView"));
    m_layersView->setAccessibleName(tr("Layers of A and B, aligned"));
    m_layersView->setModel(m_layersModel);
    m_layersView->setRootIsDecorated(false);
    m_layersView->setUniformRowHeights(true);
    m_layersView->setAllColumnsShowFocus(true);
    m_layersView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_layersView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_layersView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_layersView->setTextElideMode(Qt::ElideRight);
    QHeaderView *header = m_layersView->header();
    header->setStretchLastSection(false);
    header->setSectionsMovable(false);
    // Fixed widths from the fonts rather than ResizeToContents, which would measure every
    // row at each layout: the view stays quick with hundreds of layers.
    const QFontMetrics mono(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    const QFontMetrics plain(m_layersView->font());
    const int padding = 2 * m_layersView->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 16;
    const int digestWidth = mono.horizontalAdvance(QStringLiteral("sha256:000000000000")) + padding;
    const int sizeWidth = plain.horizontalAdvance(QStringLiteral("999.9 MB")) + padding;
    const int markerWidth
        = qMax(plain.horizontalAdvance(
                   m_layersModel->headerData(CompareLayersModel::MarkerColumn, Qt::Horizontal)
                       .toString()),
               plain.horizontalAdvance(u'M') * 2)
        + padding;
    header->setMinimumSectionSize(qMin(markerWidth, sizeWidth));
    header->resizeSection(CompareLayersModel::MarkerColumn, markerWidth);
    for (int column :
         {int(CompareLayersModel::DigestAColumn), int(CompareLayersModel::DigestBColumn)})
        header->resizeSection(column, digestWidth);
    for (int column : {int(CompareLayersModel::SizeAColumn), int(CompareLayersModel::SizeBColumn)})
        header->resizeSection(column, sizeWidth);
    for (int column :
         {int(CompareLayersModel::CreatedByAColumn), int(CompareLayersModel::CreatedByBColumn)})
        header->setSectionResizeMode(column, QHeaderView::Stretch);
    new CopyActions(m_layersView);

    auto *layout = new QVBoxLayout(section);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(toolbar);
    layout->addWidget(m_layersView, 1);
    return section;
}

QWidget *CompareWindow::createConfigSection()
{
    auto *section = new QWidget(this);
    section->setObjectName(QStringLiteral("configSection"));
    section->setAccessibleName(tr("Run config differences"));

    m_configTitle = new QLabel(section);
    m_configTitle->setObjectName(QStringLiteral("configTitle"));
    m_configTitle->setAccessibleName(tr("Run config differences"));
    m_configTitle->setTextFormat(Qt::PlainText);
    QFont bold = m_configTitle->font();
    bold.setBold(true);
    m_configTitle->setFont(bold);

    m_configView = new QTreeView(section);
    m_configView->setObjectName(QStringLiteral("configDiffView"));
    m_configView->setAccessibleName(tr("Run config differences"));
    m_configView->setModel(m_configModel);
    m_configView->setRootIsDecorated(false);
    m_configView->setUniformRowHeights(true);
    m_configView->setAllColumnsShowFocus(true);
    m_configView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_configView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_configView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QHeaderView *header = m_configView->header();
    header->setStretchLastSection(false);
    // Config differences are a few rows: measuring them is cheap, and keys are never cut.
    for (int column : {int(ConfigDiffModel::ChangeColumn), int(ConfigDiffModel::FieldColumn),
                       int(ConfigDiffModel::KeyColumn)})
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ConfigDiffModel::AColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(ConfigDiffModel::BColumn, QHeaderView::Stretch);

    m_configEmpty = new QLabel(tr("The run configs are the same."), section);
    m_configEmpty->setObjectName(QStringLiteral("configDiffEmpty"));
    m_configEmpty->setAccessibleName(tr("No run config differences"));
    m_configEmpty->setAlignment(Qt::AlignCenter);
    m_configEmpty->setForegroundRole(QPalette::PlaceholderText);

    m_configStack = new QStackedWidget(section);
    m_configStack->setObjectName(QStringLiteral("configDiffStack"));
    m_configStack->setAccessibleName(tr("Run config differences"));
    m_configStack->addWidget(m_configView);
    m_configStack->addWidget(m_configEmpty);

    auto *layout = new QVBoxLayout(section);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_configTitle);
    layout->addWidget(m_configStack, 1);
    return section;
}

bool CompareWindow::isBusy() const
{
    return !m_comparison.isNull();
}

void CompareWindow::compare(const ImageReference &a, const ImageReference &b)
{
    stopReading();
    m_banner->clear();
    m_status->hide();
    m_referenceA = a;
    m_referenceB = b;
    clearComparison();
    setWindowTitle(tr("Compare %1 ↔ %2").arg(a.familiarString(), b.familiarString()));
    for (int side : {0, 1}) {
        const ImageReference &reference = side == 0 ? a : b;
        m_side[side].reference->setText(reference.familiarString());
        m_side[side].reference->setToolTip(reference.toString());
    }
    m_reloadAction->setEnabled(true);

    for (int side : {0, 1}) {
        const ImageReference &reference = side == 0 ? a : b;
        if (!isUsable(reference)) {
            m_banner->showMessage(tr("Cannot compare"),
                                  tr("%1 (%2) needs a registry, a repository and a tag or digest.")
                                      .arg(sideLetter(side), reference.toString()));
            return;
        }
    }
    if (!m_clients) {
        m_banner->showMessage(tr("Cannot compare"), tr("There is no registry connection."));
        return;
    }
    qCDebug(lcCompare) << "comparing" << a.toString() << "with" << b.toString();
    auto *comparison = new ImageComparison(m_clients->client(a.domain()), a,
                                           m_clients->client(b.domain()), b, this);
    m_comparison = comparison;
    connect(comparison, &Operation::finished, this, [this, comparison] { onFinished(comparison); });
    m_busyText->setText(
        tr("Reading A (%1) and B (%2)…").arg(a.familiarString(), b.familiarString()));
    setBusy(true);
}

void CompareWindow::onFinished(ImageComparison *comparison)
{
    comparison->deleteLater();
    if (comparison != m_comparison)
        return;
    m_comparison = nullptr;
    setBusy(false);

    const RegistryError error = comparison->error();
    if (error.isError()) {
        if (error.category() == RegistryError::Category::Cancelled) {
            m_status->setText(tr("Reading was cancelled. Press F5 to read A and B again."));
            m_status->show();
            return;
        }
        const int failed = comparison->failedSide() == 1 ? 1 : 0;
        const ImageReference &reference
            = failed == 0 ? comparison->referenceA() : comparison->referenceB();
        qCDebug(lcCompare) << "comparison failed on side" << sideLetter(failed) << error.toString();
        if (m_clients)
            m_clients->noteError(reference.domain(), error);
        m_banner->showError(
            tr("Could not read %1 (%2)").arg(sideLetter(failed), reference.familiarString()),
            error);
        Q_EMIT comparisonFailed(error);
        return;
    }

    const ImageInspection *a = comparison->inspectionA();
    const ImageInspection *b = comparison->inspectionB();
    if (!a || !b)
        return;
    if (m_clients) {
        m_clients->noteSuccess(comparison->referenceA().domain());
        m_clients->noteSuccess(comparison->referenceB().domain());
    }
    setSides(CompareSide{comparison->referenceA(), a->digest(), a->images()},
             CompareSide{comparison->referenceB(), b->digest(), b->images()});
}

void CompareWindow::cancel()
{
    if (!isBusy())
        return;
    stopReading();
    setBusy(false);
    m_status->setText(tr("Reading was cancelled. Press F5 to read A and B again."));
    m_status->show();
}

void CompareWindow::retry()
{
    if (m_referenceA.isNull() || m_referenceB.isNull())
        return;
    compare(m_referenceA, m_referenceB);
}

void CompareWindow::stopReading()
{
    // Deleting the operation stops both sides' requests and emits nothing: no late answer
    // can reach the window.
    delete m_comparison.data();
    m_comparison = nullptr;
}

void CompareWindow::setBusy(bool busy)
{
    m_busyRow->setVisible(busy);
    m_reloadAction->setEnabled(!busy && !m_referenceA.isNull());
    Q_EMIT busyChanged(busy);
}

void CompareWindow::onEscape()
{
    if (isBusy())
        cancel();
    else
        close();
}

void CompareWindow::closeEvent(QCloseEvent *event)
{
    if (isBusy()) {
        stopReading();
        setBusy(false);
    }
    QWidget::closeEvent(event);
}

void CompareWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        updateTints();
    QWidget::changeEvent(event);
}

void CompareWindow::updateTints()
{
    for (int change = 0; change < int(m_legend.size()); ++change) {
        QLabel *chip = m_legend.at(change);
        if (!chip)
            continue;
        QPalette palette = this->palette();
        const QColor tint = compareTintColor(compareTint(LayerChange(change)), palette);
        palette.setColor(QPalette::Window, tint.isValid() ? tint : palette.color(QPalette::Base));
        palette.setColor(QPalette::WindowText, palette.color(QPalette::Text));
        chip->setPalette(palette);
    }
    if (m_identical) {
        QPalette palette = this->palette();
        palette.setColor(QPalette::Window, compareTintColor(CompareTint::Added, palette));
        palette.setColor(QPalette::WindowText, palette.color(QPalette::Text));
        m_identical->setPalette(palette);
    }
}

void CompareWindow::setDetailsShown(bool shown)
{
    for (QWidget *widget : std::as_const(m_detailRows))
        widget->setVisible(shown);
    for (QWidget *widget : std::as_const(m_manifestRow))
        widget->setVisible(shown && m_indexShown);
    m_content->setVisible(shown);
    m_emptyArea->setVisible(!shown);
}

void CompareWindow::clearComparison()
{
    m_hasSides = false;
    m_indexShown = false;
    m_sideA = {};
    m_sideB = {};
    m_image = {-1, -1};
    m_diff = {};
    m_layersModel->clear();
    m_configModel->clear();
    for (SideWidgets &widgets : m_side) {
        {
            const QSignalBlocker blocker(widgets.platform);
            widgets.platform->clear();
        }
        widgets.platform->hide();
        widgets.platformText->clear();
        widgets.platformText->show();
        for (QLabel *label :
             {widgets.reference, widgets.digest, widgets.manifestDigest, widgets.configDigest,
              widgets.created, widgets.layers, widgets.size}) {
            label->clear();
            label->setToolTip({});
        }
    }
    setDetailsShown(false);
    m_summary->clear();
    m_summary->hide();
    m_identical->hide();
    m_platforms->hide();
    m_layersTitle->setText(tr("Layers"));
    m_configTitle->setText(tr("Run config differences"));
    m_configStack->setCurrentWidget(m_configView);
    m_nextAction->setEnabled(false);
    m_previousAction->setEnabled(false);
}

void CompareWindow::setSides(const CompareSide &a, const CompareSide &b)
{
    if (isBusy()) {
        // What is shown now replaces what was being read.
        stopReading();
        setBusy(false);
    }
    m_banner->clear();
    m_status->hide();
    m_sideA = a;
    m_sideB = b;
    m_hasSides = true;
    m_referenceA = a.reference;
    m_referenceB = b.reference;
    m_reloadAction->setEnabled(isUsable(a.reference) && isUsable(b.reference));
    const ImagePair pair = defaultImagePair(a.images, b.images);
    m_image = {int(pair.a), int(pair.b)};
    setWindowTitle(
        tr("Compare %1 ↔ %2").arg(a.reference.familiarString(), b.reference.familiarString()));
    m_layersModel->setSideNames(a.reference.familiarString(), b.reference.familiarString());
    fillPlatformCombo(0);
    fillPlatformCombo(1);
    updatePlatformsSummary();
    recompute();
}

void CompareWindow::fillPlatformCombo(int side)
{
    SideWidgets &widgets = m_side[side];
    const QList<ResolvedImage> &images = sideData(side).images;
    {
        const QSignalBlocker blocker(widgets.platform);
        widgets.platform->clear();
        for (int i = 0; i < images.size(); ++i) {
            const ResolvedImage &image = images.at(i);
            QString text = PlatformsModel::platformText(image.platform);
            const bool repeated = std::count_if(images.cbegin(), images.cend(),
                                                [&](const ResolvedImage &other) {
                                                    return other.platform == image.platform;
                                                })
                > 1;
            if (text.isEmpty() || repeated)
                text = text.isEmpty()
                    ? LayersModel::shortDigest(image.descriptor.digest)
                    : tr("%1 (%2)").arg(text, LayersModel::shortDigest(image.descriptor.digest));
            widgets.platform->addItem(text);
            widgets.platform->setItemData(i, image.descriptor.digest.toString(), Qt::ToolTipRole);
        }
        widgets.platform->setCurrentIndex(m_image[side]);
    }
    const bool choice = images.size() > 1;
    widgets.platform->setVisible(choice);
    widgets.platformText->setVisible(!choice);
    if (!choice) {
        const QString text = images.isEmpty()
            ? tr("no image")
            : PlatformsModel::platformText(images.constFirst().platform);
        widgets.platformText->setText(text.isEmpty() ? tr("unknown") : text);
    }
}

void CompareWindow::selectImage(int side, int index)
{
    if (!m_hasSides || index < 0 || index >= sideData(side).images.size() || index == m_image[side])
        return;
    m_image[side] = index;
    recompute();
}

const ResolvedImage *CompareWindow::currentImage(int side) const
{
    const QList<ResolvedImage> &images = sideData(side).images;
    const int index = m_image[side];
    return index >= 0 && index < images.size() ? &images.at(index) : nullptr;
}

void CompareWindow::recompute()
{
    const ResolvedImage *a = currentImage(0);
    const ResolvedImage *b = currentImage(1);
    m_diff = diffImages(a ? *a : ResolvedImage(), b ? *b : ResolvedImage());
    m_layersModel->setLayers(m_diff.layers);
    m_configModel->setDifferences(m_diff.config);

    updateSideHeader(0);
    updateSideHeader(1);
    updateSummary();

    const int differences = m_layersModel->differenceCount();
    m_layersTitle->setText(differences == 0       ? tr("Layers — no differences")
                               : differences == 1 ? tr("Layers — 1 difference")
                                                  : tr("Layers — %1 differences").arg(differences));
    m_nextAction->setEnabled(differences > 0);
    m_previousAction->setEnabled(differences > 0);
    const int configDifferences = m_configModel->rowCount();
    m_configTitle->setText(configDifferences == 0
                               ? tr("Run config differences — none")
                               : tr("Run config differences — %1").arg(configDifferences));
    m_configStack->setCurrentWidget(configDifferences == 0 ? static_cast<QWidget *>(m_configEmpty)
                                                           : m_configView);
    m_layersView->scrollToTop();
    setDetailsShown(true);
    Q_EMIT comparisonShown();
}

void CompareWindow::updateSideHeader(int side)
{
    SideWidgets &widgets = m_side[side];
    const CompareSide &shownSide = sideData(side);
    widgets.reference->setText(shownSide.reference.familiarString());
    widgets.reference->setToolTip(shownSide.reference.toString());
    widgets.digest->setText(shownSide.digest.toString());
    widgets.digest->setToolTip(shownSide.digest.toString());

    const ResolvedImage *image = currentImage(side);
    const auto setValue = [](QLabel *label, const QString &text, const QString &toolTip = {}) {
        label->setText(text);
        label->setToolTip(toolTip.isEmpty() ? text : toolTip);
    };
    if (!image) {
        for (QLabel *label : {widgets.manifestDigest, widgets.configDigest, widgets.created,
                              widgets.layers, widgets.size})
            setValue(label, tr("—"), tr("%1 has no image to compare").arg(sideLetter(side)));
        return;
    }
    setValue(widgets.manifestDigest, image->descriptor.digest.toString());
    const auto manifest = std::dynamic_pointer_cast<const ImageManifest>(image->manifest);
    if (image->config) {
        setValue(widgets.configDigest, image->config->digest().toString());
        const QString created = SummaryWidget::timeText(image->config->created());
        setValue(widgets.created, created.isEmpty() ? tr("unknown") : created);
    } else {
        setValue(widgets.configDigest, manifest ? manifest->config().digest.toString() : tr("—"),
                 manifest ? tr("Not an image config: an artifact")
                          : tr("Schema 1 manifests have no config"));
        setValue(widgets.created, tr("unknown"));
    }
    const qsizetype layers = image->layers().size();
    setValue(widgets.layers, layers == 1 ? tr("1 layer") : tr("%1 layers").arg(layers));
    const qint64 size = image->compressedSize();
    setValue(widgets.size, tr("· %1 compressed").arg(PlatformsModel::sizeText(size)),
             sizeWithBytes(size));

    // The platform manifest's digest says something of its own only when a side is an index.
    bool indexShown = false;
    for (int s : {0, 1}) {
        const ResolvedImage *shown = currentImage(s);
        indexShown = indexShown || (shown && shown->descriptor.digest != sideData(s).digest);
    }
    m_indexShown = indexShown;
}

QString CompareWindow::sizeDeltaText(qint64 delta)
{
    if (delta == 0)
        return tr("no change");
    const qint64 magnitude = delta == std::numeric_limits<qint64>::min()
        ? std::numeric_limits<qint64>::max()
        : qAbs(delta);
    return (delta > 0 ? tr("+%1") : tr("−%1")).arg(PlatformsModel::sizeText(magnitude));
}

void CompareWindow::updateSummary()
{
    const LayerDiffSummary &summary = m_diff.summary;
    const int rows = int(m_diff.layers.size());
    const QStringList parts{
        tr("Size change (B − A): %1").arg(sizeDeltaText(summary.sizeDelta)),
        tr("%1 of %2 layers shared (%3)")
            .arg(summary.shared)
            .arg(rows)
            .arg(PlatformsModel::sizeText(summary.sharedBytes)),
        tr("%1 recompressed").arg(summary.recompressed),
        tr("%1 only in A").arg(summary.onlyA),
        tr("%1 only in B").arg(summary.onlyB),
    };
    m_summary->setText(parts.join(QStringLiteral(" · ")));
    m_summary->setToolTip(
        tr("A: %1 in %2 layers; B: %3 in %4 layers. Shared layers are the same blob on both "
           "sides; recompressed ones hold the same content stored differently.")
            .arg(PlatformsModel::sizeText(summary.sizeA))
            .arg(summary.shared + summary.recompressed + summary.onlyA)
            .arg(PlatformsModel::sizeText(summary.sizeB))
            .arg(summary.shared + summary.recompressed + summary.onlyB));
    m_summary->show();

    const ResolvedImage *a = currentImage(0);
    const ResolvedImage *b = currentImage(1);
    const bool sameDocument = !m_sideA.digest.isNull() && m_sideA.digest == m_sideB.digest;
    const bool sameManifest
        = a && b && !a->descriptor.digest.isNull() && a->descriptor.digest == b->descriptor.digest;
    QString note;
    if (m_diff.identical) {
        if (sameDocument)
            note = tr("Identical image — same manifest: A and B point to the same document.");
        else if (sameManifest)
            note = tr("Identical image — same manifest for this platform, reached through "
                      "different documents (an index names it on one side or both).");
        else
            note = tr("Identical image — same config digest; the manifests differ (layers "
                      "recompressed or pushed again).");
    } else if (sameDocument || sameManifest) {
        note = tr("Same manifest: A and B point to the same document.");
    }
    m_identical->setText(note);
    m_identical->setVisible(!note.isEmpty());
}

void CompareWindow::updatePlatformsSummary()
{
    const PlatformSets sets = comparePlatforms(m_sideA.images, m_sideB.images);
    const auto names = [](const QList<Platform> &platforms) {
        QStringList texts;
        for (const Platform &platform : platforms)
            texts.append(PlatformsModel::platformText(platform));
        return texts.join(QStringLiteral(", "));
    };
    const bool singleSame = m_sideA.images.size() <= 1 && m_sideB.images.size() <= 1
        && sets.onlyA.isEmpty() && sets.onlyB.isEmpty();
    if (singleSame) {
        m_platforms->hide();
        return;
    }
    QStringList parts;
    if (!sets.onlyA.isEmpty())
        parts.append(tr("Only in A: %1").arg(names(sets.onlyA)));
    if (!sets.onlyB.isEmpty())
        parts.append(tr("Only in B: %1").arg(names(sets.onlyB)));
    if (!sets.both.isEmpty())
        parts.append(tr("Both: %1").arg(names(sets.both)));
    m_platforms->setText(tr("Platforms — %1").arg(parts.join(QStringLiteral(" · "))));
    m_platforms->show();
}

void CompareWindow::goToDifference(int row)
{
    if (row < 0)
        return;
    const QModelIndex index = m_layersModel->index(row, CompareLayersModel::MarkerColumn);
    m_layersView->setCurrentIndex(index);
    m_layersView->scrollTo(index, QAbstractItemView::PositionAtCenter);
    m_layersView->setFocus(Qt::ShortcutFocusReason);
}

} // namespace Layerscope
