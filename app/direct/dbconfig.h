#pragma once

#include <QString>
#include <optional>

namespace feather {

// A parsed direct-mode database URL (DESIGN.md, "featherctl"):
//   sqlite:///abs/path.db
//   postgresql://user@host:port/db?sslmode=…&connect_timeout=…&schema=…
// A password inside the URL is refused (it would end up in shell history and process lists):
// it comes from PGPASSWORD or the keychain and is set on `password` by the caller.
struct DbConfig {
    enum class Driver { Sqlite, Postgres };
    Driver driver = Driver::Sqlite;

    QString path; // SQLite file

    QString host = QStringLiteral("localhost");
    int port = 5432;
    QString user;
    QString database;
    QString schema;  // optional PostgreSQL schema, e.g. "knowledge_base"
    QString sslmode; // passed to libpq verbatim when set
    int connectTimeoutSeconds = 5;
    QString password; // never printed, never part of displayTarget()

    int busyTimeoutMs = 5000; // SQLite: how long a writer waits for the write lock
    int lockTimeoutMs = 5000; // PostgreSQL: a claim never waits longer on a locked row
    int statementTimeoutMs = 30000;

    // "sqlite:///path" or "postgresql://user@host:port/db" — safe for logs, audit and titles.
    QString displayTarget() const;
};

// Parses `url`; on failure returns nullopt and a one-line reason in *why.
std::optional<DbConfig> parseDbUrl(const QString &url, QString *why);

} // namespace feather
