#pragma once

#include "triage/triage.h"

#include <QObject>

namespace feather {

class Backend;

// Gathers the last error of every errored source it is given (issue 15). A message the listing
// already carried (direct mode, or a listing with errors) is kept; the documented
// SourceResponse has none, so each source without one gets one documented read,
// GET …/sync/status (error_message), at most kConcurrency at a time — the same path as
// `featherctl triage`. A read that fails leaves the message empty: that source is then triaged
// as unknown, never dropped. Never blocks; a new collect() supersedes the one in progress.
class TriageCollector final : public QObject {
    Q_OBJECT
public:
    static constexpr int kConcurrency = 4;

    explicit TriageCollector(QObject *parent = nullptr);
    ~TriageCollector() override;
    Q_DISABLE_COPY_MOVE(TriageCollector)

    void collect(Backend *backend, const QList<ErroredSource> &sources);
    void cancel();
    bool isCollecting() const { return m_collecting; }
    const QList<ErroredSource> &result() const { return m_sources; }
    int readsFailed() const { return m_failed; }

Q_SIGNALS:
    void progress(int done, int total);
    void finished(); // result() is complete

private:
    void next();

    Backend *m_backend = nullptr;
    QList<ErroredSource> m_sources;
    QList<qsizetype> m_pending;
    int m_total = 0;
    int m_done = 0;
    int m_running = 0;
    int m_failed = 0;
    quint64 m_generation = 0; // answers of a superseded collect() are dropped
    bool m_collecting = false;
};

} // namespace feather
