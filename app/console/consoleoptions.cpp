#include "consoleoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace feather {

namespace {
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
    parser.setApplicationDescription(
        u"Feather Ops Console: list knowledge bases and their connector sources, resync one or "
        u"many, "
        u"and read back a job id, status and message for each.\n\n"
        u"Quick start: --api-url URL (the API key comes from $FEATHER_API_KEY, never from an "
        u"argument) or "
        u"--db URL (sqlite:///abs/path.db or postgresql://user@host:port/db; password from "
        u"$PGPASSWORD). "
        u"Both may be given; --profile NAME picks which one opens first, or opens a saved profile "
        u"(with $FEATHER_API_KEY, when set, in place of its stored key for this run)."_s);
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption profile(u"profile"_s, u"Open the profile called NAME."_s, u"NAME"_s);
    const QCommandLineOption apiUrl(
        u"api-url"_s, u"Quick start in API mode against URL (key from $FEATHER_API_KEY)."_s,
        u"URL"_s);
    const QCommandLineOption apiName(
        u"api-profile-name"_s, u"Name of the --api-url profile (default \"Command line (API)\")."_s,
        u"NAME"_s);
    const QCommandLineOption db(u"db"_s, u"Quick start in direct mode on the database URL."_s,
                                u"URL"_s);
    const QCommandLineOption dbName(
        u"db-profile-name"_s, u"Name of the --db profile (default \"Command line (direct)\")."_s,
        u"NAME"_s);
    const QCommandLineOption demoProfiles(
        u"demo-profiles"_s,
        u"Name the quick-start profiles \"Local demo (API)\" and \"Local demo (direct)\" (used by scripts/run-demo)."_s);
    const QCommandLineOption production(u"production"_s,
                                        u"Mark the quick-start profiles as production."_s);
    const QCommandLineOption screenshot(
        u"screenshot"_s,
        u"Render the main window once the first load has finished, save it as a PNG and exit."_s,
        u"FILE"_s);
    const QCommandLineOption view(
        u"screenshot-view"_s, u"What --screenshot shows: sources, results, confirm or history."_s,
        u"VIEW"_s);
    const QCommandLineOption size(u"screenshot-size"_s,
                                  u"Window size for --screenshot (default 1360x860)."_s, u"WxH"_s);
    const QCommandLineOption demoRun(
        u"demo-run"_s, u"Before the screenshot, resync a mixed selection (for docs)."_s);
    const QCommandLineOption dark(
        u"dark"_s,
        u"Use a dark palette even when the desktop does not ask for one (the console follows the system palette)."_s);
    const QCommandLineOption noDemo(u"no-demo-offer"_s,
                                    u"Do not offer the demo workspace on a first run."_s);
    parser.addOptions({profile, apiUrl, apiName, db, dbName, demoProfiles, production, screenshot,
                       view, size, demoRun, dark, noDemo});

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
        return usage(u"unexpected argument \""_s + parser.positionalArguments().first()
                     + u"\" (see --help)"_s);

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
    o.demoRun = parser.isSet(demoRun);
    o.noDemoOffer = parser.isSet(noDemo);
    o.dark = parser.isSet(dark);
    if (parser.isSet(view))
        o.screenshotView = parser.value(view);
    if (!QStringList{u"sources"_s, u"results"_s, u"confirm"_s, u"history"_s}.contains(
            o.screenshotView))
        return usage(u"--screenshot-view must be sources, results, confirm or history"_s);
    if (parser.isSet(size)) {
        const QStringList parts = parser.value(size).split(u'x');
        bool okW = false, okH = false;
        const int w = parts.size() == 2 ? parts[0].toInt(&okW) : 0;
        const int h = parts.size() == 2 ? parts[1].toInt(&okH) : 0;
        if (!okW || !okH || w < 400 || h < 300 || w > 4000 || h > 4000)
            return usage(u"--screenshot-size must look like 1360x860"_s);
        o.screenshotSize = QSize(w, h);
    }
    if (o.apiProfileName.isEmpty() || o.dbProfileName.isEmpty())
        return usage(u"a profile name cannot be empty"_s);
    // Given on the command line, $FEATHER_API_KEY also serves an API profile picked with
    // --profile (it wins over the keychain for this run, and is kept in memory only).
    o.apiKey = env.value(u"FEATHER_API_KEY"_s).trimmed();
    if (!o.apiUrl.isEmpty()) {
        if (o.apiKey.isEmpty())
            return usage(
                u"--api-url needs the API key in $FEATHER_API_KEY (it is never taken from an argument)"_s);
    }
    o.dbPassword = env.value(u"PGPASSWORD"_s);
    if (o.screenshotView != u"sources"_s && o.screenshot.isEmpty())
        return usage(u"--screenshot-view needs --screenshot FILE"_s);
    r.action = ParsedConsoleOptions::Action::Run;
    return r;
}

} // namespace feather
