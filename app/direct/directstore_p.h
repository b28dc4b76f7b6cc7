#pragma once

// Private to app/direct: shared by directstore.cpp, directtrigger.cpp, migrations.cpp and
// demodata.cpp (one DirectStore, split by concern).

#include "direct/directstore.h"
#include "direct/sqlsession.h"

#include <functional>

namespace feather {

struct DirectStore::Private {
    Private(const DbConfig &config, const QString &connectionName)
        : session(config, connectionName)
    {}
    direct::SqlSession session;
    std::function<bool()> claimHook;
};

namespace direct {

// Source columns plus the last job's status, error and completion time (one LEFT JOIN), so a
// source row explains itself without a second query.
inline const QString kSourceSelect = QStringLiteral(
    "SELECT s.id, s.knowledge_base_id, s.provider, s.connection_nickname, s.status,"
    " s.last_sync_job_id, s.auto_sync_enabled, s.sync_interval_seconds, s.next_sync_at,"
    " s.last_auto_sync_at, s.created_at, s.updated_at,"
    " j.status AS last_sync_status, j.error_message AS last_error_message,"
    " j.completed_at AS last_sync_completed_at"
    " FROM knowledge_base_sources s LEFT JOIN ingestion_jobs j ON j.id = s.last_sync_job_id");

inline const QString kJobSelect = QStringLiteral(
    "SELECT id, job_type, status, knowledge_base_id, knowledge_base_source_id, trigger_id,"
    " triggered_by, error_message, total_documents, completed_documents, failed_documents,"
    " created_at, updated_at, started_at, completed_at FROM ingestion_jobs");

inline const QString kKbSelect = QStringLiteral(
    "SELECT id, organization_id, name, description, is_active, document_count, created_at,"
    " updated_at FROM knowledge_bases");

Source sourceFromRecord(const QSqlRecord &r);
SyncJob jobFromRecord(const QSqlRecord &r);
KnowledgeBase kbFromRecord(const QSqlRecord &r);

// Normalises a would-be UUID into *out; returns a one-line reason when it is not one.
QString checkId(const QString &what, const QString &text, QString *out);

// A plausible connector error for a demo source of `provider` (the n-th of a few).
QString demoProviderError(const QString &provider, quint32 n);

// "2026-11-29 10:42 UTC"
QString utcMinute(const QDateTime &time);

template <typename T>
Result<T> failure(const DbError &error, const DbConfig &config, bool writing = false)
{
    const Error e = describe(error, config, writing);
    return Result<T>::failure(e.outcome, e.message);
}

} // namespace direct
} // namespace feather
