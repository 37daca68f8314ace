-- Function: kv2rel.seed_catalogs
-- Purpose: generate the catalogs (kv-store.md 3.3) in one set-based statement: catalogs:{id} for each of
--          n_catalogs catalogs (catalog 1 is catalog_legacy_default, the single-catalog-era catalog, whenever
--          non-UUID ids are on), their index catalogs:all, and for erp/vendor catalogs the sync log keys
--          catalog_sync_logs:{id}:latest, :list and, at the colon_ids share, :{ISO timestamp} entries. Counts of
--          products follow kv2rel.seed_catalog_of. Hazards: see docs/generator.md. Returns the seed_emit report.
-- Usage (psql): SELECT kv2rel.seed_catalogs('public.kv'::regclass, 1, kv2rel.seed_scale('small'),
--                                           kv2rel.seed_hazard_shares());
-- requires: seed_emit, seed_params, seed_id, seed_ms, seed_hit, seed_word, seed_mask, seed_catalog_first

CREATE OR REPLACE FUNCTION kv2rel.seed_catalogs(
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
    SELECT p.seed, g.k AS i, p.n_catalogs AS n, p.n_clients AS nc, p.s_non_uuid_ids AS s_nu,
           kv2rel.seed_id(p.seed, 'catalog', g.k, p.s_non_uuid_ids) AS id,
           CASE WHEN g.k = 1 THEN 'manual'
                ELSE kv2rel.seed_pick(p.seed, 'catalog.type', g.k, ARRAY['erp', 'vendor', 'manual', 'dropship']) END
               AS type,
           kv2rel.seed_catalog_first(g.k + 1, p.n_products, p.n_catalogs)
               - kv2rel.seed_catalog_first(g.k, p.n_products, p.n_catalogs) AS total,
           kv2rel.seed_ms(p.seed, 'catalog', g.k, 60) AS c_ms,
           kv2rel.seed_int(p.seed, 'catalog.variant', g.k, 0, 719) AS v,
           kv2rel.seed_int(p.seed, 'catalog.owner', g.k, 1, p.n_clients) AS owner,
           kv2rel.seed_pick(p.seed, 'catalog.status', g.k, ARRAY['active', 'active', 'active', 'inactive', 'syncing'])
               AS status0,
           kv2rel.seed_hit(p.seed, 'secret_keys', 'catalog', g.k, p.n_catalogs, p.s_secret_keys) AS h_secret,
           kv2rel.seed_hit(p.seed, 'colon_ids', 'catalog', g.k, p.n_catalogs, p.s_colon_ids) AS h_colon,
           kv2rel.seed_hit(p.seed, 'orphans', 'catalog', g.k, p.n_catalogs, p.s_orphans) AS h_orph,
           kv2rel.seed_hit(p.seed, 'bad_enums', 'catalog', g.k, p.n_catalogs, p.s_bad_enums) AS h_enum,
           kv2rel.seed_hit(p.seed, 'constraint_traps', 'catalog', g.k, p.n_catalogs, p.s_constraint_traps) AS h_trap,
           kv2rel.seed_hit(p.seed, 'timestamp_formats', 'catalog', g.k, p.n_catalogs, p.s_timestamp_formats) AS h_tf,
           kv2rel.seed_hit(p.seed, 'whitespace', 'catalog', g.k, p.n_catalogs, p.s_whitespace) AS h_ws,
           kv2rel.seed_hit(p.seed, 'index_drift', 'catalog', g.k, p.n_catalogs, p.s_index_drift) AS h_idx
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_catalogs) AS g (k)
    OFFSET 0
), c AS (
    SELECT b.*,
           b.c_ms + 86400000 * (1 + b.v % 30) AS u_ms,
           CASE
               WHEN b.i = 1 THEN 'Legacy Product Catalog'
               ELSE kv2rel.seed_word(b.seed, 'company', b.owner) || ' '
                   || CASE b.type WHEN 'erp' THEN 'ERP' ELSE pg_catalog.initcap(b.type) END || ' Catalog'
           END AS name0,
           CASE WHEN b.h_enum AND b.v % 2 = 0 THEN NULL WHEN b.h_enum THEN 'archived' ELSE b.status0 END AS status,
           CASE WHEN b.h_trap THEN b.total + 1 + b.v % 5 ELSE b.total - b.total / 20 END AS active,
           kv2rel.seed_id(b.seed, 'client', CASE WHEN b.h_orph THEN b.nc + 1 + b.v % 3 ELSE b.owner END, b.s_nu)
               AS owner_id,
           b.type IN ('erp', 'vendor') AS synced,
           CASE WHEN b.h_tf THEN (ARRAY['seconds', 'offset', 'epoch', 'date'])[1 + b.v % 4] ELSE 'iso' END AS ts_style
      FROM b
    OFFSET 0
), ent AS (
    SELECT 'catalogs:' || c.id AS key,
           pg_catalog.jsonb_build_object(
               'id', c.id,
               'name', CASE WHEN c.h_ws THEN c.name0 || E'  \n' ELSE c.name0 END,
               'description', CASE WHEN c.i = 1 THEN 'Imported from single-catalog era'
                                   ELSE c.type || ' catalog of ' || kv2rel.seed_word(c.seed, 'company', c.owner) END,
               'type', c.type,
               'source', pg_catalog.jsonb_build_object(
                   'type', CASE c.type WHEN 'manual' THEN 'manual' WHEN 'dropship' THEN 'file' ELSE 'api' END,
                   'sourceSystem', CASE c.type WHEN 'erp' THEN 'SAP' WHEN 'vendor' THEN 'VendorHub' ELSE 'Internal' END,
                   'sourceId', CASE WHEN c.i = 1 THEN 'legacy' ELSE 'src-' || c.i::text END)
                   || CASE
                          WHEN c.synced THEN pg_catalog.jsonb_build_object('apiConfig', pg_catalog.jsonb_build_object(
                              'endpoint', 'https://erp' || c.i::text || '.example/api', 'authType', 'api_key',
                              'syncEndpoint', '/products', 'timeout', 30000, 'retryAttempts', 3,
                              'credentials', CASE
                                  WHEN c.h_secret THEN pg_catalog.jsonb_build_object(
                                      'apiKey', 'sk_live_' || kv2rel.seed_b36(c.seed, 'catalog.key', c.i, 24))
                                  ELSE '{}'::jsonb
                              END))
                          WHEN c.type = 'dropship' THEN pg_catalog.jsonb_build_object('fileConfig',
                              pg_catalog.jsonb_build_object('format', 'csv', 'host', 'ftp' || c.i::text || '.example',
                                                            'port', 21, 'path', '/feed', 'delimiter', ',')
                              || CASE WHEN c.h_secret THEN pg_catalog.jsonb_build_object(
                                          'username', 'feed',
                                          'password', kv2rel.seed_b36(c.seed, 'catalog.pw', c.i, 12))
                                      ELSE '{}'::jsonb END)
                          ELSE '{}'::jsonb
                      END,
               'totalProducts', c.total, 'activeProducts', c.active,
               'settings', pg_catalog.jsonb_build_object(
                   'autoSync', c.synced, 'syncFrequency', CASE WHEN c.synced THEN 'daily' ELSE 'manual' END,
                   'defaultCurrency', 'USD', 'allowSiteOverrides', true, 'trackInventory', true),
               'ownerId', c.owner_id,
               'createdAt', kv2rel.seed_ts_value(c.c_ms, c.ts_style), 'updatedAt', kv2rel.seed_iso(c.u_ms))
           || CASE WHEN c.status IS NULL THEN '{}'::jsonb ELSE pg_catalog.jsonb_build_object('status', c.status) END
           || CASE WHEN c.synced THEN pg_catalog.jsonb_build_object('lastSyncedAt', kv2rel.seed_iso(c.u_ms))
                   ELSE '{}'::jsonb END AS value,
           c.c_ms, c.u_ms, 'catalogs:{id}' AS family,
           pg_catalog.array_remove(ARRAY[
               CASE WHEN c.id !~ '^[0-9a-f]{8}-' THEN '~non_uuid_ids.legacy_id' END,
               CASE WHEN c.h_secret AND c.synced THEN 'secret_keys.api_credentials' END,
               CASE WHEN c.h_colon AND c.synced THEN '~colon_ids.iso_timestamp_key' END,
               CASE WHEN c.h_secret AND c.type = 'dropship' THEN 'secret_keys.file_password' END,
               CASE WHEN c.h_orph THEN 'orphans.catalog_missing_owner' END,
               CASE WHEN c.h_enum AND c.status IS NULL THEN 'bad_enums.catalog_status_missing' END,
               CASE WHEN c.h_enum AND c.status IS NOT NULL THEN 'bad_enums.catalog_status_unknown' END,
               CASE WHEN c.h_trap THEN 'constraint_traps.active_gt_total' END,
               CASE WHEN c.h_tf THEN 'timestamp_formats.ts_' || c.ts_style END,
               CASE WHEN c.h_ws THEN 'whitespace.padded_name' END,
               CASE WHEN c.h_idx THEN 'index_drift.not_in_index' END
           ], NULL) AS tags,
           CASE WHEN c.h_orph THEN pg_catalog.jsonb_build_object('missing', 'client:' || c.owner_id) END AS detail,
           kv2rel.seed_mask(ARRAY['non_uuid_ids', 'orphans', 'bad_enums', 'constraint_traps', 'timestamp_formats',
                                  'whitespace', 'index_drift'])
           | CASE WHEN c.synced OR c.type = 'dropship' THEN kv2rel.seed_mask(ARRAY['secret_keys']) ELSE 0 END
           | CASE WHEN c.synced THEN kv2rel.seed_mask(ARRAY['colon_ids']) ELSE 0 END AS elig
      FROM c
), logs AS (
    SELECT 'catalog_sync_logs:' || c.id || ':' || l.suffix AS key,
           l.value, c.u_ms AS c_ms, NULL::bigint AS u_ms, l.family,
           CASE WHEN l.is_entry THEN ARRAY['~colon_ids.iso_timestamp_key'] END AS tags,
           NULL::jsonb AS detail,
           0::bigint AS elig
      FROM c
     CROSS JOIN LATERAL (
         SELECT 'latest' AS suffix, false AS is_entry, 'catalog_sync_logs:{catalogId}:latest' AS family,
                pg_catalog.jsonb_build_object('catalogId', c.id, 'status', 'completed',
                                              'startedAt', kv2rel.seed_iso(c.u_ms - 120000),
                                              'completedAt', kv2rel.seed_iso(c.u_ms), 'productsSynced', c.total)
                    AS value
         UNION ALL
         SELECT 'list', false, 'catalog_sync_logs:{catalogId}:list',
                pg_catalog.jsonb_build_array(kv2rel.seed_iso(c.u_ms - 172800000), kv2rel.seed_iso(c.u_ms - 86400000),
                                             kv2rel.seed_iso(c.u_ms))
         UNION ALL
         SELECT kv2rel.seed_iso(c.u_ms - (3 - x.n) * 86400000), true, 'catalog_sync_logs:{catalogId}:{timestamp}',
                pg_catalog.jsonb_build_object('catalogId', c.id, 'status', CASE WHEN x.n = 2 THEN 'partial'
                                                                                  ELSE 'completed' END,
                                              'productsSynced', c.total - x.n, 'errors', '[]'::jsonb)
           FROM pg_catalog.generate_series(1, 3) AS x (n)
          WHERE c.h_colon
     ) AS l
     WHERE c.synced
), idx AS (
    SELECT 'catalogs:all' AS key,
           COALESCE((SELECT pg_catalog.jsonb_agg(c.id ORDER BY c.i) FROM c WHERE NOT c.h_idx), '[]'::jsonb)
           || CASE WHEN h.drift THEN pg_catalog.jsonb_build_array(h.dangling) ELSE '[]'::jsonb END AS value,
           NULL::bigint AS c_ms, NULL::bigint AS u_ms, 'catalogs:all' AS family,
           CASE WHEN h.drift THEN ARRAY['index_drift.dangling_ids'] END AS tags,
           CASE WHEN h.drift THEN pg_catalog.jsonb_build_object('dangling', pg_catalog.jsonb_build_array(h.dangling))
           END AS detail,
           0::bigint AS elig
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN LATERAL (
         SELECT kv2rel.seed_hit(p.seed, 'index_drift', 'catalogs_all', 1, 1, p.s_index_drift) AS drift,
                kv2rel.seed_id(p.seed, 'catalog', p.n_catalogs + 11, p.s_non_uuid_ids) AS dangling
     ) AS h
)
SELECT ent.key, ent.value, ent.c_ms, ent.u_ms, ent.family, ent.tags, ent.detail, ent.elig FROM ent
UNION ALL
SELECT logs.key, logs.value, logs.c_ms, logs.u_ms, logs.family, logs.tags, logs.detail, logs.elig FROM logs
UNION ALL
SELECT idx.key, idx.value, idx.c_ms, idx.u_ms, idx.family, idx.tags, idx.detail, idx.elig FROM idx
    $src$);
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_catalogs(regclass, bigint, jsonb, jsonb) IS
'KV generator: write the catalogs (catalogs:{id}, incl. catalog_legacy_default), catalogs:all and the '
'catalog_sync_logs:{catalogId}:latest/:list/:{ISO timestamp} keys, with their hazards.';
