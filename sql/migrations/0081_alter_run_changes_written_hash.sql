-- Migration: 0081_alter_run_changes_written_hash
-- Requires: 0080_alter_runs_rollback
-- Purpose: Add kv2rel.run_changes.written_hash, a hash of the row as the run wrote it, so a rollback sees later edits.
-- Revert: 0081_alter_run_changes_written_hash.revert.sql (drops the column; rollback can no longer see later edits)
-- Transaction: yes
--
-- The scoped rollback (kv2rel.rollback) must not silently overwrite or delete a row that someone changed after the
-- run wrote it. The write statements record hash_record_extended(row, 0) of the row they stored (RETURNING, so
-- after defaults and triggers); the rollback compares it with the current row. The hash is computed from the
-- values with each type's hash function: independent of TimeZone, DateStyle or client encoding, equal for equal
-- values. NULL when it could not be computed (a column type without a hash function) or for rows logged before
-- this migration: such rows are not checked.

ALTER TABLE kv2rel.run_changes
ADD COLUMN written_hash bigint;

COMMENT ON COLUMN kv2rel.run_changes.written_hash IS
'hash_record_extended(row, 0) of the row as the run stored it; kv2rel.rollback compares it with the current row to '
'find later edits. NULL: not checked (rows logged before 0081, or a column type without a hash function).';
