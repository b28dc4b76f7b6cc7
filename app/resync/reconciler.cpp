#include "resync/reconciler.h"

#include <QFutureWatcher>

namespace feather {

Reconciler::Reconciler(Backend *backend, AuditLog *log, AuditContext context, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
    , m_log(log)
    , m_context(std::move(context))
{
    qRegisterMetaType<feather::ReconcileResult>();
}

Reconciler::~Reconciler() = default;

void Reconciler::setConcurrency(int lookups)
{
    m_concurrency = qMax(1, lookups);
}

bool Reconciler::start(QString *why)
{
    if (m_running) {
        *why = QStringLiteral("a reconcile is already going on");
        return false;
    }
    if (!m_log->checkWritable()) {
        *why = m_log->lastError();
        return false;
    }
    AuditQuery query;
    query.limit = 0;
    query.unresolvedOnly = true;
    const QList<AuditEntry> all = m_log->query(query);
    if (!m_log->lastError().isEmpty()) {
        *why = m_log->lastError();
        return false;
    }
    const QString target = AuditLog::sanitizeTarget(m_context.target);
    m_queue.clear();
    m_otherTargets = 0;
    // Oldest first: the order they were sent in.
    for (auto it = all.crbegin(); it != all.crend(); ++it) {
        if (it->target == target && it->mode == m_context.mode)
            m_queue.push_back(*it);
        else
            ++m_otherTargets;
    }
    m_total = int(m_queue.size());
    m_writeError.clear();
    m_running = true;
    pump();
    finishIfDone();
    return true;
}

void Reconciler::pump()
{
    while (m_inFlight < m_concurrency && !m_queue.empty() && m_writeError.isEmpty()) {
        const AuditEntry entry = m_queue.front();
        m_queue.pop_front();
        ++m_inFlight;
        auto *watcher = new QFutureWatcher<JobResult>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, entry] {
            const QFuture<JobResult> f = watcher->future();
            watcher->deleteLater();
            --m_inFlight;
            onLookup(entry,
                     f.resultCount() > 0 ? std::optional<JobResult>(f.result()) : std::nullopt);
            pump();
            finishIfDone();
        });
        watcher->setFuture(
            m_backend->jobByTrigger(TriggerTarget{entry.kbId, entry.sourceId, entry.triggerId}));
    }
}

void Reconciler::onLookup(const AuditEntry &entry, const std::optional<JobResult> &found)
{
    ReconcileResult r;
    r.entry = entry;
    if (found && found->ok()) {
        r.resolved = true;
        r.outcome = Outcome::Triggered;
        r.jobId = found->value.id;
        r.status = found->value.status;
        r.message = QStringLiteral("reconciled: sync job %1 carries trigger id %2")
                        .arg(r.jobId, entry.triggerId);
    } else if (found && found->error->outcome == Outcome::NotFound) {
        r.resolved = true;
        r.outcome = Outcome::Cancelled;
        r.message =
            QStringLiteral("reconciled: no sync job carries trigger id %1, so nothing started (%2)")
                .arg(entry.triggerId, found->error->message);
    } else {
        r.message =
            QStringLiteral("still unknown: the lookup of trigger id %1 failed: %2")
                .arg(entry.triggerId, found ? found->error->message : QStringLiteral("no answer"));
    }
    if (r.resolved && m_writeError.isEmpty()) {
        TriggerResult row;
        row.target = TriggerTarget{entry.kbId, entry.sourceId, entry.triggerId};
        row.outcome = r.outcome;
        row.jobId = r.jobId;
        row.status = r.status;
        row.message = r.message;
        row.attempts = entry.attempt;
        row.finishedAt = QDateTime::currentDateTimeUtc();
        if (!m_log->append(row, m_context, AuditKind::Reconciled, entry.attemptId)) {
            // Nothing else is appended once a write failed; this row stays unresolved.
            m_writeError = m_log->lastError();
            r.resolved = false;
            r.outcome = Outcome::UnknownOutcome;
            r.message = QStringLiteral("found, but not recorded: ") + m_writeError;
        }
    }
    Q_EMIT resolved(r);
}

void Reconciler::finishIfDone()
{
    if (!m_running || m_inFlight > 0)
        return;
    if (!m_queue.empty() && m_writeError.isEmpty())
        return;
    // After a failed write the rest are reported as not looked up.
    while (!m_queue.empty()) {
        ReconcileResult r;
        r.entry = m_queue.front();
        m_queue.pop_front();
        r.message = QStringLiteral("not looked up: ") + m_writeError;
        Q_EMIT resolved(r);
    }
    m_running = false;
    Q_EMIT finished();
}

} // namespace feather
