-- Function: kv2rel.seal_run
-- Purpose: seal run p_run_id: store the sums of its ledger as they are now (kv2rel.run_ledger_sums(run, false))
--          in kv2rel.run_seals, so that the fast reconciliation reads the KV and target tables but not the ledger.
--          Called by kv2rel.migrate_finish as the run completes, after its last write to the ledger. Any later
--          statement that writes kv2rel.run_items or kv2rel.run_changes deletes the seal again (trigger).
-- Usage (psql): SELECT kv2rel.seal_run(1);
-- requires: run_ledger_sums

CREATE OR REPLACE FUNCTION kv2rel.seal_run(
    p_run_id bigint
)
RETURNS timestamptz
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_sums jsonb := kv2rel.run_ledger_sums(p_run_id, false);
    v_at timestamptz;
BEGIN
    IF v_sums IS NULL THEN
        RAISE EXCEPTION 'run % does not exist', coalesce(p_run_id::text, 'NULL')
            USING ERRCODE = 'K2701', HINT = 'kv2rel.runs lists the runs (kv2rel runs).';
    END IF;
    INSERT INTO kv2rel.run_seals AS s (run_id, sums)
    VALUES (p_run_id, v_sums)
    ON CONFLICT ON CONSTRAINT run_seals_pkey DO UPDATE SET sums = excluded.sums, sealed_at = clock_timestamp()
    RETURNING s.sealed_at INTO v_at;
    RETURN v_at;
END
$function$;

COMMENT ON FUNCTION kv2rel.seal_run(bigint) IS
'Store the sums of run p_run_id''s ledger now (kv2rel.run_ledger_sums) in kv2rel.run_seals; returns when. Called '
'by kv2rel.migrate_finish; a later write to the ledger deletes the seal. K2701 for an unknown run.';
