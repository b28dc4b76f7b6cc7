// SourceModel at scale (issue 12): counts kept row by row must equal a recount of every row, and
// pages queued together must land as the same rows, order and selection as page by page.
#include "fakebackend.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"
#include "support/testsupport.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {
const QDateTime kNow = QDateTime(QDate(2026, 3, 2), QTime(12, 0), Qt::UTC);
const QStringList kStatuses{u"active"_s, u"error"_s, u"syncing"_s, u"paused"_s, u"odd"_s};

// What the counts were before they were kept incrementally: one pass over every row.
QHash<QString, QMap<QString, int>> recountByKb(const SourceModel &m)
{
    QHash<QString, QMap<QString, int>> counts;
    for (int r = 0; r < m.rowCount(); ++r)
        ++counts[m.sourceAt(r).knowledgeBaseId][m.sourceAt(r).status];
    return counts;
}

QMap<QString, int> recount(const SourceModel &m)
{
    QMap<QString, int> counts;
    for (int r = 0; r < m.rowCount(); ++r)
        ++counts[m.sourceAt(r).status];
    return counts;
}

QHash<QString, int> restuckByKb(const SourceModel &m)
{
    QHash<QString, int> counts;
    for (int r = 0; r < m.rowCount(); ++r) {
        if (m.isStuck(m.sourceAt(r)))
            ++counts[m.sourceAt(r).knowledgeBaseId];
    }
    return counts;
}

// The proxy's rows as source ids, in view order, and the selected ones.
QStringList shownIds(const QAbstractItemModel &proxy)
{
    QStringList ids;
    for (int r = 0; r < proxy.rowCount(); ++r)
        ids << proxy.index(r, 0).data(SourceModel::IdRole).toString();
    return ids;
}

QStringList selectedIds(const QItemSelectionModel &selection)
{
    QStringList ids;
    for (const QModelIndex &idx : selection.selectedRows())
        ids << idx.data(SourceModel::IdRole).toString();
    ids.sort();
    return ids;
}
} // namespace

class TestSourceLoad : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void incrementalCounts_equalFullRecountAfterRandomEdits();
    void queuedPages_landAsSameRowsOrderAndSelectionAsPageByPage();
    void queuedPages_mergeFewerTimesThanPages();
    void failedPageAfterQueuedPages_keepsEveryRowThatArrived();
};

void TestSourceLoad::incrementalCounts_equalFullRecountAfterRandomEdits()
{
    FakeBackend backend;
    SourceModel model;
    model.setBackend(&backend);
    model.setClock([] { return kNow; });
    model.setStuckAfterSeconds(600);
    QRandomGenerator rng(12);
    const auto randomSource = [&](int n) {
        Source s;
        s.id = fakeId('a', n);
        s.knowledgeBaseId = fakeId('b', int(rng.bounded(4u)));
        s.provider = u"notion"_s;
        s.connectionNickname = u"Source "_s + QString::number(n);
        s.status = kStatuses[int(rng.bounded(quint32(kStatuses.size())))];
        // Some syncs started long ago (stuck), some just now.
        s.updatedAt = kNow.addSecs(-qint64(rng.bounded(2000u)));
        return s;
    };
    for (int step = 0; step < 400; ++step) {
        const int action = int(rng.bounded(6u));
        const int n = int(rng.bounded(300u));
        switch (action) {
        case 0: { // a page of new and changed rows (duplicates within it too)
            QList<Source> page;
            for (int k = 0; k < 20; ++k)
                page << randomSource(int(rng.bounded(300u)));
            model.mergeSources(page);
            break;
        }
        case 1: {
            SyncStatus status;
            status.sourceId = fakeId('a', n);
            status.sourceStatus = kStatuses[int(rng.bounded(quint32(kStatuses.size())))];
            model.applySyncStatus(status);
            break;
        }
        case 2:
            model.markSyncing(fakeId('a', n), fakeId('d', step), kNow);
            break;
        case 3: { // a listing that no longer has some rows
            QSet<QString> keep;
            for (int r = 0; r < model.rowCount(); ++r) {
                if (rng.bounded(10u) != 0)
                    keep.insert(model.sourceAt(r).id);
            }
            model.removeMissing(keep);
            break;
        }
        case 4: {
            ConnectorFreshness f;
            f.sourceId = fakeId('a', n);
            f.lastErrorMessage = u"quota"_s;
            model.applyFreshness({f});
            break;
        }
        case 5: // an age tick: syncs pass the stuck threshold
            model.setClock([t = kNow.addSecs(step)] { return t; });
            model.tickAges();
            break;
        }
        QCOMPARE(model.statusCountsByKb(), recountByKb(model));
        QCOMPARE(model.statusCounts(), recount(model));
        QCOMPARE(model.stuckCountsByKb(), restuckByKb(model));
        int stuck = 0;
        for (int r = 0; r < model.rowCount(); ++r)
            stuck += model.isStuck(model.sourceAt(r)) ? 1 : 0;
        QCOMPARE(model.stuckCount(), stuck);
    }
    QVERIFY(model.rowCount() > 0);
    QVERIFY(model.stuckCount() > 0); // the walk did reach stuck rows
    model.removeMissing({});
    QVERIFY(model.statusCountsByKb().isEmpty());
}

void TestSourceLoad::queuedPages_landAsSameRowsOrderAndSelectionAsPageByPage()
{
    const QList<Source> all = makeSources(3000, 7, kNow);
    QList<QList<Source>> pages;
    for (qsizetype i = 0; i < all.size(); i += 100)
        pages << all.mid(i, 100);
    // Two consoles showing the first pages sorted by status with the errored rows selected;
    // the rest arrives page by page in one and queued at once in the other.
    SourceModel byPage;
    SourceModel queued;
    SourceFilterProxy byPageProxy;
    SourceFilterProxy queuedProxy;
    QAbstractItemModelTester t1(&queued, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(&queuedProxy,
                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    byPageProxy.setSourceModel(&byPage);
    queuedProxy.setSourceModel(&queued);
    byPageProxy.sort(SourceModel::StatusColumn);
    queuedProxy.sort(SourceModel::StatusColumn);
    QItemSelectionModel byPageSelection(&byPageProxy);
    QItemSelectionModel queuedSelection(&queuedProxy);
    for (int p = 0; p < 3; ++p) {
        byPage.mergeSources(pages[p]);
        queued.mergeSources(pages[p]);
    }
    for (auto [proxy, selection] :
         {std::pair{&byPageProxy, &byPageSelection}, std::pair{&queuedProxy, &queuedSelection}}) {
        for (int r = 0; r < proxy->rowCount(); ++r) {
            if (proxy->index(r, 0).data(SourceModel::StatusRole).toString() == u"error"_s)
                selection->select(proxy->index(r, 0),
                                  QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }
    QVERIFY(!selectedIds(queuedSelection).isEmpty());

    for (qsizetype p = 3; p < pages.size(); ++p)
        byPage.mergeSources(pages[p]);
    queued.appendPages(pages.mid(3));
    QVERIFY(queued.isMerging());
    QCOMPARE(queued.rowCount(), 300); // nothing lands before the event loop runs
    QVERIFY(QTest::qWaitFor([&] { return !queued.isMerging(); }, 10000));

    QCOMPARE(queued.rowCount(), all.size());
    for (int r = 0; r < queued.rowCount(); ++r)
        QCOMPARE(queued.sourceAt(r), byPage.sourceAt(r));
    QCOMPARE(shownIds(queuedProxy), shownIds(byPageProxy));
    QCOMPARE(selectedIds(queuedSelection), selectedIds(byPageSelection));
    QCOMPARE(queued.statusCountsByKb(), byPage.statusCountsByKb());
    QCOMPARE(queued.pagesLoaded(), int(pages.size()) - 3);
}

void TestSourceLoad::queuedPages_mergeFewerTimesThanPages()
{
    // A listing whose pages are all ready at once (a fast direct backend) lands in a few merges.
    FakeBackend backend;
    backend.pageSize = 50;
    backend.sources = makeSources(5000, 5, kNow);
    backend.allPagesAtOnce = true;
    SourceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBackend(&backend);
    SourceModel reference;
    reference.mergeSources(backend.sources);
    QSignalSpy merges(&model, &SourceModel::pageLoaded);
    QSignalSpy loaded(&model, &SourceModel::loaded);
    model.refresh();
    QVERIFY(QTest::qWaitFor([&] { return !loaded.isEmpty(); }, 30000));
    QCOMPARE(model.rowCount(), 5000);
    QCOMPARE(model.pagesLoaded(), 100);
    QVERIFY2(merges.size() < 100, qPrintable(QString::number(merges.size())));
    QCOMPARE(merges.last().first().toInt(), 5000);
    for (int r = 0; r < model.rowCount(); ++r)
        QCOMPARE(model.sourceAt(r), reference.sourceAt(r));
    QVERIFY(!model.isMerging());
    QVERIFY(model.isComplete());
}

void TestSourceLoad::failedPageAfterQueuedPages_keepsEveryRowThatArrived()
{
    FakeBackend backend;
    backend.pageSize = 10;
    backend.sources = makeSources(50, 2, kNow);
    backend.failAtPage = 3;
    backend.allPagesAtOnce = true; // the failure arrives with pages still queued
    SourceModel model;
    model.setBackend(&backend);
    QSignalSpy failed(&model, &SourceModel::loadFailed);
    model.refresh();
    QVERIFY(failed.wait(10000));
    // The pages before the failed one are in the model when the failure is reported.
    QCOMPARE(model.rowCount(), 30);
    QVERIFY(!model.isMerging());
    QVERIFY(!model.isComplete());
}

QTEST_GUILESS_MAIN(TestSourceLoad)
#include "tst_sourceload.moc"
