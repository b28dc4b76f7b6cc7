#include "support/testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>

namespace feather::test {

QString pgClusterUrl(QString *why)
{
    const QString file = qEnvironmentVariable("FEATHER_TEST_PG_URL_FILE");
    QFile f(file);
    if (file.isEmpty() || !f.open(QIODevice::ReadOnly)) {
        if (why)
            *why =
                QStringLiteral(
                    "no PostgreSQL test cluster (FEATHER_TEST_PG_URL_FILE=%1); run through ctest")
                    .arg(file);
        return {};
    }
    return QString::fromUtf8(f.readAll()).trimmed();
}

QString createPgDatabase(const QString &prefix, QString *why)
{
    const QString admin = pgClusterUrl(why);
    if (admin.isEmpty())
        return {};
    const QUrl url(admin);
    const QString name = prefix + u'_' + QUuid::createUuid().toString(QUuid::Id128).left(12);
    const QString conn = QStringLiteral("testsupport-admin-") + name;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), conn);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setDatabaseName(QStringLiteral("postgres"));
        if (!db.open()) {
            if (why)
                *why = db.lastError().text();
        } else {
            QSqlQuery q(db);
            // Database names cannot be bound parameters; `name` is built from hex above.
            if (!q.exec(QStringLiteral("CREATE DATABASE ") + name) && why)
                *why = q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(conn);
    if (why && !why->isEmpty())
        return {};
    QUrl out(url);
    out.setPath(u'/' + name);
    return out.toString();
}

QString binaryPath(const QString &name)
{
    return qEnvironmentVariable("FEATHER_BIN_DIR") + u'/' + name;
}

ProcessResult runProcess(const QString &program, const QStringList &args,
                         const QProcessEnvironment &env, const QByteArray &stdinData, int timeoutMs)
{
    ProcessResult r;
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        r.err = p.errorString().toUtf8();
        return r;
    }
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        r.timedOut = true;
        p.kill();
        p.waitForFinished(5000);
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.crashed = p.exitStatus() == QProcess::CrashExit;
    r.exitCode = p.exitCode();
    return r;
}

QList<QJsonObject> jsonLines(const QByteArray &out, JsonLines mode)
{
    QList<QJsonObject> rows;
    for (const QByteArray &line : out.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
        if (mode == JsonLines::Strict && (err.error != QJsonParseError::NoError || !doc.isObject()))
            return {};
        rows << doc.object();
    }
    return rows;
}

QProcessEnvironment isolatedEnvironment(const QString &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    return env;
}

QString freshDatabaseUrl(const QString &kind, const QString &dir, const QString &name, QString *why)
{
    if (kind == QLatin1String("sqlite"))
        return QStringLiteral("sqlite://") + dir + u'/' + name + QStringLiteral(".sqlite");
    return createPgDatabase(name, why);
}

} // namespace feather::test
