#pragma once

#include <QStyledItemDelegate>

namespace Layerscope {

/**
 * Paints the tag cell with a thin bar in its digest group's colour, so tags that name the same
 * image stand out together. The colour only repeats what the "same image as" column and the
 * tooltip say in words; tags that share their digest with no other tag get no bar.
 *
 * Reads the group from TagModel::GroupRole and the sharing from TagModel::SameImageRole.
 */
class TagGroupDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit TagGroupDelegate(QObject *parent = nullptr);

    /// The colour of group \a group, chosen so that it reads on \a background (light or dark).
    static QColor groupColor(int group, const QColor &background);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    static int barWidth(const QStyleOptionViewItem &option);
};

} // namespace Layerscope
