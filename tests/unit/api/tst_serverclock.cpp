// The server clock offset from Date headers, and the verdict on a source's last job.
#include "api/serverclock.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather::api;

namespace {

QDateTime at(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODateWithMs).toUTC();
}

} // namespace

class TestServerClock final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void noDateHeader_knowsNothing()
    {
        ServerClock clock;
        clock.observe({}, at(u"2026-12-07T12:00:00.000Z"_s), at(u"2026-12-07T12:00:00.100Z"_s));
        clock.observe("not a date", at(u"2026-12-07T12:00:00.000Z"_s),
                      at(u"2026-12-07T12:00:00.100Z"_s));
        QVERIFY(!clock.known());
        QVERIFY(!clock.serverTimeNoEarlierThan(at(u"2026-12-07T12:00:00.000Z"_s)));
    }

    void oneAnswer_boundsTheOffsetByItsSecondAndItsRoundTrip()
    {
        ServerClock clock; // server three minutes behind us
        clock.observe("Mon, 07 Dec 2026 11:57:00 GMT", at(u"2026-12-07T12:00:00.200Z"_s),
                      at(u"2026-12-07T12:00:00.300Z"_s));
        QCOMPARE(*clock.lowMs(), -180300);
        QCOMPARE(*clock.highMs(), -180000 + 1000 - 200);
    }

    void severalAnswers_narrowTheInterval_aSteppedClockStartsAgain()
    {
        ServerClock clock;
        clock.observe("Mon, 07 Dec 2026 12:00:00 GMT", at(u"2026-12-07T12:00:00.000Z"_s),
                      at(u"2026-12-07T12:00:00.900Z"_s));
        clock.observe("Mon, 07 Dec 2026 12:00:01 GMT", at(u"2026-12-07T12:00:00.700Z"_s),
                      at(u"2026-12-07T12:00:00.800Z"_s));
        QCOMPARE(*clock.lowMs(), 200);   // 12:00:01 − 12:00:00.800
        QCOMPARE(*clock.highMs(), 1000); // 12:00:00 + 1 s − 12:00:00.000
        clock.observe("Mon, 07 Dec 2026 13:00:00 GMT", at(u"2026-12-07T12:00:02.000Z"_s),
                      at(u"2026-12-07T12:00:02.100Z"_s)); // the server's clock jumped an hour
        QCOMPARE(*clock.lowMs(), 3600000 - 2100);
    }

    void jobInTheSecondOfOurSendOrLater_isOurs_earlier_isOlder_data()
    {
        QTest::addColumn<QString>("created");
        QTest::addColumn<int>("expected");
        // Server 3 min behind; we sent at 12:00:10.500 ours = ≥ 11:57:10.2 server time.
        QTest::newRow("same second") << u"2026-12-07T11:57:10Z"_s << int(JobOwnership::Ours);
        QTest::newRow("next second") << u"2026-12-07T11:57:11Z"_s << int(JobOwnership::Ours);
        QTest::newRow("second before") << u"2026-12-07T11:57:09Z"_s << int(JobOwnership::Older);
        // Judged by our clock it would look ten minutes old.
        QTest::newRow("minutes later") << u"2026-12-07T12:00:00Z"_s << int(JobOwnership::Ours);
        QTest::newRow("an hour before") << u"2026-12-07T10:57:10Z"_s << int(JobOwnership::Older);
    }
    void jobInTheSecondOfOurSendOrLater_isOurs_earlier_isOlder()
    {
        QFETCH(QString, created);
        QFETCH(int, expected);
        ServerClock clock;
        clock.observe("Mon, 07 Dec 2026 11:57:00 GMT", at(u"2026-12-07T12:00:00.200Z"_s),
                      at(u"2026-12-07T12:00:00.300Z"_s));
        const OwnershipVerdict v =
            judgeLastJob(at(created), at(u"2026-12-07T12:00:10.500Z"_s), clock);
        QCOMPARE(int(v.ownership), expected);
        QVERIFY2(v.reason.contains(u"2026-12-07T11:57:10"_s), qPrintable(v.reason));
    }

    void nothingToCompare_cannotTell()
    {
        ServerClock clock;
        const QDateTime sent = at(u"2026-12-07T12:00:00.000Z"_s);
        QCOMPARE(int(judgeLastJob(sent, sent, clock).ownership), int(JobOwnership::CannotTell));
        clock.observe("Mon, 07 Dec 2026 12:00:00 GMT", sent, sent.addMSecs(5));
        QCOMPARE(int(judgeLastJob({}, sent, clock).ownership), int(JobOwnership::CannotTell));
        QCOMPARE(int(judgeLastJob(sent, {}, clock).ownership), int(JobOwnership::CannotTell));
        QCOMPARE(int(judgeLastJob(sent, sent, clock).ownership), int(JobOwnership::Ours));
    }
};

QTEST_GUILESS_MAIN(TestServerClock)
#include "tst_serverclock.moc"
