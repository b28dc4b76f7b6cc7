#include "fakebackend.h"
#include "models/knowledgebasemodel.h"
#include "models/sourcefilterproxy.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {
const QDateTime kNow = QDateTime(QDate(2026, 3, 2), QTime(12, 0), Qt::UTC);
}

class TestKnowledgeBaseModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void refresh_showsAllRowAndPerStatusCounts_data();
    void refresh_showsAllRowAndPerStatusCounts();
    void refresh_mergesByIdSoSelectionSurvives();
    void failedListing_reportsMessageAndKeepsRows();
    void sortProxy_keepsAllRowOnTopBothWays();
};

void TestKnowledgeBaseModel::refresh_showsAllRowAndPerStatusCounts_data()
{
    QTest::addColumn<int>("kbCount");
    QTest::addColumn<int>("sourceCount");
    QTest::newRow("empty workspace") << 0 << 0;
    QTest::newRow("one kb") << 1 << 5;
    QTest::newRow("several kbs") << 4 << 57;
    QTest::newRow("kb without sources") << 3 << 2;
}

void TestKnowledgeBaseModel::refresh_showsAllRowAndPerStatusCounts()
{
    QFETCH(int, kbCount);
    QFETCH(int, sourceCount);
    FakeBackend backend;
    backend.kbs = makeKbs(kbCount);
    backend.sources = kbCount > 0 ? makeSources(sourceCount, kbCount, kNow) : QList<Source>{};
    KnowledgeBaseModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBackend(&backend);
    QSignalSpy loaded(&model, &KnowledgeBaseModel::loaded);
    model.refresh();
    QTRY_COMPARE(loaded.size(), 1);

    QCOMPARE(model.rowCount(), kbCount + 1);
    const QModelIndex all = model.index(0, KnowledgeBaseModel::NameColumn);
    QVERIFY(all.data(KnowledgeBaseModel::IsAllRole).toBool());
    QCOMPARE(all.data().toString(), u"All knowledge bases"_s);
    QVERIFY(all.data(KnowledgeBaseModel::IdRole).toString().isEmpty());
    QCOMPARE(model.index(0, KnowledgeBaseModel::SourcesColumn).data().toInt(),
             int(backend.sources.size()));

    int active = 0, syncing = 0, error = 0, other = 0, sum = 0;
    for (int r = 1; r < model.rowCount(); ++r) {
        active += model.index(r, KnowledgeBaseModel::ActiveColumn).data().toInt();
        syncing += model.index(r, KnowledgeBaseModel::SyncingColumn).data().toInt();
        error += model.index(r, KnowledgeBaseModel::ErrorColumn).data().toInt();
        other += model.index(r, KnowledgeBaseModel::OtherColumn).data().toInt();
        sum += model.index(r, KnowledgeBaseModel::SourcesColumn)
                   .data(KnowledgeBaseModel::RawValueRole)
                   .toInt();
    }
    QCOMPARE(active + syncing + error + other, int(backend.sources.size()));
    QCOMPARE(sum, int(backend.sources.size()));
    QCOMPARE(model.index(0, KnowledgeBaseModel::ErrorColumn).data().toInt(), error);
    QCOMPARE(model.index(0, KnowledgeBaseModel::OtherColumn).data().toInt(), other);
}

void TestKnowledgeBaseModel::refresh_mergesByIdSoSelectionSurvives()
{
    FakeBackend backend;
    backend.kbs = makeKbs(3);
    KnowledgeBaseModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBackend(&backend);
    QSignalSpy loaded(&model, &KnowledgeBaseModel::loaded);
    model.refresh();
    QTRY_COMPARE(loaded.size(), 1);
    const QPersistentModelIndex kb2(model.index(3, 0));
    QCOMPARE(kb2.data(KnowledgeBaseModel::IdRole).toString(), fakeId('b', 2));

    backend.kbs.removeAt(0);
    backend.kbs[1].name = u"Renamed"_s;
    model.refresh();
    QTRY_COMPARE(loaded.size(), 2);
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(kb2.isValid());
    QCOMPARE(kb2.row(), 2);
    QCOMPARE(kb2.data().toString(), u"Renamed"_s);
    QCOMPARE(model.nameOf(fakeId('b', 2)), u"Renamed"_s);
}

void TestKnowledgeBaseModel::failedListing_reportsMessageAndKeepsRows()
{
    FakeBackend backend;
    backend.kbs = makeKbs(2);
    KnowledgeBaseModel model;
    model.setBackend(&backend);
    QSignalSpy loaded(&model, &KnowledgeBaseModel::loaded);
    QSignalSpy failed(&model, &KnowledgeBaseModel::loadFailed);
    model.refresh();
    QTRY_COMPARE(loaded.size(), 1);
    backend.failKbs = true;
    model.refresh();
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed.first().first().toString(), u"connection refused"_s);
    QCOMPARE(model.rowCount(), 3);
}

void TestKnowledgeBaseModel::sortProxy_keepsAllRowOnTopBothWays()
{
    KnowledgeBaseModel model;
    QList<KnowledgeBase> kbs = makeKbs(3);
    kbs[0].name = u"zeta"_s;
    kbs[1].name = u"Alpha"_s;
    kbs[2].name = u"mid"_s;
    model.setKnowledgeBases(kbs);
    KnowledgeBaseSortProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.sort(KnowledgeBaseModel::NameColumn, Qt::AscendingOrder);
    QVERIFY(proxy.index(0, 0).data(KnowledgeBaseModel::IsAllRole).toBool());
    QCOMPARE(proxy.index(1, 0).data().toString(), u"Alpha"_s);
    QCOMPARE(proxy.index(3, 0).data().toString(), u"zeta"_s);
    proxy.sort(KnowledgeBaseModel::NameColumn, Qt::DescendingOrder);
    QVERIFY(proxy.index(0, 0).data(KnowledgeBaseModel::IsAllRole).toBool());
    QCOMPARE(proxy.index(1, 0).data().toString(), u"zeta"_s);
}

QTEST_MAIN(TestKnowledgeBaseModel)
#include "tst_knowledgebasemodel.moc"
