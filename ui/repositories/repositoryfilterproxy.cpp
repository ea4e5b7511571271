#include "repositoryfilterproxy.h"

#include "common/roles.h"

namespace Layerscope {

RepositoryFilterProxy::RepositoryFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // The registry's order is kept: nothing sorts unless a view asks.
    setDynamicSortFilter(true);
}

void RepositoryFilterProxy::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

bool RepositoryFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_text.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return index.data(NameRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace Layerscope
