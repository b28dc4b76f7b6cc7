#pragma once

#include "config/auditlog.h"
#include "core/backend.h"

#include <QObject>

namespace feather {

class AuditWorkerSink;

// One source whose auto-sync schedule to change, and how that went.
struct ScheduleTarget {
    QString kbId;
    QString sourceId;
};

struct ScheduleOutcome {
    ScheduleTarget target;
    Outcome outcome = Outcome::Cancelled; // Triggered = the server applied the change
    int httpStatus = 0;
    QString message;   // the server's (or ours), verbatim
    Source source;     // the source as the server answered (valid when outcome is Triggered)
    QString attemptId; // the audit row's attempt id
    qint64 elapsedMs = 0;
};

// "auto-sync on, every 1h" / "auto-sync off": the audit row's status and the CLI's text.
QString describeSchedule(const ScheduleChange &change);
// Why the change cannot be sent (enabling needs an interval of at least 1 s); empty when fine.
QString scheduleChangeProblem(const ScheduleChange &change);

// PATCH …/schedule (Backend::updateSchedule) for many sources, a few at a time, with one audit
// row per source (AuditKind::Schedule, a fresh attempt id each) written when the answer is in:
// on this object's thread through an AuditLog (`featherctl schedule`), or handed to an
// AuditWorkerSink (the console: its writer thread holds the databases, so a team database that
// does not answer never holds the GUI thread). A row is reported once its audit row is written.
//
// A schedule PATCH is idempotent (it sets, never toggles), so nothing is written ahead of the
// request and nothing needs reconciling: an unknown answer is reported as such and may simply
// be sent again. A failed audit write stops the batch (nothing further is sent).
class ScheduleBatch final : public QObject {
    Q_OBJECT
public:
    // `log` may be null (no audit); not owned, must be opened on this thread.
    ScheduleBatch(Backend *backend, AuditLog *log, AuditContext context, QObject *parent = nullptr);
    // `sink` is not owned and must outlive the batch; rows are written with its context.
    ScheduleBatch(Backend *backend, AuditWorkerSink *sink, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ScheduleBatch)

    // Returns at once; rowFinished per source, then finished. An invalid change ends every
    // row as Invalid without sending anything.
    void start(const QList<ScheduleTarget> &targets, const ScheduleChange &change,
               int concurrency = 4);
    bool isRunning() const { return m_running; }
    const QList<ScheduleOutcome> &results() const { return m_results; }
    // Set when an audit write failed (the batch stopped there).
    QString auditError() const { return m_auditError; }

Q_SIGNALS:
    void rowFinished(const feather::ScheduleOutcome &row);
    void finished();

private:
    void pump();
    void done(ScheduleOutcome row);
    void report(const ScheduleOutcome &row);
    void finishIfDone();

    Backend *m_backend;
    AuditLog *m_log = nullptr;
    AuditWorkerSink *m_sink = nullptr;
    AuditContext m_context;
    QList<ScheduleTarget> m_targets;
    ScheduleChange m_change;
    QList<ScheduleOutcome> m_results;
    QString m_auditError;
    qsizetype m_next = 0;
    int m_inFlight = 0;
    int m_auditPending = 0; // rows handed to the sink, not yet acknowledged
    int m_concurrency = 4;
    bool m_running = false;
};

} // namespace feather
