#include "warningtext.h"

#include <QColor>
#include <QPalette>
#include <QWidget>

namespace Layerscope {

void setWarningText(QWidget *label)
{
    QPalette palette = label->palette();
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    palette.setColor(QPalette::WindowText,
                     dark ? QColor(0xff, 0x7a, 0x7a) : QColor(0xc0, 0x20, 0x20));
    label->setPalette(palette);
}

} // namespace Layerscope
