#pragma once

// Moved to core/retrypolicy.h: the API client's read retries use the same policy as the
// engine's trigger retries, and app/api must not depend on app/resync.
#include "core/retrypolicy.h"
