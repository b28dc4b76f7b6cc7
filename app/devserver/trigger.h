#pragma once

#include "devserver/handlers.h"

#include <optional>

namespace feather::devserver {

// POST …/sources/{source_id}/sync over the guarded trigger (DESIGN.md). `kbId` and
// `sourceId` are canonical UUIDs already.
//   200 {job_id, status:"queued", message:"Sync has been queued"}
//   409 {error:"sync_in_progress", message:"Source is already syncing (job …, since …)"}
//   409 {error:"source_not_eligible", message:"Source is paused; …"} (any status other than
//       active, error and syncing)
//   404 {error:"not_found", message}
// The documented API has no idempotency: a second POST is a second trigger. With
// --extensions only, an Idempotency-Key that is a UUID becomes the trigger_id, a retried
// request gets the job it created (200, Idempotent-Replayed: true), a key that is not a UUID
// is a 422, and a 409 body also names the running job (`job_id`).
ApiResponse triggerSync(DirectStore &store, const QString &kbId, const QString &sourceId,
                        const std::optional<QByteArray> &idempotencyKey, const ApiContext &context);

} // namespace feather::devserver
