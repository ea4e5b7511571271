#pragma once

#include "values/imagediff.h"

#include <QColor>

class QPalette;

namespace Layerscope {

/// What a tinted cell of a compare says, whatever it compares (layers, config values).
enum class CompareTint {
    None, ///< the same on both sides: no tint
    Changed, ///< present on both sides in another form (recompressed, a changed value)
    Removed, ///< present in A only
    Added, ///< present in B only
};

/**
 * The background of a cell tinted \a tint: the palette's base blended with blue, red or green,
 * lightly on light palettes and more on dark ones, so the palette's text stays readable on it
 * (a contrast of at least 4.5:1 with QPalette::Text on both). An invalid colour for None.
 */
QColor compareTintColor(CompareTint tint, const QPalette &palette);

/// The colour of a placeholder ("—" where a side has nothing): the palette's text blended
/// halfway into its base, quieter than text yet readable on light and dark palettes.
QColor compareMutedColor(const QPalette &palette);

/// The tint of the cells of a layer row that \a change describes.
CompareTint compareTint(LayerChange change);

} // namespace Layerscope
