#pragma once

#include "core/types.h"

#include <QStringList>

namespace feather {
class MainWindow;
class ResyncConfirmDialog;
} // namespace feather

namespace feather::test {

// Waits for the window's first load (KBs + every source page); false on timeout.
bool waitLoaded(MainWindow &window, int timeoutMs = 20000);
// Up to `count` source ids whose raw status is `status`, in model order.
QStringList sourcesWithStatus(MainWindow &window, const QString &status, int count);
// Triggers `action` and returns the confirmation dialog it opened (null on timeout).
ResyncConfirmDialog *openConfirmation(MainWindow &window, const std::function<void()> &action);
// Clicks the confirm button once the dry-run preview has finished; waits for the run to end.
bool confirmAndWaitForRun(MainWindow &window, ResyncConfirmDialog *dialog, int timeoutMs = 30000);
// Every file under the QStandardPaths test-mode folders that contains `needle`.
QStringList filesContaining(const QByteArray &needle);

} // namespace feather::test
