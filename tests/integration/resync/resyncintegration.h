#pragma once

#include "api/apiconfig.h"
#include "config/auditlog.h"
#include "core/types.h"
#include "resync/resyncrunner.h"

#include <QHash>
#include <QProcess>
#include <QSet>
#include <QString>
#include <QTemporaryDir>

namespace feather::test {

// A real feather-devserver process on a fresh SQLite file: --listen 127.0.0.1:0, the port read
// from --ready-file, the key in a 0600 key file, logs in files (a full pipe would stall it).
class DevServer final {
public:
    DevServer() = default;
    ~DevServer();
    DevServer(const DevServer &) = delete;
    DevServer &operator=(const DevServer &) = delete;

    bool start(int seedDemo, const QStringList &extraArgs, QString *why);
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    QString apiKey() const { return m_key; }
    QString dbPath() const { return m_dir.filePath(QStringLiteral("dev.db")); }
    QString path(const QString &name) const { return m_dir.filePath(name); }
    void stop();
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    QString stderrTail(int bytes = 2000) const;

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_key;
    int m_port = 0;
};

// Read-only look at a direct-mode SQLite database (the devserver's, or the one the direct
// backend writes): every (kb, source) pair, and the trigger ids of its ingestion jobs.
QList<TriggerTarget> allSources(const QString &sqlitePath, QString *why = nullptr);
// Trigger ids are the client's: only a devserver started with --extensions stores ours.
QHash<QString, int> jobsPerTriggerId(const QString &sqlitePath);
// Every ingestion job, id → source id: how a job is matched to a target against the strict
// (documented-API) devserver, which keeps no client trigger id.
QHash<QString, QString> jobSources(const QString &sqlitePath);
// Jobs nobody's trigger created (the seeded demo jobs).
QSet<QString> jobsWithoutTriggerId(const QString &sqlitePath);

// Every row seen by a run, for the accounting checks.
struct RunRecord {
    QList<TriggerResult> rows;
    QList<TriggerResult> attempts;
    qint64 wallMs = 0;
};

// Starts `runner` on `targets` and spins the event loop until finished (or `timeoutMs`).
RunRecord runToCompletion(ResyncRunner &runner, const QList<TriggerTarget> &targets, int timeoutMs,
                          bool dryRun = false);

QByteArray fileBytes(const QString &sqlitePath); // the file plus its -wal / -shm

ApiConfig apiConfig(const DevServer &server, int connections, const QString &key = {});
int count(const QList<TriggerResult> &rows, Outcome outcome);
QString summary(const QList<TriggerResult> &rows); // "triggered=9700, already_syncing=300"

} // namespace feather::test
