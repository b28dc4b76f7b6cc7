#include "api/apiparse.h"

#include "core/ids.h"
#include "core/json.h"

#include <initializer_list>
#include <utility>

using namespace Qt::StringLiterals;

namespace feather::api {

namespace {

// Normalises each id in place; empty ids are nullable fields the parser already accepted.
bool checkIds(std::initializer_list<std::pair<const char16_t *, QString *>> ids, QString *why)
{
    for (const auto &[field, id] : ids) {
        if (id->isEmpty())
            continue;
        const QString normal = normalizedUuid(*id);
        if (normal.isNull()) {
            if (why)
                *why = invalidUuidReason(QString::fromUtf16(field), *id);
            return false;
        }
        *id = normal;
    }
    return true;
}

} // namespace

std::optional<KnowledgeBase> parseKnowledgeBase(const QJsonObject &o, QString *why)
{
    std::optional<KnowledgeBase> kb = json::knowledgeBaseFromJson(o, why);
    if (kb && !checkIds({{u"id", &kb->id}}, why))
        kb.reset();
    return kb;
}

std::optional<Source> parseSource(const QJsonObject &o, QString *why)
{
    std::optional<Source> s = json::sourceFromJson(o, why);
    if (s
        && !checkIds({{u"id", &s->id},
                      {u"knowledge_base_id", &s->knowledgeBaseId},
                      {u"last_sync_job_id", &s->lastSyncJobId}},
                     why))
        s.reset();
    return s;
}

std::optional<SyncStatus> parseSyncStatus(const QJsonObject &o, QString *why)
{
    std::optional<SyncStatus> s = json::syncStatusFromJson(o, why);
    if (s
        && !checkIds({{u"source_id", &s->sourceId}, {u"last_sync_job_id", &s->lastSyncJobId}}, why))
        s.reset();
    return s;
}

std::optional<SyncJob> parseJob(const QJsonObject &o, QString *why)
{
    std::optional<SyncJob> j = json::jobFromJson(o, why);
    if (j
        && !checkIds({{u"id", &j->id},
                      {u"knowledge_base_id", &j->knowledgeBaseId},
                      {u"knowledge_base_source_id", &j->sourceId}},
                     why))
        j.reset();
    return j;
}

} // namespace feather::api
