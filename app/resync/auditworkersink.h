#pragma once

#include "config/auditlog.h"
#include "resync/attemptsink.h"

#include <QHash>
#include <QObject>

class QThread;

namespace feather {

class AuditWriter;

// The audit log as the console's AttemptSink, written on a thread of its own: the thread the
// runner lives on (the GUI thread) never waits for SQLite, for the team PostgreSQL database's
// round trips, or for its connect timeout when that database is down (issue 11 item 7).
//
// One long-lived writer thread per sink owns the log and its connections (AuditWriter). Records
// handed over while a commit is running, or during one pass of the event loop, are committed
// together (group commit, AuditLog::appendBatch: one transaction on the database the rows go
// to); the acknowledgements come back through the event loop, in order, only after the commit.
// So the runner's write-ahead rule holds: a trigger is sent only after its intent is durable.
//
// The log is opened and checked as soon as the sink exists (local file, then the team database
// with its fallback and warning), so prepare() answers from that check without waiting: false
// when the last check or commit failed (the run is refused, nothing is sent). A run prepared
// before the first check answered is stopped by its first failed write instead, nothing sent
// either. Each prepare() asks for a fresh check for the next one.
//
// Destroying the sink never waits: records still waiting are handed to the writer, which
// commits them, closes its connections and ends its thread on its own (their acknowledgements
// go nowhere: their writer is going away too). waitForClosedWriters() waits for those threads;
// it runs by itself when the QCoreApplication is destroyed, so an exit loses no row.
class AuditWorkerSink final : public QObject, public AttemptSink {
    Q_OBJECT
public:
    enum class State { Checking, Writable, Failed };

    // `teamUrl`: the team database for this log (empty: AuditLog's default, if any).
    AuditWorkerSink(const QString &path, AuditContext context, const QString &teamUrl = {},
                    int busyTimeoutMs = 5000, QObject *parent = nullptr);
    ~AuditWorkerSink() override;
    Q_DISABLE_COPY_MOVE(AuditWorkerSink)

    bool prepare(QString *why) override;
    void write(const AttemptRecord &record, Done done) override;
    // A row that is not a runner's record (a target that was never sent), in the same groups.
    void append(const TriggerResult &attempt, AuditKind kind, const QString &attemptId,
                Done done = {});
    void appendJobResult(const QString &jobId, const QString &status, const QString &errorMessage,
                         const QDateTime &completedAt, Done done = {});

    const AuditContext &context() const { return m_context; }
    State state() const { return m_state; }
    QString lastError() const { return m_lastError; } // the last check's or commit's failure
    QString warning() const { return m_warning; }     // the team database's, once
    int commits() const { return m_commits; }         // batches acknowledged
    // Nothing handed over is waiting for its commit.
    bool isIdle() const;

    // Waits until the writer threads of destroyed sinks have committed what they were handed
    // and ended; false when one is still busy after `timeoutMs`.
    static bool waitForClosedWriters(int timeoutMs);

Q_SIGNALS:
    void checked(bool writable, const QString &why);
    void warned(const QString &warning);
    void idle(); // the last commit handed over is acknowledged

private:
    void scheduleFlush();
    void flush();
    void onCommitted(quint64 batch, const QString &error);
    void onChecked(bool writable, const QString &why);

    AuditContext m_context;
    QThread *m_thread;
    AuditWriter *m_writer; // lives on m_thread, deletes itself when it ends
    QList<AuditLog::BatchRow> m_pendingRows;
    QList<Done> m_pendingDone;
    QList<Done> m_inFlightDone; // the batch on the writer now (at most one)
    quint64 m_inFlight = 0;
    quint64 m_lastBatch = 0;
    QHash<quint64, Done> m_jobResultDone;
    quint64 m_lastJobResult = 0;
    int m_jobResultsOut = 0; // job results handed over, not yet answered
    bool m_scheduled = false;
    State m_state = State::Checking;
    QString m_lastError;
    QString m_warning;
    int m_commits = 0;
};

} // namespace feather
