#pragma once

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFuture>
#include <QFutureWatcher>
#include <QJsonObject>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTimer>

namespace feather::test {

// Waits for a future while the current thread's event loop keeps running (API-mode backends
// deliver on this thread, so a plain waitForFinished() would deadlock). Returns whether it
// finished in time.
template <typename T>
bool waitFor(const QFuture<T> &future, int timeoutMs = 30000)
{
    if (future.isFinished())
        return true;
    QFutureWatcher<T> watcher;
    QEventLoop loop;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    watcher.setFuture(future);
    if (!future.isFinished())
        loop.exec();
    return future.isFinished();
}

// The single result of a finished future (waits first; a default T on timeout).
template <typename T>
T await(const QFuture<T> &future, int timeoutMs = 30000)
{
    if (!waitFor(future, timeoutMs) || future.resultCount() == 0)
        return T{};
    return future.result();
}

// How many times slower this build runs than a plain optimised one: FEATHER_TEST_TIME_FACTOR,
// which CTest sets (5 in the ASan/UBSan build, 1 otherwise; cmake/FeatherConfig.cmake). Generous
// liveness bounds, run deadlines and the latencies a timing depends on scale with it; counts
// never do. Header-only, so any test can use it without linking this library.
inline int timeFactor()
{
    bool ok = false;
    const int factor = qEnvironmentVariableIntValue("FEATHER_TEST_TIME_FACTOR", &ok);
    return ok && factor > 1 ? factor : 1;
}
inline int scaledMs(int ms)
{
    return ms * timeFactor();
}

// Admin URL of the ctest-managed PostgreSQL cluster (tests/support/pgcluster.sh), or an
// empty string with *why set when the fixture is missing.
QString pgClusterUrl(QString *why = nullptr);

// Creates a fresh, uniquely named database on that cluster and returns its URL
// ("postgresql://postgres@127.0.0.1:PORT/NAME"); empty with *why on failure.
QString createPgDatabase(const QString &prefix, QString *why = nullptr);

// $FEATHER_BIN_DIR/<name>: the programs built next to the tests.
QString binaryPath(const QString &name);

struct ProcessResult {
    int exitCode = -1;
    bool crashed = false;
    bool timedOut = false;
    QByteArray out;
    QByteArray err;
};

// Runs a program to completion (the event loop is not needed: QProcess waits synchronously).
ProcessResult runProcess(const QString &program, const QStringList &args,
                         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                         const QByteArray &stdinData = {}, int timeoutMs = 120000);

// The system environment with HOME and the XDG data/config folders moved into `home`: a program
// the test starts never reads or writes the user's settings, keys or audit log.
QProcessEnvironment isolatedEnvironment(const QString &home);

// A fresh direct-mode database of `kind` ("sqlite": a file `name`.sqlite in `dir`; "postgresql":
// a new database on the test cluster), as a --db URL; empty with *why on failure.
QString freshDatabaseUrl(const QString &kind, const QString &dir, const QString &name,
                         QString *why);

// featherctl's --json output, one object per non-empty line. Strict (the default): any line that
// is not a JSON object makes the whole result empty (stdout must be pure JSON Lines). Lenient: such
// a line becomes an empty object, for output a signal may have cut short.
enum class JsonLines { Strict, Lenient };
QList<QJsonObject> jsonLines(const QByteArray &out, JsonLines mode = JsonLines::Strict);

} // namespace feather::test
