#include "fakebackend.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"
#include "proxyoracle.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {
const QDateTime kNow = QDateTime(QDate(2026, 3, 2), QTime(12, 0), Qt::UTC);

QStringList visibleNicknames(const QAbstractItemModel &proxy)
{
    QStringList out;
    for (int r = 0; r < proxy.rowCount(); ++r)
        out << proxy.index(r, 0).data(SourceModel::NicknameRole).toString();
    return out;
}
} // namespace

class TestSourceFilterProxy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void filter_matchesTextStatusProviderAndKb_data();
    void filter_matchesTextStatusProviderAndKb();
    void sortByStatus_putsErrorsFirstUsingRawValues();
    void sortByLastSynced_comparesDatesNotStrings();
    void liveStatusChange_leavesStatusFilter();
    void textFilter_sameRowsAsPerFieldCaseInsensitiveMatch_data();
    void textFilter_sameRowsAsPerFieldCaseInsensitiveMatch();
    void setText_emitsTextChangedOncePerChange();
    void refilter_isOneLayoutChange_noRowRangeSignals();
    void sort_everyColumnBothOrders_matchesCompareSortKeys_data();
    void sort_everyColumnBothOrders_matchesCompareSortKeys();
    void liveChanges_insertsUpdatesRemovals_keepFilterAndSortInStep();
    void sortedPage_fewGaps_isOneInsertionPerGap_manyGaps_oneLayoutChange();
    void refilter_persistentIndexesFollowTheirRows();
};

void TestSourceFilterProxy::filter_matchesTextStatusProviderAndKb_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("statuses");
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QStringList>("kbs");
    QTest::addColumn<int>("expected");
    // makeSources(28, 2): statuses cycle a,a,e,s with every 7th "paused_by_admin"; providers
    // cycle notion, google_drive, s3, url; KBs alternate.
    QTest::newRow("no filter") << QString() << QStringList{} << QString() << QStringList{} << 28;
    QTest::newRow("nickname text")
        << u"source 1"_s << QStringList{} << QString() << QStringList{} << 11;
    QTest::newRow("id text") << fakeId('a', 5).left(8) << QStringList{} << QString()
                             << QStringList{} << 1;
    QTest::newRow("provider text")
        << u"DRIVE"_s << QStringList{} << QString() << QStringList{} << 7;
    QTest::newRow("errored") << QString() << QStringList{u"error"_s} << QString() << QStringList{}
                             << 6;
    QTest::newRow("error or syncing")
        << QString() << QStringList{u"error"_s, u"syncing"_s} << QString() << QStringList{} << 12;
    QTest::newRow("unknown status")
        << QString() << QStringList{u"paused_by_admin"_s} << QString() << QStringList{} << 4;
    QTest::newRow("provider") << QString() << QStringList{} << u"s3"_s << QStringList{} << 7;
    QTest::newRow("kb") << QString() << QStringList{} << QString() << QStringList{fakeId('b', 1)}
                        << 14;
    QTest::newRow("kb and provider")
        << QString() << QStringList{} << u"notion"_s << QStringList{fakeId('b', 0)} << 7;
    QTest::newRow("nothing matches")
        << u"zzz"_s << QStringList{} << QString() << QStringList{} << 0;
}

void TestSourceFilterProxy::filter_matchesTextStatusProviderAndKb()
{
    QFETCH(QString, text);
    QFETCH(QStringList, statuses);
    QFETCH(QString, provider);
    QFETCH(QStringList, kbs);
    QFETCH(int, expected);
    SourceModel model;
    model.mergeSources(makeSources(28, 2, kNow));
    SourceFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.setText(text);
    proxy.setStatuses(QSet<QString>(statuses.cbegin(), statuses.cend()));
    proxy.setProvider(provider);
    proxy.setKnowledgeBases(QSet<QString>(kbs.cbegin(), kbs.cend()));
    QCOMPARE(proxy.rowCount(), expected);
    for (int r = 0; r < proxy.rowCount(); ++r) {
        const QModelIndex idx = proxy.index(r, 0);
        if (!statuses.isEmpty())
            QVERIFY(statuses.contains(idx.data(SourceModel::StatusRole).toString()));
        if (!provider.isEmpty())
            QCOMPARE(idx.data(SourceModel::ProviderRole).toString(), provider);
        if (!kbs.isEmpty())
            QVERIFY(kbs.contains(idx.data(SourceModel::KbIdRole).toString()));
    }
}

void TestSourceFilterProxy::sortByStatus_putsErrorsFirstUsingRawValues()
{
    SourceModel model;
    model.mergeSources(makeSources(8, 1, kNow));
    SourceFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.sort(SourceModel::StatusColumn, Qt::AscendingOrder);
    QStringList statuses;
    for (int r = 0; r < proxy.rowCount(); ++r)
        statuses << proxy.index(r, 0).data(SourceModel::StatusRole).toString();
    QCOMPARE(statuses, (QStringList{u"error"_s, u"syncing"_s, u"syncing"_s, u"paused_by_admin"_s,
                                    u"active"_s, u"active"_s, u"active"_s, u"active"_s}));
}

void TestSourceFilterProxy::sortByLastSynced_comparesDatesNotStrings()
{
    SourceModel model;
    QList<Source> sources = makeSources(3, 1, kNow);
    // Display strings would sort "2026-03-02 09:…" before "2026-03-02 10:…" either way; pick dates
    // whose local text order and time order disagree across a year boundary.
    sources[0].updatedAt = QDateTime(QDate(2025, 12, 31), QTime(23, 0), Qt::UTC);
    sources[1].updatedAt = QDateTime(QDate(2026, 1, 1), QTime(1, 0), Qt::UTC);
    sources[2].updatedAt = QDateTime(QDate(2024, 6, 1), QTime(1, 0), Qt::UTC);
    model.mergeSources(sources);
    SourceFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(SourceModel::UpdatedColumn, Qt::DescendingOrder);
    QCOMPARE(visibleNicknames(proxy), (QStringList{u"Source 1"_s, u"Source 0"_s, u"Source 2"_s}));
}

void TestSourceFilterProxy::liveStatusChange_leavesStatusFilter()
{
    SourceModel model;
    model.mergeSources(makeSources(4, 1, kNow)); // Source 2 is in error
    SourceFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.setStatuses({u"error"_s});
    QCOMPARE(visibleNicknames(proxy), QStringList{u"Source 2"_s});
    model.markSyncing(fakeId('a', 2), fakeId('d', 1), kNow);
    QCOMPARE(proxy.rowCount(), 0);
}

void TestSourceFilterProxy::textFilter_sameRowsAsPerFieldCaseInsensitiveMatch_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("nickname, other case") << u"ÄRGER"_s;
    QTest::newRow("final sigma vs sigma") << u"ΟΔΟΣ"_s;
    QTest::newRow("kb name") << u"billing"_s;
    QTest::newRow("job id prefix") << fakeId('d', 3).left(6).toUpper();
    QTest::newRow("source id") << fakeId('a', 11);
    QTest::newRow("provider part") << u"_DR"_s;
    QTest::newRow("kb id") << fakeId('b', 1);
    QTest::newRow("across two fields never") << u"notion Source"_s;
    QTest::newRow("surrounding spaces trimmed") << u"  source 1 "_s;
    QTest::newRow("one letter") << u"e"_s;
    QTest::newRow("ascii needle, Kelvin sign in the field") << u"kelvin"_s;
    QTest::newRow("ascii needle, upper case") << u"SOURCE 3"_s;
}

// The proxy reads the rows directly; the result must equal the per-field, per-role
// case-insensitive match it replaced, over nicknames with non-ASCII case pairs.
void TestSourceFilterProxy::textFilter_sameRowsAsPerFieldCaseInsensitiveMatch()
{
    QFETCH(QString, text);
    SourceModel model;
    QList<Source> sources = makeSources(40, 3, kNow);
    sources[3].connectionNickname = u"Ärger im Büro"_s;
    sources[5].connectionNickname = u"ärgerlich"_s;
    sources[7].connectionNickname = u"οδος"_s;
    sources[9].connectionNickname = u"ΟΔΟς"_s;
    sources[11].connectionNickname = u"\u212Aelvin probe"_s; // KELVIN SIGN folds to 'k'
    for (int i = 0; i < sources.size(); i += 3)
        sources[i].lastSyncJobId = fakeId('d', i);
    model.mergeSources(sources);
    model.setKnowledgeBaseNames(
        {{fakeId('b', 0), u"Billing Support"_s}, {fakeId('b', 2), u"Legal"_s}});
    SourceFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.setText(text);

    QStringList expected;
    const QString needle = text.trimmed();
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex idx = model.index(r, 0);
        for (const int role : {int(SourceModel::NicknameRole), int(SourceModel::IdRole),
                               int(SourceModel::ProviderRole), int(SourceModel::KbIdRole),
                               int(SourceModel::KbNameRole), int(SourceModel::LastJobIdRole)}) {
            if (idx.data(role).toString().contains(needle, Qt::CaseInsensitive)) {
                expected << idx.data(SourceModel::IdRole).toString();
                break;
            }
        }
    }
    QStringList shown;
    for (int r = 0; r < proxy.rowCount(); ++r)
        shown << proxy.index(r, 0).data(SourceModel::IdRole).toString();
    expected.sort();
    shown.sort();
    QCOMPARE(shown, expected);
}

void TestSourceFilterProxy::setText_emitsTextChangedOncePerChange()
{
    SourceModel model;
    model.mergeSources(makeSources(10, 1, kNow));
    SourceFilterProxy proxy;
    proxy.setSourceModel(&model);
    QSignalSpy spy(&proxy, &SourceFilterProxy::textChanged);
    proxy.setText(u"source"_s);
    proxy.setText(u" source "_s); // the same filter once trimmed: no refilter
    proxy.setText(u"source 1"_s);
    QCOMPARE(spy.size(), 2);
    QCOMPARE(proxy.rowCount(), 1);
}

// Issue 12: QSortFilterProxyModel removed and inserted rows in one range per gap (thousands at
// 100,000 rows, each rescanning the header); this proxy changes the layout once.
void TestSourceFilterProxy::refilter_isOneLayoutChange_noRowRangeSignals()
{
    SourceModel model;
    model.mergeSources(makeSources(500, 3, kNow));
    SourceFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.sort(SourceModel::StatusColumn, Qt::AscendingOrder);
    QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
    QSignalSpy removed(&proxy, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    QSignalSpy resets(&proxy, &QAbstractItemModel::modelReset);

    proxy.setStatuses({u"error"_s});
    QCOMPARE(layouts.size(), 1);
    QCOMPARE(proxy.rowCount(), int(expectedIds(model, {u"error"_s}, 2, Qt::AscendingOrder).size()));
    proxy.setStatuses({});
    QCOMPARE(layouts.size(), 2);
    QCOMPARE(proxy.rowCount(), 500);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(resets.size(), 0);
}

void TestSourceFilterProxy::sort_everyColumnBothOrders_matchesCompareSortKeys_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    for (int c = 0; c < SourceModel::ColumnCount; ++c) {
        const char *key = SourceModel::columns()[std::size_t(c)].key;
        QTest::addRow("%s ascending", key) << c << Qt::AscendingOrder;
        QTest::addRow("%s descending", key) << c << Qt::DescendingOrder;
    }
}

// The permutation sort on precomputed keys orders exactly as the per-comparison QVariant sort it
// replaced (case-insensitive text, times as times, no time first, ties by id).
void TestSourceFilterProxy::sort_everyColumnBothOrders_matchesCompareSortKeys()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    SourceModel model;
    QList<Source> sources = makeSources(120, 4, kNow);
    for (int i = 0; i < sources.size(); i += 5) {
        sources[i].connectionNickname = sources[i].connectionNickname.toUpper();
        sources[i].updatedAt = {};
        sources[i].lastSyncJobId = fakeId('d', 120 - i);
    }
    // Case pairs beyond ASCII: the keys are folded once, and must order as the per-comparison
    // case-insensitive compare did.
    sources[3].connectionNickname = u"Ärger"_s;
    sources[4].connectionNickname = u"ärger"_s;
    sources[7].connectionNickname = u"ΟΔΟΣ"_s;
    sources[8].connectionNickname = u"οδος"_s;
    sources[9].connectionNickname = u"Zeta"_s;
    model.mergeSources(sources);
    model.setKnowledgeBaseNames({{fakeId('b', 0), u"zeta"_s}, {fakeId('b', 1), u"Alpha"_s}});
    SourceFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.sort(column, order);
    QCOMPARE(visibleIds(proxy), expectedIds(model, {}, column, order));
}

// Live updates while filtered and sorted: rows change status (move within the sort, enter and
// leave the filter), pages arrive (between shown rows and after them), rows go.
void TestSourceFilterProxy::liveChanges_insertsUpdatesRemovals_keepFilterAndSortInStep()
{
    SourceModel model;
    QList<Source> all = makeSources(400, 3, kNow);
    model.mergeSources(all.mid(0, 200));
    SourceFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    const QSet<QString> statuses{u"error"_s, u"syncing"_s, u"active"_s};
    proxy.setStatuses(statuses);
    proxy.sort(SourceModel::StatusColumn, Qt::DescendingOrder);
    QCOMPARE(visibleIds(proxy), expectedIds(model, statuses, 2, Qt::DescendingOrder));

    // One row at a time (the live status path) and many at once (a refresh's bulk change).
    for (int i = 0; i < 200; i += 3) {
        Source s = *model.source(all[i].id);
        s.status = QStringList{u"error"_s, u"paused_by_admin"_s, u"active"_s, u"syncing"_s}[i % 4];
        model.mergeSources({s});
    }
    QCOMPARE(visibleIds(proxy), expectedIds(model, statuses, 2, Qt::DescendingOrder));
    QList<Source> changed;
    for (int i = 0; i < 200; ++i) {
        Source s = *model.source(all[i].id);
        s.status = i % 2 ? u"active"_s : u"error"_s;
        changed << s;
    }
    model.mergeSources(changed);
    QCOMPARE(visibleIds(proxy), expectedIds(model, statuses, 2, Qt::DescendingOrder));

    model.mergeSources(all.mid(200, 100)); // pages landing between shown rows
    QCOMPARE(visibleIds(proxy), expectedIds(model, statuses, 2, Qt::DescendingOrder));
    proxy.sort(-1, Qt::AscendingOrder); // unsorted: source order, appended at the end
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    model.mergeSources(all.mid(300, 100));
    QCOMPARE(inserted.size(), 1);
    proxy.sort(SourceModel::NicknameColumn, Qt::AscendingOrder);
    QCOMPARE(visibleIds(proxy), expectedIds(model, statuses, 0, Qt::AscendingOrder));

    QSet<QString> keep;
    for (int i = 0; i < all.size(); ++i) {
        if (i % 3 != 1 && (i < 150 || i > 170))
            keep.insert(all[i].id);
    }
    model.removeMissing(keep);
    QCOMPARE(model.rowCount(), int(keep.size()));
    QCOMPARE(visibleIds(proxy), expectedIds(model, statuses, 0, Qt::AscendingOrder));
    proxy.setStatuses({});
    QCOMPARE(visibleIds(proxy), expectedIds(model, {}, 0, Qt::AscendingOrder));
}

// What keeps a view's selection and current row: persistent indexes move with their source rows
// through a refilter and a sort, and those whose rows are hidden become invalid.
void TestSourceFilterProxy::refilter_persistentIndexesFollowTheirRows()
{
    SourceModel model;
    model.mergeSources(makeSources(60, 2, kNow));
    SourceFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(SourceModel::NicknameColumn, Qt::AscendingOrder);
    QList<QPersistentModelIndex> kept;
    for (int r = 0; r < proxy.rowCount(); r += 7)
        kept << QPersistentModelIndex(proxy.index(r, 3));
    QStringList ids;
    for (const QPersistentModelIndex &p : std::as_const(kept))
        ids << p.data(SourceModel::IdRole).toString();

    proxy.setProvider(u"s3"_s);
    proxy.sort(SourceModel::UpdatedColumn, Qt::DescendingOrder);
    for (qsizetype i = 0; i < kept.size(); ++i) {
        const int row = model.rowOf(ids[i]);
        if (model.sourceAt(row).provider == u"s3"_s) {
            QVERIFY(kept[i].isValid());
            QCOMPARE(kept[i].column(), 3);
            QCOMPARE(kept[i].data(SourceModel::IdRole).toString(), ids[i]);
        } else {
            QVERIFY(!kept[i].isValid());
        }
    }
}

// A page of a listing sorted by status lands at the end of each status group: a few insertions,
// no layout change (issue 12: page-by-page load); rows scattered over more gaps than
// maxInsertRuns are one layout change. Both under the model tester, persistent indexes kept.
void TestSourceFilterProxy::sortedPage_fewGaps_isOneInsertionPerGap_manyGaps_oneLayoutChange()
{
    SourceModel model;
    const QList<Source> all = makeSources(400, 3, kNow);
    QList<Source> even;
    QList<Source> odd;
    for (int i = 0; i < 200; ++i)
        (i % 2 ? odd : even) << all[i];
    model.mergeSources(even);
    SourceFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    const QSet<QString> statuses{u"error"_s, u"syncing"_s, u"active"_s};
    proxy.setStatuses(statuses);
    proxy.sort(SourceModel::StatusColumn, Qt::AscendingOrder);
    const QPersistentModelIndex held(proxy.index(proxy.rowCount() / 2, 0));
    const QString heldId = held.data(SourceModel::IdRole).toString();

    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
    model.mergeSources(all.mid(200, 100)); // ids after every row shown: one gap per status
    QCOMPARE(visibleIds(proxy),
             expectedIds(model, statuses, SourceModel::StatusColumn, Qt::AscendingOrder));
    QCOMPARE(layouts.size(), 0);
    // One per gap: the end of the active and of the error group (the shown rows hold no syncing
    // row, so the syncing rows share a gap with a neighbouring group's end or have their own).
    QVERIFY2(inserted.size() >= 2 && inserted.size() <= 3,
             qPrintable(QString::number(inserted.size())));
    QCOMPARE(held.data(SourceModel::IdRole).toString(), heldId);

    inserted.clear();
    proxy.sort(SourceModel::SourceIdColumn, Qt::AscendingOrder);
    layouts.clear();
    model.mergeSources(odd); // each id between two shown ones: ~70 gaps
    QCOMPARE(visibleIds(proxy),
             expectedIds(model, statuses, SourceModel::SourceIdColumn, Qt::AscendingOrder));
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(layouts.size(), 1);
    QCOMPARE(held.data(SourceModel::IdRole).toString(), heldId);
}

QTEST_MAIN(TestSourceFilterProxy)
#include "tst_sourcefilterproxy.moc"
