#include "registrydelegate.h"

#include "registrylistmodel.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace Layerscope {

namespace {

constexpr int Margin = 4;
constexpr int LineSpacing = 1;

QColor blend(const QColor &a, const QColor &b, qreal amountOfB)
{
    return QColor::fromRgbF(a.redF() * (1 - amountOfB) + b.redF() * amountOfB,
                            a.greenF() * (1 - amountOfB) + b.greenF() * amountOfB,
                            a.blueF() * (1 - amountOfB) + b.blueF() * amountOfB);
}

} // namespace

RegistryDelegate::RegistryDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QFont RegistryDelegate::nameFont(const QFont &base)
{
    QFont font = base;
    font.setBold(true);
    return font;
}

QFont RegistryDelegate::detailFont(const QFont &base)
{
    QFont font = base;
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * 0.85);
    else
        font.setPixelSize(qMax(8, font.pixelSize() * 85 / 100));
    return font;
}

QString RegistryDelegate::detailText(const QModelIndex &index)
{
    QStringList parts;
    const QString state = index.data(RegistryListModel::StateTextRole).toString();
    if (!state.isEmpty())
        parts.append(state);
    const QString limit = index.data(RegistryListModel::RateLimitTextRole).toString();
    if (!limit.isEmpty())
        parts.append(limit);
    return parts.join(QStringLiteral(" · "));
}

void RegistryDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();

    // The panel (selection, hover, focus) comes from the style; the text is ours.
    const QString name = opt.text;
    opt.text.clear();
    opt.icon = QIcon();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QRect content = opt.rect.adjusted(Margin, Margin, -Margin, -Margin);
    const int iconSize = style->pixelMetric(QStyle::PM_SmallIconSize, &opt, widget);
    const QFont boldFont = nameFont(opt.font);
    const QFont smallFont = detailFont(opt.font);
    const int nameHeight = QFontMetrics(boldFont).height();

    const QIcon icon = index.data(Qt::DecorationRole).value<QIcon>();
    int textLeft = content.left();
    if (!icon.isNull()) {
        const QRect iconRect(content.left(), content.top() + (nameHeight - iconSize) / 2, iconSize,
                             iconSize);
        icon.paint(painter, iconRect);
        textLeft += iconSize + Margin;
    }

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
        : (opt.state & QStyle::State_Active)                                ? QPalette::Active
                                                                            : QPalette::Inactive;
    const QColor textColour
        = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor background
        = opt.palette.color(group, selected ? QPalette::Highlight : QPalette::Base);
    const QColor muted = blend(textColour, background, 0.35);

    painter->save();
    const QRect nameRect(textLeft, content.top(), content.right() - textLeft + 1, nameHeight);
    painter->setFont(boldFont);
    painter->setPen(textColour);
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(boldFont).elidedText(name, Qt::ElideRight, nameRect.width()));

    const QString detail = detailText(index);
    if (!detail.isEmpty()) {
        const QFontMetrics metrics(smallFont);
        const QRect detailRect(textLeft, nameRect.bottom() + 1 + LineSpacing, nameRect.width(),
                               metrics.height());
        painter->setFont(smallFont);
        painter->setPen(muted);
        painter->drawText(detailRect, Qt::AlignLeft | Qt::AlignVCenter,
                          metrics.elidedText(detail, Qt::ElideRight, detailRect.width()));
    }
    painter->restore();
}

QSize RegistryDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QFontMetrics nameMetrics(nameFont(opt.font));
    const QFontMetrics detailMetrics(detailFont(opt.font));
    const int height = 2 * Margin + nameMetrics.height() + LineSpacing + detailMetrics.height();
    const QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    const int iconSize = style->pixelMetric(QStyle::PM_SmallIconSize, &opt, opt.widget);
    const int width = 2 * Margin + iconSize + Margin
        + qMax(nameMetrics.horizontalAdvance(opt.text),
               detailMetrics.horizontalAdvance(detailText(index)));
    return {width, height};
}

} // namespace Layerscope
