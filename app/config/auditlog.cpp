#include "config/auditlog.h"

#include "config/auditlog_p.h"
#include "config/privatefiles.h"

#include <QAtomicInteger>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>
#include <QUuid>
#include <QVariant>
#include <optional>

using namespace Qt::StringLiterals;

namespace feather {

namespace {

// Version 1: one row per finished attempt.
const char16_t *const kSchemaV1[] = {
    u"CREATE TABLE IF NOT EXISTS audit_log ("
    u" id INTEGER PRIMARY KEY AUTOINCREMENT,"
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
    u" elapsed_ms INTEGER NOT NULL DEFAULT 0)",
    u"CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at_utc)",
    u"CREATE INDEX IF NOT EXISTS audit_log_trigger ON audit_log(trigger_id)",
    // Append-only is a property of the file, not only of this class.
    u"CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log"
    u" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    u"CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log"
    u" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
};

// Version 2, write-ahead: intent rows before a send, paired with their outcome by attempt_id.
// Adding columns rewrites no row (and fires no trigger): a version-1 file keeps every row, and
// its rows read as outcomes without an attempt id.
const char16_t *const kSchemaV2[] = {
    u"ALTER TABLE audit_log ADD COLUMN kind TEXT NOT NULL DEFAULT 'outcome'",
    u"ALTER TABLE audit_log ADD COLUMN attempt_id TEXT NOT NULL DEFAULT ''",
    u"CREATE INDEX IF NOT EXISTS audit_log_attempt ON audit_log(attempt_id)",
};

// Version 3: how each job ended, appended when the console sees it end (its own append-only
// table: an attempt's rows stay as they were written, the query joins the newest job row).
const char16_t *const kSchemaV3[] = {
    u"CREATE TABLE IF NOT EXISTS job_results ("
    u" id INTEGER PRIMARY KEY AUTOINCREMENT,"
    u" at_utc TEXT NOT NULL,"
    u" job_id TEXT NOT NULL,"
    u" status TEXT NOT NULL DEFAULT '',"
    u" error_message TEXT NOT NULL DEFAULT '',"
    u" completed_at TEXT NOT NULL DEFAULT '')",
    u"CREATE INDEX IF NOT EXISTS job_results_job ON job_results(job_id)",
    u"CREATE TRIGGER IF NOT EXISTS job_results_no_update BEFORE UPDATE ON job_results"
    u" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    u"CREATE TRIGGER IF NOT EXISTS job_results_no_delete BEFORE DELETE ON job_results"
    u" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
};

// Version 4, the team trail: the machine a row was written on, the row's own identity (UNIQUE
// once set, so an upload can never store a row twice) and, for a row written here only because
// the team database could not be reached, that team's URL. Which of those rows are uploaded is
// itself appended (team_uploads): nothing written earlier changes.
const char16_t *const kSchemaV4[] = {
    u"ALTER TABLE audit_log ADD COLUMN machine TEXT NOT NULL DEFAULT ''",
    u"ALTER TABLE audit_log ADD COLUMN row_uuid TEXT NOT NULL DEFAULT ''",
    u"ALTER TABLE audit_log ADD COLUMN team TEXT NOT NULL DEFAULT ''",
    u"CREATE UNIQUE INDEX IF NOT EXISTS audit_log_row_uuid ON audit_log(row_uuid)"
    u" WHERE row_uuid <> ''",
    u"CREATE INDEX IF NOT EXISTS audit_log_operator ON audit_log(operator)",
    u"CREATE TABLE IF NOT EXISTS team_uploads ("
    u" id INTEGER PRIMARY KEY AUTOINCREMENT,"
    u" at_utc TEXT NOT NULL,"
    u" row_uuid TEXT NOT NULL,"
    u" team TEXT NOT NULL)",
    u"CREATE INDEX IF NOT EXISTS team_uploads_row ON team_uploads(row_uuid)",
    u"CREATE TRIGGER IF NOT EXISTS team_uploads_no_update BEFORE UPDATE ON team_uploads"
    u" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    u"CREATE TRIGGER IF NOT EXISTS team_uploads_no_delete BEFORE DELETE ON team_uploads"
    u" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
};

// The newest job_results row of a row's job, one column of it.
constexpr auto kJobColumn = u"(SELECT j.%1 FROM job_results j WHERE a.job_id <> ''"
                            u" AND j.job_id = a.job_id ORDER BY j.id DESC LIMIT 1)";

// The attempt a row belongs to; rows from before version 2 are each their own attempt.
constexpr auto kAttemptKey =
    u"(CASE WHEN a.attempt_id = '' THEN 'row:' || a.id ELSE a.attempt_id END)";

AuditKind kindFromString(const QString &text)
{
    if (text == QLatin1String("intent"))
        return AuditKind::Intent;
    if (text == QLatin1String("reconciled"))
        return AuditKind::Reconciled;
    if (text == QLatin1String("schedule"))
        return AuditKind::Schedule;
    return AuditKind::Outcome;
}

QString isoUtc(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

// Columns are NOT NULL: a null QString would bind as NULL, so bind "" instead.
QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

QString modeName(BackendMode mode)
{
    return mode == BackendMode::Api ? QStringLiteral("api") : QStringLiteral("direct");
}

// A server message should never carry a key, but if one echoes it back it must not be kept.
QString redactKeys(QString text)
{
    if (!text.contains(QLatin1String("fth_"))) // the common case, without the regex
        return text;
    static const QRegularExpression key(QStringLiteral("fth_[A-Za-z0-9_\\-]{6,}"));
    return text.replace(key, QStringLiteral("fth_[redacted]"));
}

} // namespace

QString toString(AuditKind kind)
{
    switch (kind) {
    case AuditKind::Intent:
        return QStringLiteral("intent");
    case AuditKind::Outcome:
        return QStringLiteral("outcome");
    case AuditKind::Reconciled:
        return QStringLiteral("reconciled");
    case AuditKind::Schedule:
        return QStringLiteral("schedule");
    }
    return QStringLiteral("outcome");
}

AuditLog::AuditLog(QString path, int busyTimeoutMs)
    : m_path(std::move(path))
    , m_busyTimeoutMs(busyTimeoutMs)
    , d(std::make_unique<Private>())
{
    static QAtomicInteger<quint64> counter;
    d->connectionName = QStringLiteral("feather-audit-") + QString::number(++counter);
    d->postgres = isPostgresUrl(m_path);
    if (!d->postgres && !defaultTeamUrl().isEmpty()) {
        QString why;
        if (!setTeamUrl(defaultTeamUrl(), &why))
            m_warning = why;
    }
}

AuditLog::~AuditLog()
{
    m_team.reset();
    d->insert.reset();
    if (QSqlDatabase::contains(d->connectionName)) {
        QSqlDatabase::database(d->connectionName, false).close();
        QSqlDatabase::removeDatabase(d->connectionName);
    }
}

QString AuditLog::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
           + QStringLiteral("/audit.sqlite");
}

QString AuditLog::openIntentMessage()
{
    return QStringLiteral("sent, outcome unknown");
}

QString AuditLog::sanitizeTarget(const QString &target)
{
    if (!target.contains(QLatin1String("://")))
        return target;
    const QUrl url(target);
    if (!url.isValid())
        return QStringLiteral("(unparsable target)");
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

bool AuditLog::isOpen() const
{
    return d->insert.has_value();
}

bool AuditLog::open()
{
    if (!ensureOpen())
        return false;
    if (m_team) // rows kept here while the team database was away go there now
        uploadIfReachable();
    return true;
}

bool AuditLog::ensureOpen() const
{
    if (isOpen())
        return true;
    if (d->postgres)
        return openPostgres();
    // Created owner-only before SQLite sees it: its -wal and -shm files take the same mode.
    QString why;
    if (!makePrivateFileIn(m_path, &why)) {
        m_lastError = QStringLiteral("cannot create the audit log: %1").arg(why);
        return false;
    }
    // A file from an older version may have left world-readable companions behind.
    for (const char *suffix : {"-wal", "-shm"}) {
        const QString companion = m_path + QLatin1String(suffix);
        if (QFileInfo::exists(companion))
            makePrivateFile(companion, &why);
    }
    QSqlDatabase db = QSqlDatabase::contains(d->connectionName)
                          ? QSqlDatabase::database(d->connectionName, false)
                          : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), d->connectionName);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=")
                         + QString::number(m_busyTimeoutMs));
    if (!db.open()) {
        m_lastError =
            QStringLiteral("cannot open the audit log %1: %2").arg(m_path, db.lastError().text());
        return false;
    }
    d->thread = QThread::currentThread();
    QSqlQuery q(db);
    // WAL lets the console read history while featherctl appends; NORMAL keeps every commit
    // across a process crash without an fsync per row (see the header).
    // Switching a new file to WAL needs it to itself, and SQLite answers "database is locked" at
    // once (no busy handler) while another process is creating or switching the same file: two
    // featherctl runs starting together. Retried within the busy timeout.
    QDeadlineTimer patience(m_busyTimeoutMs);
    bool wal = q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    while (!wal && q.lastError().text().contains(QLatin1String("locked"))
           && !patience.hasExpired()) {
        QThread::msleep(20);
        wal = q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    }
    if (!wal || !q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"))) {
        m_lastError =
            QStringLiteral("cannot open the audit log %1: %2").arg(m_path, q.lastError().text());
        db.close();
        return false;
    }
    if (!migrate()) {
        db.close();
        return false;
    }
    return prepareInsert();
}

bool AuditLog::prepareInsert() const
{
    QSqlDatabase db = d->db();
    QSqlQuery insert(db);
    if (!insert.prepare(QStringLiteral(
            "INSERT INTO audit_log (at_utc, kind, attempt_id, operator, machine, row_uuid, team,"
            " profile, mode, target, kb_id, source_id, trigger_id, outcome, job_id, status,"
            " message, http_status, attempt, elapsed_ms)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))) {
        m_lastError = QStringLiteral("audit log %1: %2").arg(m_path, insert.lastError().text());
        db.close();
        return false;
    }
    d->insert = std::move(insert);
    return true;
}

bool AuditLog::migrate() const
{
    QSqlQuery q(d->db());
    auto run = [&](const QString &sql) {
        if (q.exec(sql))
            return true;
        m_lastError = QStringLiteral("audit log %1: schema: %2").arg(m_path, q.lastError().text());
        return false;
    };
    auto version = [&]() -> int {
        return run(QStringLiteral("PRAGMA user_version")) && q.next() ? q.value(0).toInt() : -1;
    };
    const int before = version();
    if (before < 0)
        return false;
    if (before >= kSchemaVersion)
        return true;
    // IMMEDIATE: two processes opening an old or new file at once migrate it one after the
    // other; the second one reads the version again under the lock and finds nothing to do.
    if (!run(QStringLiteral("BEGIN IMMEDIATE")))
        return false;
    const int current = version();
    bool ok = current >= 0;
    if (ok && current < 1) {
        for (const char16_t *statement : kSchemaV1)
            ok = ok && run(QString::fromUtf16(statement));
    }
    if (ok && current < 2) {
        for (const char16_t *statement : kSchemaV2)
            ok = ok && run(QString::fromUtf16(statement));
    }
    if (ok && current < 3) {
        for (const char16_t *statement : kSchemaV3)
            ok = ok && run(QString::fromUtf16(statement));
    }
    if (ok && current < 4) {
        for (const char16_t *statement : kSchemaV4)
            ok = ok && run(QString::fromUtf16(statement));
    }
    if (ok && current < kSchemaVersion)
        ok = run(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion));
    if (ok && run(QStringLiteral("COMMIT")))
        return true;
    const QString error = m_lastError;
    q.exec(QStringLiteral("ROLLBACK"));
    m_lastError = error;
    return false;
}

bool AuditLog::checkWritable()
{
    if (!checkLocalWritable())
        return false;
    connectTeam();
    return true;
}

void AuditLog::connectTeam()
{
    if (m_team && ensureOpen())
        uploadIfReachable();
}

bool AuditLog::checkLocalWritable()
{
    if (!ensureOpen())
        return false;
    if (d->postgres)
        return checkWritablePostgres();
    QSqlQuery q(d->db());
    // Rewriting the header with the value it already has is a real, committed write (a WAL
    // frame), and changes nothing.
    if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion))) {
        m_lastError =
            QStringLiteral("cannot write the audit log %1: %2").arg(m_path, q.lastError().text());
        return false;
    }
    return true;
}

bool AuditLog::appendRow(const TriggerResult &attempt, const AuditContext &context, AuditKind kind,
                         const QString &attemptId, const QString &rowId, const QString &team)
{
    if (!ensureOpen())
        return false;
    if (QThread::currentThread() != d->thread) {
        m_lastError = QStringLiteral("the audit log was used from a thread that did not open it");
        return false;
    }
    QSqlQuery &q = *d->insert;
    const QDateTime at =
        attempt.finishedAt.isValid() ? attempt.finishedAt : QDateTime::currentDateTimeUtc();
    // An intent says what is known before the answer: sent, outcome unknown.
    const bool intent = kind == AuditKind::Intent;
    if (d->storedTarget.isNull() || context.target != d->rawTarget) {
        d->rawTarget = context.target;
        d->storedTarget = text(sanitizeTarget(context.target));
    }
    // The order of the INSERT's columns (prepareInsert()).
    const QVariantList values{
        isoUtc(at),
        toString(kind),
        text(attemptId),
        text(context.operatorName),
        text(context.machine),
        text(rowId),
        text(team),
        text(context.profile),
        modeName(context.mode),
        d->storedTarget,
        text(attempt.target.kbId),
        text(attempt.target.sourceId),
        text(attempt.target.triggerId),
        toString(intent ? Outcome::UnknownOutcome : attempt.outcome),
        intent ? QStringLiteral("") : text(attempt.jobId),
        intent ? QStringLiteral("") : text(attempt.status),
        intent ? openIntentMessage() : text(redactKeys(attempt.message)),
        intent ? 0 : attempt.httpStatus,
        attempt.attempts,
        intent ? qint64(0) : attempt.elapsedMs,
    };
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values.at(i));
    // Autocommit: the row is committed when exec() returns.
    if (!q.exec()) {
        m_lastError =
            QStringLiteral("cannot write the audit log %1: %2").arg(m_path, q.lastError().text());
        q.finish();
        return false;
    }
    q.finish();
    return true;
}

QList<AuditEntry> AuditLog::query(int limit, const QDateTime &since,
                                  const QList<Outcome> &outcomes) const
{
    AuditQuery filter;
    filter.limit = limit;
    filter.since = since;
    filter.outcomes = outcomes;
    return query(filter);
}

QList<AuditEntry> AuditLog::query(const AuditQuery &filter) const
{
    if (m_team && teamUsable()) {
        QList<AuditEntry> rows = m_team->query(filter);
        if (m_team->lastError().isEmpty())
            return rows;
        teamDown(m_team->lastError());
    }
    return queryHere(filter);
}

QList<AuditEntry> AuditLog::queryHere(const AuditQuery &filter) const
{
    QList<AuditEntry> out;
    if (!ensureOpen())
        return out;
    m_lastError.clear();
    const QString key = QString::fromUtf16(kAttemptKey);
    QString sql =
        QStringLiteral("SELECT a.id, a.at_utc, a.operator, a.profile, a.mode, a.target, a.kb_id,"
                       " a.source_id, a.trigger_id, a.outcome, a.job_id, a.status, a.message,"
                       " a.http_status, a.attempt, a.elapsed_ms, a.kind, %1, %2, %3, %4,"
                       " a.machine, a.row_uuid"
                       " FROM audit_log a WHERE 1 = 1")
            .arg(key)
            .arg(QString::fromUtf16(kJobColumn).arg(u"status"_s),
                 QString::fromUtf16(kJobColumn).arg(u"error_message"_s),
                 QString::fromUtf16(kJobColumn).arg(u"completed_at"_s));
    QVariantList values;
    auto where = [&](const QString &clause, const QVariant &value) {
        sql += QStringLiteral(" AND ") + clause;
        values.append(value);
    };
    if (filter.latestPerAttempt || filter.unresolvedOnly) {
        sql += QStringLiteral(" AND NOT EXISTS (SELECT 1 FROM audit_log b"
                              " WHERE b.attempt_id = %1 AND b.id > a.id)")
                   .arg(key);
    }
    if (filter.unresolvedOnly) {
        // Per trigger: a later attempt of the same trigger id that did get an answer settles it
        // (the engine re-sends only after a lookup found no job).
        sql += QStringLiteral(" AND a.trigger_id <> '' AND NOT EXISTS (SELECT 1 FROM audit_log c"
                              " WHERE c.trigger_id = a.trigger_id AND c.id > a.id)");
        where(QStringLiteral("a.outcome = ?"), toString(Outcome::UnknownOutcome));
    }
    if (filter.since.isValid())
        where(QStringLiteral("a.at_utc >= ?"), isoUtc(filter.since));
    if (!filter.kbId.isEmpty())
        where(QStringLiteral("a.kb_id = ?"), filter.kbId);
    if (!filter.sourceId.isEmpty())
        where(QStringLiteral("a.source_id = ?"), filter.sourceId);
    if (!filter.triggerId.isEmpty())
        where(QStringLiteral("a.trigger_id = ?"), filter.triggerId);
    if (!filter.target.isEmpty())
        where(QStringLiteral("a.target = ?"), filter.target);
    if (filter.operatorName.contains(u'@')) {
        where(QStringLiteral("a.operator = ?"), filter.operatorName);
    } else if (!filter.operatorName.isEmpty()) {
        // "user": that user on any machine. substr, not LIKE: a name may hold '_' or '%'.
        where(QStringLiteral("substr(a.operator, 1, %1) = ?").arg(filter.operatorName.size() + 1),
              QString(filter.operatorName + u'@'));
    }
    if (!filter.outcomes.isEmpty()) {
        QStringList marks;
        for (Outcome outcome : filter.outcomes) {
            marks.append(QStringLiteral("?"));
            values.append(toString(outcome));
        }
        sql += QStringLiteral(" AND a.outcome IN (") + marks.join(u',') + u')';
    }
    sql += QStringLiteral(" ORDER BY a.id DESC");
    if (filter.limit > 0) {
        sql += QStringLiteral(" LIMIT ?");
        values.append(filter.limit);
    }
    QSqlQuery q(d->db());
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        m_lastError = QStringLiteral("audit log query: %1").arg(q.lastError().text());
        return out;
    }
    for (const QVariant &value : values)
        q.addBindValue(value);
    if (!q.exec()) {
        m_lastError = QStringLiteral("audit log query: %1").arg(q.lastError().text());
        return out;
    }
    while (q.next()) {
        AuditEntry e;
        e.id = q.value(0).toLongLong();
        e.at = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs).toUTC();
        e.operatorName = q.value(2).toString();
        e.profile = q.value(3).toString();
        e.mode = q.value(4).toString() == QLatin1String("direct") ? BackendMode::Direct
                                                                  : BackendMode::Api;
        e.target = q.value(5).toString();
        e.kbId = q.value(6).toString();
        e.sourceId = q.value(7).toString();
        e.triggerId = q.value(8).toString();
        e.outcomeName = q.value(9).toString();
        e.outcome = outcomeFromString(e.outcomeName).value_or(Outcome::UnknownOutcome);
        e.jobId = q.value(10).toString();
        e.status = q.value(11).toString();
        e.message = q.value(12).toString();
        e.httpStatus = q.value(13).toInt();
        e.attempt = q.value(14).toInt();
        e.elapsedMs = q.value(15).toLongLong();
        e.kind = kindFromString(q.value(16).toString());
        e.attemptId = q.value(17).toString();
        e.jobStatus = q.value(18).toString();
        e.jobError = q.value(19).toString();
        if (const QString at = q.value(20).toString(); !at.isEmpty())
            e.jobCompletedAt = QDateTime::fromString(at, Qt::ISODateWithMs).toUTC();
        e.machine = q.value(21).toString();
        if (e.machine.isEmpty()) // a row from before version 4: "user@host" names the host
            e.machine = e.operatorName.section(u'@', 1);
        e.rowId = q.value(22).toString();
        out.append(e);
    }
    return out;
}

bool AuditLog::appendJobResult(const QString &jobId, const QString &status,
                               const QString &errorMessage, const QDateTime &completedAt)
{
    // Job results are not queued for upload: the team's own console sees the job end too.
    if (m_team && teamUsable()) {
        if (m_team->appendJobResult(jobId, status, errorMessage, completedAt))
            return true;
        teamDown(m_team->lastError());
    }
    return appendJobResultHere(jobId, status, errorMessage, completedAt);
}

bool AuditLog::appendJobResultHere(const QString &jobId, const QString &status,
                                   const QString &errorMessage, const QDateTime &completedAt)
{
    if (jobId.isEmpty())
        return true;
    if (!ensureOpen())
        return false;
    if (QThread::currentThread() != d->thread) {
        m_lastError = QStringLiteral("the audit log was used from a thread that did not open it");
        return false;
    }
    QSqlQuery q(d->db());
    q.prepare(QStringLiteral("INSERT INTO job_results (at_utc, job_id, status, error_message,"
                             " completed_at) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(isoUtc(QDateTime::currentDateTimeUtc()));
    q.addBindValue(jobId);
    q.addBindValue(text(status));
    q.addBindValue(text(redactKeys(errorMessage)));
    q.addBindValue(completedAt.isValid() ? isoUtc(completedAt) : QStringLiteral(""));
    if (!q.exec()) {
        m_lastError =
            QStringLiteral("cannot write the audit log %1: %2").arg(m_path, q.lastError().text());
        return false;
    }
    return true;
}

qint64 AuditLog::count() const
{
    if (m_team && teamUsable()) {
        const qint64 n = m_team->count();
        if (n >= 0)
            return n;
        teamDown(m_team->lastError());
    }
    return countHere();
}

qint64 AuditLog::countHere() const
{
    if (!ensureOpen())
        return -1;
    QSqlQuery q(d->db());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM audit_log")) || !q.next()) {
        m_lastError = QStringLiteral("audit log count: %1").arg(q.lastError().text());
        return -1;
    }
    return q.value(0).toLongLong();
}

bool AuditLog::appendBatch(const QList<BatchRow> &rows, const AuditContext &context)
{
    if (rows.isEmpty())
        return true;
    QStringList rowIds;
    rowIds.reserve(rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i)
        rowIds.append(QUuid::createUuid().toString(QUuid::WithoutBraces));
    if (m_team && teamUsable()) {
        if (m_team->appendBatchHere(rows, context, rowIds, {}))
            return true;
        teamDown(m_team->lastError());
    }
    // Not reached, or it refused: the rows are kept here, marked for that team.
    return appendBatchHere(rows, context, rowIds, teamUrl());
}

bool AuditLog::appendBatchHere(const QList<BatchRow> &rows, const AuditContext &context,
                               const QStringList &rowIds, const QString &team)
{
    if (!ensureOpen())
        return false;
    if (QThread::currentThread() != d->thread) {
        m_lastError = QStringLiteral("the audit log was used from a thread that did not open it");
        return false;
    }
    const QString where = sanitizeTarget(m_path);
    QSqlDatabase db = d->db();
    QSqlQuery tx(db);
    // SQLite: IMMEDIATE takes the write lock now (waiting up to the busy timeout for another
    // writer), so no INSERT inside can fail with SQLITE_BUSY half-way. PostgreSQL: a plain
    // transaction (READ COMMITTED; the rows only INSERT).
    const bool begun = d->postgres ? db.transaction() : tx.exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (!begun) {
        m_lastError = QStringLiteral("cannot write the audit log %1: %2")
                          .arg(where, (d->postgres ? db.lastError() : tx.lastError()).text());
        return false;
    }
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const BatchRow &row = rows.at(i);
        if (!appendRow(row.attempt, context, row.kind, row.attemptId, rowIds.at(i), team)) {
            const QString why = m_lastError;
            if (d->postgres)
                db.rollback();
            else
                tx.exec(QStringLiteral("ROLLBACK"));
            m_lastError = why;
            return false;
        }
    }
    // QSqlDatabase::commit() on PostgreSQL also fails when the server answers COMMIT with
    // ROLLBACK (an aborted transaction), which a plain exec() would take for success.
    const bool committed = d->postgres ? db.commit() : tx.exec(QStringLiteral("COMMIT"));
    if (!committed) {
        m_lastError = QStringLiteral("cannot write the audit log %1: %2")
                          .arg(where, (d->postgres ? db.lastError() : tx.lastError()).text());
        if (d->postgres)
            db.rollback();
        else
            tx.exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return true;
}

} // namespace feather
