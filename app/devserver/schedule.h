#pragma once

#include "devserver/handlers.h"

namespace feather::devserver {

// PATCH …/sources/{source_id}/schedule with an UpdateSourceScheduleRequest body
// {auto_sync_enabled: bool (required), sync_interval_seconds: int ≥ 1 | null, required when
// enabling} → 200 SourceResponse; a body that breaks those rules → 422 with FastAPI entries
// and nothing is written.
ApiResponse updateSchedule(DirectStore &store, const QString &kbId, const QString &sourceId,
                           const QByteArray &body, const ApiContext &context);

} // namespace feather::devserver
