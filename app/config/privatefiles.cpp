#include "config/privatefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace feather {

namespace {

constexpr QFile::Permissions kPrivateDir = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner
                                           | QFile::ReadUser | QFile::WriteUser | QFile::ExeUser;
constexpr QFile::Permissions kPrivateFile =
    QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser;
constexpr QFile::Permissions kGroupOrOther = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup
                                             | QFile::ReadOther | QFile::WriteOther
                                             | QFile::ExeOther;

// Only ever takes permissions away: an owner who made a file stricter keeps it so.
bool narrow(const QString &path, QFile::Permissions allowed, QString *why)
{
    const QFile::Permissions now = QFile::permissions(path);
    if (!(now & kGroupOrOther))
        return true;
    if (QFile::setPermissions(path, now & allowed))
        return true;
    *why = u"cannot make %1 private (owner-only)"_s.arg(path);
    return false;
}

} // namespace

bool makePrivateDir(const QString &path, QString *why)
{
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    // Walk down from the root, creating what is missing; folders that exist are left alone,
    // except the last one, which is ours.
    QStringList missing;
    QString probe = absolute;
    while (!QFileInfo(probe).exists()) {
        missing.prepend(probe);
        const QString parent = QFileInfo(probe).path();
        if (parent == probe)
            break;
        probe = parent;
    }
    if (!QFileInfo(probe).isDir()) {
        *why = u"cannot create the folder %1: %2 is not a folder"_s.arg(absolute, probe);
        return false;
    }
    for (const QString &dir : std::as_const(missing)) {
        if (!QDir().mkdir(dir, kPrivateDir) && !QFileInfo(dir).isDir()) {
            *why = u"cannot create the folder %1"_s.arg(dir);
            return false;
        }
    }
    if (!QFileInfo(absolute).isDir()) {
        *why = u"cannot create the folder %1: it is not a folder"_s.arg(absolute);
        return false;
    }
    return narrow(absolute, kPrivateDir, why);
}

bool makePrivateFile(const QString &path, QString *why)
{
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kPrivateFile))
        return true;
    if (!QFileInfo(path).isFile()) {
        *why = u"cannot create %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return narrow(path, kPrivateFile, why);
}

bool makePrivateFileIn(const QString &path, QString *why)
{
    return makePrivateDir(QFileInfo(path).absolutePath(), why) && makePrivateFile(path, why);
}

} // namespace feather
