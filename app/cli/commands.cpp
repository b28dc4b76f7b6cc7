#include "cli/commands.h"

#include "cli/connection.h"
#include "cli/output.h"
#include "cli/table.h"
#include "cli/visibletext.h"
#include "config/auditlog.h"
#include "config/credentials.h"
#include "core/identity.h"
#include "core/json.h"
#include "direct/directstore.h"
#include "resync/attemptsink.h"
#include "resync/auditworkersink.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace feather::cli {

CommandRunner::CommandRunner(CliRequest request, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
{}

CommandRunner::~CommandRunner()
{
    // The resync's audit writer commits what it was handed and ends now, not from
    // QCoreApplication's clean-up: Qt SQL's own clean-up there may close every connection
    // first, the writer's included, while it still uses it.
    if (m_resyncAudit) {
        delete m_resyncAudit;
        m_resyncAudit = nullptr;
        if (!AuditWorkerSink::waitForClosedWriters(120000))
            printErr(QStringLiteral("featherctl: the audit writer was still busy at exit\n"));
    }
}

bool CommandRunner::setUpAuditTrail()
{
    QString url = m_request.auditDb;
    if (url.isEmpty() && !m_request.profile.isEmpty()) {
        QString why;
        if (const std::optional<Profile> profile = findProfile(m_request.profile, &why))
            url = profile->auditUrl;
    }
    QString why;
    if (!url.isEmpty() && !AuditLog::isValidTeamUrl(url, &why)) {
        fail(ExitUsage, why);
        return false;
    }
    AuditLog::setDefaultTeamUrl(url);
    // One stderr line per distinct warning; the run goes on with the local log.
    AuditLog::setWarningHandler([seen = QStringList()](const QString &warning) mutable {
        if (seen.contains(warning))
            return;
        seen << warning;
        printErr(QStringLiteral("featherctl: warning: ") + visibleText(warning) + u'\n');
    });
    return true;
}

void CommandRunner::start()
{
    if (!setUpAuditTrail())
        return;
    const QString &c = m_request.command;
    // These two work without a Backend: init-db talks to the store itself, history to the
    // local audit file.
    if (c == QLatin1String("init-db"))
        return runInitDb();
    if (c == QLatin1String("history"))
        return runHistory();
    if (c == QLatin1String("views"))
        return runViews();
    if (c == QLatin1String("audit"))
        return runAuditUpload();

    if (!m_request.profile.isEmpty())
        return openProfile();
    QString why;
    m_backend = openBackend(m_request, &why);
    if (!m_backend)
        return fail(ExitUsage, why);
    runCommand();
}

void CommandRunner::openProfile()
{
    QString why;
    const std::optional<Profile> profile = findProfile(m_request.profile, &why);
    if (!profile)
        return fail(ExitUsage, why);
    const QString given = secretOverride(*profile, m_request, &why);
    if (!why.isEmpty())
        return fail(ExitUsage, why);
    // sources --stuck (or a stuck view) without a DURATION uses the profile's threshold.
    if (m_request.stuckAfterSeconds == 0)
        m_request.stuckAfterSeconds = profile->stuckAfterSeconds;
    auto open = [this, profile](const QString &secret) {
        QString reason;
        m_backend = openProfileBackend(*profile, secret, m_request, &reason);
        if (!m_backend)
            return fail(ExitUsage, reason);
        runCommand();
    };
    // A direct-mode profile may legitimately have no password (trust or peer auth).
    if (!given.isEmpty())
        return open(given);
    m_credentials = new CredentialStore(this);
    m_credentials->resolve(*profile, this, [this, profile, open](const CredentialResult &r) {
        if (r.ok())
            return open(r.secret);
        if (profile->mode == BackendMode::Direct && r.status == CredentialResult::Status::NotFound)
            return open(QString());
        fail(ExitUsage, QStringLiteral("profile \"%1\": %2").arg(profile->name, r.message));
    });
}

void CommandRunner::runCommand()
{
    const QString &c = m_request.command;
    if (c == QLatin1String("kbs"))
        runKbs();
    else if (c == QLatin1String("sources"))
        runSources();
    else if (c == QLatin1String("status"))
        runStatus();
    else if (c == QLatin1String("job"))
        runJob();
    else if (c == QLatin1String("triage"))
        runTriage();
    else if (c == QLatin1String("reconcile"))
        runReconcile();
    else if (c == QLatin1String("jobs"))
        runJobs();
    else if (c == QLatin1String("retry-job"))
        runRetryJob();
    else if (c == QLatin1String("schedule"))
        runSchedule();
    else
        runResync();
}

void CommandRunner::finish(int code)
{
    m_finishing = true;
    flushOut(); // rows still buffered (resync --json) go before the process ends
    QCoreApplication::exit(code);
}

void CommandRunner::fail(int code, const QString &reason)
{
    // Reasons quote server messages and user input: never let them act on the terminal.
    printErr(QStringLiteral("featherctl: ") + visibleText(reason) + u'\n');
    finish(code);
}

void CommandRunner::reportError(const Error &error)
{
    QString reason = toString(error.outcome);
    if (error.httpStatus)
        reason += QStringLiteral(" (HTTP %1)").arg(error.httpStatus);
    fail(ExitSomeFailed, reason + QStringLiteral(": ") + error.message);
}

void CommandRunner::runStatus()
{
    m_backend->syncStatus(m_request.kbIds.first(), m_request.sourceIds.first())
        .then(this, [this](const SyncStatusResult &r) {
            if (!r.ok())
                return reportError(*r.error);
            const SyncStatus &s = r.value;
            if (m_request.json) {
                printJsonLine(json::toJson(s));
            } else {
                TextTable t({QStringLiteral("FIELD"), QStringLiteral("VALUE")});
                t.addRow({QStringLiteral("source"), s.sourceId});
                t.addRow({QStringLiteral("status"), s.sourceStatus});
                t.addRow({QStringLiteral("last job"), s.lastSyncJobId});
                t.addRow({QStringLiteral("last job status"), s.lastSyncStatus});
                t.addRow({QStringLiteral("started"), humanTime(s.lastSyncStartedAt)});
                t.addRow({QStringLiteral("completed"), humanTime(s.lastSyncCompletedAt)});
                t.addRow({QStringLiteral("error"), s.errorMessage});
                printOut(t.render());
            }
            finish(ExitAllTriggered);
        });
}

void CommandRunner::runJob()
{
    if (m_request.documents || m_request.logs)
        return runJobDetail();
    m_backend->job(m_request.jobId).then(this, [this](const JobResult &r) {
        if (!r.ok())
            return reportError(*r.error);
        const SyncJob &j = r.value;
        if (m_request.json) {
            printJsonLine(json::toJson(j));
        } else {
            TextTable t({QStringLiteral("FIELD"), QStringLiteral("VALUE")});
            t.addRow({QStringLiteral("job"), j.id});
            t.addRow({QStringLiteral("type"), j.jobType});
            t.addRow({QStringLiteral("status"), j.status});
            t.addRow({QStringLiteral("knowledge base"), j.knowledgeBaseId});
            t.addRow({QStringLiteral("source"), j.sourceId});
            t.addRow(
                {QStringLiteral("progress"), QStringLiteral("%1%").arg(j.progressPct, 0, 'f', 0)});
            t.addRow({QStringLiteral("created"), humanTime(j.createdAt)});
            t.addRow({QStringLiteral("started"), humanTime(j.startedAt)});
            t.addRow({QStringLiteral("completed"), humanTime(j.completedAt)});
            t.addRow({QStringLiteral("triggered by"), j.triggeredBy});
            t.addRow({QStringLiteral("error"), j.errorMessage});
            printOut(t.render());
        }
        finish(ExitAllTriggered);
    });
}

void CommandRunner::runInitDb()
{
    // featherctl is a one-shot program with nothing else to keep responsive, so init-db runs
    // the store synchronously on this thread.
    QString why;
    std::optional<DbConfig> config = parseDbUrl(m_request.dbUrl, &why);
    if (!config)
        return fail(ExitUsage, why);
    if (config->password.isEmpty())
        config->password = qEnvironmentVariable("PGPASSWORD");
    DirectStore store(*config, QStringLiteral("featherctl-init"));
    const Result<int> version = store.migrate();
    if (!version.ok())
        return fail(ExitSomeFailed, QStringLiteral("cannot create the schema in %1: %2")
                                        .arg(config->displayTarget(), version.error->message));
    QString summary =
        QStringLiteral("%1: schema version %2").arg(config->displayTarget()).arg(version.value);
    if (m_request.demo > 0) {
        const Result<int> seeded = store.seedDemo(m_request.demo);
        if (!seeded.ok())
            return fail(ExitSomeFailed, QStringLiteral("demo data: ") + seeded.error->message);
        summary += QStringLiteral(", %1 demo sources").arg(seeded.value);
    }
    if (m_request.json)
        printJsonLine({{QStringLiteral("target"), config->displayTarget()},
                       {QStringLiteral("schema_version"), version.value},
                       {QStringLiteral("demo_sources"), qMax(0, m_request.demo)}});
    else
        printOut(summary + u'\n');
    finish(ExitAllTriggered);
}

} // namespace feather::cli
