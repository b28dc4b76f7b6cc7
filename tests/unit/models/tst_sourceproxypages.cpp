// Pages of a listing landing in SourceFilterProxy (issue 12, page-by-page load): rows arrive in
// random order and in pages of random sizes, with ties on the sort key and on the leading code
// units the proxy packs into integers; after every page the proxy shows exactly what a full sort
// of everything loaded gives, maps every source row to where it shows, and keeps a selection.
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"
#include "proxyoracle.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QRandomGenerator>
#include <QTest>
#include <algorithm>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {
const QDateTime kNow = QDateTime(QDate(2026, 3, 2), QTime(12, 0), Qt::UTC);

// Rows whose sort keys tie often and differ late, or in units the packed prefixes cannot hold
// (beyond Latin-1, a zero unit, texts of 8 units and longer); ids share their first 24 units and
// are canonical UUIDs (compared as 128 bits), upper-case ones (their first 8 units packed) or
// start outside Latin-1 (compared as strings), so the id tie-break takes each of its paths.
QList<Source> tiedSources(int count)
{
    const QStringList nicknames{u"ab"_s,
                                u"AB"_s,
                                QStringView(u"ab\0", 3).toString(),
                                u"abc"_s,
                                u"a"_s,
                                QString(),
                                u"abcdefgh"_s,
                                u"ABCDEFGH"_s,
                                u"abcdefghi"_s,
                                u"handbook of the team"_s,
                                u"Handbook of the team A"_s,
                                u"\u03A9mega"_s,
                                u"\u03C9MEGA"_s,
                                u"a\u03A9"_s,
                                u"ab\u00E9"_s,
                                u"Stra\u00DFe"_s};
    const QStringList statuses{u"active"_s, u"error"_s, u"syncing"_s, u"paused_by_admin"_s,
                               u"active"_s};
    QList<Source> out;
    for (int i = 0; i < count; ++i) {
        Source s;
        const QString tail = QString::number((i * 7919) % 100003).rightJustified(12, u'0');
        s.id = (i % 13 == 5    ? u"\u00DC\u03A90000-0000-4000-8000-"_s
                : i % 13 == 9  ? u"C0000000-0000-4000-8000-"_s
                : i % 13 == 11 ? u"C000000"_s + QString::number(i % 2) + u"-0000-4000-8000-"_s
                               : u"c0000000-0000-4000-8000-"_s)
               + tail;
        s.knowledgeBaseId = u"b0000000-0000-4000-8000-00000000000"_s + QString::number(i % 3);
        s.provider = QStringList{u"notion"_s, u"s3"_s, u"url"_s}[i % 3];
        s.connectionNickname = nicknames[i % nicknames.size()];
        s.status = statuses[(i / 3) % statuses.size()];
        if (i % 6 != 4)
            s.updatedAt = kNow.addSecs(-60 * (i % 5));
        out.append(s);
    }
    return out;
}

// Every source row maps to the proxy row that shows it, or to nothing when filtered out.
bool mapsEveryRow(const SourceModel &model, const SourceFilterProxy &proxy,
                  const QSet<QString> &statuses)
{
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex at = proxy.mapFromSource(model.index(r, 1));
        const bool shown = statuses.isEmpty() || statuses.contains(model.sourceAt(r).status);
        if (at.isValid() != shown)
            return false;
        if (shown
            && (at.column() != 1
                || at.data(SourceModel::IdRole).toString() != model.sourceAt(r).id))
            return false;
    }
    return true;
}

// `rows` in a fixed random order, cut into pages of 1 to 40 rows.
QList<QList<Source>> shuffledPages(QList<Source> rows, quint32 seed)
{
    QRandomGenerator rng(seed);
    std::shuffle(rows.begin(), rows.end(), rng);
    QList<QList<Source>> pages;
    for (qsizetype i = 0; i < rows.size();) {
        const qsizetype n = std::min<qsizetype>(rng.bounded(1, 41), rows.size() - i);
        pages << rows.mid(i, n);
        i += n;
    }
    return pages;
}

QSet<QString> selectedIds(const QItemSelectionModel &selection)
{
    QSet<QString> ids;
    for (const QModelIndex &idx : selection.selectedRows())
        ids.insert(idx.data(SourceModel::IdRole).toString());
    return ids;
}
} // namespace

class TestSourceProxyPages : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void randomPagesWithTies_showTheFullSortAfterEveryPage_data();
    void randomPagesWithTies_showTheFullSortAfterEveryPage();
    void randomPagesWhileFiltered_showTheMatchingRowsInOrder_andFollowLiveChanges();
    void randomPagesWhileSelectionHeld_keepTheSelectedRows();
    void pagesWithRepeatedIds_oneRowPerId_rowOfFindsEveryRow();
};

void TestSourceProxyPages::randomPagesWithTies_showTheFullSortAfterEveryPage_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    for (const int c : {int(SourceModel::NicknameColumn), int(SourceModel::StatusColumn),
                        int(SourceModel::UpdatedColumn), int(SourceModel::SourceIdColumn),
                        int(SourceModel::ProviderColumn)}) {
        const char *key = SourceModel::columns()[std::size_t(c)].key;
        QTest::addRow("%s ascending", key) << c << Qt::AscendingOrder;
        QTest::addRow("%s descending", key) << c << Qt::DescendingOrder;
    }
}

void TestSourceProxyPages::randomPagesWithTies_showTheFullSortAfterEveryPage()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    SourceModel model;
    SourceFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.sort(column, order);
    const QList<QList<Source>> pages = shuffledPages(tiedSources(300), 4242 + quint32(column));
    for (const QList<Source> &page : pages) {
        model.mergeSources(page);
        QCOMPARE(visibleIds(proxy), expectedIds(model, {}, column, order));
        QVERIFY(mapsEveryRow(model, proxy, {}));
    }
    QCOMPARE(proxy.rowCount(), 300);
}

// Pages land while a status filter hides some rows: only the matching ones show, in order; then
// rows change status (enter and leave the filter, move within the sort) and the order holds.
void TestSourceProxyPages::
    randomPagesWhileFiltered_showTheMatchingRowsInOrder_andFollowLiveChanges()
{
    SourceModel model;
    SourceFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    const QSet<QString> statuses{u"error"_s, u"paused_by_admin"_s};
    proxy.setStatuses(statuses);
    proxy.sort(SourceModel::StatusColumn, Qt::DescendingOrder);
    const QList<Source> all = tiedSources(300);
    for (const QList<Source> &page : shuffledPages(all, 77)) {
        model.mergeSources(page);
        QCOMPARE(visibleIds(proxy),
                 expectedIds(model, statuses, SourceModel::StatusColumn, Qt::DescendingOrder));
        QVERIFY(mapsEveryRow(model, proxy, statuses));
    }
    QVERIFY(proxy.rowCount() > 0 && proxy.rowCount() < 300);

    proxy.sort(SourceModel::NicknameColumn, Qt::AscendingOrder);
    for (int i = 0; i < all.size(); i += 7) {
        Source s = *model.source(all[i].id);
        s.status = QStringList{u"error"_s, u"active"_s, u"paused_by_admin"_s}[(i / 7) % 3];
        s.connectionNickname = i % 2 ? u"ab"_s : u"zz top"_s;
        model.mergeSources({s});
        QCOMPARE(visibleIds(proxy),
                 expectedIds(model, statuses, SourceModel::NicknameColumn, Qt::AscendingOrder));
    }
    QVERIFY(mapsEveryRow(model, proxy, statuses));
}

// A selection (as the source table holds one while a listing loads) keeps exactly its rows while
// pages land before, between and after them, by sort key and by id.
void TestSourceProxyPages::randomPagesWhileSelectionHeld_keepTheSelectedRows()
{
    SourceModel model;
    SourceFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.sort(SourceModel::StatusColumn, Qt::AscendingOrder);
    const QList<QList<Source>> pages = shuffledPages(tiedSources(400), 9001);
    for (qsizetype p = 0; p < 5; ++p)
        model.mergeSources(pages[p]);
    QItemSelectionModel selection(&proxy);
    for (int r = 0; r < proxy.rowCount(); r += 3)
        selection.select(proxy.index(r, 0),
                         QItemSelectionModel::Select | QItemSelectionModel::Rows);
    selection.setCurrentIndex(proxy.index(1, 0), QItemSelectionModel::NoUpdate);
    const QSet<QString> held = selectedIds(selection);
    const QString current = selection.currentIndex().data(SourceModel::IdRole).toString();
    QVERIFY(held.size() >= 2);

    for (qsizetype p = 5; p < pages.size(); ++p) {
        model.mergeSources(pages[p]);
        QCOMPARE(selectedIds(selection), held);
        QCOMPARE(selection.currentIndex().data(SourceModel::IdRole).toString(), current);
        if (p % 10 == 0)
            proxy.sort(SourceModel::NicknameColumn,
                       p % 20 ? Qt::AscendingOrder : Qt::DescendingOrder);
    }
    QCOMPARE(visibleIds(proxy), expectedIds(model, {}, proxy.sortColumn(), proxy.sortOrder()));
}

// SourceModel's id index over loads that grow it many times: ids repeated within a page and
// across pages make one row each (a repeat updates it), rowOf finds every row, and after rows go
// it finds the rows that stayed, at their new places, and none of the others.
void TestSourceProxyPages::pagesWithRepeatedIds_oneRowPerId_rowOfFindsEveryRow()
{
    SourceModel model;
    SourceFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(SourceModel::NicknameColumn, Qt::AscendingOrder);
    const QList<Source> all = tiedSources(1200);
    QList<QList<Source>> pages = shuffledPages(all, 5);
    for (qsizetype p = 0; p < pages.size(); ++p) {
        QList<Source> page = pages[p];
        page << page.front(); // within the page
        if (p > 0) {
            Source again = pages[p - 1].back(); // across pages, changed
            again.connectionNickname = u"renamed "_s + again.id;
            page << again;
        }
        model.mergeSources(page);
    }
    QCOMPARE(model.rowCount(), 1200);
    QSet<QString> keep;
    for (int r = 0; r < model.rowCount(); ++r) {
        QCOMPARE(model.rowOf(model.sourceAt(r).id), r);
        if (r % 3)
            keep.insert(model.sourceAt(r).id);
    }
    QCOMPARE(model.rowOf(u"d0000000-0000-4000-8000-000000000000"_s), -1);
    QCOMPARE(visibleIds(proxy),
             expectedIds(model, {}, SourceModel::NicknameColumn, Qt::AscendingOrder));

    model.removeMissing(keep);
    QCOMPARE(model.rowCount(), int(keep.size()));
    for (const Source &s : all) {
        const int row = model.rowOf(s.id);
        QCOMPARE(row >= 0, keep.contains(s.id));
        if (row >= 0)
            QCOMPARE(model.sourceAt(row).id, s.id);
    }
    QCOMPARE(visibleIds(proxy),
             expectedIds(model, {}, SourceModel::NicknameColumn, Qt::AscendingOrder));
}

QTEST_MAIN(TestSourceProxyPages)
#include "tst_sourceproxypages.moc"
