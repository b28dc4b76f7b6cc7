#include "config/credentials.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>
#include <algorithm>

#ifdef FEATHER_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

using namespace Qt::StringLiterals;

namespace feather {

namespace {
QString keyFor(const QString &profile)
{
    return u"profile:"_s + profile;
}

void answerLater(QObject *context, CredentialStore::Callback done, CredentialResult result)
{
    // Same delivery as a keychain answer: never re-enter the caller synchronously.
    QTimer::singleShot(0, context, [done = std::move(done), result] { done(result); });
}

#ifdef FEATHER_HAVE_KEYCHAIN
CredentialResult fromJob(const QKeychain::Job &job, const QString &action)
{
    CredentialResult r;
    switch (job.error()) {
    case QKeychain::NoError:
        r.status = CredentialResult::Status::Ok;
        return r;
    case QKeychain::EntryNotFound:
        r.status = CredentialResult::Status::NotFound;
        r.message = u"No key is stored in the keychain for this profile."_s;
        return r;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        r.status = CredentialResult::Status::NoKeychain;
        break;
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        r.status = CredentialResult::Status::Failed;
        r.message = u"The keychain refused to "_s + action
                    + u": unlock it (or allow access) and try again."_s;
        return r;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        r.status = CredentialResult::Status::Failed;
        break;
    }
    // QtKeychain reports a missing Secret Service as OtherError with a D-Bus message; treat
    // every "nobody answers" case alike so the user gets one actionable sentence.
    const QString detail = job.errorString();
    static const QStringList kNobodyAnswers{u"org.freedesktop.secrets"_s,
                                            u"D-Bus"_s,
                                            u"DBus"_s,
                                            u"kwallet"_s,
                                            u"No keychain service"_s,
                                            u"Could not connect"_s,
                                            u"autolaunch"_s,
                                            u"not provided by any"_s};
    const bool nobodyAnswers =
        std::any_of(kNobodyAnswers.cbegin(), kNobodyAnswers.cend(), [&](const QString &needle) {
            return detail.contains(needle, Qt::CaseInsensitive);
        });
    if (r.status == CredentialResult::Status::NoKeychain || nobodyAnswers) {
        r.status = CredentialResult::Status::NoKeychain;
        r.message = u"No system keychain is available (no Secret Service such as GNOME Keyring or "
                    u"KWallet is running and unlocked), so the console could not "_s
                    + action
                    + u". Start and unlock a keychain, or keep the key for this session only."_s;
        return r;
    }
    r.message = u"The keychain could not "_s + action + u": "_s + detail.simplified();
    return r;
}
#endif
} // namespace

CredentialStore::CredentialStore(QObject *parent)
    : QObject(parent)
{}

CredentialStore::~CredentialStore() = default;

QString CredentialStore::serviceName()
{
    return u"feather-ops-console"_s;
}

bool CredentialStore::keychainCompiledIn()
{
#ifdef FEATHER_HAVE_KEYCHAIN
    return true;
#else
    return false;
#endif
}

QString CredentialStore::fingerprint(const QString &secret)
{
    if (secret.isEmpty())
        return u"(none)"_s;
    // Four characters identify a key among a handful without helping anyone guess it; very
    // short secrets show even less.
    return u"…"_s + secret.right(secret.size() >= 12 ? 4 : 2);
}

void CredentialStore::storeInKeychain(const QString &profile, const QString &secret,
                                      QObject *context, Callback done)
{
#ifdef FEATHER_HAVE_KEYCHAIN
    auto *job = new QKeychain::WritePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text copy behind the user's back
    job->setKey(keyFor(profile));
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, context,
            [done = std::move(done)](QKeychain::Job *j) { done(fromJob(*j, u"store the key"_s)); });
    job->start();
#else
    Q_UNUSED(profile)
    Q_UNUSED(secret)
    answerLater(context, std::move(done),
                {CredentialResult::Status::NoKeychain,
                 {},
                 u"This build has no keychain support: keep the key for this session only."_s});
#endif
}

void CredentialStore::readFromKeychain(const QString &profile, QObject *context, Callback done)
{
#ifdef FEATHER_HAVE_KEYCHAIN
    auto *job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(keyFor(profile));
    connect(job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job *j) {
        CredentialResult r = fromJob(*j, u"read the key"_s);
        if (r.ok())
            r.secret = static_cast<QKeychain::ReadPasswordJob *>(j)->textData();
        done(r);
    });
    job->start();
#else
    Q_UNUSED(profile)
    answerLater(
        context, std::move(done),
        {CredentialResult::Status::NoKeychain, {}, u"This build has no keychain support."_s});
#endif
}

void CredentialStore::removeFromKeychain(const QString &profile, QObject *context, Callback done)
{
#ifdef FEATHER_HAVE_KEYCHAIN
    auto *job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(keyFor(profile));
    connect(job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job *j) {
        done(fromJob(*j, u"remove the key"_s));
    });
    job->start();
#else
    Q_UNUSED(profile)
    answerLater(context, std::move(done), {CredentialResult::Status::NoKeychain, {}, {}});
#endif
}

void CredentialStore::keepForSession(const QString &profile, const QString &secret)
{
    m_session.insert(profile, secret);
}

QString CredentialStore::secretFilePath(const QString &profile)
{
    // The name is hashed so the file name reveals nothing and needs no escaping.
    const QByteArray hash =
        QCryptographicHash::hash(profile.toUtf8(), QCryptographicHash::Sha256).toHex().left(24);
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/secrets/"_s
           + QString::fromLatin1(hash) + u".secret"_s;
}

bool CredentialStore::writeSecretFile(const QString &profile, const QString &secret, QString *why)
{
    const QString path = secretFilePath(profile);
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir)
        || !QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner)) {
        if (why)
            *why =
                u"Could not create the private folder "_s + QDir::toNativeSeparators(dir) + u"."_s;
        return false;
    }
    QSaveFile file(path);
    // Restrict before any byte is written, so the secret is never readable by others.
    if (!file.open(QIODevice::WriteOnly)
        || !file.setPermissions(QFile::ReadOwner | QFile::WriteOwner)) {
        if (why)
            *why = u"Could not write "_s + QDir::toNativeSeparators(path) + u": "_s
                   + file.errorString();
        return false;
    }
    file.write(secret.toUtf8());
    if (!file.commit()) {
        if (why)
            *why = u"Could not write "_s + QDir::toNativeSeparators(path) + u": "_s
                   + file.errorString();
        return false;
    }
    return true;
}

CredentialResult CredentialStore::readSecretFile(const QString &profile)
{
    QFile file(secretFilePath(profile));
    if (!file.exists())
        return {
            CredentialResult::Status::NotFound, {}, u"The key file for this profile is missing."_s};
    if (file.permissions()
        & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther))
        return {CredentialResult::Status::Failed,
                {},
                u"The key file "_s + QDir::toNativeSeparators(file.fileName())
                    + u" is readable by others; fix it with chmod 600 and try again."_s};
    if (!file.open(QIODevice::ReadOnly))
        return {CredentialResult::Status::Failed,
                {},
                u"Could not read the key file: "_s + file.errorString()};
    return {CredentialResult::Status::Ok, QString::fromUtf8(file.readAll()).trimmed(), {}};
}

bool CredentialStore::removeSecretFile(const QString &profile)
{
    return QFile::remove(secretFilePath(profile));
}

void CredentialStore::resolve(const Profile &profile, QObject *context, Callback done)
{
    const QString inMemory = m_session.value(profile.name);
    if (!inMemory.isEmpty()) {
        answerLater(context, std::move(done), {CredentialResult::Status::Ok, inMemory, {}});
        return;
    }
    switch (profile.secretStorage) {
    case SecretStorage::Keychain:
        readFromKeychain(profile.name, context, std::move(done));
        return;
    case SecretStorage::File:
        answerLater(context, std::move(done), readSecretFile(profile.name));
        return;
    case SecretStorage::Session:
        break;
    }
    answerLater(context, std::move(done),
                {CredentialResult::Status::NotFound,
                 {},
                 u"This profile keeps its key for one session only: enter it again."_s});
}

} // namespace feather
