-- Function: kv2rel.seed_site_configs
-- Purpose: generate the per-site configuration keys (kv-store.md 3.5) in one set-based statement:
--          sites:{siteId}:catalog_config (60% of sites; exclusions by SKU and category, not by product id),
--          site_configs:{siteId} (40%; the gift configuration with the KV strategies all | price_levels |
--          exclusions | explicit; written as site_gift_config:{siteId} at the aliases share) and
--          site-gift-assignment:{siteId}:{giftId} join rows (5 to 15 gifts of the site's catalog per site; at the
--          orphans share, a site's first assignment names a missing gift).
--          Hazards: unknown or other-catalog excluded SKUs and assignments to missing gifts (orphans), an unknown
--          strategy (bad_enums), the key-name alias (aliases). Returns the seed_emit report.
-- Usage (psql): SELECT kv2rel.seed_site_configs('public.kv'::regclass, 1, kv2rel.seed_scale('small'),
--                                               kv2rel.seed_hazard_shares());
-- requires: seed_emit, seed_params, seed_id, seed_ms, seed_hit, seed_word, seed_mask, seed_sku, seed_catalog_first

CREATE OR REPLACE FUNCTION kv2rel.seed_site_configs(
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
    SELECT p.seed, g.i, p.n_sites AS n, p.n_products AS np, p.n_catalogs AS ncat, p.s_non_uuid_ids AS s_nu,
           kv2rel.seed_id(p.seed, 'site', g.i, p.s_non_uuid_ids) AS site_id,
           kv2rel.seed_int(p.seed, 'site.catalog', g.i, 1, p.n_catalogs) AS k,
           kv2rel.seed_ms(p.seed, 'site', g.i) + 86400000 * 3 AS c_ms,
           kv2rel.seed_int(p.seed, 'site.config.variant', g.i, 0, 719) AS v,
           kv2rel.seed_rand(p.seed, 'site.catalog_config', g.i) < 0.6 AS has_catalog_config,
           kv2rel.seed_rand(p.seed, 'site.gift_config', g.i) < 0.4 AS has_gift_config,
           kv2rel.seed_int(p.seed, 'site.assignments', g.i, 5, 15) AS n_assign,
           kv2rel.seed_hit(p.seed, 'orphans', 'catalog_config', g.i, p.n_sites, p.s_orphans) AS h_orph,
           kv2rel.seed_hit(p.seed, 'bad_enums', 'gift_config', g.i, p.n_sites, p.s_bad_enums) AS h_enum,
           kv2rel.seed_hit(p.seed, 'aliases', 'gift_config', g.i, p.n_sites, p.s_aliases) AS h_ali,
           p.s_orphans AS s_orphans
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_sites) AS g (i)
    OFFSET 0
), c AS (
    SELECT b.*,
           kv2rel.seed_id(b.seed, 'catalog', b.k, b.s_nu) AS catalog_id,
           kv2rel.seed_catalog_first(b.k, b.np, b.ncat) AS first,
           kv2rel.seed_catalog_first(b.k + 1, b.np, b.ncat) - kv2rel.seed_catalog_first(b.k, b.np, b.ncat) AS size
      FROM b
    OFFSET 0
), excl AS (
    -- up to two excluded SKUs of the site's own catalog, skipping products whose SKU a hazard changes
    SELECT c.i,
           COALESCE(pg_catalog.jsonb_agg(kv2rel.seed_sku(c.seed, x.p) ORDER BY x.p)
                        FILTER (WHERE NOT kv2rel.seed_hit(c.seed, 'whitespace', 'gift', x.p, c.np, w.s_whitespace)
                                  AND NOT kv2rel.seed_hit(c.seed, 'missing_fields', 'gift', x.p, c.np,
                                                          w.s_missing_fields)
                                  AND NOT kv2rel.seed_hit(c.seed, 'duplicate_natural_keys', 'gift', x.p, c.np,
                                                          w.s_duplicate_natural_keys)),
                    '[]'::jsonb) AS skus
      FROM c
     CROSS JOIN kv2rel.seed_params($1, $2, $3) AS w
     CROSS JOIN LATERAL (
         SELECT DISTINCT c.first + pg_catalog.floor(kv2rel.seed_rand(c.seed, 'site.excluded',
             c.i * 2 + j) * c.size)::bigint
           FROM pg_catalog.generate_series(0, 1) AS j
          WHERE c.size > 0 AND c.has_catalog_config
     ) AS x (p)
     GROUP BY c.i
), cfg AS (
    SELECT 'sites:' || c.site_id || ':catalog_config' AS key,
           pg_catalog.jsonb_build_object(
               'siteId', c.site_id, 'catalogId', c.catalog_id, 'isDefault', true, 'priority', 0,
               'exclusions', pg_catalog.jsonb_build_object(
                   'excludedCategories', pg_catalog.jsonb_build_array(kv2rel.seed_word(c.seed, 'category', c.i)),
                   'excludedSkus', COALESCE(e.skus, '[]'::jsonb)
                       || CASE
                              WHEN c.h_orph AND c.v % 2 = 0 THEN pg_catalog.jsonb_build_array('ZZ-'
                                  || kv2rel.seed_pad(c.i, 6))
                              WHEN c.h_orph THEN pg_catalog.jsonb_build_array(
                                  kv2rel.seed_sku(c.seed, CASE WHEN c.first > 1 THEN c.first - 1 ELSE c.np END))
                              ELSE '[]'::jsonb
                          END,
                   'excludedTags', '[]'::jsonb),
               'availability', pg_catalog.jsonb_build_object('hideOutOfStock', c.v % 2 = 0, 'hideDiscontinued', true),
               'updatedAt', kv2rel.seed_iso(c.c_ms), 'updatedBy', 'admin-' || (c.v % 9)::text) AS value,
           c.c_ms, NULL::bigint AS u_ms, 'sites:{siteId}:catalog_config' AS family,
           CASE
               WHEN c.h_orph AND c.v % 2 = 0 THEN ARRAY['orphans.excluded_sku_unknown']
               WHEN c.h_orph THEN ARRAY['orphans.excluded_sku_other_catalog']
           END AS tags,
           CASE WHEN c.h_orph THEN pg_catalog.jsonb_build_object('missing', 'sku:' || c.catalog_id || ':'
               || CASE WHEN c.v % 2 = 0 THEN 'ZZ-' || kv2rel.seed_pad(c.i, 6)
                    ELSE kv2rel.seed_sku(c.seed, CASE WHEN c.first > 1 THEN c.first - 1 ELSE c.np END) END) END
               AS detail,
           kv2rel.seed_mask(ARRAY['orphans']) AS elig
      FROM c
      LEFT JOIN excl AS e ON e.i = c.i
     WHERE c.has_catalog_config
), gcfg AS (
    SELECT CASE WHEN c.h_ali THEN 'site_gift_config:' ELSE 'site_configs:' END || c.site_id AS key,
           pg_catalog.jsonb_build_object(
               'siteId', c.site_id,
               'assignmentStrategy', CASE WHEN c.h_enum THEN 'custom_rules'
                                          ELSE (ARRAY['all', 'price_levels', 'exclusions',
                                              'explicit'])[1 + c.v % 4] END,
               'priceLevels', pg_catalog.jsonb_build_array(
                   pg_catalog.jsonb_build_object('id', 'level-1', 'name', 'Standard', 'minPrice', 0, 'maxPrice', 50),
                   pg_catalog.jsonb_build_object('id', 'level-2', 'name', 'Premium', 'minPrice', 50, 'maxPrice', 150)),
               'selectedLevelId', CASE WHEN c.v % 4 = 1 THEN 'level-' || (1 + c.v / 4 % 2)::text END,
               'excludedSkus', '[]'::jsonb,
               'excludedCategories', pg_catalog.jsonb_build_array(kv2rel.seed_word(c.seed, 'category', c.i + 1)),
               'includedGiftIds', CASE WHEN c.v % 4 = 3 AND c.size > 0 THEN pg_catalog.jsonb_build_array(
                                           kv2rel.seed_id(c.seed, 'gift', c.first, c.s_nu)) ELSE '[]'::jsonb END,
               'updatedAt', kv2rel.seed_iso(c.c_ms)) AS value,
           c.c_ms, NULL::bigint AS u_ms,
           CASE WHEN c.h_ali THEN 'site_gift_config:{siteId}' ELSE 'site_configs:{siteId}' END AS family,
           pg_catalog.array_remove(ARRAY[
               CASE WHEN c.h_enum THEN 'bad_enums.gift_strategy_unknown' END,
               CASE WHEN c.h_ali THEN 'aliases.site_gift_config_key' END
           ], NULL) AS tags,
           NULL::jsonb AS detail,
           kv2rel.seed_mask(ARRAY['bad_enums', 'aliases']) AS elig
      FROM c
     WHERE c.has_gift_config
), asg AS (
    SELECT c.*, a.j,
           a.j = 1 AND kv2rel.seed_hit(c.seed, 'orphans', 'assignment', c.i, c.n, c.s_orphans) AS h_orph_a,
           c.first + (kv2rel.seed_int(c.seed, 'site.assign.offset', c.i, 0, 1000000) + a.j) % GREATEST(c.size, 1)
               AS p
      FROM c
     CROSS JOIN LATERAL pg_catalog.generate_series(1, LEAST(c.n_assign, GREATEST(c.size, 0))) AS a (j)
), asg_rows AS (
    SELECT asg.*,
           kv2rel.seed_id(asg.seed, 'gift', CASE WHEN asg.h_orph_a THEN asg.np + 100 + asg.i * 100 + asg.j
                                                 ELSE asg.p END, asg.s_nu) AS gift_id
      FROM asg
)
SELECT cfg.key, cfg.value, cfg.c_ms, cfg.u_ms, cfg.family, cfg.tags, cfg.detail, cfg.elig FROM cfg
UNION ALL
SELECT gcfg.key, gcfg.value, gcfg.c_ms, gcfg.u_ms, gcfg.family, gcfg.tags, gcfg.detail, gcfg.elig FROM gcfg
UNION ALL
SELECT 'site-gift-assignment:' || a.site_id || ':' || a.gift_id,
       CASE WHEN a.v % 2 = 0 THEN pg_catalog.jsonb_build_object(
                'siteId', a.site_id, 'giftId', a.gift_id, 'active', true, 'createdAt', kv2rel.seed_iso(a.c_ms + a.j))
            ELSE pg_catalog.jsonb_build_object(
                'siteId', a.site_id, 'giftId', a.gift_id, 'priority', a.j - 1, 'quantityLimit', NULL,
                'createdAt', kv2rel.seed_iso(a.c_ms + a.j))
       END,
       a.c_ms + a.j, NULL::bigint, 'site-gift-assignment:{siteId}:{giftId}',
       CASE WHEN a.h_orph_a THEN ARRAY['orphans.assignment_missing_gift'] END,
       CASE WHEN a.h_orph_a THEN pg_catalog.jsonb_build_object('missing', 'gift:' || a.gift_id) END,
       CASE WHEN a.j = 1 THEN kv2rel.seed_mask(ARRAY['orphans']) ELSE 0 END
  FROM asg_rows AS a
    $src$);
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_site_configs(regclass, bigint, jsonb, jsonb) IS
'KV generator: write sites:{siteId}:catalog_config, site_configs:{siteId} (or site_gift_config:{siteId}) and '
'site-gift-assignment:{siteId}:{giftId} keys with their hazards.';
