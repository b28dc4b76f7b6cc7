#include "devserver/options.h"

#include <QCommandLineParser>
#include <QFile>
#include <limits>

namespace feather::devserver {

namespace {

const char kDescription[] =
    "The \"Local dev\" Feather API server: the knowledge-base and connector endpoints of the\n"
    "Feather API (/v1/knowledge-base/...) over a direct-mode database, with the same guarded\n"
    "trigger transaction as featherctl and the console, simulated job progress and fault knobs.\n"
    "\n"
    "It answers as the documented API does (FastAPI behaviour included: 307 for a trailing\n"
    "slash, {\"detail\":\"Not Found\"}, 405 with Allow, 422 validation bodies, 400 for a bad\n"
    "cursor) and serves its OpenAPI document at /openapi.json. --extensions adds the\n"
    "devserver-only conveniences of earlier versions (Idempotency-Key replay, per-status source\n"
    "counts on knowledge bases, last_sync_status/last_error_message on sources, a status=\n"
    "filter on List Sources, trigger ids on jobs, job_id in a 409); no documented field\n"
    "depends on it.\n"
    "\n"
    "Every API request needs the x-api-key header, checked before the body is read. The key\n"
    "comes from --api-key-file or the FEATHER_API_KEY environment variable (never from the\n"
    "command line); without one the server refuses to start (exit 2). A PostgreSQL password\n"
    "comes from PGPASSWORD.\n"
    "\n"
    "Limits: bodies over --max-body-bytes get 413, headers over 16 KiB 431; a connection must\n"
    "send its headers within --header-timeout and its body within --request-timeout (else 408)\n"
    "and is closed after --idle-timeout without a request; past --max-connections the\n"
    "longest-idle connection is closed, or, when none is idle, the new one gets 503 with\n"
    "Retry-After.\n"
    "\n"
    "Fault knobs for tests: --fail-every N answers every N-th POST .../sync request (counted from\n"
    "server start, over all sources) with 500 {\"error\":\"internal_error\"} without touching the\n"
    "database; --rate-limit R answers 429 with Retry-After once more than R requests per second\n"
    "arrive; --latency-ms M delays every answer; --job-fail-every N makes every N-th simulated\n"
    "sync job fail.\n"
    "\n"
    "Prints \"listening on http://HOST:PORT\" on stdout once it accepts connections, one log line\n"
    "per request (time, method, path, status, ms) on stderr, and stops cleanly on SIGTERM/SIGINT.";

ParsedCommandLine usageError(const QString &reason)
{
    ParsedCommandLine parsed;
    parsed.action = ParsedCommandLine::Action::UsageError;
    parsed.text = reason;
    return parsed;
}

// Parses an integer option within [min, max]; leaves *out alone when the option is absent.
bool intOption(const QCommandLineParser &parser, const QString &name, int min, int max, int *out,
               QString *why)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < min || value > max) {
        *why = QStringLiteral("--%1 must be a whole number from %2 to %3, got \"%4\"")
                   .arg(name)
                   .arg(min)
                   .arg(max)
                   .arg(parser.value(name));
        return false;
    }
    *out = value;
    return true;
}

bool parseListen(const QString &text, QHostAddress *address, quint16 *port, QString *why)
{
    const qsizetype colon = text.lastIndexOf(u':');
    QString host = text.left(colon);
    bool ok = false;
    const int number = colon < 0 ? -1 : text.mid(colon + 1).toInt(&ok);
    if (colon < 0 || !ok || number < 0 || number > 65535) {
        *why = QStringLiteral(
                   "--listen wants HOST:PORT (port 0–65535, 0 picks a free one), got \"%1\"")
                   .arg(text);
        return false;
    }
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        host = QStringLiteral("127.0.0.1");
    if (!address->setAddress(host)) {
        *why = QStringLiteral("--listen wants an IP address (or localhost), got \"%1\"").arg(host);
        return false;
    }
    *port = quint16(number);
    return true;
}

// The key file holds the key on one line (a trailing newline is fine).
bool readKeyFile(const QString &path, QByteArray *key, QString *why)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("cannot read API key file %1: %2").arg(path, file.errorString());
        return false;
    }
    *key = file.read(64 * 1024).trimmed();
    if (key->isEmpty()) {
        *why = QStringLiteral("API key file %1 is empty").arg(path);
        return false;
    }
    if (key->contains('\n') || key->contains('\r')) {
        *why = QStringLiteral("API key file %1 must hold the key on a single line").arg(path);
        return false;
    }
    return true;
}

} // namespace

QString baseUrl(const QHostAddress &address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + address.toString() + u']'
                             : address.toString();
    return QStringLiteral("http://%1:%2").arg(host).arg(port);
}

ParsedCommandLine parseCommandLine(const QStringList &arguments, const QProcessEnvironment &env)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromUtf8(kDescription));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addOptions({
        {QStringLiteral("db"),
         QStringLiteral(
             "Database: sqlite:///abs/path.db or postgresql://user@host:port/db (required)."),
         QStringLiteral("URL")},
        {QStringLiteral("listen"),
         QStringLiteral("Address to listen on (default 127.0.0.1:8000; port 0 picks a free one)."),
         QStringLiteral("HOST:PORT")},
        {QStringLiteral("allow-remote"), QStringLiteral("Allow a non-loopback --listen address.")},
        {QStringLiteral("api-key-file"),
         QStringLiteral("File holding the API key clients must send (else $FEATHER_API_KEY)."),
         QStringLiteral("FILE")},
        {QStringLiteral("sync-seconds"),
         QStringLiteral("Seconds a simulated sync job runs (default 5)."), QStringLiteral("S")},
        {QStringLiteral("job-fail-every"),
         QStringLiteral("Every N-th simulated job fails (default 7, 0 = none)."),
         QStringLiteral("N")},
        {QStringLiteral("fail-every"),
         QStringLiteral("Every N-th trigger request answers 500 without touching the database "
                        "(default 0 = never)."),
         QStringLiteral("N")},
        {QStringLiteral("latency-ms"),
         QStringLiteral("Milliseconds added before every answer (default 0)."),
         QStringLiteral("M")},
        {QStringLiteral("rate-limit"),
         QStringLiteral("Requests per second for the whole server; excess gets 429 + Retry-After "
                        "(default 0 = unlimited)."),
         QStringLiteral("R")},
        {QStringLiteral("threads"),
         QStringLiteral("Worker threads, each with its own database connection (default 16)."),
         QStringLiteral("N")},
        {QStringLiteral("extensions"),
         QStringLiteral("Serve the devserver-only fields and behaviour (default off).")},
        {QStringLiteral("max-body-bytes"),
         QStringLiteral("Largest request body accepted (default 1048576)."), QStringLiteral("N")},
        {QStringLiteral("max-connections"),
         QStringLiteral("Open connections at most (default 4096, lowered to fit the open-file "
                        "limit)."),
         QStringLiteral("N")},
        {QStringLiteral("idle-timeout"),
         QStringLiteral("Seconds a connection may wait between requests (default 5)."),
         QStringLiteral("S")},
        {QStringLiteral("header-timeout"),
         QStringLiteral("Seconds from a request's first byte to the end of its headers "
                        "(default 10)."),
         QStringLiteral("S")},
        {QStringLiteral("request-timeout"),
         QStringLiteral("Seconds to send a request body, and to read an answer (default 30)."),
         QStringLiteral("S")},
        {QStringLiteral("seed-demo"),
         QStringLiteral("Seed N demo sources when the database has no knowledge base yet."),
         QStringLiteral("N")},
        {QStringLiteral("ready-file"),
         QStringLiteral("Write the bound port to FILE once listening."), QStringLiteral("FILE")},
    });

    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    ParsedCommandLine parsed;
    if (parser.isSet(help) || parser.isSet(version)) {
        parsed.action = ParsedCommandLine::Action::PrintAndExit;
        parsed.text =
            parser.isSet(help)
                ? parser.helpText()
                : QStringLiteral("feather-devserver %1\n").arg(QLatin1String(FEATHER_VERSION));
        return parsed;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument \"%1\" (see --help)")
                              .arg(parser.positionalArguments().constFirst()));

    CommandLine &cl = parsed.commandLine;
    QString why;
    if (!parser.isSet(QStringLiteral("db")))
        return usageError(QStringLiteral(
            "--db URL is required (sqlite:///abs/path.db or postgresql://user@host:port/db)"));
    const auto db = parseDbUrl(parser.value(QStringLiteral("db")), &why);
    if (!db)
        return usageError(QStringLiteral("--db: ") + why);
    cl.server.db = *db;
    if (cl.server.db.driver == DbConfig::Driver::Postgres)
        cl.server.db.password = env.value(QStringLiteral("PGPASSWORD"));

    if (parser.isSet(QStringLiteral("listen"))
        && !parseListen(parser.value(QStringLiteral("listen")), &cl.address, &cl.port, &why))
        return usageError(why);
    cl.allowRemote = parser.isSet(QStringLiteral("allow-remote"));
    if (!cl.address.isLoopback() && !cl.allowRemote)
        return usageError(
            QStringLiteral("refusing to listen on non-loopback address %1 without --allow-remote")
                .arg(cl.address.toString()));

    const int intMax = std::numeric_limits<int>::max();
    if (!intOption(parser, QStringLiteral("sync-seconds"), 0, 86400, &cl.server.syncSeconds, &why)
        || !intOption(parser, QStringLiteral("job-fail-every"), 0, intMax, &cl.server.jobFailEvery,
                      &why)
        || !intOption(parser, QStringLiteral("fail-every"), 0, intMax, &cl.server.failEvery, &why)
        || !intOption(parser, QStringLiteral("latency-ms"), 0, 600000, &cl.server.latencyMs, &why)
        || !intOption(parser, QStringLiteral("threads"), 1, 256, &cl.server.threads, &why)
        || !intOption(parser, QStringLiteral("seed-demo"), 0, 1000000, &cl.seedDemo, &why)
        || !intOption(parser, QStringLiteral("max-connections"), 1, 1000000,
                      &cl.server.http.maxConnections, &why))
        return usageError(why);
    int idle = cl.server.http.idleTimeoutMs / 1000;
    int header = cl.server.http.headerTimeoutMs / 1000;
    int request = cl.server.http.requestTimeoutMs / 1000;
    if (!intOption(parser, QStringLiteral("idle-timeout"), 1, 3600, &idle, &why)
        || !intOption(parser, QStringLiteral("header-timeout"), 1, 3600, &header, &why)
        || !intOption(parser, QStringLiteral("request-timeout"), 1, 3600, &request, &why))
        return usageError(why);
    cl.server.http.idleTimeoutMs = idle * 1000;
    cl.server.http.headerTimeoutMs = header * 1000;
    cl.server.http.requestTimeoutMs = request * 1000;
    if (parser.isSet(QStringLiteral("max-body-bytes"))) {
        bool ok = false;
        const qint64 bytes = parser.value(QStringLiteral("max-body-bytes")).toLongLong(&ok);
        if (!ok || bytes < 0 || bytes > qint64(1) << 30)
            return usageError(
                QStringLiteral("--max-body-bytes must be a whole number from 0 to 1073741824, "
                               "got \"%1\"")
                    .arg(parser.value(QStringLiteral("max-body-bytes"))));
        cl.server.http.maxBodyBytes = bytes;
    }
    cl.server.extensions = parser.isSet(QStringLiteral("extensions"));
    if (parser.isSet(QStringLiteral("rate-limit"))) {
        bool ok = false;
        cl.server.rateLimit = parser.value(QStringLiteral("rate-limit")).toDouble(&ok);
        if (!ok || cl.server.rateLimit < 0 || cl.server.rateLimit > 1e6)
            return usageError(
                QStringLiteral(
                    "--rate-limit must be a number of requests per second ≥ 0, got \"%1\"")
                    .arg(parser.value(QStringLiteral("rate-limit"))));
    }
    cl.readyFile = parser.value(QStringLiteral("ready-file"));

    if (parser.isSet(QStringLiteral("api-key-file"))) {
        if (!readKeyFile(parser.value(QStringLiteral("api-key-file")), &cl.server.apiKey, &why))
            return usageError(why);
    } else {
        cl.server.apiKey = env.value(QStringLiteral("FEATHER_API_KEY")).toUtf8().trimmed();
        if (cl.server.apiKey.isEmpty())
            return usageError(
                QStringLiteral("no API key: pass --api-key-file FILE or set FEATHER_API_KEY"));
    }
    parsed.action = ParsedCommandLine::Action::Run;
    return parsed;
}

} // namespace feather::devserver
