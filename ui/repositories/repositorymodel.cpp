#include "repositorymodel.h"

#include "common/roles.h"
#include "registry/listoperation.h"
#include "registry/registryclient.h"

#include <QLoggingCategory>

namespace Layerscope {

Q_LOGGING_CATEGORY(lcRepositories, "layerscope.ui.repositories", QtWarningMsg)

using Category = RegistryError::Category;

RepositoryModel::RepositoryModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

RepositoryModel::~RepositoryModel() = default;

void RepositoryModel::dropOperation()
{
    // Deleting an operation stops its work and silences it: no stale page arrives later.
    delete m_operation;
}

void RepositoryModel::setClient(RegistryClient *client)
{
    dropOperation();
    beginResetModel();
    m_client = client;
    m_repositories.clear();
    m_nextPage.clear();
    endResetModel();
    if (!client) {
        setState(State::Empty);
        return;
    }
    if (client->registry() == u"docker.io") {
        setState(
            State::NoCatalog,
            RegistryError(Category::NotFound, tr("Docker Hub does not list its repositories")));
        return;
    }
    requestPage({});
}

RegistryClient *RepositoryModel::client() const
{
    return m_client;
}

void RepositoryModel::setPageSize(int pageSize)
{
    m_pageSize = qMax(0, pageSize);
}

void RepositoryModel::setRepositories(const QStringList &repositories)
{
    dropOperation();
    beginResetModel();
    m_client = nullptr;
    m_repositories.clear();
    m_nextPage.clear();
    endResetModel();
    insertPage(repositories);
}

void RepositoryModel::appendRepositories(const QStringList &repositories)
{
    insertPage(repositories);
}

void RepositoryModel::retry()
{
    if (!m_client || m_operation || m_client->registry() == u"docker.io")
        return;
    if (m_state != State::Failed && m_state != State::NoCatalog)
        return;
    requestPage(m_repositories.isEmpty() ? QUrl() : m_nextPage);
}

void RepositoryModel::requestPage(const QUrl &from)
{
    if (!m_client)
        return;
    ListOperation *operation = m_client->listRepositories(this, false, m_pageSize, from);
    m_operation = operation;
    connect(operation, &Operation::finished, this,
            [this, operation] { onPageFinished(operation); });
    setState(State::Loading);
}

void RepositoryModel::onPageFinished(ListOperation *operation)
{
    operation->deleteLater();
    if (operation != m_operation)
        return;
    m_operation = nullptr;
    const RegistryError &error = operation->error();
    if (error.isError()) {
        qCDebug(lcRepositories) << "catalog page failed:" << error.toString();
        // A refusal on a later page is a failure, not the absence of a catalog.
        if (m_repositories.isEmpty() && meansNoCatalog(error)) {
            setState(State::NoCatalog, error);
            return;
        }
        setState(State::Failed, error);
        if (error.category() != Category::Cancelled)
            Q_EMIT errorOccurred(error);
        return;
    }
    m_nextPage = operation->nextPage();
    insertPage(operation->items());
}

// Every page, fetched or fed, takes this way in, so tests and benchmarks see what a registry
// would cause.
void RepositoryModel::insertPage(const QStringList &page)
{
    if (!page.isEmpty()) {
        const int first = int(m_repositories.size());
        beginInsertRows({}, first, first + int(page.size()) - 1);
        m_repositories.append(page);
        endInsertRows();
    }
    setState(State::Loaded);
    Q_EMIT pageLoaded(int(page.size()));
}

void RepositoryModel::setState(State state, const RegistryError &error)
{
    const bool changed = m_state != state || m_error.category() != error.category()
        || m_error.message() != error.message();
    m_state = state;
    m_error = error;
    if (changed)
        Q_EMIT stateChanged();
}

bool RepositoryModel::meansNoCatalog(const RegistryError &error)
{
    switch (error.category()) {
    case Category::Unauthorized:
    case Category::Denied:
    case Category::NotFound:
        return true;
    default:
        break;
    }
    const int status = error.httpStatus();
    if (status == 401 || status == 403 || status == 404)
        return true;
    for (const RegistryErrorBody::Entry &entry : error.entries()) {
        if (entry.code == u"UNSUPPORTED" || entry.code == u"DENIED" || entry.code == u"UNAUTHORIZED"
            || entry.code == u"NAME_UNKNOWN" || entry.code == u"NOT_FOUND")
            return true;
    }
    return false;
}

QString RepositoryModel::repository(int row) const
{
    return row >= 0 && row < m_repositories.size() ? m_repositories.at(row) : QString();
}

int RepositoryModel::rowOf(const QString &repository) const
{
    return int(m_repositories.indexOf(repository));
}

int RepositoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_repositories.size());
}

QVariant RepositoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return m_repositories.at(index.row());
    case RegistryRole:
        return m_client ? m_client->registry() : QString();
    default:
        return {};
    }
}

QHash<int, QByteArray> RepositoryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(NameRole, "name");
    names.insert(RegistryRole, "registry");
    return names;
}

bool RepositoryModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_client && !m_operation && !m_nextPage.isEmpty()
        && m_state == State::Loaded;
}

void RepositoryModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    requestPage(m_nextPage);
}

} // namespace Layerscope
