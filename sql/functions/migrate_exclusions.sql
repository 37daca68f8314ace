-- Function: kv2rel.migrate_exclusions
-- Purpose: the rows a batch of site configurations implies beyond its own table: every SKU of
--          exclusions.excludedSkus (sites:{id}:catalog_config) and excludedSkus (site_configs:{id}) becomes a
--          public.site_product_exclusions row, resolved to a product of the site's catalogs (the configuration's
--          catalog, the site's catalog_id, its site_catalog_assignments); every category of excludedCategories
--          becomes a public.site_category_exclusions row. Called by kv2rel.migrate_batch after the write, for
--          entities site_catalog_config and site_gift_config; only for configurations that were migrated.
-- Usage (psql): called by kv2rel.migrate_batch; SELECT kv2rel.migrate_exclusions(7, 12, 'public.kv_store_6fcaeea3',
--               'pg_temp.kv2rel_stage_public_site_catalog_assignments');
--
-- Rows get deterministic ids (kv2rel.legacy_uuid of site:product and site:category), legacy_id = the
-- configuration's key, are inserted once (ON CONFLICT DO NOTHING: re-runs change nothing) and logged in
-- kv2rel.run_changes. A SKU that matches no product of those catalogs is reported on the configuration's run
-- item (reason unknown_sku, the SKUs named); the configuration itself stays migrated. Returns the rows inserted.

CREATE OR REPLACE FUNCTION kv2rel.migrate_exclusions(
    p_run_id bigint,
    p_batch_no integer,
    p_kv_table regclass,
    p_stage text
)
RETURNS integer
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_products integer;
    v_categories integer;
BEGIN
    -- The lists of every migrated configuration of the batch, with the catalogs its SKUs are looked up in.
    EXECUTE format(
        'CREATE TEMP TABLE kv2rel_exclusion_src ON COMMIT DROP AS'
        ' SELECT st.kv2rel_key AS key, st.site_id, coalesce(st.updated_at, now()) AS changed_at, k.value,'
        ' ARRAY(SELECT DISTINCT c FROM unnest(ARRAY[CASE WHEN to_jsonb(st) ? ''catalog_id'''
        ' THEN (to_jsonb(st) ->> ''catalog_id'')::uuid END, s.catalog_id]'
        ' || ARRAY(SELECT a.catalog_id FROM public.site_catalog_assignments AS a WHERE a.site_id = st.site_id)) AS c'
        ' WHERE c IS NOT NULL) AS catalogs'
        ' FROM %s AS st JOIN %s AS k ON k.key = st.kv2rel_key'
        ' LEFT JOIN public.sites AS s ON s.id = st.site_id'
        ' WHERE st.kv2rel_reason IS NULL', p_stage, p_kv_table
    );
    CREATE TEMP TABLE kv2rel_exclusion_sku ON COMMIT DROP AS
    SELECT x.key, x.site_id, x.changed_at, btrim(e.sku #>> '{}', E' \t\n\r\f\x0B') AS sku,
           (SELECT p.id FROM public.products AS p
             WHERE p.catalog_id = ANY (x.catalogs) AND p.sku = btrim(e.sku #>> '{}', E' \t\n\r\f\x0B')
             ORDER BY p.catalog_id = x.catalogs[1] DESC, p.id
             LIMIT 1) AS product_id
      FROM pg_temp.kv2rel_exclusion_src AS x
     CROSS JOIN LATERAL jsonb_array_elements(
            CASE WHEN jsonb_typeof(x.value #> '{exclusions,excludedSkus}') = 'array'
                 THEN x.value #> '{exclusions,excludedSkus}' ELSE '[]' END
            || CASE WHEN jsonb_typeof(x.value -> 'excludedSkus') = 'array' THEN x.value -> 'excludedSkus' ELSE '[]' END
           ) AS e (sku)
     WHERE jsonb_typeof(e.sku) IN ('string', 'number') AND btrim(e.sku #>> '{}', E' \t\n\r\f\x0B') <> '';

    WITH ins AS (
        INSERT INTO public.site_product_exclusions AS t (
            id, site_id, product_id, reason, legacy_id, created_at, updated_at
        )
        SELECT DISTINCT ON (s.site_id, s.product_id)
               kv2rel.legacy_uuid('site_product_exclusion', s.site_id::text || ':' || s.product_id::text),
               s.site_id, s.product_id, 'excludedSkus ' || s.sku, s.key, s.changed_at, s.changed_at
          FROM pg_temp.kv2rel_exclusion_sku AS s
         WHERE s.product_id IS NOT NULL
         ORDER BY s.site_id, s.product_id, s.key COLLATE "C"
        ON CONFLICT DO NOTHING
        RETURNING t.id, t.legacy_id, hash_record_extended(t, 0) AS written_hash
    )
    INSERT INTO kv2rel.run_changes (run_id, target_table, target_id, action, key, batch_no, written_hash)
    SELECT p_run_id, 'public.site_product_exclusions', ins.id, 'inserted', ins.legacy_id, p_batch_no, ins.written_hash FROM ins;
    GET DIAGNOSTICS v_products = ROW_COUNT;

    WITH ins AS (
        INSERT INTO public.site_category_exclusions AS t (id, site_id, category, reason, legacy_id, created_at,
                                                           updated_at)
        SELECT DISTINCT ON (x.site_id, lower(btrim(c.category #>> '{}', E' \t\n\r\f\x0B')))
               kv2rel.legacy_uuid('site_category_exclusion',
                                  x.site_id::text || ':' || lower(btrim(c.category #>> '{}', E' \t\n\r\f\x0B'))),
               x.site_id, btrim(c.category #>> '{}', E' \t\n\r\f\x0B'), 'excludedCategories', x.key, x.changed_at, x.changed_at
          FROM pg_temp.kv2rel_exclusion_src AS x
         CROSS JOIN LATERAL jsonb_array_elements(
                CASE WHEN jsonb_typeof(x.value #> '{exclusions,excludedCategories}') = 'array'
                     THEN x.value #> '{exclusions,excludedCategories}' ELSE '[]' END
                || CASE WHEN jsonb_typeof(x.value -> 'excludedCategories') = 'array'
                        THEN x.value -> 'excludedCategories' ELSE '[]' END
               ) AS c (category)
         WHERE jsonb_typeof(c.category) = 'string' AND btrim(c.category #>> '{}', E' \t\n\r\f\x0B') <> ''
         ORDER BY x.site_id, lower(btrim(c.category #>> '{}', E' \t\n\r\f\x0B')), x.key COLLATE "C"
        ON CONFLICT DO NOTHING
        RETURNING t.id, t.legacy_id, hash_record_extended(t, 0) AS written_hash
    )
    INSERT INTO kv2rel.run_changes (run_id, target_table, target_id, action, key, batch_no, written_hash)
    SELECT p_run_id, 'public.site_category_exclusions', ins.id, 'inserted', ins.legacy_id, p_batch_no, ins.written_hash FROM ins;
    GET DIAGNOSTICS v_categories = ROW_COUNT;

    -- SKUs that match no product of the site's catalogs: reported on the configuration, which stays migrated.
    UPDATE kv2rel.run_items AS i
       SET reason_code = coalesce(i.reason_code, 'unknown_sku'),
           message = coalesce(i.message || '; ', '') || u.message
      FROM (SELECT s.key, format('excluded SKUs not found in the site''s catalogs (no exclusion created): %s',
                                 string_agg(DISTINCT s.sku, ', ')) AS message
              FROM pg_temp.kv2rel_exclusion_sku AS s
             WHERE s.product_id IS NULL
             GROUP BY s.key) AS u
     WHERE i.run_id = p_run_id AND i.key = u.key;

    DROP TABLE pg_temp.kv2rel_exclusion_src, pg_temp.kv2rel_exclusion_sku;
    RETURN v_products + v_categories;
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_exclusions(bigint, integer, regclass, text) IS
'Derive site_product_exclusions (excludedSkus, resolved within the site''s catalogs) and site_category_exclusions '
'(excludedCategories) from the migrated site configurations of a batch; idempotent, logged in run_changes; unknown '
'SKUs reported as unknown_sku on the configuration.';
