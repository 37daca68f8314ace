-- Function: kv2rel.reconcile_expected
-- Purpose: the rows run p_run_id should have written, recomputed from the KV table NOW with the same compiled
--          statements kv2rel.migrate_batch runs (kv2rel.migrate_compiled: stage = the compiled mapping of
--          kv2rel.migrate_mapping_sql, or kv2rel.map_fields for records with secrets; restore; derive =
--          kv2rel.derived_columns incl. the soft-delete policy; the constraint checks with their fix / nullify /
--          suffix repairs), batch by batch, plus the exclusion rows a site configuration implies (as
--          kv2rel.migrate_exclusions derives them). Nothing outside pg_temp is written.
--          Input of kv2rel.reconcile, kv2rel.reconcile_diff and kv2rel.sample_compare.
-- Usage (psql): SELECT kv2rel.reconcile_expected(1);  SELECT * FROM pg_temp.kv2rel_reconcile_expected LIMIT 5;
--
-- Fills pg_temp.kv2rel_reconcile_expected (entity, target_table, key, id, batch_no, reason, row) with one row per
-- key of the run whose outcome is migrated (p_batches: only those batches): row = the expected target row
-- as jsonb (to_jsonb of the row typed like the table; generated columns left out), NULL with reason = the
-- quarantine code when the replay no longer yields a clean row for it. Exclusion rows have key = the
-- configuration's key. Returns the number of rows. Merged and skipped keys write no row of their own: they are
-- the business of kv2rel.check_counts.
--
-- The repair loop below is the one of kv2rel.migrate_batch (step 4): it must stay in step with it (the tests of
-- kv2rel.reconcile fail on a clean migration when they drift apart).
-- requires: reconcile_run_row, generated_columns

CREATE OR REPLACE FUNCTION kv2rel.reconcile_expected(
    p_run_id bigint,
    p_batches integer[] DEFAULT NULL
)
RETURNS bigint
VOLATILE
SET search_path = pg_catalog, pg_temp
SET jit = off
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run kv2rel.runs;
    v_kv regclass;
    v_envs text[];
    v_b record;
    v_c record;
    v_rule record;
    v_key text;
    v_sql text;
    v_gen text[];
    v_failed text[];
    v_changed boolean;
    v_recheck_all boolean;
    v_rows bigint;
    v_pass integer;
    v_nestloop text := current_setting('enable_nestloop');
    v_total bigint;
BEGIN
    v_run := kv2rel.reconcile_run_row(p_run_id);
    v_kv := to_regclass(v_run.kv_table);
    v_envs := ARRAY(SELECT jsonb_array_elements_text(v_run.progress -> 'environments'));

    IF to_regclass('pg_temp.kv2rel_reconcile_expected') IS NOT NULL THEN
        DROP TABLE pg_temp.kv2rel_reconcile_expected;
    END IF;
    CREATE TEMP TABLE kv2rel_reconcile_expected (
        entity text, target_table text, key text, id uuid, batch_no integer, reason text, row jsonb
    );
    IF to_regclass('pg_temp.kv2rel_reconcile_exclusion_src') IS NOT NULL THEN
        DROP TABLE pg_temp.kv2rel_reconcile_exclusion_src;
    END IF;
    CREATE TEMP TABLE kv2rel_reconcile_exclusion_src (
        entity text, batch_no integer, key text, site_id uuid, changed_at timestamptz, value jsonb, catalogs uuid[]
    );

    FOR v_b IN
        SELECT b.batch_no, b.entity
          FROM kv2rel.run_batches AS b
         WHERE b.run_id = p_run_id AND (p_batches IS NULL OR b.batch_no = ANY (p_batches))
           AND EXISTS (SELECT 1 FROM kv2rel.run_items AS i
                        WHERE i.run_id = b.run_id AND i.batch_no = b.batch_no AND i.outcome = 'migrated')
         ORDER BY b.batch_no
    LOOP
        SELECT c.* INTO v_c FROM kv2rel.migrate_compiled(v_b.entity, v_kv) AS c;
        EXECUTE format('TRUNCATE %s', v_c.stage_table);
        -- stage (record by record only if the batch's statement fails, as migrate_batch does)
        BEGIN
            EXECUTE v_c.stage_sql USING v_envs, p_run_id, v_b.batch_no, NULL::text;
        EXCEPTION
            WHEN OTHERS THEN
                EXECUTE format('TRUNCATE %s', v_c.stage_table);
                FOR v_key IN SELECT i.key FROM kv2rel.run_items AS i
                              WHERE i.run_id = p_run_id AND i.batch_no = v_b.batch_no AND i.planned = 'migrate'
                              ORDER BY i.key COLLATE "C" LOOP
                    BEGIN
                        EXECUTE v_c.stage_sql USING v_envs, p_run_id, v_b.batch_no, v_key;
                    EXCEPTION
                        WHEN OTHERS THEN
                            EXECUTE format('INSERT INTO %s (kv2rel_key, kv2rel_reason) VALUES ($1, ''invalid_value'')',
                                           v_c.stage_table) USING v_key;
                    END;
                END LOOP;
        END;
        PERFORM set_config('enable_nestloop', 'off', TRUE);
        IF v_c.restore_sql IS NOT NULL THEN
            EXECUTE v_c.restore_sql;
        END IF;
        FOREACH v_sql IN ARRAY v_c.derive_sql LOOP
            EXECUTE v_sql;
        END LOOP;

        -- check and repair: kv2rel.migrate_batch step 4. Only for a batch in which the run reported something on a
        -- migrated key (a repair such as slugified or orphan_reference_nulled): where it reported nothing, every
        -- migrated row passed every rule as mapped, and the checks cannot change it.
        v_recheck_all := TRUE;
        FOR v_pass IN 1 .. 12 LOOP
            EXIT WHEN NOT EXISTS (SELECT 1 FROM kv2rel.run_items AS i
                                   WHERE i.run_id = p_run_id AND i.batch_no = v_b.batch_no
                                     AND i.outcome = 'migrated' AND i.reason_code IS NOT NULL);
            EXECUTE v_c.check_sql USING v_recheck_all;
            v_recheck_all := FALSE;
            EXECUTE format('SELECT array_agg(DISTINCT s.kv2rel_fail) FROM %s AS s'
                           ' WHERE s.kv2rel_fail IS NOT NULL AND s.kv2rel_reason IS NULL', v_c.stage_table)
               INTO v_failed;
            IF v_failed IS NULL THEN
                EXECUTE v_c.unique_sql USING TRUE;
                EXECUTE format('SELECT array_agg(DISTINCT s.kv2rel_fail) FROM %s AS s'
                               ' WHERE s.kv2rel_fail IS NOT NULL AND s.kv2rel_reason IS NULL', v_c.stage_table)
                   INTO v_failed;
                EXIT WHEN v_failed IS NULL;
            END IF;
            EXECUTE format(
                'UPDATE %s AS st'
                ' SET kv2rel_reason = CASE WHEN r.action = ''quarantine'' THEN r.reason_code ELSE r.fallback_code END'
                ' FROM pg_temp.kv2rel_rule_cache AS r'
                ' WHERE r.target_table = $1 AND r.rule_name = st.kv2rel_fail AND st.kv2rel_reason IS NULL'
                ' AND (r.action = ''quarantine'' OR $2'
                ' OR (r.action = ''suffix'' AND coalesce(st.kv2rel_attempt, 1) >= 10)'
                ' OR (r.action <> ''suffix'' AND r.rule_name = ANY (st.kv2rel_applied)))', v_c.stage_table
            ) USING v_c.target_table, v_pass = 12;
            GET DIAGNOSTICS v_rows = ROW_COUNT;
            v_changed := v_rows > 0;
            FOR v_rule IN SELECT r.* FROM pg_temp.kv2rel_rule_cache AS r
                           WHERE r.target_table = v_c.target_table AND r.rule_name = ANY (v_failed)
                             AND r.action <> 'quarantine' LOOP
                v_sql := CASE v_rule.action
                    WHEN 'fix' THEN v_rule.fix_sql
                    WHEN 'nullify' THEN
                        (SELECT string_agg(format('%I = NULL', c), ', ') FROM unnest(v_rule.columns) AS c)
                    ELSE format(
                        '%1$I = coalesce(kv2rel_orig ->> %2$L, %1$I) || format(%3$L, coalesce(kv2rel_attempt, 1) + 1),'
                        ' kv2rel_orig = coalesce(kv2rel_orig, jsonb_build_object(%2$L, %1$I)),'
                        ' kv2rel_attempt = coalesce(kv2rel_attempt, 1) + 1',
                        v_rule.suffix_column, v_rule.suffix_column, v_rule.suffix_format)
                END;
                EXECUTE format(
                    'UPDATE %s SET %s, kv2rel_applied = kv2rel_applied || %L::text,'
                    ' kv2rel_fail = NULL, kv2rel_recheck = TRUE WHERE kv2rel_fail = %L AND kv2rel_reason IS NULL',
                    v_c.stage_table, v_sql, v_rule.rule_name, v_rule.rule_name
                );
                GET DIAGNOSTICS v_rows = ROW_COUNT;
                v_changed := v_changed OR v_rows > 0;
            END LOOP;
            EXIT WHEN NOT v_changed;
        END LOOP;
        PERFORM set_config('enable_nestloop', v_nestloop, TRUE);

        -- the expected rows of the keys the run migrated
        v_gen := kv2rel.generated_columns(v_c.target_table);
        EXECUTE format(
            'INSERT INTO pg_temp.kv2rel_reconcile_expected (entity, target_table, key, id, batch_no, reason, row)'
            ' SELECT $1, $2, i.key, coalesce(st.id, i.target_id), $3, coalesce(st.kv2rel_reason, CASE WHEN st.kv2rel_key IS NULL'
            ' THEN ''not_staged'' END),'
            ' CASE WHEN st.kv2rel_key IS NOT NULL AND st.kv2rel_reason IS NULL'
            ' THEN to_jsonb(jsonb_populate_record(NULL::%1$s, to_jsonb(st))) - $5::text[] END'
            ' FROM kv2rel.run_items AS i LEFT JOIN %2$s AS st ON st.kv2rel_key = i.key'
            ' WHERE i.run_id = $4 AND i.batch_no = $3 AND i.outcome = ''migrated''',
            v_c.target_table, v_c.stage_table
        ) USING v_b.entity, v_c.target_table::text, v_b.batch_no, p_run_id, v_gen;

        -- the configurations' exclusion rows (kv2rel.migrate_exclusions): their sources, per batch
        IF v_b.entity IN ('site_catalog_config', 'site_gift_config') THEN
            EXECUTE format(
                'INSERT INTO pg_temp.kv2rel_reconcile_exclusion_src'
                ' SELECT $1, $2, st.kv2rel_key, st.site_id, coalesce(st.updated_at, now()), k.value,'
                ' ARRAY(SELECT DISTINCT c FROM unnest(ARRAY[CASE WHEN to_jsonb(st) ? ''catalog_id'''
                ' THEN (to_jsonb(st) ->> ''catalog_id'')::uuid END, s.catalog_id]'
                ' || ARRAY(SELECT a.catalog_id FROM public.site_catalog_assignments AS a'
                ' WHERE a.site_id = st.site_id)) AS c WHERE c IS NOT NULL)'
                ' FROM %s AS st JOIN %s AS k ON k.key = st.kv2rel_key'
                ' JOIN kv2rel.run_items AS i ON i.run_id = $3 AND i.key = st.kv2rel_key AND i.outcome = ''migrated'''
                ' LEFT JOIN public.sites AS s ON s.id = st.site_id'
                ' WHERE st.kv2rel_reason IS NULL', v_c.stage_table, v_kv
            ) USING v_b.entity, v_b.batch_no, p_run_id;
        END IF;
    END LOOP;

    -- Exclusion rows: first writer wins (ON CONFLICT DO NOTHING in batch order, keys in byte order).
    IF to_regclass('public.site_product_exclusions') IS NOT NULL THEN
        INSERT INTO pg_temp.kv2rel_reconcile_expected (entity, target_table, key, id, batch_no, row)
        SELECT DISTINCT ON (e.id) e.entity, 'public.site_product_exclusions', e.key, e.id, e.batch_no,
               to_jsonb(jsonb_populate_record(NULL::public.site_product_exclusions, jsonb_build_object(
                   'id', e.id, 'site_id', e.site_id, 'product_id', e.product_id, 'reason', 'excludedSkus ' || e.sku,
                   'legacy_id', e.key, 'extra', '{}'::jsonb, 'created_at', e.changed_at, 'updated_at', e.changed_at)))
          FROM (SELECT DISTINCT ON (x.batch_no, x.site_id, p.product_id)
                       kv2rel.legacy_uuid('site_product_exclusion', x.site_id::text || ':' || p.product_id::text) AS id,
                       x.entity, x.batch_no, x.key, x.site_id, x.changed_at, p.product_id, p.sku
                  FROM pg_temp.kv2rel_reconcile_exclusion_src AS x
                 CROSS JOIN LATERAL jsonb_array_elements(
                        CASE WHEN jsonb_typeof(x.value #> '{exclusions,excludedSkus}') = 'array'
                             THEN x.value #> '{exclusions,excludedSkus}' ELSE '[]' END
                        || CASE WHEN jsonb_typeof(x.value -> 'excludedSkus') = 'array'
                                THEN x.value -> 'excludedSkus' ELSE '[]' END
                       ) AS s (sku)
                 CROSS JOIN LATERAL (
                        SELECT pr.id AS product_id, btrim(s.sku #>> '{}') AS sku
                          FROM public.products AS pr
                         WHERE pr.catalog_id = ANY (x.catalogs) AND pr.sku = btrim(s.sku #>> '{}')
                         ORDER BY pr.catalog_id = x.catalogs[1] DESC, pr.id
                         LIMIT 1
                       ) AS p
                 WHERE jsonb_typeof(s.sku) IN ('string', 'number') AND btrim(s.sku #>> '{}') <> ''
                 ORDER BY x.batch_no, x.site_id, p.product_id, x.key COLLATE "C") AS e
         ORDER BY e.id, e.batch_no;
    END IF;
    IF to_regclass('public.site_category_exclusions') IS NOT NULL THEN
        INSERT INTO pg_temp.kv2rel_reconcile_expected (entity, target_table, key, id, batch_no, row)
        SELECT DISTINCT ON (e.id) e.entity, 'public.site_category_exclusions', e.key, e.id, e.batch_no,
               to_jsonb(jsonb_populate_record(NULL::public.site_category_exclusions, jsonb_build_object(
                   'id', e.id, 'site_id', e.site_id, 'category', e.category, 'reason', 'excludedCategories',
                   'legacy_id', e.key, 'extra', '{}'::jsonb, 'created_at', e.changed_at, 'updated_at', e.changed_at)))
          FROM (SELECT DISTINCT ON (x.batch_no, x.site_id, lower(btrim(c.category #>> '{}')))
                       kv2rel.legacy_uuid('site_category_exclusion',
                                          x.site_id::text || ':' || lower(btrim(c.category #>> '{}'))) AS id,
                       x.entity, x.batch_no, x.key, x.site_id, x.changed_at, btrim(c.category #>> '{}') AS category
                  FROM pg_temp.kv2rel_reconcile_exclusion_src AS x
                 CROSS JOIN LATERAL jsonb_array_elements(
                        CASE WHEN jsonb_typeof(x.value #> '{exclusions,excludedCategories}') = 'array'
                             THEN x.value #> '{exclusions,excludedCategories}' ELSE '[]' END
                        || CASE WHEN jsonb_typeof(x.value -> 'excludedCategories') = 'array'
                                THEN x.value -> 'excludedCategories' ELSE '[]' END
                       ) AS c (category)
                 WHERE jsonb_typeof(c.category) = 'string' AND btrim(c.category #>> '{}') <> ''
                 ORDER BY x.batch_no, x.site_id, lower(btrim(c.category #>> '{}')), x.key COLLATE "C") AS e
         ORDER BY e.id, e.batch_no;
    END IF;

    SELECT count(*) INTO v_total FROM pg_temp.kv2rel_reconcile_expected;
    RETURN v_total;
END
$function$;

COMMENT ON FUNCTION kv2rel.reconcile_expected(bigint, integer[]) IS
'Recompute the rows run p_run_id should have written (all batches, or p_batches) from the KV table with the '
'compiled statements of kv2rel.migrate_compiled (map, restore, derive, constraint repairs) and the exclusion rows '
'of site configurations, into pg_temp.kv2rel_reconcile_expected; returns the row count. Writes only pg_temp.';
