#include "core/identity.h"

#include <QHostInfo>
#include <QProcessEnvironment>
#include <pwd.h>
#include <unistd.h>

namespace feather {

QString operatorIdentity()
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QString user = env.value(QStringLiteral("USER"));
    if (user.isEmpty())
        user = env.value(QStringLiteral("LOGNAME"));
    if (user.isEmpty()) {
        // Services and CI often run without USER/LOGNAME; the passwd entry still names us.
        const passwd *pw = ::getpwuid(::geteuid());
        user = pw ? QString::fromLocal8Bit(pw->pw_name) : QStringLiteral("unknown");
    }
    return user + u'@' + machineName();
}

QString machineName()
{
    return QHostInfo::localHostName();
}

} // namespace feather
