-- Feather direct-mode schema, version 1 (SQLite, the embedded default). Same tables and
-- columns as the PostgreSQL files: ids are canonical lower-case UUID text, booleans 0/1, and
-- times UTC text 'YYYY-MM-DDTHH:MM:SS.mmmZ' (fixed width, so text order is time order).
-- Statements end with a semicolon at the end of a line (the migration runner splits there).

CREATE TABLE IF NOT EXISTS knowledge_bases (
    id              TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT,
    name            TEXT NOT NULL,
    description     TEXT,
    is_active       INTEGER NOT NULL DEFAULT 1,
    document_count  INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- No UNIQUE index may include `status` (see the PostgreSQL file and reliability.md §1.3).
CREATE TABLE IF NOT EXISTS knowledge_base_sources (
    id                    TEXT PRIMARY KEY NOT NULL,
    knowledge_base_id     TEXT NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
    provider              TEXT NOT NULL,
    connection_nickname   TEXT,
    status                TEXT NOT NULL DEFAULT 'active',
    last_sync_job_id      TEXT,
    auto_sync_enabled     INTEGER NOT NULL DEFAULT 0,
    sync_interval_seconds INTEGER CHECK (sync_interval_seconds IS NULL OR sync_interval_seconds >= 1),
    next_sync_at          TEXT,
    last_auto_sync_at     TEXT,
    created_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE IF NOT EXISTS ingestion_jobs (
    id                       TEXT PRIMARY KEY NOT NULL,
    job_type                 TEXT NOT NULL DEFAULT 'connector_sync',
    status                   TEXT NOT NULL,
    knowledge_base_id        TEXT NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
    knowledge_base_source_id TEXT REFERENCES knowledge_base_sources (id) ON DELETE CASCADE,
    error_message            TEXT,
    total_documents          INTEGER,
    completed_documents      INTEGER NOT NULL DEFAULT 0,
    failed_documents         INTEGER NOT NULL DEFAULT 0,
    created_at               TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at               TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    started_at               TEXT,
    completed_at             TEXT
);

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
