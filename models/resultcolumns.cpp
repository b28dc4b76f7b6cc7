// The results table's columns: one descriptor per ResultModel::Column, in order. The CSV export
// writes every one of them under its key.
#include "models/presentation.h"
#include "models/resultmodel.h"

using namespace Qt::StringLiterals;

namespace feather {

namespace {
using Spec = ResultModel::Spec;
constexpr Qt::Alignment numeric = Qt::AlignRight | Qt::AlignVCenter;

QVariant kbText(const ResultModel &, const ResultRow &row)
{
    return row.kbName.isEmpty() ? row.result.target.kbId : row.kbName;
}

QVariant sourceText(const ResultModel &, const ResultRow &row)
{
    return row.sourceName.isEmpty() ? row.result.target.sourceId : row.sourceName;
}

// The job this row started or found has ended, and not as completed.
bool jobFailed(const ResultRow &row)
{
    return isJobFinished(row.jobStatus) && row.jobStatus != QLatin1String("completed");
}

QString failureText(const ResultRow &row)
{
    switch (failureKind(row)) {
    case FailureKind::None:
        return {};
    case FailureKind::SameCause:
        return ResultModel::tr("Same cause again");
    case FailureKind::NewFailure:
        return ResultModel::tr("New failure");
    }
    return {};
}

QVariant outcomeText(const ResultModel &, const ResultRow &row)
{
    const TriggerResult &r = row.result;
    QString text =
        r.attempts > 1
            ? ResultModel::tr("%1 (attempt %2)").arg(displayName(r.outcome)).arg(r.attempts)
            : displayName(r.outcome);
    // How the job ended belongs next to the outcome: "Triggered" alone reads as success even
    // when the sync it started failed (the Status column, further right, has it too).
    if (!row.jobStatus.isEmpty() && isJobFinished(row.jobStatus))
        text = ResultModel::tr("%1 · job %2").arg(text, row.jobStatus);
    // A repeat of the error the source had before says "a resync will not fix this"; the
    // Failure column has it too, for sorting and the CSV.
    if (failureKind(row) == FailureKind::SameCause)
        text = ResultModel::tr("%1 · same cause again").arg(text);
    return text;
}

// The job's latest known status once polled, else what the trigger answered ("queued").
QVariant statusText(const ResultModel &, const ResultRow &row)
{
    return row.jobStatus.isEmpty() ? row.result.status : row.jobStatus;
}

QVariant durationText(const ResultModel &, const ResultRow &row)
{
    const qint64 ms = row.result.elapsedMs;
    if (ms < 1000)
        return ResultModel::tr("%1 ms").arg(ms);
    return ResultModel::tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

constexpr std::array<Spec, ResultModel::ColumnCount> resultColumns{{
    {.key = "finished_at",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "Time"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel", "When the attempt finished (local time)"),
     .width = 80,
     .display = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.finishedAt.toLocalTime().toString(u"HH:mm:ss"_s);
     },
     .sortKey = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.finishedAt;
     },
     .exportText =
         [](const ResultModel &, const ResultRow &row) {
             return row.result.finishedAt.toUTC().toString(Qt::ISODateWithMs);
         },
     .cellToolTip = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.finishedAt.toLocalTime().toString(Qt::ISODateWithMs);
     }},
    {.key = "kb_name",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "Knowledge base"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel", "The source's knowledge base"),
     .width = 140,
     .display = kbText,
     .sortKey = kbText,
     .exportText = [](const ResultModel &, const ResultRow &row) { return row.kbName; },
     .cellToolTip = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.target.kbId;
     }},
    {.key = "source_name",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "Source"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel", "The source that was resynced"),
     .width = 170,
     .display = sourceText,
     .sortKey = sourceText,
     .exportText = [](const ResultModel &, const ResultRow &row) { return row.sourceName; },
     .cellToolTip = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.target.sourceId;
     }},
    {.key = "outcome",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "Outcome"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel",
                                  "What this attempt achieved, and its number when retried"),
     .width = 210,
     .display = outcomeText,
     .sortKey = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return int(row.result.outcome);
     },
     .exportText = [](const ResultModel &,
                      const ResultRow &row) { return toString(row.result.outcome); },
     // Severity and retry class in words, so the cue never rests on colour alone.
     .cellToolTip = [](const ResultModel &, const ResultRow &row) -> QVariant {
         QString tip = outcomeDescription(row.result.outcome);
         if (!row.jobError.isEmpty())
             tip += u"\n"_s + ResultModel::tr("Job error: %1").arg(row.jobError);
         if (failureKind(row) == FailureKind::SameCause)
             tip += u"\n"_s
                    + ResultModel::tr("It failed this way before the resync too (%1): a resync "
                                      "does not fix this cause; see Triage.")
                          .arg(row.errorBefore);
         return tip;
     },
     .decoration = [](const ResultModel &, const ResultRow &row) -> QVariant {
         if (jobFailed(row))
             return statusIcon(StatusKind::Error);
         return outcomeIcon(row.result.outcome);
     },
     .foreground = [](const ResultModel &, const ResultRow &row) -> QVariant {
         if (jobFailed(row))
             return statusColor(StatusKind::Error);
         return outcomeColor(row.result.outcome);
     }},
    {.key = "job_id",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "Job id"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel",
                                  "The sync job started, or the one already running"),
     .width = 280,
     .display = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.jobId;
     },
     .sortKey = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.jobId;
     }},
    {.key = "status",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "Status"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel",
                                  "The job's status, or the source status that blocked it"),
     .width = 90,
     .display = statusText,
     .sortKey = statusText,
     .cellToolTip = [](const ResultModel &, const ResultRow &row) -> QVariant {
         if (row.jobStatus.isEmpty() || row.jobStatus == row.result.status)
             return {};
         return ResultModel::tr("The trigger answered \"%1\"; the job is now \"%2\"")
             .arg(row.result.status, row.jobStatus);
     }},
    {.key = "message",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "Message"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel", "The server's message, verbatim"),
     .width = 300,
     .display = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.message.simplified();
     },
     .sortKey = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.message;
     },
     .cellToolTip = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.message;
     }},
    {.key = "http_status",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "HTTP"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel",
                                  "The HTTP status of the answer (API mode; none in direct mode)"),
     .width = 50,
     .alignment = numeric,
     .display = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.httpStatus > 0 ? QString::number(row.result.httpStatus) : u"—"_s;
     },
     .sortKey = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.httpStatus;
     },
     .exportText =
         [](const ResultModel &, const ResultRow &row) {
             return row.result.httpStatus > 0 ? QString::number(row.result.httpStatus) : QString();
         }},
    {.key = "elapsed_ms",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "Duration"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel", "How long the attempt took"),
     .width = 70,
     .alignment = numeric,
     .display = durationText,
     .sortKey = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.elapsedMs;
     }},
    {.key = "kb_id",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "KB id"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel", "The knowledge base's id (UUID)"),
     .width = 270,
     .hidden = true,
     .display = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.target.kbId;
     },
     .sortKey = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.target.kbId;
     }},
    {.key = "source_id",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "Source id"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel", "The source's id (UUID)"),
     .width = 270,
     .hidden = true,
     .display = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.target.sourceId;
     },
     .sortKey = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.target.sourceId;
     }},
    {.key = "attempts",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "Attempts"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel", "How many times this source was tried"),
     .width = 70,
     .alignment = numeric,
     .hidden = true,
     .display = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.attempts;
     },
     .sortKey = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.result.attempts;
     }},
    {.key = "job_error",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "Job error"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel",
                                  "Why the job failed, verbatim, once it has ended"),
     .width = 240,
     .display = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.jobError.simplified();
     },
     .sortKey = [](const ResultModel &, const ResultRow &row) -> QVariant { return row.jobError; },
     .cellToolTip = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.jobError.isEmpty() ? QVariant() : QVariant(row.jobError);
     }},
    {.key = "completed_at",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "Job ended"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel",
                                  "When the job completed or failed (server time, shown local)"),
     .width = 80,
     .display = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.jobCompletedAt.isValid()
                    ? row.jobCompletedAt.toLocalTime().toString(u"HH:mm:ss"_s)
                    : QString();
     },
     .sortKey = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.jobCompletedAt;
     },
     .exportText =
         [](const ResultModel &, const ResultRow &row) {
             return row.jobCompletedAt.isValid()
                        ? row.jobCompletedAt.toUTC().toString(Qt::ISODateWithMs)
                        : QString();
         },
     .cellToolTip = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return row.jobCompletedAt.isValid()
                    ? QVariant(row.jobCompletedAt.toLocalTime().toString(Qt::ISODateWithMs))
                    : QVariant();
     }},
    {.key = "run",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "Run"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel",
                                  "Which resync run of this window the row belongs to"),
     .width = 45,
     .alignment = numeric,
     .display = [](const ResultModel &, const ResultRow &row) -> QVariant { return row.run; },
     .sortKey = [](const ResultModel &, const ResultRow &row) -> QVariant { return row.run; }},
    {.key = "failure",
     .header = QT_TRANSLATE_NOOP("feather::ResultModel", "Failure"),
     .toolTip = QT_TRANSLATE_NOOP("feather::ResultModel",
                                  "Whether a failed job failed the way the source failed before "
                                  "the resync (a resync does not fix it) or in a new way"),
     .width = 120,
     .display = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return failureText(row);
     },
     .sortKey = [](const ResultModel &, const ResultRow &row) -> QVariant {
         return int(failureKind(row));
     },
     .exportText =
         [](const ResultModel &, const ResultRow &row) {
             switch (failureKind(row)) {
             case FailureKind::None:
                 return QString();
             case FailureKind::SameCause:
                 return u"same_cause"_s;
             case FailureKind::NewFailure:
                 return u"new_failure"_s;
             }
             return QString();
         },
     .cellToolTip = [](const ResultModel &, const ResultRow &row) -> QVariant {
         if (failureKind(row) == FailureKind::None)
             return {};
         return row.errorBefore.isEmpty()
                    ? ResultModel::tr("The source had no error before the resync")
                    : ResultModel::tr("Before the resync: %1").arg(row.errorBefore);
     },
     .decoration = [](const ResultModel &, const ResultRow &row) -> QVariant {
         if (failureKind(row) == FailureKind::None)
             return {};
         return statusIcon(StatusKind::Error);
     },
     .foreground = [](const ResultModel &, const ResultRow &row) -> QVariant {
         if (failureKind(row) == FailureKind::None)
             return {};
         return statusColor(StatusKind::Error);
     }},
}};
static_assert(isValidColumnTable(resultColumns), "every column needs a key, a header, a display "
                                                 "and a sort key; keys are unique");
} // namespace

const std::array<ResultModel::Spec, ResultModel::ColumnCount> &ResultModel::columns()
{
    return resultColumns;
}

} // namespace feather
