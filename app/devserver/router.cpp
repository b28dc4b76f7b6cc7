#include "devserver/router.h"

#include <QStringList>
#include <QUrl>

namespace feather::devserver {

QString Route::param(const QString &name) const
{
    for (const auto &[key, value] : params) {
        if (key == name)
            return value;
    }
    return {};
}

namespace {

struct Pattern {
    const char *method;
    Endpoint endpoint;
    QStringList segments; // after the leading '/'; "{name}" captures a parameter
};

const QList<Pattern> &patterns()
{
    static const QList<Pattern> all = [] {
        const QString v1 = QStringLiteral("v1");
        const QString kbRoot = QStringLiteral("knowledge-base");
        const QString kbs = QStringLiteral("knowledge-bases");
        const QString kb = QStringLiteral("{kb_id}");
        const QString sources = QStringLiteral("sources");
        const QString src = QStringLiteral("{source_id}");
        const QString jobs = QStringLiteral("ingestion-jobs");
        const QString job = QStringLiteral("{job_id}");
        const QStringList source{v1, kbRoot, kbs, kb, sources, src};
        const QStringList oneJob{v1, kbRoot, jobs, job};
        return QList<Pattern>{
            {"GET", Endpoint::ListKnowledgeBases, {v1, kbRoot, kbs}},
            {"GET", Endpoint::GetKnowledgeBase, {v1, kbRoot, kbs, kb}},
            {"GET", Endpoint::ListSources, {v1, kbRoot, kbs, kb, sources}},
            {"GET", Endpoint::GetSource, source},
            {"POST", Endpoint::TriggerSync, source + QStringList{QStringLiteral("sync")}},
            {"GET", Endpoint::SyncStatus,
             source + QStringList{QStringLiteral("sync"), QStringLiteral("status")}},
            {"PATCH", Endpoint::UpdateSchedule, source + QStringList{QStringLiteral("schedule")}},
            {"GET", Endpoint::ListJobs, {v1, kbRoot, kbs, kb, jobs}},
            {"GET", Endpoint::GetJob, oneJob},
            {"GET", Endpoint::JobDocuments, oneJob + QStringList{QStringLiteral("documents")}},
            {"GET", Endpoint::JobLogs, oneJob + QStringList{QStringLiteral("logs")}},
            {"POST", Endpoint::RetryJob, oneJob + QStringList{QStringLiteral("retry")}},
            {"GET",
             Endpoint::Freshness,
             {v1, QStringLiteral("analytics"), QStringLiteral("knowledge"),
              QStringLiteral("connectors"), QStringLiteral("freshness")}},
            {"GET", Endpoint::OpenApi, {QStringLiteral("openapi.json")}},
        };
    }();
    return all;
}

bool matches(const Pattern &pattern, const QStringList &segments, Route *route)
{
    if (pattern.segments.size() != segments.size())
        return false;
    QList<QPair<QString, QString>> params;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &want = pattern.segments.at(i);
        if (want.startsWith(u'{')) {
            if (segments.at(i).isEmpty())
                return false;
            params.append({want.mid(1, want.size() - 2), segments.at(i)});
        } else if (segments.at(i) != want) {
            return false;
        }
    }
    route->params = params;
    return true;
}

// Full match → the route; a path match with another method → MethodNotAllowed naming the
// methods of the first such route (Starlette's rule); otherwise NotFound.
Route match(QByteArrayView method, const QString &path)
{
    Route route;
    if (!path.startsWith(u'/'))
        return route;
    const QStringList segments = path.mid(1).split(u'/');
    for (const Pattern &pattern : patterns()) {
        Route candidate;
        if (!matches(pattern, segments, &candidate))
            continue;
        if (method == QByteArrayView(pattern.method)) {
            candidate.endpoint = pattern.endpoint;
            return candidate;
        }
        if (route.endpoint != Endpoint::MethodNotAllowed) {
            route.endpoint = Endpoint::MethodNotAllowed;
            route.allow = pattern.method;
        }
    }
    return route;
}

} // namespace

Route matchRoute(QByteArrayView method, const QByteArray &rawPath)
{
    const QString path = QUrl::fromPercentEncoding(rawPath);
    Route route = match(method, path);
    if (route.endpoint != Endpoint::NotFound || path == QLatin1String("/") || !path.endsWith(u'/'))
        return route;
    // Starlette's redirect_slashes: the same path without trailing slashes, if it exists
    // (with any method), gets a 307 there.
    QString stripped = path;
    while (stripped.endsWith(u'/'))
        stripped.chop(1);
    if (match(method, stripped).endpoint == Endpoint::NotFound)
        return route;
    QByteArray location = rawPath;
    while (location.endsWith('/'))
        location.chop(1);
    route.endpoint = Endpoint::Redirect;
    route.location = location.isEmpty() ? QByteArrayLiteral("/") : location;
    return route;
}

bool needsKey(Endpoint endpoint)
{
    switch (endpoint) {
    case Endpoint::OpenApi:
    case Endpoint::NotFound:
    case Endpoint::MethodNotAllowed:
    case Endpoint::Redirect:
        return false;
    case Endpoint::ListKnowledgeBases:
    case Endpoint::GetKnowledgeBase:
    case Endpoint::ListSources:
    case Endpoint::GetSource:
    case Endpoint::TriggerSync:
    case Endpoint::SyncStatus:
    case Endpoint::UpdateSchedule:
    case Endpoint::ListJobs:
    case Endpoint::GetJob:
    case Endpoint::JobDocuments:
    case Endpoint::JobLogs:
    case Endpoint::RetryJob:
    case Endpoint::Freshness:
        return true;
    }
    return true;
}

} // namespace feather::devserver
