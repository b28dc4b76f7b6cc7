#pragma once

// Shared by auditlog.cpp (the local SQLite log) and auditteam.cpp (the PostgreSQL team trail).
#include "config/auditlog.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>
#include <optional>

namespace feather {

// One number for both backends: SQLite keeps it in PRAGMA user_version, PostgreSQL in the
// audit_schema table. Same tables, same columns.
constexpr int kSchemaVersion = 4;

struct AuditLog::Private {
    QString connectionName;
    QThread *thread = nullptr;
    std::optional<QSqlQuery> insert;
    bool postgres = false;
    bool teamDown = false; // this run gave up on the team database (see teamDown())
    // sanitizeTarget() of the last row's target: a run's rows share one (a URL parse per row
    // was a tenth of a bulk run's audit writing).
    QString rawTarget;
    QString storedTarget;

    QSqlDatabase db() const { return QSqlDatabase::database(connectionName, false); }
};

inline bool isPostgresUrl(const QString &text)
{
    return text.startsWith(QLatin1String("postgresql://"))
           || text.startsWith(QLatin1String("postgres://"));
}

} // namespace feather
