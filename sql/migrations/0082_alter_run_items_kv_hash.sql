-- Migration: 0082_alter_run_items_kv_hash
-- Requires: 0081_alter_run_changes_written_hash
-- Purpose: Add kv2rel.run_items.kv_hash and kv_xmin: the KV value's hash and row version when the run was planned.
-- Revert: 0082_alter_run_items_kv_hash.revert.sql (drops the columns; kv2rel.reconcile then replays every mapping)
-- Transaction: yes
--
-- kv2rel.migrate_start stores jsonb_hash_extended(value, 0) and the row's xmin for every key it plans. The fast
-- reconciliation (kv2rel.reconcile_fast) compares them with the KV row now: a row whose xmin is unchanged is the
-- very row version the run planned (its value is not even read); a row with another xmin has its value hashed
-- and compared with kv_hash. The hash follows jsonb equality (key order and white space never matter; 1 and 1.0
-- are equal). NULL for keys planned before this migration: such keys are always re-mapped.

ALTER TABLE kv2rel.run_items
ADD COLUMN kv_hash bigint,
ADD COLUMN kv_xmin xid;

COMMENT ON COLUMN kv2rel.run_items.kv_hash IS
'jsonb_hash_extended(value, 0) of the key''s KV value when the run was planned; kv2rel.reconcile compares it with '
'the value now. NULL: unknown (keys planned before 0082), the key is always re-mapped.';
COMMENT ON COLUMN kv2rel.run_items.kv_xmin IS
'xmin of the key''s KV row when the run was planned: the same xmin now means the same row version (the value is '
'not re-read); another xmin means kv_hash decides.';
