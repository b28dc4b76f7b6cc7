// The history table's columns: one descriptor per HistoryModel::Column, in order. Keys are the
// field names of `featherctl --json history`.
#include "core/json.h"
#include "models/historymodel.h"
#include "models/presentation.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace feather {

namespace {
using Spec = HistoryModel::Spec;

QVariant named(const HistoryModel &m, const QString &id)
{
    const QString name = m.nameOf(id);
    return name.isEmpty() ? id.left(8) : name;
}

bool knownOutcome(const AuditEntry &e)
{
    return outcomeFromString(e.outcomeName).has_value();
}

// A text column that shows, sorts and exports one field as it is.
template <QString AuditEntry::*field>
constexpr Spec::Value plain =
    [](const HistoryModel &, const AuditEntry &e) -> QVariant { return e.*field; };

constexpr std::array<Spec, HistoryModel::ColumnCount> historyColumns{{
    {.key = "time",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "Time"),
     .toolTip =
         QT_TRANSLATE_NOOP("feather::HistoryModel", "When the attempt finished (local time)"),
     .width = 150,
     .display = [](const HistoryModel &, const AuditEntry &e) -> QVariant {
         return e.at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
     },
     .sortKey = [](const HistoryModel &, const AuditEntry &e) -> QVariant { return e.at; },
     .exportText = [](const HistoryModel &,
                      const AuditEntry &e) { return json::formatTime(e.at); }},
    {.key = "operator",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "Operator"),
     .toolTip = QT_TRANSLATE_NOOP("feather::HistoryModel", "Who ran the resync"),
     .width = 110,
     .display = plain<&AuditEntry::operatorName>,
     .sortKey = plain<&AuditEntry::operatorName>},
    {.key = "profile",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "Profile"),
     .toolTip = QT_TRANSLATE_NOOP("feather::HistoryModel", "The connection profile it ran under"),
     .width = 140,
     .display = plain<&AuditEntry::profile>,
     .sortKey = plain<&AuditEntry::profile>},
    {.key = "mode",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "Mode"),
     .toolTip = QT_TRANSLATE_NOOP("feather::HistoryModel",
                                  "API: through the Feather API; direct: through the database"),
     .width = 60,
     .display = [](const HistoryModel &, const AuditEntry &e) -> QVariant {
         return e.mode == BackendMode::Api ? HistoryModel::tr("API") : HistoryModel::tr("direct");
     },
     .sortKey = [](const HistoryModel &, const AuditEntry &e) -> QVariant {
         return e.mode == BackendMode::Api ? u"api"_s : u"direct"_s;
     }},
    {.key = "kb_id",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "KB"),
     .toolTip =
         QT_TRANSLATE_NOOP("feather::HistoryModel", "The knowledge base (its id in the tooltip)"),
     .width = 140,
     .display = [](const HistoryModel &m, const AuditEntry &e) { return named(m, e.kbId); },
     .sortKey = plain<&AuditEntry::kbId>,
     .cellToolTip = plain<&AuditEntry::kbId>},
    {.key = "source_id",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "Source"),
     .toolTip = QT_TRANSLATE_NOOP("feather::HistoryModel", "The source (its id in the tooltip)"),
     .width = 170,
     .display = [](const HistoryModel &m, const AuditEntry &e) { return named(m, e.sourceId); },
     .sortKey = plain<&AuditEntry::sourceId>,
     .cellToolTip = plain<&AuditEntry::sourceId>},
    {.key = "outcome",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "Outcome"),
     .toolTip = QT_TRANSLATE_NOOP("feather::HistoryModel", "What the attempt achieved"),
     .width = 150,
     .display = [](const HistoryModel &, const AuditEntry &e) -> QVariant {
         // A schedule change that the server applied started no sync: say what it was.
         if (e.kind == AuditKind::Schedule && e.outcome == Outcome::Triggered)
             return HistoryModel::tr("Schedule changed");
         // A name this build does not know is shown verbatim, never dropped.
         return knownOutcome(e) ? displayName(e.outcome) : e.outcomeName;
     },
     .sortKey = plain<&AuditEntry::outcomeName>,
     .decoration = [](const HistoryModel &, const AuditEntry &e) -> QVariant {
         return knownOutcome(e) ? QVariant(outcomeIcon(e.outcome)) : QVariant();
     },
     .foreground = [](const HistoryModel &, const AuditEntry &e) -> QVariant {
         return knownOutcome(e) ? QVariant(outcomeColor(e.outcome)) : QVariant();
     }},
    {.key = "job_id",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "Job id"),
     .toolTip = QT_TRANSLATE_NOOP("feather::HistoryModel", "The sync job started or found running"),
     .width = 270,
     .display = plain<&AuditEntry::jobId>,
     .sortKey = plain<&AuditEntry::jobId>},
    {.key = "status",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "Status"),
     .toolTip = QT_TRANSLATE_NOOP("feather::HistoryModel", "The job's or the source's status"),
     .display = plain<&AuditEntry::status>,
     .sortKey = plain<&AuditEntry::status>},
    {.key = "message",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "Message"),
     .toolTip = QT_TRANSLATE_NOOP("feather::HistoryModel", "The server's message, verbatim"),
     .width = 260,
     .display = [](const HistoryModel &, const AuditEntry &e) -> QVariant {
         return e.message.simplified();
     },
     .sortKey = plain<&AuditEntry::message>,
     .cellToolTip = plain<&AuditEntry::message>},
    {.key = "http_status",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "HTTP"),
     .toolTip =
         QT_TRANSLATE_NOOP("feather::HistoryModel", "The HTTP status of the answer (API mode)"),
     .display = [](const HistoryModel &, const AuditEntry &e) -> QVariant {
         return e.httpStatus > 0 ? QString::number(e.httpStatus) : u"—"_s;
     },
     .sortKey = [](const HistoryModel &, const AuditEntry &e) -> QVariant { return e.httpStatus; },
     .exportText =
         [](const HistoryModel &, const AuditEntry &e) {
             return e.httpStatus > 0 ? QString::number(e.httpStatus) : QString();
         }},
    {.key = "attempt",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "Attempt"),
     .toolTip = QT_TRANSLATE_NOOP("feather::HistoryModel", "The attempt's number for that source"),
     .display = [](const HistoryModel &, const AuditEntry &e) -> QVariant { return e.attempt; },
     .sortKey = [](const HistoryModel &, const AuditEntry &e) -> QVariant { return e.attempt; }},
    {.key = "job_status",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "Job result"),
     .toolTip = QT_TRANSLATE_NOOP("feather::HistoryModel",
                                  "How the job ended (completed, failed, partial_failure), once "
                                  "the console saw it end"),
     .width = 110,
     .display = plain<&AuditEntry::jobStatus>,
     .sortKey = plain<&AuditEntry::jobStatus>},
    {.key = "job_error",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "Job error"),
     .toolTip = QT_TRANSLATE_NOOP("feather::HistoryModel", "Why the job failed, verbatim"),
     .width = 240,
     .display = [](const HistoryModel &, const AuditEntry &e) -> QVariant {
         return e.jobError.simplified();
     },
     .sortKey = plain<&AuditEntry::jobError>,
     .cellToolTip = plain<&AuditEntry::jobError>},
    {.key = "job_completed_at",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "Job ended"),
     .toolTip = QT_TRANSLATE_NOOP("feather::HistoryModel", "When the job ended (local time)"),
     .width = 140,
     .display = [](const HistoryModel &, const AuditEntry &e) -> QVariant {
         return e.jobCompletedAt.isValid()
                    ? QLocale().toString(e.jobCompletedAt.toLocalTime(), QLocale::ShortFormat)
                    : QString();
     },
     .sortKey = [](const HistoryModel &, const AuditEntry &e) -> QVariant {
         return e.jobCompletedAt;
     },
     .exportText =
         [](const HistoryModel &, const AuditEntry &e) {
             return e.jobCompletedAt.isValid() ? e.jobCompletedAt.toString(Qt::ISODateWithMs)
                                               : QString();
         }},
    {.key = "machine",
     .header = QT_TRANSLATE_NOOP("feather::HistoryModel", "Machine"),
     .toolTip = QT_TRANSLATE_NOOP("feather::HistoryModel",
                                  "The computer the resync ran on (a team log has several)"),
     .width = 110,
     .display = plain<&AuditEntry::machine>,
     .sortKey = plain<&AuditEntry::machine>},
}};
static_assert(isValidColumnTable(historyColumns), "every column needs a key, a header, a display "
                                                  "and a sort key; keys are unique");
} // namespace

const std::array<HistoryModel::Spec, HistoryModel::ColumnCount> &HistoryModel::columns()
{
    return historyColumns;
}

} // namespace feather
