#pragma once

#include "registryentry.h"

#include <QPointer>
#include <QWidget>

class QAbstractItemView;
class QListView;
class QMessageBox;
class QModelIndex;
class QToolButton;

namespace Layerscope {

class AddRegistryDialog;
class ClientPool;
class RegistryListModel;
class RegistryStore;

/**
 * The sidebar of the explorer: the registries (Docker Hub, the saved ones, those of this
 * session) with their connection state, buttons to add and remove one, and a context menu
 * (Reconnect, Remove, Copy host). Choosing a registry with the mouse or keyboard emits
 * registrySelected(); a registry not yet asked is pinged when chosen.
 */
class RegistryPane : public QWidget
{
    Q_OBJECT

public:
    /// \a store and \a pool must outlive the pane.
    RegistryPane(RegistryStore *store, ClientPool *pool, QWidget *parent = nullptr);

    /// Makes \a host the current registry without emitting registrySelected(); false when it
    /// is not listed.
    bool selectRegistry(const QString &host);
    /// Adds \a entry unless its host is listed already (saved when \a persistent).
    void ensureRegistry(const RegistryEntry &entry, bool persistent);
    /// The host of the current registry; empty when none is current.
    QString currentHost() const;

    RegistryListModel *model() const { return m_model; }
    QAbstractItemView *view() const;

public Q_SLOTS:
    /// Opens the dialog that adds a registry (saved).
    void addRegistry();
    /// Asks whether to remove the current registry, then removes it.
    void removeCurrentRegistry();
    /// Pings the current registry again.
    void reconnectCurrentRegistry();

Q_SIGNALS:
    /// The user chose \a host.
    void registrySelected(const QString &host);

private:
    void onCurrentChanged(const QModelIndex &current);
    void updateButtons();
    void showContextMenu(const QPoint &position);
    void confirmRemoval(const QString &host);

    ClientPool *m_pool;
    RegistryListModel *m_model;
    QListView *m_view;
    QToolButton *m_addButton;
    QToolButton *m_removeButton;
    QPointer<AddRegistryDialog> m_addDialog;
    QPointer<QMessageBox> m_confirmation;
    bool m_selectingProgrammatically = false;
};

} // namespace Layerscope
