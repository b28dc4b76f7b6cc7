#include "../models/fakebackend.h"
#include "models/triagecollector.h"
#include "models/triagehandoff.h"
#include "models/triagemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace feather;
using namespace Qt::StringLiterals;

// The Triage view's model, its collector and the hand-off texts (issue 15, items 1 and 4).
class TestTriageModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void setSources_causesOnTopSignaturesBelow_countsAddUp();
    void signatureRows_carryTheirOwnSourcesAndExample();
    void kbColumn_countsPerKnowledgeBase();
    void fixable_resyncFirstThenWait_neverReauthoriseOrConfiguration();
    void setSources_again_resetsUnderTheTester();
    void customerText_plainWordsGroupedByProvider_noIds();
    void engineeringText_signatureCountsExampleAndIds();
    void collector_keepsKnownMessages_readsMissingOnes_failedReadIsUnknownNotDropped();
};

namespace {
const QString kKbA = u"kb-a"_s;
const QString kKbB = u"kb-b"_s;

ErroredSource errored(const QString &kb, int n, const QString &provider, const QString &message)
{
    return {kb,
            kb == kKbA ? u"Support Handbook"_s : u"Engineering Wiki"_s,
            u"src-%1"_s.arg(n),
            provider,
            u"Source %1"_s.arg(n),
            message,
            std::nullopt,
            {}};
}

// 3 expired tokens (2 KBs, 2 providers), 2 pages no longer shared (one signature), 2 rate
// limited, 1 server error.
QList<ErroredSource> fixture()
{
    return {
        errored(kKbA, 1, u"notion"_s, u"Notion API returned 401 Unauthorized"_s),
        errored(kKbA, 2, u"notion"_s, u"Page 'Q3 plan' is no longer shared"_s),
        errored(kKbB, 3, u"notion"_s, u"Page 'Roadmap' is no longer shared"_s),
        errored(kKbA, 4, u"google_drive"_s, u"invalid_grant: Token has been expired or revoked."_s),
        errored(kKbB, 5, u"notion"_s, u"Notion API returned 401 Unauthorized"_s),
        errored(kKbA, 6, u"s3"_s, u"SlowDown: Please reduce your request rate."_s),
        errored(kKbB, 7, u"notion"_s, u"Notion API rate limit exceeded (429)"_s),
        errored(kKbB, 8, u"url"_s,
                u"GET https://docs.acme.com/ returned 503 Service Unavailable"_s),
    };
}

int actionCount(const TriageModel &model, TriageAction action)
{
    int n = 0;
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex i = model.index(r, 0);
        if (i.data(TriageModel::ActionRole).toString() == toString(action))
            n += i.data(TriageModel::CountRole).toInt();
    }
    return n;
}
} // namespace

void TestTriageModel::setSources_causesOnTopSignaturesBelow_countsAddUp()
{
    TriageModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSources(fixture());
    QVERIFY(model.rowCount() >= 4);
    QCOMPARE(model.columnCount(), int(TriageModel::ColumnCount));
    int total = 0;
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex cause = model.index(r, 0);
        QVERIFY(!cause.parent().isValid());
        const int count = cause.data(TriageModel::CountRole).toInt();
        total += count;
        if (r > 0) // most sources first
            QVERIFY(model.index(r - 1, 0).data(TriageModel::CountRole).toInt() >= count);
        int underSignatures = 0;
        for (int s = 0; s < model.rowCount(cause); ++s) {
            const QModelIndex sig = model.index(s, 0, cause);
            QCOMPARE(sig.parent(), cause);
            QCOMPARE(sig.data(TriageModel::CauseIdRole), cause.data(TriageModel::CauseIdRole));
            underSignatures += sig.data(TriageModel::CountRole).toInt();
        }
        QCOMPARE(underSignatures, count);
        QCOMPARE(cause.data(TriageModel::SourceIdsRole).toStringList().size(), count);
        QCOMPARE(model.index(r, TriageModel::CountColumn).data().toString(),
                 QString::number(count));
    }
    QCOMPARE(total, 8);
    QCOMPARE(actionCount(model, TriageAction::Reauthorise), 3);
    QCOMPARE(actionCount(model, TriageAction::FixConfiguration), 2);
    QCOMPARE(actionCount(model, TriageAction::WaitAndResync), 2);
    QCOMPARE(actionCount(model, TriageAction::Resync), 1);
    QCOMPARE(model.fixableCount(), 3);
    // The largest cause is the expired tokens, shown by title with its action class.
    const QModelIndex top = model.index(0, TriageModel::TitleColumn);
    QCOMPARE(top.data(TriageModel::ActionRole).toString(), u"reauthorise"_s);
    QCOMPARE(model.index(0, TriageModel::ActionColumn).data().toString(),
             displayName(TriageAction::Reauthorise));
    QCOMPARE(top.data().toString(), model.causeAt(top)->cause.title);
    QCOMPARE(model.index(0, TriageModel::ProviderColumn).data().toString(),
             u"google_drive, notion"_s);
    QVERIFY(!top.data(TriageModel::FixableRole).toBool());
}

void TestTriageModel::signatureRows_carryTheirOwnSourcesAndExample()
{
    TriageModel model;
    model.setSources(fixture());
    const QModelIndex notShared = model.indexOfCause(u"not_shared"_s);
    QVERIFY(notShared.isValid());
    // 'Q3 plan' and 'Roadmap' are one signature: the quoted names are placeholders.
    QCOMPARE(model.rowCount(notShared), 1);
    const QModelIndex sig = model.index(0, TriageModel::TitleColumn, notShared);
    QVERIFY(sig.data().toString().contains(u"<name>"_s));
    QCOMPARE(sig.data(TriageModel::SignatureRole).toString(), sig.data().toString());
    QCOMPARE(sig.data(TriageModel::SourceIdsRole).toStringList(),
             (QStringList{u"src-2"_s, u"src-3"_s}));
    QVERIFY(model.index(0, TriageModel::ExampleColumn, notShared)
                .data()
                .toString()
                .contains(u"is no longer shared"_s));
    QCOMPARE(model.signatureAt(sig)->count(), 2);
    QVERIFY(!model.signatureAt(notShared));
    QCOMPARE(model.sourcesAt(sig).size(), 2);
    // The expired-token cause splits into a Notion and a Google Drive signature.
    const QModelIndex token = model.index(0, 0);
    QCOMPARE(model.rowCount(token), 2);
    QCOMPARE(model.index(0, 0, token).data(TriageModel::CountRole).toInt(), 2);
    QVERIFY(model.errored(u"src-5"_s));
    QCOMPARE(model.errored(u"src-5"_s)->message, u"Notion API returned 401 Unauthorized"_s);
    QVERIFY(!model.errored(u"nope"_s));
}

void TestTriageModel::kbColumn_countsPerKnowledgeBase()
{
    TriageModel model;
    model.setSources(fixture());
    const QModelIndex token = model.index(0, TriageModel::KbColumn);
    // 2 in the handbook (src-1, src-4), 1 in the wiki (src-5): most first.
    QCOMPARE(token.data().toString(), u"Support Handbook 2 · Engineering Wiki 1"_s);
    QCOMPARE(model.report().perKb.size(), 2);
    QCOMPARE(model.report().perKb.first().count + model.report().perKb.last().count, 8);
    const QList<KbCount> many{
        {u"1"_s, u"A"_s, 4}, {u"2"_s, u"B"_s, 3}, {u"3"_s, u"C"_s, 2}, {u"4"_s, u"D"_s, 1}};
    QCOMPARE(TriageModel::kbSummary(many), u"A 4 · B 3 · C 2 · +1 more"_s);
}

void TestTriageModel::fixable_resyncFirstThenWait_neverReauthoriseOrConfiguration()
{
    TriageModel model;
    model.setSources(fixture());
    QStringList ids;
    for (const ErroredSource &s : model.fixable())
        ids << s.sourceId;
    QCOMPARE(ids.size(), 3);
    QCOMPARE(ids.first(), u"src-8"_s); // the 503: plain resync first
    QVERIFY(ids.contains(u"src-6"_s));
    QVERIFY(ids.contains(u"src-7"_s));
}

void TestTriageModel::setSources_again_resetsUnderTheTester()
{
    TriageModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setSources(fixture());
    model.setSources(fixture().mid(0, 2));
    QCOMPARE(reset.size(), 2);
    QCOMPARE(model.report().total, 2);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.fixable().size(), 0);
}

void TestTriageModel::customerText_plainWordsGroupedByProvider_noIds()
{
    TriageModel model;
    model.setSources(fixture());
    const CauseGroup *token = model.causeAt(model.index(0, 0));
    QVERIFY(token);
    const QString text = TriageHandoff::forCustomer(*token, TriageHandoff::Format::PlainText);
    QVERIFY2(text.contains(token->cause.customerText), qPrintable(text));
    QVERIFY(text.contains(token->cause.title + u": 3 sources"_s));
    // Grouped by provider, alphabetically: google_drive's source before notion's.
    const qsizetype drive = text.indexOf(u"google_drive:"_s);
    const qsizetype notion = text.indexOf(u"notion:"_s);
    QVERIFY(drive >= 0 && notion > drive);
    QVERIFY(text.indexOf(u"Source 4"_s) > drive && text.indexOf(u"Source 4"_s) < notion);
    QVERIFY(text.indexOf(u"Source 1 (knowledge base “Support Handbook”)"_s) > notion);
    QVERIFY(text.contains(u"Source 5"_s));
    QVERIFY(!text.contains(u"src-"_s)); // no ids for the customer
    QVERIFY(!text.contains(u"Source 2"_s));
    const QString md = TriageHandoff::forCustomer(*token, TriageHandoff::Format::Markdown);
    QVERIFY(md.startsWith(u"## "_s));
    QVERIFY(md.contains(u"**notion**"_s));
    QVERIFY(md.contains(u"\n- Source 1"_s));
}

void TestTriageModel::engineeringText_signatureCountsExampleAndIds()
{
    TriageModel model;
    model.setSources(fixture());
    const CauseGroup *notShared = model.causeAt(model.indexOfCause(u"not_shared"_s));
    QVERIFY(notShared);
    const QString text =
        TriageHandoff::forEngineering(*notShared, TriageHandoff::Format::PlainText);
    QVERIFY2(text.contains(u"not_shared"_s), qPrintable(text));
    QVERIFY(text.contains(u"fix_configuration"_s));
    QVERIFY(text.contains(notShared->signatures.first().signature));
    QVERIFY(text.contains(u"Signature (2 source(s))"_s));
    QVERIFY(text.contains(u"is no longer shared"_s));
    QVERIFY(text.contains(u"kb-a/src-2"_s));
    QVERIFY(text.contains(u"kb-b/src-3"_s));
    QVERIFY(text.contains(u"Support Handbook 1 · Engineering Wiki 1"_s)
            || text.contains(u"Engineering Wiki 1 · Support Handbook 1"_s));
    QVERIFY(text.contains(notShared->cause.engineeringHint));
    const QString md = TriageHandoff::forEngineering(*notShared, TriageHandoff::Format::Markdown);
    QVERIFY(md.contains(u"### "_s));
    QVERIFY(md.contains(u'`' + notShared->signatures.first().signature + u'`'));
}

void TestTriageModel::collector_keepsKnownMessages_readsMissingOnes_failedReadIsUnknownNotDropped()
{
    test::FakeBackend backend; // answers every sync/status read with an error
    TriageCollector collector;
    QSignalSpy finished(&collector, &TriageCollector::finished);
    collector.collect(&backend, fixture());
    QCOMPARE(finished.size(), 1); // every message known: nothing to read
    QCOMPARE(collector.result().size(), 8);
    QCOMPARE(collector.readsFailed(), 0);

    QList<ErroredSource> some = fixture();
    some[1].message.clear();
    some[4].message.clear();
    collector.collect(&backend, some);
    QVERIFY(QTest::qWaitFor([&] { return finished.size() == 2; }, 5000));
    QCOMPARE(collector.result().size(), 8);
    QCOMPARE(collector.readsFailed(), 2);
    QCOMPARE(collector.result().at(0).message, fixture().at(0).message);
    TriageModel model;
    model.setSources(collector.result());
    const QModelIndex unknown = model.indexOfCause(u"unknown"_s);
    QVERIFY(unknown.isValid());
    QCOMPARE(unknown.data(TriageModel::CountRole).toInt(), 2);
}

QTEST_GUILESS_MAIN(TestTriageModel)
#include "tst_triagemodel.moc"
