#pragma once

#include "devserver/apierrors.h"
#include "devserver/router.h"

#include <QHash>
#include <QUrlQuery>
#include <optional>

namespace feather {
class DirectStore;
}

namespace feather::devserver {

// What a handler needs from an HTTP request, copied off the connection so it can travel to a
// worker thread.
struct ApiRequest {
    Route route;
    QUrlQuery query;
    std::optional<QByteArray> idempotencyKey; // the header, verbatim; nullopt when absent
    QByteArray body;
};

// Server-wide settings every handler sees.
struct ApiContext {
    bool extensions = false; // --extensions: the devserver-only conveniences
    int syncSeconds = 5;     // the job simulation's duration (progress is derived from it)
    QString triggeredBy;     // recorded as ingestion_jobs.triggered_by
};

// Runs one authenticated request against `store` (the calling thread's own store) and builds
// the answer: 422 for malformed path/query/body input (FastAPI's HTTPValidationError), 400
// for a cursor that is not ours, 404 for unknown ids, 409 when the guarded trigger finds the
// source busy, 500/503 for store failures.
ApiResponse handle(const ApiRequest &request, DirectStore &store, const ApiContext &context);

// The path parameters as canonical UUIDs, or (in *detail) a uuid_parsing entry for each one
// that is not a UUID, in path order (FastAPI reports them all at once).
QHash<QString, QString> pathIds(const Route &route, QJsonArray *detail);

// Per-endpoint handlers (handlers.cpp, jobhandlers.cpp, trigger.cpp, schedule.cpp).
ApiResponse listJobs(const ApiRequest &request, DirectStore &store, const ApiContext &context);
ApiResponse jobEndpoint(const ApiRequest &request, DirectStore &store, const ApiContext &context);
ApiResponse freshness(const ApiRequest &request, DirectStore &store, const ApiContext &context);

} // namespace feather::devserver
