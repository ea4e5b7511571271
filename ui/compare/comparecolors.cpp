#include "comparecolors.h"

#include <QPalette>

namespace Layerscope {

namespace {

QColor blend(const QColor &base, const QColor &accent, double amount)
{
    return QColor::fromRgbF(float(base.redF() * (1 - amount) + accent.redF() * amount),
                            float(base.greenF() * (1 - amount) + accent.greenF() * amount),
                            float(base.blueF() * (1 - amount) + accent.blueF() * amount));
}

} // namespace

QColor compareTintColor(CompareTint tint, const QPalette &palette)
{
    QColor accent;
    switch (tint) {
    case CompareTint::None:
        return {};
    case CompareTint::Changed:
        accent = QColor(0x30, 0x80, 0xe0);
        break;
    case CompareTint::Removed:
        accent = QColor(0xe0, 0x40, 0x40);
        break;
    case CompareTint::Added:
        accent = QColor(0x2e, 0xa0, 0x43);
        break;
    }
    const QColor base = palette.color(QPalette::Base);
    // A dark base needs more of the accent before the tint is seen at all; light text on it
    // keeps its contrast because the blend stays dark.
    const bool dark = base.lightness() < 128;
    return blend(base, accent, dark ? 0.34 : 0.2);
}

QColor compareMutedColor(const QPalette &palette)
{
    // The palette's own disabled text is too faint on some styles (Fusion's light grey on
    // white) to be read at all.
    return blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.45);
}

CompareTint compareTint(LayerChange change)
{
    switch (change) {
    case LayerChange::Same:
        return CompareTint::None;
    case LayerChange::Recompressed:
        return CompareTint::Changed;
    case LayerChange::OnlyA:
        return CompareTint::Removed;
    case LayerChange::OnlyB:
        return CompareTint::Added;
    }
    return CompareTint::None;
}

} // namespace Layerscope
