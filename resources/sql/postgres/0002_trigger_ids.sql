-- Version 2 (PostgreSQL): what the console's guarded trigger adds to the API schema.
--  * trigger_id: client-generated UUID, one job per trigger, so a retried trigger (same id)
--    never creates a second job and an unknown outcome can be reconciled by looking it up.
--  * triggered_by: the operator identity ("user@host") that started the job.
--  * At most one running connector sync per source, as defence in depth behind the guarded
--    UPDATE: a writer that bypasses the guard fails with 23505 instead of starting a twin job.

ALTER TABLE ingestion_jobs ADD COLUMN IF NOT EXISTS trigger_id uuid;
ALTER TABLE ingestion_jobs ADD COLUMN IF NOT EXISTS triggered_by text;

CREATE UNIQUE INDEX IF NOT EXISTS ingestion_jobs_trigger_id_key
    ON ingestion_jobs (trigger_id);
CREATE UNIQUE INDEX IF NOT EXISTS ingestion_jobs_one_running_sync
    ON ingestion_jobs (knowledge_base_source_id)
    WHERE job_type = 'connector_sync' AND status IN ('queued', 'processing');
