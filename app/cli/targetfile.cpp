#include "cli/targetfile.h"

#include "core/ids.h"

#include <QFile>

namespace feather::cli {

std::optional<QList<TriggerTarget>> readTargetFile(const QString &path, QString *why)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *why = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    QList<TriggerTarget> targets;
    int lineNo = 0;
    while (!f.atEnd()) {
        ++lineNo;
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const QStringList parts = line.split(u',');
        if (parts.size() != 2) {
            *why = QStringLiteral("%1:%2: expected \"kb_id,source_id\"").arg(path).arg(lineNo);
            return std::nullopt;
        }
        if (lineNo == 1 && parts[0].trimmed() == QLatin1String("kb_id"))
            continue;
        TriggerTarget t;
        t.kbId = normalizedUuid(parts[0].trimmed());
        t.sourceId = normalizedUuid(parts[1].trimmed());
        if (t.kbId.isEmpty() || t.sourceId.isEmpty()) {
            const bool kbBad = t.kbId.isEmpty();
            *why = QStringLiteral("%1:%2: %3")
                       .arg(path)
                       .arg(lineNo)
                       .arg(invalidUuidReason(kbBad ? QStringLiteral("kb_id")
                                                    : QStringLiteral("source_id"),
                                              (kbBad ? parts[0] : parts[1]).trimmed()));
            return std::nullopt;
        }
        targets << t;
    }
    if (targets.isEmpty()) {
        *why = QStringLiteral("%1 lists no targets").arg(path);
        return std::nullopt;
    }
    return targets;
}

} // namespace feather::cli
