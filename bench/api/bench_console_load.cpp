// The console's first load over the API (issue 12, goal 2): the real Workspace (ApiBackend on its
// own thread, KnowledgeBaseModel, SourceModel with its page merges) opened on an API profile and
// timed from open() until SourceModel::loaded, every source in the model. The freshness read
// (the Last error column's extras) runs alongside, as in the console, but is not waited for: it
// is one unpaged read whose cost is the server's (bench/console-load-vs-h2load.sh leaves it out
// of the anchor too). The script runs this next to h2load fetching the same pages.
//
//   bench_console_load API_URL KEY_FILE CONCURRENCY [EXPECTED_ROWS]
//
// Prints "rows load_ms" on stdout; exits 1 when the load failed or (given EXPECTED_ROWS) the
// model holds another number of sources.
#include "models/knowledgebasemodel.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"

#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QTimer>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace feather;

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv); // the models hand out icons: the offscreen platform will do
    const QStringList args = app.arguments();
    if (args.size() < 4) {
        std::fprintf(stderr, "usage: bench_console_load API_URL KEY_FILE CONCURRENCY [ROWS]\n");
        return 2;
    }
    QFile keyFile(args[2]);
    if (!keyFile.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "bench_console_load: cannot read %s\n", qPrintable(args[2]));
        return 2;
    }
    const QString key = QString::fromUtf8(keyFile.readAll()).trimmed();
    const qsizetype expected = args.size() > 4 ? args[4].toLongLong() : -1;

    Profile profile;
    profile.name = u"bench"_s;
    profile.mode = BackendMode::Api;
    profile.baseUrl = args[1];
    profile.concurrency = args[3].toInt();
    profile.secretStorage = SecretStorage::Session;

    Workspace workspace;
    QString problem;
    auto failed = [&](const QString &message) {
        problem = message;
        app.exit(1);
    };
    QObject::connect(workspace.knowledgeBases(), &KnowledgeBaseModel::loadFailed, &app,
                     [&](const QString &message, const Error &) { failed(message); });
    QObject::connect(workspace.sources(), &SourceModel::loadFailed, &app,
                     [&](const QString &message, const Error &) { failed(message); });
    QElapsedTimer clock;
    qint64 loadMs = -1;
    QObject::connect(workspace.sources(), &SourceModel::loaded, &app, [&] {
        loadMs = clock.elapsed();
        app.quit();
    });
    QTimer::singleShot(0, &app, [&] {
        QString why;
        clock.start();
        if (!workspace.open(profile, key, &why))
            failed(why);
    });
    app.exec();

    const qsizetype rows = workspace.sources()->rowCount();
    if (loadMs < 0 || !problem.isEmpty() || (expected >= 0 && rows != expected)) {
        std::fprintf(stderr, "bench_console_load: %lld sources loaded%s%s\n", qlonglong(rows),
                     problem.isEmpty() ? "" : ": ", qPrintable(problem));
        return 1;
    }
    std::printf("%lld %lld\n", qlonglong(rows), qlonglong(loadMs));
    return 0;
}
