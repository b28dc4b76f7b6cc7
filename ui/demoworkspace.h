#pragma once

#include "config/profiles.h"
#include "core/types.h"

#include <QFuture>

namespace feather {

// The first-run demo: a SQLite database in the user's data folder, created and seeded with
// DirectStore::seedDemo on a worker thread (the window stays responsive meanwhile). Seeding
// happens once; later calls just return the URL.
QString demoDatabasePath();
QFuture<Result<QString>> createDemoWorkspace(int sources = 600);
Profile demoProfile();

} // namespace feather
