-- Function: kv2rel.reconcile_kv_sums
-- Purpose: the KV side of the fast reconciliation in one pass and without a join: does the KV table hold exactly
--          the row versions run p_run_id planned? Both sides are summed as a multiset of (key, row version):
--          the KV table now (key, xmin) and the run's ledger (run_items.key, kv_xmin: every key of the run, any
--          outcome). Equal counts and equal sums of the 64-bit hash_record_extended of each pair mean the same
--          pairs, up to hash collisions, and so the same values: a row version is never modified in place.
--          When they differ (a key added, deleted or updated since the run, a key planned before kv_xmin was
--          recorded, a run planned for some keys only), kv2rel.reconcile_fast pairs the keys one by one instead.
--          The ledger's figures come from kv2rel.run_ledger_sums (the run's seal when it has one: then only the
--          KV table is read), or from p_ledger, that function's result, when the caller has it already.
-- Usage (psql): SELECT * FROM kv2rel.reconcile_kv_sums(1);
-- requires: reconcile_run, reconcile_run_row, run_ledger_sums

DROP FUNCTION IF EXISTS kv2rel.reconcile_kv_sums(bigint);

CREATE OR REPLACE FUNCTION kv2rel.reconcile_kv_sums(
    p_run_id bigint DEFAULT NULL,
    p_ledger jsonb DEFAULT NULL
)
RETURNS TABLE (
    run_id bigint,
    kv_rows bigint,
    planned_rows bigint,
    unknown_rows bigint,
    kv_sum numeric,
    planned_sum numeric,
    agrees boolean
)
STABLE
SET search_path = pg_catalog, pg_temp
SET jit = off
-- A scan of the whole KV table: parallel workers pay off even where the default costs say no.
SET parallel_setup_cost = 10
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run bigint := kv2rel.reconcile_run(p_run_id);
    v_kv regclass;
    v_ledger jsonb;
BEGIN
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    v_kv := to_regclass((kv2rel.reconcile_run_row(v_run)).kv_table);
    run_id := v_run;
    EXECUTE format('SELECT count(*), coalesce(sum(pg_catalog.hash_record_extended(ROW(k.key, k.xmin), 0)), 0)'
                   ' FROM %s AS k', v_kv)
       INTO kv_rows, kv_sum;
    v_ledger := coalesce(p_ledger, kv2rel.run_ledger_sums(v_run)) -> 'kv';
    planned_rows := (v_ledger ->> 'rows')::bigint;
    unknown_rows := (v_ledger ->> 'unknown')::bigint;
    planned_sum := (v_ledger ->> 'sum')::numeric;
    agrees := kv_rows = planned_rows AND unknown_rows = 0 AND kv_sum = planned_sum;
    RETURN NEXT;
END
$function$;

COMMENT ON FUNCTION kv2rel.reconcile_kv_sums(bigint, jsonb) IS
'KV side of the fast reconciliation of run p_run_id (default: the latest completed migrate run) without a join: '
'count and sum of hash_record_extended((key, xmin)) over the KV table now vs over the run''s ledger (key, kv_xmin; '
'kv2rel.run_ledger_sums, or p_ledger); agrees when the KV table holds exactly the row versions the run planned (up '
'to hash collisions). No run: no row.';
