// SourceModel: how long syncing rows have synced, and which of them are stuck. Ages are server
// time against server time (core/syncage.h): the start is a server stamp, "now" is ours carried
// to the server's clock by the backend's skew.
#include "models/presentation.h"
#include "models/sourcemodel.h"

namespace feather {

void SourceModel::setStuckAfterSeconds(qint64 seconds)
{
    if (seconds == m_stuckAfterSeconds)
        return;
    m_stuckAfterSeconds = seconds;
    tickAges();
}

void SourceModel::setAgeTickMs(int ms)
{
    m_ageTimer->start(ms);
}

std::optional<QDateTime> SourceModel::serverNow() const
{
    if (!m_backend)
        return std::nullopt;
    const ServerSkew skew = m_backend->serverSkew();
    if (!skew.lowMs)
        return std::nullopt;
    return now().addMSecs(*skew.lowMs);
}

QDateTime SourceModel::syncStartedAt(const Source &s) const
{
    if (statusKind(s.status) != StatusKind::Syncing)
        return {};
    const QDateTime noted = m_syncStartedAt.value(s.id);
    // A listed syncing source's updated_at is the server's stamp of the flip to syncing.
    return noted.isValid() ? noted : s.updatedAt;
}

std::optional<qint64> SourceModel::syncingForSeconds(const Source &s) const
{
    const QDateTime started = syncStartedAt(s);
    if (!started.isValid() || !m_backend)
        return std::nullopt;
    return syncAgeSeconds(started, now(), m_backend->serverSkew());
}

bool SourceModel::isStuck(const Source &s) const
{
    return isStuckAge(syncingForSeconds(s), m_stuckAfterSeconds);
}

// Only syncing rows can be stuck: the syncing ids (kept by account()) instead of every row.
int SourceModel::stuckCount() const
{
    int n = 0;
    for (const QString &id : m_syncingIds)
        n += isStuck(m_rows[std::size_t(rowOf(id))]) ? 1 : 0;
    return n;
}

QHash<QString, int> SourceModel::stuckCountsByKb() const
{
    QHash<QString, int> counts;
    for (const QString &id : m_syncingIds) {
        const Source &s = m_rows[std::size_t(rowOf(id))];
        if (isStuck(s))
            ++counts[s.knowledgeBaseId];
    }
    return counts;
}

void SourceModel::noteSyncStart(const QString &sourceId, const QDateTime &serverStart)
{
    if (serverStart.isValid())
        m_syncStartedAt.insert(sourceId, serverStart);
    else
        m_syncStartedAt.remove(sourceId);
}

void SourceModel::tickAges()
{
    for (int row = 0; row < int(m_rows.size()); ++row) {
        if (statusKind(m_rows[row].status) != StatusKind::Syncing)
            continue;
        Q_EMIT dataChanged(index(row, StatusColumn), index(row, StatusColumn));
        Q_EMIT dataChanged(index(row, SyncingForColumn), index(row, SyncingForColumn));
    }
    const int stuck = stuckCount();
    if (stuck != m_lastStuckCount) {
        m_lastStuckCount = stuck;
        Q_EMIT stuckCountChanged(stuck);
    }
}

} // namespace feather
