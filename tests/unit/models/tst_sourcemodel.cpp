#include "fakebackend.h"
#include "models/sourcemodel.h"
#include "support/testsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <functional>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {
const QDateTime kNow = QDateTime(QDate(2026, 3, 2), QTime(12, 0), Qt::UTC);

Source src(int n, const QString &status = u"active"_s)
{
    Source s;
    s.id = fakeId('a', n);
    s.knowledgeBaseId = fakeId('b', 0);
    s.provider = u"notion"_s;
    s.connectionNickname = u"Source "_s + QString::number(n);
    s.status = status;
    s.updatedAt = kNow;
    return s;
}

QStringList idsOf(const SourceModel &m)
{
    QStringList ids;
    for (int r = 0; r < m.rowCount(); ++r)
        ids << m.index(r, 0).data(SourceModel::IdRole).toString();
    return ids;
}

bool waitLoaded(SourceModel &m)
{
    QSignalSpy loaded(&m, &SourceModel::loaded);
    QSignalSpy failed(&m, &SourceModel::loadFailed);
    return QTest::qWaitFor([&] { return !loaded.isEmpty() || !failed.isEmpty(); }, 10000);
}
} // namespace

class TestSourceModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void refresh_mergesByIdAndKeepsPersistentIndexes_data();
    void refresh_mergesByIdAndKeepsPersistentIndexes();
    void listing_streamsTenThousandSourcesPageByPage();
    void failedPage_keepsRowsAndReportsMessage();
    void syncingOverAnHour_saysHowLong();
    void unknownStatus_isShownVerbatim();
    void syncFinished_highlightsRowThenClears();
    void inFlight_isExposedAsRawRole();
    void statusCounts_perKnowledgeBase();
    void merge_anyChangedField_repaintsTheRow_data();
    void merge_anyChangedField_repaintsTheRow();
    void removeAndAppend_acrossRowChunks_keepsOrderIdsAndIndexes();
};

void TestSourceModel::refresh_mergesByIdAndKeepsPersistentIndexes_data()
{
    QTest::addColumn<QList<int>>("before");
    QTest::addColumn<QList<int>>("after");
    QTest::addColumn<QList<int>>("expected");
    QTest::newRow("unchanged") << QList<int>{1, 2, 3} << QList<int>{1, 2, 3} << QList<int>{1, 2, 3};
    QTest::newRow("added") << QList<int>{1, 2} << QList<int>{1, 2, 3, 4} << QList<int>{1, 2, 3, 4};
    QTest::newRow("removed middle")
        << QList<int>{1, 2, 3, 4} << QList<int>{1, 4} << QList<int>{1, 4};
    QTest::newRow("removed all") << QList<int>{1, 2} << QList<int>{} << QList<int>{};
    QTest::newRow("mixed") << QList<int>{1, 2, 3, 5} << QList<int>{5, 6, 1} << QList<int>{1, 5, 6};
    QTest::newRow("from empty") << QList<int>{} << QList<int>{7, 8} << QList<int>{7, 8};
}

void TestSourceModel::refresh_mergesByIdAndKeepsPersistentIndexes()
{
    QFETCH(QList<int>, before);
    QFETCH(QList<int>, after);
    QFETCH(QList<int>, expected);

    FakeBackend backend;
    backend.pageSize = 2;
    for (int n : before)
        backend.sources << src(n);
    SourceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBackend(&backend);
    model.refresh();
    QVERIFY(waitLoaded(model));

    // Hold a persistent index on every row that survives: a selection is made of these.
    QHash<int, QPersistentModelIndex> held;
    for (int n : before) {
        if (after.contains(n))
            held.insert(n, QPersistentModelIndex(model.index(model.rowOf(fakeId('a', n)), 0)));
    }

    backend.sources.clear();
    for (int n : after)
        backend.sources << src(n, u"error"_s);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.refresh();
    QVERIFY(waitLoaded(model));

    QStringList want;
    for (int n : expected)
        want << fakeId('a', n);
    QCOMPARE(idsOf(model), want);
    QCOMPARE(reset.size(), 0);
    for (auto it = held.cbegin(); it != held.cend(); ++it) {
        QVERIFY(it.value().isValid());
        QCOMPARE(it.value().data(SourceModel::IdRole).toString(), fakeId('a', it.key()));
        QCOMPARE(it.value().data(SourceModel::StatusRole).toString(), u"error"_s);
    }
}

void TestSourceModel::listing_streamsTenThousandSourcesPageByPage()
{
    FakeBackend backend;
    backend.pageSize = 500;
    backend.sources = makeSources(10000, 12, kNow);
    SourceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBackend(&backend);
    QSignalSpy pages(&model, &SourceModel::pageLoaded);
    QSignalSpy loaded(&model, &SourceModel::loaded);
    model.refresh();
    QVERIFY(model.isLoading());
    QCOMPARE(model.rowCount(), 0); // nothing blocks: the first page arrives on a later event
    QVERIFY(QTest::qWaitFor([&] { return !loaded.isEmpty(); }, 30000));
    QCOMPARE(model.rowCount(), 10000);
    QCOMPARE(loaded.first().first().toInt(), 10000);
    QVERIFY2(pages.size() >= 2, qPrintable(QString::number(pages.size())));
    // The first page was visible on its own before the rest arrived.
    QCOMPARE(pages.first().first().toInt(), 500);
    QVERIFY(!model.isLoading());
}

void TestSourceModel::failedPage_keepsRowsAndReportsMessage()
{
    FakeBackend backend;
    backend.pageSize = 10;
    backend.sources = makeSources(50, 2, kNow);
    SourceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBackend(&backend);
    model.refresh();
    QVERIFY(waitLoaded(model));
    QCOMPARE(model.rowCount(), 50);

    backend.failAtPage = 1;
    backend.sources = backend.sources.mid(0, 25); // would remove 25 rows if the listing finished
    QSignalSpy failed(&model, &SourceModel::loadFailed);
    model.refresh();
    QVERIFY(QTest::qWaitFor([&] { return !failed.isEmpty(); }, 5000));
    QCOMPARE(failed.first().first().toString(), u"connection refused"_s);
    QTest::qWait(20);
    QCOMPARE(model.rowCount(), 50);
}

void TestSourceModel::syncingOverAnHour_saysHowLong()
{
    FakeBackend backend; // direct-mode-like: the server's clock is ours
    SourceModel model;
    model.setBackend(&backend);
    model.setClock([] { return kNow; });
    Source recent = src(1, u"syncing"_s);
    recent.updatedAt = kNow.addSecs(-600);
    Source stuck = src(2, u"syncing"_s);
    stuck.updatedAt = kNow.addSecs(-3 * 3600 - 120);
    model.mergeSources({recent, stuck});
    const auto statusText = [&](int n) {
        return model.index(model.rowOf(fakeId('a', n)), SourceModel::StatusColumn)
            .data()
            .toString();
    };
    QCOMPARE(statusText(1), u"Syncing"_s);
    QCOMPARE(statusText(2), u"Syncing for 3 h"_s);
    // Status is never colour alone: there is an icon and the raw value too.
    const QModelIndex idx = model.index(model.rowOf(fakeId('a', 2)), SourceModel::StatusColumn);
    QVERIFY(!idx.data(Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(idx.data(SourceModel::StatusRole).toString(), u"syncing"_s);
}

void TestSourceModel::unknownStatus_isShownVerbatim()
{
    SourceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.mergeSources({src(1, u"paused_by_admin"_s), src(2, QString())});
    QCOMPARE(model.index(0, SourceModel::StatusColumn).data().toString(), u"paused_by_admin"_s);
    QCOMPARE(model.index(1, SourceModel::StatusColumn).data().toString(), u"(none)"_s);
}

void TestSourceModel::syncFinished_highlightsRowThenClears()
{
    SourceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setHighlightMs(50);
    model.mergeSources({src(1, u"syncing"_s)});
    SyncStatus st;
    st.sourceId = fakeId('a', 1);
    st.sourceStatus = u"syncing"_s;
    QVERIFY(!model.applySyncStatus(st)); // nothing changed: no signal, no highlight
    QVERIFY(!model.index(0, 0).data(SourceModel::HighlightRole).toBool());

    st.sourceStatus = u"error"_s;
    st.lastSyncStatus = u"failed"_s;
    st.errorMessage = u"quota exceeded"_s;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(model.applySyncStatus(st));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(0, SourceModel::StatusColumn).data().toString(), u"Error"_s);
    QCOMPARE(model.index(0, SourceModel::LastErrorColumn).data().toString(), u"quota exceeded"_s);
    QVERIFY(model.index(0, 0).data(SourceModel::HighlightRole).toBool());
    QVERIFY(model.index(0, 0).data(Qt::BackgroundRole).isValid());
    QTRY_VERIFY_WITH_TIMEOUT(!model.index(0, 0).data(SourceModel::HighlightRole).toBool(), 2000);
}

void TestSourceModel::inFlight_isExposedAsRawRole()
{
    SourceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.mergeSources({src(1), src(2)});
    model.setInFlight({fakeId('a', 2)}, true);
    QVERIFY(!model.index(0, 0).data(SourceModel::InFlightRole).toBool());
    QVERIFY(model.index(1, 0).data(SourceModel::InFlightRole).toBool());
    model.markSyncing(fakeId('a', 2), u"job-1"_s, kNow);
    QCOMPARE(model.index(1, 0).data(SourceModel::StatusRole).toString(), u"syncing"_s);
    QCOMPARE(model.index(1, 0).data(SourceModel::LastJobIdRole).toString(), u"job-1"_s);
    model.setInFlight({fakeId('a', 2)}, false);
    QVERIFY(!model.isInFlight(fakeId('a', 2)));
}

void TestSourceModel::statusCounts_perKnowledgeBase()
{
    SourceModel model;
    model.mergeSources(makeSources(28, 2, kNow));
    const auto all = model.statusCounts();
    QCOMPARE(all.value(u"paused_by_admin"_s), 4);
    const auto byKb = model.statusCountsByKb();
    int total = 0;
    for (const auto &counts : byKb)
        for (int n : counts)
            total += n;
    QCOMPARE(total, 28);
    QCOMPARE(byKb.size(), 2);
}

namespace {
// One change per field of Source: a merge must repaint the row whichever field it is, so a
// column added later can never miss live updates.
const QList<std::pair<const char *, std::function<void(Source &)>>> &fieldChanges()
{
    static const QList<std::pair<const char *, std::function<void(Source &)>>> changes{
        {"none", [](Source &) {}},
        {"provider", [](Source &s) { s.provider = u"s3"_s; }},
        {"nickname", [](Source &s) { s.connectionNickname = u"renamed"_s; }},
        {"status", [](Source &s) { s.status = u"error"_s; }},
        {"knowledge base", [](Source &s) { s.knowledgeBaseId = fakeId('b', 9); }},
        {"last job", [](Source &s) { s.lastSyncJobId = fakeId('d', 1); }},
        {"auto sync", [](Source &s) { s.autoSyncEnabled = true; }},
        {"sync interval", [](Source &s) { s.syncIntervalSeconds = 3600; }},
        {"next sync", [](Source &s) { s.nextSyncAt = kNow.addSecs(60); }},
        {"last auto sync", [](Source &s) { s.lastAutoSyncAt = kNow; }},
        {"created", [](Source &s) { s.createdAt = kNow.addDays(-1); }},
        {"updated", [](Source &s) { s.updatedAt = kNow.addSecs(1); }},
        {"last job status", [](Source &s) { s.lastSyncStatus = u"failed"_s; }},
        {"last error", [](Source &s) { s.lastErrorMessage = u"quota"_s; }},
        {"last completed", [](Source &s) { s.lastSyncCompletedAt = kNow; }},
    };
    return changes;
}
} // namespace

void TestSourceModel::merge_anyChangedField_repaintsTheRow_data()
{
    QTest::addColumn<int>("change");
    for (int i = 0; i < fieldChanges().size(); ++i)
        QTest::newRow(fieldChanges()[i].first) << i;
}

void TestSourceModel::merge_anyChangedField_repaintsTheRow()
{
    QFETCH(int, change);
    SourceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.mergeSources({src(1), src(2)});
    Source changed = src(2);
    fieldChanges()[change].second(changed);
    QSignalSpy repainted(&model, &QAbstractItemModel::dataChanged);
    model.mergeSources({src(1), changed});
    QCOMPARE(repainted.size(), change == 0 ? 0 : 1);
    if (change != 0) {
        QCOMPARE(repainted.first().at(0).toModelIndex().row(), 1);
        QCOMPARE(repainted.first().at(1).toModelIndex().column(), SourceModel::ColumnCount - 1);
    }
    const Source now = model.index(1, 0).data(SourceModel::RowRole).value<Source>();
    QVERIFY(now == changed);
}

// Rows are held in chunks of SourceRows::chunkSize (issue 12): removals that span chunk borders
// move the rows after them down, appends fill a partly used chunk, and every lookup agrees.
void TestSourceModel::removeAndAppend_acrossRowChunks_keepsOrderIdsAndIndexes()
{
    const int chunk = int(SourceRows::chunkSize);
    const int count = 3 * chunk + 17;
    SourceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<Source> rows;
    for (int n = 0; n < count; ++n)
        rows << src(n, n % 5 == 0 ? u"error"_s : u"active"_s);
    model.mergeSources(rows.mid(0, chunk - 3)); // the next merge fills a partly used chunk
    model.mergeSources(rows.mid(chunk - 3));
    QCOMPARE(model.rowCount(), count);
    const QPersistentModelIndex held(model.index(2 * chunk + 5, 0));

    // Keep everything but a run across the first chunk border and every third row of the last
    // chunk.
    QSet<QString> keep;
    QStringList want;
    for (int n = 0; n < count; ++n) {
        const bool gone = (n >= chunk - 10 && n < chunk + 10) || (n >= 3 * chunk && n % 3 == 0);
        if (!gone) {
            keep.insert(fakeId('a', n));
            want << fakeId('a', n);
        }
    }
    model.removeMissing(keep);
    QCOMPARE(idsOf(model), want);
    QVERIFY(held.isValid());
    QCOMPARE(held.data(SourceModel::IdRole).toString(), fakeId('a', 2 * chunk + 5));

    // Appending after a removal continues where the rows now end.
    model.mergeSources({src(count), src(count + 1)});
    want << fakeId('a', count) << fakeId('a', count + 1);
    QCOMPARE(idsOf(model), want);
    int errors = 0;
    for (int r = 0; r < model.rowCount(); ++r) {
        QCOMPARE(model.rowOf(want[r]), r);
        QCOMPARE(model.sourceAt(r).id, want[r]);
        QCOMPARE(model.source(want[r])->connectionNickname,
                 model.index(r, 0).data(SourceModel::NicknameRole).toString());
        errors += model.sourceAt(r).status == u"error"_s ? 1 : 0;
    }
    QCOMPARE(model.statusCounts().value(u"error"_s), errors);
    QCOMPARE(model.statusCounts().value(u"active"_s), model.rowCount() - errors);
}

QTEST_MAIN(TestSourceModel)
#include "tst_sourcemodel.moc"
