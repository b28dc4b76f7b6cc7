#pragma once

#include "api/apiconfig.h"
#include "api/routes.h"
#include "api/serverclock.h"
#include "core/backend.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPromise>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QJsonObject;

namespace feather {

namespace api {
class HttpClient;
struct HttpResult;
} // namespace api

// Backend over the Feather HTTP API (docs/feather-api.md) with QNetworkAccessManager.
//
// Threading: lives on one thread (the one it was created on, or moved to); every call may come
// from any thread and is forwarded to it; futures are fulfilled there. Transport rules (pool,
// deadline, redirects, TLS, body limit, sent-tracking, 429/503 retries of reads and the
// client-wide 429 hold) are in api/httpclient.h; paths in api/routes.h (every id, ours or a
// server's, is checked as a UUID there); the status → outcome table in api/apimapping.h.
//
// Listing (api/pagedlisting.h): lists walk next_cursor/has_more with limit=200 to the end,
// within ApiConfig::listing's bounds (rows, bytes, pages, time) for the whole call. Per-KB
// source counts come from the KB's `source_status_counts` object when the server sends one,
// otherwise from listing that KB's sources. listSources streams one SourcePage per HTTP page;
// a status filter is applied here, case-insensitively, and never sent (the documented List
// Sources has no status parameter). A listing that fails part-way ends with an error page
// after the pages that did arrive; a destroyed backend cancels it.
//
// Trigger: POST …/sync without a body, `Idempotency-Key: <triggerId>` (harmless; the documented
// API does not promise to honour it). No `Connection: close`: measured on Qt 6.4.2
// (tst_apitransport), a request carrying it still goes out on an already pooled keep-alive
// socket, so it does not avoid the stale-socket race of reliability §4.1. already_syncing
// always names the running job: when the answer's body has none, one …/sync/status read fills
// the job id and the source status, and the message says so. Preflight reads …/sync/status
// only.
//
// jobByTrigger (the API has no lookup by trigger id) reads …/sync/status and then the job
// named by last_sync_job_id, and compares server times with server times (api/serverclock.h):
// the job is ours when its created_at (else started_at) is no earlier than the second our first
// copy can have reached the server, our send time carried to the server's clock by the offset
// the answers' Date headers bound. The first send is this backend's own record, else the
// target's firstSentNoLaterThan (a reconcile passes its write-ahead intent's time). NotFound
// when there is no last job or it is older; UnknownOutcome when nothing can be compared (no
// Date header, no job time, a trigger nobody recorded sending). A job that carries
// `trigger_id` (the devserver with --extensions) is decided by that id.
//
// A 409 to a retry of ours (or to a second copy of one request, which the one-shot body of
// api/oneshotbody.h keeps Qt 6.4 from sending) is judged the same way: triggered with the job when
// it is ours, already_syncing when older, unknown_outcome naming the job when it cannot be told.
class ApiBackend final : public QObject, public Backend {
    Q_OBJECT
public:
    explicit ApiBackend(ApiConfig config, QObject *parent = nullptr);
    ~ApiBackend() override;
    Q_DISABLE_COPY_MOVE(ApiBackend)

    BackendInfo info() const override;
    QFuture<KnowledgeBasesResult> listKnowledgeBases() override;
    QFuture<SourcePage> listSources(const SourceQuery &query) override;
    QFuture<TriggerResult> trigger(const TriggerTarget &target) override;
    QFuture<TriggerResult> preflight(const TriggerTarget &target) override;
    QFuture<SyncStatusResult> syncStatus(const QString &kbId, const QString &sourceId) override;
    QFuture<JobResult> job(const QString &jobId) override;
    QFuture<JobResult> jobByTrigger(const TriggerTarget &target) override;
    // GET /v1/analytics/knowledge/connectors/freshness, no filter: one request for every
    // source, its bare array bounded by FreshnessMaxBodyBytes. A row missing a required field
    // makes the whole reply malformed (an error, never a partial list).
    QFuture<FreshnessResult> connectorFreshness() override;
    QFuture<SourceResult> updateSchedule(const QString &kbId, const QString &sourceId,
                                         const ScheduleChange &change) override;
    QFuture<JobHistoryResult> sourceJobs(const JobHistoryQuery &query) override;
    QFuture<JobDocumentsResult> jobDocuments(const QString &jobId) override;
    QFuture<JobLogsResult> jobLogs(const QString &jobId) override;
    QFuture<TriggerResult> retryJob(const JobRetryTarget &target) override;
    // The Date-header bounds (api/serverclock.h), published for other threads.
    ServerSkew serverSkew() const override;

    // Why the configuration was refused (every call then fails with Invalid and sends
    // nothing); empty when usable.
    QString configError() const { return m_configError; }
    // QNetworkAccessManagers in the pool: ceil(maxConnections / 6).
    int networkManagerCount() const;
    // Trigger ids whose first send this backend still remembers (backend thread): only those
    // whose answer may still lead to a retry, a lookup (isRetryCandidate) or a judged resend
    // (already_syncing).
    qsizetype trackedTriggerCount() const;

private:
    template <typename T>
    using Parser = std::optional<T> (*)(const QJsonObject &, QString *);
    template <typename T>
    using Done = std::function<void(T)>;
    template <typename T>
    using Fetched = std::function<void(Result<T>, int httpStatus)>;

    // Runs `work` on the backend's thread; the future gets the one value `work` passes on.
    template <typename T>
    QFuture<T> run(std::function<void(Done<T>)> work);
    // Why nothing may be sent (a refused configuration, a bad id in the route), if so.
    std::optional<QString> refusal(const api::Route &route) const;
    // One request whose 2xx body is a JSON object read by `parse` (backend thread only); a
    // refused route fails with Invalid and sends nothing.
    template <typename T>
    void fetch(const api::Route &route, QByteArray method, QByteArray body, Parser<T> parse,
               Fetched<T> done);
    template <typename T>
    QFuture<Result<T>> getJson(api::Route route, Parser<T> parse);

    void nameRunningJob(TriggerResult result, Done<TriggerResult> done);
    // The source's last job as ours (with how that was decided), or why not.
    using Judged = std::function<void(JobResult, QString how)>;
    void reportJobIfOurs(const TriggerTarget &target, const SyncStatus &status, Judged done);
    void judgeRefusal(TriggerResult result, Done<TriggerResult> done);
    void observeClock(const api::HttpResult &result);
    void onOwnThread(std::function<void()> work);

    // The freshness array is not paged: 256 MiB holds about 400,000 rows of ~600 bytes, 40
    // times the console's design load (listing limits bind the pages the same way).
    static constexpr qint64 FreshnessMaxBodyBytes = qint64(256) * 1024 * 1024;

    ApiConfig m_config;
    QString m_configError;
    api::HttpClient *m_http = nullptr;     // child; null when the configuration was refused
    QHash<QString, QDateTime> m_firstSent; // trigger id → first sent (UTC), pruned (trigger())
    api::ServerClock m_serverClock;        // the server's clock against ours, from Date headers
    // m_serverClock's bounds for serverSkew() on any thread (written on the backend's thread).
    std::atomic<bool> m_skewKnown = false;
    std::atomic<qint64> m_skewLowMs = 0;
    std::atomic<qint64> m_skewHighMs = 0;
};

} // namespace feather

// --- template definitions ---

namespace feather {

template <typename T>
QFuture<T> ApiBackend::run(std::function<void(Done<T>)> work)
{
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    onOwnThread([work = std::move(work), promise] {
        work([promise](T value) {
            promise->addResult(std::move(value));
            promise->finish();
        });
    });
    return promise->future();
}

} // namespace feather
