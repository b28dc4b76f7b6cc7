#include "config/auditlog.h"
#include "config/credentials.h"
#include "config/profiles.h"
#include "consoleoptions.h"
#include "core/appinfo.h"
#include "screenshot.h"
#include "ui/appearance.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace feather;

namespace {
// Quick-start profiles live for this run only; their secrets stay in memory.
QString addCommandLineProfiles(const ConsoleOptions &o, MainWindow &window,
                               CredentialStore &credentials)
{
    QString first;
    if (!o.apiUrl.isEmpty()) {
        Profile p;
        p.name = o.apiProfileName;
        p.mode = BackendMode::Api;
        p.baseUrl = o.apiUrl;
        p.production = o.production;
        p.environment = o.environment;
        p.secretStorage = SecretStorage::Session;
        credentials.keepForSession(p.name, o.apiKey);
        window.addTransientProfile(p);
        first = p.name;
    }
    if (!o.dbUrl.isEmpty()) {
        Profile p;
        p.name = o.dbProfileName;
        p.mode = BackendMode::Direct;
        p.dbUrl = o.dbUrl;
        p.production = o.production;
        p.environment = o.environment;
        p.secretStorage = SecretStorage::Session;
        if (!o.dbPassword.isEmpty())
            credentials.keepForSession(p.name, o.dbPassword);
        window.addTransientProfile(p);
        if (first.isEmpty())
            first = p.name;
    }
    return first;
}

// Prints --help / --version text or a usage error; the exit code, or -1 to go on.
int answerWithoutWindow(const ParsedConsoleOptions &parsed)
{
    switch (parsed.action) {
    case ParsedConsoleOptions::Action::PrintAndExit:
        std::fputs(qUtf8Printable(parsed.text), stdout);
        return 0;
    case ParsedConsoleOptions::Action::UsageError:
        std::fprintf(stderr, "%s\n", qUtf8Printable(parsed.text));
        return 2;
    case ParsedConsoleOptions::Action::Run:
        break;
    }
    return -1;
}
} // namespace

int main(int argc, char *argv[])
{
    setApplicationIdentity();
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // --help and --version answer before QApplication exists: it aborts without a display (ssh,
    // CI, a package check). Anything else waits for QApplication, which takes its own options
    // (-platform, -style …) out of the arguments first.
    QStringList rawArguments;
    for (int i = 0; i < argc; ++i)
        rawArguments << QString::fromLocal8Bit(argv[i]);
    if (const ParsedConsoleOptions early = parseConsoleOptions(rawArguments, env);
        early.action == ParsedConsoleOptions::Action::PrintAndExit)
        return answerWithoutWindow(early);

    QApplication app(argc, argv);
    QGuiApplication::setDesktopFileName(u"com.feather.OpsConsole"_s);
    const ParsedConsoleOptions parsed = parseConsoleOptions(app.arguments(), env);
    if (const int code = answerWithoutWindow(parsed); code >= 0)
        return code;
    const ConsoleOptions &o = parsed.options;
    if (QString why; !o.auditDb.isEmpty() && !AuditLog::isValidTeamUrl(o.auditDb, &why)) {
        std::fprintf(stderr, "feather-console: %s\n", qPrintable(why));
        return 2;
    }
    AuditLog::setDefaultTeamUrl(o.auditDb);
    if (o.dark) {
        QApplication::setStyle(u"Fusion"_s);
        QApplication::setPalette(darkPalette());
    }

    ProfileStore profiles;
    CredentialStore credentials;
    MainWindow window(&profiles, &credentials);
    const QString commandLineProfile = addCommandLineProfiles(o, window, credentials);

    if (!o.profile.isEmpty() && !o.apiKey.isEmpty()) {
        if (const auto saved = profiles.profile(o.profile);
            saved && saved->mode == BackendMode::Api)
            credentials.keepForSession(saved->name, o.apiKey);
    }
    QString initial = o.profile;
    if (initial.isEmpty())
        initial = commandLineProfile;
    if (initial.isEmpty())
        initial = profiles.lastUsed();
    if (initial.isEmpty() && !profiles.profiles().isEmpty())
        initial = profiles.profiles().first().name;

    std::unique_ptr<ScreenshotDirector> director;
    if (!o.screenshot.isEmpty()) {
        director = std::make_unique<ScreenshotDirector>(&window, o.screenshot, o.screenshotView,
                                                        o.demoRun);
        director->start();
        window.resize(o.screenshotSize);
    }
    window.show();
    if (!initial.isEmpty())
        window.openProfile(initial);
    else if (director)
        window.openDemoWorkspace();
    else if (!o.noDemoOffer)
        window.offerDemoWorkspace();
    return app.exec();
}
