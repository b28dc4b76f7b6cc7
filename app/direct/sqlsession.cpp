// SqlSession: one named connection, opened and re-opened on its owner thread, and its
// transactions (SqlDialect::begin: per-transaction settings and the schema check). Statements
// are in sqlstatements.cpp.

#include "direct/sqlsession.h"

#include "core/timestamps.h"

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
    , m_dialect(SqlDialect::of(m_config.driver))
    , m_name(std::move(connectionName))
{
    if (m_name.isEmpty())
        m_name = u"feather-direct-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

SqlSession::~SqlSession()
{
    // Every QSqlQuery must be gone before removeDatabase().
    if (m_db.isValid() && m_inTransaction && m_db.isOpen())
        m_db.rollback();
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
    return ensureOpen();
}

DbError SqlSession::ensureOpen()
{
    if (m_db.isValid() && m_db.isOpen())
        return {};
    if (m_inTransaction) { // the transaction died with the connection
        m_inTransaction = false;
        return connectionLost();
    }
    return configureAndOpen();
}

DbError SqlSession::configureAndOpen()
{
    if (!m_config.schema.isEmpty() && !isIdentifier(m_config.schema))
        return {DbFailure::BadConfig,
                {},
                u"schema must be a plain identifier, got \"%1\""_s.arg(m_config.schema.left(64))};
    dropConnection();
    if (!m_db.isValid())
        m_db = QSqlDatabase::addDatabase(m_dialect.qtDriver(), m_name);
    if (!m_db.isValid())
        return {DbFailure::CouldNotConnect,
                {},
                u"the Qt SQL driver for this database is not installed"_s};
    m_dialect.configure(m_db, m_config);
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
    for (const QString &sql : m_dialect.afterOpen()) {
        Rows r = runOnce(sql, {}, Prepared::Once, nullptr);
        if (!r.ok())
            return r.error;
    }
    return {};
}

void SqlSession::dropConnection()
{
    m_prepared.clear();
    m_inTransaction = false;
    if (m_db.isValid())
        m_db.close();
}

DbError SqlSession::transact(Access access, const std::function<DbError()> &body, Retry retry)
{
    auto attempt = [&]() -> DbError {
        if (DbError e = begin(access); e.failed())
            return e;
        if (DbError e = body(); e.failed()) {
            rollback();
            return e;
        }
        return commit();
    };
    DbError e = attempt();
    if (e.kind == DbFailure::ConnectionLost && retry == Retry::Safe) {
        dropConnection();
        e = attempt();
    }
    return e;
}

DbError SqlSession::begin(Access access)
{
    if (DbError e = checkThread(); e.failed())
        return e;
    if (m_inTransaction)
        return {DbFailure::Other, {}, u"internal error: a transaction is already open"_s};
    DbError e = beginOnce(access);
    if (e.kind == DbFailure::ConnectionLost) {
        // A BEGIN that found the connection dead changed nothing: reconnect and repeat.
        dropConnection();
        e = beginOnce(access);
    }
    return e;
}

DbError SqlSession::beginOnce(Access access)
{
    if (DbError e = ensureOpen(); e.failed())
        return e;
    m_schemaMissing = false;
    const bool check = m_dialect.schemaCheck(m_config);
    ++m_statements;
    QVariant schema;
    DbError error;
    {
        // Several statements in one round trip: each has its own result, and a failure in a
        // later one shows only when its result is reached.
        QSqlQuery query(m_db);
        bool ok = query.exec(m_dialect.begin(access, m_config));
        while (ok) {
            if (check && query.isSelect() && query.next())
                schema = query.value(0);
            if (!query.nextResult())
                break;
        }
        if (query.lastError().type() != QSqlError::NoError)
            error = classify(query.lastError());
    }
    if (error.failed()) {
        if (error.kind != DbFailure::ConnectionLost && m_db.isOpen())
            m_db.rollback();
        return error;
    }
    m_inTransaction = true;
    if (!check)
        return {};
    if (schema.isNull()) {
        if (access == Access::Migrate) {
            m_schemaMissing = true;
            return {};
        }
        rollback();
        return {
            DbFailure::MissingSchema, {}, u"schema \"%1\" does not exist"_s.arg(m_config.schema)};
    }
    if (schema.toString() != m_config.schema) {
        rollback();
        return {DbFailure::WrongSchema,
                {},
                u"names resolve in schema \"%1\", not in the configured schema \"%2\""_s.arg(
                    schema.toString(), m_config.schema)};
    }
    return {};
}

DbError SqlSession::commit()
{
    if (!m_inTransaction || !m_db.isOpen()) {
        m_inTransaction = false;
        return connectionLost(u"database connection lost before COMMIT"_s);
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
        if (m_db.isOpen() && m_dialect.failedCommitLeavesTransaction())
            m_db.rollback();
    }
    m_inTransaction = false;
    return error;
}

void SqlSession::rollback()
{
    if (m_inTransaction && m_db.isValid() && m_db.isOpen()) {
        ++m_statements;
        m_db.rollback();
    }
    m_inTransaction = false;
}

DbError SqlSession::classify(const QSqlError &error) const
{
    const QString code = error.nativeErrorCode();
    if (error.type() == QSqlError::NoError && code.isEmpty())
        return {};
    const QString text = oneLine(error);
    return {m_dialect.classify(code, text, m_db.isOpen()), code, text};
}

QDateTime SqlSession::timeValue(const QVariant &value)
{
    if (value.isNull())
        return {};
    if (value.metaType() == QMetaType::fromType<QDateTime>())
        return value.toDateTime().toUTC();
    const QString text = value.toString();
    if (QDateTime t = parseTimestamp(text); t.isValid())
        return t;
    // A shape nobody here writes (another tool's rows): slow, but still read.
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
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
        return {Outcome::ServerError, 0,
                u"source is busy, try again (%1)%2"_s.arg(
                    SqlDialect::of(config.driver).busyReason(config), nothing)};
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
    case DbFailure::MissingSchema: {
        const QString url =
            config.schema.isEmpty() ? target : target + u"?schema="_s + config.schema;
        return {Outcome::ServerError, 0,
                u"%1 has no Feather schema yet (run: featherctl init-db --db %1)"_s.arg(url)};
    }
    case DbFailure::WrongSchema:
        return {Outcome::Invalid, 0,
                u"%1: %2; is a connection pooler or proxy dropping the setting?"_s.arg(target,
                                                                                       error.text)};
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
