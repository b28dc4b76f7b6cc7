-- Feather direct-mode schema, version 1 (PostgreSQL): the three tables the Feather API server
-- itself keeps. IF NOT EXISTS lets a console adopt a database the API server created already.
-- Statements end with a semicolon at the end of a line (the migration runner splits there).

CREATE TABLE IF NOT EXISTS knowledge_bases (
    id              uuid PRIMARY KEY,
    organization_id uuid,
    name            text NOT NULL,
    description     text,
    is_active       boolean NOT NULL DEFAULT true,
    document_count  integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Statuses are free strings (active | syncing | error | anything the server invents).
-- Lock strength (docs/reliability.md §1.3): no UNIQUE index may ever include `status`. The
-- guarded trigger updates status; touching a column of a unique index would make that UPDATE
-- take FOR UPDATE instead of FOR NO KEY UPDATE, which conflicts with the FOR KEY SHARE lock an
-- ingestion_jobs INSERT takes through its foreign key, and brings back lock-upgrade deadlocks.
CREATE TABLE IF NOT EXISTS knowledge_base_sources (
    id                    uuid PRIMARY KEY,
    knowledge_base_id     uuid NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
    provider              text NOT NULL,
    connection_nickname   text,
    status                text NOT NULL DEFAULT 'active',
    -- No foreign key: the trigger points the source at its new job before inserting the job.
    last_sync_job_id      uuid,
    auto_sync_enabled     boolean NOT NULL DEFAULT false,
    sync_interval_seconds integer CHECK (sync_interval_seconds IS NULL OR sync_interval_seconds >= 1),
    next_sync_at          timestamptz,
    last_auto_sync_at     timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS ingestion_jobs (
    id                       uuid PRIMARY KEY,
    job_type                 text NOT NULL DEFAULT 'connector_sync',
    status                   text NOT NULL,
    knowledge_base_id        uuid NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
    knowledge_base_source_id uuid REFERENCES knowledge_base_sources (id) ON DELETE CASCADE,
    error_message            text,
    total_documents          integer,
    completed_documents      integer NOT NULL DEFAULT 0,
    failed_documents         integer NOT NULL DEFAULT 0,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    started_at               timestamptz,
    completed_at             timestamptz
);

-- Listing: sources of some KBs (keyset by id), optionally filtered by status.
CREATE INDEX IF NOT EXISTS knowledge_base_sources_kb_idx
    ON knowledge_base_sources (knowledge_base_id, id);
CREATE INDEX IF NOT EXISTS knowledge_base_sources_status_idx
    ON knowledge_base_sources (status, id);
CREATE INDEX IF NOT EXISTS ingestion_jobs_source_idx
    ON ingestion_jobs (knowledge_base_source_id, created_at);
CREATE INDEX IF NOT EXISTS ingestion_jobs_kb_status_idx
    ON ingestion_jobs (knowledge_base_id, status);
CREATE INDEX IF NOT EXISTS ingestion_jobs_status_idx
    ON ingestion_jobs (status, started_at);
