#include "devserver/jobsim.h"

#include "devserver/wire.h"

#include <QJsonArray>
#include <QUuid>
#include <array>

namespace feather::devserver {

namespace {

const QUuid kSimNamespace(QStringLiteral("3c1f6a0e-5a7b-4f1d-8e2c-9d4b7a6e1f20"));

QString simId(const SyncJob &job, const QString &what)
{
    return QUuid::createUuidV5(kSimNamespace, job.id + u'/' + what).toString(QUuid::WithoutBraces);
}

constexpr std::array<const char16_t *, 12> kTitles{
    u"Onboarding checklist", u"Refund policy",     u"Escalation matrix", u"Release notes",
    u"Pricing FAQ",          u"Security overview", u"API quickstart",    u"Incident runbook",
    u"Holiday calendar",     u"Brand guidelines",  u"Data retention",    u"Support macros"};

constexpr std::array<const char16_t *, 4> kDocumentErrors{
    u"Document is password-protected and cannot be read",
    u"Unsupported file type: application/x-msaccess",
    u"Extraction produced no text (scanned image without OCR)",
    u"Document exceeds the 50 MB size limit"};

constexpr std::array<const char16_t *, 4> kTasks{u"fetch", u"parse", u"chunk", u"embed"};

QString str(const char16_t *s)
{
    return QString::fromUtf16(s);
}

// Exactly `failed` of the first `finished` positions fail, spread evenly.
bool isFailedPosition(int i, int finished, int failed)
{
    if (failed <= 0 || finished <= 0)
        return false;
    return qint64(i + 1) * failed / finished > qint64(i) * failed / finished;
}

QDateTime between(const QDateTime &a, const QDateTime &b, qint64 num, qint64 den)
{
    if (!a.isValid() || !b.isValid() || den <= 0)
        return a;
    return a.addMSecs(a.msecsTo(b) * num / den);
}

} // namespace

JobCounts jobCounts(const SyncJob &job, const QDateTime &now, int syncSeconds)
{
    JobCounts c;
    c.total = job.totalDocuments;
    const int total = job.totalDocuments.value_or(0);
    c.completed = qBound(0, job.completed, total);
    c.failed = qBound(0, job.failed, total - c.completed);
    if (job.status == QLatin1String("processing") && job.startedAt.isValid() && total > 0) {
        // Progress grows with time, so a live refresh has something to show.
        const qint64 elapsedMs = qMax<qint64>(0, job.startedAt.msecsTo(now));
        const qint64 spanMs = qint64(syncSeconds) * 1000;
        const int remaining = total - c.completed - c.failed;
        const int done =
            spanMs <= 0 ? remaining : int(qMin<qint64>(remaining, remaining * elapsedMs / spanMs));
        c.completed += done;
        const int left = total - c.completed - c.failed;
        c.processing = qMin(left, 4);
        c.queued = left - c.processing;
    } else if (job.status == QLatin1String("queued")) {
        c.queued = total - c.completed - c.failed;
    } else if (job.status != QLatin1String("completed") && job.status != QLatin1String("failed")
               && job.status != QLatin1String("partial_failure")) {
        c.queued = total - c.completed - c.failed; // a status we do not simulate
    }
    if (job.status == QLatin1String("completed"))
        c.progressPct = 100.0;
    else if (total > 0)
        c.progressPct = qMin(100.0, 100.0 * (c.completed + c.failed) / total);
    return c;
}

int documentsWithLogs(const JobCounts &c)
{
    return c.completed + c.failed + c.processing;
}

QList<SimDocument> jobDocuments(const SyncJob &job, const JobCounts &c, int from, int count,
                                const QDateTime &now)
{
    QList<SimDocument> out;
    const int total = c.total.value_or(0);
    const int finished = c.completed + c.failed;
    const QDateTime start = job.startedAt.isValid() ? job.startedAt : job.createdAt;
    const QDateTime end = job.completedAt.isValid() ? job.completedAt : now;
    const quint32 seed = quint32(qHash(job.id, 0));
    for (int i = qMax(0, from); i < total && out.size() < count; ++i) {
        SimDocument d;
        d.index = i;
        d.documentId = simId(job, QStringLiteral("document/%1").arg(i));
        d.title =
            str(kTitles[(seed + quint32(i)) % kTitles.size()]) + QStringLiteral(" (%1)").arg(i + 1);
        d.segmentCount = 3 + int((seed / 7 + quint32(i) * 13) % 40);
        if (i < finished) {
            d.startedAt = between(start, end, i, finished);
            d.completedAt = between(start, end, i + 1, finished);
            if (isFailedPosition(i, finished, c.failed)) {
                d.status = QStringLiteral("failed");
                d.errorMessage = str(kDocumentErrors[(seed + quint32(i)) % kDocumentErrors.size()]);
            } else {
                d.status = QStringLiteral("completed");
                d.processedSegments = d.segmentCount;
            }
        } else if (i < finished + c.processing) {
            d.status = QStringLiteral("processing");
            d.startedAt = now.addSecs(-1 - (i - finished));
            d.processedSegments = d.segmentCount / 2;
        } else {
            d.status = QStringLiteral("queued");
        }
        out.append(d);
    }
    return out;
}

QJsonObject documentJson(const SimDocument &d)
{
    const bool running = d.status == QLatin1String("processing");
    const bool done = d.status == QLatin1String("completed");
    return QJsonObject{
        {QStringLiteral("document_id"), d.documentId},
        {QStringLiteral("version_id"), QJsonValue::Null},
        {QStringLiteral("status"), d.status},
        {QStringLiteral("processing_stage"),
         running ? QJsonValue(QStringLiteral("embedding")) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("duplicate_of_document_id"), QJsonValue::Null},
        {QStringLiteral("duplicate_of_version_id"), QJsonValue::Null},
        {QStringLiteral("title"), d.title},
        {QStringLiteral("error_message"),
         d.errorMessage.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(d.errorMessage)},
        {QStringLiteral("segment_count"),
         done || running ? QJsonValue(d.segmentCount) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("processed_segments"), d.processedSegments},
        {QStringLiteral("pii_status"),
         done ? QJsonValue(QStringLiteral("clean")) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("sensitivity"),
         done ? QJsonValue(QStringLiteral("internal")) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("pii_coverage_status"),
         done ? QJsonValue(QStringLiteral("full")) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("pii_detection_count"),
         done ? QJsonValue(0) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("started_at"), wireTime(d.startedAt)},
        {QStringLiteral("completed_at"), wireTime(d.completedAt)},
    };
}

QJsonObject logGroupJson(const SyncJob &job, const SimDocument &d)
{
    // Completed: every task; failed: up to the task that failed; processing: the finished
    // tasks and the one in progress. Task times split the document's time evenly.
    const int tasks = int(kTasks.size());
    int last = tasks - 1;
    if (d.status == QLatin1String("failed"))
        last = d.index % tasks;
    else if (d.status == QLatin1String("processing"))
        last = d.index % (tasks - 1) + 1;
    QJsonArray logs;
    for (int t = 0; t <= last; ++t) {
        const bool failedHere = d.status == QLatin1String("failed") && t == last;
        const bool running = d.status == QLatin1String("processing") && t == last;
        const QDateTime end = d.completedAt.isValid() ? d.completedAt : d.startedAt.addSecs(1);
        const QDateTime started = between(d.startedAt, end, t, last + 1);
        const QDateTime completed =
            running ? QDateTime() : between(d.startedAt, end, t + 1, last + 1);
        logs.append(QJsonObject{
            {QStringLiteral("id"), simId(job, QStringLiteral("log/%1/%2").arg(d.index).arg(t))},
            {QStringLiteral("document_id"), d.documentId},
            {QStringLiteral("task_name"), str(kTasks[size_t(t)])},
            {QStringLiteral("status"), failedHere ? QStringLiteral("failed")
                                       : running  ? QStringLiteral("processing")
                                                  : QStringLiteral("completed")},
            {QStringLiteral("input_summary"),
             QJsonObject{{QStringLiteral("document_index"), d.index}}},
            {QStringLiteral("output_summary"),
             running || failedHere
                 ? QJsonValue(QJsonValue::Null)
                 : QJsonValue(QJsonObject{{QStringLiteral("segments"), d.segmentCount}})},
            {QStringLiteral("error_message"),
             failedHere ? QJsonValue(d.errorMessage) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("duration_ms"),
             running ? QJsonValue(QJsonValue::Null)
                     : QJsonValue(int(qMax<qint64>(1, started.msecsTo(completed))))},
            {QStringLiteral("started_at"), wireTime(started)},
            {QStringLiteral("completed_at"), wireTime(completed)},
        });
    }
    return QJsonObject{
        {QStringLiteral("document_id"), d.documentId},
        {QStringLiteral("title"), d.title},
        {QStringLiteral("status"), d.status},
        {QStringLiteral("logs"), logs},
    };
}

} // namespace feather::devserver
