#include "cli/cliargs.h"

#include "core/ids.h"
#include "core/syncage.h"

#include <QCommandLineParser>
#include <limits>

namespace feather::cli {

namespace {

const QStringList kCommands{
    QStringLiteral("kbs"),       QStringLiteral("sources"),   QStringLiteral("resync"),
    QStringLiteral("status"),    QStringLiteral("job"),       QStringLiteral("history"),
    QStringLiteral("reconcile"), QStringLiteral("init-db"),   QStringLiteral("triage"),
    QStringLiteral("jobs"),      QStringLiteral("retry-job"), QStringLiteral("schedule"),
    QStringLiteral("views"),     QStringLiteral("audit")};

// Which command-specific options each command accepts; anything else is a usage error, so a
// typo such as `resync --limit 5` is reported instead of silently ignored.
const QMap<QString, QStringList> kAllowed{
    {QStringLiteral("kbs"), {QStringLiteral("counts")}},
    {QStringLiteral("sources"),
     {QStringLiteral("kb"), QStringLiteral("status"), QStringLiteral("stuck"),
      QStringLiteral("view")}},
    {QStringLiteral("resync"),
     {QStringLiteral("kb"), QStringLiteral("source"), QStringLiteral("all"),
      QStringLiteral("status"), QStringLiteral("file"), QStringLiteral("dry-run"),
      QStringLiteral("retries"), QStringLiteral("fixable")}},
    {QStringLiteral("status"), {QStringLiteral("kb"), QStringLiteral("source")}},
    {QStringLiteral("job"), {QStringLiteral("documents"), QStringLiteral("logs")}},
    {QStringLiteral("history"),
     {QStringLiteral("limit"), QStringLiteral("since"), QStringLiteral("unresolved"),
      QStringLiteral("operator")}},
    {QStringLiteral("audit"), {}},
    {QStringLiteral("reconcile"), {}},
    {QStringLiteral("init-db"), {QStringLiteral("demo")}},
    {QStringLiteral("triage"), {QStringLiteral("kb")}},
    {QStringLiteral("jobs"),
     {QStringLiteral("kb"), QStringLiteral("source"), QStringLiteral("limit")}},
    {QStringLiteral("retry-job"), {QStringLiteral("kb"), QStringLiteral("source")}},
    {QStringLiteral("schedule"),
     {QStringLiteral("enable"), QStringLiteral("disable"), QStringLiteral("interval")}},
    {QStringLiteral("views"),
     {QStringLiteral("save"), QStringLiteral("delete"), QStringLiteral("kb"),
      QStringLiteral("status"), QStringLiteral("stuck"), QStringLiteral("text"),
      QStringLiteral("provider")}},
};

const QStringList kCommandOptions{
    QStringLiteral("kb"),       QStringLiteral("source"),     QStringLiteral("all"),
    QStringLiteral("status"),   QStringLiteral("file"),       QStringLiteral("dry-run"),
    QStringLiteral("retries"),  QStringLiteral("limit"),      QStringLiteral("since"),
    QStringLiteral("demo"),     QStringLiteral("unresolved"), QStringLiteral("counts"),
    QStringLiteral("fixable"),  QStringLiteral("documents"),  QStringLiteral("logs"),
    QStringLiteral("stuck"),    QStringLiteral("enable"),     QStringLiteral("disable"),
    QStringLiteral("interval"), QStringLiteral("view"),       QStringLiteral("save"),
    QStringLiteral("delete"),   QStringLiteral("text"),       QStringLiteral("provider"),
    QStringLiteral("operator")};

QString helpText()
{
    return QStringLiteral(
        "Usage: featherctl [--profile NAME | --api-url URL | --db URL] [--json] [--concurrency N] "
        "COMMAND\n"
        "\n"
        "Commands:\n"
        "  kbs [--counts]                          list knowledge bases; --counts adds per-status\n"
        "                                          source counts, at the cost of listing every\n"
        "                                          source of every KB (API: one request per 200)\n"
        "  sources [--kb ID]... [--status S[,S]]   list sources (every KB when no --kb)\n"
        "  sources [--kb ID]... --stuck [DURATION] syncs running at least DURATION (e.g. 90m,\n"
        "                                          2h; default the profile's threshold, else\n"
        "                                          1h), aged on the server's clock\n"
        "  triage [--kb ID]...                     errored sources grouped by cause and action\n"
        "  resync --kb ID --source ID [--source ID]...\n"
        "  resync --kb ID --all [--status active,error]\n"
        "  resync [--kb ID]... --all --fixable     errored sources a resync can fix (triage)\n"
        "  resync --file FILE                      lines \"kb_id,source_id\"\n"
        "         [--dry-run] [--retries N]\n"
        "  status --kb ID --source ID              sync status of one source\n"
        "  job JOB_ID [--documents] [--logs]       ingestion job progress; its documents and\n"
        "                                          its logs grouped by document (API mode)\n"
        "  jobs --kb ID --source ID [--limit N]    a source's job history, newest first\n"
        "  retry-job JOB_ID... [--kb ID --source ID]\n"
        "                                          retry the failed items of failed or\n"
        "                                          partial_failure jobs (API mode; audited)\n"
        "  history [--limit N] [--since T]         the audit log (T: ISO date/time); the team's\n"
        "                                          with --audit-db or a profile's audit.url\n"
        "          [--unresolved]                  only attempts whose outcome is unknown\n"
        "          [--operator NAME]               only rows of NAME (user@host, or user)\n"
        "  audit upload                            copy rows kept locally while the team audit\n"
        "                                          database was unreachable (never twice)\n"
        "  reconcile                               look up attempts the audit log left unknown\n"
        "  init-db --db URL [--demo N]             create/migrate schema, optional demo data\n"
        "  schedule KB_ID SOURCE_ID                show a source's auto-sync schedule\n"
        "  schedule KB_ID SOURCE_ID --enable --interval DURATION\n"
        "  schedule KB_ID SOURCE_ID --disable      change it (PATCH .../schedule; audited)\n"
        "  views                                   saved views of the profile and the built-ins\n"
        "                                          (Errored, Stuck, Failed again in my last run)\n"
        "  views --save NAME [--text T] [--status S[,S]] [--provider P] [--stuck] [--kb ID]...\n"
        "  views --delete NAME                     save or delete a view (as the console does)\n"
        "  sources --view NAME                     list the sources a view shows\n"
        "\n"
        "Connection:\n"
        "  --profile NAME        a profile saved by feather-console\n"
        "  --api-url URL         Feather API base URL (https, or http on loopback)\n"
        "  --db URL              sqlite:///abs/path.db or "
        "postgresql://user@host:port/db?sslmode=...\n"
        "  --api-key-file FILE   read the API key from FILE (else FEATHER_API_KEY, else the "
        "profile's keychain entry)\n"
        "                        PostgreSQL passwords come from PGPASSWORD or the profile's "
        "keychain entry.\n"
        "  --audit-db URL        team audit trail: postgresql://user@host:port/db (password from\n"
        "                        PGPASSWORD or PGPASSFILE); unreachable: the local log, a warning\n"
        "Output and behaviour:\n"
        "  --json                JSON Lines on stdout\n"
        "  --concurrency N       parallel triggers, 1-64 (default 4)\n"
        "  --retries N           retries of retryable failures, 0-10 (default 2)\n"
        "  --timeout-ms MS       overall deadline per API request (default 30000)\n"
        "  -h, --help            this text\n"
        "  -v, --version         version\n"
        "\n"
        "Exit status: 0 every requested source triggered (or listing succeeded), 1 any not\n"
        "(or interrupted, or a command failed), 2 usage or configuration error (with a one-line\n"
        "reason on stderr), 3 a listing failed part-way (no table; --json ends with an error\n"
        "object).\n");
}

bool parseInt(const QString &text, int min, int max, int *out)
{
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok || v < min || v > max)
        return false;
    *out = v;
    return true;
}

QStringList splitList(const QStringList &values)
{
    QStringList out;
    for (const QString &v : values) {
        for (const QString &part : v.split(u',', Qt::SkipEmptyParts))
            out << part.trimmed();
    }
    return out;
}

} // namespace

ParseOutcome parseArguments(const QStringList &arguments)
{
    ParseOutcome result;
    auto usage = [&result](const QString &reason) {
        result.request.reset();
        result.exitCode = ExitUsage;
        result.error = reason;
        return result;
    };

    QCommandLineParser p;
    p.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const auto opt = [](const char *name, const char *value = nullptr) {
        QCommandLineOption o(QString::fromLatin1(name));
        if (value)
            o.setValueName(QString::fromLatin1(value));
        return o;
    };
    p.addOptions({opt("profile", "NAME"),
                  opt("api-url", "URL"),
                  opt("db", "URL"),
                  opt("api-key-file", "FILE"),
                  opt("audit-db", "URL"),
                  opt("operator", "NAME"),
                  opt("json"),
                  opt("concurrency", "N"),
                  opt("retries", "N"),
                  opt("timeout-ms", "MS"),
                  opt("kb", "ID"),
                  opt("source", "ID"),
                  opt("all"),
                  opt("status", "S"),
                  opt("file", "FILE"),
                  opt("dry-run"),
                  opt("limit", "N"),
                  opt("since", "T"),
                  opt("demo", "N"),
                  opt("unresolved"),
                  opt("counts"),
                  opt("fixable"),
                  opt("documents"),
                  opt("logs"),
                  opt("stuck"),
                  opt("enable"),
                  opt("disable"),
                  opt("interval", "DURATION"),
                  opt("view", "NAME"),
                  opt("save", "NAME"),
                  opt("delete", "NAME"),
                  opt("text", "T"),
                  opt("provider", "P")});
    p.addOption(QCommandLineOption(QStringList{QStringLiteral("h"), QStringLiteral("help")}));
    p.addOption(QCommandLineOption(QStringList{QStringLiteral("v"), QStringLiteral("version")}));

    if (!p.parse(arguments))
        return usage(p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        result.exitCode = 0;
        result.output = helpText();
        return result;
    }
    if (p.isSet(QStringLiteral("version"))) {
        result.exitCode = 0;
        result.output = QStringLiteral("featherctl " FEATHER_VERSION "\n");
        return result;
    }

    QStringList positional = p.positionalArguments();
    if (positional.isEmpty())
        return usage(QStringLiteral("no command given (try featherctl --help)"));
    CliRequest r;
    r.command = positional.first();
    if (!kCommands.contains(r.command))
        return usage(
            QStringLiteral("unknown command \"%1\" (try featherctl --help)").arg(r.command));
    QStringList extra = positional.mid(1);
    // views --stuck is a criterion without a DURATION (the profile's threshold applies).
    if (r.command == QLatin1String("views"))
        r.stuck = p.isSet(QStringLiteral("stuck"));
    // sources --stuck takes an optional DURATION: the one word after it.
    if (r.command == QLatin1String("sources") && p.isSet(QStringLiteral("stuck"))) {
        r.stuck = true;
        if (extra.size() > 1)
            return usage(QStringLiteral("--stuck takes at most one DURATION"));
        if (!extra.isEmpty()) {
            QString why;
            const std::optional<qint64> seconds = parseDurationSeconds(extra.takeFirst(), &why);
            if (!seconds)
                return usage(QStringLiteral("--stuck: ") + why);
            r.stuckAfterSeconds = *seconds;
        }
    }
    if (r.command == QLatin1String("schedule")) {
        if (extra.size() != 2)
            return usage(QStringLiteral("schedule takes KB_ID SOURCE_ID"));
        const QString kb = normalizedUuid(extra[0]);
        if (kb.isEmpty())
            return usage(invalidUuidReason(QStringLiteral("KB_ID"), extra[0]));
        const QString source = normalizedUuid(extra[1]);
        if (source.isEmpty())
            return usage(invalidUuidReason(QStringLiteral("SOURCE_ID"), extra[1]));
        r.kbIds << kb;
        r.sourceIds << source;
        extra.clear();
        const bool enable = p.isSet(QStringLiteral("enable"));
        const bool disable = p.isSet(QStringLiteral("disable"));
        if (enable && disable)
            return usage(QStringLiteral("give --enable or --disable, not both"));
        if (enable || disable)
            r.scheduleEnable = enable;
        if (p.isSet(QStringLiteral("interval"))) {
            if (!enable)
                return usage(QStringLiteral("--interval applies to --enable"));
            QString why;
            const std::optional<qint64> seconds =
                parseDurationSeconds(p.value(QStringLiteral("interval")), &why);
            if (!seconds || *seconds > std::numeric_limits<int>::max())
                return usage(QStringLiteral("--interval: ") + why);
            r.scheduleIntervalSeconds = *seconds;
        } else if (enable) {
            return usage(QStringLiteral("--enable needs --interval DURATION (e.g. 1h)"));
        }
    }
    if (r.command == QLatin1String("job")) {
        if (extra.size() != 1)
            return usage(QStringLiteral("job takes exactly one JOB_ID"));
        r.jobId = normalizedUuid(extra.first());
        if (r.jobId.isEmpty())
            return usage(invalidUuidReason(QStringLiteral("job_id"), extra.first()));
    } else if (r.command == QLatin1String("retry-job")) {
        if (extra.isEmpty())
            return usage(QStringLiteral("retry-job needs at least one JOB_ID"));
        for (const QString &job : extra) {
            const QString id = normalizedUuid(job);
            if (id.isEmpty())
                return usage(invalidUuidReason(QStringLiteral("job_id"), job));
            r.jobIds << id;
        }
    } else if (r.command == QLatin1String("audit")) {
        if (extra != QStringList{QStringLiteral("upload")})
            return usage(QStringLiteral("audit takes one action: upload"));
        r.auditAction = extra.takeFirst();
    } else if (!extra.isEmpty()) {
        return usage(QStringLiteral("unexpected argument \"%1\"").arg(extra.first()));
    }
    for (const QString &name : kCommandOptions) {
        if (p.isSet(name) && !kAllowed.value(r.command).contains(name))
            return usage(QStringLiteral("--%1 does not apply to %2").arg(name, r.command));
    }

    r.profile = p.value(QStringLiteral("profile"));
    r.apiUrl = p.value(QStringLiteral("api-url"));
    r.dbUrl = p.value(QStringLiteral("db"));
    r.apiKeyFile = p.value(QStringLiteral("api-key-file"));
    r.auditDb = p.value(QStringLiteral("audit-db"));
    r.operatorName = p.value(QStringLiteral("operator"));
    if (p.isSet(QStringLiteral("operator")) && r.operatorName.isEmpty())
        return usage(QStringLiteral("--operator needs a NAME (user@host, or user)"));
    const int targets =
        int(!r.profile.isEmpty()) + int(!r.apiUrl.isEmpty()) + int(!r.dbUrl.isEmpty());
    if (targets > 1)
        return usage(QStringLiteral("give only one of --profile, --api-url and --db"));
    const bool needsConnection =
        r.command != QLatin1String("history") && r.command != QLatin1String("audit");
    if (needsConnection && targets == 0)
        return usage(
            QStringLiteral("%1 needs --profile NAME, --api-url URL or --db URL").arg(r.command));
    if (r.command == QLatin1String("audit") && r.auditDb.isEmpty() && r.profile.isEmpty())
        return usage(QStringLiteral("audit upload needs --audit-db URL or a --profile with an "
                                    "audit.url"));
    if (r.command == QLatin1String("init-db") && r.dbUrl.isEmpty())
        return usage(QStringLiteral("init-db needs --db URL"));
    if (!r.apiKeyFile.isEmpty() && !r.dbUrl.isEmpty())
        return usage(QStringLiteral("--api-key-file applies to API mode, not --db"));

    r.json = p.isSet(QStringLiteral("json"));
    r.concurrencyGiven = p.isSet(QStringLiteral("concurrency"));
    if (r.concurrencyGiven
        && !parseInt(p.value(QStringLiteral("concurrency")), kMinConcurrency, kMaxConcurrency,
                     &r.concurrency))
        return usage(QStringLiteral("--concurrency must be a whole number from 1 to 64"));
    if (p.isSet(QStringLiteral("retries"))
        && !parseInt(p.value(QStringLiteral("retries")), 0, 10, &r.retries))
        return usage(QStringLiteral("--retries must be a whole number from 0 to 10"));
    if (p.isSet(QStringLiteral("timeout-ms"))
        && !parseInt(p.value(QStringLiteral("timeout-ms")), 100, 600000, &r.deadlineMs))
        return usage(QStringLiteral("--timeout-ms must be from 100 to 600000"));
    if (p.isSet(QStringLiteral("limit"))
        && !parseInt(p.value(QStringLiteral("limit")), 1, 1000000, &r.limit))
        return usage(QStringLiteral("--limit must be a positive whole number"));
    if (p.isSet(QStringLiteral("demo"))
        && !parseInt(p.value(QStringLiteral("demo")), 0, 100000, &r.demo))
        return usage(QStringLiteral("--demo must be a whole number from 0 to 100000"));
    r.since = p.value(QStringLiteral("since"));
    r.all = p.isSet(QStringLiteral("all"));
    r.dryRun = p.isSet(QStringLiteral("dry-run"));
    r.counts = p.isSet(QStringLiteral("counts"));
    r.fixable = p.isSet(QStringLiteral("fixable"));
    r.unresolved = p.isSet(QStringLiteral("unresolved"));
    r.documents = p.isSet(QStringLiteral("documents"));
    r.logs = p.isSet(QStringLiteral("logs"));
    r.file = p.value(QStringLiteral("file"));
    r.statuses = splitList(p.values(QStringLiteral("status")));
    r.viewName = p.value(QStringLiteral("view")).trimmed();
    r.saveView = p.value(QStringLiteral("save")).trimmed();
    r.deleteView = p.value(QStringLiteral("delete")).trimmed();
    r.text = p.value(QStringLiteral("text"));
    r.provider = p.value(QStringLiteral("provider")).trimmed();

    // Ids are validated here, before anything connects: a bad one never reaches SQL or HTTP.
    for (const QString &kb : p.values(QStringLiteral("kb"))) {
        const QString id = normalizedUuid(kb);
        if (id.isEmpty())
            return usage(invalidUuidReason(QStringLiteral("--kb"), kb));
        r.kbIds << id;
    }
    for (const QString &source : splitList(p.values(QStringLiteral("source")))) {
        const QString id = normalizedUuid(source);
        if (id.isEmpty())
            return usage(invalidUuidReason(QStringLiteral("--source"), source));
        r.sourceIds << id;
    }

    if (r.command == QLatin1String("views")) {
        const bool criteria = !r.kbIds.isEmpty() || !r.statuses.isEmpty() || r.stuck
                              || p.isSet(QStringLiteral("text"))
                              || p.isSet(QStringLiteral("provider"));
        if (p.isSet(QStringLiteral("save")) && p.isSet(QStringLiteral("delete")))
            return usage(QStringLiteral("give --save NAME or --delete NAME, not both"));
        if (criteria && !p.isSet(QStringLiteral("save")))
            return usage(QStringLiteral("filter options apply to views --save NAME"));
        if (p.isSet(QStringLiteral("save")) && r.saveView.isEmpty())
            return usage(QStringLiteral("--save needs a view NAME"));
        if (p.isSet(QStringLiteral("delete")) && r.deleteView.isEmpty())
            return usage(QStringLiteral("--delete needs a view NAME"));
    }
    if (p.isSet(QStringLiteral("view"))) {
        if (r.viewName.isEmpty())
            return usage(QStringLiteral("--view needs a view NAME (featherctl views lists them)"));
        if (!r.kbIds.isEmpty() || !r.statuses.isEmpty() || r.stuck)
            return usage(QStringLiteral("--view brings its own filters; drop --kb, --status and "
                                        "--stuck"));
    }
    if (r.command != QLatin1String("views") && r.stuck && !r.statuses.isEmpty())
        return usage(QStringLiteral("--stuck lists syncing sources; drop --status"));
    if (r.command == QLatin1String("status") && (r.kbIds.size() != 1 || r.sourceIds.size() != 1))
        return usage(QStringLiteral("status needs exactly one --kb ID and one --source ID"));
    if (r.command == QLatin1String("jobs") && (r.kbIds.size() != 1 || r.sourceIds.size() != 1))
        return usage(QStringLiteral("jobs needs exactly one --kb ID and one --source ID"));
    if (r.command == QLatin1String("retry-job") && (r.kbIds.size() > 1 || r.sourceIds.size() > 1))
        return usage(QStringLiteral("retry-job takes at most one --kb ID and one --source ID"));
    if (r.command == QLatin1String("resync")) {
        const int forms = int(!r.sourceIds.isEmpty()) + int(r.all) + int(!r.file.isEmpty());
        if (forms != 1)
            return usage(
                QStringLiteral("resync needs exactly one of --source ID..., --all or --file FILE"));
        if (!r.file.isEmpty() && !r.kbIds.isEmpty())
            return usage(QStringLiteral("--file names its own knowledge bases; drop --kb"));
        if (r.fixable && !r.all)
            return usage(QStringLiteral("--fixable applies to resync --all"));
        if (r.fixable && !r.statuses.isEmpty())
            return usage(QStringLiteral("--fixable picks errored sources itself; drop --status"));
        if (r.file.isEmpty() && !r.fixable && r.kbIds.size() != 1)
            return usage(QStringLiteral("resync needs exactly one --kb ID"));
        if (!r.statuses.isEmpty() && !r.all)
            return usage(QStringLiteral("--status applies to resync --all"));
    }
    result.request = r;
    result.exitCode = 0;
    return result;
}

} // namespace feather::cli
