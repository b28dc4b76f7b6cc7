#include "config/credentials.h"
#include "config/profiles.h"
#include "consoleoptions.h"
#include "core/appinfo.h"
#include "screenshot.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QPalette>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace feather;

namespace {
// The console normally takes the desktop's palette as it is; --dark is for desktops (and
// offscreen screenshots) that have no dark theme to offer.
void applyDarkPalette(QApplication &app)
{
    app.setStyle(u"Fusion"_s);
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1f, 0x21, 0x24), text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2d));
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xc7));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x8c, 0x8c, 0x8c));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x7a, 0x7a, 0x7a));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x7a, 0x7a, 0x7a));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x7a, 0x7a, 0x7a));
    app.setPalette(p);
}

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
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    setApplicationIdentity();
    QGuiApplication::setDesktopFileName(u"com.feather.OpsConsole"_s);

    const ParsedConsoleOptions parsed =
        parseConsoleOptions(app.arguments(), QProcessEnvironment::systemEnvironment());
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
    const ConsoleOptions &o = parsed.options;
    if (o.dark)
        applyDarkPalette(app);

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
