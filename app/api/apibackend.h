#pragma once

#include "api/apiconfig.h"
#include "core/backend.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <functional>
#include <memory>
#include <optional>

class QJsonArray;

namespace feather {

namespace api {
class HttpClient;
struct HttpResult;
} // namespace api

// Backend over the Feather HTTP API (docs/feather-api.md) with QNetworkAccessManager.
//
// Threading: lives on one thread (the one it was created on, or moved to); every call may come
// from any thread and is forwarded to it; futures are fulfilled there. Transport rules (pool,
// deadline, redirects, TLS, body limit, sent-tracking) are in api/httpclient.h; the status →
// outcome table is in api/apimapping.h.
//
// Listing: lists walk next_cursor/has_more with limit=200 to the end. Per-KB source counts
// come from the KB's `source_status_counts` object when the server sends one, otherwise from
// listing that KB's sources. listSources streams one SourcePage per HTTP page; a status filter
// is applied here and, when it names exactly one status, also sent as `status=` (servers may
// ignore it; several statuses are not sent because a server could read "a,b" as one value).
//
// Trigger: POST …/sync without a body, `Idempotency-Key: <triggerId>`. No `Connection: close`:
// measured on Qt 6.4.2 (tst_apitransport), a request carrying it still goes out on an already
// pooled keep-alive socket, so it does not avoid the stale-socket race of reliability §4.1;
// what recovers from that race is Qt's own single re-send of the POST, which carries the same
// Idempotency-Key (so a server that deduplicates by key starts one job at most). Preflight
// reads …/sync/status only.
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
    using PageFn = std::function<std::optional<Error>(const QJsonArray &items, int httpStatus)>;
    using DoneFn = std::function<void(const std::optional<Error> &error)>;
    struct Walk;

    void onOwnThread(std::function<void()> work);
    void walkPages(QString path, QList<std::pair<QString, QString>> query, PageFn onPage,
                   DoneFn done, std::function<bool()> cancelled = {});
    void walkNext(const std::shared_ptr<Walk> &walk);
    void countSources(const QString &kbId, std::function<void(Result<QMap<QString, int>>)> done);
    void reportJobIfOurs(const TriggerTarget &target, const SyncStatus &status,
                         std::function<void(JobResult)> done);
    TriggerResult fromFailure(const TriggerTarget &target, const api::HttpResult &result) const;

    ApiConfig m_config;
    QString m_configError;
    api::HttpClient *m_http = nullptr;     // child; null when the configuration was refused
    QHash<QString, QDateTime> m_firstSent; // trigger id → when this backend first sent it (UTC)
};

} // namespace feather
