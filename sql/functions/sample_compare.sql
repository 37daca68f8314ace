-- Function: kv2rel.sample_compare
-- Purpose: N records per entity of a migration run, side by side for a human to read: the KV key, the source
--          value, the row the mapping gives for it (re-mapped now by migrate's compiled statements,
--          kv2rel.reconcile_pairs) and the row in the target table, and whether they are equal.
--          The sample is deterministic for a seed: per entity the migrated keys ordered by md5(seed:key).
-- Usage (psql): SELECT * FROM kv2rel.sample_compare(3, 42);
--               SELECT entity, key, matches FROM kv2rel.sample_compare(1, 7, 2);   -- run 2
-- requires: reconcile_pairs, reconcile_run
--
-- p_per_entity: 1 to 1000 (K2705). Only the batches that hold a sampled key are replayed. Columns: source_value
-- (the KV value), mapped_row (expected target row as jsonb; NULL when the record no longer maps to a clean row),
-- actual_row (the target row, NULL when missing), matches (mapped_row = actual_row), differing_fields. No run:
-- no rows.

CREATE OR REPLACE FUNCTION kv2rel.sample_compare(
    p_per_entity integer DEFAULT 3,
    p_seed bigint DEFAULT 1,
    p_run_id bigint DEFAULT NULL
)
RETURNS TABLE (
    entity text,
    key text,
    target_table text,
    id uuid,
    source_value jsonb,
    mapped_row jsonb,
    actual_row jsonb,
    matches boolean,
    differing_fields text[]
)
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run bigint := kv2rel.reconcile_run(p_run_id);
    v_kv regclass;
    v_batches integer[];
BEGIN
    IF p_per_entity IS NULL OR p_per_entity < 1 OR p_per_entity > 1000 THEN
        RAISE EXCEPTION 'sample size % per entity is out of range', coalesce(p_per_entity::text, 'NULL')
            USING ERRCODE = 'K2705', HINT = 'Give the records to show per entity, 1 to 1000.';
    END IF;
    IF p_seed IS NULL THEN
        RAISE EXCEPTION 'the sample seed must not be NULL'
            USING ERRCODE = 'K2705', HINT = 'Give any integer; the same seed gives the same sample.';
    END IF;
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    SELECT to_regclass(r.kv_table) INTO v_kv FROM kv2rel.runs AS r WHERE r.run_id = v_run;
    IF v_kv IS NULL THEN
        RAISE EXCEPTION 'the KV table of run % does not exist any more', v_run
            USING ERRCODE = 'K2702', HINT = 'The sample re-maps the KV rows; restore the KV table first.';
    END IF;
    IF to_regclass('pg_temp.kv2rel_sample_keys') IS NOT NULL THEN
        DROP TABLE pg_temp.kv2rel_sample_keys;
    END IF;
    CREATE TEMP TABLE kv2rel_sample_keys AS
    SELECT s.entity, s.key, s.target_table, s.target_id, s.batch_no
      FROM (SELECT i.entity, i.key, i.target_table, i.target_id, i.batch_no,
                   row_number() OVER (PARTITION BY i.entity ORDER BY md5(p_seed::text || ':' || i.key), i.key) AS n
              FROM kv2rel.run_items AS i
             WHERE i.run_id = v_run AND i.outcome = 'migrated') AS s
     WHERE s.n <= p_per_entity;
    SELECT array_agg(DISTINCT s.batch_no) INTO v_batches FROM pg_temp.kv2rel_sample_keys AS s;
    IF v_batches IS NULL THEN
        RETURN;
    END IF;
    PERFORM kv2rel.reconcile_pairs(v_run, v_batches);
    RETURN QUERY EXECUTE format(
        'SELECT s.entity, s.key, s.target_table, s.target_id, k.value, p.expected, p.actual,'
        ' coalesce(p.kind = ''match'', false),'
        ' ARRAY(SELECT coalesce(e.k, a.k) FROM jsonb_each(p.expected) AS e (k, v)'
        ' FULL JOIN jsonb_each(p.actual) AS a (k, v) ON a.k = e.k'
        ' WHERE e.v::text IS DISTINCT FROM a.v::text ORDER BY 1)'
        ' FROM pg_temp.kv2rel_sample_keys AS s JOIN %s AS k ON k.key = s.key'
        ' LEFT JOIN pg_temp.kv2rel_reconcile_pairs AS p ON p.key = s.key AND p.target_table = s.target_table'
        ' ORDER BY s.entity, md5($1::text || '':'' || s.key), s.key', v_kv
    ) USING p_seed;
END
$function$;

COMMENT ON FUNCTION kv2rel.sample_compare(integer, bigint, bigint) IS
'p_per_entity migrated records per entity of run p_run_id (default latest completed migrate run), chosen '
'deterministically by p_seed: key, KV value, the row the mapping gives, the target row, matches, differing fields.';
