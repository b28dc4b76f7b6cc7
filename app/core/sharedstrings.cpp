#include "core/sharedstrings.h"

#include <QMutex>
#include <QSet>

namespace feather {

namespace {
struct Pool {
    QMutex mutex;
    QSet<QString> values;
};

Pool &pool()
{
    static Pool p; // process-wide: rows of every listing share it, whichever thread parses
    return p;
}
} // namespace

QString SharedStrings::intern(const QString &value)
{
    if (value.isEmpty() || value.size() > maxLength)
        return value;
    Pool &p = pool();
    const QMutexLocker lock(&p.mutex);
    if (const auto it = p.values.constFind(value); it != p.values.cend())
        return *it;
    if (p.values.size() >= maxEntries)
        return value;
    p.values.insert(value);
    return value;
}

qsizetype SharedStrings::size()
{
    Pool &p = pool();
    const QMutexLocker lock(&p.mutex);
    return p.values.size();
}

} // namespace feather
