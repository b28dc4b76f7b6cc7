// featherctl resync: the bulk engine, from the command line.
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/resyncrows.h"
#include "cli/signalwatcher.h"
#include "cli/table.h"
#include "cli/targetfile.h"
#include "cli/visibletext.h"
#include "config/auditlog.h"
#include "config/savedviews.h"
#include "core/json.h"
#include "resync/auditlogsink.h"
#include "resync/auditworkersink.h"
#include "resync/resyncrunner.h"

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
    // A real run writes its intents and outcomes to the audit log, on a writer thread of its
    // own (this thread never waits for SQLite or the team database). It opens and checks the
    // log at once, while the targets are read or listed.
    if (!m_request.dryRun)
        m_resyncAudit =
            new AuditWorkerSink(AuditLog::defaultPath(),
                                auditContextFor(m_request.profile, *m_backend), {}, 5000, this);
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
    // A real run refuses to start (exit 2, nothing sent) when the audit log cannot be written:
    // an operator must always be able to find out later what was triggered. So it starts once
    // the writer has checked the log (usually long done by now).
    if (!m_resyncAudit || m_resyncAudit->state() != AuditWorkerSink::State::Checking)
        return startResync(targets);
    connect(
        m_resyncAudit, &AuditWorkerSink::checked, this,
        [this, targets] {
            if (!m_finishing) // interrupted meanwhile: nothing was sent
                startResync(targets);
        },
        Qt::SingleShotConnection);
}

void CommandRunner::startResync(const QList<TriggerTarget> &targets)
{
    RunOptions options;
    options.concurrency = m_request.concurrency;
    options.maxAttempts = m_request.retries + 1;
    options.profile = m_request.profile;
    m_runner = new ResyncRunner(m_backend.get(), options, this);

    // Write-ahead through the writer thread: a request goes out only after its intent row is
    // committed, a row is reported only after its outcome row is. Group commit comes naturally:
    // what is handed over while one commit runs goes into the next one.
    if (m_resyncAudit)
        m_runner->setAttemptSink(m_resyncAudit);
    auto stopReason = std::make_shared<QString>();
    connect(m_runner, &ResyncRunner::stopped, this,
            [stopReason](const QString &reason) { *stopReason = reason; });

    const bool showProgress = stderrIsTerminal();
    // JSON rows are buffered and reach stdout within ~100 ms (one write for many rows, not
    // one per row); the rest at the end.
    connect(m_runner, &ResyncRunner::rowFinished, this, [this](const TriggerResult &r) {
        if (m_request.json)
            printJsonLineSoon(resyncJsonRow(r));
    });
    if (showProgress) {
        connect(m_runner, &ResyncRunner::progressChanged, this,
                [](const RunProgress &p) { printErr(progressLine(p)); });
    }
    connect(m_runner, &ResyncRunner::finished, this, [this, stopReason, showProgress] {
        const QList<TriggerResult> results = m_runner->results();
        flushOut(); // the rows before the summary, where stdout and stderr are one terminal
        if (showProgress)
            printErr(QStringLiteral("\n"));
        if (!m_request.json) {
            TextTable table(resyncTableHeader());
            for (const TriggerResult &r : results)
                table.addRow(resyncTableRow(r, m_request.dryRun));
            printOut(table.render());
        }
        // "Failed again in my last run" (saved views) starts from the syncs this run started.
        if (!m_request.dryRun)
            SavedViewStore().setLastRun(viewScopeName(),
                                        lastRunFrom(results, QDateTime::currentDateTimeUtc()));
        const QString summary =
            m_request.dryRun ? dryRunSummary(results) : summaryLine(m_runner->progress());
        // Keep stdout pure JSON Lines under --json.
        m_request.json ? printErr(summary) : printOut(summary);
        // A run stopped by a failed audit write never exits 0, even if every row triggered.
        if (!stopReason->isEmpty())
            printErr(QStringLiteral("featherctl: ") + *stopReason + u'\n');
        finish(stopReason->isEmpty() ? resyncExitCode(results)
                                     : std::max<int>(ExitSomeFailed, resyncExitCode(results)));
    });
    if (m_request.dryRun) {
        m_runner->dryRun(targets);
        return;
    }
    QString why;
    if (!m_runner->start(targets, &why))
        fail(ExitUsage, why);
}

// The first SIGINT/SIGTERM: nothing new is sent, requests in flight finish (or are reconciled
// by the engine), unsent targets become `cancelled`, and the usual table, summary and audit
// rows follow; the exit status is then 1. A second signal ends the process at once
// (SignalWatcher).
void CommandRunner::interrupted(int signal)
{
    const QString name = SignalWatcher::signalName(signal);
    if (!m_runner) // still listing the targets or checking the audit log: nothing was sent
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

} // namespace feather::cli
