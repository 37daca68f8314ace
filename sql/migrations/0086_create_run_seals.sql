-- Migration: 0086_create_run_seals
-- Requires: 0085_alter_idx_products_catalog_active_covering
-- Purpose: Create kv2rel.run_seals, the sums of a completed run's ledger, taken when the run completed.
-- Revert: 0086_create_run_seals.revert.sql (drops the table; the fast reconciliation then sums the ledger each time)
-- Transaction: yes
--
-- kv2rel.migrate_finish stores kv2rel.run_ledger_sums(run) here (kv2rel.seal_run): the counts and 64-bit hash sums
-- of the run's ledger (run_items, run_changes) that the fast reconciliation compares with the KV and target tables.
-- With a seal, kv2rel.reconcile reads the KV and target tables but not the ledger (two scans of about 1M rows at
-- 1M records). A seal holds only while the ledger is as it was sealed: any statement that writes run_items or
-- run_changes deletes every seal (migrations 0087–0089), so the reconciliation then sums the ledger as it is.

CREATE TABLE kv2rel.run_seals (
    run_id bigint NOT NULL,
    sealed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    sums jsonb NOT NULL,
    CONSTRAINT run_seals_pkey PRIMARY KEY (run_id),
    CONSTRAINT run_seals_run_id_fkey FOREIGN KEY (run_id) REFERENCES kv2rel.runs (run_id) ON DELETE CASCADE,
    CONSTRAINT run_seals_sums_shape_check CHECK (
        jsonb_typeof(sums) = 'object' AND sums ?& ARRAY['kv', 'items', 'writes', 'split']
    )
);

COMMENT ON TABLE kv2rel.run_seals IS
'The sums of a completed run''s ledger (kv2rel.run_ledger_sums), taken when it completed (kv2rel.seal_run). '
'The fast reconciliation uses them instead of summing the ledger again. Deleted, all of them, by any statement '
'that writes kv2rel.run_items or kv2rel.run_changes.';
COMMENT ON COLUMN kv2rel.run_seals.run_id IS 'The sealed run.';
COMMENT ON COLUMN kv2rel.run_seals.sealed_at IS 'When the seal was taken (the run''s completion).';
COMMENT ON COLUMN kv2rel.run_seals.sums IS
'kv2rel.run_ledger_sums(run_id) at sealing: kv (rows, unknown, sum), items, writes and split (see that function).';
COMMENT ON CONSTRAINT run_seals_pkey ON kv2rel.run_seals IS 'One seal per run.';
COMMENT ON CONSTRAINT run_seals_run_id_fkey ON kv2rel.run_seals IS 'A seal belongs to a run (CASCADE).';
COMMENT ON CONSTRAINT run_seals_sums_shape_check ON kv2rel.run_seals IS
'sums is an object with the four parts kv2rel.run_ledger_sums returns.';
