#include "core/types.h"
#include "models/historymodel.h"
#include "models/knowledgebasemodel.h"
#include "models/presentation.h"
#include "models/resultmodel.h"
#include "models/sourcemodel.h"
#include "ui/appearance.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;

namespace {
constexpr double kAA = 4.5; // WCAG 2 AA, normal text

const QList<QString> kStatuses{u"active"_s, u"syncing"_s, u"error"_s, u"paused"_s};
} // namespace

// Every status and outcome colour the tables paint, measured against the base colours of the
// views (both row colours) in a light and a dark palette: WCAG AA or better.
class TestConsoleContrast : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void contrastRatio_matchesWcagExamples();
    void everyColour_meetsAA_data();
    void everyColour_meetsAA();
    void oddPalette_colourIsSteppedUntilItMeetsAA();
};

void TestConsoleContrast::contrastRatio_matchesWcagExamples()
{
    QCOMPARE(qRound(contrastRatio(Qt::black, Qt::white) * 100), 2100);
    QCOMPARE(qRound(contrastRatio(Qt::white, Qt::white) * 100), 100);
    // #767676 on white is the lightest grey that passes AA (4.54:1).
    QCOMPARE(qRound(contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) * 100), 454);
    // The old "active" green on white, as the issue measured it.
    QCOMPARE(qRound(contrastRatio(QColor(0x2e, 0x9d, 0x4f), Qt::white) * 10), 35);
}

void TestConsoleContrast::everyColour_meetsAA_data()
{
    QTest::addColumn<QPalette>("palette");
    QStyle *fusion = QStyleFactory::create(u"Fusion"_s);
    QTest::newRow("Fusion light") << fusion->standardPalette();
    QTest::newRow("console dark (--dark)") << darkPalette();
    QTest::newRow("platform default") << QApplication::palette();
    delete fusion;
}

void TestConsoleContrast::everyColour_meetsAA()
{
    QFETCH(QPalette, palette);
    QApplication::setPalette(palette);
    QTableView view; // the colours are painted on a view's base and alternate base
    const QColor base = view.palette().color(QPalette::Active, QPalette::Base);
    const QColor alternate = view.palette().color(QPalette::Active, QPalette::AlternateBase);
    QStringList failures;
    const auto check = [&](const QString &what, const QVariant &colour) {
        QVERIFY2(colour.canConvert<QColor>(), qPrintable(what));
        const QColor c = colour.value<QColor>();
        for (const QColor &bg : {base, alternate}) {
            const double ratio = contrastRatio(c, bg);
            if (ratio < kAA)
                failures
                    << u"%1 %2 on %3: %4:1"_s.arg(what, c.name(), bg.name()).arg(ratio, 0, 'f', 2);
        }
    };

    // Straight from the models, as the views ask for them.
    SourceModel sources;
    QList<Source> rows;
    for (const QString &status : kStatuses) {
        Source s;
        s.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        s.knowledgeBaseId = u"00000000-0000-4000-8000-000000000001"_s;
        s.status = status;
        s.lastErrorMessage = u"Notion API returned 401"_s;
        rows << s;
    }
    sources.mergeSources(rows);
    for (int r = 0; r < sources.rowCount(); ++r) {
        const QString status = sources.sourceAt(r).status;
        check(u"source status "_s + status,
              sources.index(r, SourceModel::StatusColumn).data(Qt::ForegroundRole));
        check(u"source last error"_s,
              sources.index(r, SourceModel::LastErrorColumn).data(Qt::ForegroundRole));
    }

    ResultModel results;
    for (int o = 0; o < OutcomeCount; ++o) {
        TriggerResult r;
        r.outcome = Outcome(o);
        r.target = {u"00000000-0000-4000-8000-000000000001"_s,
                    QUuid::createUuid().toString(QUuid::WithoutBraces),
                    {}};
        r.finishedAt = QDateTime::currentDateTimeUtc();
        results.addAttempt(r, u"KB"_s, u"Source"_s);
    }
    for (int r = 0; r < results.rowCount(); ++r) {
        const QModelIndex idx = results.index(r, ResultModel::OutcomeColumn);
        check(u"result outcome "_s + idx.data(ResultModel::OutcomeNameRole).toString(),
              idx.data(Qt::ForegroundRole));
    }

    HistoryModel history;
    QList<AuditEntry> entries;
    for (int o = 0; o < OutcomeCount; ++o) {
        AuditEntry e;
        e.id = o + 1;
        e.at = QDateTime::currentDateTimeUtc();
        e.outcome = Outcome(o);
        e.outcomeName = toString(Outcome(o));
        entries << e;
    }
    history.setEntries(entries);
    for (int r = 0; r < history.rowCount(); ++r)
        check(u"history outcome "_s + entries[r].outcomeName,
              history.index(r, HistoryModel::OutcomeColumn).data(Qt::ForegroundRole));

    KnowledgeBaseModel kbs;
    KnowledgeBase kb;
    kb.id = u"00000000-0000-4000-8000-000000000001"_s;
    kb.name = u"Support Handbook"_s;
    kbs.setKnowledgeBases({kb});
    kbs.setStatusCounts({{kb.id, {{u"error"_s, 3}}}});
    check(u"KB error count"_s,
          kbs.index(1, KnowledgeBaseModel::ErrorColumn).data(Qt::ForegroundRole));

    // And every role, whoever asks for it next.
    for (const ColourRole role : {ColourRole::Success, ColourRole::Busy, ColourRole::Failure,
                                  ColourRole::Transient, ColourRole::Neutral})
        check(u"role %1"_s.arg(int(role)), roleColor(role));
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u"\n"_s)));
}

void TestConsoleContrast::oddPalette_colourIsSteppedUntilItMeetsAA()
{
    // A mid-grey base (some high-contrast and tinted themes): no stock hue passes on it as is.
    QPalette odd;
    odd.setColor(QPalette::Base, QColor(0x9a, 0x9a, 0x9a));
    odd.setColor(QPalette::AlternateBase, QColor(0xa4, 0xa4, 0xa4));
    odd.setColor(QPalette::Text, Qt::black);
    for (const ColourRole role : {ColourRole::Success, ColourRole::Busy, ColourRole::Failure,
                                  ColourRole::Transient, ColourRole::Neutral}) {
        const QColor c = roleColor(role, odd);
        QVERIFY2(contrastRatio(c, odd.color(QPalette::Base)) >= kAA, qPrintable(c.name()));
        QVERIFY2(contrastRatio(c, odd.color(QPalette::AlternateBase)) >= kAA, qPrintable(c.name()));
    }
}

QTEST_MAIN(TestConsoleContrast)
#include "tst_console_contrast.moc"
