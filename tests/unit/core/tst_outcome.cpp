#include "core/outcome.h"

#include <QTest>

using namespace feather;

class TestOutcome final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wireNames_roundTripForEveryOutcome()
    {
        QSet<QString> seen;
        for (int i = 0; i < OutcomeCount; ++i) {
            const auto o = Outcome(i);
            const QString name = toString(o);
            QVERIFY(!name.isEmpty());
            QVERIFY2(!seen.contains(name), qPrintable(name));
            seen.insert(name);
            QCOMPARE(outcomeFromString(name), std::optional<Outcome>(o));
        }
        QCOMPARE(toString(Outcome::AlreadySyncing), QStringLiteral("already_syncing"));
        QCOMPARE(toString(Outcome::UnknownOutcome), QStringLiteral("unknown_outcome"));
        QVERIFY(!outcomeFromString(QStringLiteral("bogus")));
    }
    void retryPolicy_followsTheOutcomeTable_data()
    {
        QTest::addColumn<int>("outcome");
        QTest::addColumn<bool>("retryable");
        QTest::addColumn<bool>("candidate");
        QTest::newRow("triggered") << int(Outcome::Triggered) << false << false;
        QTest::newRow("already_syncing") << int(Outcome::AlreadySyncing) << false << false;
        QTest::newRow("not_found") << int(Outcome::NotFound) << false << false;
        QTest::newRow("unauthorized") << int(Outcome::Unauthorized) << false << false;
        QTest::newRow("forbidden") << int(Outcome::Forbidden) << false << false;
        QTest::newRow("invalid") << int(Outcome::Invalid) << false << false;
        QTest::newRow("rate_limited") << int(Outcome::RateLimited) << true << true;
        // A 5xx comes after the request was sent: looked up first (RetryClass::Reconcile).
        QTest::newRow("server_error") << int(Outcome::ServerError) << false << true;
        QTest::newRow("network_error") << int(Outcome::NetworkError) << true << true;
        QTest::newRow("unknown_outcome") << int(Outcome::UnknownOutcome) << false << true;
        QTest::newRow("cancelled") << int(Outcome::Cancelled) << false << false;
    }
    void retryPolicy_followsTheOutcomeTable()
    {
        QFETCH(int, outcome);
        QFETCH(bool, retryable);
        QFETCH(bool, candidate);
        QCOMPARE(isRetryable(Outcome(outcome)), retryable);
        QCOMPARE(isRetryCandidate(Outcome(outcome)), candidate);
    }
};

QTEST_GUILESS_MAIN(TestOutcome)
#include "tst_outcome.moc"
