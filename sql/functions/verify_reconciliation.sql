-- Function: kv2rel.verify_reconciliation
-- Purpose: kv2rel verify's full-reconciliation assertions: for the latest completed migrate run, one assertion per
--          entity and target table of kv2rel.reconcile: every row the run migrated equals its KV record after
--          mapping (by the hash chain; re-mapped by migrate's compiled statements when the session setting
--          kv2rel.reconcile_deep is on, as kv2rel verify --deep sets it), nothing is missing and no unaccounted
--          row carries a legacy id. Diagnostics: the counts, both hashes, the method and the first differing keys
--          and fields. First, when the run is sealed (kv2rel.run_seals), one assertion that its seal equals its
--          ledger summed now (kv2rel.run_ledger_sums(run, false)): the fast reconciliation relies on the seal.
-- Usage (psql): SELECT * FROM kv2rel.verify_reconciliation();
-- requires: reconcile, reconcile_diff, reconcile_run, run_ledger_sums
--
-- No completed migrate run (an empty database): one passing assertion saying so.

CREATE OR REPLACE FUNCTION kv2rel.verify_reconciliation()
RETURNS SETOF kv2rel.assertion
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run bigint := kv2rel.reconcile_run(NULL);
    v_row record;
    v_ok boolean;
    v_seal jsonb;
    v_ledger jsonb;
    -- kv2rel verify --deep sets kv2rel.reconcile_deep = on: every record re-mapped instead of the hash chain.
    v_deep boolean := coalesce(current_setting('kv2rel.reconcile_deep', TRUE), '') IN ('on', 'true', '1');
BEGIN
    IF v_run IS NULL THEN
        RETURN NEXT ROW(TRUE, 'full reconciliation: no completed migration run to reconcile', NULL)::kv2rel.assertion;
        RETURN;
    END IF;
    SELECT s.sums INTO v_seal FROM kv2rel.run_seals AS s WHERE s.run_id = v_run;
    IF FOUND THEN
        v_ledger := kv2rel.run_ledger_sums(v_run, false);
        RETURN NEXT ROW(
            v_seal = v_ledger,
            format('the seal of run %s equals its ledger (kv2rel.run_seals, kv2rel.run_ledger_sums)', v_run),
            CASE WHEN v_seal <> v_ledger THEN format(
                'parts that differ: %s (sealed kv %s, ledger kv %s). The seal was changed, or the ledger was '
                'written with its triggers bypassed; SELECT kv2rel.seal_run(%s) reseals it from the ledger as it is',
                array_to_string(ARRAY(SELECT u.part FROM unnest(ARRAY['kv', 'items', 'writes', 'split']) AS u (part)
                                       WHERE v_seal -> u.part IS DISTINCT FROM v_ledger -> u.part), ', '),
                v_seal -> 'kv', v_ledger -> 'kv', v_run) END
        )::kv2rel.assertion;
    END IF;
    FOR v_row IN SELECT r.* FROM kv2rel.reconcile(v_run, v_deep) AS r LOOP
        v_ok := v_row.consistency_pct = 100 AND v_row.expected_hash = v_row.actual_hash;
        RETURN NEXT ROW(
            v_ok,
            format('%s rows of %s equal their KV records after mapping (run %s)', v_row.target_table,
                   v_row.entity, v_run),
            CASE WHEN NOT v_ok THEN format('%s%% consistent: %s expected, %s actual, %s matched, %s differing, %s missing, %s unmapped,'
                   ' %s extra; hash %s expected, %s actual (method %s)', v_row.consistency_pct, v_row.expected_rows,
                   v_row.actual_rows, v_row.matched_rows, v_row.differing_rows, v_row.missing_rows,
                   v_row.unmapped_rows, v_row.extra_rows, v_row.expected_hash, v_row.actual_hash, v_row.method)
            || coalesce(E'\n' || (
                   SELECT string_agg(p.line, E'\n' ORDER BY p.ord)
                     FROM (SELECT row_number() OVER (ORDER BY q.key COLLATE "C" NULLS LAST, q.id) AS ord,
                                  CASE q.kind
                                      WHEN 'differs' THEN format('%s %s (id %s): differs in %s', q.kind, q.key, q.id,
                                                                 (SELECT string_agg(format('%s expected %s, actual %s',
                                                                                           f.k, coalesce(f.e::text, 'no value'),
                                                                                           coalesce(f.a::text, 'no value')),
                                                                                    '; ' ORDER BY f.k)
                                                                    FROM (SELECT coalesce(e.k, a.k) AS k, e.v AS e,
                                                                                 a.v AS a
                                                                            FROM jsonb_each(q.expected) AS e (k, v)
                                                                            FULL JOIN jsonb_each(q.actual) AS a (k, v)
                                                                              ON a.k = e.k
                                                                           WHERE e.v::text IS DISTINCT FROM a.v::text)
                                                                         AS f))
                                      WHEN 'extra' THEN format('extra row id %s (legacy_id %s)', q.id,
                                                               coalesce(q.actual ->> 'legacy_id', 'NULL'))
                                      WHEN 'unmapped' THEN format('unmapped %s (id %s): %s', q.key, q.id, q.reason)
                                      ELSE format('%s %s (id %s)', q.kind, q.key, q.id)
                                  END AS line
                             FROM pg_temp.kv2rel_reconcile_pairs AS q
                            WHERE q.entity = v_row.entity AND q.target_table = v_row.target_table
                              AND q.kind <> 'match') AS p
                    WHERE p.ord <= 10), '') END
        )::kv2rel.assertion;
    END LOOP;
END
$function$;

COMMENT ON FUNCTION kv2rel.verify_reconciliation() IS
'Assertions of kv2rel verify: per entity and target table of the latest completed migrate run, the migrated rows '
'equal their re-mapped KV records (kv2rel.reconcile 100 %, equal hashes); diagnostics name keys and fields. A '
'sealed run first: its seal equals its ledger.';
