#include "models/triagecollector.h"

#include "core/backend.h"
#include "core/continuation.h"

#include <QPointer>

namespace feather {

TriageCollector::TriageCollector(QObject *parent)
    : QObject(parent)
{}

TriageCollector::~TriageCollector() = default;

void TriageCollector::collect(Backend *backend, const QList<ErroredSource> &sources)
{
    ++m_generation;
    m_backend = backend;
    m_sources = sources;
    m_pending.clear();
    m_running = 0;
    m_failed = 0;
    m_done = 0;
    for (qsizetype i = 0; i < m_sources.size(); ++i) {
        if (m_sources.at(i).message.isEmpty() && m_backend)
            m_pending.append(i);
    }
    m_total = int(m_pending.size());
    m_collecting = true;
    if (m_pending.isEmpty()) {
        m_collecting = false;
        Q_EMIT finished();
        return;
    }
    Q_EMIT progress(0, m_total);
    for (int w = 0; w < kConcurrency && !m_pending.isEmpty(); ++w)
        next();
}

void TriageCollector::cancel()
{
    ++m_generation;
    m_pending.clear();
    m_collecting = false;
}

void TriageCollector::next()
{
    if (m_pending.isEmpty()) {
        if (m_running == 0 && m_collecting) {
            m_collecting = false;
            Q_EMIT finished();
        }
        return;
    }
    const qsizetype i = m_pending.takeFirst();
    ++m_running;
    const quint64 generation = m_generation;
    const ErroredSource &s = m_sources.at(i);
    continueOnFinished(m_backend->syncStatus(s.kbId, s.sourceId), this,
                       [this, generation, i](const SyncStatusResult &r) {
                           if (generation != m_generation)
                               return;
                           --m_running;
                           ++m_done;
                           if (r.ok()) {
                               m_sources[i].message = r.value.errorMessage;
                               if (r.value.lastSyncCompletedAt.isValid())
                                   m_sources[i].failedAt = r.value.lastSyncCompletedAt;
                           } else {
                               ++m_failed;
                           }
                           Q_EMIT progress(m_done, m_total);
                           next();
                       });
}

} // namespace feather
