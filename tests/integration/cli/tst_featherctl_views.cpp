// featherctl views / sources --view end to end (issue 11 item 8): a real feather-devserver (API
// mode, jobs that end for real, every second one failed) and real databases (direct mode: SQLite
// and PostgreSQL). Every listing through a view is checked against the full listing filtered
// here by the view's rule.
#include "integration/devserver/devserverharness.h"
#include "support/testsupport.h"

#include <QDir>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather::test;

namespace {

QSet<QString> idsOf(const QList<QJsonObject> &rows)
{
    QSet<QString> ids;
    for (const QJsonObject &o : rows)
        ids.insert(o.value(u"id"_s).toString());
    return ids;
}

QSet<QString> idsWhere(const QList<QJsonObject> &rows,
                       const std::function<bool(const QJsonObject &)> &keep)
{
    QSet<QString> ids;
    for (const QJsonObject &o : rows) {
        if (keep(o))
            ids.insert(o.value(u"id"_s).toString());
    }
    return ids;
}

} // namespace

class TestFeatherctlViews final : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;

    ProcessResult ctl(const QStringList &args)
    {
        return runProcess(binaryPath(u"featherctl"_s), args, m_env);
    }

    QList<QJsonObject> listing(const QStringList &where, const QStringList &extra = {})
    {
        const ProcessResult r = ctl(where + QStringList{u"--json"_s, u"sources"_s} + extra);
        if (r.exitCode != 0)
            qWarning("%s", r.err.constData());
        return jsonLines(r.out);
    }

    // Saves views through featherctl and checks what each lists against the full listing.
    void checkViews(const QStringList &where)
    {
        const QList<QJsonObject> all = listing(where);
        QVERIFY(all.size() >= 10);
        const QString provider = all.first().value(u"provider"_s).toString();
        const QString kb = all.first().value(u"knowledge_base_id"_s).toString();

        // Errored sources of one provider.
        ProcessResult r = ctl(where
                              + QStringList{u"views"_s, u"--save"_s, u"Errored of P"_s,
                                            u"--status"_s, u"error"_s, u"--provider"_s, provider});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("saved view \"Errored of P\""), r.out.constData());
        QList<QJsonObject> rows = listing(where, {u"--view"_s, u"errored of p"_s});
        QCOMPARE(idsOf(rows), idsWhere(all, [&](const QJsonObject &o) {
                     return o.value(u"status"_s).toString() == u"error"_s
                            && o.value(u"provider"_s).toString() == provider;
                 }));

        // Text (any case) within one KB: the nickname of the first source, upper-cased.
        const QString nick = all.first().value(u"connection_nickname"_s).toString();
        QVERIFY(!nick.isEmpty());
        r = ctl(where
                + QStringList{u"--json"_s, u"views"_s, u"--save"_s, u"By name"_s, u"--text"_s,
                              nick.toUpper(), u"--kb"_s, kb});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(jsonLines(r.out).value(0).value(u"text"_s).toString(), nick.toUpper());
        rows = listing(where, {u"--view"_s, u"By name"_s});
        const QSet<QString> byName = idsWhere(all, [&](const QJsonObject &o) {
            if (o.value(u"knowledge_base_id"_s).toString() != kb)
                return false;
            for (const char *field : {"connection_nickname", "id", "provider", "knowledge_base_id",
                                      "last_sync_job_id"}) {
                if (o.value(QLatin1String(field)).toString().contains(nick, Qt::CaseInsensitive))
                    return true;
            }
            return false;
        });
        QVERIFY(byName.contains(all.first().value(u"id"_s).toString()));
        QCOMPARE(idsOf(rows), byName);

        // The built-in Errored, by its key.
        rows = listing(where, {u"--view"_s, u"errored"_s});
        QCOMPARE(idsOf(rows), idsWhere(all, [](const QJsonObject &o) {
                     return o.value(u"status"_s).toString() == u"error"_s;
                 }));
        QVERIFY(!rows.isEmpty());

        // The list: three built-ins, then the saved ones by name.
        r = ctl(where + QStringList{u"--json"_s, u"views"_s});
        QCOMPARE(r.exitCode, 0);
        QStringList names;
        for (const QJsonObject &o : jsonLines(r.out))
            names << o.value(u"name"_s).toString();
        QCOMPARE(names, (QStringList{u"Errored"_s, u"Stuck"_s, u"Failed again in my last run"_s,
                                     u"By name"_s, u"Errored of P"_s}));

        r = ctl(where + QStringList{u"views"_s, u"--delete"_s, u"by name"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = ctl(where + QStringList{u"sources"_s, u"--view"_s, u"By name"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no view named"), r.err.constData());
    }

    // Before any run of this scope: empty, said on stderr, exit 0, nothing listed.
    void checkNoRunYet(const QStringList &where)
    {
        const ProcessResult r =
            ctl(where + QStringList{u"--json"_s, u"sources"_s, u"--view"_s, u"failed-again"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.trimmed().isEmpty());
        QVERIFY2(r.err.contains("no run that started a sync is recorded"), r.err.constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_env = isolatedEnvironment(m_home.path());
    }

    void usage_badInputChangesNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("reason");
        QTest::newRow("criteria without save")
            << QStringList{u"views"_s, u"--text"_s, u"x"_s} << QByteArray("views --save NAME");
        QTest::newRow("save and delete")
            << QStringList{u"views"_s, u"--save"_s, u"a"_s, u"--delete"_s, u"b"_s}
            << QByteArray("not both");
        QTest::newRow("view with status")
            << QStringList{u"sources"_s, u"--view"_s, u"errored"_s, u"--status"_s, u"error"_s}
            << QByteArray("brings its own filters");
        QTest::newRow("built-in name")
            << QStringList{u"views"_s, u"--save"_s, u"Errored"_s} << QByteArray("built-in");
        QTest::newRow("delete built-in") << QStringList{u"views"_s, u"--delete"_s, u"stuck"_s}
                                         << QByteArray("cannot be deleted");
        QTest::newRow("delete unknown")
            << QStringList{u"views"_s, u"--delete"_s, u"nope"_s} << QByteArray("no saved view");
        QTest::newRow("control character")
            << QStringList{u"views"_s, u"--save"_s, u"a\u0007b"_s} << QByteArray("control");
        QTest::newRow("view on resync")
            << QStringList{u"resync"_s, u"--view"_s, u"errored"_s} << QByteArray("--view");
    }
    void usage_badInputChangesNothing()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, reason);
        const QStringList where{u"--db"_s, u"sqlite://"_s + m_home.filePath(u"none.db"_s)};
        const ProcessResult r = ctl(where + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(reason), r.err.constData());
        QVERIFY(!QFile::exists(m_home.filePath(u"none.db"_s)));
        // Nothing saved: only the built-ins are listed.
        const ProcessResult list = ctl(where + QStringList{u"--json"_s, u"views"_s});
        QCOMPARE(jsonLines(list.out).size(), 3);
    }

    void api_devserver_viewsListWhatTheyName_failedAgainFollowsTheRun()
    {
        QString why;
        {
            // Syncs that never end while the test looks: the listings compared cannot move.
            DevServerProcess still;
            QVERIFY2(still.start({u"--sync-seconds"_s, u"86400"_s}, &why, 60), qPrintable(why));
            m_env.insert(u"FEATHER_API_KEY"_s, QString::fromUtf8(still.apiKey()));
            checkViews({u"--api-url"_s, u"http://127.0.0.1:%1"_s.arg(still.port())});
        }
        DevServerProcess server;
        QVERIFY2(
            server.start({u"--sync-seconds"_s, u"1"_s, u"--job-fail-every"_s, u"2"_s}, &why, 60),
            qPrintable(why));
        m_env.insert(u"FEATHER_API_KEY"_s, QString::fromUtf8(server.apiKey()));
        const QStringList where{u"--api-url"_s, u"http://127.0.0.1:%1"_s.arg(server.port())};
        checkNoRunYet(where);

        // Four active sources of one KB resynced; every second job fails on this server.
        const QList<QJsonObject> all = listing(where);
        QString kb;
        QStringList picked;
        for (const QJsonObject &o : all) {
            if (o.value(u"status"_s).toString() != u"active"_s)
                continue;
            const QString k = o.value(u"knowledge_base_id"_s).toString();
            if (kb.isEmpty())
                kb = k;
            if (k == kb && picked.size() < 4)
                picked << o.value(u"id"_s).toString();
        }
        QCOMPARE(picked.size(), 4);
        QStringList args = where + QStringList{u"resync"_s, u"--kb"_s, kb};
        for (const QString &id : picked)
            args << u"--source"_s << id;
        ProcessResult r = ctl(args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // Wait for the jobs to end (one second each, simulated by the server).
        QSet<QString> failed;
        const bool ended = QTest::qWaitFor(
            [&] {
                failed.clear();
                for (const QJsonObject &o : listing(where, {u"--kb"_s, kb})) {
                    const QString id = o.value(u"id"_s).toString();
                    if (!picked.contains(id))
                        continue;
                    const QString status = o.value(u"status"_s).toString();
                    if (status == u"syncing"_s)
                        return false;
                    if (status == u"error"_s)
                        failed.insert(id);
                }
                return true;
            },
            30000);
        QVERIFY(ended);
        QVERIFY(!failed.isEmpty());
        QVERIFY(failed.size() < picked.size());
        const QList<QJsonObject> rows =
            listing(where, {u"--view"_s, u"Failed again in my last run"_s});
        QCOMPARE(idsOf(rows), failed);
        // views says which run it follows.
        r = ctl(where + QStringList{u"--json"_s, u"views"_s});
        const QJsonObject again = jsonLines(r.out).value(2);
        QCOMPARE(again.value(u"key"_s).toString(), u"failed-again"_s);
        QCOMPARE(again.value(u"last_run_sources"_s).toInt(), 4);
        QVERIFY(!again.value(u"last_run_at"_s).toString().isEmpty());
        // A dry run is not a run: it does not replace the last one.
        r = ctl(where + QStringList{u"resync"_s, u"--kb"_s, kb, u"--all"_s, u"--dry-run"_s});
        QVERIFY2(r.exitCode <= 1, r.err.constData());
        QCOMPARE(idsOf(listing(where, {u"--view"_s, u"failed-again"_s})), failed);
        m_env.remove(u"FEATHER_API_KEY"_s);
    }

    void direct_viewsListWhatTheyName_failedAgainFollowsTheRun_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("sqlite") << u"sqlite"_s;
        QTest::newRow("postgresql") << u"postgresql"_s;
    }
    void direct_viewsListWhatTheyName_failedAgainFollowsTheRun()
    {
        QFETCH(QString, kind);
        QString why;
        const QString db = freshDatabaseUrl(kind, m_home.path(), u"views"_s, &why);
        QVERIFY2(!db.isEmpty(), qPrintable(why));
        ProcessResult r = ctl({u"init-db"_s, u"--db"_s, db, u"--demo"_s, u"40"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList where{u"--db"_s, db};
        checkViews(where);
        checkNoRunYet(where);

        const auto active = sourcesInDb(db, u"active"_s, 2, &why);
        QCOMPARE(active.size(), 2);
        r = ctl(where
                + QStringList{u"resync"_s, u"--kb"_s, active.at(0).first, u"--source"_s,
                              active.at(0).second});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // No worker in direct mode: the source stays syncing, so nothing failed again yet.
        QVERIFY(listing(where, {u"--view"_s, u"failed-again"_s}).isEmpty());
        // The sync fails (what a worker would write): now the view shows it.
        QVERIFY2(setSourceStatus(db, active.at(0).second, u"error"_s, &why), qPrintable(why));
        QCOMPARE(idsOf(listing(where, {u"--view"_s, u"failed-again"_s})),
                 QSet<QString>{active.at(0).second});
        // The other active source was not in the run: erroring it does not add it.
        QVERIFY2(setSourceStatus(db, active.at(1).second, u"error"_s, &why), qPrintable(why));
        QCOMPARE(idsOf(listing(where, {u"--view"_s, u"failed-again"_s})),
                 QSet<QString>{active.at(0).second});
    }
};

QTEST_GUILESS_MAIN(TestFeatherctlViews)
#include "tst_featherctl_views.moc"
