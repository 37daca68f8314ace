-- Revert: 0080_alter_runs_rollback

ALTER TABLE kv2rel.runs
DROP CONSTRAINT runs_rollback_summary_is_object_check,
DROP CONSTRAINT runs_rolled_back_needs_rolled_back_at_check,
DROP COLUMN rollback_summary,
DROP COLUMN rolled_back_by,
DROP COLUMN rolled_back_at;
