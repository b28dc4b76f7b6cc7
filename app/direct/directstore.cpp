#include "direct/directstore.h"

#include "core/ids.h"
#include "direct/directstore_p.h"

using namespace Qt::StringLiterals;

namespace feather {

using direct::Binds;
using direct::Retry;
using direct::Rows;
using direct::SqlSession;

namespace direct {

Source sourceFromRecord(const QSqlRecord &r)
{
    Source s;
    s.id = SqlSession::idValue(r.value(u"id"_s));
    s.knowledgeBaseId = SqlSession::idValue(r.value(u"knowledge_base_id"_s));
    s.provider = r.value(u"provider"_s).toString();
    s.connectionNickname = r.value(u"connection_nickname"_s).toString();
    s.status = r.value(u"status"_s).toString();
    s.lastSyncJobId = SqlSession::idValue(r.value(u"last_sync_job_id"_s));
    s.autoSyncEnabled = r.value(u"auto_sync_enabled"_s).toBool();
    if (const QVariant v = r.value(u"sync_interval_seconds"_s); !v.isNull())
        s.syncIntervalSeconds = v.toInt();
    s.nextSyncAt = SqlSession::timeValue(r.value(u"next_sync_at"_s));
    s.lastAutoSyncAt = SqlSession::timeValue(r.value(u"last_auto_sync_at"_s));
    s.createdAt = SqlSession::timeValue(r.value(u"created_at"_s));
    s.updatedAt = SqlSession::timeValue(r.value(u"updated_at"_s));
    s.lastSyncStatus = r.value(u"last_sync_status"_s).toString();
    s.lastErrorMessage = r.value(u"last_error_message"_s).toString();
    s.lastSyncCompletedAt = SqlSession::timeValue(r.value(u"last_sync_completed_at"_s));
    return s;
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

namespace {

// "column IN (:p0, :p1, …)" with every value bound; empty when there are no values.
QString boundInList(const QString &column, const QStringList &values, const QString &prefix,
                    Binds &binds)
{
    QStringList names;
    for (const QString &value : values) {
        names << u":%1%2"_s.arg(prefix).arg(names.size());
        binds.append({names.last(), value});
    }
    return names.isEmpty() ? QString() : u"%1 IN (%2)"_s.arg(column, names.join(u", "_s));
}

// The tail of a keyset page: ordered by id, at most `limit` rows (0 = all).
void appendPageTail(QString &sql, Binds &binds, const QString &idColumn, int limit)
{
    sql += u" ORDER BY "_s + idColumn;
    if (limit > 0) {
        sql += u" LIMIT :limit"_s;
        binds.append({u":limit"_s, limit});
    }
}

} // namespace

DirectStore::DirectStore(DbConfig config, QString connectionName)
    : m_config(std::move(config))
    , m_connectionName(std::move(connectionName))
    , d(new Private(m_config, m_connectionName))
{}

DirectStore::~DirectStore()
{
    delete d;
}

Result<Nothing> DirectStore::open()
{
    if (const direct::DbError e = d->session.open(); e.failed())
        return direct::failure<Nothing>(e, m_config);
    return Result<Nothing>::success({});
}

qint64 DirectStore::statementCount() const
{
    return d->session.statementCount();
}

void DirectStore::setClaimHookForTesting(std::function<bool()> hook)
{
    d->claimHook = std::move(hook);
}

KnowledgeBasesResult DirectStore::listKnowledgeBases(int limit, const QString &afterId)
{
    QString after;
    if (!afterId.isEmpty()) {
        if (const QString why = direct::checkId(u"cursor"_s, afterId, &after); !why.isEmpty())
            return KnowledgeBasesResult::failure(Outcome::Invalid, why);
    }
    QString sql = direct::kKbSelect;
    Binds binds;
    if (!after.isEmpty()) {
        sql += u" WHERE id > :after"_s;
        binds.append({u":after"_s, after});
    }
    appendPageTail(sql, binds, u"id"_s, limit);
    const Rows kbs = d->session.exec(sql, binds, Retry::Safe);
    if (!kbs.ok())
        return direct::failure<QList<KnowledgeBase>>(kbs.error, m_config);
    QList<KnowledgeBase> out;
    for (const QSqlRecord &r : kbs.rows)
        out.append(direct::kbFromRecord(r));
    if (out.isEmpty())
        return KnowledgeBasesResult::success(out);

    // Per-status counts for exactly this page: it is a contiguous id range.
    QString countSql =
        u"SELECT knowledge_base_id, status, COUNT(*) AS n FROM knowledge_base_sources"_s;
    Binds countBinds;
    if (limit > 0 || !after.isEmpty()) {
        countSql += u" WHERE knowledge_base_id >= :first AND knowledge_base_id <= :last"_s;
        countBinds = {{u":first"_s, out.first().id}, {u":last"_s, out.last().id}};
    }
    countSql += u" GROUP BY knowledge_base_id, status"_s;
    const Rows counts = d->session.exec(countSql, countBinds, Retry::Safe);
    if (!counts.ok())
        return direct::failure<QList<KnowledgeBase>>(counts.error, m_config);
    QHash<QString, int> index;
    for (int i = 0; i < out.size(); ++i)
        index.insert(out.at(i).id, i);
    for (const QSqlRecord &r : counts.rows) {
        const auto it = index.constFind(SqlSession::idValue(r.value(u"knowledge_base_id"_s)));
        if (it != index.constEnd())
            out[*it].sourceStatusCounts[r.value(u"status"_s).toString()] = r.value(u"n"_s).toInt();
    }
    return KnowledgeBasesResult::success(out);
}

Result<KnowledgeBase> DirectStore::knowledgeBase(const QString &kbId)
{
    QString kb;
    if (const QString why = direct::checkId(u"kb_id"_s, kbId, &kb); !why.isEmpty())
        return Result<KnowledgeBase>::failure(Outcome::Invalid, why);
    const Rows rows =
        d->session.exec(direct::kKbSelect + u" WHERE id = :kb"_s, {{u":kb"_s, kb}}, Retry::Safe);
    if (!rows.ok())
        return direct::failure<KnowledgeBase>(rows.error, m_config);
    if (rows.rows.isEmpty())
        return Result<KnowledgeBase>::failure(Outcome::NotFound, u"no knowledge base %1"_s.arg(kb));
    KnowledgeBase out = direct::kbFromRecord(rows.rows.first());
    const Rows counts = d->session.exec(
        u"SELECT status, COUNT(*) AS n FROM knowledge_base_sources WHERE knowledge_base_id = :kb GROUP BY status"_s,
        {{u":kb"_s, kb}}, Retry::Safe);
    if (!counts.ok())
        return direct::failure<KnowledgeBase>(counts.error, m_config);
    for (const QSqlRecord &r : counts.rows)
        out.sourceStatusCounts[r.value(u"status"_s).toString()] = r.value(u"n"_s).toInt();
    return Result<KnowledgeBase>::success(out);
}

SourcePage DirectStore::listSources(const SourceQuery &query, int limit, const QString &afterId)
{
    QStringList where;
    Binds binds;
    QStringList kbIds;
    for (const QString &id : query.kbIds) {
        QString kb;
        if (const QString why = direct::checkId(u"kb_id"_s, id, &kb); !why.isEmpty())
            return SourcePage::failure(Outcome::Invalid, why);
        kbIds << kb;
    }
    for (const QString &clause : {boundInList(u"s.knowledge_base_id"_s, kbIds, u"k"_s, binds),
                                  boundInList(u"s.status"_s, query.statuses, u"s"_s, binds)}) {
        if (!clause.isEmpty())
            where << clause;
    }
    if (!afterId.isEmpty()) {
        QString after;
        if (const QString why = direct::checkId(u"cursor"_s, afterId, &after); !why.isEmpty())
            return SourcePage::failure(Outcome::Invalid, why);
        where << u"s.id > :after"_s;
        binds.append({u":after"_s, after});
    }
    QString sql = direct::kSourceSelect;
    if (!where.isEmpty())
        sql += u" WHERE "_s + where.join(u" AND "_s);
    appendPageTail(sql, binds, u"s.id"_s, limit);
    const Rows rows = d->session.exec(sql, binds, Retry::Safe);
    if (!rows.ok())
        return direct::failure<QList<Source>>(rows.error, m_config);
    QList<Source> out;
    out.reserve(rows.rows.size());
    for (const QSqlRecord &r : rows.rows)
        out.append(direct::sourceFromRecord(r));
    return SourcePage::success(out);
}

SourceResult DirectStore::source(const QString &kbId, const QString &sourceId)
{
    QString kb, src;
    if (const QString why = direct::checkId(u"kb_id"_s, kbId, &kb); !why.isEmpty())
        return SourceResult::failure(Outcome::Invalid, why);
    if (const QString why = direct::checkId(u"source_id"_s, sourceId, &src); !why.isEmpty())
        return SourceResult::failure(Outcome::Invalid, why);
    const Rows rows = d->session.exec(
        direct::kSourceSelect + u" WHERE s.id = :source AND s.knowledge_base_id = :kb"_s,
        {{u":source"_s, src}, {u":kb"_s, kb}}, Retry::Safe);
    if (!rows.ok())
        return direct::failure<Source>(rows.error, m_config);
    if (rows.rows.isEmpty())
        return SourceResult::failure(Outcome::NotFound,
                                     u"no source %1 in knowledge base %2"_s.arg(src, kb));
    return SourceResult::success(direct::sourceFromRecord(rows.rows.first()));
}

SyncStatusResult DirectStore::syncStatus(const QString &kbId, const QString &sourceId)
{
    QString kb, src;
    if (const QString why = direct::checkId(u"kb_id"_s, kbId, &kb); !why.isEmpty())
        return SyncStatusResult::failure(Outcome::Invalid, why);
    if (const QString why = direct::checkId(u"source_id"_s, sourceId, &src); !why.isEmpty())
        return SyncStatusResult::failure(Outcome::Invalid, why);
    const Rows rows = d->session.exec(
        u"SELECT s.id, s.status, s.last_sync_job_id, j.status AS job_status, j.created_at,"
        " j.started_at, j.completed_at, j.total_documents, j.completed_documents,"
        " j.failed_documents, j.error_message"
        " FROM knowledge_base_sources s LEFT JOIN ingestion_jobs j ON j.id = s.last_sync_job_id"
        " WHERE s.id = :source AND s.knowledge_base_id = :kb"_s,
        {{u":source"_s, src}, {u":kb"_s, kb}}, Retry::Safe);
    if (!rows.ok())
        return direct::failure<SyncStatus>(rows.error, m_config);
    if (rows.rows.isEmpty())
        return SyncStatusResult::failure(Outcome::NotFound,
                                         u"no source %1 in knowledge base %2"_s.arg(src, kb));
    const QSqlRecord &r = rows.rows.first();
    SyncStatus st;
    st.sourceId = src;
    st.sourceStatus = r.value(u"status"_s).toString();
    st.lastSyncJobId = SqlSession::idValue(r.value(u"last_sync_job_id"_s));
    st.lastSyncStatus = r.value(u"job_status"_s).toString();
    st.lastSyncStartedAt = SqlSession::timeValue(r.value(u"started_at"_s));
    if (!st.lastSyncStartedAt.isValid()) // queued: not started yet, but that is when it began
        st.lastSyncStartedAt = SqlSession::timeValue(r.value(u"created_at"_s));
    st.lastSyncCompletedAt = SqlSession::timeValue(r.value(u"completed_at"_s));
    if (const QVariant v = r.value(u"total_documents"_s); !v.isNull())
        st.totalItems = v.toInt();
    if (!r.value(u"job_status"_s).isNull())
        st.processedCount =
            r.value(u"completed_documents"_s).toInt() + r.value(u"failed_documents"_s).toInt();
    st.errorMessage = r.value(u"error_message"_s).toString();
    return SyncStatusResult::success(st);
}

JobResult DirectStore::job(const QString &jobId)
{
    QString id;
    if (const QString why = direct::checkId(u"job_id"_s, jobId, &id); !why.isEmpty())
        return JobResult::failure(Outcome::Invalid, why);
    const Rows rows =
        d->session.exec(direct::kJobSelect + u" WHERE id = :id"_s, {{u":id"_s, id}}, Retry::Safe);
    if (!rows.ok())
        return direct::failure<SyncJob>(rows.error, m_config);
    if (rows.rows.isEmpty())
        return JobResult::failure(Outcome::NotFound, u"no ingestion job %1"_s.arg(id));
    return JobResult::success(direct::jobFromRecord(rows.rows.first()));
}

JobResult DirectStore::jobByTrigger(const QString &triggerId)
{
    QString id;
    if (const QString why = direct::checkId(u"trigger_id"_s, triggerId, &id); !why.isEmpty())
        return JobResult::failure(Outcome::Invalid, why);
    const Rows rows = d->session.exec(direct::kJobSelect + u" WHERE trigger_id = :id"_s,
                                      {{u":id"_s, id}}, Retry::Safe);
    if (!rows.ok())
        return direct::failure<SyncJob>(rows.error, m_config);
    if (rows.rows.isEmpty())
        return JobResult::failure(Outcome::NotFound,
                                  u"no job was created for trigger %1"_s.arg(id));
    return JobResult::success(direct::jobFromRecord(rows.rows.first()));
}

SourceResult DirectStore::updateSchedule(const QString &kbId, const QString &sourceId,
                                         const ScheduleChange &change)
{
    QString kb, src;
    if (const QString why = direct::checkId(u"kb_id"_s, kbId, &kb); !why.isEmpty())
        return SourceResult::failure(Outcome::Invalid, why);
    if (const QString why = direct::checkId(u"source_id"_s, sourceId, &src); !why.isEmpty())
        return SourceResult::failure(Outcome::Invalid, why);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Binds binds{{u":source"_s, src}, {u":kb"_s, kb}, {u":now"_s, d->session.timeParam(now)}};
    QString sql;
    if (change.autoSyncEnabled) {
        if (!change.syncIntervalSeconds || *change.syncIntervalSeconds < 1)
            return SourceResult::failure(
                Outcome::Invalid,
                u"sync_interval_seconds must be at least 1 when enabling auto sync"_s);
        const int interval = *change.syncIntervalSeconds;
        sql =
            u"UPDATE knowledge_base_sources SET auto_sync_enabled = :on, sync_interval_seconds = "
            u":interval,"
            " next_sync_at = :next, updated_at = :now WHERE id = :source AND knowledge_base_id = :kb"_s;
        binds.append({u":on"_s, true});
        binds.append({u":interval"_s, interval});
        binds.append({u":next"_s, d->session.timeParam(now.addSecs(interval))});
    } else {
        // Disabling clears the schedule (the API spec's behaviour, docs/feather-api.md §2.12).
        sql =
            u"UPDATE knowledge_base_sources SET auto_sync_enabled = :on, sync_interval_seconds = "
            u"NULL,"
            " next_sync_at = NULL, updated_at = :now WHERE id = :source AND knowledge_base_id = :kb"_s;
        binds.append({u":on"_s, false});
    }
    // Setting the same values twice is harmless, so a lost connection may repeat it.
    const Rows rows = d->session.exec(sql, binds, Retry::Safe);
    if (!rows.ok())
        return direct::failure<Source>(rows.error, m_config, true);
    if (rows.rowsAffected == 0)
        return SourceResult::failure(Outcome::NotFound,
                                     u"no source %1 in knowledge base %2"_s.arg(src, kb));
    return source(kb, src);
}

} // namespace feather
