#pragma once

#include "core/backend.h"
#include "models/columns.h"
#include "models/sourceidindex.h"
#include "models/sourcemodelrows.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace feather {

// Every listed source, keyed by source id: a refresh merges (dataChanged / insert / remove), so
// selections and scroll position survive it. listSources() pages stream in as they arrive, so
// 10,000 sources fill the table page by page while the window stays responsive.
class SourceModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    // Logical column order; the descriptor table (sourcecolumns.cpp) has one row per value, in
    // this order. Append only: saved layouts and exports rely on it.
    enum Column {
        NicknameColumn = 0,
        ProviderColumn = 1,
        StatusColumn = 2,
        LastErrorColumn = 3,
        LastJobColumn = 4,
        UpdatedColumn = 5,
        KnowledgeBaseColumn = 6,
        SourceIdColumn = 7,
        KbIdColumn = 8,
        SyncingForColumn = 9,
        ColumnCount
    };
    // Raw values (never display strings) for proxies, selections and code.
    enum Role {
        IdRole = Qt::UserRole, // QString source id
        KbIdRole,              // QString knowledge base id
        NicknameRole,          // QString connection nickname
        ProviderRole,          // QString provider ("notion", "s3", …)
        StatusRole,            // QString raw status ("active", "syncing", anything else)
        LastJobIdRole,         // QString last sync job id
        LastJobStatusRole,     // QString status of that job, when known
        UpdatedAtRole,         // QDateTime updated_at (for a syncing source: when it started)
        LastSyncedAtRole,      // QDateTime last completed sync, else updated_at
        LastErrorRole,         // QString last error message
        KbNameRole,            // QString knowledge base name
        InFlightRole,          // bool, a resync of this row is running in this window
        HighlightRole,         // bool, the row just finished a sync (briefly true)
        RowRole,               // feather::Source, the whole row
        SyncingForRole,        // qint64 seconds a syncing row has synced (server clock); else null
        StuckRole,             // bool, syncing for at least stuckAfterSeconds()
    };
    Q_ENUM(Role)

    using Clock = std::function<QDateTime()>;
    // What one merge of queued pages may take on the GUI thread (appendPages).
    static constexpr int mergeBudgetMs = 30;
    using Spec = ColumnSpec<SourceModel, Source>;
    // The column descriptors: header, tooltip, display, sort key, width, key, … (one per Column).
    static const std::array<Spec, ColumnCount> &columns();

    explicit SourceModel(QObject *parent = nullptr);
    ~SourceModel() override;
    Q_DISABLE_COPY_MOVE(SourceModel)

    void setBackend(Backend *backend);
    // Streams listSources(query) into the model; returns at once. Rows that the finished listing
    // no longer contains are removed; a failed listing removes nothing.
    // Also reads the connectors freshness (one request for every source) and merges its last
    // status, last error and staleness into the rows, now and on every later merge: the
    // documented SourceResponse carries none of them.
    void refresh(const SourceQuery &query = {});
    bool isLoading() const { return m_watcher != nullptr; }
    bool isReadingFreshness() const { return m_freshnessWatcher != nullptr; }
    // Pages of the listing in progress (or of the last one) that have arrived.
    int pagesLoaded() const { return m_pages; }
    // The last listing delivered every page (false while one runs, or after one that failed).
    bool isComplete() const { return m_complete; }

    // Fills each row's last sync status, last error, last completion and staleness from
    // `rows` where the row itself has none (a live sync/status update is newer and wins);
    // keeps them for rows that arrive later.
    void applyFreshness(const QList<ConnectorFreshness> &rows);

    // Merging entry points (used by refresh, tests and live updates).
    void mergeSources(const QList<Source> &sources);
    // Queues listed pages; they land on later event-loop turns, as many whole pages per turn as
    // fit mergeBudgetMs (issue 12: one model insert and one proxy layout change per turn instead
    // of per page, and no turn long enough to freeze the window). pageLoaded follows each merge.
    void appendPages(const QList<QList<Source>> &pages);
    // Pages queued by appendPages (or a listing) that have not landed yet.
    bool isMerging() const { return !m_queue.isEmpty(); }
    void removeMissing(const QSet<QString> &keepIds);
    // A live status update; returns true when the row changed. A syncing row that leaves
    // `syncing` is highlighted for highlightMs.
    bool applySyncStatus(const SyncStatus &status);
    // After a trigger: the row is now syncing with `jobId` (triggered or already syncing).
    void markSyncing(const QString &sourceId, const QString &jobId, const QDateTime &since);

    void setKnowledgeBaseNames(const QHash<QString, QString> &names);
    void setInFlight(const QStringList &sourceIds, bool inFlight);
    bool isInFlight(const QString &sourceId) const { return m_inFlight.contains(sourceId); }
    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setHighlightMs(int ms) { m_highlightMs = ms; }

    // What the column descriptors read besides the row itself.
    QString kbName(const QString &kbId) const { return m_kbNames.value(kbId); }
    bool isHighlighted(const QString &sourceId) const { return m_highlighted.contains(sourceId); }
    QDateTime now() const { return m_clock ? m_clock() : QDateTime::currentDateTimeUtc(); }

    const Source *source(const QString &sourceId) const;
    int rowOf(const QString &sourceId) const
    {
        return m_rowById.find(
            sourceId, [this](int row) -> const QString & { return m_rows[std::size_t(row)].id; });
    }
    const Source &sourceAt(int row) const { return m_rows.at(row); }
    QList<Source> syncingSources() const;
    QMap<QString, int> statusCounts() const;
    QHash<QString, QMap<QString, int>> statusCountsByKb() const;

    // Stuck syncs (models/sourcestuck.cpp). A syncing row's age runs on the server's clock:
    // its start (sync/status last_sync_started_at, the freshness row's, else the listing's
    // updated_at) against the server's "now" from the backend's skew, never our clock alone.
    void setStuckAfterSeconds(qint64 seconds);
    qint64 stuckAfterSeconds() const { return m_stuckAfterSeconds; }
    std::optional<QDateTime> serverNow() const;
    QDateTime syncStartedAt(const Source &s) const;
    std::optional<qint64> syncingForSeconds(const Source &s) const;
    bool isStuck(const Source &s) const;
    int stuckCount() const;
    QHash<QString, int> stuckCountsByKb() const;
    // Repaints the ages of syncing rows (a timer calls it every ageTickMs).
    void tickAges();
    void setAgeTickMs(int ms);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

Q_SIGNALS:
    void pageLoaded(int rowsSoFar);
    void loaded(int count);
    // The connectors freshness read of refresh() ended (merged, or failed with `message`).
    void freshnessLoaded();
    void freshnessFailed(const QString &message);
    // `error` carries the outcome (e.g. Unauthorized: the key was refused) and HTTP status.
    void loadFailed(const QString &message, const feather::Error &error);
    // Emitted when the status counts may have changed (load, live update, trigger).
    void countsChanged();
    // The number of stuck rows changed (a sync aged past the threshold, or ended).
    void stuckCountChanged(int stuck);

private:
    void onPagesReady(int begin, int end);
    void onListingFinished();
    void finishListing();
    void scheduleMerge();
    void mergeQueued(bool all);
    void mergeBatch(std::span<const QList<Source>> pages);
    // Keeps m_countsByKb and m_syncingIds in step with one row entering (+1) or leaving (-1).
    void account(const Source &s, int delta);
    void onFreshnessFinished();
    Source withFreshness(Source s) const;
    void emitRowChanged(int row);
    QVariant rawData(const Source &s, Role role) const;

    Backend *m_backend = nullptr;
    std::unique_ptr<QFutureWatcher<SourcePage>> m_watcher;
    std::unique_ptr<QFutureWatcher<FreshnessResult>> m_freshnessWatcher;
    QHash<QString, ConnectorFreshness> m_freshness; // by source id, from the last read
    QSet<QString> m_seen;                           // ids delivered by the listing in progress
    QList<QList<Source>> m_queue;                   // pages not merged yet (appendPages)
    int m_mergeRows = 2000;                         // rows per merge, adapted to mergeBudgetMs
    bool m_mergeScheduled = false;
    bool m_finishPending = false; // the listing ended while pages were still queued
    int m_pages = 0;
    bool m_complete = false;
    bool m_listingFailed = false;
    SourceRows m_rows; // chunked: growing neither copies nor moves the rows held
    SourceIdIndex m_rowById;
    // Status counts per KB and the syncing rows' ids, updated with every row that changes
    // (issue 12: a recount of every row per 200 ms was 8.5 % of a 100,000-row load).
    QHash<QString, QMap<QString, int>> m_countsByKb;
    QSet<QString> m_syncingIds;
    QHash<QString, QString> m_kbNames;
    QSet<QString> m_inFlight;
    QSet<QString> m_highlighted;
    Clock m_clock;
    int m_highlightMs = 4000;
    // Stuck syncs: server-clock starts by source id (sync/status, freshness, our trigger).
    void noteSyncStart(const QString &sourceId, const QDateTime &serverStart);
    QHash<QString, QDateTime> m_syncStartedAt;
    qint64 m_stuckAfterSeconds = kDefaultStuckAfterSeconds;
    int m_lastStuckCount = 0;
    QTimer *m_ageTimer = nullptr;
};

} // namespace feather
