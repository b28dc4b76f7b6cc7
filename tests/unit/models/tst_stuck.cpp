// Stuck syncs (issue 11 item 3): the "Syncing for" age runs on the server's clock, a sync past
// the profile's threshold is marked (icon, colour, role), filtered and counted per KB.
#include "core/syncage.h"
#include "fakebackend.h"
#include "models/knowledgebasemodel.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {
const QDateTime kNow = QDateTime(QDate(2026, 3, 2), QTime(12, 0), Qt::UTC);

Source src(int n, const QString &status, const QDateTime &updated, int kb = 0)
{
    Source s;
    s.id = fakeId('a', n);
    s.knowledgeBaseId = fakeId('b', kb);
    s.provider = u"notion"_s;
    s.connectionNickname = u"Source "_s + QString::number(n);
    s.status = status;
    s.updatedAt = updated;
    return s;
}

QVariant cell(const SourceModel &m, int n, int column, int role)
{
    return m.index(m.rowOf(fakeId('a', n)), column).data(role);
}
} // namespace

class TestStuck : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parseDuration_readsUnitsAndRefusesJunk_data();
    void parseDuration_readsUnitsAndRefusesJunk();
    void age_comparesServerTimesNotOurClock();
    void age_unknownServerClock_showsNoAgeAndNeverStuck();
    void pastThreshold_marksIconColourRoleAndCounts();
    void threshold_isPerProfileSetting();
    void syncStatusStart_winsOverUpdatedAt();
    void stuckFilter_showsOnlyStuckRows();
    void clockAdvancing_pastThreshold_emitsStuckCountChanged();
    void kbTable_countsStuckPerKbAndInTotal();
};

void TestStuck::parseDuration_readsUnitsAndRefusesJunk_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("seconds"); // -1: refused
    QTest::newRow("bare seconds") << u"90"_s << qint64(90);
    QTest::newRow("s") << u"45s"_s << qint64(45);
    QTest::newRow("m") << u"45m"_s << qint64(2700);
    QTest::newRow("h") << u"1h"_s << qint64(3600);
    QTest::newRow("h+m") << u"1h30m"_s << qint64(5400);
    QTest::newRow("d") << u"2d"_s << qint64(172800);
    QTest::newRow("upper") << u"2H"_s << qint64(7200);
    QTest::newRow("empty") << QString() << qint64(-1);
    QTest::newRow("zero") << u"0"_s << qint64(-1);
    QTest::newRow("negative") << u"-5m"_s << qint64(-1);
    QTest::newRow("word") << u"soon"_s << qint64(-1);
    QTest::newRow("order") << u"30m1h"_s << qint64(-1);
}

void TestStuck::parseDuration_readsUnitsAndRefusesJunk()
{
    QFETCH(QString, text);
    QFETCH(qint64, seconds);
    QString why;
    const std::optional<qint64> got = parseDurationSeconds(text, &why);
    if (seconds < 0) {
        QVERIFY(!got);
        QVERIFY(!why.isEmpty());
        return;
    }
    QCOMPARE(got.value_or(-1), seconds);
    QCOMPARE(parseDurationSeconds(formatDurationSeconds(seconds)).value_or(-1), seconds);
}

void TestStuck::age_comparesServerTimesNotOurClock()
{
    // The server's clock runs 2 h behind ours. A sync the server started 30 min ago (its
    // time) is 2 h 30 min old by our clock alone: it must read 30 min and not be stuck.
    FakeBackend backend;
    backend.skew = ServerSkew{-2 * 3600 * 1000, -2 * 3600 * 1000 + 1000};
    SourceModel model;
    QAbstractItemModelTester tester(&model);
    model.setBackend(&backend);
    model.setClock([] { return kNow; });
    model.mergeSources({src(1, u"syncing"_s, kNow.addSecs(-2 * 3600 - 1800))});
    QCOMPARE(cell(model, 1, 0, SourceModel::SyncingForRole).toLongLong(), qint64(1800));
    QCOMPARE(cell(model, 1, 0, SourceModel::StuckRole).toBool(), false);
    QCOMPARE(cell(model, 1, SourceModel::SyncingForColumn, Qt::DisplayRole).toString(),
             u"30 min"_s);
    // Server ahead by 3 h: a sync started 10 min before the server's now is 10 min old.
    backend.skew = ServerSkew{3 * 3600 * 1000, 3 * 3600 * 1000 + 1000};
    model.mergeSources({src(2, u"syncing"_s, kNow.addSecs(3 * 3600 - 600))});
    QCOMPARE(cell(model, 2, 0, SourceModel::SyncingForRole).toLongLong(), qint64(600));
    // Not syncing: no age at all.
    model.mergeSources({src(3, u"active"_s, kNow.addSecs(-86400))});
    QVERIFY(!cell(model, 3, 0, SourceModel::SyncingForRole).isValid());
    QVERIFY(cell(model, 3, SourceModel::SyncingForColumn, Qt::DisplayRole).toString().isEmpty());
}

void TestStuck::age_unknownServerClock_showsNoAgeAndNeverStuck()
{
    FakeBackend backend;
    backend.skew = ServerSkew{}; // no Date header seen yet
    SourceModel model;
    model.setBackend(&backend);
    model.setClock([] { return kNow; });
    model.mergeSources({src(1, u"syncing"_s, kNow.addSecs(-5 * 3600))});
    QVERIFY(!cell(model, 1, 0, SourceModel::SyncingForRole).isValid());
    QCOMPARE(cell(model, 1, 0, SourceModel::StuckRole).toBool(), false);
    QCOMPARE(cell(model, 1, SourceModel::SyncingForColumn, Qt::DisplayRole).toString(), u"?"_s);
    QVERIFY(cell(model, 1, SourceModel::SyncingForColumn, Qt::ToolTipRole)
                .toString()
                .contains(u"not known"_s));
    // The status column does not guess an age from our clock either.
    QCOMPARE(cell(model, 1, SourceModel::StatusColumn, Qt::DisplayRole).toString(), u"Syncing"_s);
    QCOMPARE(model.stuckCount(), 0);
}

void TestStuck::pastThreshold_marksIconColourRoleAndCounts()
{
    FakeBackend backend;
    SourceModel model;
    QAbstractItemModelTester tester(&model);
    model.setBackend(&backend);
    model.setClock([] { return kNow; });
    QCOMPARE(model.stuckAfterSeconds(), qint64(3600)); // the default: 1 h
    model.mergeSources({src(1, u"syncing"_s, kNow.addSecs(-2 * 3600)),
                        src(2, u"syncing"_s, kNow.addSecs(-59 * 60)),
                        src(3, u"error"_s, kNow.addSecs(-5 * 3600), 1)});
    QCOMPARE(cell(model, 1, 0, SourceModel::StuckRole).toBool(), true);
    QCOMPARE(cell(model, 2, 0, SourceModel::StuckRole).toBool(), false);
    QCOMPARE(cell(model, 3, 0, SourceModel::StuckRole).toBool(), false);
    const int col = SourceModel::SyncingForColumn;
    QVERIFY(!cell(model, 1, col, Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(cell(model, 1, col, Qt::ForegroundRole).value<QColor>().isValid());
    QVERIFY(cell(model, 1, col, Qt::ToolTipRole).toString().contains(u"Stuck"_s));
    QVERIFY(cell(model, 2, col, Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(!cell(model, 2, col, Qt::ForegroundRole).isValid());
    QCOMPARE(cell(model, 1, col, Qt::DisplayRole).toString(), u"2 h"_s);
    QCOMPARE(model.stuckCount(), 1);
    QCOMPARE(model.stuckCountsByKb().value(fakeId('b', 0)), 1);
    QCOMPARE(model.stuckCountsByKb().value(fakeId('b', 1)), 0);
    // The header names the column for people and its key for exports.
    QCOMPARE(model.headerData(col, Qt::Horizontal, Qt::DisplayRole).toString(), u"Syncing for"_s);
    QCOMPARE(model.headerData(col, Qt::Horizontal, ColumnKeyRole).toString(),
             u"syncing_for_seconds"_s);
}

void TestStuck::threshold_isPerProfileSetting()
{
    FakeBackend backend;
    SourceModel model;
    model.setBackend(&backend);
    model.setClock([] { return kNow; });
    model.mergeSources({src(1, u"syncing"_s, kNow.addSecs(-2 * 3600))});
    QSignalSpy stuck(&model, &SourceModel::stuckCountChanged);
    model.setStuckAfterSeconds(3 * 3600);
    QCOMPARE(model.stuckCount(), 0);
    model.setStuckAfterSeconds(30 * 60);
    QCOMPARE(model.stuckCount(), 1);
    QCOMPARE(stuck.size(), 1); // 0 → 0 emits nothing, 0 → 1 once
    QCOMPARE(stuck.last().at(0).toInt(), 1);
}

void TestStuck::syncStatusStart_winsOverUpdatedAt()
{
    FakeBackend backend;
    SourceModel model;
    model.setBackend(&backend);
    model.setClock([] { return kNow; });
    // The listing's updated_at says 5 min; sync/status says the sync started 90 min ago.
    model.mergeSources({src(1, u"syncing"_s, kNow.addSecs(-300))});
    QCOMPARE(model.stuckCount(), 0);
    SyncStatus st;
    st.sourceId = fakeId('a', 1);
    st.sourceStatus = u"syncing"_s;
    st.lastSyncStatus = u"processing"_s;
    st.lastSyncStartedAt = kNow.addSecs(-90 * 60);
    model.applySyncStatus(st);
    QCOMPARE(cell(model, 1, 0, SourceModel::SyncingForRole).toLongLong(), qint64(90 * 60));
    QCOMPARE(model.stuckCount(), 1);
    // The sync ends: no age, not stuck.
    st.sourceStatus = u"active"_s;
    st.lastSyncStatus = u"completed"_s;
    st.lastSyncCompletedAt = kNow;
    model.applySyncStatus(st);
    QVERIFY(!cell(model, 1, 0, SourceModel::SyncingForRole).isValid());
    QCOMPARE(model.stuckCount(), 0);
}

void TestStuck::stuckFilter_showsOnlyStuckRows()
{
    FakeBackend backend;
    SourceModel model;
    model.setBackend(&backend);
    model.setClock([] { return kNow; });
    model.mergeSources({src(1, u"syncing"_s, kNow.addSecs(-2 * 3600)),
                        src(2, u"syncing"_s, kNow.addSecs(-60)),
                        src(3, u"error"_s, kNow.addSecs(-9 * 3600)),
                        src(4, u"syncing"_s, kNow.addSecs(-7 * 3600), 1)});
    SourceFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy);
    proxy.setSourceModel(&model);
    QCOMPARE(proxy.rowCount(), 4);
    proxy.setStuckOnly(true);
    QStringList shown;
    for (int r = 0; r < proxy.rowCount(); ++r)
        shown << proxy.index(r, 0).data(SourceModel::IdRole).toString();
    shown.sort();
    QCOMPARE(shown, (QStringList{fakeId('a', 1), fakeId('a', 4)}));
    // With the other filters: stuck AND in that KB.
    proxy.setKnowledgeBases({fakeId('b', 1)});
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setKnowledgeBases({});
    proxy.setStuckOnly(false);
    QCOMPARE(proxy.rowCount(), 4);
}

void TestStuck::clockAdvancing_pastThreshold_emitsStuckCountChanged()
{
    FakeBackend backend;
    SourceModel model;
    model.setBackend(&backend);
    QDateTime now = kNow;
    model.setClock([&now] { return now; });
    model.mergeSources({src(1, u"syncing"_s, kNow.addSecs(-3500))});
    SourceFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.setStuckOnly(true);
    QCOMPARE(proxy.rowCount(), 0);
    QSignalSpy stuck(&model, &SourceModel::stuckCountChanged);
    model.setAgeTickMs(20);
    now = kNow.addSecs(200); // 3700 s: past the hour
    QVERIFY(QTest::qWaitFor([&] { return !stuck.isEmpty(); }, 5000));
    QCOMPARE(stuck.last().at(0).toInt(), 1);
    // The proxy follows the tick's dataChanged by itself (dynamic filter).
    QCOMPARE(proxy.rowCount(), 1);
}

void TestStuck::kbTable_countsStuckPerKbAndInTotal()
{
    KnowledgeBaseModel kbs;
    QAbstractItemModelTester tester(&kbs);
    kbs.setKnowledgeBases(makeKbs(2));
    kbs.setStuckCounts({{fakeId('b', 0), 2}, {fakeId('b', 1), 1}});
    const auto stuckAt = [&](int row) {
        return kbs.index(row, KnowledgeBaseModel::StuckColumn).data().toInt();
    };
    QCOMPARE(stuckAt(0), 3); // "All knowledge bases"
    QCOMPARE(kbs.stuckCount(fakeId('b', 0)), 2);
    QCOMPARE(kbs.stuckCount(fakeId('b', 1)), 1);
    QCOMPARE(
        kbs.headerData(KnowledgeBaseModel::StuckColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
        u"Stuck"_s);
    QVERIFY(kbs.index(0, KnowledgeBaseModel::StuckColumn).data(Qt::ForegroundRole).isValid());
}

QTEST_MAIN(TestStuck)
#include "tst_stuck.moc"
