#include "cli/resyncrows.h"

#include "cli/cliargs.h"
#include "core/json.h"

#include <algorithm>

namespace feather::cli {

QStringList resyncTableHeader()
{
    return {QStringLiteral("KB"),    QStringLiteral("SOURCE"), QStringLiteral("OUTCOME"),
            QStringLiteral("JOB"),   QStringLiteral("STATUS"), QStringLiteral("HTTP"),
            QStringLiteral("TRIES"), QStringLiteral("MS"),     QStringLiteral("MESSAGE")};
}

QStringList resyncTableRow(const TriggerResult &r, bool dryRun)
{
    const QString outcome = !dryRun ? toString(r.outcome)
                            : r.outcome == Outcome::Triggered
                                ? QStringLiteral("would start")
                                : QStringLiteral("would skip: ") + toString(r.outcome);
    return {r.target.kbId,
            r.target.sourceId,
            outcome,
            r.jobId,
            r.status,
            r.httpStatus ? QString::number(r.httpStatus) : QString(),
            QString::number(r.attempts),
            QString::number(r.elapsedMs),
            r.message};
}

QJsonObject resyncJsonRow(const TriggerResult &result)
{
    return json::toJson(result);
}

int resyncExitCode(const QList<TriggerResult> &results)
{
    if (results.isEmpty())
        return ExitSomeFailed;
    int code = ExitAllTriggered;
    for (const TriggerResult &r : results)
        code = std::max(code, traits(r.outcome).exitCode);
    return code;
}

} // namespace feather::cli
