#include "tagpane.h"

#include "common/copyactions.h"
#include "common/errorbanner.h"
#include "common/roles.h"
#include "tagfilterproxy.h"
#include "taggroupdelegate.h"
#include "tagmodel.h"
#include "transport/registryerror.h"

#include <QAction>
#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace Layerscope {

TagPane::TagPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new TagModel(this))
    , m_proxy(new TagFilterProxy(this))
    , m_title(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_hideSignatureTags(new QCheckBox(tr("Hide signature and attestation tags"), this))
    , m_progressRow(new QWidget(this))
    , m_progress(new QProgressBar(m_progressRow))
    , m_progressText(new QLabel(m_progressRow))
    , m_stop(new QPushButton(tr("Stop"), m_progressRow))
    , m_banner(new ErrorBanner(this))
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("tagPane"));
    setAccessibleName(tr("Tags"));
    m_proxy->setSourceModel(m_model);

    m_title->setObjectName(QStringLiteral("tagTitle"));
    m_title->setAccessibleName(tr("Repository"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_summary->setObjectName(QStringLiteral("tagSummary"));
    m_summary->setAccessibleName(tr("Tag count"));
    m_summary->setTextFormat(Qt::PlainText);
    auto *header = new QHBoxLayout;
    header->addWidget(m_title);
    header->addWidget(m_summary, 1);

    m_filter->setObjectName(QStringLiteral("tagFilter"));
    m_filter->setAccessibleName(tr("Filter tags"));
    m_filter->setPlaceholderText(tr("Filter tags (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->installEventFilter(this);
    m_hideSignatureTags->setObjectName(QStringLiteral("hideSignatureTags"));
    m_hideSignatureTags->setAccessibleName(tr("Hide signature and attestation tags"));
    m_hideSignatureTags->setToolTip(
        tr("Hide tags that hold signatures, attestations or SBOMs (sha256-…, *.sig, *.att, "
           "*.sbom) rather than images"));
    m_hideSignatureTags->setChecked(m_proxy->hideSignatureTags());
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_hideSignatureTags);

    m_progressRow->setObjectName(QStringLiteral("tagProgressRow"));
    m_progressRow->setAccessibleName(tr("Tag resolution"));
    m_progress->setObjectName(QStringLiteral("tagProgress"));
    m_progress->setAccessibleName(tr("Tag resolution progress"));
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(fontMetrics().averageCharWidth() * 24);
    m_progressText->setObjectName(QStringLiteral("tagProgressText"));
    m_progressText->setAccessibleName(tr("Tag resolution status"));
    m_stop->setObjectName(QStringLiteral("stopResolving"));
    m_stop->setAccessibleName(tr("Stop resolving tags"));
    m_stop->setToolTip(tr("Stop resolving; the tags resolved so far stay"));
    auto *progressLayout = new QHBoxLayout(m_progressRow);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    progressLayout->addWidget(m_progress);
    progressLayout->addWidget(m_progressText, 1);
    progressLayout->addWidget(m_stop);
    m_progressRow->hide();

    m_banner->setObjectName(QStringLiteral("tagErrorBanner"));

    m_view->setObjectName(QStringLiteral("tagView"));
    m_view->setAccessibleName(tr("Tags"));
    m_view->setModel(m_proxy);
    m_view->setItemDelegateForColumn(TagModel::TagColumn, new TagGroupDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Several rows may be selected, so that two tags can be compared; the current row is still
    // the one the image pane shows.
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(false);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->setTabKeyNavigation(false);
    m_view->verticalHeader()->hide();
    // Fixed row heights: a thousand rows must not be measured one by one.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    QHeaderView *columns = m_view->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setStretchLastSection(true);
    columns->setHighlightSections(false);
    const int character = fontMetrics().averageCharWidth();
    const QFontMetrics fixed(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_view->setColumnWidth(TagModel::TagColumn, character * 18);
    m_view->setColumnWidth(TagModel::DigestColumn,
                           fixed.horizontalAdvance(QStringLiteral("sha256:0123456789ab")) + 48);
    m_view->setColumnWidth(TagModel::PlatformsColumn, character * 24);
    m_view->setColumnWidth(TagModel::SizeColumn, character * 11);
    const QString longestDate
        = QLocale().toString(QDateTime(QDate(2024, 12, 28), QTime(23, 58)), QLocale::ShortFormat);
    m_view->setColumnWidth(TagModel::CreatedColumn,
                           fontMetrics().horizontalAdvance(longestDate) + character * 3);
    columns->setSortIndicator(TagModel::TagColumn, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);

    auto *copy = new CopyActions(m_view);
    copy->setExtraActions([this](const QModelIndex &index, QMenu *menu) {
        const QString tag = index.data(NameRole).toString();
        auto *open = new QAction(tr("&Open"), menu);
        open->setEnabled(!tag.isEmpty());
        connect(open, &QAction::triggered, this, [this, tag] { Q_EMIT tagActivated(tag); });
        const QStringList selected = selectedTags();
        auto *compare = new QAction(tr("&Compare Selected Tags"), menu);
        compare->setObjectName(QStringLiteral("compareTagsMenuAction"));
        compare->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
        compare->setEnabled(selected.size() == 2);
        if (selected.size() != 2)
            compare->setToolTip(tr("Select two tags (Ctrl+click) to compare them."));
        connect(compare, &QAction::triggered, this, [this, selected] {
            if (selected.size() == 2)
                Q_EMIT compareRequested(selected.at(0), selected.at(1));
        });
        auto *compareWith = new QAction(tr("Compare &With…"), menu);
        compareWith->setObjectName(QStringLiteral("compareWithMenuAction"));
        compareWith->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
        compareWith->setEnabled(!tag.isEmpty());
        connect(compareWith, &QAction::triggered, this,
                [this, tag] { Q_EMIT compareWithRequested(tag); });
        return QList<QAction *>{open, compare, compareWith};
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addLayout(filterRow);
    layout->addWidget(m_progressRow);
    layout->addWidget(m_banner);
    layout->addWidget(m_view, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &TagFilterProxy::setFilterText);
    connect(m_filter, &QLineEdit::textChanged, this, &TagPane::updateSummary);
    connect(m_hideSignatureTags, &QCheckBox::toggled, m_proxy,
            &TagFilterProxy::setHideSignatureTags);
    connect(m_hideSignatureTags, &QCheckBox::toggled, this, &TagPane::updateSummary);
    connect(m_stop, &QPushButton::clicked, m_model, &TagModel::cancel);
    connect(m_banner, &ErrorBanner::retryRequested, this, [this] {
        m_banner->clear();
        m_listed = false;
        m_model->retry();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &TagPane::onCurrentChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TagPane::selectedTagsChanged);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QString tag = index.data(NameRole).toString();
        if (!tag.isEmpty())
            Q_EMIT tagActivated(tag);
    });
    connect(m_model, &TagModel::resolvingStarted, this, [this] {
        m_progress->setRange(0, 0);
        m_progressText->setText(tr("Listing tags…"));
        m_progressRow->show();
    });
    connect(m_model, &TagModel::tagsListed, this, &TagPane::onTagsListed);
    connect(m_model, &TagModel::progressChanged, this, &TagPane::onProgress);
    connect(m_model, &TagModel::resolvingFinished, this, &TagPane::onResolvingFinished);
    connect(m_model, &TagModel::listFailed, this, &TagPane::onListFailed);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &TagPane::updateSummary);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &TagPane::updateSummary);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &TagPane::updateSummary);
    updateSummary();
}

void TagPane::showRepository(RegistryClient *client, const QString &repository)
{
    m_pendingTag.clear();
    m_currentTag.clear();
    m_listed = false;
    m_banner->clear();
    m_title->setText(repository);
    // The model drops the previous repository's rows (and with them the selection, without a
    // current-row signal) before the filter changes, so no old tag is ever announced.
    m_model->setRepository(client, repository);
    m_filter->clear();
    updateSummary();
}

void TagPane::clear()
{
    m_pendingTag.clear();
    m_currentTag.clear();
    m_listed = false;
    m_banner->clear();
    m_title->clear();
    m_model->clear();
    m_filter->clear();
    m_progressRow->hide();
    updateSummary();
}

bool TagPane::selectTag(const QString &tag)
{
    const QModelIndex source = m_model->indexOfTag(tag);
    if (!source.isValid()) {
        if (!m_listed && m_model->isResolving()) {
            m_pendingTag = tag;
            return false;
        }
        m_pendingTag.clear();
        return false;
    }
    m_pendingTag.clear();
    QModelIndex shown = m_proxy->mapFromSource(source);
    if (!shown.isValid() && !m_filter->text().isEmpty()) {
        m_filter->clear();
        shown = m_proxy->mapFromSource(source);
    }
    if (!shown.isValid() && m_hideSignatureTags->isChecked()) {
        m_hideSignatureTags->setChecked(false);
        shown = m_proxy->mapFromSource(source);
    }
    if (!shown.isValid())
        return false;
    m_view->selectionModel()->setCurrentIndex(
        shown, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(shown, QAbstractItemView::PositionAtCenter);
    return true;
}

void TagPane::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

QString TagPane::currentTag() const
{
    return m_view->currentIndex().data(NameRole).toString();
}

QStringList TagPane::selectedTags() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList tags;
    for (const QModelIndex &row : std::as_const(rows)) {
        const QString tag = row.data(NameRole).toString();
        if (!tag.isEmpty())
            tags.append(tag);
    }
    return tags;
}

QByteArray TagPane::saveColumns() const
{
    return m_view->horizontalHeader()->saveState();
}

bool TagPane::restoreColumns(const QByteArray &state)
{
    return !state.isEmpty() && m_view->horizontalHeader()->restoreState(state);
}

QAbstractItemView *TagPane::view() const
{
    return m_view;
}

bool TagPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        switch (key->key()) {
        case Qt::Key_Down:
        case Qt::Key_PageDown:
            moveIntoView();
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            if (m_proxy->rowCount() > 0) {
                moveIntoView();
                return true;
            }
            break;
        case Qt::Key_Escape:
            if (!m_filter->text().isEmpty()) {
                m_filter->clear();
                return true;
            }
            break;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TagPane::onCurrentChanged(const QModelIndex &current)
{
    const QString tag = current.data(NameRole).toString();
    if (tag == m_currentTag)
        return;
    m_currentTag = tag;
    if (!tag.isEmpty())
        Q_EMIT tagSelected(tag);
}

void TagPane::onTagsListed()
{
    m_listed = true;
    updateSummary();
    if (!m_pendingTag.isEmpty())
        selectTag(m_pendingTag);
}

void TagPane::onProgress(int resolved, int total)
{
    if (m_model->isResolving() && m_listed) {
        m_progress->setRange(0, std::max(total, 1));
        m_progress->setValue(resolved);
        m_progressText->setText(tr("Resolving %1 of %2 tags…").arg(resolved).arg(total));
    }
    updateSummary();
}

void TagPane::onResolvingFinished()
{
    m_progressRow->hide();
    updateSummary();
}

void TagPane::onListFailed(const RegistryError &error)
{
    m_progressRow->hide();
    m_banner->showError(tr("Could not load the tags of %1").arg(m_model->repository()), error);
    Q_EMIT errorOccurred(error);
}

void TagPane::updateSummary()
{
    if (m_model->repository().isEmpty()) {
        m_summary->clear();
        return;
    }
    if (!m_listed) {
        m_summary->setText(m_model->isResolving() ? tr("loading…") : QString());
        return;
    }
    const int total = m_model->tagCount();
    // Spelled out for one: without a translation loaded, %n does not pluralise.
    QString text = total == 1 ? tr("1 tag") : tr("%n tags", nullptr, total);
    if (m_model->imageCount() > 0)
        text += QStringLiteral(", ")
            + (m_model->imageCount() == 1 ? tr("1 image")
                                          : tr("%n images", nullptr, m_model->imageCount()));
    const int shown = m_proxy->rowCount();
    if (shown != total)
        text += QStringLiteral(" · ") + tr("%1 shown").arg(shown);
    m_summary->setText(text);
}

void TagPane::moveIntoView()
{
    if (m_proxy->rowCount() == 0)
        return;
    m_view->setFocus(Qt::TabFocusReason);
    if (!m_view->currentIndex().isValid()) {
        m_view->selectionModel()->setCurrentIndex(m_proxy->index(0, TagModel::TagColumn),
                                                  QItemSelectionModel::ClearAndSelect
                                                      | QItemSelectionModel::Rows);
    }
}

} // namespace Layerscope
