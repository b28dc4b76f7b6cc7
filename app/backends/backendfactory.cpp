#include "backends/backendfactory.h"

#include "api/apibackend.h"
#include "api/apiconfig.h"
#include "backends/threadedbackend.h"
#include "direct/dbconfig.h"
#include "direct/directbackend.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace feather {

bool validateConnection(const Profile &profile, QString *why)
{
    if (profile.concurrency < kMinConcurrency || profile.concurrency > kMaxConcurrency) {
        *why =
            u"Concurrency must be between %1 and %2."_s.arg(kMinConcurrency).arg(kMaxConcurrency);
        return false;
    }
    QString reason;
    if (profile.mode == BackendMode::Api) {
        if (!validateBaseUrl(profile.baseUrl, &reason)) {
            *why = u"Base URL: "_s + reason;
            return false;
        }
        return true;
    }
    if (!parseDbUrl(profile.dbUrl, &reason)) {
        *why = u"Database URL: "_s + reason;
        return false;
    }
    return true;
}

bool validateProfile(const Profile &profile, QString *why)
{
    if (profile.name.trimmed().isEmpty()) {
        *why = u"The profile needs a name."_s;
        return false;
    }
    return validateConnection(profile, why);
}

bool needsSecret(const Profile &profile)
{
    if (profile.mode == BackendMode::Api)
        return true;
    QString ignored;
    const auto config = parseDbUrl(profile.dbUrl, &ignored);
    return config && config->driver == DbConfig::Driver::Postgres;
}

QString displayTarget(const Profile &profile)
{
    QString ignored;
    if (profile.mode == BackendMode::Api) {
        const auto url = validateBaseUrl(profile.baseUrl, &ignored);
        return url ? originOf(*url) : profile.baseUrl;
    }
    const auto config = parseDbUrl(profile.dbUrl, &ignored);
    return config ? config->displayTarget() : profile.dbUrl;
}

std::unique_ptr<Backend> makeBackend(const Profile &given, const QString &secret,
                                     const BackendOptions &options, QString *why)
{
    Profile profile = given;
    if (options.concurrency)
        profile.concurrency = *options.concurrency;
    if (!validateConnection(profile, why))
        return nullptr;
    if (profile.mode == BackendMode::Api) {
        ApiConfig config;
        config.baseUrl = *validateBaseUrl(profile.baseUrl, why);
        config.apiKey = secret;
        config.deadlineMs = options.deadlineMs;
        config.countSources = options.kbCounts;
        config.maxConnections = profile.concurrency;
        auto api = std::make_unique<ApiBackend>(config);
        if (!api->configError().isEmpty()) {
            *why = api->configError();
            return nullptr;
        }
        if (options.apiOnCallerThread)
            return api;
        return std::make_unique<ThreadedBackend>(std::move(api));
    }
    DbConfig config = *parseDbUrl(profile.dbUrl, why);
    config.password = secret;
    // SQLite would create an empty file and then fail on every table: say what to do instead.
    if (config.driver == DbConfig::Driver::Sqlite && !QFileInfo::exists(config.path)) {
        *why = u"no database at %1 (create it with: featherctl init-db --db %2)"_s.arg(
            config.path, profile.dbUrl);
        return nullptr;
    }
    return std::make_unique<DirectBackend>(config, profile.concurrency, options.triggeredBy);
}

} // namespace feather
