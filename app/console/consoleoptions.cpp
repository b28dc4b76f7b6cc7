#include "consoleoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace feather {

namespace {
// The translation context of the command-line texts (help, reasons).
class Text {
    Q_DECLARE_TR_FUNCTIONS(feather::ConsoleOptions)
};

ParsedConsoleOptions usage(const QString &why)
{
    ParsedConsoleOptions r;
    r.action = ParsedConsoleOptions::Action::UsageError;
    r.text = u"feather-console: "_s + why;
    return r;
}
} // namespace

ParsedConsoleOptions parseConsoleOptions(const QStringList &arguments,
                                         const QProcessEnvironment &env)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Text::tr(
        "Feather Ops Console: list knowledge bases and their connector sources, resync one or "
        "many, "
        "and read back a job id, status and message for each.\n\n"
        "Quick start: --api-url URL (the API key comes from $FEATHER_API_KEY, never from an "
        "argument) or "
        "--db URL (sqlite:///abs/path.db or postgresql://user@host:port/db; password from "
        "$PGPASSWORD). "
        "Both may be given; --profile NAME picks which one opens first, or opens a saved profile "
        "(with $FEATHER_API_KEY, when set, in place of its stored key for this run)."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption profile(u"profile"_s, Text::tr("Open the profile called NAME."),
                                     u"NAME"_s);
    const QCommandLineOption apiUrl(
        u"api-url"_s, Text::tr("Quick start in API mode against URL (key from $FEATHER_API_KEY)."),
        u"URL"_s);
    const QCommandLineOption apiName(
        u"api-profile-name"_s,
        Text::tr("Name of the --api-url profile (default \"Command line (API)\")."), u"NAME"_s);
    const QCommandLineOption db(
        u"db"_s, Text::tr("Quick start in direct mode on the database URL."), u"URL"_s);
    const QCommandLineOption dbName(
        u"db-profile-name"_s,
        Text::tr("Name of the --db profile (default \"Command line (direct)\")."), u"NAME"_s);
    const QCommandLineOption demoProfiles(
        u"demo-profiles"_s, Text::tr("Name the quick-start profiles \"Local demo (API)\" and "
                                     "\"Local demo (direct)\" (used by scripts/run-demo)."));
    const QCommandLineOption auditDb(
        u"audit-db"_s,
        Text::tr("Keep the audit log in the team's PostgreSQL database at URL "
                 "(postgresql://user@host:port/db; password from $PGPASSWORD or $PGPASSFILE)."),
        u"URL"_s);
    const QCommandLineOption production(u"production"_s,
                                        Text::tr("Mark the quick-start profiles as production."));
    const QCommandLineOption screenshot(
        u"screenshot"_s,
        Text::tr(
            "Render the main window once the first load has finished, save it as a PNG and exit."),
        u"FILE"_s);
    const QCommandLineOption view(
        u"screenshot-view"_s,
        Text::tr("What --screenshot shows: sources, results, confirm, history, triage or "
                 "details."),
        u"VIEW"_s);
    const QCommandLineOption size(u"screenshot-size"_s,
                                  Text::tr("Window size for --screenshot (default 1360x860)."),
                                  u"WxH"_s);
    const QCommandLineOption demoRun(
        u"demo-run"_s, Text::tr("Before the screenshot, resync a mixed selection (for docs)."));
    const QCommandLineOption dark(u"dark"_s,
                                  Text::tr("Use a dark palette even when the desktop does not ask "
                                           "for one (the console follows the system palette)."));
    const QCommandLineOption noDemo(u"no-demo-offer"_s,
                                    Text::tr("Do not offer the demo workspace on a first run."));
    parser.addOptions({profile, apiUrl, apiName, db, dbName, demoProfiles, production, auditDb,
                       screenshot, view, size, demoRun, dark, noDemo});

    if (!parser.parse(arguments))
        return usage(parser.errorText());
    ParsedConsoleOptions r;
    if (parser.isSet(help) || parser.isSet(version)) {
        r.action = ParsedConsoleOptions::Action::PrintAndExit;
        r.text = parser.isSet(help) ? parser.helpText()
                                    : QCoreApplication::applicationName() + u' '
                                          + QCoreApplication::applicationVersion() + u'\n';
        return r;
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(Text::tr("unexpected argument \"%1\" (see --help)")
                         .arg(parser.positionalArguments().first()));

    ConsoleOptions &o = r.options;
    o.profile = parser.value(profile);
    o.apiUrl = parser.value(apiUrl);
    const bool demo = parser.isSet(demoProfiles);
    o.apiProfileName = parser.isSet(apiName)
                           ? parser.value(apiName).trimmed()
                           : (demo ? u"Local demo (API)"_s : u"Command line (API)"_s);
    o.dbUrl = parser.value(db);
    o.dbProfileName = parser.isSet(dbName)
                          ? parser.value(dbName).trimmed()
                          : (demo ? u"Local demo (direct)"_s : u"Command line (direct)"_s);
    o.environment = demo ? u"demo"_s : QString();
    o.production = parser.isSet(production);
    o.screenshot = parser.value(screenshot);
    o.auditDb = parser.value(auditDb);
    o.demoRun = parser.isSet(demoRun);
    o.noDemoOffer = parser.isSet(noDemo);
    o.dark = parser.isSet(dark);
    if (parser.isSet(view))
        o.screenshotView = parser.value(view);
    if (!QStringList{u"sources"_s, u"results"_s, u"confirm"_s, u"history"_s, u"triage"_s,
                     u"details"_s}
             .contains(o.screenshotView))
        return usage(Text::tr(
            "--screenshot-view must be sources, results, confirm, history, triage or details"));
    if (parser.isSet(size)) {
        const QStringList parts = parser.value(size).split(u'x');
        bool okW = false, okH = false;
        const int w = parts.size() == 2 ? parts[0].toInt(&okW) : 0;
        const int h = parts.size() == 2 ? parts[1].toInt(&okH) : 0;
        if (!okW || !okH || w < 400 || h < 300 || w > 4000 || h > 4000)
            return usage(Text::tr("--screenshot-size must look like 1360x860"));
        o.screenshotSize = QSize(w, h);
    }
    if (o.apiProfileName.isEmpty() || o.dbProfileName.isEmpty())
        return usage(Text::tr("a profile name cannot be empty"));
    // Given on the command line, $FEATHER_API_KEY also serves an API profile picked with
    // --profile (it wins over the keychain for this run, and is kept in memory only).
    o.apiKey = env.value(u"FEATHER_API_KEY"_s).trimmed();
    if (!o.apiUrl.isEmpty()) {
        if (o.apiKey.isEmpty())
            return usage(Text::tr("--api-url needs the API key in $FEATHER_API_KEY (it is never "
                                  "taken from an argument)"));
    }
    o.dbPassword = env.value(u"PGPASSWORD"_s);
    if (o.screenshotView != u"sources"_s && o.screenshot.isEmpty())
        return usage(Text::tr("--screenshot-view needs --screenshot FILE"));
    r.action = ParsedConsoleOptions::Action::Run;
    return r;
}

} // namespace feather
