#pragma once

#include <QStyledItemDelegate>

namespace Layerscope {

/**
 * Paints a registry as two lines: its name in bold, then its connection state (who is signed
 * in, with credentials from where: "Signed in as alice · system keychain") and pull limit in a
 * smaller, muted font. Reads only index.data(role) of RegistryListModel's roles, so it
 * works through any proxy.
 */
class RegistryDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit RegistryDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The second line of \a index: state (with the user and credential source when signed
    /// in), then pull limit, separated by " · ".
    static QString detailText(const QModelIndex &index);

private:
    static QFont nameFont(const QFont &base);
    static QFont detailFont(const QFont &base);
};

} // namespace Layerscope
