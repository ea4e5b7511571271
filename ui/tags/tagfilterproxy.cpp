#include "tagfilterproxy.h"

#include "common/roles.h"
#include "naturalsort.h"
#include "tagmodel.h"

#include <QDateTime>

namespace Layerscope {

TagFilterProxy::TagFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void TagFilterProxy::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_filterText)
        return;
    m_filterText = trimmed;
    invalidateRowsFilter();
}

void TagFilterProxy::setHideSignatureTags(bool hide)
{
    if (hide == m_hideSignatureTags)
        return;
    m_hideSignatureTags = hide;
    invalidateRowsFilter();
}

bool TagFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, TagModel::TagColumn, sourceParent);
    if (m_hideSignatureTags && index.data(TagModel::SignatureTagRole).toBool())
        return false;
    if (m_filterText.isEmpty())
        return true;
    return index.data(NameRole).toString().contains(m_filterText, Qt::CaseInsensitive)
        || index.data(DigestRole).toString().contains(m_filterText, Qt::CaseInsensitive);
}

bool TagFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QString leftTag = left.data(NameRole).toString();
    const QString rightTag = right.data(NameRole).toString();
    const bool ascending = sortOrder() == Qt::AscendingOrder;
    // Rows that have no value for the column stay at the end whichever way the column is
    // sorted: the view reverses lessThan() for a descending sort, so they must then be "less".
    // Called only when exactly one side is known.
    const auto unknownLast = [ascending](bool leftKnown) {
        return ascending ? leftKnown : !leftKnown;
    };

    switch (left.column()) {
    case TagModel::CreatedColumn: {
        const QDateTime a = left.data(TagModel::CreatedRole).toDateTime();
        const QDateTime b = right.data(TagModel::CreatedRole).toDateTime();
        if (a.isValid() != b.isValid())
            return unknownLast(a.isValid());
        if (a != b)
            return a < b;
        break;
    }
    case TagModel::SizeColumn: {
        const qint64 a = left.data(TagModel::SizeRole).toLongLong();
        const qint64 b = right.data(TagModel::SizeRole).toLongLong();
        if ((a >= 0) != (b >= 0))
            return unknownLast(a >= 0);
        if (a != b)
            return a < b;
        break;
    }
    case TagModel::DigestColumn: {
        const QString a = left.data(DigestRole).toString();
        const QString b = right.data(DigestRole).toString();
        if (a.isEmpty() != b.isEmpty())
            return unknownLast(!a.isEmpty());
        if (a != b)
            return a < b;
        break;
    }
    case TagModel::PlatformsColumn:
    case TagModel::SameImageColumn: {
        const QString a = left.data(Qt::DisplayRole).toString();
        const QString b = right.data(Qt::DisplayRole).toString();
        if (a.isEmpty() != b.isEmpty())
            return unknownLast(!a.isEmpty());
        const int order = naturalCompare(a, b);
        if (order != 0)
            return order < 0;
        break;
    }
    default:
        break;
    }
    return naturalCompare(leftTag, rightTag) < 0;
}

} // namespace Layerscope
