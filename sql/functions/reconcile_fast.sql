-- Function: kv2rel.reconcile_fast
-- Purpose: the fast, still complete reconciliation of run p_run_id (the default of kv2rel.reconcile): a hash
--          chain instead of re-mapping every record. Every migrated or merged key's KV value now is compared with
--          the hash the run planned (run_items.kv_hash); every target row the run accounts for is compared with
--          the hash of the row as it was written (run_changes.written_hash of its latest write); the mapping rules
--          now with the run's (runs.fingerprint). Only the keys flagged by these comparisons are re-mapped
--          (kv2rel.reconcile_pairs restricted to them), so the drill-down still names their keys and fields.
--          When the rules changed, every record is re-mapped (deep) instead.
-- Usage (psql): SELECT kv2rel.reconcile_fast(1);   -- 'hash', or 'deep' when the rules changed
--               SELECT * FROM pg_temp.kv2rel_reconcile_flags;
-- requires: reconcile_pairs, migrate_fingerprint, reconcile_kv_sums, reconcile_table_sums, run_ledger_sums
-- requires: reconcile_run_row, generated_columns
--
-- The chain: KV now = KV as planned (hash), target row now = row as written (hash), and the rules are unchanged;
-- the write step stored the row the deterministic mapping staged for that KV value; so the target row is the
-- mapping of the KV value now. The rows the chain covers are summed in pg_temp.kv2rel_reconcile_hashed (entity,
-- target_table, rows, hash_sum: the sum of hash_record_extended(row, 0) over those rows, each equal to its
-- written_hash); pg_temp.kv2rel_reconcile_pairs holds the deep pairs of the flagged keys plus the extra rows
-- (target rows with a legacy_id that no migrated key of this run or of a later run accounts for);
-- pg_temp.kv2rel_reconcile_flags lists the flagged keys and why (kv_changed, kv_deleted, kv_hash_unknown,
-- missing, row_changed, no_write_record, no_written_hash, written_for_other_key, written_by_run_N).
-- A row whose latest write is another run's is vouched for by that run's planning record: its kv_hash for the
-- key must equal this run's and its fingerprint the current one. Writes only pg_temp.

CREATE OR REPLACE FUNCTION kv2rel.reconcile_fast(
    p_run_id bigint
)
RETURNS text
VOLATILE
SET search_path = pg_catalog, pg_temp
SET jit = off
SET work_mem = '256MB'
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run kv2rel.runs;
    v_kv regclass;
    v_fingerprint text;
    v_ledger jsonb;
    v_same bigint[];
    v_tables text[];
    v_rows_sql text;
    v_excl_sql text;
    v_writes_sql text;
    v_other_writers boolean;
    v_later boolean;
    v_table record;
    v_gen text[];
    v_keys text[];
    v_temp text;
    v_sum_tables text[];
    v_setup_cost text := current_setting('parallel_setup_cost');
    v_tuple_cost text := current_setting('parallel_tuple_cost');
BEGIN
    v_run := kv2rel.reconcile_run_row(p_run_id);
    v_kv := to_regclass(v_run.kv_table);
    FOREACH v_temp IN ARRAY ARRAY['kv2rel_reconcile_hashed', 'kv2rel_reconcile_flags', 'kv2rel_reconcile_check',
                                  'kv2rel_reconcile_kv', 'kv2rel_reconcile_sums']
    LOOP
        IF to_regclass('pg_temp.' || v_temp) IS NOT NULL THEN
            EXECUTE format('DROP TABLE pg_temp.%I', v_temp);
        END IF;
    END LOOP;
    CREATE TEMP TABLE kv2rel_reconcile_hashed (entity text, target_table text, rows bigint, hash_sum numeric);

    -- (3) the rules: a changed fingerprint voids the chain; re-map everything.
    v_fingerprint := kv2rel.migrate_fingerprint(v_kv);
    IF v_run.fingerprint IS DISTINCT FROM v_fingerprint THEN
        RAISE NOTICE 'kv2rel reconcile: the mapping rules changed since run % was planned (fingerprint % then, % now): '
                     'every record is re-mapped (deep)', p_run_id, coalesce(v_run.fingerprint, 'unknown'),
                     v_fingerprint;
        CREATE TEMP TABLE kv2rel_reconcile_flags (key text, reason text);
        PERFORM kv2rel.reconcile_pairs(p_run_id);
        RETURN 'deep';
    END IF;
    v_same := ARRAY(SELECT r.run_id FROM kv2rel.runs AS r WHERE r.fingerprint = v_fingerprint);

    -- (1) the KV side. First in one pass without a join (kv2rel.reconcile_kv_sums): the KV table holds exactly the
    -- row versions the run planned, so no value changed. Otherwise key by key: every migrated or merged key's KV
    -- row now vs the one planned: the same row version (xmin) is the same value; another version is hashed and
    -- compared with kv_hash. A merged copy flags its winner.
    -- The ledger's side of both: the run's seal, taken when it completed, or summed now (kv2rel.run_ledger_sums).
    v_ledger := kv2rel.run_ledger_sums(p_run_id);
    IF (SELECT s.agrees FROM kv2rel.reconcile_kv_sums(p_run_id, v_ledger) AS s) THEN
        CREATE TEMP TABLE kv2rel_reconcile_flags (key text, reason text);
    ELSE
        -- One inner join (parallel workers), and, only when it found fewer keys than the run has, an anti join for
        -- the keys deleted since.
        -- Parallel workers pay off for this scan of the whole KV table even where the planner's default costs
        -- say no.
        PERFORM set_config('parallel_setup_cost', '10', TRUE);
        PERFORM set_config('parallel_tuple_cost', '0.001', TRUE);
        EXECUTE format(
            'CREATE TEMP TABLE kv2rel_reconcile_kv AS'
            ' SELECT CASE WHEN x.d THEN coalesce(x.merged_into, x.key) END AS key,'
            ' CASE WHEN x.d THEN CASE WHEN x.kv_hash IS NULL THEN ''kv_hash_unknown'' ELSE ''kv_changed'' END'
            ' || CASE WHEN x.merged_into IS NOT NULL THEN '' (merged copy '' || x.key || '')'' ELSE '''' END'
            ' END AS reason, count(*) AS n'
            ' FROM (SELECT i.key, i.merged_into, i.kv_hash,'
            ' CASE WHEN i.kv_hash IS NULL THEN true WHEN k.xmin = i.kv_xmin THEN false'
            ' ELSE jsonb_hash_extended(k.value, 0) IS DISTINCT FROM i.kv_hash END AS d'
            ' FROM kv2rel.run_items AS i JOIN %s AS k ON k.key = i.key'
            ' WHERE i.run_id = %s AND i.outcome IN (''migrated'', ''merged'')) AS x'
            ' GROUP BY 1, 2', v_kv, p_run_id);
        CREATE TEMP TABLE kv2rel_reconcile_flags AS
        SELECT DISTINCT ON (k.key) k.key, k.reason
          FROM pg_temp.kv2rel_reconcile_kv AS k
         WHERE k.key IS NOT NULL
         ORDER BY k.key, k.reason;
        PERFORM set_config('parallel_setup_cost', v_setup_cost, TRUE);
        PERFORM set_config('parallel_tuple_cost', v_tuple_cost, TRUE);
        -- Fewer KV rows than the run's migrated and merged keys (its counters, which kv2rel.check_run_accounting
        -- proves equal to its ledger): some were deleted.
        IF (SELECT coalesce(sum(k.n), 0) FROM pg_temp.kv2rel_reconcile_kv AS k) <> v_run.migrated + v_run.merged THEN
            EXECUTE format(
                'INSERT INTO pg_temp.kv2rel_reconcile_flags (key, reason)'
                ' SELECT DISTINCT ON (coalesce(i.merged_into, i.key)) coalesce(i.merged_into, i.key),'
                ' ''kv_deleted'' || CASE WHEN i.merged_into IS NOT NULL THEN '' (merged copy '' || i.key || '')'''
                ' ELSE '''' END'
                ' FROM kv2rel.run_items AS i WHERE i.run_id = %s AND i.outcome IN (''migrated'', ''merged'')'
                ' AND NOT EXISTS (SELECT 1 FROM %s AS k WHERE k.key = i.key)'
                ' AND NOT EXISTS (SELECT 1 FROM pg_temp.kv2rel_reconcile_flags AS f'
                ' WHERE f.key = coalesce(i.merged_into, i.key))'
                ' ORDER BY coalesce(i.merged_into, i.key), i.merged_into NULLS FIRST, i.key', p_run_id, v_kv);
        END IF;
    END IF;
    ANALYZE pg_temp.kv2rel_reconcile_flags;

    -- (2) the target side: every row of the tables the run wrote, with its latest write, and every migrated key
    -- (flagged by the KV side or not). Tables: those of the run's batches that hold a migrated key.
    v_tables := ARRAY(
        SELECT b.target_table
          FROM kv2rel.run_batches AS b
         WHERE b.run_id = p_run_id AND to_regclass(b.target_table) IS NOT NULL
           AND b.target_table NOT IN ('public.site_product_exclusions', 'public.site_category_exclusions')
           AND EXISTS (SELECT 1 FROM kv2rel.run_items AS i
                        WHERE i.run_id = b.run_id AND i.batch_no = b.batch_no AND i.outcome = 'migrated')
         GROUP BY b.target_table
         ORDER BY 1);
    -- First table by table without a join (kv2rel.reconcile_table_sums): a table that holds exactly the rows the
    -- run wrote, unchanged, is vouched for as a whole; only the other tables are paired row by row below.
    CREATE TEMP TABLE kv2rel_reconcile_sums AS SELECT s.* FROM kv2rel.reconcile_table_sums(p_run_id, v_ledger) AS s;
    v_sum_tables := ARRAY(SELECT DISTINCT s.target_table FROM pg_temp.kv2rel_reconcile_sums AS s WHERE s.agrees);
    v_tables := ARRAY(SELECT u.tbl FROM unnest(v_tables) AS u (tbl) WHERE u.tbl <> ALL (v_sum_tables) ORDER BY 1);
    -- Each row's version (xmin) and its latest write's: the upsert that wrote a row logged it in kv2rel.run_changes
    -- in the same statement, so an unchanged row has the xmin of its log row. Only rows with another xmin are
    -- hashed (hash_record_extended, compared with written_hash; below).
    SELECT string_agg(format(
               'SELECT %L::text AS tbl, t.id, t.xmin AS x, %s AS legacy FROM %s AS t',
               x.tbl, CASE WHEN x.has_legacy THEN 't.legacy_id IS NOT NULL' ELSE 'false' END, x.tbl::regclass),
               ' UNION ALL ' ORDER BY x.tbl)
      INTO v_rows_sql
      FROM (SELECT u.tbl, EXISTS (SELECT 1 FROM pg_catalog.pg_attribute AS a
                                   WHERE a.attrelid = u.tbl::regclass AND a.attname = 'legacy_id'
                                     AND NOT a.attisdropped) AS has_legacy
              FROM unnest(v_tables) AS u (tbl)) AS x;
    SELECT string_agg(format(
               'SELECT %L::text AS tbl, t.id, t.xmin AS x, t.legacy_id FROM %s AS t'
               ' WHERE t.legacy_id IS NOT NULL', x.tbl, x.tbl::regclass), ' UNION ALL ' ORDER BY x.tbl)
      INTO v_excl_sql
      FROM unnest(ARRAY['public.site_product_exclusions', 'public.site_category_exclusions']) AS x (tbl)
     WHERE to_regclass(x.tbl) IS NOT NULL;

    -- The latest write of each row: this run's, unless another run (not rolled back) wrote rows too.
    v_other_writers := EXISTS (SELECT 1 FROM kv2rel.run_changes AS c WHERE c.run_id < p_run_id)
                    OR EXISTS (SELECT 1 FROM kv2rel.run_changes AS c WHERE c.run_id > p_run_id);
    v_later := EXISTS (SELECT 1 FROM kv2rel.runs AS r WHERE r.run_id > p_run_id);
    v_writes_sql := CASE
        WHEN NOT v_other_writers THEN format(
            'SELECT c.target_table, c.target_id, c.key, c.written_hash, c.xmin AS wx, c.run_id,'
            ' NULL::bigint AS kv_hash FROM kv2rel.run_changes AS c WHERE c.run_id = %s', p_run_id)
        ELSE
            'SELECT DISTINCT ON (c.target_table, c.target_id) c.target_table, c.target_id, c.key, c.written_hash,'
            ' c.xmin AS wx, c.run_id, wi.kv_hash'
            ' FROM kv2rel.run_changes AS c JOIN kv2rel.runs AS r ON r.run_id = c.run_id AND r.status <> ''rolled_back'''
            ' LEFT JOIN kv2rel.run_items AS wi ON wi.run_id = c.run_id AND wi.key = c.key'
            ' ORDER BY c.target_table, c.target_id, c.run_id DESC'
    END;

    -- CREATE TABLE AS, not INSERT: its query may use parallel workers (the scans and the joins below the FULL JOIN).
    -- Rows the chain vouches for are summed (hash_sum: their written_hash); the others are listed one by one.
    IF v_rows_sql IS NULL THEN
        CREATE TEMP TABLE kv2rel_reconcile_check (
            entity text, target_table text, key text, id uuid, problem text, rows bigint, hash_sum numeric
        );
    ELSE
        EXECUTE format(
            'CREATE TEMP TABLE kv2rel_reconcile_check AS'
            ' SELECT x.entity, x.target_table, CASE WHEN x.problem IS NOT NULL THEN x.key END AS key,'
            ' CASE WHEN x.problem IS NOT NULL THEN x.id END AS id, x.problem, count(*) AS rows,'
            ' sum(x.written_hash) AS hash_sum'
            ' FROM (SELECT i.entity, coalesce(i.target_table, t.tbl) AS target_table, i.key,'
            ' coalesce(i.target_id, t.id) AS id, w.written_hash,'
            ' CASE WHEN i.key IS NULL THEN ''extra'' WHEN t.id IS NULL THEN ''missing'''
            ' WHEN f.key IS NOT NULL THEN f.reason'
            ' WHEN w.target_id IS NULL THEN ''no_write_record'''
            ' WHEN w.written_hash IS NULL THEN ''no_written_hash'''
            ' WHEN w.key IS DISTINCT FROM i.key THEN ''written_for_other_key'''
            ' WHEN w.run_id <> %1$s AND NOT (w.run_id = ANY (%2$L::bigint[]) AND w.kv_hash = i.kv_hash)'
            ' THEN ''written_by_run_'' || w.run_id'
            ' WHEN NOT (t.x = w.wx) THEN ''row_version''' -- decided by the row's hash below
            ' END AS problem'
            ' FROM (SELECT i.entity, i.target_table, i.key, i.target_id, i.kv_hash FROM kv2rel.run_items AS i'
            ' WHERE i.run_id = %1$s AND i.outcome = ''migrated'' AND i.target_table = ANY (%3$L::text[])) AS i'
            ' FULL JOIN (%4$s) AS t ON t.tbl = i.target_table AND t.id = i.target_id'
            ' LEFT JOIN (%5$s) AS w ON w.target_table = coalesce(i.target_table, t.tbl)'
            ' AND w.target_id = coalesce(i.target_id, t.id)'
            ' LEFT JOIN pg_temp.kv2rel_reconcile_flags AS f ON f.key = i.key'
            ' WHERE i.key IS NOT NULL OR (t.legacy %6$s)) AS x'
            ' GROUP BY 1, 2, 3, 4, 5',
            p_run_id, v_same, v_tables, v_rows_sql, v_writes_sql,
            CASE WHEN v_later THEN
                ' AND NOT EXISTS (SELECT 1 FROM kv2rel.run_items AS l WHERE l.run_id > ' || p_run_id
                || ' AND l.outcome = ''migrated'' AND l.target_table = t.tbl AND l.target_id = t.id)'
            ELSE '' END);
    END IF;
    -- The tables vouched for by their sums: one row per entity. A key the KV side flagged is taken out of its
    -- table's sum and listed on its own (re-mapped below).
    INSERT INTO pg_temp.kv2rel_reconcile_check (entity, target_table, key, id, problem, rows, hash_sum)
    SELECT i.entity, i.target_table, i.key, i.target_id, f.reason, 1, c.written_hash
      FROM pg_temp.kv2rel_reconcile_flags AS f
      JOIN kv2rel.run_items AS i ON i.run_id = p_run_id AND i.key = f.key AND i.outcome = 'migrated'
      LEFT JOIN kv2rel.run_changes AS c
             ON c.run_id = p_run_id AND c.target_table = i.target_table AND c.target_id = i.target_id
     WHERE i.target_table = ANY (v_sum_tables);
    INSERT INTO pg_temp.kv2rel_reconcile_check (entity, target_table, key, id, problem, rows, hash_sum)
    SELECT s.entity, s.target_table, NULL, NULL, NULL, s.item_rows - coalesce(x.n, 0), s.hash_sum - coalesce(x.h, 0)
      FROM pg_temp.kv2rel_reconcile_sums AS s
      LEFT JOIN (SELECT c.entity, c.target_table, count(*) AS n, sum(c.hash_sum) AS h
                   FROM pg_temp.kv2rel_reconcile_check AS c
                  WHERE c.problem IS NOT NULL AND c.target_table = ANY (v_sum_tables)
                  GROUP BY c.entity, c.target_table) AS x
             ON x.entity = s.entity AND x.target_table = s.target_table
     WHERE s.agrees;
    -- Exclusion rows (derived from site configurations, keyed by the configuration's key in legacy_id), one by one:
    -- the configurations' own KV values are checked with their main rows above, and all exclusion rows of a
    -- flagged configuration are re-derived with it (below).
    IF v_excl_sql IS NOT NULL THEN
        EXECUTE format(
            'INSERT INTO pg_temp.kv2rel_reconcile_check'
            ' SELECT x.entity, x.target_table, x.key, x.id, x.problem, count(*), sum(x.written_hash)'
            ' FROM (SELECT i.entity, coalesce(t.tbl, w.target_table) AS target_table, i.key,'
            ' coalesce(t.id, w.target_id) AS id, w.written_hash,'
            ' CASE WHEN i.key IS NULL THEN ''extra'' WHEN t.id IS NULL THEN ''missing'''
            ' WHEN w.target_id IS NULL THEN ''no_write_record'''
            ' WHEN w.written_hash IS NULL THEN ''no_written_hash'''
            ' WHEN w.key IS DISTINCT FROM t.legacy_id THEN ''written_for_other_key'''
            ' WHEN w.run_id <> %1$s AND NOT (w.run_id = ANY (%2$L::bigint[]) AND w.kv_hash = i.kv_hash)'
            ' THEN ''written_by_run_'' || w.run_id'
            ' WHEN NOT (t.x = w.wx) THEN ''row_version'' END AS problem'
            ' FROM (%3$s) AS t'
            ' FULL JOIN (SELECT w.* FROM (%4$s) AS w JOIN kv2rel.run_items AS wk ON wk.run_id = %1$s'
            ' AND wk.key = w.key AND wk.outcome = ''migrated'''
            ' WHERE w.target_table IN (''public.site_product_exclusions'', ''public.site_category_exclusions''))'
            ' AS w ON w.target_table = t.tbl AND w.target_id = t.id'
            ' LEFT JOIN kv2rel.run_items AS i ON i.run_id = %1$s AND i.outcome = ''migrated'''
            ' AND i.key = coalesce(w.key, t.legacy_id)) AS x'
            ' GROUP BY 1, 2, 3, 4, 5',
            p_run_id, v_same, v_excl_sql, v_writes_sql);
    END IF;

    -- Rows with another version than the one written (an UPDATE, even one that changed nothing): their hash now
    -- against written_hash decides (row_changed, or vouched for after all).
    FOR v_table IN
        SELECT c.target_table, to_regclass(c.target_table) AS rel
          FROM pg_temp.kv2rel_reconcile_check AS c
         WHERE c.problem = 'row_version' AND to_regclass(c.target_table) IS NOT NULL
         GROUP BY c.target_table
    LOOP
        EXECUTE format(
            'UPDATE pg_temp.kv2rel_reconcile_check AS c'
            ' SET problem = CASE WHEN pg_catalog.hash_record_extended(t, 0) = c.hash_sum THEN NULL'
            ' ELSE ''row_changed'' END'
            ' FROM %s AS t WHERE c.problem = ''row_version'' AND c.target_table = $1 AND t.id = c.id', v_table.rel
        ) USING v_table.target_table;
    END LOOP;

    -- Extra rows: attributed to the first entity (by name) of their table, as kv2rel.reconcile_pairs does.
    UPDATE pg_temp.kv2rel_reconcile_check AS c
       SET entity = coalesce((SELECT min(i.entity) FROM kv2rel.run_items AS i
                               WHERE i.run_id = p_run_id AND i.outcome = 'migrated' AND i.target_table = c.target_table),
                             (SELECT min(c2.entity) FROM pg_temp.kv2rel_reconcile_check AS c2
                               WHERE c2.target_table = c.target_table))
     WHERE c.problem = 'extra';

    -- The flagged keys: re-mapped deeply, so the drill-down names their fields.
    INSERT INTO pg_temp.kv2rel_reconcile_flags (key, reason)
    SELECT DISTINCT ON (c.key) c.key, c.problem
      FROM pg_temp.kv2rel_reconcile_check AS c
     WHERE c.problem IS NOT NULL AND c.problem <> 'extra'
       AND NOT EXISTS (SELECT 1 FROM pg_temp.kv2rel_reconcile_flags AS f WHERE f.key = c.key)
     ORDER BY c.key, c.problem;

    -- The rows the chain vouches for (an exclusion row only when its configuration is not re-derived).
    INSERT INTO pg_temp.kv2rel_reconcile_hashed (entity, target_table, rows, hash_sum)
    SELECT c.entity, c.target_table, sum(c.rows), sum(c.hash_sum)
      FROM pg_temp.kv2rel_reconcile_check AS c
     WHERE c.problem IS NULL
       AND (c.target_table NOT IN ('public.site_product_exclusions', 'public.site_category_exclusions')
            OR NOT EXISTS (SELECT 1 FROM pg_temp.kv2rel_reconcile_flags AS f WHERE f.key = c.key))
     GROUP BY c.entity, c.target_table;
    v_keys := ARRAY(SELECT f.key FROM pg_temp.kv2rel_reconcile_flags AS f
                     WHERE EXISTS (SELECT 1 FROM kv2rel.run_items AS i
                                    WHERE i.run_id = p_run_id AND i.key = f.key AND i.outcome = 'migrated'));
    PERFORM kv2rel.reconcile_pairs(p_run_id, NULL, v_keys);

    -- Extra rows as pairs (the whole row, for the drill-down).
    FOR v_table IN
        SELECT c.target_table, to_regclass(c.target_table) AS rel, min(c.entity) AS entity, array_agg(c.id) AS ids
          FROM pg_temp.kv2rel_reconcile_check AS c
         WHERE c.problem = 'extra'
         GROUP BY c.target_table
    LOOP
        v_gen := kv2rel.generated_columns(v_table.rel);
        EXECUTE format(
            'INSERT INTO pg_temp.kv2rel_reconcile_pairs (entity, target_table, key, id, kind, actual, actual_md5)'
            ' SELECT $3, $2, NULL, t.id, ''extra'', to_jsonb(t) - $1, md5((to_jsonb(t) - $1)::text) FROM %s AS t'
            ' WHERE t.id = ANY ($4)', v_table.rel
        ) USING v_gen, v_table.target_table, v_table.entity, v_table.ids;
    END LOOP;
    RETURN 'hash';
END
$function$;

COMMENT ON FUNCTION kv2rel.reconcile_fast(bigint) IS
'Fast complete reconciliation of run p_run_id by a hash chain (KV value now vs run_items.kv_hash, target row now vs '
'its run_changes.written_hash, rules fingerprint now vs the run''s); flagged keys are re-mapped deeply into '
'pg_temp.kv2rel_reconcile_pairs, the rest summed in pg_temp.kv2rel_reconcile_hashed. Returns ''hash'', or '
'''deep'' when the rules changed (every record re-mapped). Writes only pg_temp.';
