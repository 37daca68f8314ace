-- Function: kv2rel.seed_products
-- Purpose: generate the gifts/products (kv-store.md 3.4) and their catalog links in one set-based statement:
--          each of n_products products under its primary generation (gifts:{id} 70%: the legacy/bulk-import
--          shapes without catalogId in catalog_legacy_default, the multi-catalog shape elsewhere;
--          gift:{env}:{id} 20% CRUD with soft-delete flags; gift:{id} 10% multi-catalog), the copies and
--          value-level hazards of docs/generator.md, the link flags catalog_gifts:{catalogId}:{giftId} of the
--          gifts:{id} products, the per-catalog id arrays catalog_gifts:{catalogId} and the master list gifts:all
--          (ids for even seeds, full gift objects for odd seeds). Returns the seed_emit report.
-- Usage (psql): SELECT kv2rel.seed_products('public.kv'::regclass, 1, kv2rel.seed_scale('small'),
--                                           kv2rel.seed_hazard_shares());
-- requires: seed_emit, seed_params, seed_id, seed_gen, seed_env, seed_ms, seed_hit, seed_word, seed_mask,
-- requires: seed_catalog_of, seed_sku, seed_ts_value

CREATE OR REPLACE FUNCTION kv2rel.seed_products(
    p_kv regclass,
    p_seed bigint,
    p_n jsonb,
    p_h jsonb
)
RETURNS jsonb
VOLATILE
LANGUAGE plpgsql
AS $function$
BEGIN
    RETURN kv2rel.seed_emit(p_kv, p_seed, p_n, p_h, $src$
WITH b AS (
    SELECT p.seed, g.i, p.n_products AS n, p.n_catalogs AS ncat, p.n_sites AS ns,
           p.s_non_uuid_ids > 0 AS legacy_default,
           p.s_non_uuid_ids AS s_nu,
           kv2rel.seed_id(p.seed, 'gift', g.i, p.s_non_uuid_ids) AS id,
           kv2rel.seed_gen(p.seed, 'gift', g.i, 0) AS gen,
           kv2rel.seed_env(p.seed, 'gift', g.i, p.s_environments) AS env,
           kv2rel.seed_catalog_of(g.i, p.n_products, p.n_catalogs) AS k,
           kv2rel.seed_ms(p.seed, 'gift', g.i) AS c_ms,
           kv2rel.seed_int(p.seed, 'gift.age', g.i, 0, 2592000000) AS age_ms,
           kv2rel.seed_int(p.seed, 'gift.variant', g.i, 0, 719) AS v,
           kv2rel.seed_word(p.seed, 'adjective', g.i) AS w_adj,
           kv2rel.seed_word(p.seed, 'product', g.i) AS w_prod,
           kv2rel.seed_word(p.seed, 'category', g.i) AS category,
           kv2rel.seed_sku(p.seed, g.i) AS sku0,
           pg_catalog.trim_scale(pg_catalog.round((5 + kv2rel.seed_rand(p.seed, 'gift.price', g.i) * 295)::numeric, 2))
               AS price,
           kv2rel.seed_int(p.seed, 'gift.qty', g.i, 0, 500) AS qty0,
           kv2rel.seed_rand(p.seed, 'gift.status', g.i) < 0.92 AS active,
           kv2rel.seed_hit(p.seed, 'duplicates', 'gift', g.i, p.n_products, p.s_duplicates) AS h_dup,
           kv2rel.seed_hit(p.seed, 'id_mismatch', 'gift', g.i, p.n_products, p.s_id_mismatch) AS h_idm,
           kv2rel.seed_hit(p.seed, 'mixed_naming', 'gift', g.i, p.n_products, p.s_mixed_naming) AS h_mix,
           kv2rel.seed_hit(p.seed, 'aliases', 'gift', g.i, p.n_products, p.s_aliases) AS h_ali,
           kv2rel.seed_hit(p.seed, 'orphans', 'gift', g.i, p.n_products, p.s_orphans) AS h_orph,
           kv2rel.seed_hit(p.seed, 'bad_enums', 'gift', g.i, p.n_products, p.s_bad_enums) AS h_enum,
           kv2rel.seed_hit(p.seed, 'constraint_traps', 'gift', g.i, p.n_products, p.s_constraint_traps) AS h_trap,
           kv2rel.seed_hit(p.seed, 'duplicate_natural_keys', 'gift', g.i, p.n_products, p.s_duplicate_natural_keys)
               AND g.i > 1
               AND kv2rel.seed_catalog_of(g.i - 1, p.n_products, p.n_catalogs)
                   = kv2rel.seed_catalog_of(g.i, p.n_products, p.n_catalogs)
               AND NOT kv2rel.seed_hit(p.seed, 'whitespace', 'gift', g.i - 1, p.n_products, p.s_whitespace)
               AND NOT kv2rel.seed_hit(p.seed, 'missing_fields', 'gift', g.i - 1, p.n_products, p.s_missing_fields)
               AND NOT kv2rel.seed_hit(p.seed, 'orphans', 'gift', g.i - 1, p.n_products, p.s_orphans)
               AND NOT kv2rel.seed_hit(p.seed, 'duplicate_natural_keys', 'gift', g.i - 1, p.n_products,
                                       p.s_duplicate_natural_keys) AS h_dnk,
           kv2rel.seed_hit(p.seed, 'type_variance', 'gift', g.i, p.n_products, p.s_type_variance) AS h_tv,
           kv2rel.seed_hit(p.seed, 'missing_fields', 'gift', g.i, p.n_products, p.s_missing_fields) AS h_mf,
           kv2rel.seed_hit(p.seed, 'timestamp_formats', 'gift', g.i, p.n_products, p.s_timestamp_formats) AS h_tf,
           kv2rel.seed_hit(p.seed, 'soft_deletes', 'gift', g.i, p.n_products, p.s_soft_deletes) AS h_sd,
           kv2rel.seed_hit(p.seed, 'whitespace', 'gift', g.i, p.n_products, p.s_whitespace) AS h_ws,
           kv2rel.seed_hit(p.seed, 'index_drift', 'gift', g.i, p.n_products, p.s_index_drift) AS h_idx
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_products) AS g (i)
     OFFSET 0
), c AS (
    SELECT b.*,
           b.c_ms + b.age_ms AS u_ms,
           CASE
               WHEN b.gen = 'crud' THEN 'crud_c'
               WHEN b.gen = 'legacy' AND b.k = 1 AND b.legacy_default THEN
                   CASE WHEN b.v % 2 = 0 THEN 'legacy_b' ELSE 'bulk_d' END
               ELSE 'multi_a'
           END AS shape,
           kv2rel.seed_id(b.seed, 'catalog', b.k, b.s_nu) AS real_catalog_id,
           CASE WHEN b.h_dnk THEN kv2rel.seed_sku(b.seed, b.i - 1) END AS partner_sku,
           CASE WHEN b.h_dnk THEN kv2rel.seed_id(b.seed, 'gift', b.i - 1, b.s_nu) END AS partner_id,
           CASE WHEN b.h_tf THEN (ARRAY['seconds', 'offset', 'epoch', 'date'])[1 + b.v % 4] ELSE 'iso' END AS ts_style,
           'https://img.example/' || pg_catalog.lower(pg_catalog.replace(b.w_prod, ' ', '-')) || '-'
               || b.i::text || '.jpg' AS image_url
      FROM b
     OFFSET 0
), d AS (
    SELECT c.*,
           c.h_orph AND c.shape IN ('multi_a', 'crud_c') AS o_catalog,
           c.h_trap AND c.v % 5 = 0 AS t_price_string,
           c.h_trap AND c.v % 5 = 1 AS t_price_missing,
           c.h_trap AND c.v % 5 = 2 AS t_negative_qty,
           c.h_trap AND c.v % 5 = 3 AS t_fractional_qty,
           c.h_trap AND c.v % 5 = 4 AS t_short_name,
           c.h_ali AND c.v % 4 = 0 AS a_image,
           c.h_ali AND c.v % 4 = 1 AS a_stock,
           c.h_ali AND c.v % 4 = 2 AS a_inventory,
           c.h_ali AND c.v % 4 = 3 AND NOT c.h_enum AS a_is_active,
           c.h_tv AND c.v % 3 = 0 AS tv_features,
           c.h_tv AND c.v % 3 = 1 AS tv_specs,
           c.h_tv AND c.v % 3 = 2 AND NOT c.h_trap AS tv_price,
           c.h_mf AND NOT c.h_dnk AND (c.v % 2 = 0 OR c.shape NOT IN ('multi_a', 'crud_c')) AS m_sku,
           c.h_mf AND c.shape IN ('multi_a', 'crud_c') AND (c.v % 2 = 1 OR c.h_dnk) AS m_catalog,
           c.h_idm AND c.v % 2 = 0 AS i_no_id,
           c.h_idm AND c.v % 2 = 1 AS i_other_id,
           c.h_sd AND c.shape = 'crud_c' AS s_deleted,
           c.h_ws AND NOT (c.v % 2 = 1 AND NOT c.h_dnk AND NOT c.h_mf) AS w_name,
           c.h_ws AND c.v % 2 = 1 AND NOT c.h_dnk AND NOT c.h_mf AS w_sku
      FROM c
     OFFSET 0
), e AS (
    SELECT d.*,
           CASE
               WHEN d.o_catalog THEN kv2rel.seed_id(d.seed, 'catalog', d.ncat + 1 + d.v % 7, d.s_nu)
               ELSE d.real_catalog_id
           END AS catalog_id,
           CASE WHEN d.w_name THEN '  ' ELSE '' END
           || CASE WHEN d.t_short_name THEN pg_catalog.left(d.w_adj, 1) ELSE d.w_adj || ' ' || d.w_prod END
           || CASE WHEN d.w_name THEN E' \t' ELSE '' END AS name,
           CASE
               WHEN d.h_dnk AND d.v % 2 = 0 THEN d.partner_sku
               WHEN d.h_dnk THEN pg_catalog.lower(d.partner_sku)
               WHEN d.w_sku THEN d.sku0 || E' \n'
               ELSE d.sku0
           END AS sku,
           CASE
               WHEN d.t_price_string THEN pg_catalog.to_jsonb(d.price::text)
               WHEN d.tv_price THEN pg_catalog.to_jsonb((pg_catalog.round(d.price, 2)::text || '000000000001')::numeric)
               ELSE pg_catalog.to_jsonb(d.price)
           END AS price_j,
           CASE
               WHEN d.t_negative_qty THEN pg_catalog.to_jsonb(-1 - d.v % 10)
               WHEN d.t_fractional_qty THEN pg_catalog.to_jsonb(d.qty0 + 0.5)
               ELSE pg_catalog.to_jsonb(d.qty0)
           END AS qty_j,
           CASE
               WHEN d.h_enum THEN 'archived'
               WHEN d.active THEN 'active'
               ELSE 'inactive'
           END AS status,
           CASE
               WHEN d.tv_features THEN pg_catalog.to_jsonb(d.w_adj || ' design, ' || d.category || ' ready')
               ELSE pg_catalog.jsonb_build_array(d.w_adj || ' design', d.category || ' ready')
           END AS features,
           CASE
               WHEN d.tv_specs THEN pg_catalog.to_jsonb('Color: black; Weight: ' || (1 + d.v % 9)::text || ' kg')
               ELSE pg_catalog.jsonb_build_object('Color', 'black', 'Weight', (1 + d.v % 9)::text || ' kg')
           END AS specs,
           kv2rel.seed_ts_value(d.c_ms, d.ts_style) AS ts_c,
           CASE
               WHEN d.i_other_id AND d.id ~ '^[0-9a-f]{8}-' THEN 'gift-' || d.c_ms::text || '-' || d.i::text
               WHEN d.i_other_id THEN kv2rel.seed_uuid(d.seed, 'gift.otherid', d.i)::text
               ELSE d.id
           END AS value_id
      FROM d
     OFFSET 0
), r AS (
    SELECT e.*,
           k.copy,
           CASE
               WHEN k.copy = 0 THEN e.gen
               WHEN k.copy = 1 THEN CASE e.gen WHEN 'legacy' THEN 'snake' ELSE 'legacy' END
               ELSE 'crud'
           END AS rgen,
           CASE WHEN e.gen = 'crud' THEN e.env ELSE 'production' END AS cenv,
           CASE
               WHEN k.copy > 0 THEN e.u_ms + (CASE WHEN e.v % 2 = 0 THEN 1 ELSE -1 END) * k.copy * 3600000
                                               * (1 + e.v % 48)
               ELSE e.u_ms
           END AS r_ums,
           CASE
               WHEN NOT e.h_dup THEN NULL
               WHEN e.v % 2 = 0 THEN k.copy = CASE WHEN e.gen <> 'crud' AND (e.v / 2) % 2 = 1 THEN 2 ELSE 1 END
               ELSE k.copy = 0
           END AS winner
      FROM e
     CROSS JOIN LATERAL (
         SELECT x.copy
           FROM (VALUES (0), (1), (2)) AS x (copy)
          WHERE x.copy = 0
             OR (e.h_dup AND x.copy = 1)
             OR (e.h_dup AND x.copy = 2 AND e.gen <> 'crud' AND (e.v / 2) % 2 = 1)
         OFFSET 0
     ) AS k
     OFFSET 0
), rows AS (
    SELECT r.*,
           -- the shape of this key: copies take the shape of their generation
           CASE
               WHEN r.copy = 0 THEN r.shape
               WHEN r.rgen = 'crud' THEN 'crud_c'
               WHEN r.rgen = 'legacy' AND r.shape IN ('legacy_b', 'bulk_d') THEN r.shape
               ELSE 'multi_a'
           END AS rshape
      FROM r
     OFFSET 0
), vals AS (
    SELECT rows.*,
           (CASE rows.rshape
                WHEN 'legacy_b' THEN pg_catalog.jsonb_build_object(
                    'id', rows.value_id, 'name', rows.name, 'description', rows.w_adj || ' '
                        || pg_catalog.lower(rows.w_prod),
                    'longDescription', 'A ' || pg_catalog.lower(rows.w_adj) || ' ' || pg_catalog.lower(rows.w_prod)
                        || ' for every ' || pg_catalog.lower(rows.category) || ' occasion.',
                    'image', rows.image_url, 'category', rows.category, 'price', rows.price_j, 'sku', rows.sku,
                    'features', rows.features, 'specifications', rows.specs, 'status', rows.status,
                    'availableQuantity', rows.qty_j, 'createdAt', rows.ts_c, 'updatedAt', kv2rel.seed_iso(rows.r_ums))
                WHEN 'bulk_d' THEN pg_catalog.jsonb_build_object(
                    'id', rows.value_id, 'name', rows.name, 'description', '', 'longDescription', '',
                    'category', rows.category, 'image', '', 'images', '[]'::jsonb, 'sku', rows.sku,
                    'price', rows.price_j, 'retailValue', rows.price_j,
                    'inventory', pg_catalog.jsonb_build_object('total', rows.qty0 + 20, 'available', rows.qty_j,
                                                               'reserved', 20),
                    'status', rows.status,
                    'attributes', pg_catalog.jsonb_build_object('features', rows.w_adj || ', ' || rows.category,
                                                                'specifications', '', 'tags', ''),
                    'inStock', rows.qty0 > 0, 'availableQuantity', rows.qty_j, 'priority', 0, 'quantityLimit', NULL,
                    'createdAt', rows.ts_c, 'updatedAt', kv2rel.seed_iso(rows.r_ums),
                    'siteId', kv2rel.seed_id(rows.seed, 'site', 1 + rows.v % rows.ns, rows.s_nu))
                WHEN 'crud_c' THEN pg_catalog.jsonb_build_object(
                    'id', rows.value_id, 'catalogId', rows.catalog_id, 'name', rows.name,
                    'description', rows.w_adj || ' ' || pg_catalog.lower(rows.w_prod), 'sku',
                        pg_catalog.upper(rows.sku),
                    'price', rows.price_j, 'msrp', pg_catalog.trim_scale(pg_catalog.round(rows.price * 1.25, 2)),
                    'category', pg_catalog.lower(rows.category), 'imageUrl', rows.image_url,
                    'images', pg_catalog.jsonb_build_array(rows.image_url), 'status', rows.status,
                    'inventoryTracking', true, 'inventoryQuantity', rows.qty_j,
                    'tags', CASE WHEN rows.tv_features THEN pg_catalog.to_jsonb(pg_catalog.lower(rows.category)
                        || ',gift')
                                 ELSE pg_catalog.jsonb_build_array(pg_catalog.lower(rows.category), 'gift') END,
                    'specifications', rows.specs, 'createdAt', rows.ts_c, 'createdBy', 'admin-' || (rows.v % 9)::text,
                    'updatedAt', kv2rel.seed_iso(rows.r_ums), 'updatedBy', NULL, 'environmentId', rows.cenv)
                ELSE pg_catalog.jsonb_build_object(
                    'id', rows.value_id, 'catalogId', rows.catalog_id,
                    'source', pg_catalog.jsonb_build_object(
                        'catalogId', rows.catalog_id, 'externalId', 'EXT-' || (70000 + rows.i)::text,
                        'externalSku', rows.sku0 || '-X', 'syncStatus', 'synced',
                        'lastSyncedAt', kv2rel.seed_iso(rows.r_ums)),
                    'name', rows.name, 'description', rows.w_adj || ' ' || pg_catalog.lower(rows.w_prod),
                    'sku', rows.sku,
                    'price', rows.price_j, 'cost', pg_catalog.trim_scale(pg_catalog.round(rows.price * 0.46, 2)),
                    'msrp', pg_catalog.trim_scale(pg_catalog.round(rows.price * 1.3, 2)), 'currency', 'USD',
                    'imageUrl', rows.image_url,
                    'category', rows.category, 'availableQuantity', rows.qty_j, 'status', rows.status,
                    'features', rows.features, 'specifications', rows.specs,
                    'createdAt', rows.ts_c, 'updatedAt', kv2rel.seed_iso(rows.r_ums))
            END
            - pg_catalog.array_remove(ARRAY[
                CASE WHEN rows.i_no_id THEN 'id' END,
                CASE WHEN rows.t_price_missing THEN 'price' END,
                CASE WHEN rows.t_price_missing THEN 'retailValue' END,
                CASE WHEN rows.m_sku THEN 'sku' END,
                CASE WHEN rows.m_catalog THEN 'catalogId' END,
                CASE WHEN rows.a_image THEN 'imageUrl' END,
                CASE WHEN rows.a_image THEN 'image' END,
                CASE WHEN rows.a_stock OR rows.a_inventory OR rows.h_mix THEN 'availableQuantity' END,
                CASE WHEN rows.a_stock OR rows.a_inventory OR rows.h_mix THEN 'inventoryQuantity' END,
                CASE WHEN rows.a_is_active THEN 'status' END,
                CASE WHEN rows.h_mix THEN 'createdAt' END
            ], NULL))
           || CASE
                  WHEN rows.m_catalog AND rows.rshape = 'multi_a'
                      THEN pg_catalog.jsonb_build_object('source', pg_catalog.jsonb_build_object(
                               'externalId', 'EXT-' || (70000 + rows.i)::text, 'syncStatus', 'manual'))
                  ELSE '{}'::jsonb
              END
           || CASE WHEN rows.a_image THEN pg_catalog.jsonb_build_object('image_url', rows.image_url) ELSE '{}' END
           || CASE WHEN rows.a_stock THEN pg_catalog.jsonb_build_object('stock', rows.qty_j) ELSE '{}' END
           || CASE
                  WHEN rows.a_inventory AND rows.rshape <> 'bulk_d' THEN pg_catalog.jsonb_build_object(
                      'inventory', pg_catalog.jsonb_build_object('available', rows.qty_j, 'total', rows.qty0 + 5))
                  ELSE '{}'::jsonb
              END
           || CASE WHEN rows.a_is_active THEN pg_catalog.jsonb_build_object('isActive', rows.active) ELSE '{}' END
           || CASE
                  WHEN rows.h_mix THEN pg_catalog.jsonb_build_object('available_quantity', rows.qty_j,
                                                                      'created_at', rows.ts_c)
                  ELSE '{}'::jsonb
              END
           || CASE
                  WHEN rows.s_deleted AND rows.rshape = 'crud_c' THEN pg_catalog.jsonb_build_object(
                      'deleted', true, 'deletedAt', kv2rel.seed_iso(rows.r_ums + 60000),
                      'deletedBy', 'admin-' || (rows.v % 9)::text)
                  ELSE '{}'::jsonb
              END AS value
      FROM rows
     OFFSET 0
), ent AS (
    SELECT CASE vals.rgen
               WHEN 'legacy' THEN 'gifts:' || vals.id
               WHEN 'snake' THEN 'gift:' || vals.id
               ELSE 'gift:' || vals.cenv || ':' || vals.id
           END AS key,
           vals.value,
           vals.c_ms,
           vals.r_ums AS u_ms,
           CASE vals.rgen WHEN 'legacy' THEN 'gifts:{id}' WHEN 'snake' THEN 'gift:{id}' ELSE 'gift:{env}:{id}' END
               AS family,
           pg_catalog.array_remove(ARRAY[
               CASE WHEN vals.h_dup THEN 'duplicates.cross_generation' END,
               CASE WHEN vals.i_no_id THEN 'id_mismatch.value_id_missing' END,
               CASE WHEN vals.i_other_id THEN 'id_mismatch.value_id_differs' END,
               CASE WHEN vals.id !~ '^[0-9a-f]{8}-' THEN '~non_uuid_ids.legacy_id' END,
               CASE WHEN vals.h_mix THEN 'mixed_naming.camel_with_snake' END,
               CASE WHEN vals.a_image THEN 'aliases.image_url' END,
               CASE WHEN vals.a_stock THEN 'aliases.stock' END,
               CASE WHEN vals.a_inventory THEN 'aliases.inventory_available' END,
               CASE WHEN vals.a_is_active THEN 'aliases.is_active_for_status' END,
               CASE WHEN vals.o_catalog THEN 'orphans.product_missing_catalog' END,
               CASE WHEN vals.h_enum THEN 'bad_enums.product_status_unknown' END,
               CASE WHEN vals.t_price_string THEN 'constraint_traps.price_as_string' END,
               CASE WHEN vals.t_price_missing THEN 'constraint_traps.price_missing' END,
               CASE WHEN vals.t_negative_qty THEN 'constraint_traps.negative_quantity' END,
               CASE WHEN vals.t_fractional_qty THEN 'constraint_traps.fractional_quantity' END,
               CASE WHEN vals.t_short_name THEN 'constraint_traps.name_too_short' END,
               CASE WHEN vals.h_dnk AND vals.v % 2 = 0 THEN 'duplicate_natural_keys.sku_reused' END,
               CASE WHEN vals.h_dnk AND vals.v % 2 = 1 THEN 'duplicate_natural_keys.sku_case_variant' END,
               CASE WHEN vals.tv_features THEN 'type_variance.features_as_string' END,
               CASE WHEN vals.tv_specs THEN 'type_variance.specifications_as_string' END,
               CASE WHEN vals.tv_price THEN 'type_variance.price_float_artifact' END,
               CASE WHEN vals.m_sku THEN 'missing_fields.sku_missing' END,
               CASE WHEN vals.m_catalog AND vals.rshape IN ('multi_a',
                   'crud_c') THEN 'missing_fields.catalog_id_missing'
               END,
               CASE WHEN vals.h_tf THEN 'timestamp_formats.ts_' || vals.ts_style END,
               CASE WHEN vals.s_deleted AND vals.rshape = 'crud_c' THEN 'soft_deletes.deleted_flag' END,
               CASE WHEN vals.w_name THEN 'whitespace.padded_name' END,
               CASE WHEN vals.w_sku THEN 'whitespace.padded_sku' END,
               CASE WHEN vals.rgen = 'crud' AND vals.cenv <> 'production' THEN '~environments.non_default_env' END,
               CASE WHEN vals.copy = 0 AND vals.h_idx AND vals.gen <> 'crud' THEN 'index_drift.not_in_index' END
           ], NULL) AS tags,
           NULLIF(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
               'group', CASE WHEN vals.h_dup THEN 'gift:' || vals.id END,
               'winner', vals.winner,
               'env', CASE WHEN vals.rgen = 'crud' THEN vals.cenv END,
               'missing', CASE WHEN vals.o_catalog THEN 'catalogs:' || vals.catalog_id END,
               'natural_key', CASE WHEN vals.h_dnk THEN 'sku:' || vals.real_catalog_id || ':' || vals.partner_sku END,
               'partner_id', vals.partner_id
           )), '{}'::jsonb) AS detail,
           CASE WHEN vals.copy = 0 THEN kv2rel.seed_mask(ARRAY[
               'duplicates', 'id_mismatch', 'non_uuid_ids', 'mixed_naming', 'aliases', 'bad_enums',
               'constraint_traps', 'duplicate_natural_keys', 'type_variance', 'missing_fields', 'timestamp_formats',
               'whitespace'])
               | CASE WHEN vals.gen = 'crud' THEN kv2rel.seed_mask(ARRAY['environments', 'soft_deletes']) ELSE 0 END
               | CASE WHEN vals.gen <> 'crud' THEN kv2rel.seed_mask(ARRAY['index_drift']) ELSE 0 END
               | CASE WHEN vals.shape IN ('multi_a', 'crud_c') THEN kv2rel.seed_mask(ARRAY['orphans']) ELSE 0 END
           ELSE 0 END AS elig,
           vals.copy, vals.gen, vals.k, vals.i, vals.id, vals.real_catalog_id, vals.o_catalog, vals.h_idx,
           vals.legacy_default
      FROM vals
     OFFSET 0
), links AS (
    -- catalog_gifts:{catalogId}:{giftId}: link flag (true, or the link time) of every gifts:{id} product
    SELECT 'catalog_gifts:' || ent.real_catalog_id || ':' || ent.id AS key,
           CASE WHEN ent.i % 3 = 0 THEN pg_catalog.to_jsonb(kv2rel.seed_iso(ent.c_ms)) ELSE 'true'::jsonb END AS value,
           ent.c_ms, NULL::bigint AS u_ms, 'catalog_gifts:{catalogId}:{giftId}' AS family,
           NULL::text[] AS tags, NULL::jsonb AS detail, 0::bigint AS elig
      FROM ent
     WHERE ent.copy = 0 AND ent.gen = 'legacy' AND NOT ent.o_catalog
     OFFSET 0
), listed AS (
    -- ids an index lists: the non-CRUD primaries with their real catalog, minus index drift
    SELECT ent.k, ent.i, ent.id, ent.value, ent.real_catalog_id
      FROM ent
     WHERE ent.copy = 0 AND ent.gen <> 'crud' AND NOT ent.o_catalog AND NOT ent.h_idx
     OFFSET 0
), cat AS (
    SELECT p.seed, g.k, p.n_catalogs AS ncat, p.n_products AS np,
           kv2rel.seed_id(p.seed, 'catalog', g.k, p.s_non_uuid_ids) AS catalog_id,
           kv2rel.seed_hit(p.seed, 'index_drift', 'catalog_gifts', g.k, p.n_catalogs, p.s_index_drift) AS h_idx,
           ARRAY[kv2rel.seed_id(p.seed, 'gift', p.n_products + 1 + g.k, p.s_non_uuid_ids),
                 kv2rel.seed_id(p.seed, 'gift', p.n_products + 1 + p.n_catalogs + g.k, p.s_non_uuid_ids)] AS dangling
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_catalogs) AS g (k)
     OFFSET 0
), agg AS (
    SELECT l.k, pg_catalog.jsonb_agg(l.id ORDER BY l.i) AS ids
      FROM listed AS l
     GROUP BY l.k
     OFFSET 0
), arrays AS (
    SELECT 'catalog_gifts:' || cat.catalog_id AS key,
           COALESCE(agg.ids, '[]'::jsonb)
           || CASE WHEN cat.h_idx THEN pg_catalog.to_jsonb(cat.dangling) ELSE '[]'::jsonb END
           || CASE WHEN cat.h_idx AND agg.ids IS NOT NULL THEN pg_catalog.jsonb_build_array(agg.ids -> 0)
                   ELSE '[]'::jsonb END AS value,
           NULL::bigint AS c_ms, NULL::bigint AS u_ms, 'catalog_gifts:{catalogId}' AS family,
           CASE WHEN cat.h_idx THEN ARRAY['index_drift.dangling_ids'] END AS tags,
           CASE WHEN cat.h_idx THEN pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
               'dangling', cat.dangling,
               'duplicated', CASE WHEN agg.ids IS NOT NULL THEN pg_catalog.jsonb_build_array(agg.ids -> 0) END))
           END AS detail,
           0::bigint AS elig
      FROM cat
      LEFT JOIN agg ON agg.k = cat.k
     OFFSET 0
), master AS (
    -- gifts:all: the gift master list of the single-catalog era (catalog 1), as ids or as full objects
    SELECT 'gifts:all' AS key,
           COALESCE((SELECT pg_catalog.jsonb_agg(
                                 CASE WHEN p.seed % 2 = 0 THEN pg_catalog.to_jsonb(l.id) ELSE l.value END
                                 ORDER BY l.i)
                       FROM listed AS l WHERE l.k = 1), '[]'::jsonb)
           || CASE WHEN h.drift THEN pg_catalog.jsonb_build_array(h.dangling) ELSE '[]'::jsonb END AS value,
           NULL::bigint AS c_ms, NULL::bigint AS u_ms, 'gifts:all' AS family,
           CASE WHEN h.drift THEN ARRAY['index_drift.dangling_ids'] END AS tags,
           CASE WHEN h.drift THEN pg_catalog.jsonb_build_object('dangling', pg_catalog.jsonb_build_array(h.dangling))
           END AS detail,
           0::bigint AS elig
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN LATERAL (
         SELECT kv2rel.seed_hit(p.seed, 'index_drift', 'gifts_all', 1, 1, p.s_index_drift) AS drift,
                kv2rel.seed_id(p.seed, 'gift', 2 * p.n_products + 1, p.s_non_uuid_ids) AS dangling
     ) AS h
)
SELECT ent.key, ent.value, ent.c_ms, ent.u_ms, ent.family, ent.tags, ent.detail, ent.elig FROM ent
UNION ALL
SELECT links.key, links.value, links.c_ms, links.u_ms, links.family, links.tags, links.detail, links.elig FROM links
UNION ALL
SELECT arrays.key, arrays.value, arrays.c_ms, arrays.u_ms, arrays.family, arrays.tags, arrays.detail, arrays.elig
  FROM arrays
UNION ALL
SELECT master.key, master.value, master.c_ms, master.u_ms, master.family, master.tags, master.detail, master.elig
  FROM master
    $src$);
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_products(regclass, bigint, jsonb, jsonb) IS
'KV generator: write the gifts/products (gifts:{id}, gift:{env}:{id}, gift:{id}) with their hazards, the link '
'flags catalog_gifts:{catalogId}:{giftId}, the arrays catalog_gifts:{catalogId} and gifts:all.';
