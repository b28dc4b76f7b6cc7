#pragma once

#include "core/types.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

// How featherctl renders resync rows: pure functions, so every outcome's rendering is tested
// without a backend (tests/unit/core/tst_outcometraits.cpp).
namespace feather::cli {

QStringList resyncTableHeader();
// One text-table row in resyncTableHeader()'s order. A preview row says what *would* happen
// ("would start", "would skip: not_eligible"): "triggered" would read as done.
QStringList resyncTableRow(const TriggerResult &result, bool dryRun);
// One JSON Lines object: {"kb_id","source_id","outcome","job_id","status","message",…}.
QJsonObject resyncJsonRow(const TriggerResult &result);
// The exit status of a finished resync: the largest exit contribution among its rows
// (OutcomeTraits::exitCode), 1 when there were none.
int resyncExitCode(const QList<TriggerResult> &results);

} // namespace feather::cli
