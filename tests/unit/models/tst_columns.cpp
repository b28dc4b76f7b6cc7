// Every column of every table model, walked through its descriptor: the pinned (append-only)
// order of keys, unique keys, a header and tooltip for each, a display and a sort key that hold
// up on a row with empty or unknown values, the whole-row role, and the CSV built from them.
#include "core/json.h"
#include "models/historymodel.h"
#include "models/knowledgebasemodel.h"
#include "models/resultmodel.h"
#include "models/sourcemodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;

namespace {
// The cell roles a view asks for, plus every raw role of ours.
QList<int> cellRoles()
{
    QList<int> roles{Qt::DisplayRole,    Qt::DecorationRole,    Qt::EditRole,
                     Qt::ToolTipRole,    Qt::StatusTipRole,     Qt::WhatsThisRole,
                     Qt::FontRole,       Qt::TextAlignmentRole, Qt::BackgroundRole,
                     Qt::ForegroundRole, Qt::CheckStateRole,    Qt::AccessibleTextRole,
                     Qt::SizeHintRole};
    for (int r = Qt::UserRole; r < Qt::UserRole + 20; ++r)
        roles << r;
    return roles;
}

template <typename Model>
QStringList keysOf()
{
    QStringList keys;
    for (const auto &c : Model::columns())
        keys << QString::fromLatin1(c.key);
    return keys;
}

// Every column of row 0: no crash, a display value, a valid sort key, header data.
template <typename Model, typename Row>
void walkColumns(const Model &model, const Row &row)
{
    QVERIFY(model.rowCount() > 0);
    const auto &columns = Model::columns();
    QCOMPARE(model.columnCount(), int(columns.size()));
    QSet<QString> keys;
    for (int c = 0; c < model.columnCount(); ++c) {
        const auto &spec = columns[std::size_t(c)];
        const QString key = QString::fromLatin1(spec.key);
        QVERIFY2(!keys.contains(key), qPrintable(u"duplicate key "_s + key));
        keys.insert(key);
        QVERIFY2(QRegularExpression(u"^[a-z][a-z_]*$"_s).match(key).hasMatch(), qPrintable(key));
        QVERIFY(spec.sortKey);
        QVERIFY2(spec.sortKey(model, row).isValid(), qPrintable(key));
        QCOMPARE(model.headerData(c, Qt::Horizontal, ColumnKeyRole).toString(), key);
        QVERIFY(!model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString().isEmpty());
        QVERIFY(!model.headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
        QVERIFY(model.headerData(c, Qt::Horizontal, ColumnWidthRole).toInt() >= 0);
        const QModelIndex idx = model.index(0, c);
        QVERIFY2(idx.data(Qt::DisplayRole).isValid(), qPrintable(key));
        for (int role : cellRoles())
            idx.data(role); // must not crash nor assert, whatever it returns
    }
    QCOMPARE(model.headerData(int(columns.size()), Qt::Horizontal, Qt::DisplayRole), QVariant());
    QCOMPARE(model.headerData(-1, Qt::Horizontal, ColumnKeyRole), QVariant());
    QCOMPARE(model.headerData(0, Qt::Vertical, Qt::DisplayRole), QVariant());
}

// The CSV header is the column keys, every row is one line with one cell per column.
template <typename Model, typename Row>
void checkCsv(const Model &model, const QList<Row> &rows)
{
    const QString csv = columnsToCsv(Model::columns(), model, rows);
    QStringList lines = csv.split(u"\r\n"_s);
    QCOMPARE(lines.takeLast(), QString()); // CRLF after the last line
    QCOMPARE(lines.size(), rows.size() + 1);
    QCOMPARE(lines.first(), keysOf<Model>().join(u','));
}
} // namespace

class TestColumns : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keys_arePinnedAndOnlyEverAppended();
    void sourceColumns_holdUpOnAnEmptyRow();
    void resultColumns_holdUpOnAnEmptyRow();
    void historyColumns_holdUpOnAnUnknownOutcome();
    void knowledgeBaseColumns_holdUpOnUnknownStatuses();
    void keys_agreeWithFeatherctlJson();
    void compareSortKeys_ordersTextTimesAndNumbers();
};

void TestColumns::keys_arePinnedAndOnlyEverAppended()
{
    // The released order of every table. New columns go at the end of these lists; an existing
    // key never moves nor changes (saved layouts, CSV readers and scripts rely on them).
    const QStringList sources{u"connection_nickname"_s,
                              u"provider"_s,
                              u"status"_s,
                              u"last_error_message"_s,
                              u"last_sync_job_id"_s,
                              u"last_synced_at"_s,
                              u"knowledge_base_name"_s,
                              u"id"_s,
                              u"knowledge_base_id"_s,
                              u"syncing_for_seconds"_s};
    const QStringList results{
        u"finished_at"_s, u"kb_name"_s,  u"source_name"_s, u"outcome"_s,      u"job_id"_s,
        u"status"_s,      u"message"_s,  u"http_status"_s, u"elapsed_ms"_s,   u"kb_id"_s,
        u"source_id"_s,   u"attempts"_s, u"job_error"_s,   u"completed_at"_s, u"run"_s};
    const QStringList history{u"time"_s,       u"operator"_s,  u"profile"_s,         u"mode"_s,
                              u"kb_id"_s,      u"source_id"_s, u"outcome"_s,         u"job_id"_s,
                              u"status"_s,     u"message"_s,   u"http_status"_s,     u"attempt"_s,
                              u"job_status"_s, u"job_error"_s, u"job_completed_at"_s};
    const QStringList kbs{u"name"_s,  u"source_count"_s, u"active"_s, u"syncing"_s,
                          u"error"_s, u"other"_s,        u"stuck"_s};
    QCOMPARE(keysOf<SourceModel>().mid(0, sources.size()), sources);
    QCOMPARE(keysOf<ResultModel>().mid(0, results.size()), results);
    QCOMPARE(keysOf<HistoryModel>().mid(0, history.size()), history);
    QCOMPARE(keysOf<KnowledgeBaseModel>().mid(0, kbs.size()), kbs);
    // The enums name the same positions.
    QCOMPARE(keysOf<SourceModel>().at(SourceModel::StatusColumn), u"status"_s);
    QCOMPARE(keysOf<SourceModel>().at(SourceModel::KbIdColumn), u"knowledge_base_id"_s);
    QCOMPARE(keysOf<ResultModel>().at(ResultModel::AttemptsColumn), u"attempts"_s);
    QCOMPARE(keysOf<HistoryModel>().at(HistoryModel::AttemptColumn), u"attempt"_s);
    QCOMPARE(keysOf<HistoryModel>().at(HistoryModel::MachineColumn), u"machine"_s);
    QCOMPARE(keysOf<KnowledgeBaseModel>().at(KnowledgeBaseModel::OtherColumn), u"other"_s);
}

void TestColumns::sourceColumns_holdUpOnAnEmptyRow()
{
    SourceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Source empty;
    empty.id = u"x"_s; // rows are keyed by id; everything else empty or unknown
    empty.status = u"paused-by-admin"_s;
    Source blank;
    blank.id = u"y"_s;
    model.mergeSources({empty, blank});
    walkColumns(model, empty);
    QCOMPARE(model.index(0, SourceModel::StatusColumn).data().toString(), u"paused-by-admin"_s);
    QCOMPARE(model.index(1, SourceModel::StatusColumn).data().toString(), u"(none)"_s);
    QCOMPARE(model.index(1, 0).data(SourceModel::RowRole).value<Source>().id, u"y"_s);
    checkCsv(model, QList<Source>{empty, blank});
}

void TestColumns::resultColumns_holdUpOnAnEmptyRow()
{
    ResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addAttempt(TriggerResult{}, {}, {});
    walkColumns(model, model.rowAt(0));
    QCOMPARE(int(model.index(0, 0).data(ResultModel::RowRole).value<TriggerResult>().outcome),
             int(Outcome::Cancelled));
    checkCsv(model, model.rows());
    // The export keeps its released field order (ids before names), with every column once.
    const QString header = resultsToCsv(model.rows()).section(u"\r\n"_s, 0, 0);
    QCOMPARE(header,
             u"finished_at,kb_id,kb_name,source_id,source_name,outcome,job_id,status,"
             u"message,http_status,attempts,elapsed_ms,job_error,completed_at,run,failure"_s);
    QStringList exported = header.split(u',');
    QStringList keys = keysOf<ResultModel>();
    exported.sort();
    keys.sort();
    QCOMPARE(exported, keys);
}

void TestColumns::historyColumns_holdUpOnAnUnknownOutcome()
{
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    AuditEntry e;
    e.outcomeName = u"from_a_newer_build"_s;
    model.setEntries({e, AuditEntry{}});
    walkColumns(model, e);
    QCOMPARE(model.index(0, HistoryModel::OutcomeColumn).data().toString(),
             u"from_a_newer_build"_s);
    QCOMPARE(model.index(0, 0).data(HistoryModel::RowRole).value<AuditEntry>().outcomeName,
             u"from_a_newer_build"_s);
    checkCsv(model, model.entries());
}

void TestColumns::knowledgeBaseColumns_holdUpOnUnknownStatuses()
{
    KnowledgeBaseModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    KnowledgeBase kb;
    kb.id = u"k"_s;
    kb.sourceStatusCounts = {{u"archived"_s, 2}, {u"error"_s, 1}};
    KnowledgeBase bare;
    bare.id = u"k2"_s;
    model.setKnowledgeBases({kb, bare});
    walkColumns(model, kb);
    QCOMPARE(model.index(1, KnowledgeBaseModel::OtherColumn).data().toInt(), 2);
    QCOMPARE(model.index(0, KnowledgeBaseModel::OtherColumn).data().toInt(), 2); // totals row
    const auto all = model.index(0, 0).data(KnowledgeBaseModel::RowRole).value<KnowledgeBase>();
    QVERIFY(all.id.isEmpty());
    QCOMPARE(all.sourceCount(), 3);
    QCOMPARE(model.index(1, 0).data(KnowledgeBaseModel::RowRole).value<KnowledgeBase>().id, u"k"_s);
    checkCsv(model, model.knowledgeBases());
}

// The GUI's column keys are featherctl's JSON field names wherever both show the same field.
void TestColumns::keys_agreeWithFeatherctlJson()
{
    const QStringList resultKeys = keysOf<ResultModel>();
    for (const QString &field : json::toJson(TriggerResult{}).keys())
        QVERIFY2(resultKeys.contains(field), qPrintable(field));

    const QStringList sourceJson = json::toJson(Source{}).keys();
    for (const QString &key : keysOf<SourceModel>()) {
        // Derived values featherctl's source rows do not print (`sources --stuck` prints
        // syncing_for_seconds under the same key).
        if (key == u"last_synced_at"_s || key == u"knowledge_base_name"_s
            || key == u"syncing_for_seconds"_s)
            continue;
        QVERIFY2(sourceJson.contains(key), qPrintable(key));
    }
    const QStringList kbJson = json::toJson(KnowledgeBase{}).keys();
    QVERIFY(kbJson.contains(u"name"_s));
    QVERIFY(kbJson.contains(u"source_count"_s));
}

void TestColumns::compareSortKeys_ordersTextTimesAndNumbers()
{
    const QDateTime t(QDate(2026, 3, 2), QTime(12, 0), Qt::UTC);
    QVERIFY(compareSortKeys(u"alpha"_s, u"Beta"_s) < 0); // case-insensitive
    QCOMPARE(compareSortKeys(u"ABC"_s, u"abc"_s), 0);
    QVERIFY(compareSortKeys(QDateTime(), t) < 0); // no time yet sorts first
    QVERIFY(compareSortKeys(t, t.addSecs(1)) < 0);
    QVERIFY(compareSortKeys(9, 10) < 0); // numbers by value, not as text
    QVERIFY(compareSortKeys(qint64(10), 9) > 0);
    QVERIFY(compareSortKeys(QVariant(), 1) < 0);
}

QTEST_MAIN(TestColumns)
#include "tst_columns.moc"
