#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace feather::devserver {

// The operations feather-devserver serves (feather-api.md §1–3; openapi.json lists them).
enum class Endpoint {
    ListKnowledgeBases, // GET   /v1/knowledge-base/knowledge-bases
    GetKnowledgeBase,   // GET   …/knowledge-bases/{kb_id}
    ListSources,        // GET   …/knowledge-bases/{kb_id}/sources
    GetSource,          // GET   …/sources/{source_id}
    TriggerSync,        // POST  …/sources/{source_id}/sync
    SyncStatus,         // GET   …/sources/{source_id}/sync/status
    UpdateSchedule,     // PATCH …/sources/{source_id}/schedule
    ListJobs,           // GET   …/knowledge-bases/{kb_id}/ingestion-jobs
    GetJob,             // GET   /v1/knowledge-base/ingestion-jobs/{job_id}
    JobDocuments,       // GET   …/ingestion-jobs/{job_id}/documents
    JobLogs,            // GET   …/ingestion-jobs/{job_id}/logs
    RetryJob,           // POST  …/ingestion-jobs/{job_id}/retry
    Freshness,          // GET   /v1/analytics/knowledge/connectors/freshness
    OpenApi,            // GET   /openapi.json (no key, like FastAPI's)
    NotFound,           // no such path                   → 404 {"detail":"Not Found"}
    MethodNotAllowed,   // the path exists with other methods → 405 + Allow
    Redirect,           // the path plus a trailing slash → 307 to the path without it
};

// A matched route. Like Starlette, matching runs on the percent-decoded path and a path
// parameter is one non-empty segment; parameters are named as in the API ("kb_id",
// "source_id", "job_id") and are not validated here (the handler answers 422 naming them).
struct Route {
    Endpoint endpoint = Endpoint::NotFound;
    QList<QPair<QString, QString>> params;
    QByteArray allow;    // MethodNotAllowed: the methods the path has ("GET")
    QByteArray location; // Redirect: the encoded path without its trailing slashes
    QString param(const QString &name) const;
};

// `method` in upper case; `rawPath` the request's path as sent (percent-encoded).
Route matchRoute(QByteArrayView method, const QByteArray &rawPath);

// Whether the endpoint needs the API key (every API operation; not the OpenAPI document).
bool needsKey(Endpoint endpoint);

} // namespace feather::devserver
