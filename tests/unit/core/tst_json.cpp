#include "core/json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>
#include <ctime>

using namespace feather;

class TestJson final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A local zone that is not UTC, so that a time read as local instead of UTC shows.
    void initTestCase()
    {
        qputenv("TZ", "Asia/Kathmandu");
        tzset();
    }
    void source_roundTripsThroughApiShape()
    {
        Source s;
        s.id = QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e");
        s.knowledgeBaseId = QStringLiteral("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        s.provider = QStringLiteral("google_drive");
        s.connectionNickname = QStringLiteral("Shared Drive – Legal \"EU\"");
        s.status = QStringLiteral("weird_new_status");
        s.syncIntervalSeconds = 3600;
        s.updatedAt = QDateTime(QDate(2026, 11, 29), QTime(10, 42, 1, 250), Qt::UTC);
        const auto back = json::sourceFromJson(json::toJson(s));
        QVERIFY(back);
        QCOMPARE(back->id, s.id);
        QCOMPARE(back->connectionNickname, s.connectionNickname);
        QCOMPARE(back->status, s.status);
        QCOMPARE(back->syncIntervalSeconds, s.syncIntervalSeconds);
        QCOMPARE(back->updatedAt, s.updatedAt);
        QVERIFY(!back->nextSyncAt.isValid());
    }
    void source_missingRequiredField_saysWhich()
    {
        QString why;
        const auto parsed =
            json::sourceFromJson(QJsonObject{{QStringLiteral("id"), QStringLiteral("x")}}, &why);
        QVERIFY(!parsed);
        QVERIFY2(why.contains(QStringLiteral("knowledge_base_id")), qPrintable(why));
    }
    void source_ignoresUnknownFieldsAndNulls()
    {
        const QByteArray body =
            R"({"id":"a","knowledge_base_id":"b","status":"active","provider":null,
            "connection_metadata":{"x":1},"next_sync_at":null,"sync_interval_seconds":null,"new_field":[1,2]})";
        const auto parsed = json::sourceFromJson(QJsonDocument::fromJson(body).object());
        QVERIFY(parsed);
        QVERIFY(!parsed->syncIntervalSeconds);
        QCOMPARE(parsed->status, QStringLiteral("active"));
    }
    void time_parsesIsoWithAndWithoutMilliseconds_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("Z") << QStringLiteral("2023-11-07T05:31:56Z") << true;
        QTest::newRow("ms") << QStringLiteral("2023-11-07T05:31:56.123Z") << true;
        QTest::newRow("offset") << QStringLiteral("2023-11-07T06:31:56+01:00") << true;
        QTest::newRow("microseconds") << QStringLiteral("2023-11-07T05:31:56.123456Z") << true;
        QTest::newRow("no offset is utc") << QStringLiteral("2023-11-07T05:31:56") << true;
        QTest::newRow("negative offset") << QStringLiteral("2023-11-07T04:01:56.5-01:30") << true;
        QTest::newRow("garbage") << QStringLiteral("yesterday") << false;
        QTest::newRow("month 13") << QStringLiteral("2023-13-07T05:31:56Z") << false;
        QTest::newRow("trailing text") << QStringLiteral("2023-11-07T05:31:56Zq") << false;
    }
    void time_parsesIsoWithAndWithoutMilliseconds()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        const QDateTime t = json::parseTime(QJsonValue(text));
        QCOMPARE(t.isValid(), valid);
        if (valid) {
            QCOMPARE(t.timeSpec(), Qt::UTC);
            QCOMPARE(t.date(), QDate(2023, 11, 7));
            QCOMPARE(t.time().hour(), 5);
            QCOMPARE(t.time().minute(), 31);
        }
    }
    // Forms outside RFC 3339 that QDateTime's ISO reader still takes (the slow path).
    void time_readsOtherIsoFormsThroughQt()
    {
        const QDateTime t = json::parseTime(QJsonValue(QStringLiteral("2023-11-07T05:31Z")));
        QVERIFY(t.isValid());
        QCOMPARE(t, QDateTime(QDate(2023, 11, 7), QTime(5, 31), Qt::UTC));
    }
    void time_keepsMillisecondsAndCutsFinerFractions()
    {
        QCOMPARE(json::parseTime(QJsonValue(QStringLiteral("2023-11-07T05:31:56.987654Z")))
                     .time()
                     .msec(),
                 987);
    }
    void triggerRow_hasTheFeatherctlContractKeys()
    {
        TriggerResult r;
        r.target = {QStringLiteral("k"), QStringLiteral("s"), QStringLiteral("t")};
        r.outcome = Outcome::AlreadySyncing;
        r.jobId = QStringLiteral("j");
        r.httpStatus = 409;
        r.attempts = 2;
        r.elapsedMs = 17;
        const QJsonObject o = json::toJson(r);
        const QStringList keys{QStringLiteral("kb_id"),       QStringLiteral("source_id"),
                               QStringLiteral("outcome"),     QStringLiteral("job_id"),
                               QStringLiteral("status"),      QStringLiteral("message"),
                               QStringLiteral("http_status"), QStringLiteral("attempts"),
                               QStringLiteral("elapsed_ms")};
        for (const QString &k : keys)
            QVERIFY2(o.contains(k), qPrintable(k));
        QCOMPARE(o.value(QStringLiteral("outcome")).toString(), QStringLiteral("already_syncing"));
        const auto back = json::triggerRowFromJson(o);
        QVERIFY(back);
        QCOMPARE(int(back->outcome), int(Outcome::AlreadySyncing));
        QCOMPARE(back->httpStatus, 409);
        QCOMPARE(back->attempts, 2);
    }

    // Found by fuzz_apijson (UBSan: 1e+300 is outside the range of 'long long').
    void triggerRow_outOfRangeElapsed_readsAsZero_data()
    {
        QTest::addColumn<QByteArray>("elapsed");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("huge") << QByteArray("1e300") << qint64(0);
        QTest::newRow("negative huge") << QByteArray("-1e300") << qint64(0);
        QTest::newRow("negative") << QByteArray("-5") << qint64(0);
        QTest::newRow("normal") << QByteArray("1234.9") << qint64(1234);
    }
    void triggerRow_outOfRangeElapsed_readsAsZero()
    {
        QFETCH(QByteArray, elapsed);
        QFETCH(qint64, expected);
        const QJsonObject o =
            QJsonDocument::fromJson(R"({"kb_id":"k","source_id":"s","outcome":"triggered",)"
                                    R"("elapsed_ms":)"
                                    + elapsed + "}")
                .object();
        const auto row = json::triggerRowFromJson(o);
        QVERIFY(row);
        QCOMPARE(row->elapsedMs, expected);
    }
};

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
