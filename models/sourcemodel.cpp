#include "models/sourcemodel.h"

#include "models/presentation.h"

#include <QColor>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace feather {

SourceModel::SourceModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_ageTimer(new QTimer(this))
{
    // Ages are shown to the minute; a tick every 30 s keeps them and the stuck state current.
    connect(m_ageTimer, &QTimer::timeout, this, &SourceModel::tickAges);
    m_ageTimer->start(30'000);
}

SourceModel::~SourceModel() = default;

void SourceModel::setBackend(Backend *backend)
{
    m_watcher.reset(); // a listing from the previous backend must not land here
    m_queue.clear();
    m_finishPending = false;
    m_freshnessWatcher.reset();
    m_freshness.clear();
    m_backend = backend;
}

void SourceModel::refresh(const SourceQuery &query)
{
    if (!m_backend)
        return;
    m_watcher.reset();
    m_seen.clear();
    m_queue.clear(); // the last listing's pages, superseded
    m_finishPending = false;
    m_pages = 0;
    m_complete = false;
    m_listingFailed = false;
    m_watcher = std::make_unique<QFutureWatcher<SourcePage>>();
    connect(m_watcher.get(), &QFutureWatcherBase::resultsReadyAt, this, &SourceModel::onPagesReady);
    connect(m_watcher.get(), &QFutureWatcherBase::finished, this, &SourceModel::onListingFinished);
    m_watcher->setFuture(m_backend->listSources(query));
    m_freshnessWatcher = std::make_unique<QFutureWatcher<FreshnessResult>>();
    connect(m_freshnessWatcher.get(), &QFutureWatcherBase::finished, this,
            &SourceModel::onFreshnessFinished);
    m_freshnessWatcher->setFuture(m_backend->connectorFreshness());
}

void SourceModel::onFreshnessFinished()
{
    if (!m_freshnessWatcher)
        return;
    const QFuture<FreshnessResult> future = m_freshnessWatcher->future();
    m_freshnessWatcher.release()->deleteLater();
    if (future.resultCount() == 0) {
        Q_EMIT freshnessFailed(tr("The read was cancelled."));
        return;
    }
    const FreshnessResult r = future.result();
    if (!r.ok()) {
        Q_EMIT freshnessFailed(r.error->message);
        return;
    }
    applyFreshness(r.value);
    Q_EMIT freshnessLoaded();
}

Source SourceModel::withFreshness(Source s) const
{
    const auto it = m_freshness.constFind(s.id);
    if (it == m_freshness.constEnd())
        return s;
    const ConnectorFreshness &f = *it;
    if (s.lastSyncStatus.isEmpty())
        s.lastSyncStatus = f.lastStatus;
    if (s.lastErrorMessage.isEmpty())
        s.lastErrorMessage = f.lastErrorMessage;
    if (!s.lastSyncCompletedAt.isValid())
        s.lastSyncCompletedAt = f.lastSyncCompletedAt;
    if (!s.lastEventAt.isValid()) {
        s.lastEventAt = f.lastEventAt;
        s.secondsSinceLastEvent = f.secondsSinceLastEvent;
    }
    return s;
}

// The freshness row's start belongs to the running sync only while it has not completed.
static QDateTime runningStart(const ConnectorFreshness &f)
{
    if (!f.lastSyncStartedAt.isValid())
        return {};
    if (f.lastSyncCompletedAt.isValid() && f.lastSyncCompletedAt >= f.lastSyncStartedAt)
        return {};
    return f.lastSyncStartedAt;
}

void SourceModel::applyFreshness(const QList<ConnectorFreshness> &rows)
{
    m_freshness.clear();
    m_freshness.reserve(rows.size());
    for (const ConnectorFreshness &f : rows) {
        m_freshness.insert(f.sourceId, f);
        if (const QDateTime start = runningStart(f); start.isValid())
            m_syncStartedAt.insert(f.sourceId, start);
    }
    for (int row = 0; row < int(m_rows.size()); ++row) {
        const Source merged = withFreshness(m_rows[row]);
        if (merged == m_rows[row])
            continue;
        account(m_rows[row], -1);
        m_rows[row] = merged;
        account(merged, +1);
        emitRowChanged(row);
    }
}

void SourceModel::onPagesReady(int begin, int end)
{
    if (!m_watcher || m_listingFailed)
        return;
    QList<QList<Source>> pages;
    for (int i = begin; i < end; ++i) {
        const SourcePage page = m_watcher->resultAt(i);
        if (!page.ok()) {
            // A failed page ends the listing; what arrived so far stays, nothing is removed.
            m_listingFailed = true;
            appendPages(pages);
            mergeQueued(true);
            Q_EMIT loadFailed(page.error->message, *page.error);
            return;
        }
        for (const Source &s : page.value)
            m_seen.insert(s.id);
        pages.append(page.value);
    }
    appendPages(pages);
}

void SourceModel::onListingFinished()
{
    if (!m_watcher)
        return;
    if (!m_queue.isEmpty()) {
        m_finishPending = true; // after the last queued page has landed
        return;
    }
    finishListing();
}

void SourceModel::finishListing()
{
    m_finishPending = false;
    const bool failed = m_listingFailed;
    const bool cancelled = m_watcher->isCanceled() && m_watcher->future().resultCount() == 0;
    const QSet<QString> seen = std::exchange(m_seen, {});
    m_watcher.release()->deleteLater();
    if (failed)
        return;
    if (cancelled) {
        const QString message = tr("The source listing was cancelled.");
        Q_EMIT loadFailed(message, Error{Outcome::Cancelled, 0, message});
        return;
    }
    removeMissing(seen);
    m_complete = true;
    Q_EMIT loaded(int(m_rows.size()));
}

void SourceModel::appendPages(const QList<QList<Source>> &pages)
{
    for (const QList<Source> &page : pages)
        m_queue.append(page);
    if (!m_queue.isEmpty())
        scheduleMerge();
}

void SourceModel::scheduleMerge()
{
    if (std::exchange(m_mergeScheduled, true))
        return;
    // A 0 ms timer runs after the events already posted (a repaint among them): the window
    // draws and answers input between two merges.
    QTimer::singleShot(0, this, [this] {
        m_mergeScheduled = false;
        mergeQueued(false);
    });
}

void SourceModel::mergeQueued(bool all)
{
    if (m_queue.isEmpty())
        return;
    // Whole pages, at least one, up to m_mergeRows rows.
    qsizetype pages = 0;
    qsizetype rows = 0;
    while (pages < m_queue.size()
           && (all || pages == 0 || rows + m_queue[pages].size() <= m_mergeRows))
        rows += m_queue[pages++].size();
    QElapsedTimer timer;
    timer.start();
    mergeBatch(std::span<const QList<Source>>(m_queue.cbegin(), std::size_t(pages)));
    m_queue.remove(0, pages);
    m_pages += int(pages);
    // The next merge as large as fits the budget at the cost per row just seen (which includes
    // the proxy's and the view's work for the rows already shown).
    const qint64 ns = std::max<qint64>(timer.nsecsElapsed(), 1);
    if (rows > 0)
        m_mergeRows =
            int(std::clamp<qint64>(qint64(mergeBudgetMs) * 1'000'000 * rows / ns, 500, 50'000));
    Q_EMIT pageLoaded(int(m_rows.size()));
    if (!m_queue.isEmpty())
        scheduleMerge();
    else if (m_finishPending && m_watcher)
        finishListing();
}

void SourceModel::mergeSources(const QList<Source> &sources)
{
    mergeBatch(std::span<const QList<Source>>(&sources, 1));
}

void SourceModel::mergeBatch(std::span<const QList<Source>> pages)
{
    // New rows are remembered by position in `pages` and copied once, into m_rows; without a
    // freshness read there is nothing to merge into a row, so no per-row copy either (issue 12:
    // a 100,000-row load is a few of these).
    std::vector<std::pair<std::size_t, qsizetype>> added;
    QList<Source> merged; // rows that needed freshness merged in, parallel to `added` when used
    const bool fresh = !m_freshness.isEmpty();
    qsizetype incoming = 0;
    for (const QList<Source> &page : pages)
        incoming += page.size();
    // Room for the batch, growing geometrically: reserving the exact size per page would
    // rehash (and below, reallocate) every row on every page.
    m_rowById.reserve(m_rows.size() + std::size_t(incoming));
    int next = int(m_rows.size());
    // A row of this batch is in the index before it is in m_rows: its id is in its page.
    const auto idOf = [&](int row) -> const QString & {
        if (std::size_t(row) < m_rows.size())
            return m_rows[std::size_t(row)].id;
        const auto &[p, i] = added[std::size_t(row) - m_rows.size()];
        return pages[p][i].id;
    };
    for (std::size_t p = 0; p < pages.size(); ++p) {
        for (qsizetype i = 0; i < pages[p].size(); ++i) {
            const Source &listed = pages[p][i];
            // One probe both finds a known id and places a new one.
            const int row = m_rowById.findOrInsert(listed.id, next, idOf);
            if (row < 0) {
                ++next; // also dedupes within this batch
                added.emplace_back(p, i);
                if (fresh)
                    merged.append(withFreshness(listed));
                continue;
            }
            if (row >= int(m_rows.size()))
                continue; // a duplicate within this batch
            const Source s = fresh ? withFreshness(listed) : listed;
            if (m_rows[row] == s)
                continue;
            account(m_rows[row], -1);
            m_rows[row] = s;
            account(s, +1);
            emitRowChanged(row);
        }
    }
    if (!added.empty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (std::size_t k = 0; k < added.size(); ++k) {
            m_rows.push_back(fresh ? merged[qsizetype(k)] : pages[added[k].first][added[k].second]);
            account(m_rows.back(), +1);
        }
        endInsertRows();
    }
    Q_EMIT countsChanged();
}

void SourceModel::account(const Source &s, int delta)
{
    QMap<QString, int> &byStatus = m_countsByKb[s.knowledgeBaseId];
    int &n = byStatus[s.status];
    n += delta;
    // Zero entries go, as a recount would never make them.
    if (n == 0) {
        byStatus.remove(s.status);
        if (byStatus.isEmpty())
            m_countsByKb.remove(s.knowledgeBaseId);
    }
    if (statusKind(s.status) == StatusKind::Syncing) {
        if (delta > 0)
            m_syncingIds.insert(s.id);
        else
            m_syncingIds.remove(s.id);
    }
}

void SourceModel::removeMissing(const QSet<QString> &keepIds)
{
    bool removed = false;
    int row = int(m_rows.size()) - 1;
    while (row >= 0) {
        if (keepIds.contains(m_rows[row].id)) {
            --row;
            continue;
        }
        const int last = row;
        while (row >= 0 && !keepIds.contains(m_rows[row].id))
            --row;
        beginRemoveRows({}, row + 1, last);
        for (int r = row + 1; r <= last; ++r)
            account(m_rows[r], -1);
        m_rows.erase(std::size_t(row + 1), std::size_t(last + 1));
        endRemoveRows();
        removed = true;
    }
    if (!removed)
        return;
    m_rowById.clear();
    m_rowById.reserve(m_rows.size());
    const auto idOf = [this](int r) -> const QString & { return m_rows[std::size_t(r)].id; };
    for (int i = 0; i < int(m_rows.size()); ++i)
        m_rowById.findOrInsert(m_rows[i].id, i, idOf);
    Q_EMIT countsChanged();
}

bool SourceModel::applySyncStatus(const SyncStatus &status)
{
    const int row = rowOf(status.sourceId);
    if (row < 0)
        return false;
    Source updated = m_rows[row];
    const bool wasSyncing = statusKind(updated.status) == StatusKind::Syncing;
    if (!status.sourceStatus.isEmpty())
        updated.status = status.sourceStatus;
    if (!status.lastSyncJobId.isEmpty())
        updated.lastSyncJobId = status.lastSyncJobId;
    if (!status.lastSyncStatus.isEmpty())
        updated.lastSyncStatus = status.lastSyncStatus;
    if (status.lastSyncCompletedAt.isValid())
        updated.lastSyncCompletedAt = status.lastSyncCompletedAt;
    updated.lastErrorMessage = status.errorMessage;
    // The server's own stamp of the sync's start: what the "Syncing for" age runs from.
    if (statusKind(updated.status) != StatusKind::Syncing)
        noteSyncStart(updated.id, {});
    else if (status.lastSyncStartedAt.isValid())
        noteSyncStart(updated.id, status.lastSyncStartedAt);
    if (updated == m_rows[row])
        return false;
    if (updated.status != m_rows[row].status)
        updated.updatedAt = now();
    account(m_rows[row], -1);
    m_rows[row] = updated;
    account(updated, +1);
    if (wasSyncing && statusKind(updated.status) != StatusKind::Syncing) {
        // Draw the eye to a row that just finished; the highlight fades by itself.
        const QString id = updated.id;
        m_highlighted.insert(id);
        QTimer::singleShot(m_highlightMs, this, [this, id] {
            if (m_highlighted.remove(id) && rowOf(id) >= 0)
                emitRowChanged(rowOf(id));
        });
    }
    emitRowChanged(row);
    Q_EMIT countsChanged();
    return true;
}

void SourceModel::markSyncing(const QString &sourceId, const QString &jobId, const QDateTime &since)
{
    const int row = rowOf(sourceId);
    if (row < 0)
        return;
    Source &s = m_rows[row];
    const bool wasSyncing = statusKind(s.status) == StatusKind::Syncing;
    account(s, -1);
    s.status = u"syncing"_s;
    account(s, +1);
    if (!jobId.isEmpty() && jobId != s.lastSyncJobId) {
        s.lastSyncJobId = jobId;
        s.lastSyncStatus = u"queued"_s;
    }
    if (!wasSyncing && since.isValid()) {
        s.updatedAt = since;
        // Our clock at the trigger, carried to the server's: until a sync/status read names the
        // server's own start.
        const ServerSkew skew = m_backend ? m_backend->serverSkew() : ServerSkew{};
        noteSyncStart(sourceId, skew.lowMs ? since.addMSecs(*skew.lowMs) : QDateTime());
    }
    m_highlighted.remove(sourceId);
    emitRowChanged(row);
    Q_EMIT countsChanged();
}

void SourceModel::setKnowledgeBaseNames(const QHash<QString, QString> &names)
{
    if (names == m_kbNames)
        return;
    m_kbNames = names;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, KnowledgeBaseColumn),
                           index(int(m_rows.size()) - 1, KnowledgeBaseColumn));
}

void SourceModel::setInFlight(const QStringList &sourceIds, bool inFlight)
{
    for (const QString &id : sourceIds) {
        const bool changed = inFlight ? !m_inFlight.contains(id) : m_inFlight.contains(id);
        if (!changed)
            continue;
        if (inFlight)
            m_inFlight.insert(id);
        else
            m_inFlight.remove(id);
        if (const int row = rowOf(id); row >= 0)
            emitRowChanged(row);
    }
}

void SourceModel::emitRowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

const Source *SourceModel::source(const QString &sourceId) const
{
    const int row = rowOf(sourceId);
    return row < 0 ? nullptr : &m_rows[row];
}

QList<Source> SourceModel::syncingSources() const
{
    QList<Source> out;
    for (const Source &s : m_rows) {
        if (statusKind(s.status) == StatusKind::Syncing)
            out.append(s);
    }
    return out;
}

QMap<QString, int> SourceModel::statusCounts() const
{
    QMap<QString, int> counts;
    for (const QMap<QString, int> &byStatus : m_countsByKb) {
        for (auto it = byStatus.cbegin(); it != byStatus.cend(); ++it)
            counts[it.key()] += it.value();
    }
    return counts;
}

QHash<QString, QMap<QString, int>> SourceModel::statusCountsByKb() const
{
    return m_countsByKb; // kept current by account()
}

int SourceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SourceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SourceModel::rawData(const Source &s, Role role) const
{
    switch (role) {
    case IdRole:
        return s.id;
    case KbIdRole:
        return s.knowledgeBaseId;
    case NicknameRole:
        return s.connectionNickname;
    case ProviderRole:
        return s.provider;
    case StatusRole:
        return s.status;
    case LastJobIdRole:
        return s.lastSyncJobId;
    case LastJobStatusRole:
        return s.lastSyncStatus;
    case UpdatedAtRole:
        return s.updatedAt;
    case LastSyncedAtRole:
        return s.lastSyncCompletedAt.isValid() ? s.lastSyncCompletedAt : s.updatedAt;
    case LastErrorRole:
        return s.lastErrorMessage;
    case KbNameRole:
        return m_kbNames.value(s.knowledgeBaseId);
    case InFlightRole:
        return m_inFlight.contains(s.id);
    case HighlightRole:
        return m_highlighted.contains(s.id);
    case RowRole:
        return QVariant::fromValue(s);
    case SyncingForRole: {
        const std::optional<qint64> age = syncingForSeconds(s);
        return age ? QVariant(*age) : QVariant();
    }
    case StuckRole:
        return isStuck(s);
    }
    return {};
}

QVariant SourceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Source &s = m_rows[index.row()];
    if (role >= IdRole)
        return rawData(s, Role(role));
    if (role == Qt::BackgroundRole) // the row just finished a sync: draw the eye to it
        return m_highlighted.contains(s.id) ? QVariant(QColor(255, 196, 0, 80)) : QVariant();
    return columnCellData(columns()[std::size_t(index.column())], *this, s, role);
}

QVariant SourceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return columnHeaderData<SourceModel>(columns(), section, orientation, role);
}

} // namespace feather
