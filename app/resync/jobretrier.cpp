#include "resync/jobretrier.h"

#include "core/continuation.h"
#include "resync/attemptsink.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace feather {

namespace {

TriggerResult rowFor(const JobRetryTarget &t)
{
    TriggerResult r;
    r.target.kbId = t.kbId;
    r.target.sourceId = t.sourceId;
    r.jobId = t.jobId;
    return r;
}

} // namespace

JobRetrier::JobRetrier(Backend *backend, AttemptSink *sink, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
    , m_sink(sink)
{}

JobRetrier::~JobRetrier() = default;

bool JobRetrier::start(const QList<JobRetryTarget> &targets, QString *why)
{
    if (m_running)
        return false;
    if (m_sink && !m_sink->prepare(why))
        return false;
    m_targets = targets;
    m_results.clear();
    m_next = 0;
    m_running = true;
    QMetaObject::invokeMethod(
        this, [this] { next(); }, Qt::QueuedConnection);
    return true;
}

void JobRetrier::record(const TriggerResult &r, bool intent, const QString &attemptId,
                        std::function<void()> then)
{
    if (!m_sink || m_backend->info().mode == BackendMode::Direct)
        return then();
    AttemptRecord rec;
    rec.kind = intent ? AttemptRecord::Kind::Intent : AttemptRecord::Kind::Outcome;
    rec.attemptId = attemptId;
    rec.attempt = r;
    m_sink->write(rec, [this, then = std::move(then)](const QString &error) {
        if (!error.isEmpty())
            return stop(u"the audit log could not be written: "_s + error);
        then();
    });
}

void JobRetrier::next()
{
    if (!m_running)
        return;
    if (m_next >= m_targets.size()) {
        m_running = false;
        Q_EMIT finished();
        return;
    }
    const JobRetryTarget target = m_targets.at(m_next++);
    const QString attemptId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    TriggerResult intent = rowFor(target);
    intent.outcome = Outcome::UnknownOutcome;
    intent.finishedAt = QDateTime::currentDateTimeUtc();
    record(intent, true, attemptId, [this, target, attemptId] {
        continueOnFinished(m_backend->retryJob(target), this, [this, attemptId](TriggerResult r) {
            if (!m_running)
                return;
            r.message = u"retry of job %1's failed items: "_s.arg(r.jobId) + r.message;
            m_results.append(r);
            record(r, false, attemptId, [this, r] {
                Q_EMIT rowFinished(r);
                next();
            });
        });
    });
}

void JobRetrier::stop(const QString &reason)
{
    if (!m_running)
        return;
    m_running = false;
    // Nothing more is sent: every target not yet answered ends as cancelled.
    for (qsizetype i = m_results.size(); i < m_targets.size(); ++i) {
        TriggerResult r = rowFor(m_targets.at(i));
        r.outcome = Outcome::Cancelled;
        r.attempts = 0;
        r.message = u"not sent: "_s + reason;
        r.finishedAt = QDateTime::currentDateTimeUtc();
        m_results.append(r);
        Q_EMIT rowFinished(r);
    }
    Q_EMIT stopped(reason);
    Q_EMIT finished();
}

} // namespace feather
