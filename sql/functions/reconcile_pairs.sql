-- Function: kv2rel.reconcile_pairs
-- Purpose: pair every expected row of run p_run_id (kv2rel.reconcile_expected: the KV records re-mapped with
--          migrate's own compiled statements) with the actual target row of the same id, and list the target
--          rows that no record of the run accounts for. The building block of kv2rel.reconcile,
--          kv2rel.reconcile_diff and kv2rel.sample_compare.
-- Usage (psql): SELECT kv2rel.reconcile_pairs(1);
--               SELECT kind, count(*) FROM pg_temp.kv2rel_reconcile_pairs GROUP BY 1;
-- requires: reconcile_expected, generated_columns
--
-- Fills pg_temp.kv2rel_reconcile_pairs (entity, target_table, key, id, kind, reason, expected, actual,
-- expected_md5, actual_md5); kind is
--   match    the target row equals the expected row in every column (generated columns aside);
--   differs  both exist, some column differs;
--   missing  the run migrated the key but the target has no row with its id;
--   unmapped the run migrated the key but re-mapping it now gives no clean row (reason: the quarantine code, or
--            not_staged); the actual row, if any, is shown;
--   extra    a target row with a legacy_id that no migrated key of this run (or of a later run) and no derived
--            exclusion row accounts for (only when every batch is replayed, p_batches NULL); attributed to the
--            first entity (by name) of its table. With p_keys: only the exclusion rows whose legacy_id is one of
--            the keys and that the replay does not give.
-- p_keys restricts the pairs to those keys (the keys kv2rel.reconcile_fast flagged): only their batches are
-- replayed (all site-configuration batches when one of them is a configuration, since exclusion rows go to the
-- first configuration that names them), and only their rows are paired. An empty array pairs nothing.
-- Returns the number of pairs.

DROP FUNCTION IF EXISTS kv2rel.reconcile_pairs(bigint, integer[]);

CREATE OR REPLACE FUNCTION kv2rel.reconcile_pairs(
    p_run_id bigint,
    p_batches integer[] DEFAULT NULL,
    p_keys text[] DEFAULT NULL
)
RETURNS bigint
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_table record;
    v_gen text[];
    v_total bigint;
    v_batches integer[] := p_batches;
BEGIN
    IF p_keys IS NOT NULL THEN
        -- By the primary key (run_id, key), and the configurations' batches from kv2rel.run_batches.
        v_batches := ARRAY(
            SELECT DISTINCT b.batch_no
              FROM (SELECT i.batch_no
                      FROM unnest(p_keys) AS k (key)
                      JOIN kv2rel.run_items AS i ON i.run_id = p_run_id AND i.key = k.key
                     WHERE i.outcome = 'migrated' AND i.batch_no IS NOT NULL
                     UNION ALL
                    SELECT rb.batch_no
                      FROM kv2rel.run_batches AS rb
                     WHERE rb.run_id = p_run_id AND rb.entity IN ('site_catalog_config', 'site_gift_config')
                       AND EXISTS (SELECT 1 FROM unnest(p_keys) AS k (key)
                                     JOIN kv2rel.run_items AS c ON c.run_id = p_run_id AND c.key = k.key
                                    WHERE c.entity IN ('site_catalog_config', 'site_gift_config'))) AS b
             WHERE p_batches IS NULL OR b.batch_no = ANY (p_batches)
             ORDER BY 1);
    END IF;
    PERFORM kv2rel.reconcile_expected(p_run_id, v_batches);
    IF p_keys IS NOT NULL THEN
        DELETE FROM pg_temp.kv2rel_reconcile_expected AS e
         WHERE e.key IS NULL OR e.key NOT IN (SELECT k FROM unnest(p_keys) AS k WHERE k IS NOT NULL);
    END IF;
    IF to_regclass('pg_temp.kv2rel_reconcile_pairs') IS NOT NULL THEN
        DROP TABLE pg_temp.kv2rel_reconcile_pairs;
    END IF;
    CREATE TEMP TABLE kv2rel_reconcile_pairs (
        entity text, target_table text, key text, id uuid, kind text, reason text, expected jsonb, actual jsonb,
        expected_md5 text, actual_md5 text
    );
    FOR v_table IN
        SELECT t.target_table, to_regclass(t.target_table) AS rel, min(t.entity) AS entity
          FROM (SELECT e.target_table, e.entity FROM pg_temp.kv2rel_reconcile_expected AS e
                 UNION
                SELECT i.target_table, i.entity FROM kv2rel.run_items AS i
                 WHERE i.run_id = p_run_id AND i.outcome = 'migrated' AND v_batches IS NULL
                 UNION
                SELECT x.t, i.entity FROM kv2rel.run_items AS i
                 CROSS JOIN unnest(ARRAY['public.site_product_exclusions', 'public.site_category_exclusions']) AS x (t)
                 WHERE i.run_id = p_run_id AND i.outcome = 'migrated' AND p_keys IS NOT NULL
                   AND i.key IN (SELECT k FROM unnest(p_keys) AS k)
                   AND i.entity IN ('site_catalog_config', 'site_gift_config')) AS t
         WHERE to_regclass(t.target_table) IS NOT NULL
         GROUP BY t.target_table
         ORDER BY t.target_table
    LOOP
        v_gen := kv2rel.generated_columns(v_table.rel);
        EXECUTE format(
            'INSERT INTO pg_temp.kv2rel_reconcile_pairs (entity, target_table, key, id, reason, expected, actual)'
            ' SELECT e.entity, e.target_table, e.key, e.id, e.reason, e.row, to_jsonb(t) - $1'
            ' FROM pg_temp.kv2rel_reconcile_expected AS e LEFT JOIN %s AS t ON t.id = e.id'
            ' WHERE e.target_table = $2', v_table.rel
        ) USING v_gen, v_table.target_table;
        IF v_batches IS NULL AND EXISTS (
            SELECT 1 FROM pg_catalog.pg_attribute AS a
             WHERE a.attrelid = v_table.rel AND a.attname = 'legacy_id' AND NOT a.attisdropped
        ) THEN
            EXECUTE format(
                'INSERT INTO pg_temp.kv2rel_reconcile_pairs (entity, target_table, key, id, actual)'
                ' SELECT $3, $2, NULL, t.id, to_jsonb(t) - $1 FROM %s AS t'
                ' WHERE t.legacy_id IS NOT NULL'
                ' AND NOT EXISTS (SELECT 1 FROM pg_temp.kv2rel_reconcile_expected AS e'
                ' WHERE e.target_table = $2 AND e.id = t.id)'
                ' AND NOT EXISTS (SELECT 1 FROM kv2rel.run_items AS i WHERE i.run_id >= $4 AND i.target_table = $2'
                ' AND i.outcome = ''migrated'' AND i.target_id = t.id)', v_table.rel
            ) USING v_gen, v_table.target_table, v_table.entity, p_run_id;
        ELSIF p_keys IS NOT NULL
              AND v_table.target_table IN ('public.site_product_exclusions', 'public.site_category_exclusions') THEN
            EXECUTE format(
                'INSERT INTO pg_temp.kv2rel_reconcile_pairs (entity, target_table, key, id, actual)'
                ' SELECT $3, $2, NULL, t.id, to_jsonb(t) - $1 FROM %s AS t'
                ' WHERE t.legacy_id IN (SELECT k FROM unnest($4::text[]) AS k)'
                ' AND NOT EXISTS (SELECT 1 FROM pg_temp.kv2rel_reconcile_expected AS e'
                ' WHERE e.target_table = $2 AND e.id = t.id)', v_table.rel
            ) USING v_gen, v_table.target_table, v_table.entity, p_keys;
        END IF;
    END LOOP;
    UPDATE pg_temp.kv2rel_reconcile_pairs AS p
       SET expected_md5 = md5(p.expected::text),
           actual_md5 = md5(p.actual::text),
           kind = CASE
                      WHEN p.key IS NULL THEN 'extra'
                      WHEN p.expected IS NULL THEN 'unmapped'
                      WHEN p.actual IS NULL THEN 'missing'
                      WHEN p.expected::text = p.actual::text THEN 'match'
                      ELSE 'differs'
                  END;
    SELECT count(*) INTO v_total FROM pg_temp.kv2rel_reconcile_pairs;
    RETURN v_total;
END
$function$;

COMMENT ON FUNCTION kv2rel.reconcile_pairs(bigint, integer[], text[]) IS
'Pair the expected rows of run p_run_id (kv2rel.reconcile_expected; all batches, p_batches, or only the keys '
'p_keys) with the actual target rows and list unaccounted target rows, into pg_temp.kv2rel_reconcile_pairs (kind '
'match, differs, missing, unmapped, extra); returns the pair count. Writes only pg_temp.';
