#include "direct/sqlsession.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace feather::direct {

namespace {

bool isIdentifier(const QString &s)
{
    static const QRegularExpression re(u"^[A-Za-z_][A-Za-z0-9_]{0,62}$"_s);
    return re.match(s).hasMatch();
}

// libpq's application_name: the program's name, limited to characters that need no quoting.
QString applicationName()
{
    QString name = QCoreApplication::applicationName();
    name.remove(QRegularExpression(u"[^A-Za-z0-9_.-]"_s));
    return name.isEmpty() ? u"feather-ops-console"_s : name.left(60);
}

QString oneLine(const QSqlError &error)
{
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.driverText().trimmed();
    text = text.simplified();
    // libpq prefixes server messages with the severity; it adds nothing for an operator.
    for (const QLatin1String prefix : {QLatin1String("FATAL: "), QLatin1String("ERROR: ")})
        if (text.startsWith(prefix))
            text = text.mid(prefix.size());
    return text;
}

} // namespace

SqlSession::SqlSession(DbConfig config, QString connectionName)
    : m_config(std::move(config))
    , m_name(std::move(connectionName))
{
    if (m_name.isEmpty())
        m_name = u"feather-direct-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

SqlSession::~SqlSession()
{
    // Every QSqlQuery must be gone before removeDatabase(): the failed ones kept until ROLLBACK
    // and the kept prepared statements go first (freed while the connection is still up).
    if (m_db.isValid() && m_inTransaction && m_db.isOpen())
        m_db.rollback();
    m_failedInTransaction.clear();
    m_prepared.clear();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
}

DbError SqlSession::checkThread()
{
    if (!m_owner)
        m_owner = QThread::currentThread();
    if (m_owner == QThread::currentThread())
        return {};
    return {
        DbFailure::WrongThread,
        {},
        u"internal error: a direct-mode connection was used from a thread that does not own it"_s};
}

DbError SqlSession::open()
{
    if (DbError e = checkThread(); e.failed())
        return e;
    if (m_db.isValid() && m_db.isOpen())
        return {};
    return configureAndOpen();
}

QString SqlSession::pgConnectOptions() const
{
    // QPSQL appends this text to the libpq conninfo string (';' becomes ' '): any libpq keyword
    // works. Server settings go through `options`, so they hold for this session from the very
    // first statement: a claim never waits on a locked row longer than lock_timeout, no
    // statement runs forever, and a client that died mid-transaction does not hold the row lock.
    QStringList server{
        u"-c lock_timeout=%1"_s.arg(m_config.lockTimeoutMs),
        u"-c statement_timeout=%1"_s.arg(m_config.statementTimeoutMs),
        u"-c idle_in_transaction_session_timeout=%1"_s.arg(
            qMax(60000, 2 * m_config.statementTimeoutMs)),
        u"-c TimeZone=UTC"_s,
        u"-c client_min_messages=warning"_s, // no NOTICE chatter on stderr from IF NOT EXISTS
    };
    if (!m_config.schema.isEmpty())
        server << u"-c search_path=\"%1\""_s.arg(m_config.schema);
    QStringList opts{
        u"connect_timeout=%1"_s.arg(qMax(1, m_config.connectTimeoutSeconds)),
        u"application_name=%1"_s.arg(applicationName()),
        // Notice a dead server or a silently dropped route instead of waiting forever.
        u"keepalives=1"_s,
        u"keepalives_idle=30"_s,
        u"keepalives_interval=10"_s,
        u"keepalives_count=3"_s,
        u"options='%1'"_s.arg(server.join(u' ')),
    };
    if (!m_config.sslmode.isEmpty())
        opts << u"sslmode=%1"_s.arg(m_config.sslmode);
    return opts.join(u';');
}

DbError SqlSession::configureAndOpen()
{
    if (isPostgres() && !m_config.schema.isEmpty() && !isIdentifier(m_config.schema))
        return {DbFailure::BadConfig,
                {},
                u"schema must be a plain identifier, got \"%1\""_s.arg(m_config.schema.left(64))};
    dropConnection();
    if (!m_db.isValid())
        m_db = QSqlDatabase::addDatabase(isPostgres() ? u"QPSQL"_s : u"QSQLITE"_s, m_name);
    if (!m_db.isValid())
        return {DbFailure::CouldNotConnect,
                {},
                u"the Qt SQL driver for this database is not installed"_s};
    if (isPostgres()) {
        m_db.setHostName(m_config.host);
        m_db.setPort(m_config.port);
        m_db.setUserName(m_config.user);
        m_db.setDatabaseName(m_config.database);
        // Callers fill the password from PGPASSWORD or the keychain; libpq would read
        // PGPASSWORD by itself, but being explicit keeps one source of truth.
        m_db.setPassword(m_config.password.isEmpty() ? qEnvironmentVariable("PGPASSWORD")
                                                     : m_config.password);
        m_db.setConnectOptions(pgConnectOptions());
    } else {
        m_db.setDatabaseName(m_config.path);
        m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(qMax(0, m_config.busyTimeoutMs)));
    }
    if (!m_db.open()) {
        const QSqlError error = m_db.lastError();
        const QString text = oneLine(error);
        static const QRegularExpression login(
            u"password authentication failed|no password supplied|role .* does not exist|"
            "pg_hba\\.conf|permission denied|authentication"_s,
            QRegularExpression::CaseInsensitiveOption);
        return {login.match(text).hasMatch() ? DbFailure::LoginRefused : DbFailure::CouldNotConnect,
                error.nativeErrorCode(), text};
    }
    m_inTransaction = false;
    if (!isPostgres()) {
        // WAL: readers never block the writer and vice versa. It is a property of the file
        // (set once, kept), foreign keys and synchronous are per connection.
        for (const QLatin1String sql :
             {QLatin1String("PRAGMA journal_mode=WAL"), QLatin1String("PRAGMA foreign_keys=ON"),
              QLatin1String("PRAGMA synchronous=NORMAL")}) {
            Rows r = runOnce(sql, {}, Prepared::Once);
            if (!r.ok())
                return r.error;
        }
    }
    return {};
}

void SqlSession::dropConnection()
{
    // QPSQL prints "Unable to free statement" for these once the server is gone: unavoidable,
    // and only after a genuine connection loss.
    m_failedInTransaction.clear();
    m_prepared.clear();
    m_inTransaction = false;
    if (m_db.isValid())
        m_db.close();
}

Rows SqlSession::exec(const QString &sql, const Binds &binds, Retry retry, Prepared prepared)
{
    if (DbError e = checkThread(); e.failed())
        return {e, {}, -1};
    if (!m_db.isValid() || !m_db.isOpen()) {
        if (m_inTransaction) // the transaction died with the connection
            return {{DbFailure::ConnectionLost, {}, u"database connection lost"_s}, {}, -1};
        if (DbError e = configureAndOpen(); e.failed())
            return {e, {}, -1};
    }
    Rows r = runOnce(sql, binds, prepared);
    if (r.error.kind == DbFailure::ConnectionLost && retry == Retry::Safe && !m_inTransaction) {
        // QPSQL never reconnects by itself; a connection that died while idle shows up only
        // when it is used. Reopen once and run the statement again: it is safe to repeat.
        if (DbError e = configureAndOpen(); e.failed())
            return {e, {}, -1};
        r = runOnce(sql, binds, prepared);
    }
    return r;
}

Rows SqlSession::execBatch(const QString &sql, const QList<Binds> &each)
{
    if (DbError e = checkThread(); e.failed())
        return {e, {}, -1};
    if (!m_db.isValid() || !m_db.isOpen())
        return {{DbFailure::ConnectionLost, {}, u"database connection lost"_s}, {}, -1};
    Rows r;
    r.rowsAffected = 0;
    ++m_statements;
    auto query = std::make_unique<QSqlQuery>(m_db);
    bool ok = query->prepare(sql);
    for (qsizetype i = 0; ok && i < each.size(); ++i) {
        for (const auto &[name, value] : each.at(i))
            query->bindValue(name, value);
        ++m_statements;
        ok = query->exec();
        if (ok)
            r.rowsAffected += qMax(0, query->numRowsAffected());
    }
    if (!ok) {
        r.error = classify(query->lastError());
        if (m_inTransaction && m_db.isOpen())
            m_failedInTransaction.push_back(std::move(query));
        else if (!m_db.isOpen())
            m_inTransaction = false;
        return r;
    }
    query->finish();
    return r;
}

Rows SqlSession::runOnce(const QString &sql, const Binds &binds, Prepared prepared)
{
    Rows r;
    ++m_statements;
    std::unique_ptr<QSqlQuery> owned;
    QSqlQuery *query = nullptr;
    bool ok = false;
    if (binds.isEmpty()) {
        owned = std::make_unique<QSqlQuery>(m_db);
        query = owned.get();
        ok = query->exec(sql);
    } else {
        if (prepared == Prepared::Keep) {
            if (const auto it = m_prepared.find(sql); it != m_prepared.end())
                query = it->second.get();
        }
        if (!query) {
            owned = std::make_unique<QSqlQuery>(m_db);
            query = owned.get();
            ok = query->prepare(sql);
            if (ok && prepared == Prepared::Keep) {
                query = m_prepared.emplace(sql, std::move(owned)).first->second.get();
            }
        } else {
            ok = true;
        }
        if (ok) {
            for (const auto &[name, value] : binds)
                query->bindValue(name, value);
            ok = query->exec();
        }
    }
    if (!ok) {
        r.error = classify(query->lastError());
        if (r.error.kind == DbFailure::ConnectionLost)
            m_inTransaction = m_inTransaction && m_db.isOpen();
        // Inside a live transaction the query's prepared statement can only be freed after
        // ROLLBACK (PostgreSQL refuses DEALLOCATE in an aborted transaction). A kept statement
        // stays prepared: a failed EXECUTE does not free it.
        if (owned && m_inTransaction && m_db.isOpen())
            m_failedInTransaction.push_back(std::move(owned));
        return r;
    }
    // QSQLITE reports sqlite3_changes() of the whole connection: read it right after this
    // statement, before anything else runs on the connection.
    r.rowsAffected = query->numRowsAffected();
    while (query->next())
        r.rows.append(query->record());
    query->finish();
    return r;
}

DbError SqlSession::begin()
{
    const QString sql =
        isPostgres() ? u"BEGIN ISOLATION LEVEL READ COMMITTED"_s : u"BEGIN IMMEDIATE"_s;
    // A BEGIN that found the connection dead changed nothing: safe to reconnect and repeat.
    Rows r = exec(sql, {}, isPostgres() ? Retry::Safe : Retry::No);
    if (!r.ok())
        return r.error;
    m_inTransaction = true;
    return {};
}

DbError SqlSession::commit()
{
    if (!m_inTransaction || !m_db.isOpen()) {
        m_inTransaction = false;
        m_failedInTransaction.clear();
        return {DbFailure::ConnectionLost, {}, u"database connection lost before COMMIT"_s};
    }
    ++m_statements;
    // QSqlDatabase::commit(): QPSQL checks the command tag, so a COMMIT the server turned into
    // ROLLBACK (an aborted transaction) is reported as a failure, not as success.
    const bool ok = m_db.commit();
    DbError error;
    if (!ok) {
        error = classify(m_db.lastError());
        if (error.kind == DbFailure::None)
            error = {DbFailure::Other, {}, u"COMMIT failed"_s};
        if (m_db.isOpen() && !isPostgres())
            m_db.rollback(); // SQLite keeps the transaction open after a failed COMMIT
    }
    m_inTransaction = false;
    m_failedInTransaction.clear();
    return error;
}

void SqlSession::rollback()
{
    if (m_inTransaction && m_db.isValid() && m_db.isOpen()) {
        ++m_statements;
        m_db.rollback();
    }
    m_inTransaction = false;
    m_failedInTransaction.clear();
}

DbError SqlSession::classify(const QSqlError &error) const
{
    const QString code = error.nativeErrorCode();
    const QString text = oneLine(error);
    auto make = [&](DbFailure kind) { return DbError{kind, code, text}; };
    if (error.type() == QSqlError::NoError && code.isEmpty())
        return {};
    if (isPostgres()) {
        // PQstatus is the truth about the connection: a statement that killed it may carry
        // 57P01, 08006 or no SQLSTATE at all.
        if (!m_db.isOpen() || code.startsWith(u"08"_s) || code.startsWith(u"57P0"_s))
            return make(DbFailure::ConnectionLost);
        if (code == u"55P03"_s)
            return make(DbFailure::Busy);
        if (code == u"57014"_s)
            return make(DbFailure::Timeout);
        if (code == u"23505"_s)
            return make(DbFailure::UniqueViolation);
        if (code == u"40001"_s || code == u"40P01"_s)
            return make(DbFailure::Conflict);
        if (code == u"42501"_s)
            return make(DbFailure::PermissionDenied);
        if (code == u"42P01"_s || code == u"3F000"_s)
            return make(DbFailure::MissingSchema);
        if (code.startsWith(u"28"_s))
            return make(DbFailure::LoginRefused);
        return make(DbFailure::Other);
    }
    bool numeric = false;
    const int rc = code.toInt(&numeric);
    if (numeric) {
        const int primary = rc & 0xff;    // extended result codes are on in QSQLITE
        if (primary == 5 || primary == 6) // SQLITE_BUSY (+_RECOVERY, _SNAPSHOT, _TIMEOUT), _LOCKED
            return make(DbFailure::Busy);
        if (rc == 2067 || rc == 1555) // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
            return make(DbFailure::UniqueViolation);
        if (primary == 8 || primary == 3) // SQLITE_READONLY, SQLITE_PERM
            return make(DbFailure::PermissionDenied);
        if (primary == 14) // SQLITE_CANTOPEN
            return make(DbFailure::CouldNotConnect);
    }
    if (text.contains(u"no such table"_s))
        return make(DbFailure::MissingSchema);
    return make(DbFailure::Other);
}

QVariant SqlSession::timeParam(const QDateTime &time) const
{
    if (!time.isValid())
        return QVariant(QMetaType::fromType<QString>());
    // QPSQL renders a QDateTime as TIMESTAMP WITH TIME ZONE '…Z'. SQLite stores fixed-width UTC
    // text, the same form as the schema's defaults, so comparisons are plain text comparisons.
    if (isPostgres())
        return time.toUTC();
    return time.toUTC().toString(u"yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"_s);
}

QDateTime SqlSession::timeValue(const QVariant &value)
{
    if (value.isNull())
        return {};
    if (value.metaType() == QMetaType::fromType<QDateTime>())
        return value.toDateTime().toUTC();
    QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        return {};
    return t.toUTC();
}

QString SqlSession::idValue(const QVariant &value)
{
    if (value.isNull())
        return {};
    if (value.metaType() == QMetaType::fromType<QUuid>())
        return value.toUuid().toString(QUuid::WithoutBraces);
    return value.toString().toLower();
}

Error describe(const DbError &error, const DbConfig &config, bool writing)
{
    const QString nothing = writing ? u", nothing was changed"_s : QString();
    const QString target = config.displayTarget();
    switch (error.kind) {
    case DbFailure::None:
        return {Outcome::Triggered, 0, {}};
    case DbFailure::CouldNotConnect:
        return {Outcome::NetworkError, 0, u"could not connect to %1: %2"_s.arg(target, error.text)};
    case DbFailure::LoginRefused:
        return {Outcome::Unauthorized, 0, u"%1 refused the login: %2"_s.arg(target, error.text)};
    case DbFailure::ConnectionLost:
        return {Outcome::NetworkError, 0, u"database connection lost"_s + nothing};
    case DbFailure::Busy:
        if (config.driver == DbConfig::Driver::Postgres)
            return {
                Outcome::ServerError, 0,
                u"source is busy, try again (the row stayed locked by another session for more than %1 ms)%2"_s
                    .arg(config.lockTimeoutMs)
                    .arg(nothing)};
        return {
            Outcome::ServerError, 0,
            u"source is busy, try again (another writer held the database for more than %1 ms)%2"_s
                .arg(config.busyTimeoutMs)
                .arg(nothing)};
    case DbFailure::Timeout:
        return {Outcome::ServerError, 0,
                u"the database did not answer within %1 ms%2"_s.arg(config.statementTimeoutMs)
                    .arg(nothing)};
    case DbFailure::UniqueViolation:
        return {Outcome::ServerError, 0, u"duplicate key: %1%2"_s.arg(error.text, nothing)};
    case DbFailure::Conflict:
        return {Outcome::ServerError, 0,
                u"transaction conflict (%1)%2; try again"_s.arg(error.code, nothing)};
    case DbFailure::PermissionDenied:
        return {Outcome::Forbidden, 0, u"permission denied: %1"_s.arg(error.text)};
    case DbFailure::MissingSchema:
        return {Outcome::ServerError, 0,
                u"%1 has no Feather schema yet (run: featherctl init-db --db %1)"_s.arg(target)};
    case DbFailure::WrongThread:
        return {Outcome::ServerError, 0, error.text};
    case DbFailure::BadConfig:
        return {Outcome::Invalid, 0, error.text};
    case DbFailure::Other:
        break;
    }
    return {Outcome::ServerError, 0, u"database error: %1%2"_s.arg(error.text, nothing)};
}

} // namespace feather::direct
