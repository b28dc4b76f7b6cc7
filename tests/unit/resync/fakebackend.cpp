#include "fakebackend.h"

#include "core/ids.h"

#include <QPromise>
#include <memory>

namespace feather::test {

QString sourceIdFor(int index)
{
    return QStringLiteral("00000000-0000-4000-8000-%1").arg(index, 12, 10, QLatin1Char('0'));
}

QList<TriggerTarget> makeTargets(int n, int kbs)
{
    QList<TriggerTarget> out;
    for (int i = 0; i < n; ++i) {
        TriggerTarget t;
        t.kbId =
            QStringLiteral("11111111-1111-4111-8111-%1").arg(i % kbs, 12, 10, QLatin1Char('0'));
        t.sourceId = sourceIdFor(i);
        out.append(t);
    }
    return out;
}

FakeBackend::FakeBackend(Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{}

void FakeBackend::script(const QString &sourceId, const QList<Step> &steps)
{
    m_scripts[sourceId] = steps;
}

QList<FakeBackend::Call> FakeBackend::calls(const QString &kind) const
{
    if (kind.isEmpty())
        return m_calls;
    QList<Call> out;
    for (const Call &c : m_calls) {
        if (c.kind == kind)
            out.append(c);
    }
    return out;
}

int FakeBackend::triggerCount(const QString &sourceId) const
{
    int n = 0;
    for (const Call &c : m_calls)
        n += c.kind == QLatin1String("trigger") && c.target.sourceId == sourceId;
    return n;
}

void FakeBackend::record(const QString &kind, const TriggerTarget &target, const QString &id)
{
    m_calls.append(Call{kind, target, id, m_clock->steadyMs()});
}

template <typename T>
QFuture<T> FakeBackend::later(qint64 delayMs, std::function<T()> answer)
{
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    ++m_inFlight;
    m_maxInFlight = qMax(m_maxInFlight, m_inFlight);
    m_clock->callAfter(delayMs < 0 ? m_defaultDelayMs : delayMs, this, [this, promise, answer] {
        --m_inFlight;
        promise->addResult(answer());
        promise->finish();
    });
    return promise->future();
}

BackendInfo FakeBackend::info() const
{
    return BackendInfo{BackendMode::Api, m_infoTarget};
}

QFuture<KnowledgeBasesResult> FakeBackend::listKnowledgeBases()
{
    return later<KnowledgeBasesResult>(-1, [] { return KnowledgeBasesResult::success({}); });
}

QFuture<SourcePage> FakeBackend::listSources(const SourceQuery &)
{
    return later<SourcePage>(-1, [] { return SourcePage::success({}); });
}

QFuture<TriggerResult> FakeBackend::trigger(const TriggerTarget &target)
{
    record(QStringLiteral("trigger"), target);
    if (m_onTrigger)
        m_onTrigger(target);
    const int attempt = ++m_attempts[target.sourceId];
    const QList<Step> steps = m_scripts.value(target.sourceId);
    const Step step = steps.isEmpty() ? Step{} : steps.at(qMin(attempt, int(steps.size())) - 1);
    // Decided when the request "reaches the server", so a re-sent trigger id is deduped.
    TriggerResult r;
    r.target = target;
    r.outcome = step.outcome;
    r.httpStatus = step.httpStatus;
    r.message = step.message;
    r.retryAfterMs = step.retryAfterMs;
    const bool creates =
        step.outcome == Outcome::Triggered
        || ((step.outcome == Outcome::UnknownOutcome || step.outcome == Outcome::ServerError)
            && step.applied);
    if (creates || m_jobByTrigger.contains(target.triggerId)) {
        if (!m_jobByTrigger.contains(target.triggerId))
            m_jobByTrigger.insert(target.triggerId, newUuid());
        if (step.outcome == Outcome::Triggered) {
            r.jobId = m_jobByTrigger.value(target.triggerId);
            r.status = QStringLiteral("queued");
            if (r.message.isEmpty())
                r.message = QStringLiteral("Sync has been queued");
        }
    }
    return later<TriggerResult>(step.delayMs, [r] { return r; });
}

QFuture<TriggerResult> FakeBackend::preflight(const TriggerTarget &target)
{
    record(QStringLiteral("preflight"), target);
    TriggerResult r;
    r.target = target;
    r.outcome = m_preflight.value(target.sourceId, Outcome::Triggered);
    r.message = r.outcome == Outcome::Triggered ? QStringLiteral("would start a sync")
                                                : QStringLiteral("would be skipped");
    return later<TriggerResult>(-1, [r] { return r; });
}

QFuture<SyncStatusResult> FakeBackend::syncStatus(const QString &kbId, const QString &sourceId)
{
    record(QStringLiteral("syncStatus"), TriggerTarget{kbId, sourceId, {}});
    return later<SyncStatusResult>(-1, [this, sourceId] {
        if (!m_status.contains(sourceId))
            return SyncStatusResult::failure(Outcome::NotFound, QStringLiteral("no such source"),
                                             404);
        return SyncStatusResult::success(m_status.value(sourceId));
    });
}

QFuture<JobResult> FakeBackend::job(const QString &jobId)
{
    record(QStringLiteral("job"), {}, jobId);
    return later<JobResult>(-1, [this, jobId] {
        if (!m_jobs.contains(jobId))
            return JobResult::failure(Outcome::NotFound, QStringLiteral("no such job"), 404);
        return JobResult::success(m_jobs.value(jobId));
    });
}

QFuture<JobResult> FakeBackend::jobByTrigger(const TriggerTarget &target)
{
    record(QStringLiteral("jobByTrigger"), target);
    Lookup lookup = m_lookup.value(target.sourceId, Lookup::ByJobs);
    if (m_lookupFailures.value(target.sourceId) > 0) {
        --m_lookupFailures[target.sourceId];
        lookup = Lookup::Fails;
    }
    const QString jobId = m_jobByTrigger.value(target.triggerId);
    return later<JobResult>(-1, [lookup, jobId, target] {
        if (lookup == Lookup::Fails)
            return JobResult::failure(Outcome::NetworkError, QStringLiteral("connection refused"));
        if (lookup == Lookup::CannotTell)
            return JobResult::failure(
                Outcome::UnknownOutcome,
                QStringLiteral("source is syncing job 42, not provably ours"));
        if (jobId.isEmpty())
            return JobResult::failure(Outcome::NotFound,
                                      QStringLiteral("no job with that trigger id"), 404);
        SyncJob j;
        j.id = jobId;
        j.status = QStringLiteral("processing");
        j.triggerId = target.triggerId;
        j.sourceId = target.sourceId;
        return JobResult::success(j);
    });
}

QFuture<SourceResult> FakeBackend::updateSchedule(const QString &, const QString &,
                                                  const ScheduleChange &)
{
    return later<SourceResult>(-1, [] {
        return SourceResult::failure(Outcome::Invalid, QStringLiteral("not supported by the fake"));
    });
}

QFuture<JobHistoryResult> FakeBackend::sourceJobs(const JobHistoryQuery &)
{
    return later<JobHistoryResult>(-1, [] {
        return JobHistoryResult::failure(Outcome::Invalid,
                                         QStringLiteral("not supported by the fake"));
    });
}

QFuture<JobDocumentsResult> FakeBackend::jobDocuments(const QString &)
{
    return later<JobDocumentsResult>(-1, [] {
        return JobDocumentsResult::failure(Outcome::Invalid,
                                           QStringLiteral("not supported by the fake"));
    });
}

QFuture<JobLogsResult> FakeBackend::jobLogs(const QString &)
{
    return later<JobLogsResult>(-1, [] {
        return JobLogsResult::failure(Outcome::Invalid,
                                      QStringLiteral("not supported by the fake"));
    });
}

QFuture<TriggerResult> FakeBackend::retryJob(const JobRetryTarget &)
{
    return later<TriggerResult>(-1, [] {
        TriggerResult r;
        r.outcome = Outcome::Invalid;
        r.message = QStringLiteral("not supported by the fake");
        return r;
    });
}

} // namespace feather::test
