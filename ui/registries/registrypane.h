#pragma once

#include "registryentry.h"

#include <QPointer>
#include <QWidget>

class QAbstractItemView;
class QFrame;
class QLabel;
class QListView;
class QMessageBox;
class QModelIndex;
class QToolButton;

namespace Layerscope {

class AddRegistryDialog;
class ClientPool;
class RegistryListModel;
class RegistryStore;
class SignInDialog;
class SignOutOperation;

/**
 * The sidebar of the explorer: the registries (Docker Hub, the saved ones, those of this
 * session) with their connection state and who is signed in, buttons to add and remove one
 * and to sign in to and out of the selected one, and a context menu (Sign In, Sign Out,
 * Reconnect, Remove, Copy host). Choosing a registry with the mouse or keyboard emits
 * registrySelected(); a registry not yet asked is pinged when chosen.
 *
 * Signing in and out goes through the pool's CredentialStore. What the user should know
 * afterwards (a keychain that could not keep the password, a login docker's files still hold)
 * shows as a notice under the list, never as a message box.
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

    /**
     * Opens the sign-in dialog for \a host (raising it when it is open already); null when
     * there is no credential store or no such registry. signedIn() follows a successful
     * sign-in.
     */
    SignInDialog *signIn(const QString &host);
    /// Signs out of \a host; signedOut() follows, or a notice says why it could not.
    void signOut(const QString &host);
    /// The notice under the list (what signing in or out left to know); empty when hidden.
    QString noticeText() const;

public Q_SLOTS:
    /// Opens the dialog that adds a registry (saved).
    void addRegistry();
    /// Asks whether to remove the current registry, then removes it.
    void removeCurrentRegistry();
    /// Pings the current registry again.
    void reconnectCurrentRegistry();
    /// Opens the sign-in dialog for the current registry.
    void signInToCurrentRegistry();
    /// Signs out of the current registry.
    void signOutOfCurrentRegistry();

Q_SIGNALS:
    /// The user chose \a host.
    void registrySelected(const QString &host);
    /// The registry took the credentials for \a host (they are in use from now on).
    void signedIn(const QString &host);
    /// \a host is signed out of (with whatever docker's or podman's files still hold, if
    /// anything, no longer used in this session).
    void signedOut(const QString &host);

private:
    void onCurrentChanged(const QModelIndex &current);
    void updateButtons();
    void showContextMenu(const QPoint &position);
    void confirmRemoval(const QString &host);
    void showNotice(const QString &text);
    void onSignedOut(SignOutOperation *operation, const QString &host);
    QString labelOf(const QString &host) const;

    ClientPool *m_pool;
    RegistryListModel *m_model;
    QListView *m_view;
    QToolButton *m_addButton;
    QToolButton *m_removeButton;
    QToolButton *m_signInButton;
    QToolButton *m_signOutButton;
    QFrame *m_notice;
    QLabel *m_noticeText;
    QPointer<AddRegistryDialog> m_addDialog;
    QPointer<QMessageBox> m_confirmation;
    QPointer<SignInDialog> m_signInDialog;
    QPointer<SignOutOperation> m_signOut;
    bool m_selectingProgrammatically = false;
};

} // namespace Layerscope
