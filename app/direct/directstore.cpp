// DirectStore's reads: knowledge bases with per-status counts, source listings (keyset pages and
// the streamed listing), one source, sync status, jobs, and the schedule change.

#include "direct/directstore.h"

#include "core/ids.h"
#include "direct/directstore_p.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace feather {

using direct::Access;
using direct::Binds;
using direct::DbError;
using direct::Retry;
using direct::Rows;
using direct::SqlSession;

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
    QList<KnowledgeBase> out;
    // Both reads in one transaction: the counts belong to exactly these KBs.
    const DbError error = d->session.transact(
        Access::Read,
        [&]() -> DbError {
            const Rows kbs = d->session.exec(sql, binds);
            if (!kbs.ok())
                return kbs.error;
            out.clear();
            for (const QSqlRecord &r : kbs.rows)
                out.append(direct::kbFromRecord(r));
            if (out.isEmpty())
                return {};
            // Per-status counts for exactly this page: it is a contiguous id range.
            QString countSql =
                u"SELECT knowledge_base_id, status, COUNT(*) AS n FROM knowledge_base_sources"_s;
            Binds countBinds;
            if (limit > 0 || !after.isEmpty()) {
                countSql += u" WHERE knowledge_base_id >= :first AND knowledge_base_id <= :last"_s;
                countBinds = {{u":first"_s, out.first().id}, {u":last"_s, out.last().id}};
            }
            countSql += u" GROUP BY knowledge_base_id, status"_s;
            QHash<QString, int> index;
            for (int i = 0; i < out.size(); ++i)
                index.insert(out.at(i).id, i);
            return d->session.forEach(countSql, countBinds, [&](const QSqlQuery &r) {
                const auto it = index.constFind(SqlSession::idValue(r.value(0)));
                if (it != index.constEnd())
                    out[*it].sourceStatusCounts[r.value(1).toString()] = r.value(2).toInt();
                return true;
            });
        },
        Retry::Safe);
    if (error.failed())
        return direct::failure<QList<KnowledgeBase>>(error, m_config);
    return KnowledgeBasesResult::success(out);
}

Result<KnowledgeBase> DirectStore::knowledgeBase(const QString &kbId)
{
    QString kb;
    if (const QString why = direct::checkId(u"kb_id"_s, kbId, &kb); !why.isEmpty())
        return Result<KnowledgeBase>::failure(Outcome::Invalid, why);
    KnowledgeBase out;
    bool found = false;
    const DbError error = d->session.transact(
        Access::Read,
        [&]() -> DbError {
            const Rows rows =
                d->session.exec(direct::kKbSelect + u" WHERE id = :kb"_s, {{u":kb"_s, kb}});
            if (!rows.ok())
                return rows.error;
            found = !rows.rows.isEmpty();
            if (!found)
                return {};
            out = direct::kbFromRecord(rows.rows.first());
            return d->session.forEach(
                u"SELECT status, COUNT(*) AS n FROM knowledge_base_sources WHERE knowledge_base_id = :kb GROUP BY status"_s,
                {{u":kb"_s, kb}}, [&](const QSqlQuery &r) {
                    out.sourceStatusCounts[r.value(0).toString()] = r.value(1).toInt();
                    return true;
                });
        },
        Retry::Safe);
    if (error.failed())
        return direct::failure<KnowledgeBase>(error, m_config);
    if (!found)
        return Result<KnowledgeBase>::failure(Outcome::NotFound, u"no knowledge base %1"_s.arg(kb));
    return Result<KnowledgeBase>::success(out);
}

namespace {

// kSourceSelect narrowed by `query` and an optional keyset cursor; a one-line reason instead
// when an id in it is not a UUID.
QString sourceSql(const SourceQuery &query, const QString &afterId, int limit, Binds &binds,
                  QString *why)
{
    QStringList where;
    QStringList kbIds;
    for (const QString &id : query.kbIds) {
        QString kb;
        if (*why = direct::checkId(u"kb_id"_s, id, &kb); !why->isEmpty())
            return {};
        kbIds << kb;
    }
    for (const QString &clause : {boundInList(u"s.knowledge_base_id"_s, kbIds, u"k"_s, binds),
                                  boundInList(u"s.status"_s, query.statuses, u"s"_s, binds)}) {
        if (!clause.isEmpty())
            where << clause;
    }
    if (!afterId.isEmpty()) {
        QString after;
        if (*why = direct::checkId(u"cursor"_s, afterId, &after); !why->isEmpty())
            return {};
        where << u"s.id > :after"_s;
        binds.append({u":after"_s, after});
    }
    QString sql = direct::kSourceSelect;
    if (!where.isEmpty())
        sql += u" WHERE "_s + where.join(u" AND "_s);
    appendPageTail(sql, binds, u"s.id"_s, limit);
    return sql;
}

} // namespace

SourcePage DirectStore::listSources(const SourceQuery &query, int limit, const QString &afterId)
{
    Binds binds;
    QString why;
    const QString sql = sourceSql(query, afterId, limit, binds, &why);
    if (!why.isEmpty())
        return SourcePage::failure(Outcome::Invalid, why);
    QList<Source> out;
    const DbError error = d->session.forEach(
        sql, binds,
        [&out](const QSqlQuery &row) {
            out.append(direct::sourceFromRow(row));
            return true;
        },
        Retry::Safe);
    if (error.failed())
        return direct::failure<QList<Source>>(error, m_config);
    return SourcePage::success(out);
}

Result<qint64> DirectStore::streamSources(const SourceQuery &query, int pageSize,
                                          const std::function<bool(QList<Source> &&)> &page)
{
    Binds binds;
    QString why;
    const QString sql = sourceSql(query, {}, 0, binds, &why);
    if (!why.isEmpty())
        return Result<qint64>::failure(Outcome::Invalid, why);
    const int size = qMax(1, pageSize);
    qint64 total = 0;
    bool stopped = false;
    QList<Source> batch;
    batch.reserve(size);
    const DbError error = d->session.forEach(
        sql, binds,
        [&](const QSqlQuery &row) {
            batch.append(direct::sourceFromRow(row));
            if (batch.size() < size)
                return true;
            total += batch.size();
            stopped = !page(std::exchange(batch, {}));
            batch.reserve(size);
            return !stopped;
        },
        Retry::Safe);
    if (error.failed())
        return direct::failure<qint64>(error, m_config);
    if (!stopped && !batch.isEmpty()) {
        total += batch.size();
        page(std::move(batch));
    }
    return Result<qint64>::success(total);
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
        u"SELECT s.id, s.status, s.last_sync_job_id, j.status AS job_status,"
        " CAST(j.created_at AS TEXT) AS created_at, CAST(j.started_at AS TEXT) AS started_at,"
        " CAST(j.completed_at AS TEXT) AS completed_at, j.total_documents, j.completed_documents,"
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
