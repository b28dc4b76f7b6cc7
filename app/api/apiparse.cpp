#include "api/apiparse.h"

#include "core/ids.h"
#include "core/json.h"
#include "core/sharedstrings.h"

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

bool fail(QString *why, const QString &text)
{
    if (why)
        *why = text;
    return false;
}

// A JSON number that is an integer (JSON has one number type; 3.0 is accepted, 3.5 is not).
bool readInteger(const QJsonObject &o, QLatin1StringView key, qint64 *out, QString *why)
{
    const QJsonValue v = o.value(key);
    const double d = v.toDouble(0.5);
    if (!v.isDouble() || d != double(qint64(d)))
        return fail(why, u"%1 is missing or not an integer"_s.arg(key));
    *out = qint64(d);
    return true;
}

bool readString(const QJsonObject &o, QLatin1StringView key, QString *out, QString *why)
{
    const QJsonValue v = o.value(key);
    if (!v.isString())
        return fail(why, u"%1 is missing or not a string"_s.arg(key));
    *out = v.toString();
    return true;
}

QString idKey(const QString &id)
{
    const QString normal = normalizedUuid(id);
    return normal.isNull() ? id : normal;
}

} // namespace

std::optional<ConnectorFreshness> parseFreshnessRow(const QJsonObject &o, QString *why)
{
    ConnectorFreshness f;
    const bool ok =
        readString(o, "knowledge_base_source_id"_L1, &f.sourceId, why)
        && readString(o, "knowledge_base_id"_L1, &f.knowledgeBaseId, why)
        && readString(o, "provider"_L1, &f.provider, why)
        && readString(o, "last_status"_L1, &f.lastStatus, why)
        && readString(o, "last_event_type"_L1, &f.lastEventType, why)
        && readInteger(o, "last_items_processed"_L1, &f.itemsProcessed, why)
        && readInteger(o, "last_items_succeeded"_L1, &f.itemsSucceeded, why)
        && readInteger(o, "last_items_failed"_L1, &f.itemsFailed, why)
        && readInteger(o, "last_items_unchanged"_L1, &f.itemsUnchanged, why)
        && readInteger(o, "time_since_last_event_seconds"_L1, &f.secondsSinceLastEvent, why);
    if (!ok)
        return std::nullopt;
    f.lastEventAt = json::parseTime(o.value("last_event_at"_L1));
    if (!f.lastEventAt.isValid()) {
        fail(why, u"last_event_at is missing or not a date-time"_s);
        return std::nullopt;
    }
    f.sourceId = idKey(f.sourceId);
    f.knowledgeBaseId = idKey(f.knowledgeBaseId);
    f.lastSyncStartedAt = json::parseTime(o.value("last_sync_started_at"_L1));
    f.lastSyncCompletedAt = json::parseTime(o.value("last_sync_completed_at"_L1));
    if (const QJsonValue d = o.value("last_duration_ms"_L1); d.isDouble())
        f.lastDurationMs = d.toDouble();
    f.lastErrorMessage = o.value("last_error_message"_L1).toString();
    return f;
}

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
    else if (s) // after normalising: a KB's sources share one copy of its id
        s->knowledgeBaseId = SharedStrings::intern(s->knowledgeBaseId);
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
