// Every request path comes from api::Routes, which checks each id (ours or a server's) as a
// UUID; the API objects the client reads have their ids checked before anything can use them.
#include "api/apiparse.h"
#include "api/routes.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::api;

namespace {
const QString Kb = u"11111111-1111-4111-8111-111111111111"_s;
const QString Src = u"22222222-2222-4222-8222-222222222222"_s;
const QString Job = u"33333333-3333-4333-8333-333333333333"_s;
const QString Base = u"/v1/knowledge-base/knowledge-bases"_s;

QJsonObject object(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}
} // namespace

class TestApiRoutes final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void routes_buildEveryDocumentedPath();
    void routes_normaliseCaseOfIds();
    void routes_refuseAnyIdThatIsNotAUuid_data();
    void routes_refuseAnyIdThatIsNotAUuid();

    void parseSource_idThatIsNotAUuid_isMalformed_data();
    void parseSource_idThatIsNotAUuid_isMalformed();
    void parseKnowledgeBase_pathInId_isMalformed();
    void parseSyncStatus_andJob_checkEveryIdTheyCarry();
};

void TestApiRoutes::routes_buildEveryDocumentedPath()
{
    QCOMPARE(Routes::knowledgeBases().path, Base);
    QCOMPARE(Routes::sources(Kb).path, Base + u'/' + Kb + u"/sources"_s);
    const QString source = Base + u'/' + Kb + u"/sources/"_s + Src;
    QCOMPARE(Routes::sync(Kb, Src).path, source + u"/sync"_s);
    QCOMPARE(Routes::syncStatus(Kb, Src).path, source + u"/sync/status"_s);
    QCOMPARE(Routes::schedule(Kb, Src).path, source + u"/schedule"_s);
    QCOMPARE(Routes::job(Job).path, u"/v1/knowledge-base/ingestion-jobs/"_s + Job);
    QVERIFY(Routes::sync(Kb, Src).ok());
}

void TestApiRoutes::routes_normaliseCaseOfIds()
{
    const Route r = Routes::syncStatus(Kb.toUpper(), Src.toUpper());
    QVERIFY(r.ok());
    QVERIFY(r.path.contains(Kb));
    QVERIFY(r.path.contains(Src));
}

void TestApiRoutes::routes_refuseAnyIdThatIsNotAUuid_data()
{
    QTest::addColumn<QString>("kb");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("reason");
    QTest::newRow("path traversal in kb")
        << u"../../../etc?x=1#"_s << Src << u"kb_id is not a UUID: \"../../../etc?x=1#\""_s;
    QTest::newRow("query in source") << Kb << Src + u"?a=b"_s << u"source_id is not a UUID"_s;
    QTest::newRow("encoded slash") << Kb << u"%2F"_s << u"source_id is not a UUID"_s;
    QTest::newRow("empty kb") << QString() << Src << u"kb_id is not a UUID"_s;
    QTest::newRow("braces") << u'{' + Kb + u'}' << Src << u"kb_id is not a UUID"_s;
    QTest::newRow("newline") << Kb << u"2222\n2222"_s << u"source_id is not a UUID"_s;
}

void TestApiRoutes::routes_refuseAnyIdThatIsNotAUuid()
{
    QFETCH(QString, kb);
    QFETCH(QString, source);
    QFETCH(QString, reason);
    for (const Route &r :
         {Routes::sync(kb, source), Routes::syncStatus(kb, source), Routes::schedule(kb, source)}) {
        QVERIFY(!r.ok());
        QVERIFY(r.path.isEmpty());
        QVERIFY2(r.error.startsWith(reason), qPrintable(r.error));
        QVERIFY(!r.error.contains(u'\n'));
    }
    if (kb != Kb) {
        QVERIFY(!Routes::sources(kb).ok());
        QVERIFY(Routes::sources(kb).path.isEmpty());
    }
    QVERIFY(!Routes::job(u"job_"_s + kb + source).ok());
}

void TestApiRoutes::parseSource_idThatIsNotAUuid_isMalformed_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::newRow("id") << u"id"_s << u"src_01hx"_s;
    QTest::newRow("knowledge_base_id") << u"knowledge_base_id"_s << u"../../admin"_s;
    QTest::newRow("last_sync_job_id") << u"last_sync_job_id"_s << u"job_01hx8sync"_s;
}

void TestApiRoutes::parseSource_idThatIsNotAUuid_isMalformed()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QJsonObject o{{u"id"_s, Src},
                  {u"knowledge_base_id"_s, Kb},
                  {u"status"_s, u"active"_s},
                  {u"last_sync_job_id"_s, Job},
                  {u"created_at"_s, u"2026-11-01T10:00:00Z"_s},
                  {u"updated_at"_s, u"2026-11-01T10:00:00Z"_s}};
    QString why;
    const std::optional<Source> good = parseSource(o, &why);
    QVERIFY2(good, qPrintable(why));
    QCOMPARE(good->lastSyncJobId, Job);
    o.insert(field, value);
    QVERIFY(!parseSource(o, &why));
    QCOMPARE(why, u"%1 is not a UUID: \"%2\""_s.arg(field, value));
    o.insert(u"last_sync_job_id"_s, QJsonValue::Null); // nullable stays accepted
    if (field == u"last_sync_job_id"_s)
        QVERIFY(parseSource(o, &why));
}

void TestApiRoutes::parseKnowledgeBase_pathInId_isMalformed()
{
    QString why;
    const QByteArray kb =
        R"({"id":"../../../etc?x=1#","organization_id":"x","name":"n","description":null,"is_active":true,"document_count":1,"created_at":"2026-11-01T10:00:00Z","updated_at":"2026-11-01T10:00:00Z"})";
    QVERIFY(!parseKnowledgeBase(object(kb), &why));
    QCOMPARE(why, u"id is not a UUID: \"../../../etc?x=1#\""_s);
    QByteArray upper = kb;
    upper.replace("../../../etc?x=1#", Kb.toUpper().toLatin1());
    const std::optional<KnowledgeBase> ok = parseKnowledgeBase(object(upper), &why);
    QVERIFY2(ok, qPrintable(why));
    QCOMPARE(ok->id, Kb); // lower-cased
}

void TestApiRoutes::parseSyncStatus_andJob_checkEveryIdTheyCarry()
{
    QString why;
    QVERIFY(parseSyncStatus(object(R"({"source_id":")" + Src.toLatin1()
                                   + R"(","source_status":"syncing","last_sync_job_id":null})"),
                            &why));
    QVERIFY(!parseSyncStatus(object(R"({"source_id":")" + Src.toLatin1()
                                    + R"(","source_status":"syncing","last_sync_job_id":"../x"})"),
                             &why));
    QCOMPARE(why, u"last_sync_job_id is not a UUID: \"../x\""_s);
    QVERIFY(
        !parseJob(object(R"({"id":"job_1","status":"queued","job_type":"connector_sync"})"), &why));
    QCOMPARE(why, u"id is not a UUID: \"job_1\""_s);
    QVERIFY(!parseJob(object(R"({"id":")" + Job.toLatin1()
                             + R"(","status":"queued","knowledge_base_source_id":"a/b"})"),
                      &why));
    QCOMPARE(why, u"knowledge_base_source_id is not a UUID: \"a/b\""_s);
}

QTEST_GUILESS_MAIN(TestApiRoutes)
#include "tst_apiroutes.moc"
