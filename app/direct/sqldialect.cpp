#include "direct/sqldialect.h"

#include "core/timestamps.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace feather::direct {

namespace {

// libpq's application_name: the program's name, limited to characters that need no quoting.
QString applicationName()
{
    QString name = QCoreApplication::applicationName();
    name.remove(QRegularExpression(u"[^A-Za-z0-9_.-]"_s));
    return name.isEmpty() ? u"feather-ops-console"_s : name.left(60);
}

class PostgresDialect final : public SqlDialect {
public:
    QString qtDriver() const override { return u"QPSQL"_s; }

    void configure(QSqlDatabase &db, const DbConfig &config) const override
    {
        db.setHostName(config.host);
        db.setPort(config.port);
        db.setUserName(config.user);
        db.setDatabaseName(config.database);
        // Callers fill the password from PGPASSWORD or the keychain; libpq would read
        // PGPASSWORD by itself, but being explicit keeps one source of truth.
        db.setPassword(config.password.isEmpty() ? qEnvironmentVariable("PGPASSWORD")
                                                 : config.password);
        db.setConnectOptions(connectOptions(config));
    }

    QString connectOptions(const DbConfig &config) const override
    {
        // QPSQL appends this to the libpq conninfo string (';' becomes ' '). No `options`
        // startup parameter: PgBouncer refuses it (or drops it), so server settings are made
        // per transaction in begin().
        QStringList opts{
            u"connect_timeout=%1"_s.arg(qMax(1, config.connectTimeoutSeconds)),
            u"application_name=%1"_s.arg(applicationName()),
            // Notice a dead server or a silently dropped route instead of waiting forever.
            u"keepalives=1"_s,
            u"keepalives_idle=30"_s,
            u"keepalives_interval=10"_s,
            u"keepalives_count=3"_s,
        };
        if (!config.sslmode.isEmpty())
            opts << u"sslmode=%1"_s.arg(config.sslmode);
        return opts.join(u';');
    }

    QStringList afterOpen() const override { return {}; }

    QString begin(Access, const DbConfig &config) const override
    {
        // One round trip. SET LOCAL ends with the transaction, so whichever server connection a
        // pooler hands out, these hold for exactly this transaction: a claim never waits on a
        // locked row longer than lock_timeout, no statement runs forever, a client that died
        // mid-transaction does not hold the row lock, and times read back in one text form.
        // Never SERIALIZABLE (docs/reliability.md §1.4), whatever the server's default is.
        QString sql = u"BEGIN ISOLATION LEVEL READ COMMITTED"
                      "; SET LOCAL lock_timeout = %1; SET LOCAL statement_timeout = %2"
                      "; SET LOCAL idle_in_transaction_session_timeout = %3"
                      "; SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'"
                      "; SET LOCAL client_min_messages = warning"_s.arg(config.lockTimeoutMs)
                          .arg(config.statementTimeoutMs)
                          .arg(qMax(60000, 2 * config.statementTimeoutMs));
        // The schema passed parseDbUrl's and SqlSession's identifier check: no quote inside.
        if (schemaCheck(config))
            sql +=
                u"; SET LOCAL search_path = \"%1\"; SELECT current_schema()"_s.arg(config.schema);
        return sql;
    }
    bool schemaCheck(const DbConfig &config) const override { return !config.schema.isEmpty(); }
    bool ownTransactionPerStatement() const override { return true; }
    bool literalBinding() const override { return true; }
    bool failedCommitLeavesTransaction() const override { return false; }

    ClaimStrategy claimStrategy() const override { return ClaimStrategy::OneStatement; }
    QString waitForRowWriter() const override { return u" FOR SHARE"_s; }

    QVariant timeParam(const QDateTime &time) const override
    {
        // The driver renders TIMESTAMP WITH TIME ZONE '…Z'.
        return time.isValid() ? QVariant(time.toUTC()) : QVariant(QMetaType::fromType<QDateTime>());
    }

    DbFailure classify(const QString &code, const QString &, bool connectionOpen) const override
    {
        // PQstatus is the truth about the connection: a statement that killed it may carry
        // 57P01, 08006 or no SQLSTATE at all.
        if (!connectionOpen || code.startsWith(u"08"_s) || code.startsWith(u"57P0"_s))
            return DbFailure::ConnectionLost;
        static const QHash<QString, DbFailure> byCode{
            {u"55P03"_s, DbFailure::Busy},
            {u"57014"_s, DbFailure::Timeout},
            {u"23505"_s, DbFailure::UniqueViolation},
            {u"40001"_s, DbFailure::Conflict},
            {u"40P01"_s, DbFailure::Conflict},
            {u"42501"_s, DbFailure::PermissionDenied},
            {u"42P01"_s, DbFailure::MissingSchema},
            {u"3F000"_s, DbFailure::MissingSchema},
        };
        if (const auto it = byCode.constFind(code); it != byCode.constEnd())
            return *it;
        if (code.startsWith(u"28"_s))
            return DbFailure::LoginRefused;
        return DbFailure::Other;
    }
    QString busyReason(const DbConfig &config) const override
    {
        return u"the row stayed locked by another session for more than %1 ms"_s.arg(
            config.lockTimeoutMs);
    }

    QString migrationsFolder() const override { return u":/sql/postgres"_s; }
    QString timeColumnType() const override { return u"timestamptz"_s; }
    QString migrationLock() const override
    {
        // pg_advisory_xact_lock(key): an arbitrary constant ("feather" in ASCII).
        return u"SELECT pg_advisory_xact_lock(112585612748901)"_s;
    }
    std::optional<QString> createSchema(const DbConfig &config) const override
    {
        if (config.schema.isEmpty())
            return std::nullopt;
        return u"CREATE SCHEMA \"%1\""_s.arg(config.schema);
    }
};

class SqliteDialect final : public SqlDialect {
public:
    QString qtDriver() const override { return u"QSQLITE"_s; }
    void configure(QSqlDatabase &db, const DbConfig &config) const override
    {
        db.setDatabaseName(config.path);
        db.setConnectOptions(connectOptions(config));
    }
    QString connectOptions(const DbConfig &config) const override
    {
        return u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(qMax(0, config.busyTimeoutMs));
    }
    QStringList afterOpen() const override
    {
        // WAL: readers never block the writer and vice versa. It is a property of the file
        // (set once, kept); foreign keys and synchronous are per connection.
        return {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA foreign_keys=ON"_s,
                u"PRAGMA synchronous=NORMAL"_s};
    }

    QString begin(Access access, const DbConfig &) const override
    {
        // A write takes the write lock now, waiting up to the busy timeout; a deferred BEGIN
        // that reads first could fail later with BUSY_SNAPSHOT (docs/reliability.md §2).
        switch (access) {
        case Access::Read:
            return u"BEGIN"_s;
        case Access::Write:
        case Access::Migrate:
            break;
        }
        return u"BEGIN IMMEDIATE"_s;
    }
    bool schemaCheck(const DbConfig &) const override { return false; }
    bool ownTransactionPerStatement() const override { return false; }
    bool literalBinding() const override { return false; }
    bool failedCommitLeavesTransaction() const override { return true; }

    ClaimStrategy claimStrategy() const override { return ClaimStrategy::UpdateThenInsert; }
    QString waitForRowWriter() const override { return {}; }

    QVariant timeParam(const QDateTime &time) const override
    {
        if (!time.isValid())
            return QVariant(QMetaType::fromType<QString>());
        return formatTimestamp(time);
    }

    DbFailure classify(const QString &code, const QString &text, bool) const override
    {
        bool numeric = false;
        const int rc = code.toInt(&numeric);
        if (numeric) {
            const int primary = rc & 0xff;    // extended result codes are on in QSQLITE
            if (primary == 5 || primary == 6) // SQLITE_BUSY (+_RECOVERY, _SNAPSHOT, …), _LOCKED
                return DbFailure::Busy;
            if (rc == 2067 || rc == 1555) // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
                return DbFailure::UniqueViolation;
            if (primary == 8 || primary == 3) // SQLITE_READONLY, SQLITE_PERM
                return DbFailure::PermissionDenied;
            if (primary == 14) // SQLITE_CANTOPEN
                return DbFailure::CouldNotConnect;
        }
        if (text.contains(u"no such table"_s))
            return DbFailure::MissingSchema;
        return DbFailure::Other;
    }
    QString busyReason(const DbConfig &config) const override
    {
        return u"another writer held the database for more than %1 ms"_s.arg(config.busyTimeoutMs);
    }

    QString migrationsFolder() const override { return u":/sql/sqlite"_s; }
    QString timeColumnType() const override { return u"TEXT"_s; }
    QString migrationLock() const override { return {}; } // BEGIN IMMEDIATE serialises them
    std::optional<QString> createSchema(const DbConfig &) const override { return std::nullopt; }
};

} // namespace

const SqlDialect &SqlDialect::of(DbConfig::Driver driver)
{
    static const PostgresDialect postgres;
    static const SqliteDialect sqlite;
    switch (driver) {
    case DbConfig::Driver::Postgres:
        return postgres;
    case DbConfig::Driver::Sqlite:
        break;
    }
    return sqlite;
}

std::optional<QString> renderPlaceholders(const QString &sql, const Binds &binds,
                                          const std::function<QString(const QVariant &)> &format,
                                          QString *why)
{
    auto isNameChar = [](QChar c) { return c.isLetterOrNumber() || c == u'_'; };
    QString out;
    out.reserve(sql.size() + 16 * binds.size());
    const qsizetype n = sql.size();
    for (qsizetype i = 0; i < n;) {
        const QChar c = sql[i];
        if (c == u'\'' || c == u'"') { // a literal or a quoted identifier: copied verbatim
            qsizetype end = i + 1;
            while (end < n && sql[end] != c)
                ++end;
            out += QStringView(sql).mid(i, end + 1 - i);
            i = end + 1;
        } else if (c == u'-' && i + 1 < n && sql[i + 1] == u'-') { // comment to end of line
            qsizetype end = sql.indexOf(u'\n', i);
            end = end < 0 ? n : end;
            out += QStringView(sql).mid(i, end - i);
            i = end;
        } else if (c == u':' && i + 1 < n && sql[i + 1] == u':') { // a cast
            out += u"::"_s;
            i += 2;
        } else if (c == u':' && i + 1 < n && (sql[i + 1].isLetter() || sql[i + 1] == u'_')) {
            qsizetype end = i + 1;
            while (end < n && isNameChar(sql[end]))
                ++end;
            const QStringView name = QStringView(sql).mid(i, end - i);
            const auto it = std::find_if(binds.cbegin(), binds.cend(),
                                         [name](const auto &b) { return b.first == name; });
            if (it == binds.cend()) {
                if (why)
                    *why = u"internal error: no value bound for %1"_s.arg(name);
                return std::nullopt;
            }
            out += format(it->second);
            i = end;
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

} // namespace feather::direct
