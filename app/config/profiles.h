#pragma once

#include "core/backend.h"

#include <QList>
#include <QString>
#include <optional>

class QSettings;

namespace feather {

// Where a profile's API key / DB password lives. Never in the settings file itself.
enum class SecretStorage {
    Keychain, // the OS keychain (Secret Service, macOS Keychain, Windows Credential Store)
    Session,  // memory only, for this run (no keychain available and no opt-in)
    File,     // explicit opt-in: a file readable only by the user (0600)
};

// A named connection (sandbox / staging / production …). Holds no credential: the API key or
// DB password is stored through CredentialStore under the profile's name.
struct Profile {
    QString name;
    BackendMode mode = BackendMode::Api;
    QString baseUrl;         // API mode
    QString dbUrl;           // direct mode, never with a password in it
    bool production = false; // red banner; typed confirmation for large runs
    QString environment;     // free label ("staging"); empty shows production/non-production
    int concurrency = 4;
    SecretStorage secretStorage = SecretStorage::Keychain;
    // "Open in Feather": a web-console URL with {kb_id}, {source_id} and {job_id}
    // placeholders; empty hides the action.
    QString webConsoleUrl;
    qint64 stuckAfterSeconds = kDefaultStuckAfterSeconds; // a sync this long counts as stuck
    // The team audit trail ("audit.url"): postgresql://user@host:port/db, never with a password
    // (libpq reads PGPASSWORD / PGPASSFILE); empty keeps the audit log local only.
    QString auditUrl;

    // "production" / "non-production" unless a label was given.
    QString environmentLabel() const;
    // The API base URL or the DB URL, whichever the mode uses.
    QString target() const { return mode == BackendMode::Api ? baseUrl : dbUrl; }
};

// Profiles in QSettings (group "profiles"), plus the last one used. Only the fields above are
// written; a test greps the file to prove no secret ever lands there.
class ProfileStore final {
public:
    // `settings` is not owned; null uses QSettings() with the application's identity.
    explicit ProfileStore(QSettings *settings = nullptr);
    ~ProfileStore();
    ProfileStore(const ProfileStore &) = delete;
    ProfileStore &operator=(const ProfileStore &) = delete;

    QList<Profile> profiles() const;
    std::optional<Profile> profile(const QString &name) const;
    // Adds or replaces the profile called profile.name (or `previousName` when renaming).
    void save(const Profile &profile, const QString &previousName = {});
    void remove(const QString &name);

    QString lastUsed() const;
    void setLastUsed(const QString &name);

    void sync();
    // The settings it reads and writes (saved views live next to the profiles).
    QSettings *settings() const { return m_settings; }

private:
    void writeAll(const QList<Profile> &profiles);

    QSettings *m_settings;
    bool m_owned;
};

QString toString(SecretStorage storage);
SecretStorage secretStorageFromString(const QString &text);

} // namespace feather
