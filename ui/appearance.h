#pragma once

#include <QPalette>

namespace feather {

// The console normally takes the desktop's palette as it is; --dark (and the contrast tests)
// use this one on desktops that have no dark theme to offer. Meant for the Fusion style.
QPalette darkPalette();

} // namespace feather
