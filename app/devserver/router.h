#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace feather::devserver {

// The endpoints feather-devserver serves, all under /v1/knowledge-base (feather-api.md §1–2).
enum class Endpoint {
    ListKnowledgeBases, // GET   /knowledge-bases
    GetKnowledgeBase,   // GET   /knowledge-bases/{kb_id}
    ListSources,        // GET   /knowledge-bases/{kb_id}/sources
    GetSource,          // GET   /knowledge-bases/{kb_id}/sources/{source_id}
    TriggerSync,        // POST  …/sources/{source_id}/sync
    SyncStatus,         // GET   …/sources/{source_id}/sync/status
    UpdateSchedule,     // PATCH …/sources/{source_id}/schedule
    GetJob,             // GET   /ingestion-jobs/{job_id}
    NotFound,           // no such path
    MethodNotAllowed,   // the path exists, not with this method
};

// A matched route: the endpoint and its path parameters in path order, named as in the API
// ("kb_id", "source_id", "job_id"), percent-decoded but not yet validated (the handler answers
// 422 for a malformed UUID, so the reply can name the parameter).
struct Route {
    Endpoint endpoint = Endpoint::NotFound;
    QList<QPair<QString, QString>> params;
    QString param(const QString &name) const;
};

// `method` is the HTTP method in upper case, `path` the encoded URL path.
Route matchRoute(const QString &method, const QString &path);

} // namespace feather::devserver
