#include "models/schedulesession.h"

#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "resync/auditworkersink.h"

using namespace Qt::StringLiterals;

namespace feather {

ScheduleSession::ScheduleSession(Workspace *workspace, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
{}

ScheduleSession::~ScheduleSession() = default;

bool ScheduleSession::start(const QStringList &sourceIds, const ScheduleChange &change,
                            QString *why)
{
    const auto refuse = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (!m_workspace->isOpen())
        return refuse(tr("No profile is open."));
    if (isRunning())
        return refuse(tr("A schedule change is still running."));
    if (const QString problem = scheduleChangeProblem(change); !problem.isEmpty())
        return refuse(tr("Enabling auto-sync needs an interval of at least one second."));
    QList<ScheduleTarget> targets;
    for (const TriggerTarget &t : m_workspace->targetsFor(sourceIds))
        targets.append({t.kbId, t.sourceId});
    if (targets.isEmpty())
        return refuse(tr("No source is selected."));
    // No change without its audit row: the log must take writes before anything is sent. The
    // workspace's sink (open with the workspace) answers from its writer thread's last check,
    // without waiting here.
    AuditWorkerSink *sink = m_workspace->auditSink();
    if (QString problem; !sink->prepare(&problem))
        return refuse(
            tr("The audit log cannot be written, so nothing was changed: %1").arg(problem));
    m_change = change;
    m_batch = std::make_unique<ScheduleBatch>(m_workspace->backend(), sink);
    connect(m_batch.get(), &ScheduleBatch::rowFinished, this, &ScheduleSession::onRow);
    connect(m_batch.get(), &ScheduleBatch::finished, this, [this] {
        const QList<ScheduleOutcome> &rows = m_batch->results();
        bool all = m_batch->auditError().isEmpty();
        for (const ScheduleOutcome &r : rows)
            all = all && r.outcome == Outcome::Triggered;
        QString text = summary(rows, m_change);
        if (!m_batch->auditError().isEmpty())
            text += u' '
                    + tr("Stopped: the audit log could not be written (%1).")
                          .arg(m_batch->auditError());
        Q_EMIT finished(text, all);
    });
    m_batch->start(targets, change, std::max(1, m_workspace->profile().concurrency));
    return true;
}

void ScheduleSession::onRow(const ScheduleOutcome &row)
{
    if (row.outcome != Outcome::Triggered)
        return;
    SourceModel *model = m_workspace->sources();
    const Source *current = model->source(row.target.sourceId);
    if (!current)
        return;
    // Only the schedule fields: the row keeps its live status and last error.
    Source updated = *current;
    updated.autoSyncEnabled = row.source.autoSyncEnabled;
    updated.syncIntervalSeconds = row.source.syncIntervalSeconds;
    updated.nextSyncAt = row.source.nextSyncAt;
    updated.lastAutoSyncAt = row.source.lastAutoSyncAt;
    model->mergeSources({updated});
}

QString ScheduleSession::summary(const QList<ScheduleOutcome> &rows, const ScheduleChange &change)
{
    int changed = 0;
    QStringList failures;
    for (const ScheduleOutcome &r : rows) {
        if (r.outcome == Outcome::Triggered)
            ++changed;
        else if (failures.size() < 3)
            failures << u"%1: %2"_s.arg(displayName(r.outcome), r.message);
    }
    const QString what =
        change.autoSyncEnabled
            ? tr("auto-sync on, every %1")
                  .arg(formatDurationSeconds(change.syncIntervalSeconds.value_or(0)))
            : tr("auto-sync off");
    const qsizetype failed = rows.size() - changed;
    if (failed == 0)
        return tr("Schedule changed for %n source(s): %1.", nullptr, changed).arg(what);
    return tr("Schedule (%1): %2 changed, %3 failed — %4")
        .arg(what)
        .arg(changed)
        .arg(failed)
        .arg(failures.join(u"; "_s));
}

} // namespace feather
