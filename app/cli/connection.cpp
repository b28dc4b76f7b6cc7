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
    const QString key = QString::fromUtf8(f.readLine()).trimmed();
    if (key.isEmpty())
        *why = QStringLiteral("API key file %1 is empty").arg(path);
    return key;
}

namespace {

std::unique_ptr<Backend> openDirect(const CliRequest &r, QString *why)
{
    std::optional<DbConfig> config = parseDbUrl(r.dbUrl, why);
    if (!config)
        return nullptr;
    config->password = qEnvironmentVariable("PGPASSWORD");
    if (config->driver == DbConfig::Driver::Sqlite && !QFileInfo::exists(config->path)) {
        *why = QStringLiteral("no database at %1 (create it with: featherctl init-db --db %2)")
                   .arg(config->path, r.dbUrl);
        return nullptr;
    }
    return std::make_unique<DirectBackend>(*config, r.concurrency, operatorIdentity());
}

std::unique_ptr<Backend> openApi(const CliRequest &r, QString *why)
{
    const std::optional<QUrl> base = validateBaseUrl(r.apiUrl, why);
    if (!base)
        return nullptr;
    // Never a plain --api-key argument: it would show in `ps` and shell history.
    QString key;
    if (!r.apiKeyFile.isEmpty()) {
        key = readApiKeyFile(r.apiKeyFile, why);
        if (key.isEmpty())
            return nullptr;
    } else {
        key = qEnvironmentVariable("FEATHER_API_KEY").trimmed();
    }
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

} // namespace

std::unique_ptr<Backend> openBackend(const CliRequest &request, QString *why)
{
    if (!request.dbUrl.isEmpty())
        return openDirect(request, why);
    if (!request.apiUrl.isEmpty())
        return openApi(request, why);
    return openProfile(request, why);
}

} // namespace feather::cli
