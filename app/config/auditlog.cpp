#include "config/auditlog.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>
#include <QVariant>
#include <optional>

namespace feather {

namespace {

constexpr int kSchemaVersion = 1;

const char16_t *const kSchema[] = {
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
    static const QRegularExpression key(QStringLiteral("fth_[A-Za-z0-9_\\-]{6,}"));
    return text.replace(key, QStringLiteral("fth_[redacted]"));
}

} // namespace

struct AuditLog::Private {
    QString connectionName;
    QThread *thread = nullptr;
    std::optional<QSqlQuery> insert;

    QSqlDatabase db() const { return QSqlDatabase::database(connectionName, false); }
};

AuditLog::AuditLog(QString path, int busyTimeoutMs)
    : m_path(std::move(path))
    , m_busyTimeoutMs(busyTimeoutMs)
    , d(std::make_unique<Private>())
{
    static QAtomicInteger<quint64> counter;
    d->connectionName = QStringLiteral("feather-audit-") + QString::number(++counter);
}

AuditLog::~AuditLog()
{
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
    return ensureOpen();
}

bool AuditLog::ensureOpen() const
{
    if (isOpen())
        return true;
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(dir)) {
        m_lastError = QStringLiteral("cannot create the audit log directory %1").arg(dir);
        return false;
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
    auto run = [&](const QString &sql) {
        if (q.exec(sql))
            return true;
        m_lastError = QStringLiteral("audit log schema: %1").arg(q.lastError().text());
        return false;
    };
    // WAL lets the console read history while featherctl appends; NORMAL keeps every commit
    // across a process crash without an fsync per row (see the header).
    if (!run(QStringLiteral("PRAGMA journal_mode=WAL"))
        || !run(QStringLiteral("PRAGMA synchronous=NORMAL")))
        return false;
    if (!run(QStringLiteral("PRAGMA user_version")) || !q.next())
        return false;
    if (q.value(0).toInt() < kSchemaVersion) {
        // IMMEDIATE: two processes opening a new file at once create the schema one by one.
        if (!run(QStringLiteral("BEGIN IMMEDIATE")))
            return false;
        for (const char16_t *statement : kSchema) {
            if (!run(QString::fromUtf16(statement))) {
                q.exec(QStringLiteral("ROLLBACK"));
                return false;
            }
        }
        if (!run(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion))
            || !run(QStringLiteral("COMMIT"))) {
            q.exec(QStringLiteral("ROLLBACK"));
            return false;
        }
    }
    QSqlQuery insert(db);
    if (!insert.prepare(QStringLiteral(
            "INSERT INTO audit_log (at_utc, operator, profile, mode, target, kb_id, source_id,"
            " trigger_id, outcome, job_id, status, message, http_status, attempt, elapsed_ms)"
            " VALUES (:at, :operator, :profile, :mode, :target, :kb, :source, :trigger,"
            " :outcome, :job, :status, :message, :http, :attempt, :elapsed)"))) {
        m_lastError = QStringLiteral("audit log: %1").arg(insert.lastError().text());
        return false;
    }
    d->insert = std::move(insert);
    return true;
}

bool AuditLog::append(const TriggerResult &attempt, const AuditContext &context)
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
    q.bindValue(QStringLiteral(":at"), isoUtc(at));
    q.bindValue(QStringLiteral(":operator"), text(context.operatorName));
    q.bindValue(QStringLiteral(":profile"), text(context.profile));
    q.bindValue(QStringLiteral(":mode"), modeName(context.mode));
    q.bindValue(QStringLiteral(":target"), text(sanitizeTarget(context.target)));
    q.bindValue(QStringLiteral(":kb"), text(attempt.target.kbId));
    q.bindValue(QStringLiteral(":source"), text(attempt.target.sourceId));
    q.bindValue(QStringLiteral(":trigger"), text(attempt.target.triggerId));
    q.bindValue(QStringLiteral(":outcome"), toString(attempt.outcome));
    q.bindValue(QStringLiteral(":job"), text(attempt.jobId));
    q.bindValue(QStringLiteral(":status"), text(attempt.status));
    q.bindValue(QStringLiteral(":message"), text(redactKeys(attempt.message)));
    q.bindValue(QStringLiteral(":http"), attempt.httpStatus);
    q.bindValue(QStringLiteral(":attempt"), attempt.attempts);
    q.bindValue(QStringLiteral(":elapsed"), attempt.elapsedMs);
    // Autocommit: the row is committed when exec() returns.
    if (!q.exec()) {
        m_lastError = QStringLiteral("audit log append failed: %1").arg(q.lastError().text());
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
    QList<AuditEntry> out;
    if (!ensureOpen())
        return out;
    QString sql = QStringLiteral(
        "SELECT id, at_utc, operator, profile, mode, target, kb_id, source_id, trigger_id,"
        " outcome, job_id, status, message, http_status, attempt, elapsed_ms FROM audit_log"
        " WHERE 1 = 1");
    QVariantList values;
    auto where = [&](const QString &clause, const QVariant &value) {
        sql += QStringLiteral(" AND ") + clause;
        values.append(value);
    };
    if (filter.since.isValid())
        where(QStringLiteral("at_utc >= ?"), isoUtc(filter.since));
    if (!filter.kbId.isEmpty())
        where(QStringLiteral("kb_id = ?"), filter.kbId);
    if (!filter.sourceId.isEmpty())
        where(QStringLiteral("source_id = ?"), filter.sourceId);
    if (!filter.triggerId.isEmpty())
        where(QStringLiteral("trigger_id = ?"), filter.triggerId);
    if (!filter.outcomes.isEmpty()) {
        QStringList marks;
        for (Outcome outcome : filter.outcomes) {
            marks.append(QStringLiteral("?"));
            values.append(toString(outcome));
        }
        sql += QStringLiteral(" AND outcome IN (") + marks.join(u',') + u')';
    }
    sql += QStringLiteral(" ORDER BY id DESC");
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
        out.append(e);
    }
    return out;
}

qint64 AuditLog::count() const
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

} // namespace feather
