#include "api/routes.h"

#include "core/ids.h"

#include <initializer_list>
#include <utility>

using namespace Qt::StringLiterals;

namespace feather::api {

namespace {

const QString KnowledgeBases = u"/v1/knowledge-base/knowledge-bases"_s;

// Substitutes each "{name}" in `pattern` with the named id in canonical lower-case form, or
// refuses with the first bad id.
Route build(QString pattern, std::initializer_list<std::pair<const char16_t *, QString>> ids)
{
    for (const auto &[name, id] : ids) {
        const QString normal = normalizedUuid(id);
        if (normal.isNull())
            return Route{{}, invalidUuidReason(QString::fromUtf16(name), id)};
        pattern.replace(u'{' + QString::fromUtf16(name) + u'}', normal);
    }
    return Route{pattern, {}};
}

Route sourceRoute(const QString &tail, const QString &kbId, const QString &sourceId)
{
    return build(KnowledgeBases + u"/{kb_id}/sources/{source_id}"_s + tail,
                 {{u"kb_id", kbId}, {u"source_id", sourceId}});
}

} // namespace

Route Routes::knowledgeBases()
{
    return Route{KnowledgeBases, {}};
}

Route Routes::sources(const QString &kbId)
{
    return build(KnowledgeBases + u"/{kb_id}/sources"_s, {{u"kb_id", kbId}});
}

Route Routes::sync(const QString &kbId, const QString &sourceId)
{
    return sourceRoute(u"/sync"_s, kbId, sourceId);
}

Route Routes::syncStatus(const QString &kbId, const QString &sourceId)
{
    return sourceRoute(u"/sync/status"_s, kbId, sourceId);
}

Route Routes::schedule(const QString &kbId, const QString &sourceId)
{
    return sourceRoute(u"/schedule"_s, kbId, sourceId);
}

Route Routes::job(const QString &jobId)
{
    return build(u"/v1/knowledge-base/ingestion-jobs/{job_id}"_s, {{u"job_id", jobId}});
}

Route Routes::connectorFreshness()
{
    return Route{u"/v1/analytics/knowledge/connectors/freshness"_s, {}};
}

Route Routes::ingestionJobs(const QString &kbId)
{
    return build(KnowledgeBases + u"/{kb_id}/ingestion-jobs"_s, {{u"kb_id", kbId}});
}

Route Routes::jobDocuments(const QString &jobId)
{
    return build(u"/v1/knowledge-base/ingestion-jobs/{job_id}/documents"_s, {{u"job_id", jobId}});
}

Route Routes::jobLogs(const QString &jobId)
{
    return build(u"/v1/knowledge-base/ingestion-jobs/{job_id}/logs"_s, {{u"job_id", jobId}});
}

Route Routes::jobRetry(const QString &jobId)
{
    return build(u"/v1/knowledge-base/ingestion-jobs/{job_id}/retry"_s, {{u"job_id", jobId}});
}

} // namespace feather::api
