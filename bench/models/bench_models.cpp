// Model benchmarks (issue 12): each user operation on the console's source table, measured with
// QBENCHMARK next to a bare anchor (AnchorTable) doing the same operation over the same rows in
// the same run. Sizes come from FEATHER_BENCH_SIZES (default "10000,100000"); scripts/bench runs
// this a few times and prints the ratio table, ctest runs it once at a small size.
#include "bench/models/benchrecorder.h"
#include "bench/models/benchtables.h"
#include "bench/models/synthetic.h"

#include <QElapsedTimer>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <functional>
#include <map>

using namespace Qt::StringLiterals;

namespace feather::bench {

namespace {
// The stall probe: a 0 ms timer fires on every event-loop turn; the longest gap between two of
// its timeouts is the longest the GUI thread was unavailable (input, paint) while `work` ran.
// `start` runs from inside the loop; the loop turns until `done`, then once more to paint.
qint64 longestStall(const std::function<void()> &start, const std::function<bool()> &done)
{
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0;
    qint64 longest = 0;
    QTimer probe;
    probe.setInterval(0);
    QObject::connect(&probe, &QTimer::timeout, &probe, [&] {
        const qint64 now = clock.nsecsElapsed();
        longest = std::max(longest, now - last);
        last = now;
    });
    probe.start();
    QTimer::singleShot(0, &probe, start);
    QCoreApplication::processEvents();
    while (!done())
        QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    longest = std::max(longest, clock.nsecsElapsed() - last);
    return longest;
}
} // namespace

class ModelsBench final : public QObject {
    Q_OBJECT
public:
    ModelsBench() = default;
    Q_DISABLE_COPY_MOVE(ModelsBench)

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void load_data() { addRows(); }
    void load();
    void loadPageByPage_data() { addRows(); }
    void loadPageByPage();
    void sort_data() { addRows(); }
    void sort();
    void filter_data() { addRows(); }
    void filter();
    void filterFirstKey_data() { addRows(); }
    void filterFirstKey();
    void selectErrored_data() { addRows(); }
    void selectErrored();
    void selectAll_data() { addRows(); }
    void selectAll();
    void resync_data() { addRows(); }
    void resync();

private:
    void addRows();
    std::unique_ptr<BenchTable> makeTable(Side side) const;
    BenchTable &loaded(int size, Side side);
    // Times `op` on every QBENCHMARK iteration and records the sample.
    void measure(const char *name, const std::function<void()> &op);

    QList<int> m_sizes;
    QHash<QString, QString> m_kbNames;
    std::map<std::pair<int, Side>, std::unique_ptr<BenchTable>> m_tables;
    BenchRecorder m_recorder;
};

void ModelsBench::initTestCase()
{
    const QString sizes = qEnvironmentVariable("FEATHER_BENCH_SIZES", u"10000,100000"_s);
    for (const QString &s : sizes.split(u',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int n = s.trimmed().toInt(&ok);
        QVERIFY2(ok && n > 0, qPrintable(u"FEATHER_BENCH_SIZES: not a row count: "_s + s));
        m_sizes << n;
    }
    m_kbNames = syntheticKbNames();
}

void ModelsBench::cleanupTestCase()
{
    m_tables.clear();
    m_recorder.print();
}

void ModelsBench::addRows()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<Side>("side");
    // Project and anchor of one size run back to back, so both see the same machine load.
    for (int n : std::as_const(m_sizes)) {
        const QString label =
            n % 1000 == 0 ? QString::number(n / 1000) + u"k"_s : QString::number(n);
        QTest::addRow("%s project", qPrintable(label)) << n << Side::Project;
        QTest::addRow("%s anchor", qPrintable(label)) << n << Side::Anchor;
    }
}

std::unique_ptr<BenchTable> ModelsBench::makeTable(Side side) const
{
    if (side == Side::Project)
        return std::make_unique<ProjectTable>(m_kbNames);
    return std::make_unique<AnchorTable>(m_kbNames);
}

BenchTable &ModelsBench::loaded(int size, Side side)
{
    auto &table = m_tables[{size, side}];
    if (!table) {
        table = makeTable(side);
        const QList<Source> rows = syntheticSources(size);
        for (qsizetype i = 0; i < rows.size(); i += pageSize)
            table->loadPage(rows.mid(i, pageSize));
        table->paint();
    }
    // Every measure starts from the state the console opens in.
    table->filter({});
    table->sortByStatus();
    table->view()->clearSelection();
    table->paint();
    return *table;
}

void ModelsBench::measure(const char *name, const std::function<void()> &op)
{
    QFETCH(int, size);
    QFETCH(Side, side);
    QBENCHMARK
    {
        QElapsedTimer timer;
        timer.start();
        op();
        m_recorder.add(QString::fromLatin1(name), size, side, timer.nsecsElapsed());
    }
}

// First load into a fresh table, every row already in memory (issue 12: "load into the model
// once the rows are in memory"): the listing's pages handed over at once, as a listing whose
// pages are all ready delivers them; built, filled, painted and torn down inside the timed
// region. The project merges them on event-loop turns; the anchor appends them in one insert.
// The stall probe runs throughout.
void ModelsBench::load()
{
    QFETCH(int, size);
    QFETCH(Side, side);
    const QList<Source> rows = syntheticSources(size);
    QList<QList<Source>> pages;
    for (qsizetype i = 0; i < rows.size(); i += pageSize)
        pages << rows.mid(i, pageSize);
    int shown = -1;
    qint64 longest = 0;
    measure("load", [&] {
        const std::unique_ptr<BenchTable> table = makeTable(side);
        longest = std::max(longest, longestStall([&] { table->loadAll(pages); },
                                                 [&] { return table->loadDone(); }));
        table->paint();
        shown = table->visibleRows();
    });
    m_recorder.add(u"load, longest stall"_s, size, side, longest);
    QCOMPARE(shown, size);
}

// The same rows one page per call, each merged at once (mergeSources, the anchor's append per
// page): the cost of a page that lands alone, e.g. over a slow API.
void ModelsBench::loadPageByPage()
{
    QFETCH(int, size);
    QFETCH(Side, side);
    const QList<Source> rows = syntheticSources(size);
    QList<QList<Source>> pages;
    for (qsizetype i = 0; i < rows.size(); i += pageSize)
        pages << rows.mid(i, pageSize);
    int shown = -1;
    qint64 longest = 0;
    measure("load, page by page", [&] {
        const std::unique_ptr<BenchTable> table = makeTable(side);
        // The longest the GUI thread spends merging one page (model, proxy, view bookkeeping);
        // a repaint between pages is the same on both sides and stays out of it.
        QElapsedTimer page;
        for (const QList<Source> &batch : std::as_const(pages)) {
            page.start();
            table->loadPage(batch);
            longest = std::max(longest, page.nsecsElapsed());
        }
        table->paint();
        shown = table->visibleRows();
    });
    m_recorder.add(u"load, longest page merge"_s, size, side, longest);
    QCOMPARE(shown, size);
}

// A click on the "Source" header: each iteration flips the order.
void ModelsBench::sort()
{
    QFETCH(int, size);
    QFETCH(Side, side);
    BenchTable &table = loaded(size, side);
    Qt::SortOrder order = Qt::AscendingOrder;
    measure("sort", [&] {
        table.sortByName(order);
        table.paint();
        order = order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder;
    });
    const QAbstractItemModel *shown = table.view()->model();
    const QString first = shown->index(0, 0).data().toString();
    const QString last = shown->index(shown->rowCount() - 1, 0).data().toString();
    QVERIFY(first.compare(last, Qt::CaseInsensitive) != 0);
}

// One keystroke in the filter field, after the debounce: "lega" <-> "legal" (narrowing and
// widening alternate).
void ModelsBench::filter()
{
    QFETCH(int, size);
    QFETCH(Side, side);
    BenchTable &table = loaded(size, side);
    bool full = false;
    measure("filter", [&] {
        full = !full;
        table.filter(full ? u"legal"_s : u"lega"_s);
        table.paint();
    });
    QVERIFY(table.visibleRows() > 0);
    QVERIFY(table.visibleRows() < size);
}

// The first keystroke on the full table and its undo: "" <-> "legal" hides and shows 7 of 8 rows,
// scattered through the sorted table (thousands of row ranges at 100k).
void ModelsBench::filterFirstKey()
{
    QFETCH(int, size);
    QFETCH(Side, side);
    BenchTable &table = loaded(size, side);
    bool narrow = false;
    measure("filter first key", [&] {
        narrow = !narrow;
        table.filter(narrow ? u"legal"_s : QString());
        table.paint();
    });
    table.filter(u"legal"_s);
    table.paint();
    QVERIFY(table.visibleRows() > 0);
    QVERIFY(table.visibleRows() < size);
}

// Ctrl+E from no selection (the clear is part of the timed work on both sides).
void ModelsBench::selectErrored()
{
    QFETCH(int, size);
    QFETCH(Side, side);
    BenchTable &table = loaded(size, side);
    measure("select errored", [&] {
        table.view()->clearSelection();
        table.selectErrored();
        table.paint();
    });
    QCOMPARE(table.selectedRows(), table.visibleErrored());
}

// Ctrl+A from no selection.
void ModelsBench::selectAll()
{
    QFETCH(int, size);
    QFETCH(Side, side);
    BenchTable &table = loaded(size, side);
    measure("select all", [&] {
        table.view()->clearSelection();
        table.selectAll();
        table.paint();
    });
    QCOMPARE(table.selectedRows(), size);
}

// A resync of 10,000 rows (all rows below that size) over the loaded table, fed the way
// Workspace feeds the models: the rows go in flight, each attempt's result lands (a results
// row, the source row now syncing), then each job's end. Results arrive in groups of 50 per
// event-loop turn (eight connections' replies pile up while the window paints). Timed whole,
// with the stall probe.
void ModelsBench::resync()
{
    QFETCH(int, size);
    QFETCH(Side, side);
    const int n = std::min(size, 10'000);
    constexpr int perTurn = 50;
    BenchTable &table = loaded(size, side);
    const QList<Source> rows = syntheticSources(size);
    QList<TriggerResult> results;
    for (int i = 0; i < n; ++i) {
        // Every tenth row, spread over the table (and its sort order).
        const Source &s = rows[qsizetype(i) * size / n];
        TriggerResult r;
        r.target = TriggerTarget{s.knowledgeBaseId, s.id, {}};
        r.outcome = Outcome::Triggered;
        r.jobId = u"job-"_s + s.id;
        r.status = u"queued"_s;
        r.message = u"Sync queued"_s;
        r.httpStatus = 202;
        r.elapsedMs = 40;
        r.finishedAt = QDateTime(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC).addMSecs(i);
        results << r;
    }
    QList<TriggerTarget> targets;
    for (const TriggerResult &r : std::as_const(results))
        targets << r.target;
    qint64 longest = 0;
    int before = 0;
    measure("resync", [&] {
        before = table.resultRows();
        qsizetype next = 0;
        QTimer feed;
        feed.setInterval(0);
        QObject::connect(&feed, &QTimer::timeout, &feed, [&] {
            // Attempts first, then the jobs' ends, perTurn per turn.
            for (int k = 0; k < perTurn && next < 2 * results.size(); ++k, ++next) {
                if (next < results.size())
                    table.attemptFinished(results[next]);
                else
                    table.jobFinished(results[next - results.size()]);
            }
            if (next == 2 * results.size())
                feed.stop();
        });
        longest = std::max(longest, longestStall(
                                        [&] {
                                            table.startResync(targets);
                                            feed.start();
                                        },
                                        [&] { return next == 2 * results.size(); }));
        table.paint();
    });
    m_recorder.add(u"resync, longest stall"_s, size, side, longest);
    QCOMPARE(table.resultRows() - before, n);
}

} // namespace feather::bench

QTEST_MAIN(feather::bench::ModelsBench)
#include "bench_models.moc"
