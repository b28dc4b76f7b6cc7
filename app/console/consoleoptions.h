#pragma once

#include <QProcessEnvironment>
#include <QSize>
#include <QStringList>

namespace feather {

// feather-console's command line (QCommandLineParser), checked before any window opens.
struct ConsoleOptions {
    QString profile;         // --profile NAME: open this saved (or command-line) profile
    QString apiUrl;          // --api-url URL: a quick-start API profile (key from FEATHER_API_KEY)
    QString apiProfileName;  // --api-profile-name NAME (default "Command line (API)")
    QString dbUrl;           // --db URL: a quick-start direct profile (password from PGPASSWORD)
    QString dbProfileName;   // --db-profile-name NAME (default "Command line (direct)")
    bool production = false; // --production: mark the quick-start profiles as production
    QString environment;     // "demo" with --demo-profiles
    QString apiKey;     // from FEATHER_API_KEY only, never from an argument (--api-url, --profile)
    QString dbPassword; // from PGPASSWORD only
    QString screenshot; // --screenshot FILE
    QString screenshotView =
        QStringLiteral("sources"); // sources | results | confirm | history | triage
    QSize screenshotSize{1360, 860};
    bool demoRun = false;     // --demo-run: run a resync of a mixed selection before the screenshot
    bool noDemoOffer = false; // --no-demo-offer
    QString auditDb;          // --audit-db URL: the team audit trail for every profile
    bool dark = false; // --dark: force a dark palette (normally the system palette is followed)
};

struct ParsedConsoleOptions {
    enum class Action { Run, PrintAndExit, UsageError };
    Action action = Action::UsageError;
    ConsoleOptions options;
    QString text; // --help / --version text, or the one-line reason
};

ParsedConsoleOptions parseConsoleOptions(const QStringList &arguments,
                                         const QProcessEnvironment &env);

} // namespace feather
