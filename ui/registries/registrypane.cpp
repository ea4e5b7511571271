#include "registrypane.h"

#include "addregistrydialog.h"
#include "clientpool.h"
#include "common/copyactions.h"
#include "registrydelegate.h"
#include "registrylistmodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QShortcut>
#include <QToolButton>
#include <QVBoxLayout>

namespace Layerscope {

RegistryPane::RegistryPane(RegistryStore *store, ClientPool *pool, QWidget *parent)
    : QWidget(parent)
    , m_pool(pool)
    , m_model(new RegistryListModel(store, pool, this))
    , m_view(new QListView(this))
    , m_addButton(new QToolButton(this))
    , m_removeButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("registryPane"));
    setAccessibleName(tr("Registries"));

    auto *title = new QLabel(tr("Registries"), this);
    title->setObjectName(QStringLiteral("registryTitle"));
    title->setAccessibleName(tr("Registries"));
    QFont titleFont = title->font();
    titleFont.setBold(true);
    title->setFont(titleFont);

    m_addButton->setObjectName(QStringLiteral("addRegistryButton"));
    m_addButton->setAccessibleName(tr("Add registry"));
    m_addButton->setText(tr("Add…"));
    m_addButton->setToolTip(tr("Add a registry"));
    m_addButton->setAutoRaise(true);
    m_removeButton->setObjectName(QStringLiteral("removeRegistryButton"));
    m_removeButton->setAccessibleName(tr("Remove registry"));
    m_removeButton->setText(tr("Remove"));
    m_removeButton->setToolTip(tr("Remove the selected registry (Delete)"));
    m_removeButton->setAutoRaise(true);

    m_view->setObjectName(QStringLiteral("registryView"));
    m_view->setAccessibleName(tr("Registry list"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new RegistryDelegate(m_view));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setTextElideMode(Qt::ElideRight);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(4, 0, 0, 0);
    header->addWidget(title, 1);
    header->addWidget(m_addButton);
    header->addWidget(m_removeButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);

    connect(m_addButton, &QToolButton::clicked, this, &RegistryPane::addRegistry);
    connect(m_removeButton, &QToolButton::clicked, this, &RegistryPane::removeCurrentRegistry);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &RegistryPane::onCurrentChanged);
    connect(m_view, &QWidget::customContextMenuRequested, this, &RegistryPane::showContextMenu);
    auto *deleteKey
        = new QShortcut(QKeySequence::Delete, m_view, nullptr, nullptr, Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, this, &RegistryPane::removeCurrentRegistry);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RegistryPane::updateButtons);
    updateButtons();
}

QAbstractItemView *RegistryPane::view() const
{
    return m_view;
}

QString RegistryPane::currentHost() const
{
    return m_view->currentIndex().data(RegistryListModel::HostRole).toString();
}

bool RegistryPane::selectRegistry(const QString &host)
{
    const QModelIndex index = m_model->indexOfHost(host);
    if (!index.isValid())
        return false;
    m_selectingProgrammatically = true;
    m_view->setCurrentIndex(index);
    m_selectingProgrammatically = false;
    m_view->scrollTo(index);
    return true;
}

void RegistryPane::ensureRegistry(const RegistryEntry &entry, bool persistent)
{
    if (!m_model->indexOfHost(entry.host).isValid())
        m_model->addRegistry(entry, persistent);
}

void RegistryPane::onCurrentChanged(const QModelIndex &current)
{
    updateButtons();
    if (m_selectingProgrammatically || !current.isValid())
        return;
    const QString host = current.data(RegistryListModel::HostRole).toString();
    if (m_pool->state(host) == ClientPool::ConnectionState::Unknown)
        m_pool->connectTo(host);
    Q_EMIT registrySelected(host);
}

void RegistryPane::updateButtons()
{
    m_removeButton->setEnabled(
        m_view->currentIndex().data(RegistryListModel::RemovableRole).toBool());
}

void RegistryPane::addRegistry()
{
    if (m_addDialog) {
        m_addDialog->raise();
        m_addDialog->activateWindow();
        return;
    }
    auto *dialog = new AddRegistryDialog(this);
    m_addDialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const RegistryEntry entry = dialog->entry();
        m_model->addRegistry(entry, true);
        selectRegistry(entry.host);
        m_pool->connectTo(entry.host);
        Q_EMIT registrySelected(entry.host);
    });
    dialog->open();
}

void RegistryPane::removeCurrentRegistry()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.data(RegistryListModel::RemovableRole).toBool())
        return;
    confirmRemoval(current.data(RegistryListModel::HostRole).toString());
}

void RegistryPane::confirmRemoval(const QString &host)
{
    delete m_confirmation;
    const QString label = m_model->entry(m_model->indexOfHost(host)).label();
    m_confirmation = new QMessageBox(QMessageBox::Question, tr("Remove Registry"),
                                     tr("Remove %1 from the list?").arg(label),
                                     QMessageBox::Yes | QMessageBox::Cancel, this);
    m_confirmation->setObjectName(QStringLiteral("removeRegistryConfirmation"));
    m_confirmation->setAccessibleName(tr("Remove registry"));
    m_confirmation->setInformativeText(
        tr("Its recent repositories stay remembered; credentials in the keychain are kept."));
    m_confirmation->setDefaultButton(QMessageBox::Yes);
    m_confirmation->setAttribute(Qt::WA_DeleteOnClose);
    // open() keeps the event loop running: the window goes on updating while it asks.
    m_confirmation->open();
    connect(m_confirmation, &QMessageBox::finished, this, [this, host](int result) {
        if (result == QMessageBox::Yes)
            m_model->removeRegistry(host);
    });
}

void RegistryPane::reconnectCurrentRegistry()
{
    const QString host = currentHost();
    if (!host.isEmpty())
        m_pool->connectTo(host);
}

void RegistryPane::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_view->indexAt(position);
    if (!index.isValid())
        return;
    const QString host = index.data(RegistryListModel::HostRole).toString();
    auto *menu = new QMenu(m_view);
    menu->setObjectName(QStringLiteral("registryContextMenu"));
    menu->setAccessibleName(tr("Registry actions"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(tr("Re&connect"), this, [this, host] { m_pool->connectTo(host); });
    QAction *remove = menu->addAction(tr("&Remove…"), this, [this, host] { confirmRemoval(host); });
    remove->setEnabled(index.data(RegistryListModel::RemovableRole).toBool());
    menu->addSeparator();
    menu->addAction(tr("Copy &host"), this, [this, host] { CopyActions::copyText(host, this); });
    menu->popup(m_view->viewport()->mapToGlobal(position));
}

} // namespace Layerscope
