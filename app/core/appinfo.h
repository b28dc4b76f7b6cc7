#pragma once

#include <QCoreApplication>

namespace feather {

// All three programs share one organisation/application name so QStandardPaths resolves to
// the same data dir: featherctl and the console read the same audit log and demo workspace.
inline void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Feather"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("feather.example"));
    QCoreApplication::setApplicationName(QStringLiteral("feather-ops-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FEATHER_VERSION));
}

} // namespace feather
