// 64 concurrent trigger requests for one source against a real feather-devserver on SQLite:
// the guarded trigger lets exactly one through, in the database, not in the HTTP layer.
#include "devserverharness.h"

#include <QElapsedTimer>
#include <QTest>
#include <QUuid>

using namespace feather::test;

class TestDevServerRace final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sixtyFourConcurrentTriggers_oneWins_sixtyThreeGet409_oneJobRow();
    void sixtyFourConcurrentTriggersWithOneIdempotencyKey_allGetTheSameJob_oneJobRow();

private:
    DevServerProcess m_server;
    std::unique_ptr<ApiClient> m_client;
};

void TestDevServerRace::initTestCase()
{
    QString why;
    QVERIFY2(m_server.start({QStringLiteral("--sync-seconds"), QStringLiteral("600")}, &why, 60),
             qPrintable(why));
    m_client = std::make_unique<ApiClient>(m_server, 11); // 11 × 6 connections ≥ 64 in flight
}

void TestDevServerRace::sixtyFourConcurrentTriggers_oneWins_sixtyThreeGet409_oneJobRow()
{
    const auto target = findSource(*m_client, QStringLiteral("active"));
    QVERIFY(target);
    QString why;
    const int jobsBefore = jobRowCount(m_server.dbUrl(), target->second, &why);
    QVERIFY2(jobsBefore >= 0, qPrintable(why));
    QElapsedTimer timer;
    timer.start();
    const QList<HttpReply> replies = raceTriggers(*m_client, target->first, target->second, 64);
    qInfo("64 concurrent triggers answered in %lld ms", timer.elapsed());
    QCOMPARE(replies.size(), 64);
    QString jobId;
    const QString broken = checkOneWinner(replies, &jobId);
    QVERIFY2(broken.isEmpty(), qPrintable(broken));
    QCOMPARE(jobRowCount(m_server.dbUrl(), target->second, &why), jobsBefore + 1);
    const HttpReply status =
        m_client->get(sourcePath(target->first, target->second, QStringLiteral("/sync/status")));
    QCOMPARE(status.json.value(QLatin1String("last_sync_job_id")).toString(), jobId);
}

void TestDevServerRace::
    sixtyFourConcurrentTriggersWithOneIdempotencyKey_allGetTheSameJob_oneJobRow()
{
    // Idempotency-Key replay is a devserver extension (the documented API has none).
    DevServerProcess server;
    QString startWhy;
    QVERIFY2(server.start({QStringLiteral("--sync-seconds"), QStringLiteral("600"),
                           QStringLiteral("--extensions")},
                          &startWhy, 60),
             qPrintable(startWhy));
    ApiClient client(server, 11);

    const auto target = findSource(client, QStringLiteral("error"));
    QVERIFY(target);
    QString why;
    const int jobsBefore = jobRowCount(server.dbUrl(), target->second, &why);
    QVERIFY2(jobsBefore >= 0, qPrintable(why));
    const QByteArray key = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    const QList<HttpReply> replies = raceTriggers(client, target->first, target->second, 64, key);
    QSet<QString> jobs;
    for (const HttpReply &r : replies) {
        QVERIFY2(r.status == 200, r.body.constData());
        jobs.insert(r.json.value(QLatin1String("job_id")).toString());
    }
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(jobRowCount(server.dbUrl(), target->second, &why), jobsBefore + 1);
}

QTEST_GUILESS_MAIN(TestDevServerRace)
#include "tst_devserver_race.moc"
