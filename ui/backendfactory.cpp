#include "ui/backendfactory.h"

#include "api/apibackend.h"
#include "api/apiconfig.h"
#include "core/identity.h"
#include "direct/dbconfig.h"
#include "direct/directbackend.h"

#include <QThread>

using namespace Qt::StringLiterals;

namespace feather {

namespace {

// ApiBackend reads and parses every reply on the thread it lives on — for 10,000 sources that is
// hundreds of JSON pages. Its own thread keeps that work off the GUI thread: calls are forwarded
// to it, futures are fulfilled there, and the models continue on the GUI thread through their
// watchers and `then(context, …)` continuations. This owner ends the backend on its thread
// before the thread stops.
class ApiBackendThread final : public QObject {
public:
    explicit ApiBackendThread(ApiBackend *api)
        : m_api(api)
    {
        m_thread.setObjectName(u"feather-api"_s);
        m_api->moveToThread(&m_thread);
        m_thread.start();
    }
    ~ApiBackendThread() override
    {
        QMetaObject::invokeMethod(
            m_api, [api = m_api] { delete api; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    Q_DISABLE_COPY_MOVE(ApiBackendThread)

private:
    ApiBackend *m_api;
    QThread m_thread;
};

} // namespace

bool validateProfile(const Profile &profile, QString *why)
{
    if (profile.name.trimmed().isEmpty()) {
        *why = u"The profile needs a name."_s;
        return false;
    }
    if (profile.concurrency < 1 || profile.concurrency > 64) {
        *why = u"Concurrency must be between 1 and 64."_s;
        return false;
    }
    if (profile.mode == BackendMode::Api) {
        QString reason;
        if (!validateBaseUrl(profile.baseUrl, &reason)) {
            *why = u"Base URL: "_s + reason;
            return false;
        }
        return true;
    }
    QString reason;
    if (!parseDbUrl(profile.dbUrl, &reason)) {
        *why = u"Database URL: "_s + reason;
        return false;
    }
    return true;
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
    if (profile.mode == BackendMode::Api) {
        QString ignored;
        const auto url = validateBaseUrl(profile.baseUrl, &ignored);
        return url ? originOf(*url) : profile.baseUrl;
    }
    QString ignored;
    const auto config = parseDbUrl(profile.dbUrl, &ignored);
    return config ? config->displayTarget() : profile.dbUrl;
}

std::optional<BackendHandle> makeBackend(const Profile &profile, const QString &secret,
                                         QString *why)
{
    if (!validateProfile(profile, why))
        return std::nullopt;
    BackendHandle handle;
    if (profile.mode == BackendMode::Api) {
        ApiConfig config;
        config.baseUrl = *validateBaseUrl(profile.baseUrl, why);
        config.apiKey = secret;
        config.maxConnections = profile.concurrency;
        auto api = std::make_unique<ApiBackend>(config);
        if (!api->configError().isEmpty()) {
            *why = api->configError();
            return std::nullopt;
        }
        handle.backend = api.get();
        handle.object = std::make_unique<ApiBackendThread>(api.release());
        return handle;
    }
    DbConfig config = *parseDbUrl(profile.dbUrl, why);
    config.password = secret;
    auto *direct =
        new DirectBackend(config, qBound(1, profile.concurrency, 16), operatorIdentity());
    handle.object.reset(direct);
    handle.backend = direct;
    return handle;
}

} // namespace feather
