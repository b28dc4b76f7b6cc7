#include "devserverharness.h"

#include "support/testsupport.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QMap>
#include <QNetworkRequest>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QUuid>
#include <functional>

namespace feather::test {

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

DevServerProcess::DevServerProcess()
{
    m_key = "fth_test_" + QUuid::createUuid().toByteArray(QUuid::Id128);
}

DevServerProcess::~DevServerProcess()
{
    kill();
}

bool DevServerProcess::start(const QStringList &extraArgs, QString *why, int seedDemo,
                             const QString &dbUrl)
{
    if (!m_dir.isValid()) {
        *why = QStringLiteral("no temporary directory");
        return false;
    }
    QFile keyFile(this->keyFile());
    if (!keyFile.open(QIODevice::WriteOnly) || keyFile.write(m_key + '\n') < 0) {
        *why = QStringLiteral("cannot write the key file");
        return false;
    }
    keyFile.close();
    m_dbUrl = dbUrl.isEmpty()
                  ? QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("feather.db"))
                  : dbUrl;
    const QString readyFile = m_dir.filePath(QStringLiteral("ready"));
    QStringList args{QStringLiteral("--db"),           m_dbUrl,
                     QStringLiteral("--api-key-file"), this->keyFile(),
                     QStringLiteral("--listen"),       QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--ready-file"),   readyFile};
    if (seedDemo > 0)
        args << QStringLiteral("--seed-demo") << QString::number(seedDemo);
    args << extraArgs;

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("FEATHER_API_KEY"));
    m_process.setProcessEnvironment(env);
    m_process.setStandardErrorFile(m_dir.filePath(QStringLiteral("stderr.log")));
    m_process.setStandardOutputFile(m_dir.filePath(QStringLiteral("stdout.log")));
    m_process.start(binaryPath(QStringLiteral("feather-devserver")), args);
    if (!m_process.waitForStarted(10000)) {
        *why = QStringLiteral("feather-devserver did not start: ") + m_process.errorString();
        return false;
    }
    const QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        const QByteArray ready = readFile(readyFile).trimmed();
        if (!ready.isEmpty()) {
            m_port = quint16(ready.toUInt());
            return m_port != 0;
        }
        if (m_process.waitForFinished(20)) {
            *why = QStringLiteral("feather-devserver exited with %1: %2")
                       .arg(m_process.exitCode())
                       .arg(QString::fromUtf8(stderrLog()));
            return false;
        }
    }
    *why = QStringLiteral("feather-devserver wrote no ready file within 30 s: ")
           + QString::fromUtf8(stderrLog());
    return false;
}

QUrl DevServerProcess::apiUrl(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1/knowledge-base%2").arg(m_port).arg(path));
}

QByteArray DevServerProcess::stderrLog() const
{
    return readFile(m_dir.filePath(QStringLiteral("stderr.log")));
}

QByteArray DevServerProcess::stdoutLog() const
{
    return readFile(m_dir.filePath(QStringLiteral("stdout.log")));
}

QString DevServerProcess::keyFile() const
{
    return m_dir.filePath(QStringLiteral("api-key"));
}

void DevServerProcess::kill()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
}

bool DevServerProcess::terminate(int *exitCode)
{
    m_process.terminate();
    if (!m_process.waitForFinished(15000))
        return false;
    *exitCode = m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    return true;
}

ApiClient::ApiClient(const DevServerProcess &server, int managers)
    : m_server(server)
{
    for (int i = 0; i < qMax(1, managers); ++i)
        m_managers.push_back(std::make_unique<QNetworkAccessManager>());
}

ApiClient::~ApiClient() = default;

QNetworkReply *ApiClient::send(const QByteArray &method, const QString &path,
                               const QList<Header> &headers, const QByteArray &body, bool withKey,
                               int index)
{
    QNetworkRequest request(m_server.apiUrl(path));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (withKey)
        request.setRawHeader("x-api-key", m_server.apiKey());
    for (const Header &h : headers)
        request.setRawHeader(h.name, h.value);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    QNetworkReply *reply =
        m_managers.at(size_t(index) % m_managers.size())->sendCustomRequest(request, method, body);
    reply->setProperty("startedMs", QDateTime::currentMSecsSinceEpoch());
    return reply;
}

QList<HttpReply> ApiClient::collect(const QList<QNetworkReply *> &replies, int timeoutMs)
{
    QEventLoop loop;
    int pending = 0;
    for (QNetworkReply *reply : replies) {
        if (reply->isFinished())
            continue;
        ++pending;
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&pending, &loop] {
            if (--pending == 0)
                loop.quit();
        });
    }
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (pending > 0)
        loop.exec();

    QList<HttpReply> out;
    for (QNetworkReply *reply : replies) {
        HttpReply r;
        if (!reply->isFinished())
            reply->abort(); // counts as a failure below: status 0, OperationCanceledError
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.error = reply->error();
        if (reply->isOpen())
            r.body = reply->readAll();
        r.json = QJsonDocument::fromJson(r.body).object();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            r.headers.insert(name.toLower(), value);
        r.elapsedMs =
            QDateTime::currentMSecsSinceEpoch() - reply->property("startedMs").toLongLong();
        out.append(r);
        reply->deleteLater();
    }
    return out;
}

HttpReply ApiClient::get(const QString &path, const QList<Header> &headers, bool withKey)
{
    return collect({send("GET", path, headers, {}, withKey)}).constFirst();
}

HttpReply ApiClient::post(const QString &path, const QList<Header> &headers)
{
    return collect({send("POST", path, headers)}).constFirst();
}

HttpReply ApiClient::patch(const QString &path, const QByteArray &body)
{
    return collect({send("PATCH", path, {}, body)}).constFirst();
}

std::optional<QJsonArray> ApiClient::walk(const QString &path, int limit, int *pages, QString *why)
{
    QJsonArray all;
    QString cursor;
    *pages = 0;
    const QChar sep = path.contains(u'?') ? u'&' : u'?';
    for (;;) {
        QString page = path + sep + QStringLiteral("limit=%1").arg(limit);
        if (!cursor.isEmpty())
            page +=
                QStringLiteral("&cursor=") + QString::fromLatin1(QUrl::toPercentEncoding(cursor));
        const HttpReply reply = get(page);
        ++*pages;
        if (reply.status != 200) {
            *why = QStringLiteral("page %1 answered %2: %3")
                       .arg(*pages)
                       .arg(reply.status)
                       .arg(QString::fromUtf8(reply.body));
            return std::nullopt;
        }
        const QJsonArray items = reply.json.value(QLatin1String("items")).toArray();
        if (items.size() > limit) {
            *why = QStringLiteral("page %1 holds %2 items for limit %3")
                       .arg(*pages)
                       .arg(items.size())
                       .arg(limit);
            return std::nullopt;
        }
        for (const QJsonValue &item : items)
            all.append(item);
        const QJsonValue hasMore = reply.json.value(QLatin1String("has_more"));
        if (!hasMore.isBool()) {
            *why = QStringLiteral("page %1 has no has_more").arg(*pages);
            return std::nullopt;
        }
        if (!hasMore.toBool()) {
            if (!reply.json.value(QLatin1String("next_cursor")).isNull()) {
                *why = QStringLiteral("last page carries a next_cursor");
                return std::nullopt;
            }
            return all;
        }
        cursor = reply.json.value(QLatin1String("next_cursor")).toString();
        if (cursor.isEmpty() || *pages > 10000) {
            *why = QStringLiteral("has_more without next_cursor on page %1").arg(*pages);
            return std::nullopt;
        }
    }
}

std::optional<QPair<QString, QString>> findSource(ApiClient &client, const QString &status,
                                                  const QSet<QString> &exclude)
{
    const HttpReply kbs = client.get(QStringLiteral("/knowledge-bases?limit=200"));
    for (const QJsonValue &kb : kbs.json.value(QLatin1String("items")).toArray()) {
        const QString kbId = kb.toObject().value(QLatin1String("id")).toString();
        const HttpReply sources = client.get(
            QStringLiteral("/knowledge-bases/%1/sources?limit=200&status=%2").arg(kbId, status));
        for (const QJsonValue &source : sources.json.value(QLatin1String("items")).toArray()) {
            const QString id = source.toObject().value(QLatin1String("id")).toString();
            if (source.toObject().value(QLatin1String("status")).toString() == status
                && !exclude.contains(id))
                return QPair<QString, QString>{kbId, id};
        }
    }
    return std::nullopt;
}

namespace {

// Runs `query` (with `binds`) on a fresh connection to the server's database and hands every
// row to `row`; false with *why when the database or the statement fails.
bool queryDb(const QString &dbUrl, const QString &sql, const QVariantList &binds,
             const std::function<void(const QSqlQuery &)> &row, QString *why)
{
    const QString name =
        QStringLiteral("devserver-test-") + QUuid::createUuid().toString(QUuid::Id128);
    bool ok = false;
    {
        QSqlDatabase db;
        if (dbUrl.startsWith(QLatin1String("sqlite://"))) {
            db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(dbUrl.mid(int(qstrlen("sqlite://"))));
        } else {
            const QUrl url(dbUrl);
            db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            db.setHostName(url.host());
            db.setPort(url.port(5432));
            db.setUserName(url.userName());
            db.setDatabaseName(url.path().mid(1));
        }
        if (!db.open()) {
            *why = db.lastError().text();
        } else {
            QSqlQuery q(db);
            q.prepare(sql);
            for (const QVariant &v : binds)
                q.addBindValue(v);
            ok = q.exec();
            if (!ok)
                *why = q.lastError().text();
            while (ok && q.next())
                row(q);
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

int jobRowCount(const QString &dbUrl, const QString &sourceId, QString *why)
{
    int count = -1;
    queryDb(
        dbUrl,
        QStringLiteral("SELECT COUNT(*) FROM ingestion_jobs WHERE knowledge_base_source_id = ?"),
        {sourceId}, [&count](const QSqlQuery &q) { count = q.value(0).toInt(); }, why);
    return count;
}

bool execDb(const QString &dbUrl, const QString &sql, const QVariantList &binds, QString *why)
{
    return queryDb(
        dbUrl, sql, binds, [](const QSqlQuery &) {}, why);
}

bool setSourceStatus(const QString &dbUrl, const QString &sourceId, const QString &status,
                     QString *why)
{
    return queryDb(
        dbUrl, QStringLiteral("UPDATE knowledge_base_sources SET status = ? WHERE id = ?"),
        {status, sourceId}, [](const QSqlQuery &) {}, why);
}

QList<QPair<QString, QString>> sourcesInDb(const QString &dbUrl, const QString &status, int count,
                                           QString *why)
{
    QList<QPair<QString, QString>> out;
    queryDb(
        dbUrl,
        QStringLiteral("SELECT knowledge_base_id, id FROM knowledge_base_sources WHERE status = ? "
                       "ORDER BY id"),
        {status},
        [&](const QSqlQuery &q) {
            if (out.size() < count)
                out.append({q.value(0).toString(), q.value(1).toString()});
        },
        why);
    return out;
}

QList<HttpReply> raceTriggers(ApiClient &client, const QString &kbId, const QString &sourceId,
                              int count, const QByteArray &idempotencyKey)
{
    QList<Header> headers;
    if (!idempotencyKey.isEmpty())
        headers.append({QByteArrayLiteral("Idempotency-Key"), idempotencyKey});
    QList<QNetworkReply *> replies;
    for (int i = 0; i < count; ++i)
        replies.append(client.send("POST", sourcePath(kbId, sourceId, QStringLiteral("/sync")),
                                   headers, {}, true, i));
    return client.collect(replies, 60000);
}

QString checkOneWinner(const QList<HttpReply> &replies, QString *jobId)
{
    QMap<int, int> byStatus;
    for (const HttpReply &r : replies) {
        ++byStatus[r.status];
        if (r.status == 200)
            *jobId = r.json.value(QLatin1String("job_id")).toString();
    }
    if (byStatus.value(200) != 1 || byStatus.value(409) != replies.size() - 1) {
        QStringList counts;
        for (auto it = byStatus.cbegin(); it != byStatus.cend(); ++it)
            counts << QStringLiteral("%1×%2").arg(it.value()).arg(it.key());
        return QStringLiteral("statuses: ") + counts.join(QStringLiteral(", "));
    }
    for (const HttpReply &r : replies) {
        // The job is named in the message; the body's job_id exists with --extensions only.
        const QJsonValue job = r.json.value(QLatin1String("job_id"));
        if (r.status == 409
            && (r.json.value(QLatin1String("error")).toString() != QLatin1String("sync_in_progress")
                || !r.json.value(QLatin1String("message")).toString().contains(*jobId)
                || (!job.isUndefined() && job.toString() != *jobId)))
            return QStringLiteral("a 409 names another job: ") + QString::fromUtf8(r.body);
    }
    return {};
}

QString sourcePath(const QString &kbId, const QString &sourceId, const QString &suffix)
{
    return QStringLiteral("/knowledge-bases/%1/sources/%2%3").arg(kbId, sourceId, suffix);
}

} // namespace feather::test
