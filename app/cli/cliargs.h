#pragma once

#include "core/limits.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace feather::cli {

// Everything featherctl was asked to do, parsed and validated before any I/O.
struct CliRequest {
    // where
    QString profile;
    QString apiUrl;
    QString dbUrl;
    QString apiKeyFile;
    QString auditDb; // --audit-db URL: the team audit trail (else the profile's audit.url)
    // how
    bool json = false;
    int concurrency = kDefaultConcurrency;
    bool concurrencyGiven = false; // else a profile's own concurrency applies
    int retries = 2;               // attempts = retries + 1
    int deadlineMs = kDefaultDeadlineMs;
    // what
    QString command; // kbs | sources | triage | resync | status | job | history | reconcile |
                     // init-db | jobs | retry-job
    QStringList kbIds;
    QStringList sourceIds;
    QStringList statuses;
    bool all = false;
    bool dryRun = false;
    bool counts = false;  // kbs --counts
    bool fixable = false; // resync --all --fixable
    QString file;
    QString jobId;
    int limit = 50;
    QString since;
    bool unresolved = false;      // history --unresolved
    QString operatorName;         // history --operator NAME
    QString auditAction;          // audit upload
    int demo = -1;                // init-db --demo N
    bool documents = false;       // job --documents
    bool logs = false;            // job --logs
    QStringList jobIds;           // retry-job JOB_ID…
    bool stuck = false;           // sources --stuck [DURATION]
    qint64 stuckAfterSeconds = 0; // the DURATION; 0 = the profile's threshold, else 1 h
    // schedule KB SOURCE [--enable --interval DURATION | --disable]; neither: show it
    std::optional<bool> scheduleEnable;
    qint64 scheduleIntervalSeconds = 0;
    // saved views (issue 11 item 8): sources --view NAME; views [--save NAME | --delete NAME]
    // with the criteria --text, --provider (and --kb, --status, --stuck above)
    QString viewName;
    QString saveView;
    QString deleteView;
    QString text;
    QString provider;
};

// Exit codes of the featherctl contract (DESIGN.md).
// ExitListingIncomplete: a listing failed after some of its rows had arrived — no table was
// printed; under --json the rows so far were, followed by an error object with "partial".
enum ExitCode {
    ExitAllTriggered = 0,
    ExitSomeFailed = 1,
    ExitUsage = 2,
    ExitListingIncomplete = 3
};

struct ParseOutcome {
    std::optional<CliRequest> request;
    int exitCode = ExitUsage; // when no request: 0 after --help/--version, 2 on error
    QString output;           // help/version text for stdout
    QString error;            // one-line reason for stderr
};

ParseOutcome parseArguments(const QStringList &arguments);

} // namespace feather::cli
