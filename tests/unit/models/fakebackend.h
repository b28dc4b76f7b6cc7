#pragma once

#include "core/backend.h"

#include <QObject>
#include <QPromise>
#include <QTimer>
#include <memory>

namespace feather::test {

// In-memory Backend for model tests (style.md: "a fake for model tests"). listSources() streams
// its pages one event-loop turn apart, like a real backend, so page-by-page merging is exercised.
class FakeBackend final : public QObject, public Backend {
    Q_OBJECT
public:
    QList<KnowledgeBase> kbs;
    QList<Source> sources;
    int pageSize = 100;
    int failAtPage = -1;         // page index that comes back as an error (-1: none)
    bool allPagesAtOnce = false; // every page in one event (a fast direct listing)
    QString failMessage = QStringLiteral("connection refused");
    bool failKbs = false;
    int listSourcesCalls = 0;
    QList<ConnectorFreshness> freshness; // what connectorFreshness() answers
    int freshnessReads = 0;

    BackendInfo info() const override { return {BackendMode::Direct, QStringLiteral("fake")}; }

    QFuture<KnowledgeBasesResult> listKnowledgeBases() override
    {
        if (failKbs)
            return QtFuture::makeReadyFuture(
                KnowledgeBasesResult::failure(Outcome::NetworkError, failMessage));
        QList<KnowledgeBase> out = kbs;
        for (KnowledgeBase &kb : out) {
            kb.sourceStatusCounts.clear();
            for (const Source &s : std::as_const(sources)) {
                if (s.knowledgeBaseId == kb.id)
                    ++kb.sourceStatusCounts[s.status];
            }
        }
        return QtFuture::makeReadyFuture(KnowledgeBasesResult::success(out));
    }

    QFuture<SourcePage> listSources(const SourceQuery &query) override
    {
        ++listSourcesCalls;
        QList<Source> matching;
        for (const Source &s : std::as_const(sources)) {
            if ((query.kbIds.isEmpty() || query.kbIds.contains(s.knowledgeBaseId))
                && (query.statuses.isEmpty() || query.statuses.contains(s.status)))
                matching.append(s);
        }
        auto promise = std::make_shared<QPromise<SourcePage>>();
        promise->start();
        deliverPage(promise, matching, 0);
        return promise->future();
    }

    QFuture<TriggerResult> trigger(const TriggerTarget &target) override
    {
        return preflight(target);
    }
    QFuture<TriggerResult> preflight(const TriggerTarget &target) override
    {
        TriggerResult r;
        r.target = target;
        r.outcome = Outcome::NotFound;
        for (const Source &s : std::as_const(sources)) {
            if (s.id == target.sourceId && s.knowledgeBaseId == target.kbId)
                r.outcome = s.status == QLatin1String("syncing") ? Outcome::AlreadySyncing
                                                                 : Outcome::Triggered;
        }
        return QtFuture::makeReadyFuture(r);
    }
    QFuture<SyncStatusResult> syncStatus(const QString &, const QString &) override
    {
        return QtFuture::makeReadyFuture(
            SyncStatusResult::failure(Outcome::NotFound, QStringLiteral("no")));
    }
    QFuture<JobResult> job(const QString &) override
    {
        return QtFuture::makeReadyFuture(
            JobResult::failure(Outcome::NotFound, QStringLiteral("no")));
    }
    QFuture<JobResult> jobByTrigger(const TriggerTarget &) override { return job({}); }
    QFuture<FreshnessResult> connectorFreshness() override
    {
        ++freshnessReads;
        return QtFuture::makeReadyFuture(FreshnessResult::success(freshness));
    }
    QFuture<SourceResult> updateSchedule(const QString &, const QString &,
                                         const ScheduleChange &) override
    {
        return QtFuture::makeReadyFuture(
            SourceResult::failure(Outcome::Invalid, QStringLiteral("no")));
    }
    QFuture<JobHistoryResult> sourceJobs(const JobHistoryQuery &) override
    {
        return QtFuture::makeReadyFuture(
            JobHistoryResult::failure(Outcome::Invalid, QStringLiteral("no")));
    }
    QFuture<JobDocumentsResult> jobDocuments(const QString &) override
    {
        return QtFuture::makeReadyFuture(
            JobDocumentsResult::failure(Outcome::Invalid, QStringLiteral("no")));
    }
    QFuture<JobLogsResult> jobLogs(const QString &) override
    {
        return QtFuture::makeReadyFuture(
            JobLogsResult::failure(Outcome::Invalid, QStringLiteral("no")));
    }
    QFuture<TriggerResult> retryJob(const JobRetryTarget &) override
    {
        TriggerResult r;
        r.outcome = Outcome::Invalid;
        r.message = QStringLiteral("no");
        return QtFuture::makeReadyFuture(r);
    }
    // Like direct mode (times stamped with our clock) unless a test sets a skew.
    ServerSkew skew{0, 0};
    ServerSkew serverSkew() const override { return skew; }

private:
    void deliverPage(std::shared_ptr<QPromise<SourcePage>> promise, QList<Source> all, int page)
    {
        QTimer::singleShot(0, this, [this, promise, all, page] {
            if (allPagesAtOnce) {
                for (int p = 0; p * pageSize < all.size() || p == 0; ++p) {
                    if (p == failAtPage) {
                        promise->addResult(SourcePage::failure(Outcome::NetworkError, failMessage));
                        break;
                    }
                    promise->addResult(SourcePage::success(all.mid(p * pageSize, pageSize)));
                }
                promise->finish();
                return;
            }
            if (page == failAtPage) {
                promise->addResult(SourcePage::failure(Outcome::NetworkError, failMessage));
                promise->finish();
                return;
            }
            const int from = page * pageSize;
            promise->addResult(SourcePage::success(all.mid(from, pageSize)));
            if (from + pageSize >= all.size()) {
                promise->finish();
                return;
            }
            deliverPage(promise, all, page + 1);
        });
    }
};

// Deterministic test data: `count` sources over `kbCount` KBs, statuses cycling through
// active, active, error, syncing and one unknown value every 7th row.
QList<KnowledgeBase> makeKbs(int kbCount);
QList<Source> makeSources(int count, int kbCount, const QDateTime &now);
QString fakeId(char prefix, int n);

} // namespace feather::test
