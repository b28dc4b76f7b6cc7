#include "directtestutil.h"

#include "support/testsupport.h"

#include <QFile>
#include <QMutex>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace feather::test {

namespace {
QMutex g_mutex;
QStringList g_offending;
QtMessageHandler g_previous = nullptr;
int g_guards = 0;

void guardHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(u"does not belong to the calling thread"_s, Qt::CaseInsensitive)
        || message.contains(u"database not open"_s, Qt::CaseInsensitive)) {
        QMutexLocker lock(&g_mutex);
        g_offending << message;
    }
    if (g_previous)
        g_previous(type, context, message);
}
} // namespace

SqlMessageGuard::SqlMessageGuard()
{
    QMutexLocker lock(&g_mutex);
    if (g_guards++ == 0)
        g_previous = qInstallMessageHandler(guardHandler);
}

SqlMessageGuard::~SqlMessageGuard()
{
    QMutexLocker lock(&g_mutex);
    if (--g_guards == 0)
        qInstallMessageHandler(g_previous);
}

QStringList SqlMessageGuard::offending()
{
    QMutexLocker lock(&g_mutex);
    return g_offending;
}

void SqlMessageGuard::clear()
{
    QMutexLocker lock(&g_mutex);
    g_offending.clear();
}

RawDb::RawDb(const DbConfig &config)
    : m_name(u"rawdb-"_s + uuid())
    , m_pg(config.driver == DbConfig::Driver::Postgres)
{
    m_db = QSqlDatabase::addDatabase(m_pg ? u"QPSQL"_s : u"QSQLITE"_s, m_name);
    if (m_pg) {
        m_db.setHostName(config.host);
        m_db.setPort(config.port);
        m_db.setUserName(config.user);
        m_db.setDatabaseName(config.database);
        QString opts =
            u"application_name=feather-test-raw;options='-c client_min_messages=warning"_s;
        if (!config.schema.isEmpty())
            opts += u" -c search_path=\"%1\""_s.arg(config.schema);
        m_db.setConnectOptions(opts + u'\'');
    } else {
        m_db.setDatabaseName(config.path);
        m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    }
    if (!m_db.open())
        m_lastError = m_db.lastError().text();
}

RawDb::~RawDb()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

QList<QVariantList> RawDb::rows(const QString &sql, const SqlBinds &binds)
{
    QList<QVariantList> out;
    m_lastError.clear();
    m_lastCode.clear();
    QSqlQuery q(m_db);
    bool ok = false;
    if (binds.isEmpty()) {
        ok = q.exec(sql);
    } else if (q.prepare(sql)) {
        for (const auto &[name, value] : binds)
            q.bindValue(name, value);
        ok = q.exec();
    }
    if (!ok) {
        m_lastError = q.lastError().text();
        m_lastCode = q.lastError().nativeErrorCode();
        qWarning("RawDb: %s: %s", qPrintable(sql), qPrintable(m_lastError));
        return out;
    }
    while (q.next()) {
        QVariantList row;
        for (int i = 0; i < q.record().count(); ++i)
            row << q.value(i);
        out << row;
    }
    return out;
}

bool RawDb::exec(const QString &sql, const SqlBinds &binds)
{
    rows(sql, binds);
    return m_lastError.isEmpty();
}

QVariant RawDb::scalar(const QString &sql, const SqlBinds &binds)
{
    const QList<QVariantList> r = rows(sql, binds);
    return r.isEmpty() || r.first().isEmpty() ? QVariant() : r.first().first();
}

int RawDb::count(const QString &table, const QString &where, const SqlBinds &binds)
{
    const QVariant v = scalar(u"SELECT COUNT(*) FROM "_s + table
                                  + (where.isEmpty() ? QString() : u" WHERE "_s + where),
                              binds);
    return v.isValid() ? v.toInt() : -1;
}

void RawDb::addKb(const QString &id, const QString &name)
{
    exec(u"INSERT INTO knowledge_bases (id, name, description) VALUES (:id, :name, :d)"_s,
         {{u":id"_s, id}, {u":name"_s, name}, {u":d"_s, u"test"_s}});
}

void RawDb::addSource(const QString &id, const QString &kb, const QString &status,
                      const QString &nickname, const QString &provider)
{
    exec(u"INSERT INTO knowledge_base_sources (id, knowledge_base_id, provider, "
         u"connection_nickname, status)"
         " VALUES (:id, :kb, :provider, :nick, :status)"_s,
         {{u":id"_s, id},
          {u":kb"_s, kb},
          {u":provider"_s, provider},
          {u":nick"_s, nickname},
          {u":status"_s, status}});
}

void RawDb::addRunningJob(const QString &jobId, const QString &kb, const QString &source,
                          const QString &status)
{
    exec(u"INSERT INTO ingestion_jobs (id, job_type, status, knowledge_base_id, "
         u"knowledge_base_source_id)"
         " VALUES (:id, 'connector_sync', :status, :kb, :source)"_s,
         {{u":id"_s, jobId}, {u":status"_s, status}, {u":kb"_s, kb}, {u":source"_s, source}});
    exec(
        u"UPDATE knowledge_base_sources SET status = 'syncing', last_sync_job_id = :job WHERE id = :source"_s,
        {{u":job"_s, jobId}, {u":source"_s, source}});
}

QVariantList RawDb::sourceSnapshot(const QString &id)
{
    const QList<QVariantList> r = rows(
        u"SELECT knowledge_base_id, provider, connection_nickname, status, last_sync_job_id, "
        u"auto_sync_enabled,"
        " sync_interval_seconds, next_sync_at, created_at, updated_at FROM knowledge_base_sources WHERE id = :id"_s,
        {{u":id"_s, id}});
    return r.isEmpty() ? QVariantList() : r.first();
}

qint64 RawDb::backendPid()
{
    return scalar(u"SELECT pg_backend_pid()"_s).toLongLong();
}

QStringList RawDb::columns(const QString &table)
{
    QStringList out;
    const QString sql =
        m_pg ? u"SELECT column_name FROM information_schema.columns WHERE table_name = :t"
               " AND table_schema = current_schema() ORDER BY ordinal_position"_s
             : u"SELECT name FROM pragma_table_info(:t)"_s;
    for (const QVariantList &row : rows(sql, {{u":t"_s, table}}))
        out << row.first().toString();
    return out;
}

QStringList RawDb::uniqueIndexes(const QString &table)
{
    QStringList out;
    if (m_pg) {
        const QString sql =
            u"SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM pg_index i"
            " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)"
            " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
            " WHERE i.indrelid = CAST(:t AS regclass) AND i.indisunique"
            " GROUP BY i.indexrelid"_s;
        for (const QVariantList &row : rows(sql, {{u":t"_s, table}}))
            out << row.first().toString();
    } else {
        for (const QVariantList &index :
             rows(u"SELECT name FROM pragma_index_list(:t) WHERE \"unique\" = 1"_s,
                  {{u":t"_s, table}})) {
            QStringList cols;
            for (const QVariantList &col :
                 rows(u"SELECT name FROM pragma_index_info(:i)"_s, {{u":i"_s, index.first()}}))
                cols << col.first().toString();
            out << cols.join(u',');
        }
    }
    out.sort();
    return out;
}

bool RawDb::holdClaimLock(const QString &source)
{
    if (!m_pg)
        return exec(u"BEGIN IMMEDIATE"_s);
    return exec(u"BEGIN"_s)
           && exec(u"SELECT id FROM knowledge_base_sources WHERE id = :s FOR UPDATE"_s,
                   {{u":s"_s, source}});
}

bool RawDb::release()
{
    return exec(u"ROLLBACK"_s);
}

DbConfig sqliteConfig(const QString &path, int busyTimeoutMs)
{
    DbConfig c;
    c.driver = DbConfig::Driver::Sqlite;
    c.path = path;
    c.busyTimeoutMs = busyTimeoutMs;
    return c;
}

std::optional<DbConfig> freshPgConfig(const QString &prefix, const QString &query, QString *why)
{
    QString reason;
    const QString url = createPgDatabase(prefix, &reason);
    if (url.isEmpty()) {
        if (why)
            *why = reason;
        return std::nullopt;
    }
    return parseDbUrl(query.isEmpty() ? url : url + u'?' + query, why);
}

void addDialectRows()
{
    QTest::addColumn<int>("dialect");
    QTest::newRow("sqlite") << int(TestDialect::Sqlite);
    QTest::newRow("postgres") << int(TestDialect::Postgres);
    QTest::newRow("pgbouncer") << int(TestDialect::PgBouncer);
}

void addPostgresRows()
{
    QTest::addColumn<int>("dialect");
    QTest::newRow("postgres") << int(TestDialect::Postgres);
    QTest::newRow("pgbouncer") << int(TestDialect::PgBouncer);
}

TestDialect currentDialect()
{
    return TestDialect(*static_cast<int *>(QTest::qGlobalData("dialect", QMetaType::Int)));
}

const char *currentDialectName()
{
    switch (currentDialect()) {
    case TestDialect::Sqlite:
        return "SQLite";
    case TestDialect::Postgres:
        return "PostgreSQL";
    case TestDialect::PgBouncer:
        break;
    }
    return "PostgreSQL via PgBouncer";
}

std::optional<TestDb> freshDb(const QString &dir, const QString &prefix, const QString &query,
                              QString *why)
{
    static int counter = 0;
    switch (currentDialect()) {
    case TestDialect::Sqlite: {
        const DbConfig c = sqliteConfig(dir + u"/%1-%2.sqlite"_s.arg(prefix).arg(++counter));
        return TestDb{c, c};
    }
    case TestDialect::Postgres: {
        const std::optional<DbConfig> c = freshPgConfig(prefix, query, why);
        if (!c)
            return std::nullopt;
        return TestDb{*c, *c};
    }
    case TestDialect::PgBouncer:
        break;
    }
    const std::optional<DbConfig> direct = freshPgConfig(prefix, query, why);
    if (!direct)
        return std::nullopt;
    const std::optional<DbConfig> bounced = viaPgBouncer(*direct, why);
    if (!bounced)
        return std::nullopt;
    return TestDb{*bounced, *direct};
}

std::optional<DbConfig> viaPgBouncer(const DbConfig &direct, QString *why)
{
    const QString file = qEnvironmentVariable("FEATHER_TEST_PGBOUNCER_URL_FILE");
    QFile f(file);
    if (file.isEmpty() || !f.open(QIODevice::ReadOnly)) {
        if (why)
            *why =
                u"no PgBouncer (FEATHER_TEST_PGBOUNCER_URL_FILE=%1); run through ctest"_s.arg(file);
        return std::nullopt;
    }
    const std::optional<DbConfig> bouncer =
        parseDbUrl(QString::fromUtf8(f.readAll()).trimmed(), why);
    if (!bouncer)
        return std::nullopt;
    DbConfig c = direct;
    c.host = bouncer->host;
    c.port = bouncer->port;
    return c;
}

QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace feather::test
