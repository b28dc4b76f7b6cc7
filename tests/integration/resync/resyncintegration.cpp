#include "resyncintegration.h"

#include "support/testsupport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>
#include <QUuid>

namespace feather::test {

DevServer::~DevServer()
{
    stop();
}

bool DevServer::start(int seedDemo, const QStringList &extraArgs, QString *why)
{
    if (!m_dir.isValid()) {
        *why = QStringLiteral("no temporary directory");
        return false;
    }
    m_key = QStringLiteral("fth_test_") + QUuid::createUuid().toString(QUuid::Id128);
    QFile key(path(QStringLiteral("key")));
    if (!key.open(QIODevice::WriteOnly)
        || !key.setPermissions(QFile::ReadOwner | QFile::WriteOwner)) {
        *why = QStringLiteral("cannot write the key file");
        return false;
    }
    key.write(m_key.toUtf8());
    key.close();
    const QString ready = path(QStringLiteral("ready"));
    QStringList args{QStringLiteral("--db"),           QStringLiteral("sqlite://") + dbPath(),
                     QStringLiteral("--listen"),       QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--ready-file"),   ready,
                     QStringLiteral("--api-key-file"), key.fileName(),
                     QStringLiteral("--seed-demo"),    QString::number(seedDemo)};
    args += extraArgs;
    m_process.setStandardOutputFile(path(QStringLiteral("stdout.log")));
    m_process.setStandardErrorFile(path(QStringLiteral("stderr.log")));
    m_process.start(binaryPath(QStringLiteral("feather-devserver")), args);
    if (!m_process.waitForStarted(10000)) {
        *why = QStringLiteral("feather-devserver did not start: ") + m_process.errorString();
        return false;
    }
    QDeadlineTimer deadline(test::scaledMs(60000));
    while (!deadline.hasExpired()) {
        QFile f(ready);
        if (f.open(QIODevice::ReadOnly)) {
            bool ok = false;
            m_port = QString::fromUtf8(f.readAll()).trimmed().toInt(&ok);
            if (ok && m_port > 0)
                return true;
        }
        if (m_process.state() == QProcess::NotRunning) {
            QFile err(path(QStringLiteral("stderr.log")));
            err.open(QIODevice::ReadOnly);
            *why = QStringLiteral("feather-devserver exited: ")
                   + QString::fromUtf8(err.readAll()).trimmed();
            return false;
        }
        QThread::msleep(20);
    }
    *why = QStringLiteral("feather-devserver never wrote its ready file");
    return false;
}

QString DevServer::stderrTail(int bytes) const
{
    QFile err(m_dir.filePath(QStringLiteral("stderr.log")));
    if (!err.open(QIODevice::ReadOnly))
        return {};
    if (err.size() > bytes)
        err.seek(err.size() - bytes);
    return QString::fromUtf8(err.readAll());
}

void DevServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

namespace {

template <typename Fn>
void withReadOnlyDb(const QString &sqlitePath, Fn fn)
{
    const QString name = QStringLiteral("resync-it-") + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(sqlitePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (db.open())
            fn(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace

QList<TriggerTarget> allSources(const QString &sqlitePath, QString *why)
{
    QList<TriggerTarget> out;
    withReadOnlyDb(sqlitePath, [&](QSqlDatabase &db) {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral(
                "SELECT knowledge_base_id, id FROM knowledge_base_sources ORDER BY id"))) {
            if (why)
                *why = q.lastError().text();
            return;
        }
        while (q.next())
            out.append(TriggerTarget{q.value(0).toString(), q.value(1).toString(), {}});
    });
    return out;
}

QSet<QString> jobsWithoutTriggerId(const QString &sqlitePath)
{
    QSet<QString> out;
    withReadOnlyDb(sqlitePath, [&](QSqlDatabase &db) {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT id FROM ingestion_jobs WHERE trigger_id IS NULL")))
            return;
        while (q.next())
            out.insert(q.value(0).toString().toLower());
    });
    return out;
}

QHash<QString, QString> jobSources(const QString &sqlitePath)
{
    QHash<QString, QString> out;
    withReadOnlyDb(sqlitePath, [&](QSqlDatabase &db) {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT id, knowledge_base_source_id FROM ingestion_jobs")))
            return;
        while (q.next())
            out.insert(q.value(0).toString().toLower(), q.value(1).toString().toLower());
    });
    return out;
}

QHash<QString, int> jobsPerTriggerId(const QString &sqlitePath)
{
    QHash<QString, int> out;
    withReadOnlyDb(sqlitePath, [&](QSqlDatabase &db) {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT trigger_id, COUNT(*) FROM ingestion_jobs"
                                   " WHERE trigger_id IS NOT NULL GROUP BY trigger_id")))
            return;
        while (q.next())
            out.insert(q.value(0).toString().toLower(), q.value(1).toInt());
    });
    return out;
}

RunRecord runToCompletion(ResyncRunner &runner, const QList<TriggerTarget> &targets, int timeoutMs,
                          bool dryRun)
{
    RunRecord record;
    QEventLoop loop;
    QObject context;
    QObject::connect(&runner, &ResyncRunner::rowFinished, &context,
                     [&record](const TriggerResult &r) { record.rows.append(r); });
    QObject::connect(&runner, &ResyncRunner::attemptFinished, &context,
                     [&record](const TriggerResult &r) { record.attempts.append(r); });
    QObject::connect(&runner, &ResyncRunner::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(test::scaledMs(timeoutMs), &loop, &QEventLoop::quit); // a liveness bound
    QElapsedTimer timer;
    timer.start();
    if (dryRun)
        runner.dryRun(targets);
    else
        runner.start(targets);
    if (runner.isRunning())
        loop.exec();
    record.wallMs = timer.elapsed();
    return record;
}

QByteArray fileBytes(const QString &sqlitePath)
{
    QByteArray out;
    const QFileInfo info(sqlitePath);
    for (const QFileInfo &f : info.dir().entryInfoList({info.fileName() + u'*'}, QDir::Files)) {
        QFile file(f.absoluteFilePath());
        if (file.open(QIODevice::ReadOnly))
            out += file.readAll();
    }
    return out;
}

ApiConfig apiConfig(const DevServer &server, int connections, const QString &key)
{
    ApiConfig c;
    c.baseUrl = QUrl(server.baseUrl());
    c.apiKey = key.isEmpty() ? server.apiKey() : key;
    c.maxConnections = connections;
    return c;
}

int count(const QList<TriggerResult> &rows, Outcome outcome)
{
    int n = 0;
    for (const TriggerResult &r : rows)
        n += r.outcome == outcome;
    return n;
}

QString summary(const QList<TriggerResult> &rows)
{
    QStringList parts;
    for (int i = 0; i < OutcomeCount; ++i) {
        if (const int n = count(rows, Outcome(i)))
            parts.append(toString(Outcome(i)) + u'=' + QString::number(n));
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace feather::test
