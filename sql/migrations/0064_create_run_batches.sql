-- Migration: 0064_create_run_batches
-- Requires: 0063_create_run_changes
-- Purpose: Create kv2rel.run_batches, the batches of a run in dependency order: the checkpoints a resume starts from.
-- Revert: 0064_create_run_batches.revert.sql (drops the table; unfinished runs can no longer be resumed)
-- Transaction: yes
--
-- Batches hold the keys the plan migrates, one entity per batch, entities in dependency order (parents first),
-- keys in byte order (COLLATE "C") within an entity. A batch is done when its transaction commits (target rows,
-- run_items, quarantine, run_changes and this row together), so a killed run resumes at the first pending batch.

CREATE TABLE kv2rel.run_batches (
    run_id bigint NOT NULL,
    batch_no integer NOT NULL,
    entity text NOT NULL,
    target_table text NOT NULL,
    first_key text NOT NULL,
    last_key text NOT NULL,
    keys integer NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    migrated integer,
    quarantined integer,
    inserted integer,
    updated integer,
    row_by_row boolean,
    finished_at timestamptz,
    duration_ms numeric(12, 3),
    timings jsonb,
    CONSTRAINT run_batches_pkey PRIMARY KEY (run_id, batch_no),
    CONSTRAINT run_batches_run_id_fkey FOREIGN KEY (run_id) REFERENCES kv2rel.runs (run_id) ON DELETE CASCADE,
    CONSTRAINT run_batches_batch_no_positive_check CHECK (batch_no >= 1),
    CONSTRAINT run_batches_keys_positive_check CHECK (keys >= 1),
    CONSTRAINT run_batches_status_check CHECK (status IN ('pending', 'done')),
    CONSTRAINT run_batches_done_needs_counts_check CHECK (
        status = 'pending' OR (migrated IS NOT NULL AND quarantined IS NOT NULL AND finished_at IS NOT NULL)
    ),
    CONSTRAINT run_batches_counts_le_keys_check CHECK (migrated + quarantined <= keys)
);

CREATE INDEX idx_run_batches_pending ON kv2rel.run_batches (run_id, batch_no) WHERE status = 'pending';

COMMENT ON TABLE kv2rel.run_batches IS
'Batches of a run (keys the plan migrates), in dependency order; status done commits with the batch''s writes, so '
'a killed run resumes at the first pending batch.';
COMMENT ON COLUMN kv2rel.run_batches.run_id IS 'The run.';
COMMENT ON COLUMN kv2rel.run_batches.batch_no IS 'Position in the run, 1 first; parents'' entities come first.';
COMMENT ON COLUMN kv2rel.run_batches.entity IS 'The one entity whose keys the batch holds.';
COMMENT ON COLUMN kv2rel.run_batches.target_table IS 'Target table of that entity.';
COMMENT ON COLUMN kv2rel.run_batches.first_key IS 'First key of the batch (byte order).';
COMMENT ON COLUMN kv2rel.run_batches.last_key IS 'Last key of the batch (byte order).';
COMMENT ON COLUMN kv2rel.run_batches.keys IS 'Number of keys in the batch.';
COMMENT ON COLUMN kv2rel.run_batches.status IS 'pending or done (committed).';
COMMENT ON COLUMN kv2rel.run_batches.migrated IS 'Keys of the batch migrated.';
COMMENT ON COLUMN kv2rel.run_batches.quarantined IS 'Keys of the batch quarantined (checks, orphans, conflicts).';
COMMENT ON COLUMN kv2rel.run_batches.inserted IS 'Target rows inserted.';
COMMENT ON COLUMN kv2rel.run_batches.updated IS 'Target rows updated (changed values).';
COMMENT ON COLUMN kv2rel.run_batches.row_by_row IS
'TRUE when the set-based write failed and the batch was written row by row (each row in a subtransaction).';
COMMENT ON COLUMN kv2rel.run_batches.finished_at IS 'When the batch committed.';
COMMENT ON COLUMN kv2rel.run_batches.duration_ms IS 'Time spent on the batch, in milliseconds.';
COMMENT ON COLUMN kv2rel.run_batches.timings IS
'Milliseconds per step of the batch: compile_ms (first batch of an entity in a session), stage_ms, derive_ms, '
'check_ms (rules and repairs), write_ms (upsert and change log), account_ms.';
COMMENT ON CONSTRAINT run_batches_pkey ON kv2rel.run_batches IS 'Batch numbers are unique within a run.';
COMMENT ON CONSTRAINT run_batches_run_id_fkey ON kv2rel.run_batches IS 'Batches belong to a run (CASCADE).';
COMMENT ON CONSTRAINT run_batches_batch_no_positive_check ON kv2rel.run_batches IS 'Batches are numbered from 1.';
COMMENT ON CONSTRAINT run_batches_keys_positive_check ON kv2rel.run_batches IS 'A batch holds at least one key.';
COMMENT ON CONSTRAINT run_batches_status_check ON kv2rel.run_batches IS 'status is pending or done.';
COMMENT ON CONSTRAINT run_batches_done_needs_counts_check ON kv2rel.run_batches IS 'A done batch has its counts.';
COMMENT ON CONSTRAINT run_batches_counts_le_keys_check ON kv2rel.run_batches IS
'A batch cannot account for more keys than it holds.';
COMMENT ON INDEX kv2rel.idx_run_batches_pending IS 'Finds the next pending batch of a run.';
