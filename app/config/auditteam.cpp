// The team audit trail (issue 11 item 7): the audit log's schema in PostgreSQL, the fallback to
// the local file while it cannot be reached, and the upload that never stores a row twice.
#include "config/auditlog_p.h"

#include <QDateTime>
#include <QMutex>
#include <QSqlError>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace feather {

namespace {

QString &defaultTeam()
{
    static QString url; // set once at startup (featherctl --audit-db, a profile's audit.url)
    return url;
}

// Every table of the log refuses UPDATE, DELETE and TRUNCATE, for its owner too; the console's
// role additionally holds no such privilege (README: the DBA's GRANTs).
const char *const kTables[] = {"audit_log", "job_results", "team_uploads", "audit_schema"};

// Set on the GUI thread, called on whichever thread a log fell back on (the console's audit
// writer, the History tab's worker): the lock keeps a handler from being replaced (by a
// closing window) while it runs.
struct WarningHandler {
    QMutex mutex;
    std::function<void(const QString &)> handler;
};

WarningHandler &warningHandler()
{
    static WarningHandler handler;
    return handler;
}

} // namespace

void AuditLog::setWarningHandler(std::function<void(const QString &)> handler)
{
    WarningHandler &h = warningHandler();
    const QMutexLocker lock(&h.mutex);
    h.handler = std::move(handler);
}

QStringList AuditLog::teamSchemaSql()
{
    QStringList sql{
        u"CREATE TABLE IF NOT EXISTS audit_log ("
        u" id BIGSERIAL PRIMARY KEY,"
        u" at_utc TEXT NOT NULL,"
        u" operator TEXT NOT NULL,"
        u" profile TEXT NOT NULL DEFAULT '',"
        u" mode TEXT NOT NULL,"
        u" target TEXT NOT NULL DEFAULT '',"
        u" kb_id TEXT NOT NULL,"
        u" source_id TEXT NOT NULL,"
        u" trigger_id TEXT NOT NULL DEFAULT '',"
        u" outcome TEXT NOT NULL,"
        u" job_id TEXT NOT NULL DEFAULT '',"
        u" status TEXT NOT NULL DEFAULT '',"
        u" message TEXT NOT NULL DEFAULT '',"
        u" http_status INTEGER NOT NULL DEFAULT 0,"
        u" attempt INTEGER NOT NULL DEFAULT 0,"
        u" elapsed_ms BIGINT NOT NULL DEFAULT 0,"
        u" kind TEXT NOT NULL DEFAULT 'outcome',"
        u" attempt_id TEXT NOT NULL DEFAULT '',"
        u" machine TEXT NOT NULL DEFAULT '',"
        u" row_uuid TEXT NOT NULL DEFAULT '',"
        u" team TEXT NOT NULL DEFAULT '')"_s,
        u"CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at_utc)"_s,
        u"CREATE INDEX IF NOT EXISTS audit_log_trigger ON audit_log(trigger_id)"_s,
        u"CREATE INDEX IF NOT EXISTS audit_log_attempt ON audit_log(attempt_id)"_s,
        u"CREATE INDEX IF NOT EXISTS audit_log_operator ON audit_log(operator)"_s,
        u"CREATE UNIQUE INDEX IF NOT EXISTS audit_log_row_uuid ON audit_log(row_uuid)"
        u" WHERE row_uuid <> ''"_s,
        u"CREATE TABLE IF NOT EXISTS job_results ("
        u" id BIGSERIAL PRIMARY KEY,"
        u" at_utc TEXT NOT NULL,"
        u" job_id TEXT NOT NULL,"
        u" status TEXT NOT NULL DEFAULT '',"
        u" error_message TEXT NOT NULL DEFAULT '',"
        u" completed_at TEXT NOT NULL DEFAULT '')"_s,
        u"CREATE INDEX IF NOT EXISTS job_results_job ON job_results(job_id)"_s,
        u"CREATE TABLE IF NOT EXISTS team_uploads ("
        u" id BIGSERIAL PRIMARY KEY,"
        u" at_utc TEXT NOT NULL,"
        u" row_uuid TEXT NOT NULL,"
        u" team TEXT NOT NULL)"_s,
        u"CREATE TABLE IF NOT EXISTS audit_schema ("
        u" version INTEGER NOT NULL,"
        u" at_utc TEXT NOT NULL)"_s,
        u"CREATE OR REPLACE FUNCTION feather_audit_append_only() RETURNS trigger"
        u" LANGUAGE plpgsql AS $$ BEGIN"
        u" RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';"
        u" END $$"_s,
    };
    for (const char *table : kTables) {
        const QString t = QString::fromLatin1(table);
        sql << u"CREATE OR REPLACE TRIGGER %1_append_only BEFORE UPDATE OR DELETE ON %1"
               u" FOR EACH ROW EXECUTE FUNCTION feather_audit_append_only()"_s.arg(t)
            << u"CREATE OR REPLACE TRIGGER %1_no_truncate BEFORE TRUNCATE ON %1"
               u" FOR EACH STATEMENT EXECUTE FUNCTION feather_audit_append_only()"_s.arg(t);
    }
    return sql;
}

bool AuditLog::isValidTeamUrl(const QString &text, QString *why)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!isPostgresUrl(text) || !url.isValid() || url.host().isEmpty()) {
        *why = u"the team audit database must be a postgresql://user@host:port/db URL"_s;
        return false;
    }
    if (!url.password().isEmpty()) {
        *why = u"the team audit database URL must not contain a password (libpq reads "
               u"PGPASSWORD or PGPASSFILE)"_s;
        return false;
    }
    if (url.path().size() < 2) {
        *why = u"the team audit database URL names no database (postgresql://host/DB)"_s;
        return false;
    }
    for (const auto &[key, value] : QUrlQuery(url).queryItems()) {
        if (key != u"sslmode"_s && key != u"connect_timeout"_s) {
            *why = u"the team audit database URL has an unknown parameter \"%1\" (sslmode, "
                   u"connect_timeout)"_s.arg(key);
            return false;
        }
    }
    return true;
}

bool AuditLog::setTeamUrl(const QString &url, QString *why)
{
    if (url.isEmpty()) {
        m_team.reset();
        return true;
    }
    if (!isValidTeamUrl(url, why))
        return false;
    m_team = std::make_unique<AuditLog>(url);
    d->teamDown = false;
    return true;
}

QString AuditLog::teamUrl() const
{
    return m_team ? sanitizeTarget(m_team->path()) : QString();
}

void AuditLog::setDefaultTeamUrl(const QString &url)
{
    defaultTeam() = url;
}

QString AuditLog::defaultTeamUrl()
{
    return defaultTeam();
}

bool AuditLog::openPostgres() const
{
    const QUrl url(m_path);
    QSqlDatabase db = QSqlDatabase::contains(d->connectionName)
                          ? QSqlDatabase::database(d->connectionName, false)
                          : QSqlDatabase::addDatabase(u"QPSQL"_s, d->connectionName);
    db.setHostName(url.host());
    db.setPort(url.port(5432));
    db.setDatabaseName(url.path().mid(1));
    if (!url.userName().isEmpty())
        db.setUserName(url.userName());
    // No password here: libpq reads PGPASSWORD / PGPASSFILE itself.
    const QUrlQuery query(url);
    QStringList options{u"connect_timeout="_s
                        + (query.hasQueryItem(u"connect_timeout"_s)
                               ? query.queryItemValue(u"connect_timeout"_s)
                               : u"5"_s)};
    if (query.hasQueryItem(u"sslmode"_s))
        options << u"sslmode="_s + query.queryItemValue(u"sslmode"_s);
    db.setConnectOptions(options.join(u';'));
    const QString where = sanitizeTarget(m_path);
    if (!db.open()) {
        m_lastError = u"cannot reach the team audit database %1: %2"_s.arg(
            where, db.lastError().text().simplified());
        return false;
    }
    d->thread = QThread::currentThread();
    QSqlQuery q(db);
    // A hung server never holds a run for longer than this per statement.
    if (!q.exec(u"SET statement_timeout = 30000"_s)) {
        m_lastError = u"team audit database %1: %2"_s.arg(where, q.lastError().text().simplified());
        db.close();
        return false;
    }
    if (!migratePostgres()) {
        db.close();
        return false;
    }
    return prepareInsert();
}

bool AuditLog::migratePostgres() const
{
    QSqlQuery q(d->db());
    auto run = [&](const QString &sql) {
        if (q.exec(sql))
            return true;
        m_lastError = u"team audit database %1: schema: %2"_s.arg(
            sanitizeTarget(m_path), q.lastError().text().simplified());
        return false;
    };
    auto version = [&]() -> int {
        if (!run(u"SELECT to_regclass('audit_schema') IS NOT NULL"_s) || !q.next())
            return -1;
        if (!q.value(0).toBool())
            return 0;
        return run(u"SELECT COALESCE(MAX(version), 0) FROM audit_schema"_s) && q.next()
                   ? q.value(0).toInt()
                   : -1;
    };
    const int before = version();
    if (before < 0)
        return false;
    if (before >= kSchemaVersion)
        return true; // e.g. created by a DBA: the console's role needs no DDL right
    // Two consoles creating the schema at once take turns; the second finds it done.
    bool ok = run(u"BEGIN"_s) && run(u"SELECT pg_advisory_xact_lock(hashtext('feather_audit'))"_s);
    const int current = ok ? version() : -1;
    ok = ok && current >= 0;
    if (ok && current < kSchemaVersion) {
        for (const QString &statement : teamSchemaSql())
            ok = ok && run(statement);
        ok = ok && q.prepare(u"INSERT INTO audit_schema (version, at_utc) VALUES (?, ?)"_s);
        if (ok) {
            q.addBindValue(kSchemaVersion);
            q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
            ok = q.exec();
            if (!ok)
                m_lastError = u"team audit database: schema: %1"_s.arg(q.lastError().text());
        }
    }
    if (ok && run(u"COMMIT"_s))
        return true;
    const QString error = m_lastError;
    q.exec(u"ROLLBACK"_s);
    m_lastError = error;
    return false;
}

bool AuditLog::checkWritablePostgres()
{
    QSqlQuery q(d->db());
    if (!q.exec(u"SELECT has_table_privilege('audit_log', 'INSERT')"_s) || !q.next()) {
        m_lastError = u"cannot write the team audit database %1: %2"_s.arg(
            sanitizeTarget(m_path), q.lastError().text().simplified());
        return false;
    }
    if (!q.value(0).toBool()) {
        m_lastError = u"cannot write the team audit database %1: this role may not INSERT into "
                      u"audit_log"_s.arg(sanitizeTarget(m_path));
        return false;
    }
    return true;
}

bool AuditLog::append(const TriggerResult &attempt, const AuditContext &context, AuditKind kind,
                      const QString &attemptId)
{
    const QString rowId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (m_team && teamUsable()) {
        if (m_team->appendRow(attempt, context, kind, attemptId, rowId, {}))
            return true;
        teamDown(m_team->lastError());
    }
    // Not reached, or it refused: the row is kept here, marked for that team (uploaded later).
    return appendRow(attempt, context, kind, attemptId, rowId, teamUrl());
}

bool AuditLog::teamUsable() const
{
    if (!m_team || d->teamDown)
        return false;
    if (m_team->open())
        return true;
    teamDown(m_team->lastError());
    return false;
}

void AuditLog::teamDown(const QString &why) const
{
    // Once per log: a second connect timeout per row would stall a run.
    d->teamDown = true;
    m_warning = u"team audit log unavailable (%1); using the local audit log %2 — its rows "
                u"upload later (featherctl audit upload)"_s.arg(why.simplified(), m_path);
    WarningHandler &h = warningHandler();
    const QMutexLocker lock(&h.mutex);
    if (h.handler)
        h.handler(m_warning);
}

qint64 AuditLog::pendingCount() const
{
    if (!m_team || !ensureOpen())
        return 0;
    QSqlQuery q(d->db());
    q.prepare(u"SELECT COUNT(*) FROM audit_log a WHERE a.team = ? AND a.row_uuid <> ''"
              u" AND NOT EXISTS (SELECT 1 FROM team_uploads u"
              u" WHERE u.row_uuid = a.row_uuid AND u.team = a.team)"_s);
    q.addBindValue(teamUrl());
    if (!q.exec() || !q.next()) {
        m_lastError = u"audit log %1: %2"_s.arg(m_path, q.lastError().text());
        return -1;
    }
    return q.value(0).toLongLong();
}

void AuditLog::uploadIfReachable()
{
    if (!teamUsable() || pendingCount() <= 0)
        return;
    const Upload upload = uploadPending();
    if (!upload.error.isEmpty())
        m_warning = upload.error;
}

AuditLog::Upload AuditLog::uploadPending()
{
    Upload result;
    if (!m_team) {
        result.error = u"no team audit database is configured (--audit-db URL, or the "
                       u"profile's audit.url)"_s;
        return result;
    }
    if (!ensureOpen()) {
        result.error = m_lastError;
        return result;
    }
    if (d->teamDown) { // a fresh connection: the one that failed may be dead
        m_team = std::make_unique<AuditLog>(m_team->path());
        d->teamDown = false;
    }
    if (!teamUsable()) {
        result.error = m_warning;
        return result;
    }
    const QString team = teamUrl();
    QSqlQuery rows(d->db());
    rows.setForwardOnly(true);
    rows.prepare(u"SELECT at_utc, kind, attempt_id, operator, machine, row_uuid, profile, mode,"
                 u" target, kb_id, source_id, trigger_id, outcome, job_id, status, message,"
                 u" http_status, attempt, elapsed_ms FROM audit_log a"
                 u" WHERE a.team = ? AND a.row_uuid <> '' AND NOT EXISTS (SELECT 1 FROM"
                 u" team_uploads u WHERE u.row_uuid = a.row_uuid AND u.team = a.team)"
                 u" ORDER BY a.id"_s);
    rows.addBindValue(team);
    if (!rows.exec()) {
        result.error = u"audit log %1: %2"_s.arg(m_path, rows.lastError().text());
        return result;
    }
    QList<QVariantList> pending;
    while (rows.next()) {
        QVariantList values;
        for (int i = 0; i < 19; ++i)
            values << rows.value(i);
        pending << values;
    }
    rows.finish();
    result.pending = int(pending.size());
    QSqlQuery insert(m_team->d->db());
    // ON CONFLICT: a row an earlier upload stored (its mark may not have been written) is
    // skipped, so uploading twice never stores it twice.
    insert.prepare(u"INSERT INTO audit_log (at_utc, kind, attempt_id, operator, machine, row_uuid,"
                   u" profile, mode, target, kb_id, source_id, trigger_id, outcome, job_id,"
                   u" status, message, http_status, attempt, elapsed_ms)"
                   u" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                   u" ON CONFLICT (row_uuid) WHERE row_uuid <> '' DO NOTHING"_s);
    QSqlQuery mark(d->db());
    mark.prepare(u"INSERT INTO team_uploads (at_utc, row_uuid, team) VALUES (?, ?, ?)"_s);
    for (const QVariantList &values : pending) {
        for (int i = 0; i < values.size(); ++i)
            insert.bindValue(i, values.at(i));
        if (!insert.exec()) {
            result.error = u"upload to the team audit database %1: %2"_s.arg(
                team, insert.lastError().text().simplified());
            teamDown(result.error);
            return result;
        }
        (insert.numRowsAffected() > 0 ? result.inserted : result.present) += 1;
        mark.bindValue(0, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        mark.bindValue(1, values.at(5));
        mark.bindValue(2, team);
        if (!mark.exec()) {
            result.error = u"audit log %1: %2"_s.arg(m_path, mark.lastError().text());
            return result;
        }
    }
    return result;
}

} // namespace feather
