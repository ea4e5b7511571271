#pragma once

#include <QVariant>

namespace Layerscope {

/**
 * The Qt::FontRole of a cell in a list of documents: digests in the fixed-width font (so their
 * hex lines up), and the entry shown elsewhere in the window (\a current) in bold. An invalid
 * QVariant (the view's font) for any other cell.
 */
QVariant documentCellFont(bool digestColumn, bool current);

} // namespace Layerscope
