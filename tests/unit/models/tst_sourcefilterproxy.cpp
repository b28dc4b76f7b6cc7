#include "fakebackend.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {
const QDateTime kNow = QDateTime(QDate(2026, 3, 2), QTime(12, 0), Qt::UTC);

QStringList visibleNicknames(const QSortFilterProxyModel &proxy)
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

QTEST_MAIN(TestSourceFilterProxy)
#include "tst_sourcefilterproxy.moc"
