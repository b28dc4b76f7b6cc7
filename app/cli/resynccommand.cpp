// featherctl resync and history: the bulk engine and the audit log, from the command line.
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/signalwatcher.h"
#include "cli/table.h"
#include "cli/targetfile.h"
#include "cli/visibletext.h"
#include "config/auditlog.h"
#include "core/json.h"
#include "resync/resyncrunner.h"

#include <QDateTime>

namespace feather::cli {

namespace {

QString progressLine(const RunProgress &p)
{
    const int width = 30;
    const int filled = p.total ? width * p.done / p.total : width;
    QString line = QStringLiteral("\r[%1%2] %3/%4")
                       .arg(QString(filled, u'#'), QString(width - filled, u'.'))
                       .arg(p.done)
                       .arg(p.total);
    if (p.paused && p.resumeAt.isValid())
        line += QStringLiteral("  paused: %1").arg(visibleText(p.pauseReason));
    else if (p.etaMs >= 0 && p.done < p.total)
        line += QStringLiteral("  ETA %1").arg(humanDuration(p.etaMs));
    return line + QStringLiteral("   ");
}

QString summaryLine(const RunProgress &p)
{
    QStringList parts;
    for (int i = 0; i < OutcomeCount; ++i) {
        if (p.counts[std::size_t(i)] > 0)
            parts
                << QStringLiteral("%1 %2").arg(p.counts[std::size_t(i)]).arg(toString(Outcome(i)));
    }
    return QStringLiteral("%1 target%2: %3 (%4)\n")
        .arg(p.total)
        .arg(p.total == 1 ? QString() : QStringLiteral("s"))
        .arg(parts.isEmpty() ? QStringLiteral("nothing to do") : parts.join(QStringLiteral(", ")))
        .arg(humanDuration(p.elapsedMs));
}

QString dryRunSummary(const QList<TriggerResult> &results)
{
    const auto wouldStart =
        std::count_if(results.cbegin(), results.cend(),
                      [](const TriggerResult &r) { return r.outcome == Outcome::Triggered; });
    return QStringLiteral(
               "dry run, %1 target%2: %3 would start, %4 would be skipped; nothing was written\n")
        .arg(results.size())
        .arg(results.size() == 1 ? QString() : QStringLiteral("s"))
        .arg(wouldStart)
        .arg(results.size() - wouldStart);
}

} // namespace

void CommandRunner::runResync()
{
    // From here on, Ctrl-C / SIGTERM cancel the run in order instead of killing it.
    m_signals = new SignalWatcher(this);
    connect(m_signals, &SignalWatcher::interrupted, this, &CommandRunner::interrupted);
    if (m_request.fixable)
        return resyncFixable();
    if (!m_request.file.isEmpty()) {
        QString why;
        const auto targets = readTargetFile(m_request.file, &why);
        if (!targets)
            return fail(ExitUsage, why);
        return resyncTargets(*targets);
    }
    const QString kb = m_request.kbIds.first();
    if (!m_request.all) {
        QList<TriggerTarget> targets;
        for (const QString &source : m_request.sourceIds)
            targets << TriggerTarget{kb, source, {}};
        return resyncTargets(targets);
    }
    // --all: every source of the KB (optionally of some statuses), listed first.
    m_backend->listSources(SourceQuery{{kb}, m_request.statuses})
        .then(this, [this, kb](const QFuture<SourcePage> &done) {
            const SourcePage all = collectSources(done);
            if (!all.ok())
                return reportError(*all.error);
            QList<TriggerTarget> targets;
            for (const Source &s : all.value)
                targets << TriggerTarget{kb, s.id, {}};
            if (targets.isEmpty())
                return fail(ExitSomeFailed,
                            QStringLiteral("knowledge base %1 has no matching sources").arg(kb));
            resyncTargets(targets);
        });
}

void CommandRunner::resyncTargets(const QList<TriggerTarget> &targets)
{
    RunOptions options;
    options.concurrency = m_request.concurrency;
    options.maxAttempts = m_request.retries + 1;
    options.profile = m_request.profile;
    m_runner = new ResyncRunner(m_backend.get(), options, this);

    // The audit log is best effort for dry runs (they write nothing) and mandatory for real
    // runs: an operator must always be able to find out later what was triggered.
    auto audit = std::make_shared<AuditLog>();
    if (!m_request.dryRun) {
        if (!audit->open())
            return fail(ExitUsage, QStringLiteral("cannot open the audit log %1: %2")
                                       .arg(audit->path(), audit->lastError()));
        const BackendInfo info = m_backend->info();
        m_runner->setAuditLog(audit.get(), AuditContext{m_request.profile, info.mode, info.target});
    }

    const bool showProgress = stderrIsTerminal();
    connect(m_runner, &ResyncRunner::rowFinished, this, [this](const TriggerResult &r) {
        if (m_request.json)
            printJsonLine(json::toJson(r));
    });
    if (showProgress) {
        connect(m_runner, &ResyncRunner::progressChanged, this,
                [](const RunProgress &p) { printErr(progressLine(p)); });
    }
    connect(m_runner, &ResyncRunner::finished, this, [this, audit, showProgress] {
        const QList<TriggerResult> results = m_runner->results();
        if (showProgress)
            printErr(QStringLiteral("\n"));
        if (!m_request.json) {
            TextTable table(
                {QStringLiteral("KB"), QStringLiteral("SOURCE"), QStringLiteral("OUTCOME"),
                 QStringLiteral("JOB"), QStringLiteral("STATUS"), QStringLiteral("HTTP"),
                 QStringLiteral("TRIES"), QStringLiteral("MS"), QStringLiteral("MESSAGE")});
            for (const TriggerResult &r : results) {
                // A preview row says what *would* happen; "triggered" would read as done.
                const QString outcome = !m_request.dryRun ? toString(r.outcome)
                                        : r.outcome == Outcome::Triggered
                                            ? QStringLiteral("would start")
                                            : QStringLiteral("would skip: ") + toString(r.outcome);
                table.addRow({r.target.kbId, r.target.sourceId, outcome, r.jobId, r.status,
                              r.httpStatus ? QString::number(r.httpStatus) : QString(),
                              QString::number(r.attempts), QString::number(r.elapsedMs),
                              r.message});
            }
            printOut(table.render());
        }
        const QString summary =
            m_request.dryRun ? dryRunSummary(results) : summaryLine(m_runner->progress());
        // Keep stdout pure JSON Lines under --json.
        m_request.json ? printErr(summary) : printOut(summary);
        const bool allTriggered =
            std::all_of(results.cbegin(), results.cend(),
                        [](const TriggerResult &r) { return r.outcome == Outcome::Triggered; });
        finish(allTriggered && !results.isEmpty() ? ExitAllTriggered : ExitSomeFailed);
    });
    if (m_request.dryRun)
        m_runner->dryRun(targets);
    else
        m_runner->start(targets);
}

// The first SIGINT/SIGTERM: nothing new is sent, requests in flight finish (or are reconciled
// by the engine), unsent targets become `cancelled`, and the usual table, summary and audit
// rows follow; the exit status is then 1. A second signal ends the process at once
// (SignalWatcher).
void CommandRunner::interrupted(int signal)
{
    const QString name = SignalWatcher::signalName(signal);
    if (!m_runner) // still listing the targets: nothing was sent
        return fail(ExitSomeFailed,
                    QStringLiteral("interrupted by %1 before any sync was requested").arg(name));
    if (!m_runner->isRunning())
        return; // finished already; the results are being printed
    const RunProgress p = m_runner->progress();
    printErr(QStringLiteral("\nfeatherctl: interrupted by %1: cancelling %2 unsent target%3, "
                            "waiting for %4 in flight (again to quit at once)\n")
                 .arg(name)
                 .arg(p.total - p.done - p.inFlight)
                 .arg(p.total - p.done - p.inFlight == 1 ? QString() : QStringLiteral("s"))
                 .arg(p.inFlight));
    m_runner->cancel();
}

void CommandRunner::runHistory()
{
    AuditLog audit;
    if (!audit.open())
        return fail(ExitUsage, QStringLiteral("cannot open the audit log %1: %2")
                                   .arg(audit.path(), audit.lastError()));
    AuditQuery query;
    query.limit = m_request.limit;
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
                     QStringLiteral("PROFILE"), QStringLiteral("MODE"), QStringLiteral("TARGET"),
                     QStringLiteral("SOURCE"), QStringLiteral("OUTCOME"), QStringLiteral("JOB"),
                     QStringLiteral("TRY"), QStringLiteral("MESSAGE")});
    for (const AuditEntry &e : rows) {
        const QString mode =
            e.mode == BackendMode::Api ? QStringLiteral("api") : QStringLiteral("direct");
        if (m_request.json) {
            printJsonLine({{QStringLiteral("time"), json::formatTime(e.at)},
                           {QStringLiteral("operator"), e.operatorName},
                           {QStringLiteral("profile"), e.profile},
                           {QStringLiteral("mode"), mode},
                           {QStringLiteral("target"), e.target},
                           {QStringLiteral("kb_id"), e.kbId},
                           {QStringLiteral("source_id"), e.sourceId},
                           {QStringLiteral("trigger_id"), e.triggerId},
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
                      e.profile, mode, e.target, e.sourceId, e.outcomeName, e.jobId,
                      QString::number(e.attempt), e.message});
    }
    if (!m_request.json)
        printOut(table.render());
    finish(ExitAllTriggered);
}

} // namespace feather::cli
