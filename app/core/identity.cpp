#include "core/identity.h"

#include <QHostInfo>
#include <QProcessEnvironment>

namespace feather {

QString operatorIdentity()
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QString user = env.value(QStringLiteral("USER"));
    if (user.isEmpty())
        user = env.value(QStringLiteral("LOGNAME"), QStringLiteral("unknown"));
    return user + u'@' + QHostInfo::localHostName();
}

} // namespace feather
