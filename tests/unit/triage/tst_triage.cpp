#include "direct/directstore.h"
#include "triage/triage.h"

#include <QTemporaryDir>
#include <QTest>

using namespace feather;
using namespace Qt::StringLiterals;

namespace {

const QString kKbA = u"0a000000-0000-4000-8000-00000000000a"_s;
const QString kKbB = u"0b000000-0000-4000-8000-00000000000b"_s;
const QString kKbC = u"0c000000-0000-4000-8000-00000000000c"_s;

ErroredSource source(const QString &kb, int n, const QString &provider, const QString &message,
                     const QDateTime &failedAt = {})
{
    const QHash<QString, QString> names{
        {kKbA, u"Support Handbook"_s}, {kKbB, u"Engineering Wiki"_s}, {kKbC, u"Sales Playbook"_s}};
    return {kb,
            names.value(kb),
            u"5%1"_s.arg(n, 7, 10, QChar(u'0')),
            provider,
            u"source %1"_s.arg(n),
            message,
            std::nullopt,
            failedAt};
}

QStringList ids(const QList<ErroredSource> &sources)
{
    QStringList out;
    for (const ErroredSource &s : sources)
        out << s.sourceId;
    return out;
}

// Twelve errored sources over three KBs: 5 token, 3 not shared (2 signatures), 2 rate limited,
// 1 server error, 1 unknown.
QList<ErroredSource> fixture()
{
    const QDateTime t0(QDate(2024, 5, 14), QTime(8, 0), Qt::UTC);
    return {
        source(kKbA, 1, u"notion"_s, u"Notion API returned 401 Unauthorized"_s, t0),
        source(kKbA, 2, u"notion"_s, u"Page 'Q3 plan' is no longer shared"_s, t0),
        source(kKbB, 3, u"notion"_s, u"Page 'Roadmap' is no longer shared"_s, t0.addSecs(60)),
        source(kKbA, 4, u"google_drive"_s, u"invalid_grant: Token has been expired or revoked."_s),
        source(kKbB, 5, u"google_drive"_s, u"invalid_grant: Token has been expired or revoked."_s),
        source(kKbC, 6, u"notion"_s, u"Notion API returned 401 Unauthorized"_s, t0),
        source(kKbA, 7, u"s3"_s, u"S3 SlowDown: please reduce your request rate (503)"_s),
        source(kKbB, 8, u"notion"_s, u"Notion API rate limit exceeded (429) after 5 retries"_s),
        source(kKbB, 9, u"url"_s, u"GET https://docs.acme.com/ returned 503 Service Unavailable"_s),
        source(kKbA, 10, u"notion"_s, u"Database \"CRM\" is not shared with the integration"_s),
        source(kKbA, 11, u"url"_s, u"Unexpected content type application/x-msdownload"_s),
        source(kKbC, 12, u"google_drive"_s, u"OAuth refresh token expired or revoked"_s),
    };
}

} // namespace

class TestTriage final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void triage_groupsByCauseThenSignature()
    {
        const TriageReport report = triage(fixture());
        QCOMPARE(report.total, 12);
        QCOMPARE(report.fixableCount, 3); // 2 rate limited + 1 server error

        QStringList order;
        for (const CauseGroup &g : report.causes)
            order << u"%1=%2"_s.arg(g.cause.id).arg(g.count);
        // Most sources first; ties in action order (rate_limited before provider_error).
        QCOMPARE(order, QStringList({u"token_revoked=5"_s, u"not_shared=3"_s, u"rate_limited=2"_s,
                                     u"provider_error=1"_s, u"unknown=1"_s}));

        const CauseGroup *token = report.cause(u"token_revoked"_s);
        QVERIFY(token);
        QVERIFY(token->cause.action == TriageAction::Reauthorise);
        QCOMPARE(token->providers, QStringList({u"google_drive"_s, u"notion"_s}));
        QCOMPARE(token->signatures.size(), 3);
        QCOMPARE(token->signatures[0].signature, u"Notion API returned 401 Unauthorized"_s);
        QCOMPARE(token->signatures[0].count(), 2);
        QCOMPARE(token->signatures[1].signature,
                 u"invalid_grant: Token has been expired or revoked."_s);
        QCOMPARE(token->signatures[1].count(), 2);
        QCOMPARE(token->signatures[1].providers, QStringList({u"google_drive"_s}));
        QCOMPARE(token->signatures[2].count(), 1);
        QCOMPARE(ids(token->sources()), QStringList({u"50000001"_s, u"50000006"_s, u"50000004"_s,
                                                     u"50000005"_s, u"50000012"_s}));

        // Per KB: most first, ties by name.
        QCOMPARE(token->perKb.size(), 3);
        QCOMPARE(token->perKb[0].kbName, u"Sales Playbook"_s);
        QCOMPARE(token->perKb[0].count, 2);
        QCOMPARE(token->perKb[1].kbName, u"Support Handbook"_s);
        QCOMPARE(token->perKb[1].count, 2);
        QCOMPARE(token->perKb[2].kbId, kKbB);
        QCOMPARE(token->perKb[2].count, 1);

        const CauseGroup *shared = report.cause(u"not_shared"_s);
        QVERIFY(shared);
        QCOMPARE(shared->signatures.size(), 2);
        QCOMPARE(shared->signatures[0].signature, u"Page <name> is no longer shared"_s);
        QCOMPARE(shared->signatures[0].count(), 2);
        // The example is the most recent failure.
        QCOMPARE(shared->signatures[0].exampleMessage, u"Page 'Roadmap' is no longer shared"_s);
        QCOMPARE(shared->signatures[1].exampleMessage,
                 u"Database \"CRM\" is not shared with the integration"_s);

        const CauseGroup *unknown = report.cause(u"unknown"_s);
        QVERIFY(unknown);
        QCOMPARE(unknown->signatures[0].exampleMessage,
                 u"Unexpected content type application/x-msdownload"_s);
        QVERIFY(!report.cause(u"certificate_invalid"_s));

        QCOMPARE(report.perKb.size(), 3);
        QCOMPARE(report.perKb[0].kbId, kKbA);
        QCOMPARE(report.perKb[0].count, 6);
        QCOMPARE(report.perKb[1].count, 4);
        QCOMPARE(report.perKb[2].count, 2);
        int sum = 0;
        for (const CauseGroup &g : report.causes) {
            int kbSum = 0;
            for (const KbCount &k : g.perKb)
                kbSum += k.count;
            QCOMPARE(kbSum, g.count);
            QCOMPARE(int(g.sources().size()), g.count);
            sum += g.count;
        }
        QCOMPARE(sum, report.total);
    }

    void triage_ofNothing_isEmpty()
    {
        const TriageReport report = triage({});
        QCOMPARE(report.total, 0);
        QVERIFY(report.causes.isEmpty());
        QVERIFY(report.perKb.isEmpty());
    }

    void triage_usesTheGivenStatus()
    {
        ErroredSource s = source(kKbA, 1, u"notion"_s, u"request failed"_s);
        QCOMPARE(triage({s}).causes.first().cause.id, u"unknown"_s);
        s.httpStatus = 503;
        QCOMPARE(triage({s}).causes.first().cause.id, u"provider_error"_s);
        QCOMPARE(triage({s}).fixableCount, 1);
    }

    void fixableSources_keepsResyncAndWaitClassesInOrder()
    {
        QCOMPARE(ids(fixableSources(fixture())),
                 QStringList({u"50000007"_s, u"50000008"_s, u"50000009"_s}));
    }

    void failedAgainSameCause_tellsARepeatFromANewFailure()
    {
        QVERIFY(failedAgainSameCause(u"notion"_s, u"Notion API returned 401 Unauthorized"_s,
                                     u"API token is invalid."_s));
        QVERIFY(failedAgainSameCause(u"notion"_s, u"Page 'A' is no longer shared"_s,
                                     u"Page 'B' is no longer shared"_s));
        QVERIFY(!failedAgainSameCause(u"notion"_s, u"Notion API returned 502 Bad Gateway"_s,
                                      u"Notion API returned 401 Unauthorized"_s));
        QVERIFY(!failedAgainSameCause(u"url"_s, u"odd failure A"_s, u"odd failure B"_s));
        QVERIFY(failedAgainSameCause(u"url"_s, u"odd failure 1"_s, u"odd failure 2"_s));
        QVERIFY(!failedAgainSameCause(u"url"_s, QString(), u"odd failure"_s));
    }

    void erroredSources_takesErrorStatusOnly()
    {
        Source a;
        a.id = u"a"_s;
        a.knowledgeBaseId = kKbA;
        a.status = u"error"_s;
        a.provider = u"s3"_s;
        a.connectionNickname = u"Bucket"_s;
        a.lastErrorMessage = u"S3 AccessDenied"_s;
        a.lastSyncCompletedAt = QDateTime(QDate(2024, 5, 14), QTime(8, 0), Qt::UTC);
        Source b = a;
        b.id = u"b"_s;
        b.status = u"ERROR"_s;
        b.knowledgeBaseId = kKbB;
        Source c = a;
        c.id = u"c"_s;
        c.status = u"active"_s;
        Source d = a;
        d.id = u"d"_s;
        d.status = u"syncing"_s;
        const QList<ErroredSource> out = erroredSources({a, b, c, d}, {{kKbA, u"KB A"_s}});
        QCOMPARE(ids(out), QStringList({u"a"_s, u"b"_s}));
        QCOMPARE(out[0].kbName, u"KB A"_s);
        QCOMPARE(out[1].kbName, QString());
        QCOMPARE(out[0].nickname, u"Bucket"_s);
        QCOMPARE(out[0].provider, u"s3"_s);
        QCOMPARE(out[0].message, u"S3 AccessDenied"_s);
        QCOMPARE(out[0].failedAt, a.lastSyncCompletedAt);
        QVERIFY(!out[0].httpStatus);
    }

    // The demo workspace (scripts/run-demo, feather-devserver --seed-demo) shows every action
    // class on a few sources, so the triage view and its tests have something to group.
    void demoData_carriesEveryActionClass_data()
    {
        QTest::addColumn<int>("sources");
        QTest::newRow("run-demo size") << 240;
        QTest::newRow("400") << 400;
        QTest::newRow("1000") << 1000;
    }
    void demoData_carriesEveryActionClass()
    {
        QFETCH(int, sources);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        DbConfig config;
        config.path = dir.filePath(u"demo.db"_s);
        QList<ErroredSource> errored;
        {
            DirectStore store(config, u"triage-demo"_s);
            QVERIFY(store.migrate().ok());
            QVERIFY(store.seedDemo(sources).ok());
            const SourcePage page = store.listSources({});
            QVERIFY(page.ok());
            errored = erroredSources(page.value);
        }
        const TriageReport report = triage(errored);
        QCOMPARE(report.total, qRound(sources * 0.08));
        QList<int> perAction(TriageActionCount, 0);
        for (const CauseGroup &g : report.causes)
            perAction[int(g.cause.action)] += g.count;
        for (int a = 0; a < TriageActionCount; ++a) {
            QVERIFY2(
                perAction[a] >= 2,
                qPrintable(u"%1: %2 sources"_s.arg(toString(TriageAction(a))).arg(perAction[a])));
        }
        for (const ErroredSource &s : errored)
            QVERIFY2(!s.message.isEmpty(), qPrintable(s.sourceId));
    }
};

QTEST_GUILESS_MAIN(TestTriage)
#include "tst_triage.moc"
