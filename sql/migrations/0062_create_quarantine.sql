-- Migration: 0062_create_quarantine
-- Requires: 0061_create_run_items
-- Purpose: Create kv2rel.quarantine, every KV key a run could not migrate, with the field, value and the reason.
-- Revert: 0062_create_quarantine.revert.sql (drops the table; re-run the migration to rebuild it)
-- Transaction: yes
--
-- A quarantined key never stops its batch: it gets a row here (and outcome quarantined in kv2rel.run_items)
-- naming the field and offending value, a reason code (kv2rel.reason_codes), a message, and for records the
-- database refused the SQLSTATE and the constraint. kv2rel.retry_quarantined re-drives unresolved rows after a
-- DBA fixed the KV row or a rule; it stamps retried_at, and resolved_at when the retry no longer quarantines.

CREATE TABLE kv2rel.quarantine (
    run_id bigint NOT NULL,
    key text NOT NULL,
    entity text,
    field text,
    offending_value jsonb,
    reason_code text NOT NULL,
    message text NOT NULL,
    sqlstate text,
    constraint_name text,
    created_at timestamptz NOT NULL DEFAULT now(),
    retried_at timestamptz,
    retry_run_id bigint,
    resolved_at timestamptz,
    CONSTRAINT quarantine_pkey PRIMARY KEY (run_id, key),
    CONSTRAINT quarantine_run_id_key_fkey FOREIGN KEY (run_id, key)
    REFERENCES kv2rel.run_items (run_id, key) ON DELETE CASCADE,
    CONSTRAINT quarantine_retry_run_id_fkey FOREIGN KEY (retry_run_id)
    REFERENCES kv2rel.runs (run_id) ON DELETE SET NULL,
    CONSTRAINT quarantine_reason_code_format_check CHECK (reason_code ~ '^[a-z][a-z0-9_]*$'),
    CONSTRAINT quarantine_sqlstate_format_check CHECK (sqlstate ~ '^[0-9A-Z]{5}$'),
    CONSTRAINT quarantine_resolved_needs_retried_check CHECK (resolved_at IS NULL OR retried_at IS NOT NULL)
);

CREATE INDEX idx_quarantine_unresolved ON kv2rel.quarantine (key, run_id) WHERE resolved_at IS NULL;
CREATE INDEX idx_quarantine_retry_run_id ON kv2rel.quarantine (retry_run_id) WHERE retry_run_id IS NOT NULL;

COMMENT ON TABLE kv2rel.quarantine IS
'KV keys a run could not migrate: key, field, offending value, reason code, message, and the SQLSTATE and '
'constraint when the database refused the row. Re-driven by kv2rel.retry_quarantined.';
COMMENT ON COLUMN kv2rel.quarantine.run_id IS 'The run that quarantined the key.';
COMMENT ON COLUMN kv2rel.quarantine.key IS 'The KV key.';
COMMENT ON COLUMN kv2rel.quarantine.entity IS 'Entity of the key; NULL for keys no rule matches.';
COMMENT ON COLUMN kv2rel.quarantine.field IS 'Target column (or source field) at fault; NULL when the whole value is.';
COMMENT ON COLUMN kv2rel.quarantine.offending_value IS
'The offending value as JSON: the field''s value, the missing parent''s legacy id, or the whole value when it is '
'not an object.';
COMMENT ON COLUMN kv2rel.quarantine.reason_code IS 'Reason code (kv2rel.reason_codes), e.g. orphan_site, bad_enum.';
COMMENT ON COLUMN kv2rel.quarantine.message IS 'What is wrong, in words, naming the field, value or missing parent.';
COMMENT ON COLUMN kv2rel.quarantine.sqlstate IS 'SQLSTATE the row would raise (23503, 23505, 23514, ...), if any.';
COMMENT ON COLUMN kv2rel.quarantine.constraint_name IS 'The constraint the row violates, if any.';
COMMENT ON COLUMN kv2rel.quarantine.created_at IS 'When the key was quarantined (its batch or the plan).';
COMMENT ON COLUMN kv2rel.quarantine.retried_at IS 'When kv2rel.retry_quarantined last re-drove the key.';
COMMENT ON COLUMN kv2rel.quarantine.retry_run_id IS 'The retry run that last re-drove the key.';
COMMENT ON COLUMN kv2rel.quarantine.resolved_at IS 'When a retry migrated, merged or skipped the key instead.';
COMMENT ON CONSTRAINT quarantine_pkey ON kv2rel.quarantine IS 'One quarantine row per key per run.';
COMMENT ON CONSTRAINT quarantine_run_id_key_fkey ON kv2rel.quarantine IS
'Every quarantine row is the detail of a run item with outcome quarantined; deleted with it.';
COMMENT ON CONSTRAINT quarantine_retry_run_id_fkey ON kv2rel.quarantine IS
'The retry run, forgotten (SET NULL) if that run''s history is deleted.';
COMMENT ON CONSTRAINT quarantine_reason_code_format_check ON kv2rel.quarantine IS 'Reason codes are snake_case words.';
COMMENT ON CONSTRAINT quarantine_sqlstate_format_check ON kv2rel.quarantine IS 'A SQLSTATE is five characters.';
COMMENT ON CONSTRAINT quarantine_resolved_needs_retried_check ON kv2rel.quarantine IS
'Only a retry resolves a quarantined key.';
COMMENT ON INDEX kv2rel.idx_quarantine_unresolved IS 'Finds the unresolved quarantine rows of a key (retries).';
COMMENT ON INDEX kv2rel.idx_quarantine_retry_run_id IS 'Serves the retry_run_id foreign key.';
