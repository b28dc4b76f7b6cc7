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
// source row explains itself without a second query. Read by position (SourceColumn), and
// times as text in both dialects (parsed by parseTimestamp, not QDateTime::fromString).
inline const QString kSourceSelect = QStringLiteral(
    "SELECT s.id, s.knowledge_base_id, s.provider, s.connection_nickname, s.status,"
    " s.last_sync_job_id, s.auto_sync_enabled, s.sync_interval_seconds,"
    " CAST(s.next_sync_at AS TEXT) AS next_sync_at,"
    " CAST(s.last_auto_sync_at AS TEXT) AS last_auto_sync_at,"
    " CAST(s.created_at AS TEXT) AS created_at, CAST(s.updated_at AS TEXT) AS updated_at,"
    " j.status AS last_sync_status, j.error_message AS last_error_message,"
    " CAST(j.completed_at AS TEXT) AS last_sync_completed_at"
    " FROM knowledge_base_sources s LEFT JOIN ingestion_jobs j ON j.id = s.last_sync_job_id");
enum SourceColumn {
    SourceId,
    SourceKb,
    SourceProvider,
    SourceNickname,
    SourceStatus,
    SourceLastJob,
    SourceAutoSync,
    SourceInterval,
    SourceNextSync,
    SourceLastAutoSync,
    SourceCreated,
    SourceUpdated,
    SourceLastSyncStatus,
    SourceLastError,
    SourceLastSyncCompleted,
};

inline const QString kJobSelect = QStringLiteral(
    "SELECT id, job_type, status, knowledge_base_id, knowledge_base_source_id, trigger_id,"
    " triggered_by, error_message, total_documents, completed_documents, failed_documents,"
    " CAST(created_at AS TEXT) AS created_at, CAST(updated_at AS TEXT) AS updated_at,"
    " CAST(started_at AS TEXT) AS started_at, CAST(completed_at AS TEXT) AS completed_at"
    " FROM ingestion_jobs");

inline const QString kKbSelect =
    QStringLiteral("SELECT id, organization_id, name, description, is_active, document_count,"
                   " CAST(created_at AS TEXT) AS created_at, CAST(updated_at AS TEXT) AS updated_at"
                   " FROM knowledge_bases");

// A kSourceSelect row, by position.
Source sourceFromRow(const QSqlQuery &row);
// A kSourceSelect row read up front (Rows::rows), by position.
Source sourceFromRecord(const QSqlRecord &r);
// Job and KB rows by column name (few rows; feather-devserver's own SELECTs reuse them).
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
