-- Function: kv2rel.seed_sites
-- Purpose: generate the sites (kv-store.md 3.2) in one set-based statement: each of n_sites logical sites under
--          its primary generation (site:{id} snake_case, site:{env}:{id} CRUD camelCase, sites:{id} demo/legacy
--          shape with settings.validationMethod), its slug pointer (sites:slug:{slug}, or the older
--          site:slug:{slug} at the ambiguous_segments share), the copies its duplicates hazard adds (other
--          generations, sites:{env}:{id}, the denormalised client:{clientId}:site:{siteId}) and the value-level
--          hazards of docs/generator.md. Returns the seed_emit report.
-- Usage (psql): SELECT kv2rel.seed_sites('public.kv'::regclass, 1, kv2rel.seed_scale('small'),
--                                        kv2rel.seed_hazard_shares());
-- requires: seed_emit, seed_params, seed_id, seed_gen, seed_env, seed_ms, seed_hit, seed_word, seed_mask, seed_slug

CREATE OR REPLACE FUNCTION kv2rel.seed_sites(
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
    SELECT p.seed, g.i, p.n_sites AS n, p.n_clients AS nc, p.n_catalogs AS ncat, p.s_non_uuid_ids AS s_nu,
           kv2rel.seed_id(p.seed, 'site', g.i, p.s_non_uuid_ids) AS id,
           kv2rel.seed_gen(p.seed, 'site', g.i, 0) AS gen,
           kv2rel.seed_env(p.seed, 'site', g.i, p.s_environments) AS env,
           kv2rel.seed_int(p.seed, 'site.client', g.i, 1, p.n_clients) AS ci,
           kv2rel.seed_int(p.seed, 'site.catalog', g.i, 1, p.n_catalogs) AS ki,
           kv2rel.seed_ms(p.seed, 'site', g.i) AS c_ms,
           kv2rel.seed_int(p.seed, 'site.age', g.i, 0, 1728000000) AS age_ms,
           kv2rel.seed_int(p.seed, 'site.start', g.i, 10, 40) AS start_days,
           kv2rel.seed_int(p.seed, 'site.length', g.i, 30, 90) AS length_days,
           kv2rel.seed_int(p.seed, 'site.variant', g.i, 0, 719) AS v,
           kv2rel.seed_word(p.seed, 'event', g.i) AS w_event,
           kv2rel.seed_slug(p.seed, g.i, p.n_clients) AS slug0,
           kv2rel.seed_pick(p.seed, 'site.status', g.i,
                            ARRAY['draft', 'active', 'active', 'active', 'active', 'active', 'active', 'active',
                                  'active', 'inactive']) AS status0,
           kv2rel.seed_rand(p.seed, 'ambiguous_segments.site', g.i) < p.s_ambiguous_segments AS old_pointer,
           kv2rel.seed_hit(p.seed, 'duplicates', 'site', g.i, p.n_sites, p.s_duplicates) AS h_dup,
           kv2rel.seed_hit(p.seed, 'id_mismatch', 'site', g.i, p.n_sites, p.s_id_mismatch) AS h_idm,
           kv2rel.seed_hit(p.seed, 'mixed_naming', 'site', g.i, p.n_sites, p.s_mixed_naming) AS h_mix,
           kv2rel.seed_hit(p.seed, 'aliases', 'site', g.i, p.n_sites, p.s_aliases) AS h_ali,
           kv2rel.seed_hit(p.seed, 'orphans', 'site', g.i, p.n_sites, p.s_orphans) AS h_orph,
           kv2rel.seed_hit(p.seed, 'bad_enums', 'site', g.i, p.n_sites, p.s_bad_enums) AS h_enum,
           kv2rel.seed_hit(p.seed, 'constraint_traps', 'site', g.i, p.n_sites, p.s_constraint_traps) AS h_trap,
           kv2rel.seed_hit(p.seed, 'duplicate_natural_keys', 'site', g.i, p.n_sites, p.s_duplicate_natural_keys)
               AND g.i > 1
               AND NOT kv2rel.seed_hit(p.seed, 'constraint_traps', 'site', g.i - 1, p.n_sites, p.s_constraint_traps)
               AND NOT kv2rel.seed_hit(p.seed, 'whitespace', 'site', g.i - 1, p.n_sites, p.s_whitespace)
               AND NOT kv2rel.seed_hit(p.seed, 'missing_fields', 'site', g.i - 1, p.n_sites, p.s_missing_fields)
               AND NOT kv2rel.seed_hit(p.seed, 'duplicate_natural_keys', 'site', g.i - 1, p.n_sites,
                                       p.s_duplicate_natural_keys) AS h_dnk,
           kv2rel.seed_hit(p.seed, 'type_variance', 'site', g.i, p.n_sites, p.s_type_variance) AS h_tv,
           kv2rel.seed_hit(p.seed, 'missing_fields', 'site', g.i, p.n_sites, p.s_missing_fields) AS h_mf,
           kv2rel.seed_hit(p.seed, 'timestamp_formats', 'site', g.i, p.n_sites, p.s_timestamp_formats) AS h_tf,
           kv2rel.seed_hit(p.seed, 'whitespace', 'site', g.i, p.n_sites, p.s_whitespace) AS h_ws,
           kv2rel.seed_hit(p.seed, 'index_drift', 'site', g.i, p.n_sites, p.s_index_drift) AS h_idx
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_sites) AS g (i)
    OFFSET 0
), c AS (
    SELECT b.*,
           b.c_ms + b.age_ms AS u_ms,
           b.c_ms + b.start_days * 86400000 AS start_ms,
           b.c_ms + (b.start_days + b.length_days) * 86400000 AS end_ms,
           kv2rel.seed_id(b.seed, 'client', CASE WHEN b.h_orph THEN b.nc + 1 + b.v % 3 ELSE b.ci END, b.s_nu)
               AS client_id,
           kv2rel.seed_id(b.seed, 'catalog', b.ki, b.s_nu) AS catalog_id,
           kv2rel.seed_word(b.seed, 'company', b.ci) || ' ' || b.w_event AS name0,
           CASE WHEN b.h_dnk THEN kv2rel.seed_slug(b.seed, b.i - 1, b.nc) END AS partner_slug,
           CASE WHEN b.h_dnk THEN kv2rel.seed_id(b.seed, 'site', b.i - 1, b.s_nu) END AS partner_id,
           b.h_trap AND b.v % 4 = 0 AS t_upper_slug,
           b.h_trap AND b.v % 4 = 1 AS t_space_slug,
           b.h_trap AND b.v % 4 = 2 AS t_dates,
           b.h_trap AND b.v % 4 = 3 AS t_short_name,
           b.h_mf AND NOT b.h_trap AND NOT b.h_dnk AS m_slug,
           b.h_ali AND b.v % 3 = 0 AS a_selection,
           b.h_ali AND b.v % 3 = 1 AS a_expiry,
           b.h_ali AND b.v % 3 = 2 AND NOT b.h_enum AS a_is_active,
           b.h_idm AND b.v % 2 = 0 AS i_no_id,
           b.h_idm AND b.v % 2 = 1 AS i_other_id,
           CASE WHEN b.h_tf THEN (ARRAY['seconds', 'offset', 'epoch', 'date'])[1 + b.v % 4] ELSE 'iso' END AS ts_style
      FROM b
    OFFSET 0
), d AS (
    SELECT c.*,
           CASE
               WHEN c.h_ws THEN (ARRAY[' ' || x.base || '  ', x.base || E'\r\n', E'\t' || x.base])[1 + c.v % 3]
               ELSE x.base
           END AS name,
           CASE
               WHEN c.m_slug THEN NULL
               WHEN c.h_dnk THEN c.partner_slug
               WHEN c.t_upper_slug THEN pg_catalog.initcap(c.slug0)
               WHEN c.t_space_slug THEN c.name0 || ' ' || c.i::text
               ELSE c.slug0
           END AS slug,
           CASE
               WHEN c.h_enum THEN (ARRAY['live', 'maintenance', NULL, 'paused'])[1 + c.v % 4]
               ELSE c.status0
           END AS status,
           CASE
               WHEN c.t_dates THEN kv2rel.seed_iso(c.end_ms)
               ELSE kv2rel.seed_iso(c.start_ms)
           END AS start_iso,
           kv2rel.seed_iso(c.end_ms) AS end_iso,
           kv2rel.seed_ts_value(c.c_ms, c.ts_style) AS ts_c,
           CASE
               WHEN c.i_other_id AND c.id ~ '^[0-9a-f]{8}-' THEN 'site-' || c.c_ms::text || '-'
                   || kv2rel.seed_b36(c.seed, 'site.otherid', c.i, 7)
               WHEN c.i_other_id THEN kv2rel.seed_uuid(c.seed, 'site.otherid', c.i)::text
               ELSE c.id
           END AS value_id
      FROM c
     CROSS JOIN LATERAL (
         SELECT CASE WHEN c.t_short_name THEN pg_catalog.left(c.name0, 1) ELSE c.name0 END AS base
     ) AS x
    OFFSET 0
), r AS (
    SELECT d.*,
           k.copy,
           CASE
               WHEN k.copy = 0 THEN d.gen
               WHEN k.copy = 1 THEN CASE d.gen WHEN 'snake' THEN 'crud' ELSE 'snake' END
               WHEN k.copy = 2 THEN 'legacy_env'
               WHEN k.copy = 3 THEN 'client_copy'
               ELSE 'pointer'
           END AS rgen,
           CASE WHEN d.gen = 'crud' THEN d.env ELSE 'production' END AS cenv,
           CASE
               WHEN k.copy IN (1, 2) THEN d.u_ms + (CASE WHEN d.v % 2 = 0 THEN 1 ELSE -1 END) * k.copy * 3600000
                                                   * (1 + d.v % 48)
               ELSE d.u_ms
           END AS r_ums,
           CASE
               WHEN NOT d.h_dup OR k.copy > 2 THEN NULL
               WHEN d.v % 2 = 0 THEN k.copy = 1 + (d.v / 2) % 2
               ELSE k.copy = 0
           END AS winner
      FROM d
     CROSS JOIN LATERAL (
         SELECT x.copy
           FROM (VALUES (0), (1), (2), (3), (4)) AS x (copy)
          WHERE x.copy = 0
             OR (d.h_dup AND x.copy = 1)
             OR (d.h_dup AND x.copy = 2 AND (d.v / 2) % 2 = 1)
             OR (d.h_dup AND x.copy = 3 AND (d.v / 4) % 2 = 1)
             OR (x.copy = 4 AND d.slug IS NOT NULL AND NOT d.h_dnk)
         OFFSET 0
     ) AS k
    OFFSET 0
), v AS (
    SELECT r.*,
           CASE
               WHEN r.rgen = 'pointer' THEN NULL
               WHEN r.rgen = 'snake' THEN pg_catalog.jsonb_build_object(
                   'id', r.value_id, 'client_id', r.client_id, 'catalog_id', r.catalog_id, 'name', r.name,
                   'slug', r.slug, 'status', r.status,
                   'validation_methods', pg_catalog.jsonb_build_array(
                       pg_catalog.jsonb_build_object('type', 'email', 'enabled', true),
                       pg_catalog.jsonb_build_object('type', 'serialCard', 'enabled', r.v % 2 = 0)),
                   'branding', pg_catalog.jsonb_build_object(
                       'logo', 'https://cdn.example/logo-' || r.i::text || '.png',
                       'primaryColor', kv2rel.seed_word(r.seed, 'color', r.i), 'secondaryColor', '#1B2A5E'),
                   'selection_start_date', r.start_iso, 'selection_end_date', r.end_iso,
                   'available_languages', CASE WHEN r.h_tv THEN pg_catalog.to_jsonb('en,fr'::text)
                                               ELSE '["en", "fr"]'::jsonb END,
                   'regional_client_info', pg_catalog.jsonb_build_object(
                       'office_name', kv2rel.seed_word(r.seed, 'city', r.i) || ' office',
                       'contact_email', 'office' || r.i::text || '@example.com'),
                   'created_at', r.ts_c, 'updated_at', kv2rel.seed_iso(r.r_ums))
               WHEN r.rgen = 'crud' THEN pg_catalog.jsonb_build_object(
                   'id', r.value_id, 'clientId', r.client_id, 'catalogId', r.catalog_id, 'name', r.name,
                   'description', r.w_event || ' programme', 'slug', r.slug, 'status', r.status,
                   'startDate', r.start_iso, 'endDate', r.end_iso, 'validationMethods', '["email"]'::jsonb,
                   'settings', pg_catalog.jsonb_build_object(
                       'defaultCurrency', 'USD', 'giftsPerUser', 1,
                       'availabilityStartDate', pg_catalog.left(r.start_iso, 10),
                       'showPricing', CASE WHEN r.h_tv THEN pg_catalog.to_jsonb('Yes'::text) ELSE 'false' END),
                   'branding', pg_catalog.jsonb_build_object('primaryColor', kv2rel.seed_word(r.seed, 'color', r.i)),
                   'createdAt', r.ts_c, 'createdBy', 'admin-' || (r.v % 9)::text,
                   'updatedAt', kv2rel.seed_iso(r.r_ums), 'updatedBy', 'admin-' || (r.v % 9)::text,
                   'environmentId', r.cenv)
               ELSE pg_catalog.jsonb_build_object(
                   'id', r.value_id, 'clientId', r.client_id, 'name', r.name, 'slug', r.slug, 'status', r.status,
                   'createdAt', r.ts_c, 'updatedAt', kv2rel.seed_iso(r.r_ums),
                   'settings', pg_catalog.jsonb_build_object(
                       'skipLandingPage', false, 'validationMethod', 'email',
                       'welcomeMessage', 'Welcome to ' || r.w_event, 'shippingOptions', '["standard"]'::jsonb,
                       'showPricing', CASE WHEN r.h_tv THEN pg_catalog.to_jsonb('No'::text) ELSE 'false' END,
                       'enableCelebrations', r.v % 3 = 0,
                       'languages', CASE WHEN r.h_tv THEN pg_catalog.to_jsonb('en, es'::text)
                                         ELSE '["en", "es"]'::jsonb END,
                       'defaultLanguage', 'en',
                       'availabilityStartDate', pg_catalog.left(r.start_iso, 10),
                       'availabilityEndDate', pg_catalog.left(r.end_iso, 10)),
                   'branding', pg_catalog.jsonb_build_object(
                       'primaryColor', kv2rel.seed_word(r.seed, 'color', r.i), 'secondaryColor', '#1B2A5E',
                       'accentColor', '#00B4CC', 'logoUrl', 'https://cdn.example/logo-' || r.i::text || '.png'),
                   'landingPage', '{"sections": [{"type": "hero"}]}'::jsonb, 'welcomePage', '{}'::jsonb)
           END AS v0
      FROM r
    OFFSET 0
)
SELECT CASE v.rgen
           WHEN 'snake' THEN 'site:' || v.id
           WHEN 'crud' THEN 'site:' || v.cenv || ':' || v.id
           WHEN 'legacy' THEN 'sites:' || v.id
           WHEN 'legacy_env' THEN 'sites:' || v.cenv || ':' || v.id
           WHEN 'client_copy' THEN 'client:' || v.client_id || ':site:' || v.id
           WHEN 'pointer' THEN CASE WHEN v.old_pointer THEN 'site:slug:' ELSE 'sites:slug:' END || v.slug
       END AS key,
       CASE
           WHEN v.rgen = 'pointer' AND v.old_pointer THEN pg_catalog.jsonb_build_object('siteId', v.id)
           WHEN v.rgen = 'pointer' THEN pg_catalog.jsonb_build_object(
               'siteId', v.id, 'slug', v.slug, 'updatedAt', kv2rel.seed_iso(v.r_ums))
           ELSE (v.v0 - pg_catalog.array_remove(ARRAY[
                     CASE WHEN v.i_no_id THEN 'id' END,
                     CASE WHEN v.m_slug THEN 'slug' END,
                     CASE WHEN v.status IS NULL OR v.a_is_active THEN 'status' END,
                     CASE WHEN v.a_selection THEN 'startDate' END,
                     CASE WHEN v.a_selection THEN 'endDate' END,
                     CASE WHEN v.a_selection THEN 'selection_start_date' END,
                     CASE WHEN v.a_selection THEN 'selection_end_date' END,
                     CASE WHEN v.a_expiry THEN 'endDate' END,
                     CASE WHEN v.a_expiry THEN 'selection_end_date' END,
                     CASE WHEN v.h_mix AND v.rgen = 'crud' THEN 'clientId' END
                 ], NULL))
                || CASE WHEN v.a_selection THEN pg_catalog.jsonb_build_object(
                            'selectionStartDate', v.start_iso, 'selectionEndDate', v.end_iso) ELSE '{}'::jsonb END
                || CASE WHEN v.a_expiry
                        THEN pg_catalog.jsonb_build_object('expiryDate', v.end_iso, 'type', 'anniversary')
                        ELSE '{}'::jsonb END
                || CASE WHEN v.a_is_active THEN pg_catalog.jsonb_build_object('isActive', v.status = 'active')
                        ELSE '{}'::jsonb END
                || CASE
                       WHEN v.h_mix AND v.rgen = 'snake' THEN pg_catalog.jsonb_build_object(
                           'settings', pg_catalog.jsonb_build_object('giftsPerUser', 2, 'defaultCurrency', 'EUR',
                                                                     'skipReviewPage', true))
                       WHEN v.h_mix AND v.rgen = 'crud' THEN pg_catalog.jsonb_build_object(
                           'client_id', v.client_id, 'selection_start_date', v.start_iso)
                       WHEN v.h_mix THEN pg_catalog.jsonb_build_object('client_id', v.client_id)
                       ELSE '{}'::jsonb
                   END
       END AS value,
       v.c_ms,
       v.r_ums AS u_ms,
       CASE v.rgen
           WHEN 'snake' THEN 'site:{id}'
           WHEN 'crud' THEN 'site:{env}:{id}'
           WHEN 'legacy' THEN 'sites:{id}'
           WHEN 'legacy_env' THEN 'sites:{env}:{id}'
           WHEN 'client_copy' THEN 'client:{clientId}:site:{siteId}'
           WHEN 'pointer' THEN CASE WHEN v.old_pointer THEN 'site:slug:{slug}' ELSE 'sites:slug:{slug}' END
       END AS family,
       CASE WHEN v.rgen = 'pointer' THEN pg_catalog.array_remove(ARRAY[
           CASE WHEN v.old_pointer THEN '~ambiguous_segments.site_slug_pointer' END,
           CASE WHEN v.t_upper_slug THEN 'constraint_traps.slug_uppercase' END,
           CASE WHEN v.t_space_slug THEN 'constraint_traps.slug_with_spaces' END
       ], NULL)
       ELSE pg_catalog.array_remove(ARRAY[
           CASE WHEN v.h_dup AND v.copy < 3 THEN 'duplicates.cross_generation' END,
           CASE WHEN v.copy = 3 THEN 'duplicates.client_site_copy' END,
           CASE WHEN v.i_no_id THEN 'id_mismatch.value_id_missing' END,
           CASE WHEN v.i_other_id THEN 'id_mismatch.value_id_differs' END,
           CASE WHEN v.id !~ '^[0-9a-f]{8}-' THEN '~non_uuid_ids.legacy_id' END,
           CASE WHEN v.h_mix AND v.rgen = 'snake' THEN 'mixed_naming.snake_with_camel' END,
           CASE WHEN v.h_mix AND v.rgen <> 'snake' THEN 'mixed_naming.camel_with_snake' END,
           CASE WHEN v.a_selection THEN 'aliases.selection_dates' END,
           CASE WHEN v.a_expiry THEN 'aliases.expiry_date' END,
           CASE WHEN v.a_is_active THEN 'aliases.is_active_for_status' END,
           CASE WHEN v.h_orph THEN 'orphans.site_missing_client' END,
           CASE WHEN v.h_enum THEN 'bad_enums.site_status_' || COALESCE(v.status, 'missing') END,
           CASE WHEN v.t_upper_slug THEN 'constraint_traps.slug_uppercase' END,
           CASE WHEN v.t_space_slug THEN 'constraint_traps.slug_with_spaces' END,
           CASE WHEN v.t_dates THEN 'constraint_traps.dates_inverted' END,
           CASE WHEN v.t_short_name THEN 'constraint_traps.name_too_short' END,
           CASE WHEN v.h_dnk THEN 'duplicate_natural_keys.slug_reused' END,
           CASE WHEN v.h_tv THEN 'type_variance.string_for_array_or_boolean' END,
           CASE WHEN v.m_slug THEN 'missing_fields.slug_missing' END,
           CASE WHEN v.h_tf THEN 'timestamp_formats.ts_' || v.ts_style END,
           CASE WHEN v.h_ws THEN 'whitespace.padded_name' END,
           CASE WHEN v.rgen = 'crud' AND v.cenv <> 'production' THEN '~environments.non_default_env' END,
           CASE WHEN v.copy = 0 AND v.h_idx AND v.gen <> 'crud' THEN 'index_drift.not_in_index' END
       ], NULL) END AS tags,
       NULLIF(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
           'group', CASE WHEN v.h_dup AND v.copy < 4 THEN 'site:' || v.id END,
           'winner', v.winner,
           'env', CASE WHEN v.rgen IN ('crud', 'legacy_env') THEN v.cenv END,
           'missing', CASE WHEN v.h_orph AND v.copy < 4 THEN 'client:' || v.client_id END,
           'natural_key', CASE WHEN v.h_dnk AND v.copy < 4 THEN 'slug:' || v.partner_slug END,
           'partner_id', CASE WHEN v.copy < 4 THEN v.partner_id END
       )), '{}'::jsonb) AS detail,
       CASE
           WHEN v.copy = 0 THEN kv2rel.seed_mask(ARRAY[
               'duplicates', 'id_mismatch', 'non_uuid_ids', 'mixed_naming', 'aliases', 'orphans', 'bad_enums',
               'constraint_traps', 'duplicate_natural_keys', 'type_variance', 'missing_fields', 'timestamp_formats',
               'whitespace'])
               | CASE WHEN v.gen = 'crud' THEN kv2rel.seed_mask(ARRAY['environments']) ELSE 0 END
               | CASE WHEN v.gen <> 'crud' THEN kv2rel.seed_mask(ARRAY['index_drift']) ELSE 0 END
           WHEN v.copy = 4 THEN kv2rel.seed_mask(ARRAY['ambiguous_segments'])
           ELSE 0
       END AS elig
  FROM v
    $src$);
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_sites(regclass, bigint, jsonb, jsonb) IS
'KV generator: write the sites (site:{id}, site:{env}:{id}, sites:{id}, sites:{env}:{id}), their slug pointers '
'(sites:slug:{slug}, site:slug:{slug}) and client:{clientId}:site:{siteId} copies, with their hazards.';
