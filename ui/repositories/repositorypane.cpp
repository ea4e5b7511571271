#include "repositorypane.h"

#include "common/copyactions.h"
#include "common/errorbanner.h"
#include "common/roles.h"
#include "common/warningtext.h"
#include "registries/registrystore.h"
#include "registry/registryclient.h"
#include "repositoryfilterproxy.h"
#include "repositorymodel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCompleter>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QStringListModel>
#include <QVBoxLayout>

namespace Layerscope {

namespace {

const QString DockerHub = QStringLiteral("docker.io");

// distribution's rule: the first component names a registry only when it cannot be a Docker
// Hub namespace ('.' or ':' in it, "localhost", or upper-case letters).
bool startsWithDomain(QStringView text)
{
    const qsizetype slash = text.indexOf(u'/');
    if (slash < 0)
        return false;
    const QStringView first = text.first(slash);
    if (first == u"localhost" || first.contains(u'.') || first.contains(u':'))
        return true;
    for (const QChar c : first) {
        if (c.isUpper())
            return true;
    }
    return false;
}

QLabel *makeNote(const QString &objectName, const QString &accessibleName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setAccessibleName(accessibleName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setVisible(false);
    return label;
}

} // namespace

RepositoryPane::RepositoryPane(RegistryStore *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_model(new RepositoryModel(this))
    , m_proxy(new RepositoryFilterProxy(this))
    , m_open(new QLineEdit(this))
    , m_openMessage(makeNote(QStringLiteral("openRepositoryMessage"), tr("Open problem"), this))
    , m_recent(new QStringListModel(this))
    , m_completer(new QCompleter(m_recent, this))
    , m_noCatalog(makeNote(QStringLiteral("noCatalogMessage"), tr("No catalog"), this))
    , m_filter(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_banner(new ErrorBanner(this))
    , m_view(new QListView(this))
{
    setObjectName(QStringLiteral("repositoryPane"));
    setAccessibleName(tr("Repositories"));

    m_open->setObjectName(QStringLiteral("openRepository"));
    m_open->setAccessibleName(tr("Open repository or reference"));
    m_open->setPlaceholderText(
        tr("Open repository or reference… (e.g. library/alpine, ghcr.io/org/app:1.0)"));
    m_open->setClearButtonEnabled(true);
    m_open->setToolTip(m_open->placeholderText());
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setObjectName(QStringLiteral("recentRepositories"));
    m_open->setCompleter(m_completer);

    setWarningText(m_openMessage);

    m_filter->setObjectName(QStringLiteral("repositoryFilter"));
    m_filter->setAccessibleName(tr("Filter repositories"));
    m_filter->setPlaceholderText(tr("Filter repositories (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->installEventFilter(this);

    m_count->setObjectName(QStringLiteral("repositoryCount"));
    m_count->setAccessibleName(tr("Repository count"));
    m_count->setTextFormat(Qt::PlainText);
    QPalette muted = m_count->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_count->setPalette(muted);
    m_noCatalog->setPalette(muted);

    m_banner->setObjectName(QStringLiteral("repositoryError"));

    m_proxy->setSourceModel(m_model);
    m_view->setObjectName(QStringLiteral("repositoryView"));
    m_view->setAccessibleName(tr("Repository list"));
    m_view->setModel(m_proxy);
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setTextElideMode(Qt::ElideMiddle);
    new CopyActions(m_view);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_open);
    layout->addWidget(m_openMessage);
    layout->addWidget(m_noCatalog);
    layout->addWidget(m_filter);
    layout->addWidget(m_count);
    layout->addWidget(m_banner);
    layout->addWidget(m_view, 1);
    // Takes the room of the list while it is hidden (no catalog), keeping the rest at the top.
    layout->addStretch(0);

    connect(m_open, &QLineEdit::returnPressed, this, [this] { openTyped(m_open->text()); });
    connect(m_open, &QLineEdit::textEdited, m_openMessage, &QWidget::hide);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &RepositoryPane::openTyped);
    connect(m_filter, &QLineEdit::textChanged, this, &RepositoryPane::applyFilter);
    connect(m_banner, &ErrorBanner::retryRequested, m_model, &RepositoryModel::retry);
    connect(m_model, &RepositoryModel::stateChanged, this, &RepositoryPane::onStateChanged);
    connect(m_model, &RepositoryModel::pageLoaded, this, &RepositoryPane::updateStatus);
    connect(m_model, &RepositoryModel::errorOccurred, this, &RepositoryPane::errorOccurred);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &RepositoryPane::updateStatus);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &RepositoryPane::updateStatus);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &RepositoryPane::updateStatus);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &RepositoryPane::onCurrentChanged);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        remember(m_host, index.data(NameRole).toString());
    });

    onStateChanged();
}

QAbstractItemView *RepositoryPane::view() const
{
    return m_view;
}

void RepositoryPane::showRegistry(RegistryClient *client, const QString &host)
{
    m_host = client ? host : QString();
    m_current.clear();
    m_openMessage->hide();
    m_filter->clear();
    m_model->setClient(client);
    refreshCompletions();
    updateStatus();
}

Result<ImageReference> RepositoryPane::parseTyped(const QString &text, const QString &host)
{
    const QString typed = text.trimmed();
    // The text as typed first: its error messages quote what the user wrote.
    Result<ImageReference> reference = ImageReference::parse(typed);
    if (!reference || host.isEmpty() || host == DockerHub || startsWithDomain(typed))
        return reference;
    return ImageReference::parse(QString(host + u'/' + typed));
}

void RepositoryPane::openTyped(const QString &text)
{
    if (text.trimmed().isEmpty())
        return;
    const Result<ImageReference> reference = parseTyped(text, m_host);
    if (!reference) {
        m_openMessage->setText(reference.error().message());
        m_openMessage->show();
        return;
    }
    m_openMessage->hide();
    m_open->clear();
    const bool plainRepository = reference->tag().isEmpty() && reference->digest().isNull();
    if (plainRepository && !m_host.isEmpty() && reference->domain() == m_host) {
        openRepository(reference->path());
        return;
    }
    remember(reference->domain(), reference->path());
    Q_EMIT referenceRequested(*reference);
}

void RepositoryPane::openRepository(const QString &repository)
{
    remember(m_host, repository);
    selectRepository(repository);
    Q_EMIT repositorySelected(repository);
}

void RepositoryPane::remember(const QString &host, const QString &repository)
{
    if (host.isEmpty() || repository.isEmpty())
        return;
    m_store->addRecentRepository(host, repository);
    if (host == m_host)
        refreshCompletions();
}

void RepositoryPane::refreshCompletions()
{
    m_recent->setStringList(m_host.isEmpty() ? QStringList() : m_store->recentRepositories(m_host));
}

bool RepositoryPane::selectRepository(const QString &name)
{
    m_current = name;
    const int row = m_model->rowOf(name);
    if (row < 0) {
        m_view->clearSelection();
        return false;
    }
    QModelIndex proxyIndex = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!proxyIndex.isValid()) {
        m_filter->clear();
        proxyIndex = m_proxy->mapFromSource(m_model->index(row, 0));
    }
    m_selectingProgrammatically = true;
    selectProxyRow(proxyIndex);
    m_selectingProgrammatically = false;
    return true;
}

void RepositoryPane::selectProxyRow(const QModelIndex &proxyIndex)
{
    m_view->selectionModel()->setCurrentIndex(proxyIndex, QItemSelectionModel::ClearAndSelect);
    m_view->scrollTo(proxyIndex);
}

void RepositoryPane::applyFilter(const QString &text)
{
    // Filtering only changes what is shown: when the current row is filtered out the view
    // moves the current index to a neighbour, which must not choose that repository.
    m_selectingProgrammatically = true;
    m_proxy->setFilterText(text);
    const int row = m_current.isEmpty() ? -1 : m_model->rowOf(m_current);
    const QModelIndex current
        = row < 0 ? QModelIndex() : m_proxy->mapFromSource(m_model->index(row, 0));
    if (current.isValid())
        selectProxyRow(current);
    else
        m_view->selectionModel()->clear();
    m_selectingProgrammatically = false;
    updateStatus();
}

void RepositoryPane::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void RepositoryPane::focusOpenField()
{
    m_open->setFocus(Qt::ShortcutFocusReason);
    m_open->selectAll();
}

void RepositoryPane::onCurrentChanged(const QModelIndex &current)
{
    if (m_selectingProgrammatically || !current.isValid())
        return;
    m_current = current.data(NameRole).toString();
    Q_EMIT repositorySelected(m_current);
}

void RepositoryPane::onStateChanged()
{
    const RepositoryModel::State state = m_model->state();
    const bool noCatalog = state == RepositoryModel::State::NoCatalog;
    if (state == RepositoryModel::State::Failed) {
        m_banner->showError(tr("Could not load the repositories of %1").arg(m_host),
                            m_model->error());
    } else {
        m_banner->clear();
    }
    if (noCatalog) {
        QString text = tr("This registry does not list its repositories. Open one by name above.");
        const RegistryError &reason = m_model->error();
        if (reason.isError() && m_host != DockerHub) {
            // The registry's own words without the JSON detail; the tooltip has everything.
            QString said
                = reason.entries().isEmpty() ? QString() : reason.entries().first().message;
            if (said.isEmpty())
                said = reason.message();
            if (reason.httpStatus() > 0)
                said = tr("%1 (HTTP %2)").arg(said).arg(reason.httpStatus());
            text += u'\n' + tr("The registry answered: %1").arg(said);
        }
        m_noCatalog->setText(text);
        m_noCatalog->setToolTip(reason.isError() ? reason.toString() : QString());
        // Not while the user moves through another list with the arrow keys: taking the
        // focus there would break their navigation.
        const QWidget *focus = QApplication::focusWidget();
        if (!qobject_cast<const QAbstractItemView *>(focus) || isAncestorOf(focus))
            m_open->setFocus(Qt::OtherFocusReason);
    }
    m_noCatalog->setVisible(noCatalog);
    m_filter->setVisible(!noCatalog);
    m_view->setVisible(!noCatalog);
    updateStatus();
}

void RepositoryPane::updateStatus()
{
    const int loaded = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    QString text;
    switch (m_model->state()) {
    case RepositoryModel::State::Empty:
    case RepositoryModel::State::NoCatalog:
        break;
    case RepositoryModel::State::Loading:
        if (loaded == 0) {
            text = tr("Loading repositories…");
            break;
        }
        [[fallthrough]];
    case RepositoryModel::State::Failed:
        if (loaded == 0)
            break; // the error banner says it all
        [[fallthrough]];
    case RepositoryModel::State::Loaded:
        if (!m_proxy->filterText().isEmpty()) {
            text = m_model->isComplete() ? tr("%1 of %2 shown").arg(shown).arg(loaded)
                                         : tr("%1 of %2 loaded shown").arg(shown).arg(loaded);
        } else if (m_model->isComplete()) {
            // Spelled out for one: without a translation loaded, %n does not pluralise.
            text = loaded == 1 ? tr("1 repository") : tr("%n repositories", nullptr, loaded);
        } else {
            text = tr("%n repositories loaded — more as you scroll", nullptr, loaded);
        }
        break;
    }
    if (m_count->text() != text)
        m_count->setText(text);
    m_count->setVisible(!text.isEmpty());
}

bool RepositoryPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        // From the filter straight into the list: Down moves there, Enter picks the first row.
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_Return
            || key->key() == Qt::Key_Enter) {
            if (m_proxy->rowCount() == 0)
                return false;
            m_view->setFocus(Qt::TabFocusReason);
            if (!m_view->currentIndex().isValid() || key->key() != Qt::Key_Down)
                selectProxyRow(m_proxy->index(0, 0));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Layerscope
