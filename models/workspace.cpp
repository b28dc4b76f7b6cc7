#include "models/workspace.h"

#include "backends/backendfactory.h"
#include "models/knowledgebasemodel.h"
#include "models/presentation.h"
#include "models/resultmodel.h"
#include "models/sourcemodel.h"
#include "resync/auditlogsink.h"
#include "resync/auditworkersink.h"
#include "resync/statuspoller.h"

#include <QTimer>
#include <QUuid>
#include <utility>

namespace feather {

Workspace::Workspace(QObject *parent)
    : QObject(parent)
    , m_kbModel(new KnowledgeBaseModel(this))
    , m_sourceModel(new SourceModel(this))
    , m_resultModel(new ResultModel(this))
{
    connect(m_kbModel, &KnowledgeBaseModel::loaded, this, &Workspace::onKbsLoaded);
    connect(m_kbModel, &KnowledgeBaseModel::loadFailed, this, [this](const QString &message) {
        m_kbsDone = true;
        if (m_backend && m_backend->info().mode == BackendMode::Api) // nothing to walk
            m_sourcesDone = m_freshnessDone = true;
        Q_EMIT problem(tr("Could not list knowledge bases: %1").arg(message));
        onSourcesLoaded();
    });
    connect(m_sourceModel, &SourceModel::loaded, this, [this] {
        m_sourcesDone = true;
        m_listComplete = true;
        recomputeCounts(); // the coalesced recount may still be pending: final figures now
        m_kbModel->setCountsPartial(false);
        onSourcesLoaded();
    });
    connect(m_sourceModel, &SourceModel::loadFailed, this, [this](const QString &message) {
        m_sourcesDone = true; // the counts stay partial: the list stopped part-way
        recomputeCounts();
        Q_EMIT problem(tr("Could not list sources: %1").arg(message));
        onSourcesLoaded();
    });
    connect(m_sourceModel, &SourceModel::pageLoaded, this, [this](int rowsSoFar) {
        Q_EMIT loadProgress(m_sourceModel->pagesLoaded(), rowsSoFar);
    });
    // Last status and last error are extras: a failed read leaves those cells blank and says
    // why, but the list itself is complete.
    connect(m_sourceModel, &SourceModel::freshnessLoaded, this, [this] {
        m_freshnessDone = true;
        onSourcesLoaded();
    });
    connect(m_sourceModel, &SourceModel::freshnessFailed, this, [this](const QString &message) {
        m_freshnessDone = true;
        Q_EMIT problem(
            tr("Could not read the sources' last sync results (Last error stays blank): %1")
                .arg(message));
        onSourcesLoaded();
    });
    // Counts follow every change, coalesced: while pages stream in, the KB table takes the
    // counts once per 200 ms. SourceModel keeps them current row by row, so taking them costs
    // one copy per KB, not a pass over every row.
    // A sync aging past the stuck threshold changes no row, only the KB table's stuck counts.
    connect(m_sourceModel, &SourceModel::stuckCountChanged, this,
            [this] { m_kbModel->setStuckCounts(m_sourceModel->stuckCountsByKb()); });
    connect(m_sourceModel, &SourceModel::countsChanged, this, [this] {
        if (m_countsQueued)
            return;
        m_countsQueued = true;
        QTimer::singleShot(m_loading ? 200 : 0, this, [this] {
            m_countsQueued = false;
            recomputeCounts();
        });
    });
}

Workspace::~Workspace()
{
    close();
}

QString Workspace::auditLogPath() const
{
    return m_auditPath.isEmpty() ? AuditLog::defaultPath() : m_auditPath;
}

QString Workspace::teamAuditUrl() const
{
    return AuditLog::defaultTeamUrl().isEmpty() ? m_profile.auditUrl : QString();
}

bool Workspace::open(const Profile &profile, const QString &secret, QString *why)
{
    // Per-KB counts come from the source pages this window streams anyway (recomputeCounts),
    // never from a second listing of every KB's sources.
    BackendOptions backendOptions;
    backendOptions.kbCounts = false;
    std::unique_ptr<Backend> backend = makeBackend(profile, secret, backendOptions, why);
    if (!backend)
        return false;
    close();
    m_profile = profile;
    m_backend = std::move(backend);
    m_sourceModel->setStuckAfterSeconds(profile.stuckAfterSeconds);

    // Opened now, on the sink's own writer thread (the local file, then the team database
    // with its fallback and warning): a run's prepare() reads that check without waiting, and
    // browsing never waits for it (nor needs it). Group commit: a run's rows share commits.
    m_audit = std::make_unique<AuditWorkerSink>(
        auditLogPath(), auditContextFor(profile.name, *m_backend), teamAuditUrl());
    RunOptions options;
    options.concurrency = profile.concurrency;
    options.profile = profile.name;
    m_runner = std::make_unique<ResyncRunner>(m_backend.get(), options);
    m_runner->setAttemptSink(m_audit.get());
    connect(m_runner.get(), &ResyncRunner::started, this, &Workspace::runStarted);
    connect(m_runner.get(), &ResyncRunner::stopped, this, [this](const QString &reason) {
        // Stopped by a failed audit write: each further write would wait out the busy timeout
        // on the writer, for nothing.
        if (m_audit && m_audit->state() == AuditWorkerSink::State::Failed)
            m_auditFailing = true;
        Q_EMIT runStopped(reason);
        Q_EMIT problem(reason);
    });
    connect(m_runner.get(), &ResyncRunner::attemptFinished, this, &Workspace::onAttempt);
    connect(m_runner.get(), &ResyncRunner::rowFinished, this, &Workspace::onRowFinished);
    connect(m_runner.get(), &ResyncRunner::progressChanged, this, &Workspace::runProgress);
    connect(m_runner.get(), &ResyncRunner::finished, this, [this] {
        m_lastRun = m_runner->results();
        Q_EMIT runFinished();
    });

    m_poller = std::make_unique<StatusPoller>(m_backend.get());
    connect(m_poller.get(), &StatusPoller::sourceChanged, this, [this](const SyncStatus &status) {
        m_sourceModel->applySyncStatus(status);
        onJobState(status, SyncJob{}, false);
    });
    connect(m_poller.get(), &StatusPoller::syncFinished, this,
            [this](const QString &, const QString &, const SyncStatus &status, const SyncJob &job) {
                SyncStatus merged = status;
                if (merged.errorMessage.isEmpty())
                    merged.errorMessage = job.errorMessage;
                if (merged.lastSyncStatus.isEmpty())
                    merged.lastSyncStatus = job.status;
                m_sourceModel->applySyncStatus(merged);
                onJobState(status, job, true);
            });

    m_kbModel->setBackend(m_backend.get());
    m_sourceModel->setBackend(m_backend.get());
    m_kbModel->setKnowledgeBases({});
    m_sourceModel->removeMissing({});
    m_resultModel->clear();
    m_lastRun.clear();
    m_runSourceIds.clear();
    m_runSent.clear();
    m_jobsRecorded.clear();
    m_loadedOnce = false;
    Q_EMIT opened(profile.name);
    refresh();
    return true;
}

void Workspace::close()
{
    if (m_runner && m_runner->isRunning()) {
        m_runner->cancel();
        // Rows the runner has ended but not reported yet (they wait behind an outcome record
        // still being committed) end with it: a target among them that was never sent gets its
        // audit row here, as onRowFinished would have written it. The sink commits what it
        // holds after it is gone.
        for (const TriggerResult &r : m_runner->results()) {
            if (r.attempts == 0 && !m_runReported.contains(r.target.sourceId))
                auditUnsent(r);
        }
    }
    m_kbModel->setBackend(nullptr);
    m_sourceModel->setBackend(nullptr);
    m_poller.reset();
    m_runner.reset();
    m_audit.reset();
    m_backend.reset();
    setLoading(false);
}

void Workspace::refresh()
{
    if (!m_backend || m_loading)
        return;
    m_kbsDone = m_sourcesDone = m_freshnessDone = false;
    m_listComplete = false;
    m_kbModel->setCountsPartial(true);
    setLoading(true);
    m_kbModel->refresh();
    // API mode lists "every source" by walking the KB list: started now, that walk would read
    // the KB list a second time (issue 10 item 18). It starts from the list just read instead
    // (onKbsLoaded). Direct mode lists every source in one query: no reason to wait.
    if (m_backend->info().mode == BackendMode::Direct)
        m_sourceModel->refresh();
}

void Workspace::setLoading(bool loading)
{
    if (loading == m_loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

void Workspace::onKbsLoaded()
{
    m_kbsDone = true;
    QHash<QString, QString> names;
    for (const KnowledgeBase &kb : m_kbModel->knowledgeBases())
        names.insert(kb.id, kb.name);
    m_sourceModel->setKnowledgeBaseNames(names);
    recomputeCounts();
    if (m_backend && m_backend->info().mode == BackendMode::Api && m_loading && !m_sourcesDone) {
        // The sources of exactly the KBs just listed, in the server's order (none listed: the
        // backend's own walk, which then finds none either).
        SourceQuery query;
        for (const KnowledgeBase &kb : m_kbModel->knowledgeBases())
            query.kbIds << kb.id;
        m_sourceModel->refresh(query);
        return;
    }
    onSourcesLoaded();
}

void Workspace::onSourcesLoaded()
{
    if (!m_kbsDone || !m_sourcesDone || !m_freshnessDone || !m_loading)
        return;
    setLoading(false);
    watchSyncing();
    m_loadedOnce = true;
    Q_EMIT loaded();
}

void Workspace::watchSyncing()
{
    if (!m_poller)
        return;
    for (const Source &s : m_sourceModel->syncingSources())
        m_poller->watch(s.knowledgeBaseId, s.id, s.lastSyncJobId);
}

void Workspace::recomputeCounts()
{
    // Counts come from the rows themselves, so live updates move them without a re-list.
    if (m_sourceModel->rowCount() > 0)
        m_kbModel->setStatusCounts(m_sourceModel->statusCountsByKb());
    m_kbModel->setStuckCounts(m_sourceModel->stuckCountsByKb());
    Q_EMIT statusCountsChanged();
}

QList<TriggerTarget> Workspace::targetsFor(const QStringList &sourceIds) const
{
    QList<TriggerTarget> out;
    for (const QString &id : sourceIds) {
        if (const Source *s = m_sourceModel->source(id))
            out.append(TriggerTarget{s->knowledgeBaseId, s->id, {}});
    }
    return out;
}

QStringList Workspace::inFlight(const QList<TriggerTarget> &targets) const
{
    QStringList out;
    for (const TriggerTarget &t : targets) {
        if (m_sourceModel->isInFlight(t.sourceId))
            out.append(t.sourceId);
    }
    return out;
}

int Workspace::startRun(const QList<TriggerTarget> &targets, QString *why)
{
    if (!m_runner || m_runner->isRunning())
        return 0;
    QList<TriggerTarget> fresh;
    QStringList ids;
    for (const TriggerTarget &t : targets) {
        if (m_sourceModel->isInFlight(t.sourceId) || ids.contains(t.sourceId))
            continue;
        fresh.append(t);
        ids.append(t.sourceId);
    }
    if (fresh.isEmpty())
        return 0;
    m_sourceModel->setInFlight(ids, true);
    // Rows of this run are told apart from earlier ones (a run column, "this run only").
    m_resultModel->beginRun();
    const QStringList previousIds = std::exchange(m_runSourceIds, ids);
    m_runSent.clear();
    m_runReported.clear();
    m_auditFailing = false;
    QString reason;
    if (!m_runner->start(fresh, &reason)) {
        m_sourceModel->setInFlight(ids, false);
        m_runSourceIds = previousIds;
        if (why)
            *why = reason;
        Q_EMIT problem(reason);
        return 0;
    }
    return int(fresh.size());
}

void Workspace::cancelRun()
{
    if (m_runner)
        m_runner->cancel();
}

void Workspace::pauseRun()
{
    if (m_runner)
        m_runner->pause();
}

void Workspace::resumeRun()
{
    if (m_runner)
        m_runner->resume();
}

bool Workspace::isRunning() const
{
    return m_runner && m_runner->isRunning();
}

RunProgress Workspace::progress() const
{
    return m_runner ? m_runner->progress() : RunProgress{};
}

QList<TriggerResult> Workspace::lastRunResults() const
{
    return isRunning() ? m_runner->results() : m_lastRun;
}

QList<TriggerTarget> Workspace::retryCandidates() const
{
    QList<TriggerTarget> out;
    for (const TriggerResult &r : lastRunResults()) {
        if (r.outcome == Outcome::Cancelled || !ResyncRunner::retryCandidates({r}).isEmpty())
            out.append(r.target);
    }
    return out;
}

void Workspace::onAttempt(const TriggerResult &result)
{
    const Source *s = m_sourceModel->source(result.target.sourceId);
    const QString sourceName = s ? s->connectionNickname : QString();
    m_runSent.insert(result.target.sourceId);
    // The error the source had before this run: markSyncing (after the row's last attempt)
    // has not replaced it yet.
    m_resultModel->addAttempt(result, m_kbModel->nameOf(result.target.kbId), sourceName,
                              s ? s->provider : QString(), s ? s->lastErrorMessage : QString());
}

void Workspace::onRowFinished(const TriggerResult &result)
{
    m_sourceModel->setInFlight({result.target.sourceId}, false);
    m_runReported.insert(result.target.sourceId);
    if (!m_runSent.contains(result.target.sourceId)) {
        // Never sent (cancelled, stopped by a 401, an invalid id): no attempt row exists, yet
        // every requested source must be accounted for, in Results and in the audit log.
        onAttempt(result);
        auditUnsent(result);
    }
    if (result.outcome == Outcome::Triggered || result.outcome == Outcome::AlreadySyncing) {
        // Both mean "a sync is running now": follow it live instead of reporting an error.
        m_sourceModel->markSyncing(result.target.sourceId, result.jobId, result.finishedAt);
        if (m_poller)
            m_poller->watch(result.target.kbId, result.target.sourceId, result.jobId);
    }
}

void Workspace::auditUnsent(const TriggerResult &result)
{
    if (!m_audit || m_auditFailing)
        return;
    m_audit->append(result, AuditKind::Outcome, QUuid::createUuid().toString(QUuid::WithoutBraces),
                    [this](const QString &error) {
                        if (error.isEmpty())
                            return;
                        m_auditFailing = true;
                        qWarning("audit log: %s", qPrintable(error));
                    });
}

void Workspace::onJobState(const SyncStatus &status, const SyncJob &job, bool ended)
{
    const QString jobId = job.id.isEmpty() ? status.lastSyncJobId : job.id;
    if (jobId.isEmpty() || !m_resultModel->hasJob(jobId))
        return;
    // The job's own record is the better witness; the source's sync status fills its gaps.
    const QString jobStatus = !job.status.isEmpty() ? job.status : status.lastSyncStatus;
    const QString error = !job.errorMessage.isEmpty() ? job.errorMessage : status.errorMessage;
    const QDateTime completedAt =
        job.completedAt.isValid() ? job.completedAt : status.lastSyncCompletedAt;
    m_resultModel->applyJobState(jobId, jobStatus, error, completedAt);
    if (!ended || !isJobFinished(jobStatus) || !m_audit || m_jobsRecorded.contains(jobId))
        return;
    // History shows how the job ended from this row on (the attempt's own rows stay as written).
    // Counted as recorded while it is written; a failure lets a later report try again.
    m_jobsRecorded.insert(jobId);
    m_audit->appendJobResult(jobId, jobStatus, error, completedAt,
                             [this, jobId](const QString &failure) {
                                 if (failure.isEmpty())
                                     return;
                                 m_jobsRecorded.remove(jobId);
                                 qWarning("audit log: %s", qPrintable(failure));
                             });
}

void Workspace::setPollingPaused(bool paused)
{
    if (m_poller)
        m_poller->setPaused(paused);
}

} // namespace feather
