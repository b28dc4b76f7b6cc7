// ApiBackend's job reads and writes for the source details pane: a source's job history (from
// the knowledge base's ingestion-jobs list), a job's documents and logs, and the retry of a
// job's failed items (feather-api.md §3.7).
#include "api/apibackend.h"
#include "api/apimapping.h"
#include "api/apiparse.h"
#include "api/httpclient.h"
#include "api/jobparse.h"
#include "api/pagedlisting.h"
#include "core/ids.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace feather {

using api::ListingBudget;
using api::PagedListing;
using api::Routes;

namespace {

// How many of a knowledge base's jobs a history read looks at, at most: the list has no
// source filter, so a busy KB with many sources could otherwise be read to its end.
constexpr int kMaxScannedJobs = 2000;

// R190: every /ingest submission is a `bulk` parent: never a connector sync, never inferred.
bool isBulkIngest(const SyncJob &job)
{
    return job.jobType.compare(u"bulk"_s, Qt::CaseInsensitive) == 0;
}

// Every page of one list into `parse`d values; deleted when done (or with its parent).
template <typename T>
class PageCollector final : public QObject {
public:
    using Parse = std::optional<T> (*)(const QJsonObject &, QString *);
    using Done = std::function<void(Result<QList<T>>)>;

    PageCollector(api::HttpClient *http, const ApiConfig &config, api::Route route, QString what,
                  Parse parse, Done done, QObject *parent)
        : QObject(parent)
        , m_what(std::move(what))
        , m_parse(parse)
        , m_done(std::move(done))
    {
        auto budget = std::make_shared<ListingBudget>(config.listing);
        m_listing = new PagedListing(http, std::move(route), budget, config.apiKey, this);
        connect(m_listing, &PagedListing::page, this, [this](const QJsonArray &items, int status) {
            for (qsizetype i = 0; i < items.size() && !m_error; ++i) {
                QString why = u"not an object"_s;
                std::optional<T> value;
                if (items.at(i).isObject())
                    value = m_parse(items.at(i).toObject(), &why);
                if (!value) {
                    api::HttpAnswer answer;
                    answer.status = status;
                    m_error = api::malformedReply(answer, m_what + u": "_s + why);
                } else {
                    m_values.append(std::move(*value));
                }
            }
        });
        connect(m_listing, &PagedListing::finished, this, [this](const std::optional<Error> &e) {
            Result<QList<T>> r;
            r.error = m_error ? m_error : e;
            if (!r.error)
                r.value = std::move(m_values);
            m_done(std::move(r));
            deleteLater();
        });
    }
    Q_DISABLE_COPY_MOVE(PageCollector)

    void start() { m_listing->start(); }

private:
    QString m_what;
    Parse m_parse;
    Done m_done;
    PagedListing *m_listing = nullptr;
    QList<T> m_values;
    std::optional<Error> m_error;
};

// The history read after …/sync/status: the KB's sources (how many, their nicknames), then
// its jobs newest first, keeping those tied to the source, until `limit` or kMaxScannedJobs.
class HistoryScan final : public QObject {
public:
    using Done = std::function<void(JobHistoryResult)>;
    HistoryScan(api::HttpClient *http, const ApiConfig &config, JobHistoryQuery query,
                SyncStatus status, Done done, QObject *parent)
        : QObject(parent)
        , m_http(http)
        , m_config(config)
        , m_query(std::move(query))
        , m_status(std::move(status))
        , m_done(std::move(done))
    {}
    Q_DISABLE_COPY_MOVE(HistoryScan)

    void start()
    {
        auto *sources = new PageCollector<Source>(
            m_http, m_config, Routes::sources(m_query.kbId), u"source"_s, api::parseSource,
            [this](SourcePage page) {
                if (!page.ok())
                    return end(JobHistoryResult{{}, page.error});
                readSources(page.value);
                scanJobs();
            },
            this);
        sources->start();
    }

private:
    void readSources(const QList<Source> &sources)
    {
        m_kbSources = int(sources.size());
        const QString self = normalizedUuid(m_query.sourceId);
        for (const Source &s : sources) {
            if (s.id == self)
                m_nickname = s.connectionNickname;
        }
        for (const Source &s : sources) {
            if (s.id != self && !m_nickname.isEmpty() && s.connectionNickname == m_nickname)
                m_nicknameShared = true;
        }
    }

    // Why `e` is the source's, or empty when it cannot be tied to it.
    bool tie(JobHistoryEntry &e) const
    {
        const QString &id = e.job.id;
        if (!m_status.lastSyncJobId.isEmpty() && id == m_status.lastSyncJobId) {
            e.match = JobMatch::Exact;
            e.matchReason = u"the source's last_sync_job_id"_s;
            return true;
        }
        for (auto it = m_query.knownJobIds.cbegin(); it != m_query.knownJobIds.cend(); ++it) {
            if (normalizedUuid(it.key()) == id) {
                e.match = JobMatch::Exact;
                e.matchReason = it.value();
                return true;
            }
        }
        if (isBulkIngest(e.job))
            return false;
        e.match = JobMatch::Inferred;
        if (m_kbSources == 1) {
            e.matchReason = u"inferred: the only source of its knowledge base"_s;
            return true;
        }
        if (!m_nickname.isEmpty() && !m_nicknameShared && e.itemTitle == m_nickname) {
            e.matchReason = u"inferred: item_title is the source's nickname"_s;
            return true;
        }
        return false;
    }

    void scanJobs()
    {
        auto budget = std::make_shared<ListingBudget>(m_config.listing);
        m_jobs = new PagedListing(m_http, Routes::ingestionJobs(m_query.kbId), budget,
                                  m_config.apiKey, this);
        connect(m_jobs, &PagedListing::page, this, [this](const QJsonArray &items, int status) {
            for (const QJsonValue &item : items) {
                QString why = u"not an object"_s;
                std::optional<JobHistoryEntry> e;
                if (item.isObject())
                    e = api::parseJobSummary(item.toObject(), &why);
                if (!e) {
                    api::HttpAnswer answer;
                    answer.status = status;
                    return end(JobHistoryResult{
                        {}, api::malformedReply(answer, u"ingestion job: "_s + why)});
                }
                ++m_history.scannedJobs;
                if (tie(*e))
                    m_history.jobs.append(std::move(*e));
                if (m_history.jobs.size() >= m_query.limit)
                    return end(finished());
                if (m_history.scannedJobs >= kMaxScannedJobs) {
                    return end(
                        finished(u"stopped after reading the knowledge base's newest %1 jobs"_s.arg(
                            kMaxScannedJobs)));
                }
            }
        });
        connect(m_jobs, &PagedListing::finished, this, [this](const std::optional<Error> &e) {
            if (e)
                return end(JobHistoryResult{{}, e});
            end(finished());
        });
        m_jobs->start();
    }

    JobHistoryResult finished(const QString &extra = {})
    {
        JobHistory h = m_history;
        QStringList notes;
        if (m_kbSources > 1)
            notes << u"the knowledge base has %1 sources and the API does not say which source "
                     "a job belongs to: only jobs tied by last_sync_job_id, this console's audit "
                     "log or the source's nickname are shown"_s.arg(m_kbSources);
        if (!extra.isEmpty())
            notes << extra;
        h.note = notes.join(u"; "_s);
        return JobHistoryResult::success(h);
    }

    void end(JobHistoryResult r)
    {
        if (m_ended)
            return;
        m_ended = true;
        if (m_jobs)
            m_jobs->disconnect(this);
        m_done(std::move(r));
        deleteLater();
    }

    api::HttpClient *m_http;
    ApiConfig m_config;
    JobHistoryQuery m_query;
    SyncStatus m_status;
    Done m_done;
    JobHistory m_history;
    PagedListing *m_jobs = nullptr;
    int m_kbSources = 0;
    QString m_nickname;
    bool m_nicknameShared = false;
    bool m_ended = false;
};

} // namespace

QFuture<JobHistoryResult> ApiBackend::sourceJobs(const JobHistoryQuery &query)
{
    const api::Route status = Routes::syncStatus(query.kbId, query.sourceId);
    return run<JobHistoryResult>([this, query, status](Done<JobHistoryResult> done) {
        if (const std::optional<QString> why = refusal(status))
            return done(JobHistoryResult::failure(Outcome::Invalid, *why));
        fetch<SyncStatus>(status, "GET", {}, api::parseSyncStatus,
                          [this, query, done](SyncStatusResult read, int) {
                              if (!read.ok())
                                  return done(JobHistoryResult{{}, read.error});
                              auto *scan =
                                  new HistoryScan(m_http, m_config, query, read.value, done, this);
                              scan->start();
                          });
    });
}

QFuture<JobDocumentsResult> ApiBackend::jobDocuments(const QString &jobId)
{
    const api::Route route = Routes::jobDocuments(jobId);
    return run<JobDocumentsResult>([this, route](Done<JobDocumentsResult> done) {
        if (const std::optional<QString> why = refusal(route))
            return done(JobDocumentsResult::failure(Outcome::Invalid, *why));
        (new PageCollector<JobDocument>(m_http, m_config, route, u"job document"_s,
                                        api::parseJobDocument, done, this))
            ->start();
    });
}

QFuture<JobLogsResult> ApiBackend::jobLogs(const QString &jobId)
{
    const api::Route route = Routes::jobLogs(jobId);
    return run<JobLogsResult>([this, route](Done<JobLogsResult> done) {
        if (const std::optional<QString> why = refusal(route))
            return done(JobLogsResult::failure(Outcome::Invalid, *why));
        (new PageCollector<JobLogGroup>(m_http, m_config, route, u"job log group"_s,
                                        api::parseJobLogGroup, done, this))
            ->start();
    });
}

// 202 with an untyped body ("with the job ID"): accepted whatever the body says; a job id or
// message in it is shown when there is one. Any other answer maps like a trigger's.
QFuture<TriggerResult> ApiBackend::retryJob(const JobRetryTarget &target)
{
    const api::Route route = Routes::jobRetry(target.jobId);
    return run<TriggerResult>([this, target, route](Done<TriggerResult> done) {
        TriggerResult r;
        r.target.kbId = target.kbId;
        r.target.sourceId = target.sourceId;
        r.jobId = target.jobId;
        QElapsedTimer clock;
        clock.start();
        if (const std::optional<QString> why = refusal(route)) {
            r.outcome = Outcome::Invalid;
            r.message = *why;
            r.attempts = 0;
            r.finishedAt = QDateTime::currentDateTimeUtc();
            return done(r);
        }
        r.jobId = normalizedUuid(target.jobId);
        api::HttpRequest request;
        request.method = "POST";
        request.path = route.path;
        m_http->send(std::move(request), [this, r, clock, done](const api::HttpResult &result) {
            observeClock(result);
            const QDateTime now = QDateTime::currentDateTimeUtc();
            TriggerResult out = r;
            if (result.failure) {
                out.outcome = result.failure->outcome;
                out.message = result.failure->message;
                out.httpStatus = result.failure->httpStatus;
            } else if (result.answer.status >= 200 && result.answer.status < 300) {
                const QJsonObject body = QJsonDocument::fromJson(result.answer.body).object();
                out.outcome = Outcome::Triggered;
                out.httpStatus = result.answer.status;
                out.status = body.value("status"_L1).toString();
                const QString said = body.value("message"_L1).toString();
                out.message = said.isEmpty() ? u"retry of the job's failed items accepted"_s : said;
                const QString named = normalizedUuid(body.value("job_id"_L1).toString());
                if (!named.isNull())
                    out.jobId = named;
            } else {
                const TriggerResult mapped =
                    api::triggerResultFromAnswer(r.target, result.answer, m_config.apiKey, now);
                out.outcome = mapped.outcome;
                out.message = mapped.message;
                out.status = mapped.status;
                out.httpStatus = mapped.httpStatus;
                out.retryAfterMs = mapped.retryAfterMs;
            }
            out.elapsedMs = clock.elapsed();
            out.finishedAt = now;
            done(out);
        });
    });
}

} // namespace feather
