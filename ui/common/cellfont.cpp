#include "cellfont.h"

#include <QFont>
#include <QFontDatabase>

namespace Layerscope {

QVariant documentCellFont(bool digestColumn, bool current)
{
    if (!current && !digestColumn)
        return {};
    QFont font = digestColumn ? QFontDatabase::systemFont(QFontDatabase::FixedFont) : QFont();
    font.setBold(current);
    return font;
}

} // namespace Layerscope
