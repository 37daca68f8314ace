-- Function: kv2rel.run_ledger_sums
-- Purpose: the ledger side of the fast reconciliation of run p_run_id, as one JSON object: what its run_items and
--          run_changes say the KV table and the target tables hold. With p_sealed (the default) the seal taken
--          when the run completed (kv2rel.run_seals, kv2rel.seal_run) is returned when there is one; a seal is
--          deleted by any later write to the ledger (migrations 0086–0089), so it always equals what the ledger
--          sums to. Without a seal, or with p_sealed => false, the ledger is summed now: one pass over the run's
--          run_items, one over its run_changes.
-- Usage (psql): SELECT kv2rel.run_ledger_sums(1);
--               SELECT kv2rel.run_ledger_sums(1, false);   -- sum the ledger now, seal or not
-- requires: reconcile_run
--
-- The object (sums of the 64-bit hash_record_extended of each pair, as numeric):
--   kv:     {rows, unknown, sum}: every item of the run, any outcome: count, those without kv_xmin or kv_hash,
--           the sum over (key, kv_xmin);
--   items:  [{tbl, entity, n, key_sum}]: the migrated items per target table and entity, (target_id, key); the
--           exclusion tables (rows derived from site configurations) are left out;
--   writes: {tbl: {n, hashed, key_sum, version_sum, hash_sum}}: the run's write log per target table of items:
--           (target_id, key), (target_id, xmin), the count with a written_hash and its sum;
--   split:  {"tbl|entity": hash_sum}: the written hashes per entity, for tables that hold several entities.
-- NULL when the run does not exist.

CREATE OR REPLACE FUNCTION kv2rel.run_ledger_sums(
    p_run_id bigint,
    p_sealed boolean DEFAULT true
)
RETURNS jsonb
STABLE
SET search_path = pg_catalog, pg_temp
SET jit = off
SET parallel_setup_cost = 10
LANGUAGE plpgsql
AS $function$
DECLARE
    v_sums jsonb;
    v_groups jsonb;
    v_items jsonb;
    v_tables text[];
    v_writes jsonb;
    v_split jsonb;
BEGIN
    IF p_run_id IS NULL OR NOT EXISTS (SELECT 1 FROM kv2rel.runs AS r WHERE r.run_id = p_run_id) THEN
        RETURN NULL;
    END IF;
    IF p_sealed IS NULL THEN
        RAISE EXCEPTION 'run_ledger_sums p_sealed must be true or false, not NULL'
            USING ERRCODE = 'K2706', HINT = 'true (the default): the run''s seal when it has one; false: sum now.';
    END IF;
    IF p_sealed THEN
        SELECT s.sums INTO v_sums FROM kv2rel.run_seals AS s WHERE s.run_id = p_run_id;
        IF FOUND THEN
            RETURN v_sums;
        END IF;
    END IF;

    -- One pass over the run's items: per target table and entity, every item (the KV side) and the migrated ones
    -- (the target side). EXECUTE, not a static SELECT INTO: PL/pgSQL runs the latter with a row limit, which
    -- rules out parallel workers.
    EXECUTE 'SELECT coalesce(jsonb_agg(jsonb_build_object(''tbl'', x.target_table, ''entity'', x.entity,'
            ' ''rows'', x.n, ''unknown'', x.unknown, ''sum'', x.kv_sum, ''n'', x.m, ''key_sum'', x.key_sum)), ''[]'')'
            ' FROM (SELECT i.target_table, i.entity, count(*) AS n,'
            ' count(*) FILTER (WHERE i.kv_xmin IS NULL OR i.kv_hash IS NULL) AS unknown,'
            ' coalesce(sum(pg_catalog.hash_record_extended(ROW(i.key, i.kv_xmin), 0)), 0) AS kv_sum,'
            ' count(*) FILTER (WHERE i.outcome = ''migrated'') AS m,'
            ' sum(pg_catalog.hash_record_extended(ROW(i.target_id, i.key), 0))'
            ' FILTER (WHERE i.outcome = ''migrated'') AS key_sum'
            ' FROM kv2rel.run_items AS i WHERE i.run_id = $1'
            ' GROUP BY i.target_table, i.entity) AS x'
       INTO v_groups
      USING p_run_id;
    SELECT coalesce(jsonb_agg(jsonb_build_object('tbl', g.value ->> 'tbl', 'entity', g.value ->> 'entity',
                                                 'n', (g.value ->> 'n')::bigint,
                                                 'key_sum', (g.value ->> 'key_sum')::numeric)
                              ORDER BY g.value ->> 'tbl', g.value ->> 'entity'), '[]')
      INTO v_items
      FROM jsonb_array_elements(v_groups) AS g
     WHERE (g.value ->> 'n')::bigint > 0 AND g.value ->> 'tbl' IS NOT NULL
       AND g.value ->> 'tbl' NOT IN ('public.site_product_exclusions', 'public.site_category_exclusions');
    v_tables := ARRAY(SELECT DISTINCT e.value ->> 'tbl' FROM jsonb_array_elements(v_items) AS e);

    -- The write log, per table of items.
    EXECUTE 'SELECT coalesce(jsonb_object_agg(x.target_table, jsonb_build_object(''n'', x.n, ''hashed'', x.hashed,'
            ' ''key_sum'', x.key_sum, ''version_sum'', x.version_sum, ''hash_sum'', x.hash_sum)), ''{}'')'
            ' FROM (SELECT c.target_table, count(*) AS n, count(c.written_hash) AS hashed,'
            ' sum(pg_catalog.hash_record_extended(ROW(c.target_id, c.key), 0)) AS key_sum,'
            ' sum(pg_catalog.hash_record_extended(ROW(c.target_id, c.xmin), 0)) AS version_sum,'
            ' sum(c.written_hash) AS hash_sum'
            ' FROM kv2rel.run_changes AS c'
            ' WHERE c.run_id = $1 AND c.target_table = ANY ($2)'
            ' GROUP BY c.target_table) AS x'
       INTO v_writes
      USING p_run_id, v_tables;
    -- The written hashes per entity of the tables that hold several (one join, their rows only).
    EXECUTE 'SELECT coalesce(jsonb_object_agg(x.target_table || ''|'' || x.entity, x.hash_sum), ''{}'')'
            ' FROM (SELECT c.target_table, k.entity, coalesce(sum(c.written_hash), 0) AS hash_sum'
            ' FROM kv2rel.run_changes AS c'
            ' JOIN kv2rel.run_items AS k ON k.run_id = c.run_id AND k.key = c.key'
            ' WHERE c.run_id = $1 AND c.target_table = ANY ($2)'
            ' GROUP BY c.target_table, k.entity) AS x'
       INTO v_split
      USING p_run_id, ARRAY(SELECT e.value ->> 'tbl' FROM jsonb_array_elements(v_items) AS e
                             GROUP BY e.value ->> 'tbl' HAVING count(*) > 1);

    RETURN jsonb_build_object(
        'kv', (SELECT jsonb_build_object('rows', coalesce(sum((g.value ->> 'rows')::bigint), 0),
                                         'unknown', coalesce(sum((g.value ->> 'unknown')::bigint), 0),
                                         'sum', coalesce(sum((g.value ->> 'sum')::numeric), 0))
                 FROM jsonb_array_elements(v_groups) AS g),
        'items', v_items,
        'writes', v_writes,
        'split', v_split);
END
$function$;

COMMENT ON FUNCTION kv2rel.run_ledger_sums(bigint, boolean) IS
'The ledger side of the fast reconciliation of run p_run_id as JSON: kv (count, unknown, hash sum of every item''s '
'(key, kv_xmin)), items (migrated items per table and entity), writes (the write log per table) and split (written '
'hashes per entity of shared tables). p_sealed (default): the run''s seal (kv2rel.run_seals) when it has one, '
'else summed now. NULL for an unknown run.';
