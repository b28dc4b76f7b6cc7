#pragma once

#include "api/apiconfig.h"
#include "api/routes.h"
#include "core/backend.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPromise>
#include <functional>
#include <memory>
#include <optional>

class QJsonObject;

namespace feather {

namespace api {
class HttpClient;
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
// named by last_sync_job_id. It reports that job when
//   * the job carries `trigger_id` (our devserver does) and it equals the target's, or
//   * the job carries no trigger_id, and the source is syncing or the job was created (or
//     started) no earlier than 5 s before this backend first sent that trigger id;
// NotFound when the job's trigger_id differs, when there is no last job, or when that job is
// older than the first send; UnknownOutcome when there is no trigger_id to compare and this
// backend never sent the trigger (so it cannot tell).
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
    QFuture<SourceResult> updateSchedule(const QString &kbId, const QString &sourceId,
                                         const ScheduleChange &change) override;

    // Why the configuration was refused (every call then fails with Invalid and sends
    // nothing); empty when usable.
    QString configError() const { return m_configError; }
    // QNetworkAccessManagers in the pool: ceil(maxConnections / 6).
    int networkManagerCount() const;

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
    void reportJobIfOurs(const TriggerTarget &target, const SyncStatus &status,
                         Done<JobResult> done);
    void onOwnThread(std::function<void()> work);

    ApiConfig m_config;
    QString m_configError;
    api::HttpClient *m_http = nullptr;     // child; null when the configuration was refused
    QHash<QString, QDateTime> m_firstSent; // trigger id → when this backend first sent it (UTC)
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
