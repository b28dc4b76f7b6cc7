// Every outcome, walked through every place that shows or maps it: the traits row itself, the
// wire name, featherctl's text and JSON, the CSV export, the GUI result model, the audit log
// and the devserver ↔ API client mapping. The rows come from the enum range, so a new outcome
// without a complete traits row fails here.
#include "api/apimapping.h"
#include "cli/resyncrows.h"
#include "config/auditlog.h"
#include "core/json.h"
#include "core/outcome.h"
#include "devserver/apierrors.h"
#include "models/presentation.h"
#include "models/resultmodel.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace feather;
using namespace Qt::StringLiterals;

namespace {

const QString kKb = u"11111111-1111-4111-8111-111111111111"_s;
const QString kSource = u"22222222-2222-4222-8222-222222222222"_s;
const QString kJob = u"33333333-3333-4333-8333-333333333333"_s;

TriggerResult resultFor(Outcome outcome)
{
    TriggerResult r;
    r.target = {kKb, kSource, u"44444444-4444-4444-8444-444444444444"_s};
    r.outcome = outcome;
    r.jobId = outcome == Outcome::Triggered ? kJob : QString();
    r.status = u"paused"_s;
    r.message = u"server said: "_s + toString(outcome);
    r.httpStatus = traits(outcome).httpStatus;
    r.attempts = 2;
    r.elapsedMs = 42;
    r.finishedAt = QDateTime(QDate(2026, 11, 29), QTime(10, 0), Qt::UTC);
    return r;
}

// The body a Feather API server sends for this outcome, worded as feather-devserver words it.
devserver::ApiResponse serverAnswer(Outcome outcome)
{
    if (outcome == Outcome::NotEligible)
        return devserver::notEligibleReply(u"paused"_s);
    if (outcome == Outcome::Unauthorized)
        return devserver::unauthorizedReply();
    return devserver::apiErrorReply(outcome, u"refused: "_s + toString(outcome));
}

} // namespace

class TestOutcomeTraits final : public QObject {
    Q_OBJECT

    static void everyOutcome()
    {
        QTest::addColumn<Outcome>("outcome");
        for (int i = 0; i < OutcomeCount; ++i)
            QTest::newRow(qPrintable(toString(Outcome(i)))) << Outcome(i);
    }

private Q_SLOTS:
    void traitsRow_isComplete_data() { everyOutcome(); }
    void traitsRow_isComplete()
    {
        QFETCH(Outcome, outcome);
        const OutcomeTraits &t = traits(outcome);
        QCOMPARE(toString(t.outcome), toString(outcome));
        QVERIFY(!displayName(outcome).isEmpty());
        QVERIFY2(QFile::exists(iconName(outcome)), qPrintable(iconName(outcome)));
        // Only a started sync counts as success for featherctl.
        QCOMPARE(t.exitCode == 0, outcome == Outcome::Triggered);
        QCOMPARE(t.severity == Severity::Success, outcome == Outcome::Triggered);
        QVERIFY(t.exitCode == 0 || t.exitCode == 1);
        // A batch-wide hold makes sense only for something retried after it.
        if (t.batch == BatchEffect::Hold)
            QVERIFY(t.retry == RetryClass::Backoff);
        QCOMPARE(isRetryable(outcome), t.retry == RetryClass::Backoff);
        QCOMPARE(isRetryCandidate(outcome), t.retry != RetryClass::Never);
        QCOMPARE(t.apiError != nullptr, t.httpStatus >= 400);
    }

    void wireName_roundTrips_data() { everyOutcome(); }
    void wireName_roundTrips()
    {
        QFETCH(Outcome, outcome);
        const QString wire = toString(outcome);
        static const QRegularExpression snake(u"^[a-z]+(_[a-z]+)*$"_s);
        QVERIFY2(snake.match(wire).hasMatch(), qPrintable(wire));
        QCOMPARE(outcomeFromString(wire), std::optional<Outcome>(outcome));
        // JSON Lines: written and read back.
        const std::optional<TriggerResult> back = json::triggerRowFromJson(
            QJsonDocument::fromJson(QJsonDocument(json::toJson(resultFor(outcome))).toJson())
                .object());
        QVERIFY(back);
        QCOMPARE(toString(back->outcome), toString(outcome));
    }

    void featherctl_textJsonAndExitCode_data() { everyOutcome(); }
    void featherctl_textJsonAndExitCode()
    {
        QFETCH(Outcome, outcome);
        const TriggerResult r = resultFor(outcome);
        const QStringList header = cli::resyncTableHeader();
        const QStringList row = cli::resyncTableRow(r, false);
        QCOMPARE(row.size(), header.size());
        QCOMPARE(row.at(header.indexOf(u"OUTCOME"_s)), toString(outcome));
        QCOMPARE(row.at(header.indexOf(u"STATUS"_s)), r.status);
        QCOMPARE(row.at(header.indexOf(u"MESSAGE"_s)), r.message); // verbatim
        const QStringList preview = cli::resyncTableRow(r, true);
        QCOMPARE(preview.at(header.indexOf(u"OUTCOME"_s)),
                 outcome == Outcome::Triggered ? u"would start"_s
                                               : u"would skip: "_s + toString(outcome));

        const QJsonObject line = cli::resyncJsonRow(r);
        QCOMPARE(line.value("outcome"_L1).toString(), toString(outcome));
        QCOMPARE(line.value("message"_L1).toString(), r.message);
        QCOMPARE(line.value("status"_L1).toString(), r.status);

        QCOMPARE(cli::resyncExitCode({r}), traits(outcome).exitCode);
        QCOMPARE(cli::resyncExitCode({resultFor(Outcome::Triggered), r}), traits(outcome).exitCode);
    }

    void csvExport_writesTheWireNameAndMessage_data() { everyOutcome(); }
    void csvExport_writesTheWireNameAndMessage()
    {
        QFETCH(Outcome, outcome);
        const QString csv =
            resultsToCsv({ResultRow{resultFor(outcome), u"KB"_s, u"Src"_s, 1, {}, {}, {}, {}, {}}});
        const QStringList lines = csv.split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        const QStringList header = lines.at(0).split(u',');
        const QStringList cells = lines.at(1).split(u',');
        QCOMPARE(cells.size(), header.size());
        QCOMPARE(cells.at(header.indexOf(u"outcome"_s)), toString(outcome));
        QCOMPARE(cells.at(header.indexOf(u"message"_s)), resultFor(outcome).message);
        QCOMPARE(cells.at(header.indexOf(u"status"_s)), u"paused"_s);
    }

    void guiResultModel_showsTextIconAndDescription_data() { everyOutcome(); }
    void guiResultModel_showsTextIconAndDescription()
    {
        QFETCH(Outcome, outcome);
        ResultModel model;
        TriggerResult r = resultFor(outcome);
        r.attempts = 1;
        model.addAttempt(r, u"KB"_s, u"Src"_s);
        const QModelIndex cell = model.index(0, ResultModel::OutcomeColumn);
        QCOMPARE(cell.data(Qt::DisplayRole).toString(), displayName(outcome));
        QCOMPARE(cell.data(Qt::AccessibleTextRole).toString(), displayName(outcome));
        const QIcon icon = cell.data(Qt::DecorationRole).value<QIcon>();
        QVERIFY(!icon.isNull());
        QVERIFY(!icon.pixmap(16, 16).isNull());
        QVERIFY(cell.data(Qt::ForegroundRole).value<QColor>().isValid());
        const QString tip = cell.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.startsWith(displayName(outcome) + u": "_s), qPrintable(tip));
        QCOMPARE(tip.contains(u"retried automatically"_s),
                 traits(outcome).retry == RetryClass::Backoff);
        QCOMPARE(cell.data(ResultModel::OutcomeNameRole).toString(), toString(outcome));
        QCOMPARE(model.index(0, ResultModel::MessageColumn).data().toString(), r.message);
        // Light and dark palettes both get a colour, and not the same one for a hue.
        QPalette dark;
        dark.setColor(QPalette::Base, Qt::black);
        QVERIFY(outcomeColor(outcome, dark).isValid());
    }

    void auditLog_storesAndReadsBack_data() { everyOutcome(); }
    void auditLog_storesAndReadsBack()
    {
        QFETCH(Outcome, outcome);
        QTemporaryDir dir;
        AuditLog audit(dir.filePath(u"audit.sqlite"_s));
        QVERIFY2(audit.append(resultFor(outcome),
                              AuditContext{u"p"_s, BackendMode::Direct, u"/tmp/x.db"_s, u"op"_s}),
                 qPrintable(audit.lastError()));
        AuditQuery query;
        query.outcomes = {outcome};
        const QList<AuditEntry> rows = audit.query(query);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(toString(rows.at(0).outcome), toString(outcome));
        QCOMPARE(rows.at(0).outcomeName, toString(outcome));
        QCOMPARE(rows.at(0).message, resultFor(outcome).message);
    }

    // What the devserver answers for an outcome, read back by the API client, is that outcome.
    void devserverAnswer_mapsBackToTheSameOutcome_data() { everyOutcome(); }
    void devserverAnswer_mapsBackToTheSameOutcome()
    {
        QFETCH(Outcome, outcome);
        const OutcomeTraits &t = traits(outcome);
        api::HttpAnswer answer;
        if (t.httpStatus == 0) {
            // Decided on the client (nothing sent, no answer, cancelled): no server answer
            // means it, and a store failure of that kind reaches the caller as a 5xx.
            const devserver::ApiResponse reply =
                devserver::storeErrorReply(Error{outcome, 0, u"x"_s});
            QVERIFY2(reply.status >= 500, qPrintable(QString::number(reply.status)));
            answer.status = reply.status;
            answer.body = reply.body;
            const Outcome seen = api::triggerResultFromAnswer(r().target, answer, {},
                                                              QDateTime::currentDateTimeUtc())
                                     .outcome;
            QCOMPARE(toString(seen), toString(Outcome::ServerError));
            return;
        }
        if (t.httpStatus < 400) {
            answer.status = t.httpStatus;
            answer.body =
                QJsonDocument(QJsonObject{{u"job_id"_s, kJob}, {u"status"_s, u"queued"_s}})
                    .toJson();
        } else {
            const devserver::ApiResponse reply = serverAnswer(outcome);
            QCOMPARE(reply.status, t.httpStatus);
            QCOMPARE(QJsonDocument::fromJson(reply.body).object().value("error"_L1).toString(),
                     QLatin1String(t.apiError));
            answer.status = reply.status;
            answer.body = reply.body;
        }
        const TriggerResult seen =
            api::triggerResultFromAnswer(r().target, answer, {}, QDateTime::currentDateTimeUtc());
        QCOMPARE(toString(seen.outcome), toString(outcome));
        QCOMPARE(seen.httpStatus, t.httpStatus);
    }

private:
    static TriggerResult r() { return resultFor(Outcome::Triggered); }
};

QTEST_MAIN(TestOutcomeTraits)
#include "tst_outcometraits.moc"
