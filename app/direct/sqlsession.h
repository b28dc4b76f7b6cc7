#pragma once

#include "core/types.h"
#include "direct/dbconfig.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlRecord>
#include <QVariant>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

class QSqlError;
class QSqlQuery;
class QThread;

namespace feather::direct {

// Why a statement failed, classified once (by SQLSTATE / SQLite result code, never by the
// translated text) so that every caller maps failures to outcomes the same way.
enum class DbFailure {
    None,
    CouldNotConnect,  // open() failed: nothing was sent
    LoginRefused,     // authentication / authorization at connect time
    ConnectionLost,   // the connection died under a statement
    Busy,             // SQLite BUSY/LOCKED, PostgreSQL lock_timeout (55P03)
    Timeout,          // statement_timeout (57014)
    UniqueViolation,  // 23505 / SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
    Conflict,         // 40001 / 40P01
    PermissionDenied, // 42501
    MissingSchema,    // 42P01 / "no such table"
    WrongThread,      // used from a thread that does not own the connection
    BadConfig,        // e.g. a schema name that is not an identifier
    Other,
};

struct DbError {
    DbFailure kind = DbFailure::None;
    QString code; // SQLSTATE or SQLite (extended) result code
    QString text; // one line, from the driver; never contains the password
    bool failed() const { return kind != DbFailure::None; }
};

// One executed statement: every row read up front, so no QSqlQuery outlives the call.
struct Rows {
    DbError error;
    QList<QSqlRecord> rows;
    int rowsAffected = -1;
    bool ok() const { return !error.failed(); }
};

using Binds = QList<std::pair<QString, QVariant>>; // named placeholder (":id") → value

// Statements that may run again on a fresh connection after the old one died: reads and
// idempotent writes outside a transaction. Never a COMMIT, never anything inside a transaction.
enum class Retry { No, Safe };

// Keep: the statement stays prepared for the life of the connection (the trigger's hot path:
// half the round trips on PostgreSQL, where QPSQL otherwise sends PREPARE, EXECUTE and
// DEALLOCATE for every call). Once: prepared, run and freed.
enum class Prepared { Once, Keep };

// One named QSqlDatabase connection plus the rules around it: per-connection settings,
// re-opening after a lost connection, explicit transactions, error classification and the
// lifetime of QSqlQuery objects (QPSQL deallocates a prepared statement when the query dies,
// which fails inside an aborted transaction, so failed queries are kept until ROLLBACK).
class SqlSession {
public:
    SqlSession(DbConfig config, QString connectionName);
    ~SqlSession();
    SqlSession(const SqlSession &) = delete;
    SqlSession &operator=(const SqlSession &) = delete;

    const DbConfig &config() const { return m_config; }
    bool isPostgres() const { return m_config.driver == DbConfig::Driver::Postgres; }
    qint64 statementCount() const { return m_statements; }

    // Opens when closed or lost; a no-op on a live connection.
    DbError open();
    Rows exec(const QString &sql, const Binds &binds = {}, Retry retry = Retry::No,
              Prepared prepared = Prepared::Once);
    // One prepared statement run once per element of `each` (bulk inserts); rowsAffected is
    // the sum. Meant for use inside a transaction.
    Rows execBatch(const QString &sql, const QList<Binds> &each);

    // SQLite: BEGIN IMMEDIATE (takes the write lock now, waiting up to the busy timeout; a
    // deferred BEGIN could fail later with BUSY_SNAPSHOT). PostgreSQL: READ COMMITTED stated
    // explicitly, whatever default_transaction_isolation says.
    DbError begin();
    // ConnectionLost from commit() means the outcome is unknown.
    DbError commit();
    void rollback();
    bool inTransaction() const { return m_inTransaction; }

    // Time and id values as this driver stores them.
    QVariant timeParam(const QDateTime &time) const;
    static QDateTime timeValue(const QVariant &value);
    static QString idValue(const QVariant &value);

private:
    DbError checkThread();
    DbError configureAndOpen();
    Rows runOnce(const QString &sql, const Binds &binds, Prepared prepared);
    DbError classify(const QSqlError &error) const;
    void dropConnection();
    QString pgConnectOptions() const;

    DbConfig m_config;
    QString m_name;
    QSqlDatabase m_db;
    QThread *m_owner = nullptr;
    bool m_inTransaction = false;
    qint64 m_statements = 0;
    std::vector<std::unique_ptr<QSqlQuery>> m_failedInTransaction;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_prepared;
};

// The outcome and one-line message a caller reports for `error`. `target` names the database
// (DbConfig::displayTarget()); `writing` says whether a write was attempted.
Error describe(const DbError &error, const DbConfig &config, bool writing);

} // namespace feather::direct
