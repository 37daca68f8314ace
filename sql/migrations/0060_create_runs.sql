-- Migration: 0060_create_runs
-- Requires: 0050_create_seed_manifest
-- Purpose: Create kv2rel.runs, one row per data-migration run (kv2rel.migrate, kv2rel.retry_quarantined).
-- Revert: 0060_create_runs.revert.sql (drops the table; the run history is lost, the target rows stay)
-- Transaction: yes
--
-- A run moves the rows of one KV table, for one environment, into the relational tables. Its row holds the
-- parameters, the state (running until every batch committed; a killed run stays running and the next
-- kv2rel.migrate resumes it), the backend that works on it, the counts per outcome and a progress document that
-- a second connection can poll while the run is busy. Run ids are max + 1 under the migration lock, not a
-- sequence: a dry run must leave every sequence (and so a pg_dump) unchanged.

CREATE TABLE kv2rel.runs (
    run_id bigint NOT NULL,
    kind text NOT NULL DEFAULT 'migrate',
    kv_table text NOT NULL,
    env text NOT NULL,
    batch_size integer NOT NULL,
    dry_run boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'running',
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    heartbeat_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    backend_pid integer NOT NULL DEFAULT pg_backend_pid(),
    started_by text NOT NULL DEFAULT session_user,
    attempts integer NOT NULL DEFAULT 1,
    total bigint NOT NULL DEFAULT 0,
    migrated bigint NOT NULL DEFAULT 0,
    merged bigint NOT NULL DEFAULT 0,
    quarantined bigint NOT NULL DEFAULT 0,
    skipped bigint NOT NULL DEFAULT 0,
    progress jsonb NOT NULL DEFAULT '{}',
    error text,
    CONSTRAINT runs_pkey PRIMARY KEY (run_id),
    CONSTRAINT runs_run_id_positive_check CHECK (run_id > 0),
    CONSTRAINT runs_kind_check CHECK (kind IN ('migrate', 'retry')),
    CONSTRAINT runs_status_check CHECK (status IN ('running', 'completed', 'failed', 'rolled_back')),
    CONSTRAINT runs_batch_size_positive_check CHECK (batch_size BETWEEN 1 AND 1000000),
    CONSTRAINT runs_attempts_positive_check CHECK (attempts >= 1),
    CONSTRAINT runs_counts_non_negative_check CHECK (
        total >= 0 AND migrated >= 0 AND merged >= 0 AND quarantined >= 0 AND skipped >= 0
    ),
    CONSTRAINT runs_completed_accounts_for_every_key_check CHECK (
        status <> 'completed' OR total = migrated + merged + quarantined + skipped
    ),
    CONSTRAINT runs_completed_needs_finished_at_check CHECK (status <> 'completed' OR finished_at IS NOT NULL),
    CONSTRAINT runs_started_before_finished_check CHECK (finished_at IS NULL OR started_at <= finished_at),
    CONSTRAINT runs_progress_is_object_check CHECK (jsonb_typeof(progress) = 'object')
);

CREATE INDEX idx_runs_kv_table_env_status ON kv2rel.runs (kv_table, env, status);

COMMENT ON TABLE kv2rel.runs IS
'One row per data-migration run: parameters, state, counts per outcome and live progress (docs/migration.md). '
'A dry run inserts its row inside a transaction it rolls back, so it leaves no row.';
COMMENT ON COLUMN kv2rel.runs.run_id IS 'Run number: max(run_id) + 1 taken under the migration advisory lock.';
COMMENT ON COLUMN kv2rel.runs.kind IS
'migrate (kv2rel.migrate: every key of the table) or retry (kv2rel.retry_quarantined: quarantined keys only).';
COMMENT ON COLUMN kv2rel.runs.kv_table IS 'The KV table read (regclass text, e.g. public.kv_store_6fcaeea3).';
COMMENT ON COLUMN kv2rel.runs.env IS
'Environment migrated: keys of other environments are skipped (env_filter); keys without one are included.';
COMMENT ON COLUMN kv2rel.runs.batch_size IS 'Keys per batch; each batch is committed on its own.';
COMMENT ON COLUMN kv2rel.runs.dry_run IS 'TRUE only while a dry run is inside its (rolled back) transaction.';
COMMENT ON COLUMN kv2rel.runs.status IS
'running (working, or killed: the next kv2rel.migrate resumes it), completed, failed (the caller gave up; also '
'resumable) or rolled_back (undone by the scoped rollback of issue 6).';
COMMENT ON COLUMN kv2rel.runs.started_at IS 'When the run was planned.';
COMMENT ON COLUMN kv2rel.runs.finished_at IS 'When the last batch and the final accounting committed.';
COMMENT ON COLUMN kv2rel.runs.heartbeat_at IS 'Last commit of the run (each batch), for monitoring.';
COMMENT ON COLUMN kv2rel.runs.backend_pid IS 'Backend that works (or last worked) on the run.';
COMMENT ON COLUMN kv2rel.runs.started_by IS 'session_user that started the run.';
COMMENT ON COLUMN kv2rel.runs.attempts IS '1 + the number of times the run was resumed after an interruption.';
COMMENT ON COLUMN kv2rel.runs.total IS
'KV keys the run accounts for (every key of the table; retry: the retried keys).';
COMMENT ON COLUMN kv2rel.runs.migrated IS 'Keys whose record is in its target table (inserted, updated or unchanged).';
COMMENT ON COLUMN kv2rel.runs.merged IS 'Keys that are duplicates of a record migrated from another key.';
COMMENT ON COLUMN kv2rel.runs.quarantined IS 'Keys that could not be migrated (kv2rel.quarantine says why).';
COMMENT ON COLUMN kv2rel.runs.skipped IS
'Keys not migrated by rule (index, pointer, ephemeral, other environment, ...).';
COMMENT ON COLUMN kv2rel.runs.progress IS
'Live progress: batches_done, batches_total, keys_done, keys_total, entity of the last batch, rows_per_s, '
'phase (planning, batches, finishing, completed). Updated with every batch commit.';
COMMENT ON COLUMN kv2rel.runs.error IS 'Why the run failed, when status is failed.';
COMMENT ON CONSTRAINT runs_pkey ON kv2rel.runs IS 'One row per run.';
COMMENT ON CONSTRAINT runs_run_id_positive_check ON kv2rel.runs IS 'Run ids start at 1.';
COMMENT ON CONSTRAINT runs_kind_check ON kv2rel.runs IS 'kind is migrate or retry.';
COMMENT ON CONSTRAINT runs_status_check ON kv2rel.runs IS 'status is running, completed, failed or rolled_back.';
COMMENT ON CONSTRAINT runs_batch_size_positive_check ON kv2rel.runs IS 'Batches hold 1 to 1,000,000 keys.';
COMMENT ON CONSTRAINT runs_attempts_positive_check ON kv2rel.runs IS 'Every run has at least one attempt.';
COMMENT ON CONSTRAINT runs_counts_non_negative_check ON kv2rel.runs IS 'Counts are never negative.';
COMMENT ON CONSTRAINT runs_completed_accounts_for_every_key_check ON kv2rel.runs IS
'The accounting identity: a completed run has total = migrated + merged + quarantined + skipped.';
COMMENT ON CONSTRAINT runs_completed_needs_finished_at_check ON kv2rel.runs IS 'A completed run has its end time.';
COMMENT ON CONSTRAINT runs_started_before_finished_check ON kv2rel.runs IS 'A run ends after it starts.';
COMMENT ON CONSTRAINT runs_progress_is_object_check ON kv2rel.runs IS 'progress is a JSON object.';
COMMENT ON INDEX kv2rel.idx_runs_kv_table_env_status IS 'Finds the resumable run of a table and environment.';
