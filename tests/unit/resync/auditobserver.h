#pragma once

// A second connection to an audit file, as another process would have: counts rows and holds
// SQLite's write lock (tst_runneraudit, tst_auditworkersink).
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace feather::test {

class AuditObserver final {
public:
    explicit AuditObserver(const QString &file)
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(file);
        m_db.open();
    }
    ~AuditObserver()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    Q_DISABLE_COPY_MOVE(AuditObserver)

    int rows(const QString &kind, const QString &triggerId, int attempt = 0)
    {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE kind = ? AND trigger_id = ?"
                                 " AND (? = 0 OR attempt = ?)"));
        q.addBindValue(kind);
        q.addBindValue(triggerId);
        q.addBindValue(attempt);
        q.addBindValue(attempt);
        return q.exec() && q.next() ? q.value(0).toInt() : -1;
    }
    // Takes SQLite's write lock and keeps it, as a stuck writer in another process would.
    bool lockWrites() { return QSqlQuery(m_db).exec(QStringLiteral("BEGIN IMMEDIATE")); }
    void unlock() { QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK")); }

private:
    QString m_name = QStringLiteral("observer-%1").arg(quintptr(this));
    QSqlDatabase m_db;
};

} // namespace feather::test
