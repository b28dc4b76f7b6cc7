#include "models/handoff.h"

#include "core/json.h"
#include "models/resultmodel.h"

#include <QUrl>

namespace feather {

namespace {

// Builds both forms line by line.
class Builder {
    Q_DECLARE_TR_FUNCTIONS(feather::Handoff)
public:
    explicit Builder(const QString &title)
    {
        m_text.plain = title + u'\n';
        m_text.markdown = QStringLiteral("**") + escaped(title) + QStringLiteral("**\n\n");
    }
    void add(const QString &label, const QString &value, bool code = false)
    {
        if (value.trimmed().isEmpty())
            return;
        m_text.plain += label + QStringLiteral(": ") + value + u'\n';
        m_text.markdown += QStringLiteral("- ") + escaped(label) + QStringLiteral(": ")
                           + (code ? codeSpan(value) : escaped(value)) + u'\n';
    }
    void addTime(const QString &label, const QDateTime &t)
    {
        if (t.isValid())
            add(label, json::formatTime(t));
    }
    HandoffText text() const { return m_text; }

    static QString escaped(QString s)
    {
        // Line breaks in server text would end the bullet: keep every fact on its line.
        s.replace(u'\n', u' ');
        QString out;
        for (const QChar c : std::as_const(s)) {
            if (QStringLiteral("\\`*_{}[]<>()#+-.!|").contains(c))
                out += u'\\';
            out += c;
        }
        return out;
    }
    static QString codeSpan(const QString &s)
    {
        QString v = s;
        v.replace(u'`', u'\'');
        return u'`' + v + u'`';
    }

private:
    HandoffText m_text;
};

void addContext(Builder &b, const HandoffContext &c)
{
    b.add(Builder::tr("Profile"), c.environment.isEmpty()
                                      ? c.profile
                                      : c.profile + QStringLiteral(" (") + c.environment + u')');
    b.add(Builder::tr("Target"), c.target);
}

QString counter(const std::optional<int> &v)
{
    return v ? QString::number(*v) : QString();
}

} // namespace

void HandoffText::append(const HandoffText &other)
{
    if (!plain.isEmpty()) {
        plain += u'\n';
        markdown += u'\n';
    }
    plain += other.plain;
    markdown += other.markdown;
}

HandoffText sourceSummary(const Source &s, const std::optional<SyncStatus> &status,
                          const HandoffContext &context)
{
    const QString name = s.connectionNickname.isEmpty() ? s.id : s.connectionNickname;
    Builder b(Builder::tr("Feather source %1").arg(name));
    b.add(Builder::tr("Source id"), s.id, true);
    b.add(Builder::tr("Knowledge base"), context.kbName);
    b.add(Builder::tr("Knowledge base id"), s.knowledgeBaseId, true);
    b.add(Builder::tr("Provider"), s.provider);
    b.add(Builder::tr("Status"), status ? status->sourceStatus : s.status);
    const QString lastJob =
        status && !status->lastSyncJobId.isEmpty() ? status->lastSyncJobId : s.lastSyncJobId;
    b.add(Builder::tr("Last job"), lastJob, true);
    b.add(Builder::tr("Last job status"), status ? status->lastSyncStatus : s.lastSyncStatus);
    if (status) {
        b.addTime(Builder::tr("Last sync started"), status->lastSyncStartedAt);
        b.addTime(Builder::tr("Last sync completed"), status->lastSyncCompletedAt);
        if (status->totalItems || status->processedCount)
            b.add(Builder::tr("Progress"),
                  Builder::tr("%1 of %2 items processed")
                      .arg(counter(status->processedCount), counter(status->totalItems)));
    } else {
        b.addTime(Builder::tr("Last sync completed"), s.lastSyncCompletedAt);
    }
    b.add(Builder::tr("Error"),
          status && !status->errorMessage.isEmpty() ? status->errorMessage : s.lastErrorMessage);
    b.add(Builder::tr("Auto sync"),
          s.autoSyncEnabled && s.syncIntervalSeconds
              ? Builder::tr("every %1 s").arg(*s.syncIntervalSeconds)
              : (s.autoSyncEnabled ? Builder::tr("on") : Builder::tr("off")));
    b.addTime(Builder::tr("Next sync"), s.nextSyncAt);
    addContext(b, context);
    return b.text();
}

HandoffText jobSummary(const JobHistoryEntry &e, const QString &sourceName,
                       const HandoffContext &context)
{
    const SyncJob &j = e.job;
    Builder b(Builder::tr("Feather ingestion job %1").arg(j.id));
    b.add(Builder::tr("Job id"), j.id, true);
    b.add(Builder::tr("Source"), sourceName);
    if (e.match == JobMatch::Inferred)
        b.add(Builder::tr("Tied to the source"), e.matchReason);
    b.add(Builder::tr("Knowledge base"), context.kbName);
    b.add(Builder::tr("Knowledge base id"), j.knowledgeBaseId, true);
    b.add(Builder::tr("Type"), j.jobType);
    b.add(Builder::tr("Status"), j.status);
    b.addTime(Builder::tr("Created"), j.createdAt);
    b.addTime(Builder::tr("Started"), j.startedAt);
    b.addTime(Builder::tr("Ended"), j.completedAt);
    QStringList progress;
    if (j.totalDocuments)
        progress << Builder::tr("%1 documents").arg(*j.totalDocuments);
    if (e.processedCount)
        progress << Builder::tr("%1 processed").arg(*e.processedCount);
    if (e.failedDocuments)
        progress << Builder::tr("%1 failed").arg(*e.failedDocuments);
    progress << QStringLiteral("%1%").arg(j.progressPct, 0, 'f', 0);
    b.add(Builder::tr("Progress"), progress.join(QStringLiteral(", ")));
    b.add(Builder::tr("Error"), j.errorMessage);
    addContext(b, context);
    return b.text();
}

HandoffText resultSummary(const ResultRow &row, const HandoffContext &context)
{
    const TriggerResult &r = row.result;
    Builder b(Builder::tr("Feather resync of %1")
                  .arg(row.sourceName.isEmpty() ? r.target.sourceId : row.sourceName));
    b.add(Builder::tr("Source id"), r.target.sourceId, true);
    b.add(Builder::tr("Knowledge base"), row.kbName);
    b.add(Builder::tr("Knowledge base id"), r.target.kbId, true);
    b.add(Builder::tr("Outcome"), displayName(r.outcome));
    b.add(Builder::tr("Job"), r.jobId, true);
    b.add(Builder::tr("Status"), r.status);
    b.add(Builder::tr("Job status"), row.jobStatus);
    b.add(Builder::tr("Message"), r.message);
    b.add(Builder::tr("Job error"), row.jobError);
    if (r.httpStatus)
        b.add(Builder::tr("HTTP status"), QString::number(r.httpStatus));
    b.addTime(Builder::tr("Finished"), r.finishedAt);
    b.addTime(Builder::tr("Job ended"), row.jobCompletedAt);
    addContext(b, context);
    return b.text();
}

QString webConsoleLink(const QString &urlTemplate, const QString &kbId, const QString &sourceId,
                       const QString &jobId)
{
    if (urlTemplate.trimmed().isEmpty())
        return {};
    QString link = urlTemplate.trimmed();
    const auto put = [&link](const QString &name, const QString &value) {
        link.replace(u'{' + name + u'}', QString::fromLatin1(QUrl::toPercentEncoding(value)));
    };
    put(QStringLiteral("kb_id"), kbId);
    put(QStringLiteral("source_id"), sourceId);
    put(QStringLiteral("job_id"), jobId);
    const QUrl url(link, QUrl::StrictMode);
    if (!url.isValid()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
        || url.host().isEmpty())
        return {};
    return url.toString(QUrl::FullyEncoded);
}

} // namespace feather
