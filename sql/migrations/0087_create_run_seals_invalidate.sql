-- Migration: 0087_create_run_seals_invalidate
-- Requires: 0086_create_run_seals
-- Purpose: Create the statement trigger function that deletes every run seal when the run ledger is written.
-- Revert: 0087_create_run_seals_invalidate.revert.sql (drops the function; revert 0088 and 0089 first)
-- Transaction: yes
--
-- A function for a trigger, so it is created here, before the triggers of 0088 and 0089, and not among the
-- re-runnable definitions of sql/functions (applied after every migration).

CREATE FUNCTION kv2rel.run_seals_invalidate()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- Every seal, not only the seal of the runs written: a write by one run can change what another run's
    -- reconciliation sees (latest writes), and this way the trigger needs no transition tables.
    DELETE FROM kv2rel.run_seals;
    RETURN NULL;
END;
$$;

COMMENT ON FUNCTION kv2rel.run_seals_invalidate() IS
'AFTER … FOR EACH STATEMENT trigger of kv2rel.run_items and kv2rel.run_changes: deletes every row of '
'kv2rel.run_seals, so that a seal never outlives the ledger it summed.';
