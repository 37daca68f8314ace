-- Migration: 0080_alter_runs_rollback
-- Requires: 0069_create_compiled_cache
-- Purpose: Record on kv2rel.runs when, by whom and with what result a run was rolled back (kv2rel.rollback).
-- Revert: 0080_alter_runs_rollback.revert.sql (drops the three columns and the check; statuses stay)
-- Transaction: yes
--
-- kv2rel.rollback (issue 6) undoes what one run wrote and marks the run rolled_back (a status value 0060 already
-- allows). The run's row, its outcomes (run_items), quarantine rows and change log (run_changes) are kept for
-- audit; these columns say when and by whom it was undone and what the rollback did, per table.

ALTER TABLE kv2rel.runs
ADD COLUMN rolled_back_at timestamptz,
ADD COLUMN rolled_back_by text,
ADD COLUMN rollback_summary jsonb,
ADD CONSTRAINT runs_rolled_back_needs_rolled_back_at_check CHECK (
    (status = 'rolled_back') = (rolled_back_at IS NOT NULL)
),
ADD CONSTRAINT runs_rollback_summary_is_object_check CHECK (jsonb_typeof(rollback_summary) = 'object');

COMMENT ON COLUMN kv2rel.runs.rolled_back_at IS
'When kv2rel.rollback undid the run (status rolled_back); NULL otherwise.';
COMMENT ON COLUMN kv2rel.runs.rolled_back_by IS 'session_user that rolled the run back.';
COMMENT ON COLUMN kv2rel.runs.rollback_summary IS
'What the rollback did: status the run had before, rows deleted and restored per target table, forced rows.';
COMMENT ON CONSTRAINT runs_rolled_back_needs_rolled_back_at_check ON kv2rel.runs IS
'Exactly the rolled back runs carry rolled_back_at.';
COMMENT ON CONSTRAINT runs_rollback_summary_is_object_check ON kv2rel.runs IS 'rollback_summary is a JSON object.';
