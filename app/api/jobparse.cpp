#include "api/jobparse.h"

#include "api/apiparse.h"
#include "core/ids.h"
#include "core/json.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace feather::api {

namespace {

bool fail(QString *why, const QString &text)
{
    if (why)
        *why = text;
    return false;
}

bool requireString(const QJsonObject &o, QLatin1StringView key, QString *why)
{
    return o.value(key).isString() || fail(why, u"%1 is missing or not a string"_s.arg(key));
}

// A required-but-nullable uuid (document_id): present, null or a UUID.
bool nullableId(const QJsonObject &o, QLatin1StringView key, QString *out, QString *why)
{
    if (!o.contains(key))
        return fail(why, u"%1 is missing"_s.arg(key));
    const QJsonValue v = o.value(key);
    if (v.isNull())
        return true;
    const QString id = normalizedUuid(v.toString());
    if (!v.isString() || id.isNull())
        return fail(why, invalidUuidReason(QString(key), v.toString()));
    *out = id;
    return true;
}

std::optional<int> optInt(const QJsonObject &o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble())
        return std::nullopt;
    return v.toInt();
}

QDateTime time(const QJsonObject &o, QLatin1StringView key)
{
    return json::parseTime(o.value(key));
}

std::optional<JobLogEntry> parseLogEntry(const QJsonObject &o, QString *why)
{
    for (const QLatin1StringView key : {"id"_L1, "task_name"_L1, "status"_L1}) {
        if (!requireString(o, key, why))
            return std::nullopt;
    }
    JobLogEntry e;
    e.id = o.value("id"_L1).toString();
    e.taskName = o.value("task_name"_L1).toString();
    e.status = o.value("status"_L1).toString();
    e.startedAt = time(o, "started_at"_L1);
    if (!e.startedAt.isValid()) {
        fail(why, u"started_at is missing or not a date-time"_s);
        return std::nullopt;
    }
    e.completedAt = time(o, "completed_at"_L1);
    e.errorMessage = o.value("error_message"_L1).toString();
    e.durationMs = optInt(o, "duration_ms"_L1);
    return e;
}

} // namespace

std::optional<JobHistoryEntry> parseJobSummary(const QJsonObject &o, QString *why)
{
    if (!requireString(o, "job_type"_L1, why))
        return std::nullopt;
    std::optional<SyncJob> job = parseJob(o, why);
    if (!job)
        return std::nullopt;
    if (!job->createdAt.isValid()) {
        fail(why, u"created_at is missing or not a date-time"_s);
        return std::nullopt;
    }
    JobHistoryEntry e;
    e.job = std::move(*job);
    e.itemTitle = o.value("item_title"_L1).toString();
    e.processedCount = optInt(o, "processed_count"_L1).value_or(0); // documented default 0
    return e;
}

std::optional<JobDocument> parseJobDocument(const QJsonObject &o, QString *why)
{
    JobDocument d;
    if (!nullableId(o, "document_id"_L1, &d.documentId, why) || !requireString(o, "status"_L1, why))
        return std::nullopt;
    d.status = o.value("status"_L1).toString();
    d.title = o.value("title"_L1).toString();
    d.processingStage = o.value("processing_stage"_L1).toString();
    d.errorMessage = o.value("error_message"_L1).toString();
    d.segmentCount = optInt(o, "segment_count"_L1);
    d.processedSegments = optInt(o, "processed_segments"_L1).value_or(0);
    d.startedAt = time(o, "started_at"_L1);
    d.completedAt = time(o, "completed_at"_L1);
    return d;
}

std::optional<JobLogGroup> parseJobLogGroup(const QJsonObject &o, QString *why)
{
    JobLogGroup g;
    if (!nullableId(o, "document_id"_L1, &g.documentId, why) || !requireString(o, "status"_L1, why))
        return std::nullopt;
    if (!o.value("logs"_L1).isArray()) {
        fail(why, u"logs is missing or not an array"_s);
        return std::nullopt;
    }
    g.status = o.value("status"_L1).toString();
    g.title = o.value("title"_L1).toString();
    const QJsonArray logs = o.value("logs"_L1).toArray();
    for (qsizetype i = 0; i < logs.size(); ++i) {
        QString inner = u"not an object"_s;
        std::optional<JobLogEntry> e;
        if (logs.at(i).isObject())
            e = parseLogEntry(logs.at(i).toObject(), &inner);
        if (!e) {
            fail(why, u"logs[%1]: %2"_s.arg(i).arg(inner));
            return std::nullopt;
        }
        g.logs.append(std::move(*e));
    }
    return g;
}

} // namespace feather::api
