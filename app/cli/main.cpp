// featherctl: the scriptable twin of feather-console (DESIGN.md, "featherctl").
#include "cli/cliargs.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "core/appinfo.h"

#include <QCoreApplication>
#include <QTimer>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    feather::setApplicationIdentity();

    const feather::cli::ParseOutcome parsed = feather::cli::parseArguments(app.arguments());
    if (!parsed.request) {
        if (!parsed.output.isEmpty())
            feather::cli::printOut(parsed.output);
        if (!parsed.error.isEmpty())
            feather::cli::printErr(QStringLiteral("featherctl: ") + parsed.error + u'\n');
        return parsed.exitCode;
    }
    feather::cli::CommandRunner runner(*parsed.request);
    QTimer::singleShot(0, &runner, &feather::cli::CommandRunner::start);
    return app.exec();
}
