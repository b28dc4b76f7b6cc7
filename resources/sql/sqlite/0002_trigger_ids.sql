-- Version 2 (SQLite): trigger_id (one job per client trigger, makes retries safe),
-- triggered_by (operator identity) and at most one running connector sync per source.
-- SQLite cannot add a UNIQUE column, so uniqueness comes from an index, as on PostgreSQL.

ALTER TABLE ingestion_jobs ADD COLUMN trigger_id TEXT;
ALTER TABLE ingestion_jobs ADD COLUMN triggered_by TEXT;

CREATE UNIQUE INDEX IF NOT EXISTS ingestion_jobs_trigger_id_key
    ON ingestion_jobs (trigger_id);
CREATE UNIQUE INDEX IF NOT EXISTS ingestion_jobs_one_running_sync
    ON ingestion_jobs (knowledge_base_source_id)
    WHERE job_type = 'connector_sync' AND status IN ('queued', 'processing');
