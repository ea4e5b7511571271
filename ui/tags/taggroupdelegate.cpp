#include "taggroupdelegate.h"

#include "tagmodel.h"

#include <QApplication>
#include <QPainter>

#include <array>

namespace Layerscope {

namespace {

/// Hues far enough apart to tell neighbours apart; consecutive groups are spread over them.
constexpr std::array<int, 10> Hues{210, 25, 130, 290, 55, 0, 175, 330, 95, 250};

} // namespace

TagGroupDelegate::TagGroupDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QColor TagGroupDelegate::groupColor(int group, const QColor &background)
{
    if (group < 0)
        return {};
    // A stride coprime with the number of hues: groups 0, 1, 2… land on hues far apart.
    const int hue = Hues.at((size_t(group) * 3) % Hues.size());
    const bool dark = background.lightnessF() < 0.5;
    return dark ? QColor::fromHsv(hue, 140, 235) : QColor::fromHsv(hue, 200, 190);
}

int TagGroupDelegate::barWidth(const QStyleOptionViewItem &option)
{
    return std::max(3, option.fontMetrics.height() / 4);
}

void TagGroupDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    // Selection and background over the whole cell, then the bar, then the text beside it;
    // names without a bar keep the same indent so that all tags line up.
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);
    const int width = barWidth(option);
    const int group = index.data(TagModel::GroupRole).toInt();
    if (group >= 0 && !index.data(TagModel::SameImageRole).toString().isEmpty()) {
        const QRect bar(opt.rect.left() + 2, opt.rect.top() + 2, width, opt.rect.height() - 4);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(groupColor(group, option.palette.color(QPalette::Base)));
        painter->drawRoundedRect(bar, width / 2.0, width / 2.0);
        painter->restore();
    }
    opt.rect.adjust(width * 2 + 2, 0, 0, 0);
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
}

QSize TagGroupDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.rwidth() += barWidth(option) * 2 + 2;
    return size;
}

} // namespace Layerscope
