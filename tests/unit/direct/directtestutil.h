#pragma once

// Helpers for the direct-mode store tests (unit/direct with SQLite, integration/direct with the
// PostgreSQL fixture): a raw connection that sets up rows and checks them independently of
// DirectStore, and a message guard that turns Qt SQL's thread/closed-connection warnings into
// test failures (docs/reliability.md §7 scenario 11).

#include "core/outcome.h"
#include "direct/dbconfig.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <utility>

// QCOMPARE cannot print an Outcome (feather::toString returns a QString and wins overload
// resolution against QTest::toString), so outcomes are compared by their wire names.
#define QCOMPARE_OUTCOME(actual, expected)                                                         \
    QCOMPARE(feather::toString(actual), feather::toString(expected))

namespace feather::test {

using SqlBinds = QList<std::pair<QString, QVariant>>;

// Records every Qt message containing "does not belong to the calling thread" or
// "database not open" (any case), from any thread, while it is alive.
class SqlMessageGuard {
public:
    SqlMessageGuard();
    ~SqlMessageGuard();
    SqlMessageGuard(const SqlMessageGuard &) = delete;
    SqlMessageGuard &operator=(const SqlMessageGuard &) = delete;
    static QStringList offending();
    static void clear();
};

// A plain QSqlDatabase connection on the calling thread, for arranging and asserting.
class RawDb {
public:
    explicit RawDb(const DbConfig &config);
    ~RawDb();
    RawDb(const RawDb &) = delete;
    RawDb &operator=(const RawDb &) = delete;

    bool isOpen() const { return m_db.isOpen(); }
    QString lastError() const { return m_lastError; }
    QString lastErrorCode() const { return m_lastCode; } // SQLSTATE / SQLite result code
    QSqlDatabase &db() { return m_db; }

    bool exec(const QString &sql, const SqlBinds &binds = {});
    QVariant scalar(const QString &sql, const SqlBinds &binds = {});
    QList<QVariantList> rows(const QString &sql, const SqlBinds &binds = {});
    int count(const QString &table, const QString &where = {}, const SqlBinds &binds = {});

    void addKb(const QString &id, const QString &name = QStringLiteral("Test KB"));
    void addSource(const QString &id, const QString &kb,
                   const QString &status = QStringLiteral("active"),
                   const QString &nickname = QStringLiteral("Test source"),
                   const QString &provider = QStringLiteral("notion"));
    // A running connector_sync job for `source` that the source points at.
    void addRunningJob(const QString &jobId, const QString &kb, const QString &source,
                       const QString &status = QStringLiteral("processing"));
    // Everything about one source row, to prove a call changed nothing.
    QVariantList sourceSnapshot(const QString &id);
    qint64 backendPid(); // PostgreSQL only

    // Schema introspection, whichever the database: column names of `table`, and each unique
    // index of `table` as its comma-separated columns.
    QStringList columns(const QString &table);
    QStringList uniqueIndexes(const QString &table);
    // Holds what a claim on `source` needs (SQLite: the database's write lock; PostgreSQL: the
    // row, FOR UPDATE) in an open transaction until release().
    bool holdClaimLock(const QString &source);
    bool release();

private:
    QSqlDatabase m_db;
    QString m_name;
    QString m_lastError;
    QString m_lastCode;
    bool m_pg = false;
};

DbConfig sqliteConfig(const QString &path, int busyTimeoutMs = 5000);

// The databases the dialect-parameterised store tests run every case against: QtTest global
// data (initTestCase_data) with one int column "dialect". PgBouncer is PostgreSQL behind a
// transaction-pooling PgBouncer (ctest fixture `pgbouncer`, tests/support/pgbouncer.sh).
enum class TestDialect { Sqlite, Postgres, PgBouncer };
void addDialectRows();
void addPostgresRows();       // PostgreSQL and PgBouncer only (races, PostgreSQL locks)
TestDialect currentDialect(); // the running global row
const char *currentDialectName();
// A fresh, empty database for the running row: `store` is how the code under test reaches it,
// `raw` a direct connection for RawDb. For PostgreSQL `query` adds URL parameters.
struct TestDb {
    DbConfig store;
    DbConfig raw;
};
std::optional<TestDb> freshDb(const QString &dir, const QString &prefix, const QString &query = {},
                              QString *why = nullptr);
// `direct` reached through the fixture's PgBouncer instead.
std::optional<DbConfig> viaPgBouncer(const DbConfig &direct, QString *why = nullptr);
// A fresh PostgreSQL database on the fixture cluster, with extra URL query items; empty
// optional with *why on failure.
std::optional<DbConfig> freshPgConfig(const QString &prefix, const QString &query = {},
                                      QString *why = nullptr);
QString uuid();

} // namespace feather::test
