#include "api/apibackend.h"

#include "api/apimapping.h"
#include "api/httpclient.h"
#include "core/ids.h"
#include "core/json.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QThread>

using namespace Qt::StringLiterals;

namespace feather {

using api::HttpRequest;
using api::HttpResult;
using api::jsonObjectOf;

namespace {

// How much earlier than our first send a job may look (server clock vs ours) and still be
// taken for the one our trigger created.
constexpr qint64 ClockSkewToleranceMs = 5000;

template <typename T>
void fulfil(const std::shared_ptr<QPromise<T>> &promise, T value)
{
    promise->addResult(std::move(value));
    promise->finish();
}

template <typename T>
std::shared_ptr<QPromise<T>> startedPromise()
{
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    return promise;
}

QString sourcePath(const QString &kbId, const QString &sourceId)
{
    return u"/v1/knowledge-base/knowledge-bases/"_s + kbId + u"/sources/"_s + sourceId;
}

// Checks and lower-cases ids; returns a one-line reason for the first bad one.
std::optional<QString> checkIds(std::initializer_list<std::pair<const char *, QString *>> ids)
{
    for (const auto &[what, id] : ids) {
        const QString normal = normalizedUuid(*id);
        if (normal.isNull())
            return invalidUuidReason(QLatin1String(what), *id);
        *id = normal;
    }
    return std::nullopt;
}

bool sameStatus(const QString &a, const char16_t *b)
{
    return a.compare(QStringView(b), Qt::CaseInsensitive) == 0;
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

TriggerResult ApiBackend::fromFailure(const TriggerTarget &target, const HttpResult &result) const
{
    TriggerResult r;
    r.target = target;
    r.outcome = result.failure->outcome;
    r.message = result.failure->message;
    r.httpStatus = result.failure->httpStatus;
    return r;
}

QFuture<TriggerResult> ApiBackend::trigger(const TriggerTarget &target)
{
    auto promise = startedPromise<TriggerResult>();
    onOwnThread([this, target, promise] {
        QElapsedTimer clock;
        clock.start();
        TriggerTarget t = target;
        std::optional<QString> bad =
            m_configError.isEmpty() ? checkIds(
                {{"kb_id", &t.kbId}, {"source_id", &t.sourceId}, {"trigger_id", &t.triggerId}})
                                    : m_configError;
        if (bad) {
            TriggerResult r;
            r.target = target;
            r.outcome = Outcome::Invalid;
            r.message = *bad;
            r.finishedAt = QDateTime::currentDateTimeUtc();
            fulfil(promise, r);
            return;
        }
        if (!m_firstSent.contains(t.triggerId))
            m_firstSent.insert(t.triggerId, QDateTime::currentDateTimeUtc());
        HttpRequest request;
        request.method = "POST";
        request.path = sourcePath(t.kbId, t.sourceId) + u"/sync"_s;
        request.idempotencyKey = t.triggerId;
        m_http->send(std::move(request), [this, target, promise, clock](const HttpResult &result) {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            TriggerResult r = result.failure ? fromFailure(target, result)
                                             : api::triggerResultFromAnswer(target, result.answer,
                                                                            m_config.apiKey, now);
            r.elapsedMs = clock.elapsed();
            r.finishedAt = now;
            fulfil(promise, r);
        });
    });
    return promise->future();
}

QFuture<TriggerResult> ApiBackend::preflight(const TriggerTarget &target)
{
    auto promise = startedPromise<TriggerResult>();
    onOwnThread([this, target, promise] {
        QElapsedTimer clock;
        clock.start();
        TriggerTarget t = target;
        TriggerResult r;
        r.target = target;
        std::optional<QString> bad =
            m_configError.isEmpty() ? checkIds({{"kb_id", &t.kbId}, {"source_id", &t.sourceId}})
                                    : m_configError;
        if (bad) {
            r.outcome = Outcome::Invalid;
            r.message = *bad;
            r.finishedAt = QDateTime::currentDateTimeUtc();
            fulfil(promise, r);
            return;
        }
        HttpRequest request;
        request.path = sourcePath(t.kbId, t.sourceId) + u"/sync/status"_s;
        m_http->send(
            std::move(request), [this, r, promise, clock](const HttpResult &result) mutable {
                r.httpStatus = result.failure ? result.failure->httpStatus : result.answer.status;
                QJsonObject o;
                QString why;
                std::optional<SyncStatus> status;
                if (std::optional<Error> e = jsonObjectOf(result, &o, m_config.apiKey)) {
                    r.outcome = e->outcome;
                    r.message = e->message;
                } else if (!(status = json::syncStatusFromJson(o, &why))) {
                    const Error m = api::malformedReply(result.answer, why);
                    r.outcome = m.outcome;
                    r.message = m.message;
                } else if (sameStatus(status->sourceStatus, u"active")
                           || sameStatus(status->sourceStatus, u"error")) {
                    r.outcome = Outcome::Triggered;
                    r.status = status->sourceStatus;
                    r.message = u"would start (source is %1)"_s.arg(status->sourceStatus);
                } else {
                    r.status = status->sourceStatus;
                    r.jobId = status->lastSyncJobId;
                    if (sameStatus(status->sourceStatus, u"syncing")) {
                        r.outcome = Outcome::AlreadySyncing;
                        r.message = u"already syncing"_s;
                        if (status->lastSyncStartedAt.isValid())
                            r.message += u" since "_s + json::formatTime(status->lastSyncStartedAt);
                        if (!r.jobId.isEmpty())
                            r.message += u", job "_s + r.jobId;
                    } else {
                        r.outcome = Outcome::NotEligible;
                        r.message = u"not eligible: status is %1"_s.arg(status->sourceStatus);
                    }
                }
                r.elapsedMs = clock.elapsed();
                r.finishedAt = QDateTime::currentDateTimeUtc();
                fulfil(promise, r);
            });
    });
    return promise->future();
}

QFuture<SyncStatusResult> ApiBackend::syncStatus(const QString &kbId, const QString &sourceId)
{
    auto promise = startedPromise<SyncStatusResult>();
    onOwnThread([this, kbId, sourceId, promise] {
        QString kb = kbId, source = sourceId;
        std::optional<QString> bad = m_configError.isEmpty()
                                         ? checkIds({{"kb_id", &kb}, {"source_id", &source}})
                                         : m_configError;
        if (bad) {
            fulfil(promise, SyncStatusResult::failure(Outcome::Invalid, *bad));
            return;
        }
        HttpRequest request;
        request.path = sourcePath(kb, source) + u"/sync/status"_s;
        m_http->send(std::move(request), [this, promise](const HttpResult &result) {
            QJsonObject o;
            QString why;
            if (std::optional<Error> e = jsonObjectOf(result, &o, m_config.apiKey)) {
                SyncStatusResult r;
                r.error = e;
                fulfil(promise, r);
            } else if (auto status = json::syncStatusFromJson(o, &why)) {
                fulfil(promise, SyncStatusResult::success(*status));
            } else {
                SyncStatusResult r;
                r.error = api::malformedReply(result.answer, why);
                fulfil(promise, r);
            }
        });
    });
    return promise->future();
}

QFuture<JobResult> ApiBackend::job(const QString &jobId)
{
    auto promise = startedPromise<JobResult>();
    onOwnThread([this, jobId, promise] {
        QString id = jobId;
        std::optional<QString> bad =
            m_configError.isEmpty() ? checkIds({{"job_id", &id}}) : m_configError;
        if (bad) {
            fulfil(promise, JobResult::failure(Outcome::Invalid, *bad));
            return;
        }
        HttpRequest request;
        request.path = u"/v1/knowledge-base/ingestion-jobs/"_s + id;
        m_http->send(std::move(request), [this, promise](const HttpResult &result) {
            QJsonObject o;
            QString why;
            JobResult r;
            if (std::optional<Error> e = jsonObjectOf(result, &o, m_config.apiKey))
                r.error = e;
            else if (auto parsed = json::jobFromJson(o, &why))
                r.value = *parsed;
            else
                r.error = api::malformedReply(result.answer, why);
            fulfil(promise, r);
        });
    });
    return promise->future();
}

QFuture<JobResult> ApiBackend::jobByTrigger(const TriggerTarget &target)
{
    auto promise = startedPromise<JobResult>();
    onOwnThread([this, target, promise] {
        TriggerTarget t = target;
        std::optional<QString> bad =
            m_configError.isEmpty() ? checkIds(
                {{"kb_id", &t.kbId}, {"source_id", &t.sourceId}, {"trigger_id", &t.triggerId}})
                                    : m_configError;
        if (bad) {
            fulfil(promise, JobResult::failure(Outcome::Invalid, *bad));
            return;
        }
        syncStatus(t.kbId, t.sourceId)
            .then(this, [this, t, promise](const SyncStatusResult &status) {
                if (!status.ok()) {
                    JobResult r;
                    r.error = status.error;
                    fulfil(promise, r);
                    return;
                }
                reportJobIfOurs(t, status.value, [promise](JobResult r) { fulfil(promise, r); });
            });
    });
    return promise->future();
}

void ApiBackend::reportJobIfOurs(const TriggerTarget &t, const SyncStatus &status,
                                 std::function<void(JobResult)> done)
{
    if (status.lastSyncJobId.isEmpty()) {
        done(JobResult::failure(Outcome::NotFound,
                                u"no sync job has run for source %1"_s.arg(t.sourceId)));
        return;
    }
    job(status.lastSyncJobId).then(this, [this, t, status, done](const JobResult &fetched) {
        if (!fetched.ok()) {
            done(fetched);
            return;
        }
        SyncJob j = fetched.value;
        if (j.sourceId.isEmpty())
            j.sourceId = t.sourceId;
        if (!j.triggerId.isEmpty()) { // the server tells us: no guessing needed
            if (normalizedUuid(j.triggerId) == t.triggerId)
                done(JobResult::success(j));
            else
                done(JobResult::failure(
                    Outcome::NotFound,
                    u"the source's last job %1 was started by another trigger"_s.arg(j.id)));
            return;
        }
        QDateTime jobTime = j.createdAt.isValid() ? j.createdAt : j.startedAt;
        if (!jobTime.isValid())
            jobTime = status.lastSyncStartedAt;
        const auto sent = m_firstSent.constFind(t.triggerId);
        const bool syncing = sameStatus(status.sourceStatus, u"syncing");
        if (syncing
            || (sent != m_firstSent.cend() && jobTime.isValid()
                && jobTime.msecsTo(*sent) <= ClockSkewToleranceMs)) {
            done(JobResult::success(j));
        } else if (sent != m_firstSent.cend()) {
            done(JobResult::failure(
                Outcome::NotFound,
                u"the source's last job %1 is older than the trigger"_s.arg(j.id)));
        } else {
            done(JobResult::failure(
                Outcome::UnknownOutcome,
                u"cannot tell whether trigger %1 started job %2: this console "
                "did not send it and the server does not report trigger ids"_s.arg(t.triggerId,
                                                                                   j.id)));
        }
    });
}

QFuture<SourceResult> ApiBackend::updateSchedule(const QString &kbId, const QString &sourceId,
                                                 const ScheduleChange &change)
{
    auto promise = startedPromise<SourceResult>();
    onOwnThread([this, kbId, sourceId, change, promise] {
        QString kb = kbId, source = sourceId;
        std::optional<QString> bad = m_configError.isEmpty()
                                         ? checkIds({{"kb_id", &kb}, {"source_id", &source}})
                                         : m_configError;
        if (!bad && change.autoSyncEnabled
            && (!change.syncIntervalSeconds || *change.syncIntervalSeconds < 1))
            bad = u"sync_interval_seconds (at least 1) is required when enabling automatic sync"_s;
        if (bad) {
            fulfil(promise, SourceResult::failure(Outcome::Invalid, *bad));
            return;
        }
        QJsonObject body{{u"auto_sync_enabled"_s, change.autoSyncEnabled}};
        body.insert(u"sync_interval_seconds"_s, change.syncIntervalSeconds
                                                    ? QJsonValue(*change.syncIntervalSeconds)
                                                    : QJsonValue(QJsonValue::Null));
        HttpRequest request;
        request.method = "PATCH";
        request.path = sourcePath(kb, source) + u"/schedule"_s;
        request.jsonBody = QJsonDocument(body).toJson(QJsonDocument::Compact);
        m_http->send(std::move(request), [this, promise](const HttpResult &result) {
            QJsonObject o;
            QString why;
            SourceResult r;
            if (std::optional<Error> e = jsonObjectOf(result, &o, m_config.apiKey))
                r.error = e;
            else if (auto parsed = json::sourceFromJson(o, &why))
                r.value = *parsed;
            else
                r.error = api::malformedReply(result.answer, why);
            fulfil(promise, r);
        });
    });
    return promise->future();
}

} // namespace feather
