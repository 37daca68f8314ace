-- Function: kv2rel.reconcile
-- Purpose: full reconciliation of a migration run, per entity and target table: counts, an order-independent hash
--          of each side and the consistency percentage. Every row the run accounts for is checked, both sides.
--          Default (method 'hash', kv2rel.reconcile_fast): a hash chain: KV value now = KV value as planned, target
--          row now = row as written, rules unchanged; only the keys it flags are re-mapped. p_deep => true (method
--          'deep', kv2rel.reconcile_pairs): every record re-mapped NOW by migrate's own compiled statements and
--          compared in all columns. The fast path falls back to deep when the rules changed since the run.
--          A clean migration is 100 % with equal hashes; kv2rel.reconcile_diff lists what differs.
-- Usage (psql): SELECT * FROM kv2rel.reconcile();             -- the latest completed migrate run, fast
--               SELECT * FROM kv2rel.reconcile(3, p_deep => true);
-- requires: reconcile_pairs, reconcile_fast, reconcile_run
--
-- Columns: expected_rows (rows the run should have: vouched for by the chain, or re-mapped), actual_rows (target
-- rows found for them, plus extra rows), matched, differing, missing, unmapped, extra (see
-- kv2rel.reconcile_pairs), expected_hash and actual_hash (sum over the rows, modulo 2^64, in hex, of a 64-bit row
-- hash: hash_record_extended(row, 0) for the rows the chain vouches for (expected: the hash recorded when the row
-- was written; actual: the hash now), the first 64 bits of md5(row as jsonb text) for re-mapped rows and extra
-- rows: independent of row order; equal exactly when both sides hold the same rows, up to hash collisions),
-- consistency_pct = 100 x matched / pairs (100 when there is nothing to compare), method ('hash' or 'deep').
-- No run: no rows. Writes only pg_temp.

DROP FUNCTION IF EXISTS kv2rel.reconcile(bigint);

CREATE OR REPLACE FUNCTION kv2rel.reconcile(
    p_run_id bigint DEFAULT NULL,
    p_deep boolean DEFAULT false
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
    consistency_pct numeric,
    method text
)
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run bigint := kv2rel.reconcile_run(p_run_id);
    v_method text := 'deep';
BEGIN
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    IF p_deep IS NULL THEN
        RAISE EXCEPTION 'reconcile p_deep must be true or false, not NULL'
            USING ERRCODE = 'K2706', HINT = 'false (the default): the hash chain; true: re-map every record.';
    END IF;
    IF p_deep THEN
        PERFORM kv2rel.reconcile_pairs(v_run);
        IF to_regclass('pg_temp.kv2rel_reconcile_hashed') IS NOT NULL THEN
            DROP TABLE pg_temp.kv2rel_reconcile_hashed;
        END IF;
        CREATE TEMP TABLE kv2rel_reconcile_hashed (entity text, target_table text, rows bigint, hash_sum numeric);
    ELSE
        v_method := kv2rel.reconcile_fast(v_run);
    END IF;
    RETURN QUERY
    SELECT v_run, g.entity, g.target_table, g.expected_rows, g.actual_rows, g.matched_rows, g.differing_rows,
           g.missing_rows, g.unmapped_rows, g.extra_rows,
           lpad(to_hex(div(g.expected_sum, 4294967296)::bigint), 8, '0')
           || lpad(to_hex(mod(g.expected_sum, 4294967296)::bigint), 8, '0'),
           lpad(to_hex(div(g.actual_sum, 4294967296)::bigint), 8, '0')
           || lpad(to_hex(mod(g.actual_sum, 4294967296)::bigint), 8, '0'),
           CASE WHEN g.pairs = 0 THEN 100.0 ELSE round(100.0 * g.matched_rows / g.pairs, 4) END,
           v_method
      FROM (SELECT u.entity, u.target_table, sum(u.pairs)::bigint AS pairs,
                   sum(u.expected_rows)::bigint AS expected_rows, sum(u.actual_rows)::bigint AS actual_rows,
                   sum(u.matched_rows)::bigint AS matched_rows, sum(u.differing_rows)::bigint AS differing_rows,
                   sum(u.missing_rows)::bigint AS missing_rows, sum(u.unmapped_rows)::bigint AS unmapped_rows,
                   sum(u.extra_rows)::bigint AS extra_rows,
                   mod(mod(sum(u.expected_sum), 18446744073709551616) + 18446744073709551616,
                       18446744073709551616) AS expected_sum,
                   mod(mod(sum(u.actual_sum), 18446744073709551616) + 18446744073709551616,
                       18446744073709551616) AS actual_sum
              FROM (SELECT p.entity, p.target_table, count(*) AS pairs,
                           count(p.expected) AS expected_rows, count(p.actual) AS actual_rows,
                           count(*) FILTER (WHERE p.kind = 'match') AS matched_rows,
                           count(*) FILTER (WHERE p.kind = 'differs') AS differing_rows,
                           count(*) FILTER (WHERE p.kind = 'missing') AS missing_rows,
                           count(*) FILTER (WHERE p.kind = 'unmapped') AS unmapped_rows,
                           count(*) FILTER (WHERE p.kind = 'extra') AS extra_rows,
                           coalesce(sum(('x' || left(p.expected_md5, 16))::bit(64)::bigint::numeric), 0) AS expected_sum,
                           coalesce(sum(('x' || left(p.actual_md5, 16))::bit(64)::bigint::numeric), 0) AS actual_sum
                      FROM pg_temp.kv2rel_reconcile_pairs AS p
                     GROUP BY p.entity, p.target_table
                     UNION ALL
                    SELECT h.entity, h.target_table, h.rows, h.rows, h.rows, h.rows, 0, 0, 0, 0, h.hash_sum,
                           h.hash_sum
                      FROM pg_temp.kv2rel_reconcile_hashed AS h) AS u
             GROUP BY u.entity, u.target_table) AS g
     ORDER BY g.entity, g.target_table;
END
$function$;

COMMENT ON FUNCTION kv2rel.reconcile(bigint, boolean) IS
'Full reconciliation of run p_run_id (default: the latest completed migrate run): per entity and target table, '
'expected vs actual rows, matched/differing/missing/unmapped/extra counts, an order-independent hash of each side, '
'the consistency percentage and the method: hash (default; a hash chain, flagged keys re-mapped; deep when the '
'rules changed) or deep (p_deep: every record re-mapped). kv2rel.reconcile_diff drills down.';
