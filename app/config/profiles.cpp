#include "config/profiles.h"

#include "config/privatefiles.h"
#include "config/savedviews.h"

#include <QSettings>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace feather {

QString Profile::environmentLabel() const
{
    if (!environment.trimmed().isEmpty())
        return environment.trimmed();
    return production ? u"production"_s : u"non-production"_s;
}

QString toString(SecretStorage storage)
{
    switch (storage) {
    case SecretStorage::Keychain:
        return u"keychain"_s;
    case SecretStorage::Session:
        return u"session"_s;
    case SecretStorage::File:
        return u"file"_s;
    }
    return u"keychain"_s;
}

SecretStorage secretStorageFromString(const QString &text)
{
    if (text == u"session"_s)
        return SecretStorage::Session;
    if (text == u"file"_s)
        return SecretStorage::File;
    return SecretStorage::Keychain;
}

ProfileStore::ProfileStore(QSettings *settings)
    : m_settings(settings ? settings : new QSettings())
    , m_owned(settings == nullptr)
{
    // Owner-only before QSettings first writes it: QSaveFile keeps an existing file's mode.
    QString ignored;
    if (m_owned)
        makePrivateFileIn(m_settings->fileName(), &ignored);
}

ProfileStore::~ProfileStore()
{
    if (m_owned)
        delete m_settings;
}

QList<Profile> ProfileStore::profiles() const
{
    QList<Profile> out;
    const int n = m_settings->beginReadArray(u"profiles"_s);
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        Profile p;
        p.name = m_settings->value(u"name"_s).toString();
        if (p.name.isEmpty())
            continue;
        p.mode = m_settings->value(u"mode"_s).toString() == u"direct"_s ? BackendMode::Direct
                                                                        : BackendMode::Api;
        p.baseUrl = m_settings->value(u"baseUrl"_s).toString();
        p.dbUrl = m_settings->value(u"dbUrl"_s).toString();
        p.production = m_settings->value(u"production"_s, false).toBool();
        p.environment = m_settings->value(u"environment"_s).toString();
        p.concurrency = qBound(1, m_settings->value(u"concurrency"_s, 4).toInt(), 64);
        p.secretStorage = secretStorageFromString(m_settings->value(u"secretStorage"_s).toString());
        p.webConsoleUrl = m_settings->value(u"webConsoleUrl"_s).toString();
        p.auditUrl = m_settings->value(u"audit.url"_s).toString();
        p.stuckAfterSeconds = qBound<qint64>(
            60, m_settings->value(u"stuckAfterSeconds"_s, kDefaultStuckAfterSeconds).toLongLong(),
            qint64(30) * 86400);
        out.append(p);
    }
    m_settings->endArray();
    return out;
}

std::optional<Profile> ProfileStore::profile(const QString &name) const
{
    for (const Profile &p : profiles()) {
        if (p.name == name)
            return p;
    }
    return std::nullopt;
}

void ProfileStore::save(const Profile &profile, const QString &previousName)
{
    QList<Profile> all = profiles();
    const QString replaced = previousName.isEmpty() ? profile.name : previousName;
    bool done = false;
    for (Profile &p : all) {
        if (p.name == replaced || p.name == profile.name) {
            if (!done)
                p = profile;
            else
                p.name.clear(); // a rename onto an existing name replaces that one
            done = true;
        }
    }
    all.removeIf([](const Profile &p) { return p.name.isEmpty(); });
    if (!done)
        all.append(profile);
    writeAll(all);
    if (!previousName.isEmpty() && previousName != profile.name && lastUsed() == previousName)
        setLastUsed(profile.name);
    // A profile's saved views follow its name.
    if (!previousName.isEmpty() && previousName != profile.name)
        SavedViewStore(m_settings).renameScope(previousName, profile.name);
}

void ProfileStore::remove(const QString &name)
{
    QList<Profile> all = profiles();
    all.removeIf([&](const Profile &p) { return p.name == name; });
    writeAll(all);
    SavedViewStore(m_settings).removeScope(name);
}

void ProfileStore::writeAll(const QList<Profile> &profiles)
{
    m_settings->remove(u"profiles"_s);
    m_settings->beginWriteArray(u"profiles"_s, int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const Profile &p = profiles[i];
        m_settings->setArrayIndex(i);
        m_settings->setValue(u"name"_s, p.name);
        m_settings->setValue(u"mode"_s, p.mode == BackendMode::Direct ? u"direct"_s : u"api"_s);
        m_settings->setValue(u"baseUrl"_s, p.baseUrl);
        m_settings->setValue(u"dbUrl"_s, p.dbUrl);
        m_settings->setValue(u"production"_s, p.production);
        m_settings->setValue(u"environment"_s, p.environment);
        m_settings->setValue(u"concurrency"_s, p.concurrency);
        m_settings->setValue(u"stuckAfterSeconds"_s, p.stuckAfterSeconds);
        m_settings->setValue(u"secretStorage"_s, toString(p.secretStorage));
        m_settings->setValue(u"webConsoleUrl"_s, p.webConsoleUrl);
        // A password typed into the URL never reaches the settings file.
        if (p.auditUrl.isEmpty())
            m_settings->remove(u"audit.url"_s);
        else
            m_settings->setValue(u"audit.url"_s,
                                 QUrl(p.auditUrl).adjusted(QUrl::RemovePassword).toString());
    }
    m_settings->endArray();
}

QString ProfileStore::lastUsed() const
{
    return m_settings->value(u"session/lastProfile"_s).toString();
}

void ProfileStore::setLastUsed(const QString &name)
{
    m_settings->setValue(u"session/lastProfile"_s, name);
}

void ProfileStore::sync()
{
    m_settings->sync();
}

} // namespace feather
