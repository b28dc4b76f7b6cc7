// feather-devserver: argument handling, database preparation and the event loop. The server
// itself is DevServer (devserver.h).
#include "devserver/devserver.h"
#include "devserver/options.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>
#include <QSocketNotifier>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace feather::devserver;

namespace {

int g_signalPipe[2] = {-1, -1};

// Async-signal-safe: only write(2). The event loop picks the byte up and quits.
void onTerminationSignal(int)
{
    const char byte = 1;
    const ssize_t written = ::write(g_signalPipe[1], &byte, 1);
    (void)written;
}

// Raises the open-file limit to the hard limit (the usual soft limit, 1024, is too low for a
// server) and returns how many connections fit under it, leaving room for the database, the
// workers and the standard streams.
int connectionsThatFit(int wanted, int threads)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return wanted;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    if (limit.rlim_cur == RLIM_INFINITY)
        return wanted;
    const qint64 reserve = 64 + 4 * qint64(threads);
    return int(qBound(qint64(1), qint64(limit.rlim_cur) - reserve, qint64(wanted)));
}

bool installSignalHandlers()
{
    if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return false;
    struct sigaction action = {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(SIGTERM, &action, nullptr) == 0
           && ::sigaction(SIGINT, &action, nullptr) == 0;
}

void printStdout(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

bool writeReadyFile(const QString &path, quint16 port, QString *why)
{
    // Written to a temporary file and renamed, so a reader never sees a half-written port.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray::number(port) + '\n') < 0
        || !file.commit()) {
        *why = QStringLiteral("cannot write --ready-file %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("feather-devserver"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FEATHER_VERSION));

    const ParsedCommandLine parsed =
        parseCommandLine(app.arguments(), QProcessEnvironment::systemEnvironment());
    if (parsed.action == ParsedCommandLine::Action::PrintAndExit) {
        printStdout(parsed.text);
        return 0;
    }
    if (parsed.action == ParsedCommandLine::Action::UsageError) {
        logLine(QStringLiteral("feather-devserver: ") + parsed.text);
        return 2;
    }
    CommandLine cl = parsed.commandLine;
    cl.server.http.maxConnections =
        connectionsThatFit(cl.server.http.maxConnections, cl.server.threads);
    if (!installSignalHandlers()) {
        logLine(QStringLiteral("feather-devserver: cannot install signal handlers"));
        return 1;
    }

    const auto prepared = prepareDatabase(cl.server.db, cl.seedDemo);
    if (!prepared.ok()) {
        logLine(QStringLiteral("feather-devserver: database %1: %2")
                    .arg(cl.server.db.displayTarget(), prepared.error->message));
        return 1;
    }
    logLine(QStringLiteral("feather-devserver ") + QLatin1String(FEATHER_VERSION) + u' '
            + cl.server.db.displayTarget() + QStringLiteral(", ") + prepared.value
            + QStringLiteral(", at most ") + QString::number(cl.server.http.maxConnections)
            + QStringLiteral(" connections")
            + (cl.server.extensions ? QStringLiteral(", extensions on") : QString()));

    DevServer server(cl.server);
    QString why;
    const quint16 port = server.start(cl.address, cl.port, &why);
    if (port == 0 || (!cl.readyFile.isEmpty() && !writeReadyFile(cl.readyFile, port, &why))) {
        logLine(QStringLiteral("feather-devserver: ") + why);
        return 1;
    }
    if (!cl.address.isLoopback()) {
        logLine(QStringLiteral(
                    "feather-devserver: WARNING: listening on non-loopback address %1; anyone "
                    "who can reach it and has the key can read sources and trigger syncs")
                    .arg(cl.address.toString()));
    }
    printStdout(QStringLiteral("listening on %1\n").arg(baseUrl(cl.address, port)));

    QSocketNotifier signalNotifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, &app, [] {
        char byte = 0;
        while (::read(g_signalPipe[0], &byte, 1) > 0) {
        }
        QCoreApplication::quit();
    });
    const int rc = app.exec();
    logLine(QStringLiteral("feather-devserver: shutting down"));
    server.stop();
    if (!cl.readyFile.isEmpty())
        QFile::remove(cl.readyFile);
    return rc;
}
