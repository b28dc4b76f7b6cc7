// DirectStore's job history of one source (the source details pane): the rows that name it in
// ingestion_jobs.knowledge_base_source_id, newest first.
#include "direct/directstore.h"
#include "direct/directstore_p.h"

using namespace Qt::StringLiterals;

namespace feather {

using direct::Retry;
using direct::Rows;

Result<QList<SyncJob>> DirectStore::sourceJobs(const QString &kbId, const QString &sourceId,
                                               int limit)
{
    using R = Result<QList<SyncJob>>;
    // Reads the source first: a source that does not exist is NotFound, not "no jobs".
    const SourceResult source = this->source(kbId, sourceId);
    if (!source.ok())
        return R{{}, source.error};
    const Rows rows = d->session.exec(
        direct::kJobSelect
            + u" WHERE knowledge_base_source_id = :source AND knowledge_base_id = :kb"
              " ORDER BY created_at DESC, id DESC LIMIT :limit"_s,
        {{u":source"_s, source.value.id},
         {u":kb"_s, source.value.knowledgeBaseId},
         {u":limit"_s, qMax(1, limit)}},
        Retry::Safe);
    if (!rows.ok())
        return direct::failure<QList<SyncJob>>(rows.error, m_config);
    QList<SyncJob> out;
    out.reserve(rows.rows.size());
    for (const QSqlRecord &r : rows.rows)
        out.append(direct::jobFromRecord(r));
    return R::success(out);
}

} // namespace feather
