-- Migration: 0089_create_trigger_run_changes_unseal
-- Requires: 0088_create_trigger_run_items_unseal
-- Purpose: Delete every run seal when a statement writes kv2rel.run_changes (INSERT, UPDATE, DELETE, TRUNCATE).
-- Revert: 0089_create_trigger_run_changes_unseal.revert.sql (drops the trigger; delete every kv2rel.run_seals row too)
-- Transaction: yes
--
-- Once per statement, not per row: a batch of 5,000 ledger rows costs one DELETE on kv2rel.run_seals.

CREATE TRIGGER run_changes_unseal
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kv2rel.run_changes
FOR EACH STATEMENT
EXECUTE FUNCTION kv2rel.run_seals_invalidate();

COMMENT ON TRIGGER run_changes_unseal ON kv2rel.run_changes IS
'Any write to kv2rel.run_changes deletes every run seal (kv2rel.run_seals_invalidate).';
