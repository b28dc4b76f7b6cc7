// 10,000 targets through ApiBackend against a real feather-devserver with --fail-every 7 and
// --rate-limit: every target accounted for exactly once, exactly one audit row per attempt,
// exactly one job per triggered row (retries reuse the trigger id), and the rows/s figure.
//
// The server's rate budget is shared with a "neighbour" client that drains it every few
// seconds (the Feather API's limit is per organisation, shared by every key), so the 429 path
// runs whatever this machine's trigger throughput happens to be.
#include "api/apibackend.h"
#include "resync/auditlogsink.h"
#include "resyncintegration.h"
#include "support/testsupport.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QStandardPaths>
#include <QTimer>
#include <QtTest>

using namespace feather;
using namespace feather::test;

namespace {

constexpr int kRateLimit = 400; // requests per second for the whole server
// A slower (sanitizer) build cannot reach 400 requests per second, so the neighbour would never
// be limited: the limit comes down with the build's speed.
int rateLimit()
{
    return kRateLimit / test::timeFactor();
}

class BudgetDrainer final : public QObject {
public:
    BudgetDrainer(const DevServer &server, int burst, int everyMs)
        : m_url(QUrl(server.baseUrl()
                     + QStringLiteral("/v1/knowledge-base/ingestion-jobs/"
                                      "00000000-0000-4000-8000-000000000000")))
        , m_key(server.apiKey().toUtf8())
        , m_burst(burst)
    {
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { drain(); });
        m_timer.start(everyMs);
    }
    int rateLimitedAnswers() const { return m_limited; }

private:
    void drain()
    {
        for (int i = 0; i < m_burst; ++i) {
            QNetworkRequest request(m_url);
            request.setRawHeader("x-api-key", m_key);
            QNetworkReply *reply = m_nam.get(request);
            QObject::connect(reply, &QNetworkReply::finished, this, [this, reply] {
                m_limited +=
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 429;
                reply->deleteLater();
            });
        }
    }

    QNetworkAccessManager m_nam;
    QTimer m_timer;
    QUrl m_url;
    QByteArray m_key;
    int m_burst;
    int m_limited = 0;
};

} // namespace

class TestResyncApiBulk final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void tenThousandTargets_withFaultsAndRateLimit_everyRowAccountedForOnce()
    {
        constexpr int kSources = 10000;
        DevServer server;
        QString why;
        // The strict (documented-API) devserver: jobs are matched to rows by job id and source.
        QVERIFY2(server.start(kSources,
                              {QStringLiteral("--fail-every"), QStringLiteral("7"),
                               QStringLiteral("--rate-limit"), QString::number(rateLimit()),
                               QStringLiteral("--sync-seconds"), QStringLiteral("3600")},
                              &why),
                 qPrintable(why));
        QList<TriggerTarget> targets = allSources(server.dbPath(), &why);
        QVERIFY2(targets.size() == kSources, qPrintable(why));
        // Bad input rides along: a duplicate in upper case and an invalid id.
        TriggerTarget dup = targets.at(17);
        dup.sourceId = dup.sourceId.toUpper();
        targets.append(dup);
        targets.append(TriggerTarget{targets.at(0).kbId, QStringLiteral("not-a-uuid"), {}});

        ApiBackend backend(apiConfig(server, 16));
        QVERIFY2(backend.configError().isEmpty(), qPrintable(backend.configError()));
        AuditLogSink sink(server.path(QStringLiteral("audit.sqlite")),
                          auditContextFor(QStringLiteral("it"), backend));
        AuditLog &audit = sink.log();
        RunOptions options;
        options.concurrency = 16;
        options.maxAttempts = 6;
        options.backoffBaseMs = 50;
        options.backoffCapMs = 2000;
        ResyncRunner runner(&backend, options);
        runner.setAttemptSink(&sink);
        const QHash<QString, QString> jobsBefore = jobSources(server.dbPath());
        BudgetDrainer neighbour(server, rateLimit() + 100, 6000);
        const RunRecord run = runToCompletion(runner, targets, 170000);
        QVERIFY2(!runner.isRunning(), "the run did not finish in time");
        QVERIFY(neighbour.rateLimitedAnswers() > 0);

        QVERIFY2(server.isRunning(),
                 qPrintable(QStringLiteral("feather-devserver died: ") + server.stderrTail()));
        const double rowsPerSecond = 1000.0 * kSources / qMax<qint64>(1, run.wallMs);
        qInfo("10,000 targets via ApiBackend (concurrency 16, --fail-every 7, --rate-limit %d): "
              "%lld ms, %.0f rows/s; rows: %s; attempts: %s",
              rateLimit(), run.wallMs, rowsPerSecond, qPrintable(summary(run.rows)),
              qPrintable(summary(run.attempts)));

        for (const TriggerResult &a : run.attempts) {
            if (a.outcome == Outcome::NetworkError || a.outcome == Outcome::UnknownOutcome) {
                qInfo("first %s attempt: %s (http %d)", qPrintable(toString(a.outcome)),
                      qPrintable(a.message), a.httpStatus);
                break;
            }
        }

        // Every target exactly once (the duplicate folded in, the invalid id reported).
        QCOMPARE(run.rows.size(), kSources + 1);
        QSet<QString> seen;
        for (const TriggerResult &r : run.rows)
            seen.insert(r.target.sourceId);
        QCOMPARE(seen.size(), kSources + 1);
        QCOMPARE(count(run.rows, Outcome::Invalid), 1);

        // The faults were really exercised, and retried away.
        QVERIFY(count(run.attempts, Outcome::ServerError) > kSources / 10);
        QVERIFY(count(run.attempts, Outcome::RateLimited) > 0);
        QVERIFY(count(run.rows, Outcome::Triggered) > kSources * 9 / 10);
        QCOMPARE(count(run.rows, Outcome::Triggered) + count(run.rows, Outcome::AlreadySyncing)
                     + count(run.rows, Outcome::ServerError) + count(run.rows, Outcome::RateLimited)
                     + count(run.rows, Outcome::UnknownOutcome) + count(run.rows, Outcome::Invalid),
                 int(run.rows.size()));

        // An intent and an outcome row per attempt; the history shows each attempt once, by
        // its outcome, and no intent is left open.
        int attempts = 0;
        for (const TriggerResult &r : run.rows)
            attempts += r.attempts;
        QCOMPARE(int(run.attempts.size()), attempts);
        QCOMPARE(audit.count(), qint64(2 * attempts));
        QSet<QPair<QString, int>> keys;
        for (const AuditEntry &e : audit.query(0)) {
            keys.insert({e.triggerId, e.attempt});
            QVERIFY(e.kind == AuditKind::Outcome);
        }
        QCOMPARE(keys.size(), attempts);

        // Retries never doubled a job: one new job per triggered row, and it is the row's;
        // none for the others (an unknown outcome: at most the one).
        const QHash<QString, QString> jobsAfter = jobSources(server.dbPath());
        QHash<QString, int> newJobsPerSource;
        for (auto it = jobsAfter.cbegin(); it != jobsAfter.cend(); ++it) {
            if (!jobsBefore.contains(it.key()))
                ++newJobsPerSource[it.value()];
        }
        int newJobs = 0;
        for (const TriggerResult &r : run.rows) {
            const QString source = r.target.sourceId.toLower();
            const int created = newJobsPerSource.value(source);
            if (r.outcome == Outcome::UnknownOutcome) {
                QVERIFY(created <= 1);
                newJobs += created;
                continue;
            }
            const int expected = r.outcome == Outcome::Triggered ? 1 : 0;
            QVERIFY2(created == expected,
                     qPrintable(toString(r.outcome) + u' ' + source + QStringLiteral(" created ")
                                + QString::number(created) + QStringLiteral(" job ") + r.jobId
                                + u' ' + r.message));
            if (expected == 1)
                QCOMPARE(jobsAfter.value(r.jobId.toLower()), source); // names its own new job
            newJobs += created;
        }
        QCOMPARE(newJobs, int(jobsAfter.size() - jobsBefore.size()));
        QVERIFY(!fileBytes(audit.path()).contains(server.apiKey().toUtf8()));
    }
};

QTEST_GUILESS_MAIN(TestResyncApiBulk)
#include "tst_resync_api_bulk.moc"
