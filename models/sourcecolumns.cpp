// The source table's columns: one descriptor per SourceModel::Column, in order. Adding a column
// is one more row here (and its enum value); views, the proxy's sort, saved layouts and exports
// pick it up from this table.
#include "models/presentation.h"
#include "models/sourcemodel.h"

using namespace Qt::StringLiterals;

namespace feather {

namespace {
using Spec = SourceModel::Spec;

QString shortId(const QString &id)
{
    return id.left(8);
}

QString localTime(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s) : QString();
}

QString utcTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime lastSynced(const Source &s)
{
    return s.lastSyncCompletedAt.isValid() ? s.lastSyncCompletedAt : s.updatedAt;
}

// Errors first when sorting ascending: they are what staff look for.
QChar statusRank(const QString &status)
{
    switch (statusKind(status)) {
    case StatusKind::Error:
        return u'0';
    case StatusKind::Syncing:
        return u'1';
    case StatusKind::Unknown:
        return u'2';
    case StatusKind::Active:
        return u'3';
    }
    return u'2';
}

QVariant statusToolTip(const SourceModel &m, const Source &s)
{
    QString tip = SourceModel::tr("Status: %1").arg(s.status.isEmpty() ? u"(none)"_s : s.status);
    if (statusKind(s.status) == StatusKind::Syncing && s.updatedAt.isValid())
        tip += u'\n' + SourceModel::tr("Syncing since %1").arg(localTime(s.updatedAt));
    if (m.isInFlight(s.id))
        tip += u'\n' + SourceModel::tr("A resync of this source is running in this window.");
    return tip;
}

QVariant lastJobText(const SourceModel &, const Source &s)
{
    if (s.lastSyncJobId.isEmpty())
        return s.lastSyncStatus.isEmpty() ? u"—"_s : s.lastSyncStatus;
    if (s.lastSyncStatus.isEmpty())
        return shortId(s.lastSyncJobId);
    return QString(s.lastSyncStatus + u" · "_s + shortId(s.lastSyncJobId));
}

QVariant updatedToolTip(const SourceModel &, const Source &s)
{
    QString tip = SourceModel::tr("Updated: %1\nLast sync completed: %2")
                      .arg(localTime(s.updatedAt), s.lastSyncCompletedAt.isValid()
                                                       ? localTime(s.lastSyncCompletedAt)
                                                       : SourceModel::tr("never"));
    // Staleness as the server measured it (its clock against its own stamp), never ours.
    if (s.lastEventAt.isValid() && s.secondsSinceLastEvent)
        tip += u'\n'
               + SourceModel::tr("Last sync event: %1 (%2 before the server's answer)")
                     .arg(localTime(s.lastEventAt), humanDuration(*s.secondsSinceLastEvent));
    return tip;
}

QVariant syncingForText(const SourceModel &m, const Source &s)
{
    const std::optional<qint64> age = m.syncingForSeconds(s);
    if (age)
        return humanDuration(*age);
    // Syncing, but no server time to measure against yet (no Date header, no start stamp).
    return statusKind(s.status) == StatusKind::Syncing ? u"?"_s : QString();
}

QVariant syncingForToolTip(const SourceModel &m, const Source &s)
{
    if (statusKind(s.status) != StatusKind::Syncing)
        return {};
    const QDateTime started = m.syncStartedAt(s);
    const std::optional<qint64> age = m.syncingForSeconds(s);
    if (!age)
        return SourceModel::tr("Syncing since %1; the server's clock is not known yet, so the age "
                               "is not shown (server times are compared with server times only).")
            .arg(started.isValid() ? localTime(started) : SourceModel::tr("an unknown time"));
    QString tip = SourceModel::tr("Syncing for %1, since %2 (server time)")
                      .arg(humanDuration(*age), localTime(started));
    if (m.isStuck(s))
        tip += u'\n'
               + SourceModel::tr("Stuck: longer than this profile's threshold of %1.")
                     .arg(humanDuration(m.stuckAfterSeconds()));
    return tip;
}

constexpr std::array<Spec, SourceModel::ColumnCount> sourceColumns{{
    {.key = "connection_nickname",
     .header = QT_TRANSLATE_NOOP("feather::SourceModel", "Source"),
     .toolTip =
         QT_TRANSLATE_NOOP("feather::SourceModel",
                           "The connection's nickname, or the start of its id when it has none"),
     .width = 210,
     .display = [](const SourceModel &, const Source &s) -> QVariant {
         return s.connectionNickname.isEmpty() ? shortId(s.id) : s.connectionNickname;
     },
     .sortKey = [](const SourceModel &, const Source &s) -> QVariant {
         return s.connectionNickname;
     }},
    {.key = "provider",
     .header = QT_TRANSLATE_NOOP("feather::SourceModel", "Provider"),
     .toolTip =
         QT_TRANSLATE_NOOP("feather::SourceModel",
                           "The connector that feeds the knowledge base (Notion, Google Drive, S3, "
                           "URL …)"),
     .width = 100,
     .display = [](const SourceModel &, const Source &s) -> QVariant { return s.provider; },
     .sortKey = [](const SourceModel &, const Source &s) -> QVariant { return s.provider; }},
    {.key = "status",
     .header = QT_TRANSLATE_NOOP("feather::SourceModel", "Status"),
     .toolTip = QT_TRANSLATE_NOOP("feather::SourceModel",
                                  "Sync status of the source; ascending order puts errors first"),
     .width = 120,
     .display = [](const SourceModel &m, const Source &s) -> QVariant {
         // Server time against server time: no age while the server's clock is unknown.
         return statusText(s.status, m.syncStartedAt(s), m.serverNow().value_or(QDateTime()));
     },
     .sortKey = [](const SourceModel &, const Source &s) -> QVariant {
         return QString(statusRank(s.status) + s.status);
     },
     .exportText = [](const SourceModel &, const Source &s) { return s.status; },
     .cellToolTip = statusToolTip,
     .decoration = [](const SourceModel &m, const Source &s) -> QVariant {
         return m.isStuck(s) ? themedIcon(u"status-stuck"_s) : statusIcon(statusKind(s.status));
     },
     .foreground = [](const SourceModel &, const Source &s) -> QVariant {
         return statusColor(statusKind(s.status));
     }},
    {.key = "last_error_message",
     .header = QT_TRANSLATE_NOOP("feather::SourceModel", "Last error"),
     .toolTip = QT_TRANSLATE_NOOP("feather::SourceModel",
                                  "The error message of the last sync job, when it failed"),
     .width = 260,
     .display = [](const SourceModel &, const Source &s) -> QVariant {
         return s.lastErrorMessage.simplified();
     },
     .sortKey = [](const SourceModel &, const Source &s) -> QVariant { return s.lastErrorMessage; },
     .cellToolTip = [](const SourceModel &, const Source &s) -> QVariant {
         return s.lastErrorMessage;
     },
     .foreground = [](const SourceModel &, const Source &) -> QVariant {
         return statusColor(StatusKind::Error);
     }},
    {.key = "last_sync_job_id",
     .header = QT_TRANSLATE_NOOP("feather::SourceModel", "Last job"),
     .toolTip = QT_TRANSLATE_NOOP("feather::SourceModel",
                                  "Status and id of the last sync job; sorts by the job's status"),
     .width = 140,
     .display = lastJobText,
     .sortKey = [](const SourceModel &, const Source &s) -> QVariant { return s.lastSyncStatus; },
     .exportText = [](const SourceModel &, const Source &s) { return s.lastSyncJobId; },
     .cellToolTip = [](const SourceModel &, const Source &s) -> QVariant {
         return s.lastSyncJobId;
     }},
    {.key = "last_synced_at",
     .header = QT_TRANSLATE_NOOP("feather::SourceModel", "Last synced"),
     .toolTip =
         QT_TRANSLATE_NOOP("feather::SourceModel",
                           "When the last sync completed (local time), else when the source last "
                           "changed"),
     .width = 125,
     .display = [](const SourceModel &, const Source &s) -> QVariant {
         return localTime(lastSynced(s));
     },
     .sortKey = [](const SourceModel &, const Source &s) -> QVariant { return lastSynced(s); },
     .exportText = [](const SourceModel &, const Source &s) { return utcTime(lastSynced(s)); },
     .cellToolTip = updatedToolTip},
    {.key = "knowledge_base_name",
     .header = QT_TRANSLATE_NOOP("feather::SourceModel", "Knowledge base"),
     .toolTip =
         QT_TRANSLATE_NOOP("feather::SourceModel", "The knowledge base the source belongs to"),
     .width = 160,
     .display = [](const SourceModel &m, const Source &s) -> QVariant {
         const QString name = m.kbName(s.knowledgeBaseId);
         return name.isEmpty() ? shortId(s.knowledgeBaseId) : name;
     },
     .sortKey = [](const SourceModel &m, const Source &s) -> QVariant {
         return m.kbName(s.knowledgeBaseId);
     }},
    {.key = "id",
     .header = QT_TRANSLATE_NOOP("feather::SourceModel", "Source id"),
     .toolTip = QT_TRANSLATE_NOOP("feather::SourceModel", "The source's id (UUID)"),
     .width = 270,
     .hidden = true,
     .display = [](const SourceModel &, const Source &s) -> QVariant { return s.id; },
     .sortKey = [](const SourceModel &, const Source &s) -> QVariant { return s.id; }},
    {.key = "knowledge_base_id",
     .header = QT_TRANSLATE_NOOP("feather::SourceModel", "KB id"),
     .toolTip = QT_TRANSLATE_NOOP("feather::SourceModel", "The knowledge base's id (UUID)"),
     .width = 270,
     .hidden = true,
     .display = [](const SourceModel &, const Source &s) -> QVariant { return s.knowledgeBaseId; },
     .sortKey = [](const SourceModel &, const Source &s) -> QVariant { return s.knowledgeBaseId; }},
    {.key = "syncing_for_seconds",
     .header = QT_TRANSLATE_NOOP("feather::SourceModel", "Syncing for"),
     .toolTip = QT_TRANSLATE_NOOP("feather::SourceModel",
                                  "How long a running sync has run, on the server's clock; a "
                                  "warning icon marks syncs past the profile's stuck threshold"),
     .width = 100,
     .alignment = Qt::AlignRight | Qt::AlignVCenter,
     .display = syncingForText,
     // -1 when unknown (not syncing, or no server clock yet): sorts before every real age.
     .sortKey = [](const SourceModel &m, const Source &s) -> QVariant {
         const std::optional<qint64> age = m.syncingForSeconds(s);
         return age ? *age : qint64(-1);
     },
     .exportText =
         [](const SourceModel &m, const Source &s) {
             const std::optional<qint64> age = m.syncingForSeconds(s);
             return age ? QString::number(*age) : QString();
         },
     .cellToolTip = syncingForToolTip,
     .decoration = [](const SourceModel &m, const Source &s) -> QVariant {
         return m.isStuck(s) ? QVariant(themedIcon(u"status-stuck"_s)) : QVariant();
     },
     .foreground = [](const SourceModel &m, const Source &s) -> QVariant {
         return m.isStuck(s) ? QVariant(roleColor(ColourRole::Transient)) : QVariant();
     }},
}};
static_assert(isValidColumnTable(sourceColumns), "every column needs a key, a header, a display "
                                                 "and a sort key; keys are unique");
} // namespace

const std::array<SourceModel::Spec, SourceModel::ColumnCount> &SourceModel::columns()
{
    return sourceColumns;
}

} // namespace feather
