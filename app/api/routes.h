#pragma once

#include <QString>

namespace feather::api {

// A request path, or why none could be built. Every id goes through normalizedUuid() here,
// whether a user typed it or a server sent it, so a malformed id (a KB id of
// "../../../etc?x=1#" in a listing) never reaches a URL.
struct Route {
    QString path;  // relative to the base URL; empty when refused
    QString error; // one line naming the bad id ("kb_id is not a UUID: …")
    bool ok() const { return error.isEmpty(); }
};

// Every path the client uses (docs/feather-api.md §1), built in this one place.
struct Routes {
    static Route knowledgeBases();                                         // GET list
    static Route sources(const QString &kbId);                             // GET list
    static Route sync(const QString &kbId, const QString &sourceId);       // POST
    static Route syncStatus(const QString &kbId, const QString &sourceId); // GET
    static Route schedule(const QString &kbId, const QString &sourceId);   // PATCH
    static Route job(const QString &jobId);                                // GET
    static Route connectorFreshness();               // GET, every source (bare JSON array)
    static Route ingestionJobs(const QString &kbId); // GET list (CursorPage)
    static Route jobDocuments(const QString &jobId); // GET list (CursorPage)
    static Route jobLogs(const QString &jobId);      // GET list (CursorPage of groups)
    static Route jobRetry(const QString &jobId);     // POST, 202
};

} // namespace feather::api
