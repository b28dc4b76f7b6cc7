#include "cli/connection.h"

#include "api/apibackend.h"
#include "core/identity.h"
#include "direct/directbackend.h"

#include <QFile>
#include <QFileInfo>

namespace feather::cli {

QString readApiKeyFile(const QString &path, QString *why)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("cannot read API key file %1: %2").arg(path, f.errorString());
        return {};
    }
    // A key is one short line: read at most 4 KiB (+1 to notice more), so /dev/zero or a
    // wrong, huge file fails at once instead of filling memory.
    constexpr qint64 kMaxKeyFileBytes = 4096;
    const QByteArray bytes = f.read(kMaxKeyFileBytes + 1);
    if (bytes.size() > kMaxKeyFileBytes) {
        *why = QStringLiteral("API key file %1 is larger than 4 KiB; it must hold just the key")
                   .arg(path);
        return {};
    }
    const qsizetype newline = bytes.indexOf('\n');
    const QString key = QString::fromUtf8(newline < 0 ? bytes : bytes.left(newline)).trimmed();
    if (key.isEmpty()) {
        *why = QStringLiteral("API key file %1 is empty").arg(path);
        return {};
    }
    if (std::any_of(key.cbegin(), key.cend(), [](QChar c) { return c.unicode() < 0x20; })) {
        *why = QStringLiteral("API key file %1 holds control characters; it must hold just the "
                              "key")
                   .arg(path);
        return {};
    }
    return key;
}

namespace {

std::unique_ptr<Backend> openDirect(const QString &url, const QString &password, int workers,
                                    QString *why)
{
    std::optional<DbConfig> config = parseDbUrl(url, why);
    if (!config)
        return nullptr;
    config->password = password;
    if (config->driver == DbConfig::Driver::Sqlite && !QFileInfo::exists(config->path)) {
        *why = QStringLiteral("no database at %1 (create it with: featherctl init-db --db %2)")
                   .arg(config->path, url);
        return nullptr;
    }
    return std::make_unique<DirectBackend>(*config, workers, operatorIdentity());
}

std::unique_ptr<Backend> openApi(const QString &url, const QString &key, const CliRequest &r,
                                 QString *why)
{
    const std::optional<QUrl> base = validateBaseUrl(url, why);
    if (!base)
        return nullptr;
    if (key.isEmpty()) {
        *why = QStringLiteral("no API key: set FEATHER_API_KEY or pass --api-key-file FILE");
        return nullptr;
    }
    ApiConfig config;
    config.baseUrl = *base;
    config.apiKey = key;
    config.deadlineMs = r.deadlineMs;
    config.maxConnections = r.concurrency;
    return std::make_unique<ApiBackend>(config);
}

// Never a plain --api-key argument: it would show in `ps` and shell history.
QString apiKeyFromRun(const CliRequest &r, QString *why)
{
    if (!r.apiKeyFile.isEmpty())
        return readApiKeyFile(r.apiKeyFile, why);
    return qEnvironmentVariable("FEATHER_API_KEY").trimmed();
}

} // namespace

std::unique_ptr<Backend> openBackend(const CliRequest &request, QString *why)
{
    if (!request.dbUrl.isEmpty())
        return openDirect(request.dbUrl, qEnvironmentVariable("PGPASSWORD"), request.concurrency,
                          why);
    QString keyWhy;
    const QString key = apiKeyFromRun(request, &keyWhy);
    if (!keyWhy.isEmpty()) {
        *why = keyWhy;
        return nullptr;
    }
    return openApi(request.apiUrl, key, request, why);
}

std::optional<Profile> findProfile(const QString &name, QString *why)
{
    const ProfileStore store;
    if (auto p = store.profile(name))
        return p;
    QStringList names;
    for (const Profile &p : store.profiles())
        names << p.name;
    *why =
        names.isEmpty()
            ? QStringLiteral(
                  "no profile named \"%1\" (no profiles saved yet; create one in feather-console)")
                  .arg(name)
            : QStringLiteral("no profile named \"%1\" (profiles: %2)")
                  .arg(name, names.join(QStringLiteral(", ")));
    return std::nullopt;
}

QString secretOverride(const Profile &profile, const CliRequest &request, QString *why)
{
    if (profile.mode == BackendMode::Api)
        return apiKeyFromRun(request, why);
    return qEnvironmentVariable("PGPASSWORD");
}

std::unique_ptr<Backend> openProfileBackend(const Profile &profile, const QString &secret,
                                            const CliRequest &request, QString *why)
{
    CliRequest r = request;
    if (!request.concurrencyGiven)
        r.concurrency = profile.concurrency;
    if (profile.mode == BackendMode::Direct)
        return openDirect(profile.dbUrl, secret, r.concurrency, why);
    return openApi(profile.baseUrl, secret, r, why);
}

} // namespace feather::cli
