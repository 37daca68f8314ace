-- Migration: 0083_alter_runs_fingerprint
-- Requires: 0082_alter_run_items_kv_hash
-- Purpose: Add kv2rel.runs.fingerprint, kv2rel.migrate_fingerprint of the KV table when the run was planned.
-- Revert: 0083_alter_runs_fingerprint.revert.sql (drops the column; kv2rel.reconcile then replays every mapping)
-- Transaction: yes
--
-- The fingerprint covers the mapping rules, the kv2rel function bodies and the target and KV table definitions.
-- The fast reconciliation trusts a run's rows only while the fingerprint is unchanged; otherwise it re-maps every
-- record (kv2rel.reconcile falls back to deep). NULL for runs planned before this migration.

ALTER TABLE kv2rel.runs
ADD COLUMN fingerprint text;

ALTER TABLE kv2rel.runs
ADD CONSTRAINT runs_fingerprint_format_check CHECK (fingerprint ~ '^[0-9a-f]{32}$');

COMMENT ON COLUMN kv2rel.runs.fingerprint IS
'kv2rel.migrate_fingerprint(kv_table) when the run was planned: the rules its mapping used. kv2rel.reconcile '
'compares it with the fingerprint now. NULL: unknown (runs planned before 0083).';
COMMENT ON CONSTRAINT runs_fingerprint_format_check ON kv2rel.runs IS 'A fingerprint is an md5 in hex.';
