#pragma once

#include "transport/registryerror.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QStringList>
#include <QUrl>

namespace Layerscope {

class ListOperation;
class RegistryClient;

/**
 * The catalog of one registry (/v2/_catalog), loaded a page at a time as the view scrolls
 * (canFetchMore() / fetchMore()), in the registry's order.
 *
 * Many registries do not list their repositories: Docker Hub has no catalog (it is not even
 * asked), others refuse it or need rights the user lacks. Those end in the NoCatalog state,
 * with the registry's answer in error(), and people open repositories by name instead. Any
 * other failure is Failed, and retry() asks again for the page that failed.
 */
class RepositoryModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, ColumnCount };
    enum Role {
        RegistryRole = Qt::UserRole, ///< QString: the registry the repository is in
    };
    enum class State {
        Empty, ///< no registry
        Loading, ///< a page is on its way
        Loaded, ///< the pages asked for are here (see isComplete())
        Failed, ///< a page could not be loaded; see error()
        NoCatalog, ///< the registry does not list its repositories; see error()
    };
    Q_ENUM(State)

    explicit RepositoryModel(QObject *parent = nullptr);
    ~RepositoryModel() override;

    /// Shows the catalog of \a client (nullptr: nothing), dropping any page in flight, and
    /// asks for the first page.
    void setClient(RegistryClient *client);
    /// The client whose catalog is shown; nullptr when none (or it was deleted).
    RegistryClient *client() const;
    /// Repositories asked for per page (default 100); applies to the next page asked for.
    void setPageSize(int pageSize);
    int pageSize() const { return m_pageSize; }

    /**
     * Replaces the rows with \a repositories without asking a registry, through the same code
     * that inserts a fetched page; for tests and benchmarks. The list is then complete.
     */
    void setRepositories(const QStringList &repositories);
    /// Adds \a repositories after the rows as a fetched page would; for tests and benchmarks.
    void appendRepositories(const QStringList &repositories);

    State state() const { return m_state; }
    /// Why the state is Failed or NoCatalog (Category::None otherwise).
    const RegistryError &error() const { return m_error; }
    /// True when every page is here (no next page).
    bool isComplete() const { return m_nextPage.isEmpty(); }
    /// Asks again for the page that failed (or the first one).
    void retry();

    /// The repository of \a row.
    QString repository(int row) const;
    /// The row of \a repository, or -1.
    int rowOf(const QString &repository) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    /// True when \a error means the registry does not list repositories (for this user):
    /// refused (401, 403), unsupported or missing (404, UNSUPPORTED, NAME_UNKNOWN, …).
    static bool meansNoCatalog(const RegistryError &error);

Q_SIGNALS:
    void stateChanged();
    /// A page of \a count repositories was added.
    void pageLoaded(int count);
    /// A page could not be loaded (not sent for a registry that has no catalog).
    void errorOccurred(const Layerscope::RegistryError &error);

private:
    void requestPage(const QUrl &from);
    void onPageFinished(ListOperation *operation);
    void insertPage(const QStringList &page);
    void setState(State state, const RegistryError &error = {});
    void dropOperation();

    QPointer<RegistryClient> m_client;
    QPointer<ListOperation> m_operation;
    QStringList m_repositories;
    QUrl m_nextPage;
    int m_pageSize = 100;
    State m_state = State::Empty;
    RegistryError m_error;
};

} // namespace Layerscope
