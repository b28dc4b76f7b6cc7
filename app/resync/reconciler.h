#pragma once

#include "config/auditlog.h"
#include "core/backend.h"

#include <QObject>
#include <deque>

namespace feather {

// What one lookup found for an attempt the audit log had left unknown.
struct ReconcileResult {
    AuditEntry entry; // the unresolved row (an open intent, or an unconfirmed answer)
    bool resolved = false;
    // triggered: a job carries the trigger id; cancelled: none does, nothing started;
    // unknown_outcome: the lookup failed, the row stays unresolved.
    Outcome outcome = Outcome::UnknownOutcome;
    QString jobId;
    QString status;
    QString message;
};

// Settles the attempts a crash or a failed lookup left "sent, outcome unknown" (issue 13):
// for every unresolved trigger of this backend's target in the audit log, asks
// Backend::jobByTrigger and appends a `reconciled` row with what it found — append-only, never
// an UPDATE. A failed lookup appends nothing, so the next reconcile tries again. Rows of other
// targets are left for a run against their own connection. Lives on one thread (the audit
// log's rule); never blocks it.
class Reconciler final : public QObject {
    Q_OBJECT
public:
    Reconciler(Backend *backend, AuditLog *log, AuditContext context, QObject *parent = nullptr);
    ~Reconciler() override;
    Q_DISABLE_COPY_MOVE(Reconciler)

    void setConcurrency(int lookups); // at once, default 4

    // False with a one-line reason when the audit log cannot be read or written (nothing is
    // looked up then). Otherwise every unresolved row ends as one `resolved` signal, then
    // `finished`.
    bool start(QString *why);
    int total() const { return m_total; }
    int otherTargets() const { return m_otherTargets; } // unresolved rows left to other targets

Q_SIGNALS:
    void resolved(const feather::ReconcileResult &result);
    void finished();

private:
    void pump();
    void onLookup(const AuditEntry &entry, const std::optional<JobResult> &found);
    void finishIfDone();

    Backend *m_backend;
    AuditLog *m_log;
    AuditContext m_context;
    int m_concurrency = 4;
    std::deque<AuditEntry> m_queue;
    int m_inFlight = 0;
    int m_total = 0;
    int m_otherTargets = 0;
    bool m_running = false;
    QString m_writeError;
};

} // namespace feather

Q_DECLARE_METATYPE(feather::ReconcileResult)
