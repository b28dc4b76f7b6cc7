#pragma once

#include "config/profiles.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <functional>

namespace feather {

struct CredentialResult {
    enum class Status {
        Ok,
        NotFound,   // nothing stored for this profile
        NoKeychain, // no keychain service on this system (or it is not running)
        Failed,     // denied, locked, I/O error …
    };
    Status status = Status::Failed;
    QString secret;  // only when ok()
    QString message; // one actionable line; never contains the secret
    bool ok() const { return status == Status::Ok; }
};

// The API key / DB password of a profile: the OS keychain through QtKeychain (service
// "feather-ops-console", key "profile:<name>"), or this run's memory, or — only when the user
// opted in — a file readable only by them (0600). Never QSettings, never a log line.
// Keychain calls are asynchronous and answer on `context`'s thread.
class CredentialStore final : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const CredentialResult &)>;

    explicit CredentialStore(QObject *parent = nullptr);
    ~CredentialStore() override;
    Q_DISABLE_COPY_MOVE(CredentialStore)

    static QString serviceName();
    static bool keychainCompiledIn();
    // "…a1b2": the only form in which a secret is ever shown.
    static QString fingerprint(const QString &secret);

    void storeInKeychain(const QString &profile, const QString &secret, QObject *context,
                         Callback done);
    void readFromKeychain(const QString &profile, QObject *context, Callback done);
    void removeFromKeychain(const QString &profile, QObject *context, Callback done);

    // Memory only, gone when the program exits.
    void keepForSession(const QString &profile, const QString &secret);
    QString sessionSecret(const QString &profile) const { return m_session.value(profile); }
    void forgetSession(const QString &profile) { m_session.remove(profile); }

    // The opt-in file: <AppDataLocation>/secrets/<hash>.secret, created 0600 in a 0700 folder.
    static QString secretFilePath(const QString &profile);
    static bool writeSecretFile(const QString &profile, const QString &secret, QString *why);
    static CredentialResult readSecretFile(const QString &profile);
    static bool removeSecretFile(const QString &profile);

    // The secret a profile uses, from wherever its secretStorage says (memory first).
    void resolve(const Profile &profile, QObject *context, Callback done);

private:
    QHash<QString, QString> m_session;
};

} // namespace feather
