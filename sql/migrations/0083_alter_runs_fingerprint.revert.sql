-- Revert: 0083_alter_runs_fingerprint

ALTER TABLE kv2rel.runs
DROP COLUMN fingerprint;
