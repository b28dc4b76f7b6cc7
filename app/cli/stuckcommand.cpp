// featherctl sources --stuck [DURATION]: the syncs that have run at least DURATION, aged on the
// server's clock (core/syncage.h) from each source's sync/status last_sync_started_at.
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/pagestream.h"
#include "cli/table.h"
#include "core/json.h"

#include <algorithm>

namespace feather::cli {

// A syncing source and its sync/status read, when that succeeded.
struct StuckRow {
    Source source;
    SyncStatus status;
    bool statusRead = false;
};

void CommandRunner::runStuckSources()
{
    auto syncing = std::make_shared<QList<StuckRow>>();
    new PageStream(
        m_backend->listSources(SourceQuery{m_request.kbIds, {}}),
        [this, syncing](QList<Source> &&page) {
            for (Source &s : page) {
                if (m_rowFilter && !m_rowFilter(s))
                    continue;
                if (s.status.compare(QLatin1String("syncing"), Qt::CaseInsensitive) == 0)
                    syncing->append(StuckRow{std::move(s), {}, false});
            }
            return true;
        },
        [this, syncing](const std::optional<Error> &error) {
            if (error)
                return listingFailed(*error, 0);
            readSyncStarts(syncing, 0);
        },
        this);
}

// One documented sync/status read per syncing source for the server's own start stamp, up to
// --concurrency at a time.
void CommandRunner::readSyncStarts(std::shared_ptr<QList<StuckRow>> rows, qsizetype next)
{
    auto pending = std::make_shared<qsizetype>(0);
    auto cursor = std::make_shared<qsizetype>(next);
    auto failed = std::make_shared<std::optional<Error>>();
    auto pump = std::make_shared<std::function<void()>>();
    // The reads in flight hold the pump; it holds itself only weakly (no cycle).
    const std::weak_ptr<std::function<void()>> weak = pump;
    *pump = [this, rows, pending, cursor, failed, weak] {
        const std::shared_ptr<std::function<void()>> self = weak.lock();
        while (*pending < m_request.concurrency && *cursor < rows->size() && !*failed) {
            const qsizetype i = (*cursor)++;
            ++*pending;
            const Source &s = (*rows)[i].source;
            m_backend->syncStatus(s.knowledgeBaseId, s.id)
                .then(this, [rows, pending, failed, self, i](const SyncStatusResult &r) {
                    --*pending;
                    if (r.ok()) {
                        (*rows)[i].status = r.value;
                        (*rows)[i].statusRead = true;
                    } else if (r.error->outcome == Outcome::Unauthorized
                               || r.error->outcome == Outcome::Forbidden) {
                        *failed = r.error; // every further read would be refused too
                    }
                    (*self)();
                });
        }
        if (*pending > 0)
            return;
        if (*failed)
            return reportError(**failed);
        printStuck(*rows);
    };
    (*pump)();
}

void CommandRunner::printStuck(const QList<StuckRow> &rows)
{
    const ServerSkew skew = m_backend->serverSkew();
    if (!rows.isEmpty() && !skew.known())
        return fail(
            ExitSomeFailed,
            QStringLiteral("the server sent no Date header: a sync's age cannot be "
                           "measured on its clock (ours is never compared with its times)"));
    const qint64 threshold =
        m_request.stuckAfterSeconds > 0 ? m_request.stuckAfterSeconds : kDefaultStuckAfterSeconds;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    struct Out {
        const StuckRow *row;
        QDateTime started;
        QString from;
        qint64 age;
    };
    QList<Out> out;
    for (const StuckRow &r : rows) {
        // Finished between the listing and the read: not running any more.
        if (r.statusRead && !r.status.sourceStatus.isEmpty()
            && r.status.sourceStatus.compare(QLatin1String("syncing"), Qt::CaseInsensitive) != 0)
            continue;
        const bool fromStatus = r.statusRead && r.status.lastSyncStartedAt.isValid();
        const QDateTime started = fromStatus ? r.status.lastSyncStartedAt : r.source.updatedAt;
        const std::optional<qint64> age = syncAgeSeconds(started, now, skew);
        if (!isStuckAge(age, threshold))
            continue;
        out.append({&r, started,
                    fromStatus ? QStringLiteral("sync_status") : QStringLiteral("updated_at"),
                    *age});
    }
    std::sort(out.begin(), out.end(), [](const Out &a, const Out &b) { return a.age > b.age; });
    TextTable table({QStringLiteral("ID"), QStringLiteral("KB"), QStringLiteral("PROVIDER"),
                     QStringLiteral("NICKNAME"), QStringLiteral("SYNCING FOR"),
                     QStringLiteral("STARTED"), QStringLiteral("LAST JOB")});
    for (const Out &o : out) {
        const Source &s = o.row->source;
        const QString job =
            o.row->status.lastSyncJobId.isEmpty() ? s.lastSyncJobId : o.row->status.lastSyncJobId;
        if (m_request.json) {
            printJsonLine({{QStringLiteral("kb_id"), s.knowledgeBaseId},
                           {QStringLiteral("source_id"), s.id},
                           {QStringLiteral("provider"), s.provider},
                           {QStringLiteral("connection_nickname"), s.connectionNickname},
                           {QStringLiteral("status"), s.status},
                           {QStringLiteral("last_sync_job_id"), job},
                           {QStringLiteral("last_sync_status"), o.row->status.lastSyncStatus},
                           {QStringLiteral("sync_started_at"), json::formatTime(o.started)},
                           {QStringLiteral("started_from"), o.from},
                           {QStringLiteral("syncing_for_seconds"), o.age},
                           {QStringLiteral("stuck_after_seconds"), threshold}});
            continue;
        }
        table.addRow({s.id, s.knowledgeBaseId, s.provider, s.connectionNickname,
                      humanDuration(o.age * 1000), humanTime(o.started), job});
    }
    if (!m_request.json) {
        QString why;
        if (!table.write(&why))
            return fail(ExitSomeFailed, why);
        printErr(QStringLiteral("%1 of %2 syncing sources stuck (syncing for at least %3)\n")
                     .arg(out.size())
                     .arg(rows.size())
                     .arg(formatDurationSeconds(threshold)));
    }
    finish(stdoutBroken() ? ExitSomeFailed : ExitAllTriggered);
}

} // namespace feather::cli
