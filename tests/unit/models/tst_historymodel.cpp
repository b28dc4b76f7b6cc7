#include "fakebackend.h"
#include "models/historymodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {
AuditEntry entry(int n, const QString &outcomeName)
{
    AuditEntry e;
    e.id = n;
    e.at = QDateTime(QDate(2026, 3, 2), QTime(12, 0, n), Qt::UTC);
    e.operatorName = u"ops@host"_s;
    e.profile = u"staging"_s;
    e.kbId = fakeId('b', 0);
    e.sourceId = fakeId('a', n);
    e.outcomeName = outcomeName;
    if (const auto o = outcomeFromString(outcomeName))
        e.outcome = *o;
    e.jobId = fakeId('d', n);
    e.httpStatus = 202;
    e.attempt = 1;
    return e;
}
} // namespace

class TestHistoryModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void entries_showOutcomeAndIds_data();
    void entries_showOutcomeAndIds();
    void names_replaceShortIdsButKeepRawIds();
};

void TestHistoryModel::entries_showOutcomeAndIds_data()
{
    QTest::addColumn<QString>("outcomeName");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<bool>("hasIcon");
    QTest::newRow("triggered") << u"triggered"_s << u"Triggered"_s << true;
    QTest::newRow("already syncing") << u"already_syncing"_s << u"Already syncing"_s << true;
    // A name written by a newer build is shown verbatim, never dropped or crashed on.
    QTest::newRow("unknown to this build") << u"quarantined"_s << u"quarantined"_s << false;
}

void TestHistoryModel::entries_showOutcomeAndIds()
{
    QFETCH(QString, outcomeName);
    QFETCH(QString, shown);
    QFETCH(bool, hasIcon);
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEntries({entry(1, u"triggered"_s), entry(2, outcomeName)});
    QCOMPARE(model.rowCount(), 2);
    const QModelIndex outcome = model.index(1, HistoryModel::OutcomeColumn);
    QCOMPARE(outcome.data().toString(), shown);
    QCOMPARE(!outcome.data(Qt::DecorationRole).value<QIcon>().isNull(), hasIcon);
    QCOMPARE(model.index(1, HistoryModel::JobIdColumn).data().toString(), fakeId('d', 2));
    QCOMPARE(model.index(1, 0).data(HistoryModel::SourceIdRole).toString(), fakeId('a', 2));
    QCOMPARE(model.index(1, HistoryModel::TimeColumn).data(HistoryModel::RawValueRole).toDateTime(),
             QDateTime(QDate(2026, 3, 2), QTime(12, 0, 2), Qt::UTC));
    model.setEntries({});
    QCOMPARE(model.rowCount(), 0);
}

void TestHistoryModel::names_replaceShortIdsButKeepRawIds()
{
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEntries({entry(1, u"triggered"_s)});
    QCOMPARE(model.index(0, HistoryModel::SourceColumn).data().toString(), fakeId('a', 1).left(8));
    model.setNames({{fakeId('a', 1), u"Sales Drive"_s}, {fakeId('b', 0), u"Sales KB"_s}});
    QCOMPARE(model.index(0, HistoryModel::SourceColumn).data().toString(), u"Sales Drive"_s);
    QCOMPARE(model.index(0, HistoryModel::KbColumn).data().toString(), u"Sales KB"_s);
    QCOMPARE(model.index(0, HistoryModel::SourceColumn).data(Qt::ToolTipRole).toString(),
             fakeId('a', 1));
    QCOMPARE(model.index(0, HistoryModel::SourceColumn).data(HistoryModel::RawValueRole).toString(),
             fakeId('a', 1));
}

QTEST_MAIN(TestHistoryModel)
#include "tst_historymodel.moc"
