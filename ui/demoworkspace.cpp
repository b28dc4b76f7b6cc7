#include "ui/demoworkspace.h"

#include "direct/directstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace feather {

QString demoDatabasePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(u"demo.sqlite"_s);
}

Profile demoProfile()
{
    Profile p;
    p.name = u"Demo workspace"_s;
    p.mode = BackendMode::Direct;
    p.dbUrl = u"sqlite://"_s + QFileInfo(demoDatabasePath()).absoluteFilePath();
    p.environment = u"demo"_s;
    p.concurrency = 4;
    p.secretStorage = SecretStorage::Session;
    return p;
}

QFuture<Result<QString>> createDemoWorkspace(int sources)
{
    const QString path = demoDatabasePath();
    return QtConcurrent::run([path, sources]() -> Result<QString> {
        if (!QDir().mkpath(QFileInfo(path).absolutePath()))
            return Result<QString>::failure(
                Outcome::ServerError,
                QCoreApplication::translate("feather::DemoWorkspace", "Cannot create %1")
                    .arg(QFileInfo(path).absolutePath()));
        DbConfig config;
        config.driver = DbConfig::Driver::Sqlite;
        config.path = path;
        // The store and its connection live and die on this worker thread.
        DirectStore store(config, u"feather-demo-seed"_s);
        if (const auto opened = store.open(); !opened.ok())
            return Result<QString>::failure(opened.error->outcome, opened.error->message);
        if (const auto migrated = store.migrate(); !migrated.ok())
            return Result<QString>::failure(migrated.error->outcome, migrated.error->message);
        const auto existing = store.listKnowledgeBases(1);
        if (!existing.ok())
            return Result<QString>::failure(existing.error->outcome, existing.error->message);
        if (existing.value.isEmpty()) {
            if (const auto seeded = store.seedDemo(sources); !seeded.ok())
                return Result<QString>::failure(seeded.error->outcome, seeded.error->message);
        }
        return Result<QString>::success(u"sqlite://"_s + QFileInfo(path).absoluteFilePath());
    });
}

} // namespace feather
