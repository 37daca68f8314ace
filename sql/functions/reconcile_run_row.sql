-- Function: kv2rel.reconcile_run_row
-- Purpose: the ledger row of run p_run_id for a reconciliation that reads its KV table: the run must exist
--          (K2701, also for NULL) and its KV table still be there (K2702). Shared by kv2rel.reconcile_fast,
--          kv2rel.reconcile_expected and kv2rel.reconcile_kv_sums.
-- Usage (psql): SELECT (kv2rel.reconcile_run_row(1)).kv_table;

CREATE OR REPLACE FUNCTION kv2rel.reconcile_run_row(
    p_run_id bigint
)
RETURNS kv2rel.runs
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run kv2rel.runs;
BEGIN
    SELECT r.* INTO v_run FROM kv2rel.runs AS r WHERE r.run_id = p_run_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no migration run %', coalesce(p_run_id::text, 'NULL')
            USING ERRCODE = 'K2701', HINT = 'Runs are listed in kv2rel.runs; pass NULL for the latest completed run.';
    END IF;
    IF to_regclass(v_run.kv_table) IS NULL THEN
        RAISE EXCEPTION 'the KV table % of run % does not exist any more', v_run.kv_table, p_run_id
            USING ERRCODE = 'K2702',
                  HINT = 'Reconciliation reads the KV rows; restore the KV table first (the migration never '
                         'modifies it).';
    END IF;
    RETURN v_run;
END
$function$;

COMMENT ON FUNCTION kv2rel.reconcile_run_row(bigint) IS
'The kv2rel.runs row of run p_run_id for a reconciliation: K2701 when there is no such run (or NULL), K2702 when '
'its KV table no longer exists.';
