// The 64-way trigger race against feather-devserver on the PostgreSQL test cluster (ctest
// fixture `postgres`): exactly one 200, 63 × 409, one job row.
#include "devserverharness.h"
#include "support/testsupport.h"

#include <QElapsedTimer>
#include <QTest>

using namespace feather::test;

class TestDevServerRacePg final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sixtyFourConcurrentTriggers_onPostgres_oneWins_sixtyThreeGet409_oneJobRow();
};

void TestDevServerRacePg::
    sixtyFourConcurrentTriggers_onPostgres_oneWins_sixtyThreeGet409_oneJobRow()
{
    QString why;
    const QString url = createPgDatabase(QStringLiteral("devserver_race"), &why);
    QVERIFY2(!url.isEmpty(), qPrintable(why));
    DevServerProcess server;
    QVERIFY2(server.start({QStringLiteral("--sync-seconds"), QStringLiteral("600")}, &why, 60, url),
             qPrintable(why));
    ApiClient client(server, 11);
    const auto target = findSource(client, QStringLiteral("active"));
    QVERIFY(target);

    for (int round = 0; round < 2; ++round) {
        // Round 2 races a source in error: the guard admits active and error alike.
        const auto source = round == 0 ? target : findSource(client, QStringLiteral("error"));
        QVERIFY(source);
        const int jobsBefore = jobRowCount(url, source->second, &why);
        QVERIFY2(jobsBefore >= 0, qPrintable(why));
        QElapsedTimer timer;
        timer.start();
        const QList<HttpReply> replies = raceTriggers(client, source->first, source->second, 64);
        qInfo("64 concurrent triggers (source %s) answered in %lld ms",
              round == 0 ? "active" : "error", timer.elapsed());
        QString jobId;
        const QString broken = checkOneWinner(replies, &jobId);
        QVERIFY2(broken.isEmpty(), qPrintable(broken));
        QCOMPARE(jobRowCount(url, source->second, &why), jobsBefore + 1);
    }
    QVERIFY2(!server.stderrLog().contains("deadlock"), server.stderrLog().constData());
}

QTEST_GUILESS_MAIN(TestDevServerRacePg)
#include "tst_devserver_race_pg.moc"
