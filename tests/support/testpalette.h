#pragma once

#include <QPalette>

/// Palettes the UI tests and render tools draw with.
namespace TestPalette {

/// A dark palette (light text on dark grey), as dark desktop themes give, to check that every
/// view stays readable in one.
QPalette dark();

} // namespace TestPalette
