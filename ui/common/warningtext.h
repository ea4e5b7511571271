#pragma once

class QWidget;

namespace Layerscope {

/// Shows \a label's text in the red of inline problems ("host is not valid", "wrong password"),
/// a lighter red on dark palettes so it stays readable on both.
void setWarningText(QWidget *label);

} // namespace Layerscope
