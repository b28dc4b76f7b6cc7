#include "api/apibackend.h"

#include "api/apimapping.h"
#include "api/apiparse.h"
#include "api/httpclient.h"
#include "api/serverclock.h"
#include "core/ids.h"
#include "core/json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

using namespace Qt::StringLiterals;

namespace feather {

using api::HttpRequest;
using api::HttpResult;
using api::Route;
using api::Routes;

namespace {

bool sameStatus(const QString &a, const char16_t *b)
{
    return a.compare(QStringView(b), Qt::CaseInsensitive) == 0;
}

TriggerResult resultFor(const TriggerTarget &target, const Error &error)
{
    TriggerResult r;
    r.target = target;
    r.outcome = error.outcome;
    r.message = error.message;
    r.httpStatus = error.httpStatus;
    r.finishedAt = QDateTime::currentDateTimeUtc();
    return r;
}

// What a trigger would do, judged from the source's sync status.
TriggerResult preflightResult(const TriggerTarget &target, const SyncStatusResult &read)
{
    if (!read.ok())
        return resultFor(target, *read.error);
    const SyncStatus &status = read.value;
    TriggerResult r;
    r.target = target;
    r.status = status.sourceStatus;
    if (sameStatus(status.sourceStatus, u"active") || sameStatus(status.sourceStatus, u"error")) {
        r.outcome = Outcome::Triggered;
        r.message = u"would start (source is %1)"_s.arg(status.sourceStatus);
        return r;
    }
    r.jobId = status.lastSyncJobId;
    if (sameStatus(status.sourceStatus, u"syncing")) {
        r.outcome = Outcome::AlreadySyncing;
        r.message = u"already syncing"_s;
        if (status.lastSyncStartedAt.isValid())
            r.message += u" since "_s + json::formatTime(status.lastSyncStartedAt);
        if (!r.jobId.isEmpty())
            r.message += u", job "_s + r.jobId;
    } else {
        r.outcome = Outcome::NotEligible;
        r.message = u"not eligible: status is %1"_s.arg(status.sourceStatus);
    }
    return r;
}

} // namespace

ApiBackend::ApiBackend(ApiConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    const std::optional<QUrl> base =
        validateBaseUrl(m_config.baseUrl.toString(QUrl::FullyEncoded), &m_configError);
    for (const QChar c : std::as_const(m_config.apiKey)) {
        if (c.category() == QChar::Other_Control || c.unicode() > 0x7e)
            m_configError = u"the API key contains control or non-ASCII characters"_s;
    }
    if (m_configError.isEmpty()) {
        m_config.baseUrl = *base;
        m_http = new api::HttpClient(m_config, *base, this);
    }
}

ApiBackend::~ApiBackend()
{
    delete m_http; // first: no callback may run into a half-destroyed backend
}

BackendInfo ApiBackend::info() const
{
    return BackendInfo{BackendMode::Api, originOf(m_config.baseUrl)};
}

qsizetype ApiBackend::trackedTriggerCount() const
{
    return m_firstSent.size();
}

int ApiBackend::networkManagerCount() const
{
    return m_http ? m_http->managerCount() : 0;
}

void ApiBackend::onOwnThread(std::function<void()> work)
{
    if (QThread::currentThread() == thread())
        work();
    else
        QMetaObject::invokeMethod(this, std::move(work), Qt::QueuedConnection);
}

std::optional<QString> ApiBackend::refusal(const Route &route) const
{
    if (!m_configError.isEmpty())
        return m_configError;
    if (!route.ok())
        return route.error;
    return std::nullopt;
}

void ApiBackend::observeClock(const HttpResult &result)
{
    if (!result.failure || result.failure->httpStatus > 0) {
        m_serverClock.observe(result.answer.date, result.localSentAt, result.localReceivedAt);
        if (m_serverClock.known()) {
            m_skewLowMs = *m_serverClock.lowMs();
            m_skewHighMs = *m_serverClock.highMs();
            m_skewKnown = true;
        }
    }
}

ServerSkew ApiBackend::serverSkew() const
{
    if (!m_skewKnown)
        return {};
    return {m_skewLowMs.load(), m_skewHighMs.load()};
}

template <typename T>
void ApiBackend::fetch(const Route &route, QByteArray method, QByteArray body, Parser<T> parse,
                       Fetched<T> done)
{
    if (const std::optional<QString> why = refusal(route))
        return done(Result<T>::failure(Outcome::Invalid, *why), 0);
    HttpRequest request;
    request.method = std::move(method);
    request.path = route.path;
    request.jsonBody = std::move(body);
    m_http->send(std::move(request), [this, parse, done](const HttpResult &result) {
        observeClock(result);
        QJsonObject o;
        QString why;
        Result<T> r;
        if (std::optional<Error> e = api::jsonObjectOf(result, &o, m_config.apiKey))
            r.error = e;
        else if (std::optional<T> value = parse(o, &why))
            r.value = std::move(*value);
        else
            r.error = api::malformedReply(result.answer, why);
        done(std::move(r), result.failure ? result.failure->httpStatus : result.answer.status);
    });
}

template <typename T>
QFuture<Result<T>> ApiBackend::getJson(Route route, Parser<T> parse)
{
    return run<Result<T>>([this, route = std::move(route), parse](Done<Result<T>> done) {
        fetch<T>(route, "GET", {}, parse, [done](Result<T> r, int) { done(std::move(r)); });
    });
}

QFuture<SyncStatusResult> ApiBackend::syncStatus(const QString &kbId, const QString &sourceId)
{
    return getJson<SyncStatus>(Routes::syncStatus(kbId, sourceId), api::parseSyncStatus);
}

QFuture<JobResult> ApiBackend::job(const QString &jobId)
{
    return getJson<SyncJob>(Routes::job(jobId), api::parseJob);
}

QFuture<FreshnessResult> ApiBackend::connectorFreshness()
{
    const Route route = Routes::connectorFreshness();
    return run<FreshnessResult>([this, route](Done<FreshnessResult> done) {
        if (const std::optional<QString> why = refusal(route))
            return done(FreshnessResult::failure(Outcome::Invalid, *why));
        HttpRequest request;
        request.path = route.path;
        request.maxBodyBytes = qMin(FreshnessMaxBodyBytes, m_config.listing.maxBytes);
        m_http->send(std::move(request), [this, done](const HttpResult &result) {
            observeClock(result);
            QJsonArray items;
            if (std::optional<Error> e = api::jsonArrayOf(result, &items, m_config.apiKey))
                return done(FreshnessResult{{}, e});
            QList<ConnectorFreshness> rows;
            rows.reserve(items.size());
            for (qsizetype i = 0; i < items.size(); ++i) {
                QString why = u"not an object"_s;
                std::optional<ConnectorFreshness> row;
                if (items.at(i).isObject())
                    row = api::parseFreshnessRow(items.at(i).toObject(), &why);
                if (!row)
                    return done(FreshnessResult{
                        {}, api::malformedReply(result.answer, u"row %1: %2"_s.arg(i).arg(why))});
                rows.append(std::move(*row));
            }
            done(FreshnessResult::success(std::move(rows)));
        });
    });
}

QFuture<SourceResult> ApiBackend::updateSchedule(const QString &kbId, const QString &sourceId,
                                                 const ScheduleChange &change)
{
    const Route route = Routes::schedule(kbId, sourceId);
    return run<SourceResult>([this, route, change](Done<SourceResult> done) {
        if (!refusal(route) && change.autoSyncEnabled
            && (!change.syncIntervalSeconds || *change.syncIntervalSeconds < 1))
            return done(SourceResult::failure(
                Outcome::Invalid,
                u"sync_interval_seconds (at least 1) is required when enabling automatic sync"_s));
        QJsonObject body{{u"auto_sync_enabled"_s, change.autoSyncEnabled}};
        body.insert(u"sync_interval_seconds"_s, change.syncIntervalSeconds
                                                    ? QJsonValue(*change.syncIntervalSeconds)
                                                    : QJsonValue(QJsonValue::Null));
        fetch<Source>(route, "PATCH", QJsonDocument(body).toJson(QJsonDocument::Compact),
                      api::parseSource, [done](SourceResult r, int) { done(std::move(r)); });
    });
}

QFuture<TriggerResult> ApiBackend::preflight(const TriggerTarget &target)
{
    const Route route = Routes::syncStatus(target.kbId, target.sourceId);
    return run<TriggerResult>([this, target, route](Done<TriggerResult> done) {
        QElapsedTimer clock;
        clock.start();
        fetch<SyncStatus>(route, "GET", {}, api::parseSyncStatus,
                          [target, clock, done](SyncStatusResult read, int httpStatus) {
                              TriggerResult r = preflightResult(target, read);
                              r.httpStatus = httpStatus;
                              r.elapsedMs = clock.elapsed();
                              r.finishedAt = QDateTime::currentDateTimeUtc();
                              done(r);
                          });
    });
}

QFuture<TriggerResult> ApiBackend::trigger(const TriggerTarget &target)
{
    const Route route = Routes::sync(target.kbId, target.sourceId);
    return run<TriggerResult>([this, target, route](Done<TriggerResult> answer) {
        QElapsedTimer clock;
        clock.start();
        const QString triggerId = normalizedUuid(target.triggerId);
        // The first-send record is kept only while the trigger id may still be asked about: a
        // retry (of the engine or of `resync --retry-failed`), a lookup of an ambiguous answer,
        // or a resend after a refusal (judged against our first send: tst_apireconcile). Any
        // other final answer drops it, so memory stays flat over a bulk run.
        Done<TriggerResult> done = [this, triggerId, answer](TriggerResult r) {
            if (!isRetryCandidate(r.outcome) && r.outcome != Outcome::AlreadySyncing)
                m_firstSent.remove(triggerId);
            answer(std::move(r));
        };
        std::optional<QString> why = refusal(route);
        if (!why && triggerId.isNull())
            why = invalidUuidReason(u"trigger_id"_s, target.triggerId);
        if (why)
            return done(resultFor(target, Error{Outcome::Invalid, 0, *why}));
        // Sent before by this backend (an engine retry): a refusal may be our own first copy's.
        const bool sentBefore = m_firstSent.contains(triggerId);
        if (!sentBefore)
            m_firstSent.insert(triggerId, QDateTime::currentDateTimeUtc());
        HttpRequest request;
        request.method = "POST";
        request.path = route.path;
        request.idempotencyKey = triggerId;
        m_http->send(std::move(request), [this, target, clock, done,
                                          sentBefore](const HttpResult &result) {
            observeClock(result);
            const QDateTime now = QDateTime::currentDateTimeUtc();
            TriggerResult r = result.failure ? resultFor(target, *result.failure)
                                             : api::triggerResultFromAnswer(target, result.answer,
                                                                            m_config.apiKey, now);
            r.elapsedMs = clock.elapsed();
            r.finishedAt = now;
            // Refused, but our own request may be what it refused: Qt re-sent it after the first
            // copy's answer was lost (reliability §4.1), or this is a retry of ours. The
            // documented reads decide whose the running job is.
            if (r.outcome == Outcome::AlreadySyncing && (result.copies > 1 || sentBefore)) {
                r.message += result.copies > 1
                                 ? u" (answer to Qt's automatic re-send: the first copy's answer "
                                   "was lost)"_s
                                 : u" (answer to a retry of this trigger)"_s;
                return judgeRefusal(r, done);
            }
            if (r.outcome == Outcome::AlreadySyncing && normalizedUuid(r.jobId).isNull())
                return nameRunningJob(r, done);
            done(r);
        });
    });
}

// A refused trigger whose answer named no (usable) job: the running one is the source's last
// job, which one documented read names.
void ApiBackend::nameRunningJob(TriggerResult r, Done<TriggerResult> done)
{
    QElapsedTimer clock;
    clock.start();
    r.jobId.clear(); // not a UUID, if anything: nothing to show or to poll
    fetch<SyncStatus>(
        Routes::syncStatus(r.target.kbId, r.target.sourceId), "GET", {}, api::parseSyncStatus,
        [r, clock, done](SyncStatusResult read, int) mutable {
            if (!read.ok()) {
                r.message += u"; the running job could not be read: "_s + read.error->message;
            } else if (read.value.lastSyncJobId.isEmpty()) {
                r.status = read.value.sourceStatus;
                r.message += u"; …/sync/status names no job (source is %1)"_s.arg(r.status);
            } else {
                r.jobId = read.value.lastSyncJobId;
                r.status = read.value.sourceStatus;
                r.message += sameStatus(r.status, u"syncing")
                                 ? u"; running job %1 (read from …/sync/status)"_s.arg(r.jobId)
                                 : u"; last job %1, source now %2 (read from …/sync/status)"_s.arg(
                                     r.jobId, r.status);
            }
            r.elapsedMs += clock.elapsed();
            r.finishedAt = QDateTime::currentDateTimeUtc();
            done(r);
        });
}

// A 409 to a request of ours that may itself have started the sync: the source's last job is
// ours when it was created no earlier than our first send (server times, api/serverclock.h).
void ApiBackend::judgeRefusal(TriggerResult r, Done<TriggerResult> done)
{
    QElapsedTimer clock;
    clock.start();
    TriggerTarget t = r.target;
    t.triggerId = normalizedUuid(t.triggerId);
    fetch<SyncStatus>(
        Routes::syncStatus(t.kbId, t.sourceId), "GET", {}, api::parseSyncStatus,
        [this, r, t, clock, done](SyncStatusResult read, int) mutable {
            if (!read.ok()) {
                r.outcome = Outcome::UnknownOutcome;
                r.message += u"; whose sync is running could not be read: "_s + read.error->message;
                r.elapsedMs += clock.elapsed();
                return done(r);
            }
            r.status = read.value.sourceStatus;
            r.jobId = read.value.lastSyncJobId; // the running job, whoever started it
            reportJobIfOurs(t, read.value, [r, clock, done](JobResult found, QString how) mutable {
                r.elapsedMs += clock.elapsed();
                r.finishedAt = QDateTime::currentDateTimeUtc();
                if (found.ok()) {
                    r.outcome = Outcome::Triggered;
                    r.jobId = found.value.id;
                    r.status = found.value.status;
                    r.message = u"sync started by this request, confirmed from …/sync/status "
                                "and the job ("_s
                                + how + u"); "_s + r.message;
                } else if (found.error->outcome == Outcome::NotFound) {
                    r.message += u"; the running job is not ours: "_s + found.error->message;
                } else {
                    r.outcome = Outcome::UnknownOutcome;
                    r.message += u"; could not tell whether the running job is ours: "_s
                                 + found.error->message;
                }
                done(r);
            });
        });
}

QFuture<JobResult> ApiBackend::jobByTrigger(const TriggerTarget &target)
{
    const Route route = Routes::syncStatus(target.kbId, target.sourceId);
    return run<JobResult>([this, target, route](Done<JobResult> done) {
        TriggerTarget t{normalizedUuid(target.kbId), normalizedUuid(target.sourceId),
                        normalizedUuid(target.triggerId), target.firstSentNoLaterThan};
        std::optional<QString> why = refusal(route);
        if (!why && t.triggerId.isNull())
            why = invalidUuidReason(u"trigger_id"_s, target.triggerId);
        if (why)
            return done(JobResult::failure(Outcome::Invalid, *why));
        fetch<SyncStatus>(route, "GET", {}, api::parseSyncStatus,
                          [this, t, done](SyncStatusResult status, int) {
                              if (!status.ok())
                                  return done(JobResult{{}, status.error});
                              reportJobIfOurs(t, status.value,
                                              [done](JobResult r, QString) { done(std::move(r)); });
                          });
    });
}

void ApiBackend::reportJobIfOurs(const TriggerTarget &t, const SyncStatus &status, Judged done)
{
    if (status.lastSyncJobId.isEmpty()) {
        done(JobResult::failure(Outcome::NotFound,
                                u"no sync job has run for source %1"_s.arg(t.sourceId)),
             {});
        return;
    }
    fetch<SyncJob>(
        Routes::job(status.lastSyncJobId), "GET", {}, api::parseJob,
        [this, t, status, done](JobResult fetched, int) {
            if (!fetched.ok())
                return done(fetched, {});
            SyncJob j = fetched.value;
            if (j.sourceId.isEmpty())
                j.sourceId = t.sourceId;
            if (!j.triggerId.isEmpty()) { // the server tells us: no guessing needed
                if (normalizedUuid(j.triggerId) == t.triggerId)
                    done(JobResult::success(j), u"the job carries this trigger id"_s);
                else
                    done(
                        JobResult::failure(
                            Outcome::NotFound,
                            u"the source's last job %1 was started by another trigger"_s.arg(j.id)),
                        {});
                return;
            }
            QDateTime jobTime = j.createdAt.isValid() ? j.createdAt : j.startedAt;
            if (!jobTime.isValid())
                jobTime = status.lastSyncStartedAt;
            // Our clock no later than the first copy left: this backend's own record, else
            // the caller's (a reconcile after a crash passes the write-ahead intent's time).
            QDateTime sent = m_firstSent.value(t.triggerId);
            if (!sent.isValid()
                || (t.firstSentNoLaterThan.isValid() && t.firstSentNoLaterThan < sent))
                sent = t.firstSentNoLaterThan;
            const api::OwnershipVerdict verdict = api::judgeLastJob(jobTime, sent, m_serverClock);
            switch (verdict.ownership) {
            case api::JobOwnership::Ours:
                done(JobResult::success(j), verdict.reason);
                return;
            case api::JobOwnership::Older:
                done(JobResult::failure(
                         Outcome::NotFound,
                         u"the source's last job %1 is older than the trigger (%2)"_s.arg(
                             j.id, verdict.reason)),
                     {});
                return;
            case api::JobOwnership::CannotTell:
                done(JobResult::failure(
                         Outcome::UnknownOutcome,
                         u"cannot tell whether trigger %1 started the source's last job %2: %3"_s
                             .arg(t.triggerId, j.id, verdict.reason)),
                     {});
                return;
            }
        });
}

} // namespace feather
