// Rows to value types: kSourceSelect by position (the listing's hot path), jobs and KBs by
// column name, and the id and time helpers every reader shares.

#include "core/ids.h"
#include "core/sharedstrings.h"
#include "direct/directstore_p.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace feather {

using direct::SqlSession;

namespace direct {

namespace {

// One row of kSourceSelect, whichever way it is held: a live forward-only query or a record.
template <typename Row>
Source sourceFrom(const Row &r)
{
    Source s;
    s.id = SqlSession::idValue(r.value(SourceId));
    // The values that repeat across rows share one string each (SharedStrings).
    s.knowledgeBaseId = SharedStrings::intern(SqlSession::idValue(r.value(SourceKb)));
    s.provider = SharedStrings::intern(r.value(SourceProvider).toString());
    s.connectionNickname = r.value(SourceNickname).toString();
    s.status = SharedStrings::intern(r.value(SourceStatus).toString());
    s.lastSyncJobId = SqlSession::idValue(r.value(SourceLastJob));
    s.autoSyncEnabled = r.value(SourceAutoSync).toBool();
    if (const QVariant v = r.value(SourceInterval); !v.isNull())
        s.syncIntervalSeconds = v.toInt();
    s.nextSyncAt = SqlSession::timeValue(r.value(SourceNextSync));
    s.lastAutoSyncAt = SqlSession::timeValue(r.value(SourceLastAutoSync));
    s.createdAt = SqlSession::timeValue(r.value(SourceCreated));
    s.updatedAt = SqlSession::timeValue(r.value(SourceUpdated));
    s.lastSyncStatus = SharedStrings::intern(r.value(SourceLastSyncStatus).toString());
    s.lastErrorMessage = r.value(SourceLastError).toString();
    s.lastSyncCompletedAt = SqlSession::timeValue(r.value(SourceLastSyncCompleted));
    return s;
}

} // namespace

Source sourceFromRow(const QSqlQuery &row)
{
    return sourceFrom(row);
}

Source sourceFromRecord(const QSqlRecord &r)
{
    return sourceFrom(r);
}

SyncJob jobFromRecord(const QSqlRecord &r)
{
    SyncJob j;
    j.id = SqlSession::idValue(r.value(u"id"_s));
    j.jobType = r.value(u"job_type"_s).toString();
    j.status = r.value(u"status"_s).toString();
    j.knowledgeBaseId = SqlSession::idValue(r.value(u"knowledge_base_id"_s));
    j.sourceId = SqlSession::idValue(r.value(u"knowledge_base_source_id"_s));
    j.triggerId = SqlSession::idValue(r.value(u"trigger_id"_s));
    j.triggeredBy = r.value(u"triggered_by"_s).toString();
    j.errorMessage = r.value(u"error_message"_s).toString();
    if (const QVariant v = r.value(u"total_documents"_s); !v.isNull())
        j.totalDocuments = v.toInt();
    j.completed = r.value(u"completed_documents"_s).toInt();
    j.failed = r.value(u"failed_documents"_s).toInt();
    if (j.status == u"completed"_s)
        j.progressPct = 100.0;
    else if (j.totalDocuments && *j.totalDocuments > 0)
        j.progressPct = qMin(100.0, 100.0 * (j.completed + j.failed) / *j.totalDocuments);
    j.createdAt = SqlSession::timeValue(r.value(u"created_at"_s));
    j.updatedAt = SqlSession::timeValue(r.value(u"updated_at"_s));
    j.startedAt = SqlSession::timeValue(r.value(u"started_at"_s));
    j.completedAt = SqlSession::timeValue(r.value(u"completed_at"_s));
    return j;
}

KnowledgeBase kbFromRecord(const QSqlRecord &r)
{
    KnowledgeBase kb;
    kb.id = SqlSession::idValue(r.value(u"id"_s));
    kb.organizationId = SqlSession::idValue(r.value(u"organization_id"_s));
    kb.name = r.value(u"name"_s).toString();
    kb.description = r.value(u"description"_s).toString();
    kb.isActive = r.value(u"is_active"_s).toBool();
    kb.documentCount = r.value(u"document_count"_s).toInt();
    kb.createdAt = SqlSession::timeValue(r.value(u"created_at"_s));
    kb.updatedAt = SqlSession::timeValue(r.value(u"updated_at"_s));
    return kb;
}

QString checkId(const QString &what, const QString &text, QString *out)
{
    *out = normalizedUuid(text);
    return out->isNull() ? invalidUuidReason(what, text) : QString();
}

QString utcMinute(const QDateTime &time)
{
    return time.toUTC().toString(u"yyyy-MM-dd HH:mm"_s) + u" UTC"_s;
}

} // namespace direct

} // namespace feather
