// Saved column layouts (ui/viewstate.cpp): versioned and keyed by column, so a layout saved with
// another column set restores what it can; the unversioned layouts of earlier builds too.
#include "models/columns.h"
#include "models/resultmodel.h"
#include "ui/viewstate.h"

#include <QApplication>
#include <QHeaderView>
#include <QMenu>
#include <QSettings>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace feather;

namespace {
struct ColumnDef {
    QString key;
    int width = 0;
    bool hidden = false;
};

// A model whose header answers the column roles the way the table models do.
std::unique_ptr<QStandardItemModel> modelWith(const QList<ColumnDef> &columns)
{
    auto model = std::make_unique<QStandardItemModel>(3, int(columns.size()));
    for (int c = 0; c < columns.size(); ++c) {
        model->setHeaderData(c, Qt::Horizontal, columns[c].key, Qt::DisplayRole);
        model->setHeaderData(c, Qt::Horizontal, columns[c].key, ColumnKeyRole);
        model->setHeaderData(c, Qt::Horizontal, columns[c].width, ColumnWidthRole);
        model->setHeaderData(c, Qt::Horizontal, columns[c].hidden, ColumnHiddenRole);
    }
    return model;
}

struct Table {
    explicit Table(const QList<ColumnDef> &columns)
        : model(modelWith(columns))
    {
        view.setModel(model.get());
        setUpTable(&view, u"test"_s);
        // A stretched last section has no width of its own to remember.
        view.horizontalHeader()->setStretchLastSection(false);
    }
    QHeaderView *header() const { return view.horizontalHeader(); }
    int logical(const QString &key) const
    {
        for (int c = 0; c < model->columnCount(); ++c) {
            if (model->headerData(c, Qt::Horizontal, ColumnKeyRole).toString() == key)
                return c;
        }
        return -1;
    }
    int width(const QString &key) const { return header()->sectionSize(logical(key)); }
    bool hidden(const QString &key) const { return header()->isSectionHidden(logical(key)); }
    // Keys of the visible columns, left to right.
    QStringList visibleOrder() const
    {
        QStringList keys;
        for (int v = 0; v < header()->count(); ++v) {
            const int c = header()->logicalIndex(v);
            if (!header()->isSectionHidden(c))
                keys << model->headerData(c, Qt::Horizontal, ColumnKeyRole).toString();
        }
        return keys;
    }
    std::unique_ptr<QStandardItemModel> model;
    QTableView view;
};

const QList<ColumnDef> threeColumns{{u"a"_s, 100}, {u"b"_s, 110}, {u"c"_s, 120}};
} // namespace

class TestViewState : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QCoreApplication::setOrganizationName(u"FeatherViewStateTest"_s); }
    void init() { QSettings().clear(); }
    void noSavedLayout_appliesColumnDefaults();
    void savedLayout_restoresWidthsOrderHiddenAndSort();
    void layoutFromOlderColumnSet_restoresKnownColumnsAndKeepsNewDefaults();
    void layoutWithRemovedColumn_ignoresIt();
    void unversionedLayout_restoresItsColumnsByPosition();
    void unversionedLayoutWithMoreColumns_addsNoPhantomSections();
    void unreadableLayout_fallsBackToDefaults();
    void resultsLayoutOfEarlierBuild_keepsTheNewIdColumnsHidden();
    void columnMenu_listsEveryColumnAndShowsAHiddenOne();
};

void TestViewState::noSavedLayout_appliesColumnDefaults()
{
    Table t({{u"a"_s, 140}, {u"b"_s, 0}, {u"id"_s, 90, true}});
    const int viewDefault = t.header()->defaultSectionSize();
    restoreHeader(t.header(), u"t"_s);
    QCOMPARE(t.width(u"a"_s), 140);
    QCOMPARE(t.width(u"b"_s), viewDefault);
    QVERIFY(t.hidden(u"id"_s));
}

void TestViewState::savedLayout_restoresWidthsOrderHiddenAndSort()
{
    {
        Table t(threeColumns);
        restoreHeader(t.header(), u"t"_s);
        t.header()->resizeSection(t.logical(u"a"_s), 77);
        t.header()->moveSection(t.header()->visualIndex(t.logical(u"c"_s)), 0);
        t.header()->hideSection(t.logical(u"b"_s));
        t.header()->setSortIndicator(t.logical(u"c"_s), Qt::DescendingOrder);
        saveHeader(t.header(), u"t"_s);
    }
    Table t(threeColumns);
    restoreHeader(t.header(), u"t"_s);
    QCOMPARE(t.visibleOrder(), (QStringList{u"c"_s, u"a"_s}));
    QCOMPARE(t.width(u"a"_s), 77);
    QVERIFY(t.hidden(u"b"_s));
    QCOMPARE(t.header()->sortIndicatorSection(), t.logical(u"c"_s));
    QCOMPARE(t.header()->sortIndicatorOrder(), Qt::DescendingOrder);
    // The layout is stored as a versioned, keyed text, not as positional header bytes.
    const QString stored = QSettings().value(u"layout/t"_s).toString();
    QVERIFY2(stored.contains(u"\"version\":2"_s), qPrintable(stored));
    QVERIFY(stored.contains(u"\"key\":\"c\""_s));
}

void TestViewState::layoutFromOlderColumnSet_restoresKnownColumnsAndKeepsNewDefaults()
{
    {
        Table old(threeColumns);
        restoreHeader(old.header(), u"t"_s);
        old.header()->resizeSection(old.logical(u"b"_s), 66);
        old.header()->moveSection(old.header()->visualIndex(old.logical(u"c"_s)), 0);
        old.header()->hideSection(old.logical(u"a"_s));
        saveHeader(old.header(), u"t"_s);
    }
    // Two columns appended since: one visible with a width hint, one hidden by default.
    Table t({{u"a"_s, 100}, {u"b"_s, 110}, {u"c"_s, 120}, {u"d"_s, 88}, {u"e"_s, 90, true}});
    restoreHeader(t.header(), u"t"_s);
    QCOMPARE(t.visibleOrder(), (QStringList{u"c"_s, u"b"_s, u"d"_s}));
    QCOMPARE(t.width(u"b"_s), 66);
    QVERIFY(t.hidden(u"a"_s));
    QCOMPARE(t.width(u"d"_s), 88);
    QVERIFY(t.hidden(u"e"_s));
}

void TestViewState::layoutWithRemovedColumn_ignoresIt()
{
    {
        Table newer({{u"a"_s, 100}, {u"gone"_s, 50}, {u"b"_s, 110}});
        restoreHeader(newer.header(), u"t"_s);
        newer.header()->resizeSection(newer.logical(u"b"_s), 55);
        newer.header()->moveSection(newer.header()->visualIndex(newer.logical(u"b"_s)), 0);
        saveHeader(newer.header(), u"t"_s);
    }
    Table t({{u"a"_s, 100}, {u"b"_s, 110}});
    restoreHeader(t.header(), u"t"_s);
    QCOMPARE(t.header()->count(), 2);
    QCOMPARE(t.visibleOrder(), (QStringList{u"b"_s, u"a"_s}));
    QCOMPARE(t.width(u"b"_s), 55);
}

void TestViewState::unversionedLayout_restoresItsColumnsByPosition()
{
    {
        // What earlier builds stored: QHeaderView::saveState() of the three columns they had.
        Table old(threeColumns);
        old.header()->resizeSection(1, 71);
        old.header()->moveSection(2, 0);
        old.header()->hideSection(0);
        old.header()->setSortIndicator(1, Qt::DescendingOrder);
        QSettings().setValue(u"layout/t"_s, old.header()->saveState());
    }
    Table t({{u"a"_s, 100}, {u"b"_s, 110}, {u"c"_s, 120}, {u"d"_s, 88}, {u"e"_s, 90, true}});
    restoreHeader(t.header(), u"t"_s);
    QCOMPARE(t.visibleOrder(), (QStringList{u"c"_s, u"b"_s, u"d"_s}));
    QCOMPARE(t.width(u"b"_s), 71);
    QVERIFY(t.hidden(u"a"_s));
    QCOMPARE(t.width(u"d"_s), 88);
    QVERIFY(t.hidden(u"e"_s));
    QCOMPARE(t.header()->sortIndicatorSection(), 1);
    QCOMPARE(t.header()->sortIndicatorOrder(), Qt::DescendingOrder);
}

void TestViewState::unversionedLayoutWithMoreColumns_addsNoPhantomSections()
{
    {
        Table wide({{u"a"_s}, {u"b"_s}, {u"c"_s}, {u"d"_s}, {u"e"_s}});
        wide.header()->resizeSection(0, 61);
        QSettings().setValue(u"layout/t"_s, wide.header()->saveState());
    }
    Table t({{u"a"_s, 100}, {u"b"_s, 110}});
    restoreHeader(t.header(), u"t"_s);
    QCOMPARE(t.header()->count(), 2);
    QCOMPARE(t.width(u"a"_s), 61);
    QVERIFY(!t.hidden(u"b"_s));
}

void TestViewState::unreadableLayout_fallsBackToDefaults()
{
    for (const QVariant &junk : {QVariant(u"{not json"_s), QVariant(u"{\"version\":1}"_s),
                                 QVariant(QByteArray("\x01\x02garbage")), QVariant(42)}) {
        QSettings().setValue(u"layout/t"_s, junk);
        Table t(threeColumns);
        restoreHeader(t.header(), u"t"_s);
        QCOMPARE(t.visibleOrder(), (QStringList{u"a"_s, u"b"_s, u"c"_s}));
        QCOMPARE(t.width(u"c"_s), 120);
    }
}

// The real case: the results table gained three hidden id columns; a layout saved by the build
// before must not show them, and must keep what the user did to the nine columns it had.
void TestViewState::resultsLayoutOfEarlierBuild_keepsTheNewIdColumnsHidden()
{
    {
        QStandardItemModel nine(0, 9);
        QTableView old;
        old.setModel(&nine);
        old.horizontalHeader()->resizeSection(ResultModel::MessageColumn, 444);
        old.horizontalHeader()->hideSection(ResultModel::StatusColumn);
        QSettings().setValue(u"layout/results"_s, old.horizontalHeader()->saveState());
    }
    ResultModel model;
    QTableView view;
    view.setModel(&model);
    setUpTable(&view, u"results"_s);
    restoreHeader(view.horizontalHeader(), u"results"_s);
    QHeaderView *header = view.horizontalHeader();
    QCOMPARE(header->count(), int(ResultModel::ColumnCount));
    QCOMPARE(header->sectionSize(ResultModel::MessageColumn), 444);
    QVERIFY(header->isSectionHidden(ResultModel::StatusColumn));
    for (int c :
         {ResultModel::KbIdColumn, ResultModel::SourceIdColumn, ResultModel::AttemptsColumn})
        QVERIFY(header->isSectionHidden(c));
    QVERIFY(!header->isSectionHidden(ResultModel::DurationColumn));
}

void TestViewState::columnMenu_listsEveryColumnAndShowsAHiddenOne()
{
    Table t({{u"a"_s, 100}, {u"b"_s, 110}, {u"id"_s, 90, true}});
    restoreHeader(t.header(), u"t"_s);
    addColumnMenu(t.header());
    t.view.show();
    QVERIFY(t.hidden(u"id"_s));
    QStringList listed;
    QList<bool> checked;
    QTimer::singleShot(0, &t.view, [&] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        QVERIFY(menu);
        for (QAction *a : menu->actions()) {
            listed << a->text();
            checked << a->isChecked();
        }
        menu->actions().at(2)->trigger(); // show the id column
        menu->close();
    });
    Q_EMIT t.header()->customContextMenuRequested(QPoint(5, 5));
    QCOMPARE(listed, (QStringList{u"a"_s, u"b"_s, u"id"_s}));
    QCOMPARE(checked, (QList<bool>{true, true, false}));
    QVERIFY(!t.hidden(u"id"_s));
}

QTEST_MAIN(TestViewState)
#include "tst_viewstate.moc"
