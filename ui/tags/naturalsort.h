#pragma once

#include <QStringView>

namespace Layerscope {

/**
 * Compares two names the way people read version tags: runs of ASCII digits compare by their
 * numeric value ("1.9" < "1.10", "v2" < "v10"), everything else case-insensitively.
 *
 * It is a strict total order, so it can drive a sort directly: names that are equal by the
 * rules above are ordered first by their leading zeros ("1" < "01") and then case-sensitively
 * ("Latest" < "latest"); only identical strings compare equal.
 *
 * Returns a negative number when \a a sorts first, a positive one when \a b does, 0 when they
 * are the same string.
 */
int naturalCompare(QStringView a, QStringView b);

} // namespace Layerscope
