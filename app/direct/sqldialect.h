#pragma once

#include "direct/dbconfig.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <functional>
#include <optional>

class QDateTime;

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
    MissingSchema,    // 42P01 / "no such table" / the configured schema does not exist
    WrongSchema,      // the server resolves names in another schema than the one configured
    WrongThread,      // used from a thread that does not own the connection
    BadConfig,        // e.g. a schema name that is not an identifier
    Other,
};

// What a transaction is for. SQLite takes the write lock at BEGIN only for writes; Migrate is a
// write that may find the configured schema missing (it creates it).
enum class Access { Read, Write, Migrate };

// How the guarded trigger claims a source (DESIGN.md, "The guarded trigger").
enum class ClaimStrategy {
    OneStatement,     // WITH claimed AS (UPDATE … RETURNING) INSERT … SELECT … RETURNING
    UpdateThenInsert, // UPDATE … RETURNING, then INSERT … RETURNING, in one transaction
};

// Everything that differs between the databases direct mode supports, chosen once per
// connection (SqlDialect::of). Callers ask the dialect instead of testing the driver.
class SqlDialect {
public:
    virtual ~SqlDialect() = default;
    static const SqlDialect &of(DbConfig::Driver driver);

    virtual QString qtDriver() const = 0;
    // Points `db` at the configured database (file or server, credentials, connect options).
    virtual void configure(QSqlDatabase &db, const DbConfig &config) const = 0;
    virtual QString connectOptions(const DbConfig &config) const = 0;
    // Per-connection settings run once after open (SQLite PRAGMAs).
    virtual QStringList afterOpen() const = 0;

    // The text that opens a transaction and applies this transaction's settings, sent as one
    // round trip (with the transaction's first statement appended where literalBinding():
    // SqlSession::beginWith). When schemaCheck(config) is true its last statement returns one
    // row: the schema unqualified names resolve to (NULL when the configured one does not exist).
    virtual QString begin(Access access, const DbConfig &config) const = 0;
    virtual bool schemaCheck(const DbConfig &config) const = 0;
    // Settings live in the transaction, so a statement outside one runs in its own.
    virtual bool ownTransactionPerStatement() const = 0;
    // Bound values are rendered by the driver's literal formatter into the statement (no
    // server-side prepared statement, so nothing outlives a transaction behind a pooler).
    virtual bool literalBinding() const = 0;
    // After a failed COMMIT the transaction is still open and needs a ROLLBACK.
    virtual bool failedCommitLeavesTransaction() const = 0;

    virtual ClaimStrategy claimStrategy() const = 0;
    // Appended to a single-table SELECT so that it waits for a writer holding the row (an
    // in-flight claim) before reading; empty where BEGIN already waited for the writer.
    virtual QString waitForRowWriter() const = 0;

    // A time as a bound value. Times are read back as text (CAST(… AS TEXT)) in both
    // dialects and parsed by parseTimestamp().
    virtual QVariant timeParam(const QDateTime &time) const = 0;

    virtual DbFailure classify(const QString &code, const QString &text,
                               bool connectionOpen) const = 0;
    // "the row stayed locked by another session for more than 300 ms"
    virtual QString busyReason(const DbConfig &config) const = 0;

    virtual QString migrationsFolder() const = 0;
    virtual QString timeColumnType() const = 0;
    // Makes concurrent migrations take turns (empty when BEGIN already does).
    virtual QString migrationLock() const = 0;
    // Creates the configured schema (PostgreSQL); nullopt when there is none to create.
    virtual std::optional<QString> createSchema(const DbConfig &config) const = 0;
};

using Binds = QList<std::pair<QString, QVariant>>; // named placeholder (":id") → value

// A statement split once at its :name placeholders (outside quotes and comments, not a '::'
// cast), so that binding values is splicing formatted values between fixed pieces instead of
// scanning the text again for every execution.
class SqlTemplate {
public:
    explicit SqlTemplate(const QString &sql);
    // The text with every placeholder replaced by format(value); nullopt with a one-line reason
    // for a placeholder that has no value.
    std::optional<QString> render(const Binds &binds,
                                  const std::function<QString(const QVariant &)> &format,
                                  QString *why) const;
    qsizetype placeholderCount() const { return m_pieces.size() - 1; }

private:
    struct Piece {
        QString text; // copied verbatim
        QString name; // the placeholder after it (":job"); empty for the last piece
    };
    QList<Piece> m_pieces;
    qsizetype m_fixedSize = 0;
};

// Replaces every :name placeholder of `sql` by format(value) (a SqlTemplate used once).
std::optional<QString> renderPlaceholders(const QString &sql, const Binds &binds,
                                          const std::function<QString(const QVariant &)> &format,
                                          QString *why);

} // namespace feather::direct
