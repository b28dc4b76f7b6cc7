#include "fakebackend.h"
#include "models/resultmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {
TriggerResult result(int n, Outcome outcome, const QString &message = {})
{
    TriggerResult r;
    r.target = TriggerTarget{fakeId('b', 0), fakeId('a', n), fakeId('c', n)};
    r.outcome = outcome;
    r.jobId = outcome == Outcome::Triggered ? fakeId('d', n) : QString();
    r.status = outcome == Outcome::Triggered ? u"queued"_s : QString();
    r.message = message;
    r.httpStatus = outcome == Outcome::Triggered ? 202 : 0;
    r.elapsedMs = 40 + n;
    r.finishedAt = QDateTime(QDate(2026, 3, 2), QTime(12, 0, n), Qt::UTC);
    return r;
}
} // namespace

class TestResultModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void attempts_areListedNewestFirst_data();
    void attempts_areListedNewestFirst();
    void outcome_hasIconTextAndRawValue_data();
    void outcome_hasIconTextAndRawValue();
    void csv_quotesAndNeutralisesFormulas();
    void jobState_followsTheJobIntoTableAndCsv();
    void jobState_reachesEveryRowOfTheJobAcrossRunsAndClear();
    void summary_countsEachSourceOnceForTheRunAsked();
    void failedJob_sameCauseAsBefore_isMarkedApartFromANewFailure();
};

void TestResultModel::attempts_areListedNewestFirst_data()
{
    QTest::addColumn<int>("count");
    QTest::newRow("none") << 0;
    QTest::newRow("one") << 1;
    QTest::newRow("many") << 25;
}

void TestResultModel::attempts_areListedNewestFirst()
{
    QFETCH(int, count);
    ResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < count; ++i)
        model.addAttempt(result(i, Outcome::Triggered), u"KB"_s, u"Source "_s + QString::number(i));
    QCOMPARE(model.rowCount(), count);
    if (count > 0) {
        QCOMPARE(model.index(0, ResultModel::SourceColumn).data().toString(),
                 u"Source "_s + QString::number(count - 1));
        QCOMPARE(model.index(count - 1, ResultModel::JobIdColumn).data().toString(),
                 fakeId('d', 0));
        QCOMPARE(model.index(0, 0).data(ResultModel::JobIdRole).toString(), fakeId('d', count - 1));
    }
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestResultModel::outcome_hasIconTextAndRawValue_data()
{
    QTest::addColumn<int>("outcome");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("http");
    QTest::newRow("triggered") << int(Outcome::Triggered) << u"Triggered"_s << u"202"_s;
    QTest::newRow("already syncing")
        << int(Outcome::AlreadySyncing) << u"Already syncing"_s << u"—"_s;
    QTest::newRow("not found") << int(Outcome::NotFound) << u"Not found"_s << u"—"_s;
    QTest::newRow("unknown") << int(Outcome::UnknownOutcome) << u"Outcome unknown"_s << u"—"_s;
    QTest::newRow("cancelled") << int(Outcome::Cancelled) << u"Cancelled"_s << u"—"_s;
}

void TestResultModel::outcome_hasIconTextAndRawValue()
{
    QFETCH(int, outcome);
    QFETCH(QString, text);
    QFETCH(QString, http);
    ResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addAttempt(result(1, Outcome(outcome), u"server said so"_s), u"KB"_s, u"S"_s);
    const QModelIndex idx = model.index(0, ResultModel::OutcomeColumn);
    QCOMPARE(idx.data().toString(), text);
    QCOMPARE(idx.data(ResultModel::OutcomeRole).toInt(), outcome);
    QVERIFY(!idx.data(Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(model.index(0, ResultModel::HttpColumn).data().toString(), http);
    QCOMPARE(model.index(0, ResultModel::MessageColumn).data().toString(), u"server said so"_s);
}

void TestResultModel::csv_quotesAndNeutralisesFormulas()
{
    ResultModel model;
    model.addAttempt(result(1, Outcome::Triggered, u"ok"_s), u"Sales, EU"_s,
                     u"=HYPERLINK(\"x\")"_s);
    model.addAttempt(result(2, Outcome::ServerError, u"line one\nsaid \"no\""_s), u"KB"_s, u"S2"_s);
    const QString csv = resultsToCsv(model.rows());
    const QStringList lines = csv.split(u"\r\n"_s);
    QCOMPARE(
        lines.first(),
        u"finished_at,kb_id,kb_name,source_id,source_name,outcome,job_id,status,message,http_status,attempts,elapsed_ms,job_error,completed_at,run,failure"_s);
    QVERIFY(csv.contains(u"\"Sales, EU\""_s));
    QVERIFY(csv.contains(u"\"'=HYPERLINK(\"\"x\"\")\""_s));
    QVERIFY(csv.contains(u"\"line one\nsaid \"\"no\"\"\""_s));
    QVERIFY(csv.contains(u",server_error,"_s));
    QVERIFY(csv.contains(fakeId('d', 1)));
}

QTEST_MAIN(TestResultModel)
#include "tst_resultmodel.moc"

void TestResultModel::jobState_followsTheJobIntoTableAndCsv()
{
    ResultModel model;
    model.beginRun();
    model.addAttempt(result(1, Outcome::Triggered), u"KB"_s, u"S1"_s);
    model.addAttempt(result(2, Outcome::Triggered), u"KB"_s, u"S2"_s);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const QDateTime ended(QDate(2026, 3, 2), QTime(12, 5, 7), Qt::UTC);
    model.applyJobState(fakeId('d', 1), u"failed"_s, u"token expired"_s, ended);
    QCOMPARE(changed.size(), 1);
    const int row = model.rowAt(0).result.jobId == fakeId('d', 1) ? 0 : 1;
    QCOMPARE(model.index(row, ResultModel::StatusColumn).data().toString(), u"failed"_s);
    QCOMPARE(model.index(row, ResultModel::JobErrorColumn).data().toString(), u"token expired"_s);
    QCOMPARE(model.index(1 - row, ResultModel::StatusColumn).data().toString(), u"queued"_s);
    const QString csv = resultsToCsv(model.rows());
    QVERIFY2(csv.contains(u",failed,"_s), qPrintable(csv));
    QVERIFY(csv.contains(u"token expired"_s));
    QVERIFY(csv.contains(u"2026-03-02T12:05:07.000Z"_s));
    // The same state again changes nothing; an unknown job changes nothing.
    model.applyJobState(fakeId('d', 1), u"failed"_s, u"token expired"_s, ended);
    model.applyJobState(fakeId('d', 9), u"completed"_s, {}, ended);
    QCOMPARE(changed.size(), 1);
    const RunSummary s = model.summary(1);
    QCOMPARE(s.jobsFailed, 1);
    QCOMPARE(s.jobsRunning, 1);
}

void TestResultModel::jobState_reachesEveryRowOfTheJobAcrossRunsAndClear()
{
    // Rows are found by an index of job ids (issue 12); it must name exactly the rows a pass over
    // every row finds: the same job in several runs (already_syncing names the running job),
    // rows without a job, and nothing after clear().
    ResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int run = 0; run < 3; ++run) {
        model.beginRun();
        for (int n = 0; n < 20; ++n)
            model.addAttempt(result(n, n % 4 == 3 ? Outcome::Invalid : Outcome::Triggered), u"KB"_s,
                             u"S"_s);
    }
    QVERIFY(model.hasJob(fakeId('d', 5)));
    QVERIFY(!model.hasJob(fakeId('d', 3))); // never triggered
    QVERIFY(model.hasJob(QString()));       // rows without a job, as a pass over them finds
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applyJobState(fakeId('d', 5), u"completed"_s, {}, QDateTime());
    QCOMPARE(changed.size(), 3); // one per run, top to bottom
    QList<int> rows;
    for (const QList<QVariant> &signal : std::as_const(changed))
        rows << signal.first().toModelIndex().row();
    QVERIFY(std::is_sorted(rows.cbegin(), rows.cend()));
    for (int r = 0; r < model.rowCount(); ++r) {
        const bool ofJob = model.rowAt(r).result.jobId == fakeId('d', 5);
        QCOMPARE(model.rowAt(r).jobStatus, ofJob ? u"completed"_s : QString());
        QCOMPARE(rows.contains(r), ofJob);
    }
    model.clear();
    QVERIFY(!model.hasJob(fakeId('d', 5)));
    QVERIFY(!model.hasJob(QString()));
    model.beginRun();
    model.addAttempt(result(5, Outcome::Triggered), u"KB"_s, u"S"_s);
    model.applyJobState(fakeId('d', 5), u"failed"_s, u"quota"_s, QDateTime());
    QCOMPARE(model.rowAt(0).jobStatus, u"failed"_s);
}

void TestResultModel::summary_countsEachSourceOnceForTheRunAsked()
{
    ResultModel model;
    model.beginRun();
    TriggerResult first = result(1, Outcome::RateLimited);
    model.addAttempt(first, u"KB"_s, u"S1"_s);
    TriggerResult second = result(1, Outcome::Triggered);
    second.attempts = 2;
    model.addAttempt(second, u"KB"_s, u"S1"_s);
    TriggerResult unsent = result(2, Outcome::Cancelled);
    unsent.attempts = 0;
    model.addAttempt(unsent, u"KB"_s, u"S2"_s);
    model.beginRun();
    model.addAttempt(result(3, Outcome::Triggered), u"KB"_s, u"S3"_s);

    const RunSummary one = model.summary(1);
    QCOMPARE(one.sources, 2);
    QCOMPARE(one.attempts, 2);
    QCOMPARE(one.outcomes[std::size_t(Outcome::Triggered)], 1);
    QCOMPARE(one.outcomes[std::size_t(Outcome::Cancelled)], 1);
    QCOMPARE(one.outcomes[std::size_t(Outcome::RateLimited)], 0);
    QCOMPARE(model.summary(2).sources, 1);
    QCOMPARE(model.rowsOfRun(1).size(), 3);
    QCOMPARE(model.index(0, ResultModel::RunColumn).data().toInt(), 2);
}

void TestResultModel::failedJob_sameCauseAsBefore_isMarkedApartFromANewFailure()
{
    ResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.beginRun();
    // S1 failed with an expired token before and fails with it again; S2 failed with a 502
    // before and now fails with a revoked permission; S3 had no error and fails; S4 completes.
    model.addAttempt(result(1, Outcome::Triggered), u"KB"_s, u"S1"_s, u"notion"_s,
                     u"Notion API returned 401 Unauthorized"_s);
    model.addAttempt(result(2, Outcome::Triggered), u"KB"_s, u"S2"_s, u"notion"_s,
                     u"Notion API returned 502 Bad Gateway"_s);
    model.addAttempt(result(3, Outcome::Triggered), u"KB"_s, u"S3"_s, u"s3"_s, QString());
    model.addAttempt(result(4, Outcome::Triggered), u"KB"_s, u"S4"_s, u"s3"_s,
                     u"AccessDenied: s3:ListBucket"_s);
    const auto rowOf = [&](int n) {
        for (int r = 0; r < model.rowCount(); ++r) {
            if (model.rowAt(r).result.jobId == fakeId('d', n))
                return r;
        }
        return -1;
    };
    const auto failure = [&](int n) {
        return model.index(rowOf(n), ResultModel::FailureColumn).data().toString();
    };
    // Nothing has ended: no mark anywhere.
    for (int n = 1; n <= 4; ++n)
        QVERIFY(failure(n).isEmpty());

    const QDateTime ended(QDate(2026, 3, 2), QTime(12, 5, 7), Qt::UTC);
    model.applyJobState(fakeId('d', 1), u"failed"_s, u"Notion API returned 401 Unauthorized"_s,
                        ended);
    model.applyJobState(fakeId('d', 2), u"failed"_s,
                        u"Notion API returned 403 Forbidden: insufficient permissions"_s, ended);
    model.applyJobState(fakeId('d', 3), u"partial_failure"_s, u"SlowDown: reduce your rate"_s,
                        ended);
    model.applyJobState(fakeId('d', 4), u"completed"_s, QString(), ended);

    QCOMPARE(failure(1), u"Same cause again"_s);
    QCOMPARE(failure(2), u"New failure"_s);
    QCOMPARE(failure(3), u"New failure"_s);
    QVERIFY(failure(4).isEmpty());
    QCOMPARE(model.index(rowOf(1), 0).data(ResultModel::FailureKindRole).toInt(),
             int(FailureKind::SameCause));
    QVERIFY2(model.index(rowOf(1), ResultModel::OutcomeColumn)
                 .data()
                 .toString()
                 .contains(u"same cause again"_s),
             qPrintable(model.index(rowOf(1), ResultModel::OutcomeColumn).data().toString()));
    QVERIFY(!model.index(rowOf(2), ResultModel::OutcomeColumn)
                 .data()
                 .toString()
                 .contains(u"same cause"_s));
    QVERIFY(model.index(rowOf(1), ResultModel::FailureColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"401 Unauthorized"_s));
    // Sorting puts the marks together; the export has a machine-readable value.
    QVERIFY(model.index(rowOf(1), ResultModel::FailureColumn).data(ResultModel::RawValueRole)
            != model.index(rowOf(2), ResultModel::FailureColumn).data(ResultModel::RawValueRole));
    const RunSummary s = model.summary(1);
    QCOMPARE(s.jobsFailed, 3);
    QCOMPARE(s.jobsFailedSameCause, 1);
    QCOMPARE(s.jobsCompleted, 1);
}
