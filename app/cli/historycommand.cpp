// featherctl history and reconcile: the audit log, and settling what it left unknown.
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/table.h"
#include "config/auditlog.h"
#include "core/json.h"
#include "resync/auditlogsink.h"
#include "resync/reconciler.h"

#include <QDateTime>

namespace feather::cli {

namespace {

QString modeName(BackendMode mode)
{
    return mode == BackendMode::Api ? QStringLiteral("api") : QStringLiteral("direct");
}

// An intent nothing followed: the request went out and its answer was never recorded.
QString outcomeText(const AuditEntry &e)
{
    return e.isOpenIntent() ? QStringLiteral("sent, outcome unknown") : e.outcomeName;
}

} // namespace

void CommandRunner::runHistory()
{
    AuditLog audit;
    if (!audit.open())
        return fail(ExitUsage, audit.lastError());
    AuditQuery query;
    query.limit = m_request.limit;
    query.unresolvedOnly = m_request.unresolved;
    query.operatorName = m_request.operatorName;
    if (!m_request.since.isEmpty()) {
        query.since = QDateTime::fromString(m_request.since, Qt::ISODate);
        if (!query.since.isValid())
            query.since =
                QDateTime(QDate::fromString(m_request.since, Qt::ISODate), QTime(0, 0), Qt::UTC);
        if (!query.since.isValid())
            return fail(ExitUsage,
                        QStringLiteral("--since must be an ISO date or date-time, got \"%1\"")
                            .arg(m_request.since));
    }
    const QList<AuditEntry> rows = audit.query(query);
    if (!audit.lastError().isEmpty())
        return fail(ExitSomeFailed, audit.lastError());
    TextTable table({QStringLiteral("TIME (UTC)"), QStringLiteral("OPERATOR"),
                     QStringLiteral("MACHINE"), QStringLiteral("PROFILE"), QStringLiteral("MODE"),
                     QStringLiteral("TARGET"), QStringLiteral("SOURCE"), QStringLiteral("OUTCOME"),
                     QStringLiteral("JOB"), QStringLiteral("TRY"), QStringLiteral("MESSAGE")});
    int unresolved = 0;
    for (const AuditEntry &e : rows) {
        unresolved += e.outcome == Outcome::UnknownOutcome ? 1 : 0;
        if (m_request.json) {
            printJsonLine({{QStringLiteral("time"), json::formatTime(e.at)},
                           {QStringLiteral("kind"), toString(e.kind)},
                           {QStringLiteral("operator"), e.operatorName},
                           {QStringLiteral("machine"), e.machine},
                           {QStringLiteral("row_id"), e.rowId},
                           {QStringLiteral("profile"), e.profile},
                           {QStringLiteral("mode"), modeName(e.mode)},
                           {QStringLiteral("target"), e.target},
                           {QStringLiteral("kb_id"), e.kbId},
                           {QStringLiteral("source_id"), e.sourceId},
                           {QStringLiteral("trigger_id"), e.triggerId},
                           {QStringLiteral("attempt_id"), e.attemptId},
                           {QStringLiteral("outcome"), e.outcomeName},
                           {QStringLiteral("job_id"), e.jobId},
                           {QStringLiteral("status"), e.status},
                           {QStringLiteral("message"), e.message},
                           {QStringLiteral("http_status"), e.httpStatus},
                           {QStringLiteral("attempt"), e.attempt},
                           {QStringLiteral("elapsed_ms"), e.elapsedMs}});
            continue;
        }
        table.addRow({e.at.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), e.operatorName,
                      e.machine, e.profile, modeName(e.mode), e.target, e.sourceId, outcomeText(e),
                      e.jobId, QString::number(e.attempt), e.message});
    }
    if (!m_request.json) {
        printOut(table.render());
        if (unresolved > 0)
            printOut(QStringLiteral("%1 with an unknown outcome: featherctl --profile NAME "
                                    "reconcile looks them up\n")
                         .arg(unresolved));
    }
    finish(ExitAllTriggered);
}

void CommandRunner::runAuditUpload()
{
    AuditLog audit;
    if (audit.teamUrl().isEmpty())
        return fail(ExitUsage, QStringLiteral("audit upload needs --audit-db URL or a profile "
                                              "with an audit.url"));
    const AuditLog::Upload upload = audit.uploadPending();
    if (m_request.json) {
        printJsonLine({{QStringLiteral("team"), audit.teamUrl()},
                       {QStringLiteral("pending"), upload.pending},
                       {QStringLiteral("uploaded"), upload.inserted},
                       {QStringLiteral("already_present"), upload.present},
                       {QStringLiteral("error"), upload.error}});
    } else {
        printOut(QStringLiteral("%1 pending row%2 for %3: %4 uploaded, %5 already there\n")
                     .arg(upload.pending)
                     .arg(upload.pending == 1 ? QString() : QStringLiteral("s"))
                     .arg(audit.teamUrl())
                     .arg(upload.inserted)
                     .arg(upload.present));
    }
    if (!upload.error.isEmpty())
        return fail(ExitSomeFailed, upload.error);
    finish(ExitAllTriggered);
}

void CommandRunner::runReconcile()
{
    auto audit = std::make_shared<AuditLogSink>(AuditLog::defaultPath(),
                                                auditContextFor(m_request.profile, *m_backend));
    auto *reconciler = new Reconciler(m_backend.get(), &audit->log(), audit->context(), this);
    reconciler->setConcurrency(m_request.concurrency);
    auto table = std::make_shared<TextTable>(
        QStringList{QStringLiteral("KB"), QStringLiteral("SOURCE"), QStringLiteral("TRIGGER"),
                    QStringLiteral("TRY"), QStringLiteral("RESULT"), QStringLiteral("JOB"),
                    QStringLiteral("MESSAGE")});
    auto stillUnknown = std::make_shared<int>(0);
    connect(reconciler, &Reconciler::resolved, this,
            [this, table, stillUnknown](const ReconcileResult &r) {
                *stillUnknown += r.resolved ? 0 : 1;
                if (m_request.json) {
                    printJsonLine({{QStringLiteral("kb_id"), r.entry.kbId},
                                   {QStringLiteral("source_id"), r.entry.sourceId},
                                   {QStringLiteral("trigger_id"), r.entry.triggerId},
                                   {QStringLiteral("attempt_id"), r.entry.attemptId},
                                   {QStringLiteral("attempt"), r.entry.attempt},
                                   {QStringLiteral("resolved"), r.resolved},
                                   {QStringLiteral("outcome"), toString(r.outcome)},
                                   {QStringLiteral("job_id"), r.jobId},
                                   {QStringLiteral("status"), r.status},
                                   {QStringLiteral("message"), r.message}});
                    return;
                }
                table->addRow({r.entry.kbId, r.entry.sourceId, r.entry.triggerId,
                               QString::number(r.entry.attempt),
                               r.resolved ? toString(r.outcome) : QStringLiteral("still unknown"),
                               r.jobId, r.message});
            });
    connect(
        reconciler, &Reconciler::finished, this, [this, audit, reconciler, table, stillUnknown] {
            if (!m_request.json)
                printOut(table->render());
            QString summary = QStringLiteral("%1 unresolved attempt%2 of %3: %4 settled, %5 "
                                             "still unknown")
                                  .arg(reconciler->total())
                                  .arg(reconciler->total() == 1 ? QString() : QStringLiteral("s"))
                                  .arg(audit->context().target)
                                  .arg(reconciler->total() - *stillUnknown)
                                  .arg(*stillUnknown);
            if (reconciler->otherTargets() > 0)
                summary += QStringLiteral("; %1 more belong to other connections (reconcile "
                                          "them with those)")
                               .arg(reconciler->otherTargets());
            summary += u'\n';
            m_request.json ? printErr(summary) : printOut(summary);
            finish(*stillUnknown == 0 ? ExitAllTriggered : ExitSomeFailed);
        });
    QString why;
    if (!reconciler->start(&why))
        fail(ExitUsage, why);
}

} // namespace feather::cli
