-- Function: kv2rel.seed_demo
-- Purpose: generate the demo-seed block (kv-store.md 3.1 (d), 8 "Demo seed", seed-demo-sites.tsx) when non-UUID
--          ids are on: the demo client client:client-demo-stakeholder (no contact email at the missing_fields
--          share) and its alias client:demo-stakeholder (duplicates), five demo sites sites:demo-* with their
--          sites:slug:{slug} pointers and client:client-demo-stakeholder:site:{siteId} copies (duplicates), the
--          demo gifts gift:development:gift-001..gift-010, 15 x 5 site-gift-assignment keys of which those to
--          gift-011..gift-015 name missing gifts (orphans), and 9 employees employee:{siteId}:emp-00n without siteId
--          in the value, reusing emp-001 on several sites (duplicate_natural_keys), four of them on the missing
--          sites demo-birthday and demo-manager-portal (orphans). Each part appears only when its hazard share is
--          above 0; none counts towards the shares. Returns the seed_emit report.
-- Usage (psql): SELECT kv2rel.seed_demo('public.kv'::regclass, 1, kv2rel.seed_scale('small'),
--                                       kv2rel.seed_hazard_shares());
-- requires: seed_emit, seed_params, seed_word, seed_iso

CREATE OR REPLACE FUNCTION kv2rel.seed_demo(
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
WITH p AS (
    SELECT q.*, 1770883200000::bigint AS ms
      FROM kv2rel.seed_params($1, $2, $3) AS q
     WHERE q.s_non_uuid_ids > 0
), sites (n, id, name, validation) AS (
    VALUES (1, 'demo-event-serial-card', 'Conference Serial Card Demo', 'serialCard'),
           (2, 'demo-service-award', 'Service Award Demo', 'email'),
           (3, 'demo-employee-gifting', 'Employee Gifting Demo', 'employeeId'),
           (4, 'demo-holiday-party', 'Holiday Party Demo', 'magicLink'),
           (5, 'demo-onboarding-kit', 'Onboarding Kit Demo', 'email')
), client_value AS (
    SELECT pg_catalog.jsonb_build_object(
               'id', 'client-demo-stakeholder', 'name', 'Demo Stakeholder Co', 'status', 'active',
               'createdAt', kv2rel.seed_iso(p.ms),
               'settings', '{"primaryColor": "#D91C81", "secondaryColor": "#1B2A5E", "accentColor": "#00B4CC"}'::jsonb)
           || CASE WHEN p.s_missing_fields > 0 THEN '{}'::jsonb
                   ELSE '{"contactEmail": "demo@stakeholder.example"}'::jsonb END AS value
      FROM p
), site_value AS (
    SELECT s.n, s.id, pg_catalog.replace(s.id, 'demo-', '') || '-demo' AS slug,
           pg_catalog.jsonb_build_object(
               'id', s.id, 'clientId', 'client-demo-stakeholder', 'name', s.name,
               'slug', pg_catalog.replace(s.id, 'demo-', '') || '-demo', 'status', 'active',
               'createdAt', kv2rel.seed_iso(p.ms + s.n * 1000), 'updatedAt', kv2rel.seed_iso(p.ms + s.n * 1000),
               'settings', pg_catalog.jsonb_build_object(
                   'skipLandingPage', false, 'validationMethod', s.validation,
                   'welcomeMessage', 'Welcome to the ' || s.name, 'shippingOptions', '["standard", "express"]'::jsonb,
                   'showPricing', false, 'enableCelebrations', s.n = 2, 'languages', '["en", "es", "fr"]'::jsonb,
                   'defaultLanguage', 'en'),
               'branding', '{"primaryColor": "#D91C81", "secondaryColor": "#1B2A5E", "accentColor": "#00B4CC",
                             "logoUrl": "https://cdn.example/demo-logo.png"}'::jsonb,
               'landingPage', '{"sections": [{"type": "hero", "title": "Celebrate"}]}'::jsonb,
               'welcomePage', '{"title": "Welcome"}'::jsonb) AS value,
           p.ms + s.n * 1000 AS c_ms, p.s_duplicates > 0 AS copied
      FROM p
     CROSS JOIN sites AS s
), gifts AS (
    SELECT g.i, 'gift-' || pg_catalog.lpad(g.i::text, 3, '0') AS id, p.ms, p.s_orphans > 0 AS orphans
      FROM p
     CROSS JOIN pg_catalog.generate_series(1, 15) AS g (i)
), emps (n, site, emp, name) AS (
    VALUES (1, 'demo-event-serial-card', 1, 'Alex Rivera'), (2, 'demo-event-serial-card', 2, 'Priya Natarajan'),
           (3, 'demo-event-serial-card', 3, 'Tom Becker'), (4, 'demo-service-award', 1, 'Maria Santos'),
           (5, 'demo-service-award', 2, 'Ken Watanabe'), (6, 'demo-birthday', 1, 'Lena Fischer'),
           (7, 'demo-birthday', 2, 'Omar Haddad'), (8, 'demo-manager-portal', 1, 'Grace Kim'),
           (9, 'demo-manager-portal', 2, 'Sam Okafor')
)
SELECT 'client:client-demo-stakeholder' AS key, c.value, p.ms AS c_ms, NULL::bigint AS u_ms, 'client:{id}' AS family,
       pg_catalog.array_remove(ARRAY[
           CASE WHEN p.s_duplicates > 0 THEN 'duplicates.alias_key' END,
           CASE WHEN p.s_missing_fields > 0 THEN 'missing_fields.contact_email_missing' END
       ], NULL) AS tags,
       CASE WHEN p.s_duplicates > 0 THEN '{"group": "client:client-demo-stakeholder", "winner": true}'::jsonb END
           AS detail,
       0::bigint AS elig
  FROM p CROSS JOIN client_value AS c
UNION ALL
SELECT 'client:demo-stakeholder', c.value, p.ms, NULL::bigint, 'client:{id}',
       pg_catalog.array_remove(ARRAY[
           'duplicates.alias_key', 'id_mismatch.key_id_differs',
           CASE WHEN p.s_missing_fields > 0 THEN 'missing_fields.contact_email_missing' END
       ], NULL),
       '{"group": "client:client-demo-stakeholder", "winner": false}'::jsonb, 0::bigint
  FROM p CROSS JOIN client_value AS c
 WHERE p.s_duplicates > 0
UNION ALL
SELECT 'sites:' || s.id, s.value, s.c_ms, NULL::bigint, 'sites:{id}', NULL::text[], NULL::jsonb, 0::bigint
  FROM site_value AS s
UNION ALL
SELECT 'sites:slug:' || s.slug, pg_catalog.jsonb_build_object('siteId', s.id, 'slug', s.slug), s.c_ms, NULL::bigint,
       'sites:slug:{slug}', NULL::text[], NULL::jsonb, 0::bigint
  FROM site_value AS s
UNION ALL
SELECT 'client:client-demo-stakeholder:site:' || s.id, s.value, s.c_ms, NULL::bigint,
       'client:{clientId}:site:{siteId}', ARRAY['duplicates.client_site_copy'],
       pg_catalog.jsonb_build_object('group', 'site:' || s.id), 0::bigint
  FROM site_value AS s
 WHERE s.copied
UNION ALL
SELECT 'gift:development:' || g.id,
       pg_catalog.jsonb_build_object(
           'id', g.id, 'catalogId', 'catalog_legacy_default',
           'name', kv2rel.seed_word(0, 'adjective', g.i) || ' ' || kv2rel.seed_word(0, 'product', g.i),
           'description', 'Demo gift', 'sku', 'DEMO-' || pg_catalog.lpad(g.i::text, 3, '0'), 'price', 25 + g.i * 5,
           'msrp', 30 + g.i * 5, 'category', 'demo', 'imageUrl', 'https://img.example/demo-' || g.i::text || '.jpg',
           'images', '[]'::jsonb, 'status', 'active', 'inventoryTracking', false, 'inventoryQuantity', 100,
           'tags', '["demo"]'::jsonb, 'specifications', '{}'::jsonb, 'createdAt', kv2rel.seed_iso(g.ms),
           'createdBy', NULL, 'updatedAt', kv2rel.seed_iso(g.ms), 'updatedBy', NULL, 'environmentId', 'development'),
       g.ms, NULL::bigint, 'gift:{env}:{id}', NULL::text[], NULL::jsonb, 0::bigint
  FROM gifts AS g
 WHERE g.i <= 10
UNION ALL
SELECT 'site-gift-assignment:' || s.id || ':' || g.id,
       pg_catalog.jsonb_build_object('siteId', s.id, 'giftId', g.id, 'active', true, 'createdAt',
           kv2rel.seed_iso(g.ms)),
       g.ms, NULL::bigint, 'site-gift-assignment:{siteId}:{giftId}',
       CASE WHEN g.i > 10 THEN ARRAY['orphans.assignment_missing_gift'] END,
       CASE WHEN g.i > 10 THEN pg_catalog.jsonb_build_object('missing', 'gift:' || g.id) END, 0::bigint
  FROM site_value AS s
 CROSS JOIN gifts AS g
 WHERE g.i <= 10 OR g.orphans
UNION ALL
SELECT 'employee:' || e.site || ':' || x.id,
       pg_catalog.jsonb_build_object(
           'id', x.id, 'name', e.name,
           'email', pg_catalog.lower(pg_catalog.replace(e.name, ' ', '.')) || '@company.example',
           'employeeId', 'EMP' || pg_catalog.lpad(e.n::text, 3, '0'),
           'serialCard', CASE WHEN e.site = 'demo-event-serial-card' THEN 'CONF2025-' || pg_catalog.upper(
                             kv2rel.seed_b36(0, 'demo.card', e.n, 6)) ELSE '' END,
           'status', 'active', 'department', kv2rel.seed_word(0, 'department', e.n),
           'createdAt', kv2rel.seed_iso(p.ms + e.n * 60000))
       || CASE WHEN e.site = 'demo-manager-portal' THEN '{"role": "manager"}'::jsonb ELSE '{}'::jsonb END,
       p.ms + e.n * 60000, NULL::bigint, 'employee:{siteId}:{empId}',
       pg_catalog.array_remove(ARRAY[
           CASE WHEN e.site IN ('demo-birthday', 'demo-manager-portal') THEN 'orphans.employee_missing_site' END,
           CASE WHEN p.s_duplicate_natural_keys > 0 AND e.emp = 1
               AND e.n > 1 THEN 'duplicate_natural_keys.value_id_reused'
           END
       ], NULL),
       pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
           'missing', CASE WHEN e.site IN ('demo-birthday', 'demo-manager-portal') THEN 'site:' || e.site END,
           'natural_key', CASE WHEN p.s_duplicate_natural_keys > 0 AND e.emp = 1 AND e.n > 1 THEN 'value_id:emp-001' END
       )),
       0::bigint
  FROM p
 CROSS JOIN emps AS e
 CROSS JOIN LATERAL (
     SELECT CASE WHEN p.s_duplicate_natural_keys > 0 THEN 'emp-' || pg_catalog.lpad(e.emp::text, 3, '0')
                 ELSE 'emp-' || pg_catalog.lpad(e.n::text, 3, '0') END AS id
 ) AS x
 WHERE p.s_orphans > 0 OR e.site NOT IN ('demo-birthday', 'demo-manager-portal')
    $src$);
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_demo(regclass, bigint, jsonb, jsonb) IS
'KV generator: write the demo-seed block (demo client and alias, demo sites, demo gifts and assignments, demo '
'employees incl. those of missing sites) whenever non-UUID ids are on; returns the seed_emit report.';
