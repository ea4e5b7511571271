#pragma once

#include <QSortFilterProxyModel>

namespace Layerscope {

/**
 * Repositories whose name contains the filter text, ignoring case, in the registry's order.
 * A plain substring test on NameRole: no regular expression is built or run per row, so
 * filtering ten thousand repositories as people type stays well under a frame.
 */
class RepositoryFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit RepositoryFilterProxy(QObject *parent = nullptr);

    /// Shows only rows whose name contains \a text (case-insensitive); empty shows all.
    void setFilterText(const QString &text);
    const QString &filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
};

} // namespace Layerscope
