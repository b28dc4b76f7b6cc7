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
    QStringList segments; // "{name}" segments capture a parameter
};

const QList<Pattern> &patterns()
{
    static const QList<Pattern> all = [] {
        const QString kbs = QStringLiteral("knowledge-bases");
        const QString kb = QStringLiteral("{kb_id}");
        const QString sources = QStringLiteral("sources");
        const QString src = QStringLiteral("{source_id}");
        return QList<Pattern>{
            {"GET", Endpoint::ListKnowledgeBases, {kbs}},
            {"GET", Endpoint::GetKnowledgeBase, {kbs, kb}},
            {"GET", Endpoint::ListSources, {kbs, kb, sources}},
            {"GET", Endpoint::GetSource, {kbs, kb, sources, src}},
            {"POST", Endpoint::TriggerSync, {kbs, kb, sources, src, QStringLiteral("sync")}},
            {"GET",
             Endpoint::SyncStatus,
             {kbs, kb, sources, src, QStringLiteral("sync"), QStringLiteral("status")}},
            {"PATCH",
             Endpoint::UpdateSchedule,
             {kbs, kb, sources, src, QStringLiteral("schedule")}},
            {"GET",
             Endpoint::GetJob,
             {QStringLiteral("ingestion-jobs"), QStringLiteral("{job_id}")}},
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
            params.append(
                {want.mid(1, want.size() - 2), QUrl::fromPercentEncoding(segments.at(i).toUtf8())});
        } else if (segments.at(i) != want) {
            return false;
        }
    }
    route->params = params;
    return true;
}

} // namespace

Route matchRoute(const QString &method, const QString &path)
{
    static const QString prefix = QStringLiteral("/v1/knowledge-base/");
    Route route;
    if (!path.startsWith(prefix))
        return route;
    const QStringList segments = path.mid(prefix.size()).split(u'/');
    for (const Pattern &pattern : patterns()) {
        Route candidate;
        if (!matches(pattern, segments, &candidate))
            continue;
        if (method == QLatin1String(pattern.method)) {
            candidate.endpoint = pattern.endpoint;
            return candidate;
        }
        route.endpoint = Endpoint::MethodNotAllowed;
    }
    return route;
}

} // namespace feather::devserver
