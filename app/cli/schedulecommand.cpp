// featherctl schedule KB_ID SOURCE_ID [--enable --interval DURATION | --disable]: shows or
// changes a source's auto-sync schedule (PATCH …/schedule), one audit row per change.
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/pagestream.h"
#include "cli/table.h"
#include "core/json.h"
#include "resync/auditlogsink.h"
#include "resync/schedulebatch.h"

namespace feather::cli {

namespace {

QJsonObject scheduleJson(const Source &s)
{
    return {{QStringLiteral("kb_id"), s.knowledgeBaseId},
            {QStringLiteral("source_id"), s.id},
            {QStringLiteral("auto_sync_enabled"), s.autoSyncEnabled},
            {QStringLiteral("sync_interval_seconds"),
             s.syncIntervalSeconds ? QJsonValue(*s.syncIntervalSeconds) : QJsonValue()},
            {QStringLiteral("next_sync_at"),
             s.nextSyncAt.isValid() ? QJsonValue(json::formatTime(s.nextSyncAt)) : QJsonValue()},
            {QStringLiteral("last_auto_sync_at"),
             s.lastAutoSyncAt.isValid() ? QJsonValue(json::formatTime(s.lastAutoSyncAt))
                                        : QJsonValue()}};
}

void addScheduleRows(TextTable &t, const Source &s)
{
    t.addRow({QStringLiteral("auto-sync"),
              s.autoSyncEnabled ? QStringLiteral("on") : QStringLiteral("off")});
    t.addRow({QStringLiteral("interval"),
              s.syncIntervalSeconds ? formatDurationSeconds(*s.syncIntervalSeconds) : QString()});
    t.addRow({QStringLiteral("next sync"), humanTime(s.nextSyncAt)});
    t.addRow({QStringLiteral("last auto sync"), humanTime(s.lastAutoSyncAt)});
}

} // namespace

void CommandRunner::runSchedule()
{
    if (!m_request.scheduleEnable)
        return showSchedule();
    ScheduleChange change;
    change.autoSyncEnabled = *m_request.scheduleEnable;
    if (change.autoSyncEnabled)
        change.syncIntervalSeconds = int(m_request.scheduleIntervalSeconds);
    // Like a resync: no change without its audit row, so the log must take writes first.
    auto log = std::make_shared<AuditLog>(AuditLog::defaultPath());
    if (!log->checkWritable())
        return fail(ExitSomeFailed, log->lastError());
    auto *batch = new ScheduleBatch(m_backend.get(), log.get(),
                                    auditContextFor(m_request.profile, *m_backend), this);
    connect(batch, &ScheduleBatch::finished, this, [this, batch, log] {
        const ScheduleOutcome row = batch->results().value(0);
        const bool ok = row.outcome == Outcome::Triggered;
        if (m_request.json) {
            QJsonObject o = ok ? scheduleJson(row.source) : QJsonObject();
            o.insert(QStringLiteral("kb_id"), row.target.kbId);
            o.insert(QStringLiteral("source_id"), row.target.sourceId);
            o.insert(QStringLiteral("outcome"),
                     ok ? QStringLiteral("changed") : toString(row.outcome));
            o.insert(QStringLiteral("http_status"), row.httpStatus);
            o.insert(QStringLiteral("message"), row.message);
            o.insert(QStringLiteral("attempt_id"), row.attemptId);
            printJsonLine(o);
        } else if (ok) {
            TextTable t({QStringLiteral("FIELD"), QStringLiteral("VALUE")});
            t.addRow({QStringLiteral("source"), row.target.sourceId});
            addScheduleRows(t, row.source);
            printOut(t.render());
        }
        if (!batch->auditError().isEmpty())
            return fail(ExitSomeFailed, batch->auditError());
        if (!ok) {
            QString reason = toString(row.outcome);
            if (row.httpStatus)
                reason += QStringLiteral(" (HTTP %1)").arg(row.httpStatus);
            return fail(ExitSomeFailed, reason + QStringLiteral(": ") + row.message);
        }
        finish(ExitAllTriggered);
    });
    batch->start({{m_request.kbIds.first(), m_request.sourceIds.first()}}, change, 1);
}

// The documented List Sources of the KB, until the source turns up.
void CommandRunner::showSchedule()
{
    auto found = std::make_shared<std::optional<Source>>();
    const QString wanted = m_request.sourceIds.first();
    new PageStream(
        m_backend->listSources(SourceQuery{{m_request.kbIds.first()}, {}}),
        [found, wanted](QList<Source> &&page) {
            for (Source &s : page) {
                if (s.id == wanted)
                    *found = std::move(s);
            }
            return !found->has_value();
        },
        [this, found](const std::optional<Error> &error) {
            if (error && !*found)
                return reportError(*error);
            if (!*found)
                return fail(ExitSomeFailed,
                            QStringLiteral("not_found: no source %1 in knowledge base %2")
                                .arg(m_request.sourceIds.first(), m_request.kbIds.first()));
            const Source &s = **found;
            if (m_request.json) {
                printJsonLine(scheduleJson(s));
            } else {
                TextTable t({QStringLiteral("FIELD"), QStringLiteral("VALUE")});
                t.addRow({QStringLiteral("source"), s.id});
                addScheduleRows(t, s);
                printOut(t.render());
            }
            finish(ExitAllTriggered);
        },
        this);
}

} // namespace feather::cli
