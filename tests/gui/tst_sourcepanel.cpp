// The source table's selection and filter plumbing (issue 12): Select errored and the selection
// queries are built from row ranges, not per row, and must select exactly what the per-row code
// did; filter typing is debounced into one refilter. Counts and contents only, never durations.
#include "models/presentation.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"
#include "ui/filterbar.h"
#include "ui/sourcepanel.h"
#include "unit/models/fakebackend.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {
const QDateTime kNow = QDateTime(QDate(2026, 3, 2), QTime(12, 0), Qt::UTC);

QSet<QString> toSet(const QStringList &list)
{
    return QSet<QString>(list.cbegin(), list.cend());
}

// What the view shows, row by row, for a status kind.
QStringList visibleIds(const SourcePanel &panel, bool onlyErrored)
{
    QStringList ids;
    const QAbstractItemModel *proxy = panel.proxy();
    for (int r = 0; r < proxy->rowCount(); ++r) {
        const QModelIndex idx = proxy->index(r, 0);
        if (!onlyErrored
            || statusKind(idx.data(SourceModel::StatusRole).toString()) == StatusKind::Error)
            ids << idx.data(SourceModel::IdRole).toString();
    }
    return ids;
}

QString summaryText(const SourcePanel &panel)
{
    const auto labels = panel.findChildren<QLabel *>();
    for (const QLabel *label : labels) {
        if (label->accessibleName()
            == QApplication::translate("feather::SourcePanel", "Source count"))
            return label->text();
    }
    return {};
}
} // namespace

class TestSourcePanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void selectErrored_selectsExactlyTheVisibleErroredRows_data();
    void selectErrored_selectsExactlyTheVisibleErroredRows();
    void selectedSourceIds_afterDeselectingOneRow_excludesExactlyThatRow();
    void selectSources_selectsExactlyTheVisibleGivenIds();
    void filterTyping_burstOfKeystrokes_refiltersOnce();
    void filterClear_appliesAtOnce();
    void refilter_keepsTheScrolledRowsInStep();
    void refilter_keepsTheStillVisibleSelectedRowsSelected();
    void selectAll_thenNarrowFilter_keepsEveryVisibleRowSelected();
};

void TestSourcePanel::selectErrored_selectsExactlyTheVisibleErroredRows_data()
{
    QTest::addColumn<int>("sortColumn");
    QTest::addColumn<QString>("provider");
    // Sorted by status the errored rows are one run; by name they are scattered in many runs.
    QTest::newRow("by status") << int(SourceModel::StatusColumn) << QString();
    QTest::newRow("by name") << int(SourceModel::NicknameColumn) << QString();
    QTest::newRow("by name, one provider") << int(SourceModel::NicknameColumn) << u"s3"_s;
}

void TestSourcePanel::selectErrored_selectsExactlyTheVisibleErroredRows()
{
    QFETCH(int, sortColumn);
    QFETCH(QString, provider);
    SourceModel model;
    model.mergeSources(makeSources(203, 3, kNow));
    SourcePanel panel(&model);
    QAbstractItemModelTester tester(panel.proxy(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.view()->sortByColumn(sortColumn, Qt::AscendingOrder);
    panel.proxy()->setProvider(provider);
    // A previous selection is replaced, not extended.
    panel.selectAllVisible();
    QSignalSpy changed(&panel, &SourcePanel::selectionChanged);

    panel.selectErrored();

    const QStringList expected = visibleIds(panel, true);
    QVERIFY(expected.size() > 10);
    QCOMPARE(toSet(panel.selectedSourceIds()), toSet(expected));
    QCOMPARE(panel.selectedSourceIds().size(), expected.size());
    QCOMPARE(panel.selectedCount(), int(expected.size()));
    QCOMPARE(int(panel.view()->selectionModel()->selectedRows().size()), int(expected.size()));
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).toInt(), int(expected.size()));
    QTRY_VERIFY2(
        summaryText(panel).contains(QLocale().toString(int(expected.size())) + u" selected"_s),
        qPrintable(summaryText(panel)));
}

void TestSourcePanel::selectedSourceIds_afterDeselectingOneRow_excludesExactlyThatRow()
{
    SourceModel model;
    model.mergeSources(makeSources(50, 2, kNow));
    SourcePanel panel(&model);
    panel.selectAllVisible();
    QCOMPARE(panel.selectedCount(), 50);
    // Ctrl+click on a selected row: the selection splits into two ranges.
    const QModelIndex row = panel.proxy()->index(17, 0);
    panel.view()->selectionModel()->select(row,
                                           QItemSelectionModel::Toggle | QItemSelectionModel::Rows);
    QStringList expected = visibleIds(panel, false);
    expected.removeAt(17);
    QCOMPARE(panel.selectedSourceIds(), expected); // view order
    QCOMPARE(panel.selectedCount(), 49);
}

void TestSourcePanel::selectSources_selectsExactlyTheVisibleGivenIds()
{
    SourceModel model;
    model.mergeSources(makeSources(40, 2, kNow));
    SourcePanel panel(&model);
    panel.proxy()->setProvider(u"notion"_s); // rows 0, 4, 8, …
    const QStringList wanted{fakeId('a', 8), fakeId('a', 1), fakeId('a', 12), fakeId('a', 4),
                             u"no-such-source"_s};
    panel.selectSources(wanted);
    QCOMPARE(toSet(panel.selectedSourceIds()),
             (QSet<QString>{fakeId('a', 4), fakeId('a', 8), fakeId('a', 12)}));
    QCOMPARE(panel.selectedCount(), 3);
}

void TestSourcePanel::filterTyping_burstOfKeystrokes_refiltersOnce()
{
    SourceModel model;
    model.mergeSources(makeSources(60, 2, kNow));
    SourcePanel panel(&model);
    auto *field = panel.filterBar()->findChild<QLineEdit *>();
    QVERIFY(field);
    QSignalSpy refilters(panel.proxy(), &SourceFilterProxy::textChanged);

    QTest::keyClicks(field, u"Source 1"_s);
    // Nothing yet: the keys came faster than the pause.
    QCOMPARE(refilters.size(), 0);
    QCOMPARE(panel.proxy()->rowCount(), 60);

    QTRY_COMPARE(refilters.size(), 1);
    QCOMPARE(refilters.at(0).at(0).toString(), u"Source 1"_s);
    QCOMPARE(panel.proxy()->text(), u"Source 1"_s);
    // "Source 1", "Source 10" … "Source 19".
    QCOMPARE(panel.proxy()->rowCount(), 11);
    QTest::qWait(SourcePanel::filterDelayMs * 2);
    QCOMPARE(refilters.size(), 1);
    // The row header follows the proxy and the table's selection.
    const QHeaderView *rows = panel.view()->verticalHeader();
    QCOMPARE(rows->count(), 11);
    QCOMPARE(rows->model(), panel.proxy());
    QCOMPARE(rows->selectionModel(), panel.view()->selectionModel());
}

void TestSourcePanel::filterClear_appliesAtOnce()
{
    SourceModel model;
    model.mergeSources(makeSources(30, 2, kNow));
    SourcePanel panel(&model);
    auto *field = panel.filterBar()->findChild<QLineEdit *>();
    QVERIFY(field);
    field->setText(u"Source 2"_s);
    QTRY_COMPARE(panel.proxy()->rowCount(), 11); // "Source 2", "Source 20" … "Source 29"
    panel.filterBar()->clear();
    QCOMPARE(panel.proxy()->text(), QString());
    QCOMPARE(panel.proxy()->rowCount(), 30);
}

// A refilter is one layout change; the rows painted must still follow the scroll bar.
void TestSourcePanel::refilter_keepsTheScrolledRowsInStep()
{
    SourceModel model;
    model.mergeSources(makeSources(400, 2, kNow));
    SourcePanel panel(&model);
    panel.resize(800, 400);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QScrollBar *bar = panel.view()->verticalScrollBar();
    bar->setValue(bar->maximum() / 2);
    QVERIFY(bar->value() > 0);
    const QHeaderView *rows = panel.view()->verticalHeader();
    QVERIFY(rows->offset() > 0);

    panel.proxy()->setProvider(u"s3"_s); // 100 of 400 rows stay
    QApplication::processEvents();

    QCOMPARE(panel.proxy()->rowCount(), 100);
    QCOMPARE(rows->count(), 100);
    // Whatever the scroll bar shows now, the header (which places the painted rows) agrees, as
    // QTableView itself places it: per item, the bottom end aligns the last row.
    int expected = bar->value();
    if (panel.view()->verticalScrollMode() == QAbstractItemView::ScrollPerItem)
        expected = bar->value() == bar->maximum() ? rows->length() - rows->viewport()->height()
                                                  : rows->sectionPosition(bar->value());
    QCOMPARE(rows->offset(), expected);
}

// The proxy refilters as one layout change (issue 12); the selection must still behave as it did
// with row removal: hidden rows leave it, and do not come back when the filter widens.
void TestSourcePanel::refilter_keepsTheStillVisibleSelectedRowsSelected()
{
    SourceModel model;
    model.mergeSources(makeSources(200, 2, kNow));
    SourcePanel panel(&model);
    QAbstractItemModelTester tester(panel.proxy(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QStringList wanted;
    for (int i = 0; i < 200; i += 3)
        wanted << fakeId('a', i);
    panel.selectSources(wanted);
    QCOMPARE(panel.selectedCount(), int(wanted.size()));
    QSignalSpy changed(&panel, &SourcePanel::selectionChanged);

    panel.proxy()->setProvider(u"s3"_s); // sources 2, 6, 10, …
    QStringList stillShown;
    for (const QString &id : std::as_const(wanted)) {
        if (model.source(id)->provider == u"s3"_s)
            stillShown << id;
    }
    QVERIFY(stillShown.size() > 5);
    QCOMPARE(toSet(panel.selectedSourceIds()), toSet(stillShown));
    QCOMPARE(int(panel.view()->selectionModel()->selectedRows().size()), int(stillShown.size()));
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).toInt(), int(stillShown.size()));

    panel.proxy()->setProvider({});
    QCOMPARE(toSet(panel.selectedSourceIds()), toSet(stillShown));
    panel.view()->sortByColumn(SourceModel::NicknameColumn, Qt::DescendingOrder);
    QCOMPARE(toSet(panel.selectedSourceIds()), toSet(stillShown));
}

// A whole-table selection survives a refilter as "every row still shown", not as nothing.
void TestSourcePanel::selectAll_thenNarrowFilter_keepsEveryVisibleRowSelected()
{
    SourceModel model;
    model.mergeSources(makeSources(300, 2, kNow)); // over QItemSelectionModel's 1,000 cells
    SourcePanel panel(&model);
    panel.selectAllVisible();
    QCOMPARE(panel.selectedCount(), 300);

    panel.proxy()->setProvider(u"notion"_s);
    QCOMPARE(panel.proxy()->rowCount(), 75);
    QCOMPARE(panel.selectedCount(), 75);
    QCOMPARE(toSet(panel.selectedSourceIds()), toSet(visibleIds(panel, false)));
}

QTEST_MAIN(TestSourcePanel)
#include "tst_sourcepanel.moc"
