#pragma once

#include "devserver/apierrors.h"

#include <optional>

namespace feather {
class DirectStore;
}

namespace feather::devserver {

// POST …/sources/{source_id}/sync over the guarded trigger (DESIGN.md). `kbId` and
// `sourceId` are canonical UUIDs already. An Idempotency-Key that is a UUID becomes the
// trigger_id, so a retried request gets the job it created the first time (200,
// `Idempotent-Replayed: true`) instead of a 409 from its own earlier success.
//   200 {job_id, status:"queued", message:"Sync has been queued"}
//   409 {error:"sync_in_progress", message:"Source is already syncing (job …, since …)", job_id}
//   404 {error:"not_found", message}    422 Idempotency-Key present but not a UUID
ApiResponse triggerSync(DirectStore &store, const QString &kbId, const QString &sourceId,
                        const std::optional<QString> &idempotencyKey, const QString &triggeredBy);

} // namespace feather::devserver
