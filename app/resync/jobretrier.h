#pragma once

#include "core/backend.h"

#include <QObject>

namespace feather {

class AttemptSink;

// "Retry failed items" of one or more ingestion jobs (POST …/ingestion-jobs/{job_id}/retry),
// one job after the other, with the resync engine's audit contract: each request has an
// Intent committed through the AttemptSink before it is sent and its Outcome after; a failed
// audit write stops the run (nothing more is sent, the rest end as cancelled). Direct mode
// refuses every retry (the schema has no job items) and so writes no rows. Used by featherctl
// retry-job and the console alike, so both say and record the same.
class JobRetrier final : public QObject {
    Q_OBJECT
public:
    JobRetrier(Backend *backend, AttemptSink *sink, QObject *parent = nullptr);
    ~JobRetrier() override;
    Q_DISABLE_COPY_MOVE(JobRetrier)

    // Starts the run; false (and *why) when the sink refuses to prepare (nothing is sent).
    bool start(const QList<JobRetryTarget> &targets, QString *why);
    bool isRunning() const { return m_running; }
    const QList<TriggerResult> &results() const { return m_results; }

Q_SIGNALS:
    void rowFinished(const feather::TriggerResult &result);
    void stopped(const QString &reason); // an audit write failed
    void finished();

private:
    void next();
    void record(const TriggerResult &r, bool intent, const QString &attemptId,
                std::function<void()> then);
    void stop(const QString &reason);

    Backend *m_backend;
    AttemptSink *m_sink;
    QList<JobRetryTarget> m_targets;
    QList<TriggerResult> m_results;
    qsizetype m_next = 0;
    bool m_running = false;
};

} // namespace feather
