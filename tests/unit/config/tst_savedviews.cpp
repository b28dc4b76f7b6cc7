// Saved views (issue 11 item 8): named filter sets per profile in QSettings, the built-ins, the
// last run behind "Failed again in my last run", and the row test featherctl applies.
#include "config/profiles.h"
#include "config/savedviews.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;

class TestSavedViews final : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> settings(const QString &name = u"views.ini"_s)
    {
        return std::make_unique<QSettings>(m_dir.filePath(name), QSettings::IniFormat);
    }
    static SavedView view(const QString &name, const QStringList &statuses = {})
    {
        SavedView v;
        v.name = name;
        v.statuses = statuses;
        return v;
    }

private Q_SLOTS:
    void saveAndReload_keepsEveryCriterion_sortedAndTrimmed()
    {
        SavedView v;
        v.name = u"  Billing errors "_s;
        v.text = u"acme"_s;
        v.statuses = {u"error"_s, u"active"_s, u"error"_s};
        v.provider = u"url"_s;
        v.stuck = true;
        v.kbIds = {u"kb-2"_s, u"kb-1"_s};
        auto s = settings();
        {
            SavedViewStore store(s.get());
            QString why;
            QVERIFY2(store.save(u"Prod"_s, v, &why), qPrintable(why));
        }
        // A new store over the same file (a restart) reads what was written.
        auto again = settings();
        const SavedViewStore store(again.get());
        const QList<SavedView> all = store.views(u"Prod"_s);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().name, u"Billing errors"_s);
        QCOMPARE(all.first().text, u"acme"_s);
        QCOMPARE(all.first().statuses, (QStringList{u"active"_s, u"error"_s}));
        QCOMPARE(all.first().provider, u"url"_s);
        QVERIFY(all.first().stuck);
        QCOMPARE(all.first().kbIds, (QStringList{u"kb-1"_s, u"kb-2"_s}));
        QCOMPARE(all.first().kind, SavedView::Kind::Custom);
        QVERIFY(store.views(u"Staging"_s).isEmpty()); // per profile
    }

    void sameNameAnyCase_replacesTheView()
    {
        auto s = settings(u"replace.ini"_s);
        SavedViewStore store(s.get());
        QString why;
        QVERIFY(store.save(u"P"_s, view(u"Mine"_s, {u"error"_s}), &why));
        QVERIFY(store.save(u"P"_s, view(u"mine"_s, {u"active"_s}), &why));
        const QList<SavedView> all = store.views(u"P"_s);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().name, u"mine"_s);
        QCOMPARE(all.first().statuses, QStringList{u"active"_s});
        QVERIFY(store.view(u"P"_s, u"MINE"_s).has_value());
    }

    void badNames_refusedWithAReason_nothingWritten_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << u"   "_s << u"needs a name"_s;
        QTest::newRow("long") << QString(65, u'x') << u"at most 64"_s;
        QTest::newRow("control") << u"a\tb"_s << u"control characters"_s;
        QTest::newRow("built-in") << u"errored"_s << u"built-in"_s;
        QTest::newRow("built-in full name") << u"FAILED AGAIN IN MY LAST RUN"_s << u"built-in"_s;
        QTest::newRow("built-in key") << u"failed-again"_s << u"built-in"_s;
    }
    void badNames_refusedWithAReason_nothingWritten()
    {
        QFETCH(QString, name);
        QFETCH(QString, reason);
        auto s = settings(u"bad.ini"_s);
        SavedViewStore store(s.get());
        QString why;
        QVERIFY(!store.save(u"P"_s, view(name), &why));
        QVERIFY2(why.contains(reason), qPrintable(why));
        QVERIFY(store.views(u"P"_s).isEmpty());
        QVERIFY(s->childGroups().isEmpty());
    }

    void remove_onlyTheNamedView()
    {
        auto s = settings(u"remove.ini"_s);
        SavedViewStore store(s.get());
        QString why;
        QVERIFY(store.save(u"P"_s, view(u"One"_s), &why));
        QVERIFY(store.save(u"P"_s, view(u"Two"_s), &why));
        QVERIFY(!store.remove(u"P"_s, u"Three"_s));
        QVERIFY(store.remove(u"P"_s, u"one"_s));
        QCOMPARE(store.views(u"P"_s).size(), 1);
        QCOMPARE(store.views(u"P"_s).first().name, u"Two"_s);
    }

    void profileRenamedOrRemoved_viewsAndLastRunFollow()
    {
        auto s = settings(u"profiles.ini"_s);
        ProfileStore profiles(s.get());
        Profile p;
        p.name = u"sandbox/eu"_s; // a '/' must not become a settings group
        p.baseUrl = u"https://api.example.com"_s;
        profiles.save(p);
        SavedViewStore store(s.get());
        QString why;
        QVERIFY(store.save(p.name, view(u"Mine"_s), &why));
        LastRun run;
        run.at = QDateTime::currentDateTimeUtc();
        run.entries << LastRun::Entry{u"kb"_s, u"src"_s, u"job"_s};
        store.setLastRun(p.name, run);

        const QString old = p.name;
        p.name = u"Sandbox EU"_s;
        profiles.save(p, old);
        QVERIFY(store.views(old).isEmpty());
        QCOMPARE(store.views(p.name).size(), 1);
        QCOMPARE(store.lastRun(p.name).sourceIds(), QStringList{u"src"_s});
        QVERIFY(store.lastRun(old).isEmpty());

        profiles.remove(p.name);
        QVERIFY(store.views(p.name).isEmpty());
        QVERIFY(store.lastRun(p.name).isEmpty());
    }

    void lastRun_keepsOnlySyncsTheRunStarted()
    {
        QList<TriggerResult> results;
        const auto row = [](const QString &source, Outcome outcome, const QString &job) {
            TriggerResult r;
            r.target = TriggerTarget{u"kb"_s, source, {}};
            r.outcome = outcome;
            r.jobId = job;
            return r;
        };
        results << row(u"a"_s, Outcome::Triggered, u"job-a"_s)
                << row(u"b"_s, Outcome::AlreadySyncing, u"someone-elses"_s)
                << row(u"c"_s, Outcome::NetworkError, {})
                << row(u"d"_s, Outcome::Triggered, u"job-d"_s)
                << row(u"e"_s, Outcome::NotEligible, {});
        const QDateTime at = QDateTime::currentDateTimeUtc();
        const LastRun run = lastRunFrom(results, at);
        QCOMPARE(run.sourceIds(), (QStringList{u"a"_s, u"d"_s}));
        QCOMPARE(run.entries.at(1).jobId, u"job-d"_s);
        QCOMPARE(run.kbIds(), QStringList{u"kb"_s});

        auto s = settings(u"lastrun.ini"_s);
        SavedViewStore store(s.get());
        store.setLastRun(u"P"_s, run);
        const LastRun back = store.lastRun(u"P"_s);
        QCOMPARE(back.sourceIds(), run.sourceIds());
        QCOMPARE(back.at.toSecsSinceEpoch(), at.toSecsSinceEpoch());
        // The next run replaces it, even when it started nothing.
        store.setLastRun(u"P"_s, lastRunFrom({results.at(1)}, at));
        QVERIFY(store.lastRun(u"P"_s).isEmpty());
        QVERIFY(store.lastRun(u"P"_s).at.isValid());
    }

    void matchesView_likeTheConsoleFilter_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("statuses");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QStringList>("kbs");
        QTest::addColumn<bool>("matches");
        QTest::newRow("no criterion")
            << QString() << QStringList() << QString() << QStringList() << true;
        QTest::newRow("text in nickname, any case")
            << u"ACME"_s << QStringList() << QString() << QStringList() << true;
        QTest::newRow("text in kb name")
            << u"billing"_s << QStringList() << QString() << QStringList() << true;
        QTest::newRow("text in job id")
            << u"job-7"_s << QStringList() << QString() << QStringList() << true;
        QTest::newRow("text nowhere")
            << u"zendesk"_s << QStringList() << QString() << QStringList() << false;
        QTest::newRow("status") << QString() << QStringList{u"error"_s} << QString()
                                << QStringList() << true;
        QTest::newRow("other status")
            << QString() << QStringList{u"active"_s} << QString() << QStringList() << false;
        QTest::newRow("provider") << QString() << QStringList() << u"url"_s << QStringList()
                                  << true;
        QTest::newRow("other provider")
            << QString() << QStringList() << u"drive"_s << QStringList() << false;
        QTest::newRow("kb") << QString() << QStringList() << QString()
                            << QStringList{u"kb-1"_s, u"kb-9"_s} << true;
        QTest::newRow("other kb") << QString() << QStringList() << QString()
                                  << QStringList{u"kb-9"_s} << false;
    }
    void matchesView_likeTheConsoleFilter()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, statuses);
        QFETCH(QString, provider);
        QFETCH(QStringList, kbs);
        QFETCH(bool, matches);
        Source s;
        s.id = u"src-1"_s;
        s.knowledgeBaseId = u"kb-1"_s;
        s.provider = u"url"_s;
        s.connectionNickname = u"docs.acme.com"_s;
        s.status = u"error"_s;
        s.lastSyncJobId = u"job-77"_s;
        SavedView v;
        v.name = u"x"_s;
        v.text = text;
        v.statuses = statuses;
        v.provider = provider;
        v.kbIds = kbs;
        QCOMPARE(matchesView(v, s, u"Billing Support"_s), matches);
    }

    void builtins_namedByNameOrKey_andStable()
    {
        const QList<SavedView> all = builtinViews();
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(0).name, u"Errored"_s);
        QCOMPARE(all.at(0).statuses, QStringList{u"error"_s});
        QCOMPARE(all.at(1).name, u"Stuck"_s);
        QVERIFY(all.at(1).stuck);
        QCOMPARE(all.at(2).name, u"Failed again in my last run"_s);
        QCOMPARE(builtinView(u"failed-again"_s)->kind, SavedView::Kind::FailedAgain);
        QCOMPARE(builtinView(u" stuck "_s)->kind, SavedView::Kind::Stuck);
        QVERIFY(!builtinView(u"Mine"_s));
        QCOMPARE(viewScope({}, u"https://user:pw@api.example.com/?k=1"_s),
                 u"target:https://api.example.com/"_s);
        QCOMPARE(viewScope(u"Prod"_s, u"https://x"_s), u"Prod"_s);
    }
};

QTEST_GUILESS_MAIN(TestSavedViews)
#include "tst_savedviews.moc"
