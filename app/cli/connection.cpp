#include "cli/connection.h"

#include "api/apiconfig.h"
#include "backends/backendfactory.h"

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

// Never a plain --api-key argument: it would show in `ps` and shell history.
QString apiKeyFromRun(const CliRequest &r, QString *why)
{
    if (!r.apiKeyFile.isEmpty())
        return readApiKeyFile(r.apiKeyFile, why);
    return qEnvironmentVariable("FEATHER_API_KEY").trimmed();
}

BackendOptions optionsFor(const CliRequest &request)
{
    BackendOptions options;
    if (request.concurrencyGiven)
        options.concurrency = request.concurrency;
    options.deadlineMs = request.deadlineMs;
    options.kbCounts = false; // kbs --counts counts from the source pages itself
    // A bulk resync is request-bound: the transport on the main thread saves two thread hops
    // per trigger (issue 12); featherctl has no GUI thread to keep free.
    options.apiOnCallerThread = request.command == u"resync";
    return options;
}

} // namespace

std::unique_ptr<Backend> openBackend(const CliRequest &request, QString *why)
{
    // --api-url / --db are an unnamed profile: the same factory and limits as a saved one.
    Profile profile;
    profile.concurrency = request.concurrency;
    if (!request.dbUrl.isEmpty()) {
        profile.mode = BackendMode::Direct;
        profile.dbUrl = request.dbUrl;
        return makeBackend(profile, qEnvironmentVariable("PGPASSWORD"), optionsFor(request), why);
    }
    profile.mode = BackendMode::Api;
    profile.baseUrl = request.apiUrl;
    QString keyWhy;
    const QString key = apiKeyFromRun(request, &keyWhy);
    if (!keyWhy.isEmpty()) {
        *why = keyWhy;
        return nullptr;
    }
    return openProfileBackend(profile, key, request, why);
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
    if (profile.mode == BackendMode::Api && secret.isEmpty()) {
        // Checked before the URL would be: nothing can be sent without a key anyway.
        QString ignored;
        if (validateBaseUrl(profile.baseUrl, &ignored)) {
            *why = QStringLiteral("no API key: set FEATHER_API_KEY or pass --api-key-file FILE");
            return nullptr;
        }
    }
    return makeBackend(profile, secret, optionsFor(request), why);
}

} // namespace feather::cli
