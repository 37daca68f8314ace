-- Function: kv2rel.reconcile
-- Purpose: full reconciliation of a migration run: every row the run migrated is compared, in all columns, with
--          its KV record re-mapped NOW by migrate's own compiled statements (kv2rel.reconcile_pairs), per entity
--          and target table: counts, an order-independent hash of each side and the consistency percentage.
--          A clean migration is 100 % with equal hashes; kv2rel.reconcile_diff lists what differs.
-- Usage (psql): SELECT * FROM kv2rel.reconcile();        -- the latest completed migrate run
--               SELECT * FROM kv2rel.reconcile(3);
-- requires: reconcile_pairs, reconcile_run
--
-- Columns: expected_rows (re-mapped rows), actual_rows (target rows found for them, plus extra rows), matched,
-- differing, missing, unmapped, extra (see kv2rel.reconcile_pairs), expected_hash and actual_hash (sum over the
-- rows of the first 64 bits of md5(row as jsonb text), modulo 2^64, in hex: independent of row order; equal
-- exactly when both sides hold the same rows, up to md5 collisions), consistency_pct = 100 x matched / pairs
-- (100 when there is nothing to compare). No run: no rows. Writes only pg_temp.

CREATE OR REPLACE FUNCTION kv2rel.reconcile(
    p_run_id bigint DEFAULT NULL
)
RETURNS TABLE (
    run_id bigint,
    entity text,
    target_table text,
    expected_rows bigint,
    actual_rows bigint,
    matched_rows bigint,
    differing_rows bigint,
    missing_rows bigint,
    unmapped_rows bigint,
    extra_rows bigint,
    expected_hash text,
    actual_hash text,
    consistency_pct numeric
)
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run bigint := kv2rel.reconcile_run(p_run_id);
BEGIN
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    PERFORM kv2rel.reconcile_pairs(v_run);
    RETURN QUERY
    SELECT v_run, g.entity, g.target_table, g.expected_rows, g.actual_rows, g.matched_rows, g.differing_rows,
           g.missing_rows, g.unmapped_rows, g.extra_rows,
           lpad(to_hex(div(g.expected_sum, 4294967296)::bigint), 8, '0')
           || lpad(to_hex(mod(g.expected_sum, 4294967296)::bigint), 8, '0'),
           lpad(to_hex(div(g.actual_sum, 4294967296)::bigint), 8, '0')
           || lpad(to_hex(mod(g.actual_sum, 4294967296)::bigint), 8, '0'),
           CASE WHEN g.pairs = 0 THEN 100.0 ELSE round(100.0 * g.matched_rows / g.pairs, 4) END
      FROM (SELECT p.entity, p.target_table, count(*) AS pairs,
                   count(p.expected) AS expected_rows, count(p.actual) AS actual_rows,
                   count(*) FILTER (WHERE p.kind = 'match') AS matched_rows,
                   count(*) FILTER (WHERE p.kind = 'differs') AS differing_rows,
                   count(*) FILTER (WHERE p.kind = 'missing') AS missing_rows,
                   count(*) FILTER (WHERE p.kind = 'unmapped') AS unmapped_rows,
                   count(*) FILTER (WHERE p.kind = 'extra') AS extra_rows,
                   mod(mod(coalesce(sum(('x' || left(p.expected_md5, 16))::bit(64)::bigint::numeric), 0),
                           18446744073709551616) + 18446744073709551616, 18446744073709551616) AS expected_sum,
                   mod(mod(coalesce(sum(('x' || left(p.actual_md5, 16))::bit(64)::bigint::numeric), 0),
                           18446744073709551616) + 18446744073709551616, 18446744073709551616) AS actual_sum
              FROM pg_temp.kv2rel_reconcile_pairs AS p
             GROUP BY p.entity, p.target_table) AS g
     ORDER BY g.entity, g.target_table;
END
$function$;

COMMENT ON FUNCTION kv2rel.reconcile(bigint) IS
'Full reconciliation of run p_run_id (default: the latest completed migrate run): per entity and target table, '
'expected (re-mapped KV records) vs actual rows, matched/differing/missing/unmapped/extra counts, an '
'order-independent hash of each side and the consistency percentage. kv2rel.reconcile_diff drills down.';
