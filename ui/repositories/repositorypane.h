#pragma once

#include "transport/registryerror.h"
#include "values/imagereference.h"

#include <QWidget>

class QAbstractItemView;
class QCompleter;
class QLabel;
class QLineEdit;
class QListView;
class QModelIndex;
class QStringListModel;

namespace Layerscope {

class ErrorBanner;
class RegistryClient;
class RegistryStore;
class RepositoryFilterProxy;
class RepositoryModel;

/**
 * The repositories of the current registry: a field to open a repository or a full reference
 * by name (with the registry's recent repositories as completions), a filter, the catalog
 * loaded as the list scrolls, and what to do when the registry does not list its
 * repositories or fails.
 *
 * What people type in the open field is read the way docker reads it, except that a name
 * without a registry belongs to the current registry ("alpine" on docker.io is
 * "library/alpine", on another registry just "alpine"). A plain repository of the current
 * registry is selected here; a tag, a digest or another registry goes to the window as
 * referenceRequested().
 */
class RepositoryPane : public QWidget
{
    Q_OBJECT

public:
    /// \a store (for recent repositories) must outlive the pane.
    explicit RepositoryPane(RegistryStore *store, QWidget *parent = nullptr);

    /// Shows the repositories of \a client, the registry \a host; nullptr shows nothing.
    void showRegistry(RegistryClient *client, const QString &host);
    /// The registry shown ("docker.io"); empty when none is.
    const QString &host() const { return m_host; }

    /**
     * Makes \a name the current repository without emitting repositorySelected() (the filter
     * is cleared if it hides it); true when it is in the rows loaded so far.
     */
    bool selectRepository(const QString &name);
    /// Puts the keyboard focus in the filter field, with its text selected. The window binds
    /// Ctrl+F to it (a shortcut of the pane's own would make the key ambiguous).
    void focusFilter();
    /// Puts the keyboard focus in the open field, with its text selected.
    void focusOpenField();
    /// The repository chosen last (from the list or the open field); empty when none.
    const QString &currentRepository() const { return m_current; }

    /**
     * Reads \a text as typed in the open field with \a host as the current registry: a name
     * without a registry belongs to \a host; without \a host, to Docker Hub.
     */
    static Result<ImageReference> parseTyped(const QString &text, const QString &host);

    RepositoryModel *model() const { return m_model; }
    RepositoryFilterProxy *proxy() const { return m_proxy; }
    QAbstractItemView *view() const;

Q_SIGNALS:
    /// The user chose \a repository of the current registry.
    void repositorySelected(const QString &repository);
    /// The user typed a reference with a tag or digest, or one on another registry.
    void referenceRequested(const Layerscope::ImageReference &reference);
    /// The catalog could not be loaded (not sent when the registry has no catalog).
    void errorOccurred(const Layerscope::RegistryError &error);

private:
    void openTyped(const QString &text);
    void openRepository(const QString &repository);
    void remember(const QString &host, const QString &repository);
    void applyFilter(const QString &text);
    void onCurrentChanged(const QModelIndex &current);
    void onStateChanged();
    void updateStatus();
    void refreshCompletions();
    void selectProxyRow(const QModelIndex &proxyIndex);
    bool eventFilter(QObject *watched, QEvent *event) override;

    RegistryStore *m_store;
    RepositoryModel *m_model;
    RepositoryFilterProxy *m_proxy;
    QLineEdit *m_open;
    QLabel *m_openMessage;
    QStringListModel *m_recent;
    QCompleter *m_completer;
    QLabel *m_noCatalog;
    QLineEdit *m_filter;
    QLabel *m_count;
    ErrorBanner *m_banner;
    QListView *m_view;
    QString m_host;
    QString m_current;
    bool m_selectingProgrammatically = false;
};

} // namespace Layerscope
