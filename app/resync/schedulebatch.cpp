#include "resync/schedulebatch.h"

#include "core/continuation.h"
#include "core/ids.h"
#include "core/syncage.h"
#include "resync/auditworkersink.h"

#include <QElapsedTimer>
#include <QPointer>
#include <memory>

using namespace Qt::StringLiterals;

namespace feather {

QString describeSchedule(const ScheduleChange &change)
{
    if (!change.autoSyncEnabled)
        return u"auto-sync off"_s;
    return u"auto-sync on, every %1"_s.arg(change.syncIntervalSeconds
                                               ? formatDurationSeconds(*change.syncIntervalSeconds)
                                               : u"(no interval)"_s);
}

QString scheduleChangeProblem(const ScheduleChange &change)
{
    if (change.autoSyncEnabled && (!change.syncIntervalSeconds || *change.syncIntervalSeconds < 1))
        return u"enabling auto-sync needs an interval of at least 1 second"_s;
    return {};
}

ScheduleBatch::ScheduleBatch(Backend *backend, AuditLog *log, AuditContext context, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
    , m_log(log)
    , m_context(std::move(context))
{}

ScheduleBatch::ScheduleBatch(Backend *backend, AuditWorkerSink *sink, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
    , m_sink(sink)
    , m_context(sink->context())
{}

void ScheduleBatch::start(const QList<ScheduleTarget> &targets, const ScheduleChange &change,
                          int concurrency)
{
    m_targets = targets;
    m_change = change;
    m_results.clear();
    m_auditError.clear();
    m_next = 0;
    m_inFlight = 0;
    m_auditPending = 0;
    m_concurrency = std::max(1, concurrency);
    m_running = true;
    if (const QString problem = scheduleChangeProblem(change); !problem.isEmpty()) {
        // Nothing is sent; each row says why (and is audited like any refusal).
        for (const ScheduleTarget &t : targets)
            done({t, Outcome::Invalid, 0, problem, {}, newUuid(), 0});
        m_next = targets.size();
    }
    pump();
}

void ScheduleBatch::pump()
{
    while (m_auditError.isEmpty() && m_inFlight < m_concurrency && m_next < m_targets.size()) {
        const ScheduleTarget target = m_targets[m_next++];
        ++m_inFlight;
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        continueOnFinished(m_backend->updateSchedule(target.kbId, target.sourceId, m_change), this,
                           [this, target, timer](const SourceResult &r) {
                               --m_inFlight;
                               ScheduleOutcome row{target,    Outcome::Triggered, 200, {}, {},
                                                   newUuid(), timer->elapsed()};
                               if (r.ok()) {
                                   row.source = r.value;
                                   row.message = describeSchedule(m_change);
                               } else {
                                   row.outcome = r.error->outcome;
                                   row.httpStatus = r.error->httpStatus;
                                   row.message = r.error->message;
                               }
                               done(std::move(row));
                               pump();
                           });
    }
    finishIfDone();
}

void ScheduleBatch::finishIfDone()
{
    if (m_running && m_inFlight == 0 && m_auditPending == 0
        && (m_next >= m_targets.size() || !m_auditError.isEmpty())) {
        m_running = false;
        Q_EMIT finished();
    }
}

void ScheduleBatch::done(ScheduleOutcome row)
{
    if ((!m_log && !m_sink) || !m_auditError.isEmpty()) {
        report(row);
        return;
    }
    TriggerResult audit;
    // No trigger id: a schedule row is never one that `featherctl reconcile` looks up.
    audit.target = {row.target.kbId, row.target.sourceId, {}};
    audit.outcome = row.outcome;
    audit.status = describeSchedule(m_change);
    audit.message = row.message;
    audit.httpStatus = row.httpStatus;
    audit.elapsedMs = row.elapsedMs;
    audit.finishedAt = QDateTime::currentDateTimeUtc();
    if (m_log) {
        if (!m_log->append(audit, m_context, AuditKind::Schedule, row.attemptId))
            m_auditError = m_log->lastError();
        report(row);
        return;
    }
    ++m_auditPending;
    // The sink acknowledges from the event loop; a batch destroyed meanwhile hears nothing.
    m_sink->append(audit, AuditKind::Schedule, row.attemptId,
                   [self = QPointer<ScheduleBatch>(this), row](const QString &error) {
                       if (!self)
                           return;
                       --self->m_auditPending;
                       if (!error.isEmpty() && self->m_auditError.isEmpty())
                           self->m_auditError = error;
                       self->report(row);
                       self->finishIfDone();
                   });
}

void ScheduleBatch::report(const ScheduleOutcome &row)
{
    m_results.append(row);
    Q_EMIT rowFinished(row);
}

} // namespace feather
