-- Revert: 0081_alter_run_changes_written_hash

ALTER TABLE kv2rel.run_changes
DROP COLUMN written_hash;
