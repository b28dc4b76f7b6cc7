#pragma once

#include "devserver/apierrors.h"
#include "devserver/router.h"

#include <QUrlQuery>
#include <optional>

namespace feather {
class DirectStore;
}

namespace feather::devserver {

// What a handler needs from an HTTP request, copied off the socket's request object so it can
// travel to a worker thread.
struct ApiRequest {
    Route route;
    QUrlQuery query;
    std::optional<QString> idempotencyKey; // the header, verbatim; nullopt when absent
    QByteArray body;
};

// Runs one authenticated request against `store` (the calling thread's own store) and builds
// the answer: 422 for malformed path/query/body input (FastAPI's HTTPValidationError), 404 for
// unknown ids, 409 when the guarded trigger finds the source busy, 500/503 for store failures.
// `triggeredBy` is recorded as ingestion_jobs.triggered_by.
ApiResponse handle(const ApiRequest &request, DirectStore &store, const QString &triggeredBy);

// 404 {error:"not_found"} for an unknown path, 405 for a known path with the wrong method.
ApiResponse unmatchedRouteReply(Endpoint endpoint);

// Opaque keyset cursors: base64url of the last id of the previous page.
QString encodeCursor(const QString &lastId);
QString decodeCursor(const QString &cursor); // null when it is not one of ours

} // namespace feather::devserver
