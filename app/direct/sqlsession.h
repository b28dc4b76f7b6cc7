#pragma once

#include "core/types.h"
#include "direct/dbconfig.h"
#include "direct/sqldialect.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlRecord>
#include <QVariant>
#include <functional>
#include <memory>
#include <unordered_map>
#include <utility>

class QSqlError;
class QSqlQuery;
class QThread;

namespace feather::direct {

struct DbError {
    DbFailure kind = DbFailure::None;
    QString code; // SQLSTATE or SQLite (extended) result code
    QString text; // one line, from the driver; never contains the password
    bool failed() const { return kind != DbFailure::None; }
};

inline DbError connectionLost(const QString &text = QStringLiteral("database connection lost"))
{
    return {DbFailure::ConnectionLost, {}, text};
}

// One executed statement, its rows read up front (small results; listings stream through
// SqlSession::forEach instead). rowsAffected counts the returned rows for a statement with
// RETURNING (neither driver's counter is right for those).
struct Rows {
    DbError error;
    QList<QSqlRecord> rows;
    int rowsAffected = -1;
    bool ok() const { return !error.failed(); }
};

// A statement that may run again on a fresh connection after the old one died: reads and
// idempotent writes outside a transaction. Never a COMMIT, never anything inside a transaction.
enum class Retry { No, Safe };

// Keep: SQLite keeps the prepared statement for the life of the connection (the trigger's hot
// path). PostgreSQL never prepares on the server (SqlDialect::literalBinding), so it is moot.
enum class Prepared { Once, Keep };

// One row of a forward-only result, read by position; return false to stop reading.
using RowReader = std::function<bool(const QSqlQuery &row)>;

// One named QSqlDatabase connection plus the rules around it: per-connection settings,
// re-opening after a lost connection, explicit transactions with per-transaction settings (see
// SqlDialect::begin), error classification and the lifetime of QSqlQuery objects. Every query
// is forward-only. On PostgreSQL every statement runs inside a transaction and no named
// prepared statement exists, so the session works through PgBouncer in transaction pooling mode.
class SqlSession {
public:
    SqlSession(DbConfig config, QString connectionName);
    ~SqlSession();
    SqlSession(const SqlSession &) = delete;
    SqlSession &operator=(const SqlSession &) = delete;

    const DbConfig &config() const { return m_config; }
    const SqlDialect &dialect() const { return m_dialect; }
    // Messages sent to the server (a BEGIN with its settings, or beginWith()'s one message,
    // counts once): round trips, for tests and diagnostics.
    qint64 statementCount() const { return m_statements; }

    // Opens when closed or lost; a no-op on a live connection.
    DbError open();
    // Inside a transaction the statement runs there; outside, on its own (in its own
    // transaction where the dialect keeps its settings there).
    Rows exec(const QString &sql, const Binds &binds = {}, Retry retry = Retry::No,
              Prepared prepared = Prepared::Once);
    // Streams a query's rows to `row` as they are read; nothing is copied or cached. Retry::Safe
    // repeats it on a fresh connection only when no row was handed out yet.
    DbError forEach(const QString &sql, const Binds &binds, const RowReader &row,
                    Retry retry = Retry::No);
    // One statement run once per element of `each` (bulk inserts); rowsAffected is the sum.
    // Meant for use inside a transaction.
    Rows execBatch(const QString &sql, const QList<Binds> &each);

    // Runs `body` in one transaction and commits it; rolls back when `body` fails. With
    // Retry::Safe a transaction that lost its connection runs once more on a fresh one (body
    // must then start over: assign its results, never append).
    DbError transact(Access access, const std::function<DbError()> &body, Retry retry = Retry::No);

    // SqlDialect::begin: SQLite BEGIN [IMMEDIATE]; PostgreSQL READ COMMITTED plus SET LOCAL
    // settings and, with a configured schema, a check that names resolve there.
    DbError begin(Access access = Access::Write);
    // begin() and the transaction's first statement. Where begin's text is sent as a simple
    // query (PostgreSQL's literal binding) both go in ONE message: BEGIN, its SET LOCAL settings,
    // the schema check and the statement, which the server runs in order and stops at the first
    // error; elsewhere begin(), then exec(). On success the transaction is open, as after
    // begin(); on failure it is rolled back (or was never opened). A lost connection retries
    // once on a fresh one, like begin(): no COMMIT was sent, so the server undid everything.
    Rows beginWith(Access access, const QString &sql, const Binds &binds);
    // After begin(Access::Migrate): the configured schema does not exist yet.
    bool schemaMissing() const { return m_schemaMissing; }
    // ConnectionLost from commit() means the outcome is unknown.
    DbError commit();
    void rollback();
    bool inTransaction() const { return m_inTransaction; }

    // Time and id values as this driver stores them.
    QVariant timeParam(const QDateTime &time) const { return m_dialect.timeParam(time); }
    static QDateTime timeValue(const QVariant &value);
    static QString idValue(const QVariant &value);

private:
    DbError checkThread();
    DbError ensureOpen();
    DbError configureAndOpen();
    DbError beginOnce(Access access);
    Rows beginWithOnce(Access access, const QString &statement);
    // The configured schema against what current_schema() answered inside the transaction.
    DbError schemaError(const QVariant &schema) const;
    Rows runOnce(const QString &sql, const Binds &binds, Prepared prepared, const RowReader *reader,
                 bool *delivered = nullptr);
    Rows standalone(const std::function<Rows()> &statement, Access access, Retry retry,
                    const bool *delivered = nullptr);
    std::optional<QString> renderLiterals(const QString &sql, const Binds &binds, QString *why);
    // The session's reusable forward-only query for statements sent as text, or a fresh one
    // while it is busy (a row reader that runs another statement).
    QSqlQuery *textQuery(std::unique_ptr<QSqlQuery> *owned);
    void releaseTextQuery(QSqlQuery *query); // finish()es it; a fresh one dies with `owned`
    const QString &beginText(Access access);
    DbError classify(const QSqlError &error) const;
    void dropConnection();

    DbConfig m_config;
    const SqlDialect &m_dialect;
    QString m_name;
    QSqlDatabase m_db;
    QThread *m_owner = nullptr;
    bool m_inTransaction = false;
    bool m_schemaMissing = false;
    qint64 m_statements = 0;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_prepared;
    // Per statement text, split once at its placeholders (PostgreSQL's literal binding).
    std::unordered_map<QString, SqlTemplate> m_templates;
    std::unique_ptr<QSqlQuery> m_textQuery; // see textQuery(); gone with the connection
    bool m_textQueryBusy = false;
    bool m_textQueryStale = false; // its connection was dropped while it was in use
    QString m_beginText[3];        // SqlDialect::begin per Access, built once (the config is fixed)
};

// The outcome and one-line message a caller reports for `error`. `writing` says whether a
// write was attempted.
Error describe(const DbError &error, const DbConfig &config, bool writing);

} // namespace feather::direct
