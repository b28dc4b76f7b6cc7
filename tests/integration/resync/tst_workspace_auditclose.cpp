// The console's session object closed in the middle of a run against a real feather-devserver
// (with --extensions, so every job keeps our trigger id): its audit sink commits on its own
// writer thread and is gone before the loop turns again, yet nothing is lost. Every job the
// run created has its intent row, every attempt Results showed has its outcome row, and every
// target that was never sent has its "cancelled" row.
#include "config/auditlog.h"
#include "models/resultmodel.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "resync/auditworkersink.h"
#include "resyncintegration.h"
#include "support/testsupport.h"

#include <QSignalSpy>
#include <QtTest>

using namespace feather;
using namespace feather::test;
using namespace Qt::StringLiterals;

class TestWorkspaceAuditClose final : public QObject {
    Q_OBJECT

    DevServer m_server;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        // 150 ms a request, two at a time: a run of 60 takes seconds, time enough to close it.
        QVERIFY2(m_server.start(60,
                                {u"--sync-seconds"_s, u"600"_s, u"--latency-ms"_s, u"150"_s,
                                 u"--extensions"_s},
                                &why),
                 qPrintable(why));
    }

    void closedMidRun_everySentJobHasItsIntent_everyUnsentTargetItsCancelledRow()
    {
        const QString auditPath = m_dir.filePath(u"close-audit.sqlite"_s);
        QList<TriggerTarget> targets;
        for (const TriggerTarget &t : allSources(m_server.dbPath()))
            targets.append(t);
        QVERIFY(targets.size() >= 60);

        Profile p;
        p.name = u"dev"_s;
        p.mode = BackendMode::Api;
        p.baseUrl = m_server.baseUrl();
        p.concurrency = 2;
        QList<TriggerResult> shown;
        QStringList runIds;
        {
            Workspace ws;
            ws.setAuditLogPath(auditPath);
            QSignalSpy loaded(&ws, &Workspace::loaded);
            QString why;
            QVERIFY2(ws.open(p, m_server.apiKey(), &why), qPrintable(why));
            QVERIFY(loaded.wait(scaledMs(30000)));
            connect(ws.results(), &QAbstractItemModel::rowsInserted, this,
                    [&] { shown = ws.results()->rowCount() > 0 ? ws.lastRunResults() : shown; });
            QCOMPARE(ws.startRun(targets, &why), int(targets.size()));
            runIds = ws.currentRunSourceIds();
            QVERIFY(
                QTest::qWaitFor([&] { return ws.results()->rowCount() >= 4; }, scaledMs(30000)));
            QVERIFY(ws.isRunning());
            ws.close(); // mid-run: requests in flight, most targets never sent
            QVERIFY(!ws.isRunning());
        }
        QVERIFY(AuditWorkerSink::waitForClosedWriters(scaledMs(30000)));

        AuditLog log(auditPath);
        AuditQuery every;
        every.limit = 0;
        every.latestPerAttempt = false;
        const QList<AuditEntry> rows = log.query(every);
        QHash<QString, int> intents; // by trigger id
        QHash<QString, int> outcomesBySource;
        QHash<QString, int> cancelledBySource;
        QSet<QString> sourcesWithIntent;
        for (const AuditEntry &e : rows) {
            if (e.kind == AuditKind::Intent) {
                ++intents[e.triggerId.toLower()];
                sourcesWithIntent.insert(e.sourceId);
            } else {
                ++outcomesBySource[e.sourceId];
                cancelledBySource[e.sourceId] += e.outcome == Outcome::Cancelled;
            }
        }
        // Write-ahead held to the close: every job our trigger ids created has its intent.
        const QHash<QString, int> jobs = jobsPerTriggerId(m_server.dbPath());
        QVERIFY(!jobs.isEmpty());
        int sent = 0;
        for (auto it = jobs.cbegin(); it != jobs.cend(); ++it) {
            QVERIFY2(intents.value(it.key()) >= 1, qPrintable(it.key()));
            ++sent;
        }
        QVERIFY2(sent < int(targets.size()), qPrintable(QString::number(sent))); // closed mid-run
        // Every target is accounted for: an intent (it went out, or was about to), or its
        // "cancelled" row (it never did).
        int cancelled = 0;
        for (const QString &id : runIds) {
            QVERIFY2(sourcesWithIntent.contains(id) || cancelledBySource.value(id) == 1,
                     qPrintable(id));
            cancelled += !sourcesWithIntent.contains(id);
        }
        QVERIFY(cancelled > 0);
        // Every attempt Results showed before the close has its outcome row.
        QVERIFY(shown.size() >= 4);
        for (const TriggerResult &r : shown)
            QVERIFY2(outcomesBySource.value(r.target.sourceId) >= 1, qPrintable(r.target.sourceId));
    }
};

QTEST_MAIN(TestWorkspaceAuditClose)
#include "tst_workspace_auditclose.moc"
