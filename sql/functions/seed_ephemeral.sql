-- Function: kv2rel.seed_ephemeral
-- Purpose: generate the keys a migration must skip (kv-store.md 2.2, 2.3, 2.5, 9.19) in one set-based statement:
--          round(ephemeral_keys share x n_employees) ephemeral keys (at least 20 when the share is above 0), spread
--          over session:{uuid} 40%, magic-link:{uuid} 20%, password_reset:{userId}_{ms}_{rand} 10%,
--          ratelimit:{path}:{user:uuid|ip} 15% (value: a JSON string scalar that contains JSON),
--          health:test:{ms} 5%, test:{id} 5% and demo:{id} 5%; and round(unknown_keys share x n_sites) keys no rule
--          knows (at least 1): snapshot:{date}:{n}, user:{uuid}, environment:{env}:{n}, tmp_import_{rand},
--          sites:list:{env}:{n} (an in-memory cache key that looks like a site) and kvprobe{n}.
--          Returns the seed_emit report.
-- Usage (psql): SELECT kv2rel.seed_ephemeral('public.kv'::regclass, 1, kv2rel.seed_scale('small'),
--                                            kv2rel.seed_hazard_shares());
-- requires: seed_emit, seed_params, seed_id, seed_ms, seed_word, seed_mask, seed_b36, seed_uuid, seed_pad

CREATE OR REPLACE FUNCTION kv2rel.seed_ephemeral(
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
    SELECT q.*,
           CASE WHEN q.s_ephemeral_keys > 0
                THEN GREATEST(20, pg_catalog.round(q.s_ephemeral_keys * q.n_employees))::bigint ELSE 0 END AS n_eph,
           CASE WHEN q.s_unknown_keys > 0
                THEN GREATEST(1, pg_catalog.round(q.s_unknown_keys * q.n_sites))::bigint ELSE 0 END AS n_unk
      FROM kv2rel.seed_params($1, $2, $3) AS q
), eph AS (
    SELECT p.seed, g.i, p.n_employees AS ne, p.n_sites AS ns, p.s_non_uuid_ids AS s_nu,
           CASE
               WHEN g.i % 20 < 8 THEN 'session'
               WHEN g.i % 20 < 12 THEN 'magic-link'
               WHEN g.i % 20 < 14 THEN 'password_reset'
               WHEN g.i % 20 < 17 THEN 'ratelimit'
               WHEN g.i % 20 = 17 THEN 'health'
               WHEN g.i % 20 = 18 THEN 'test'
               ELSE 'demo'
           END AS kind,
           1771027200000 + g.i * 1000 + kv2rel.seed_int(p.seed, 'ephemeral.ms', g.i, 0, 999) AS ms,
           kv2rel.seed_uuid(p.seed, 'ephemeral', g.i)::text AS uuid,
           kv2rel.seed_int(p.seed, 'ephemeral.employee', g.i, 1, GREATEST(p.n_employees, 1)) AS e
      FROM p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_eph) AS g (i)
), eph_rows AS (
    SELECT CASE e.kind
               WHEN 'session' THEN 'session:' || e.uuid
               WHEN 'magic-link' THEN 'magic-link:' || e.uuid
               WHEN 'password_reset' THEN 'password_reset:' || kv2rel.seed_uuid(e.seed, 'admin.auth', 1 + e.i % 5)::text
                   || '_' || e.ms::text || '_' || kv2rel.seed_b36(e.seed, 'password_reset', e.i, 6)
               WHEN 'ratelimit' THEN 'ratelimit:' || (ARRAY['/public/validate', '/public/orders',
                   '/auth/login'])[1 + e.i % 3]
                   || ':' || CASE WHEN e.i % 2 = 0 THEN 'user:' || e.uuid
                                  ELSE '10.' || (e.i % 250)::text || '.' || (e.i / 250 % 250)::text || '.'
                                      || (e.i % 7)::text END
               WHEN 'health' THEN 'health:test:' || e.ms::text
               WHEN 'test' THEN 'test:seed-run-' || kv2rel.seed_pad(e.i, 5)
               ELSE 'demo:snapshot-' || kv2rel.seed_pad(e.i, 5)
           END AS key,
           CASE e.kind
               WHEN 'ratelimit' THEN pg_catalog.to_jsonb(pg_catalog.jsonb_build_object(
                   'count', 1 + e.i % 9, 'resetTime', e.ms + 60000, 'blockedUntil', NULL)::text)
               WHEN 'password_reset' THEN pg_catalog.jsonb_build_object(
                   'userId', kv2rel.seed_uuid(e.seed, 'admin.auth', 1 + e.i % 5)::text,
                   'email', 'admin' || (1 + e.i % 5)::text || '@platform.example',
                   'token', kv2rel.seed_b36(e.seed, 'reset.token', e.i, 32), 'expiresAt',
                       kv2rel.seed_iso(e.ms + 3600000),
                   'createdAt', kv2rel.seed_iso(e.ms), 'used', false)
               WHEN 'health' THEN pg_catalog.jsonb_build_object('timestamp', kv2rel.seed_iso(e.ms), 'test', true)
               WHEN 'test' THEN pg_catalog.jsonb_build_object('note', 'load test record', 'createdAt',
                   kv2rel.seed_iso(e.ms))
               WHEN 'demo' THEN pg_catalog.jsonb_build_object('snapshot', e.i, 'createdAt', kv2rel.seed_iso(e.ms))
               ELSE pg_catalog.jsonb_build_object(
                   'token', e.uuid, 'employeeId', kv2rel.seed_id(e.seed, 'emp', e.e, e.s_nu),
                   'siteId', kv2rel.seed_id(e.seed, 'site', (e.e - 1) % e.ns + 1, e.s_nu),
                   'employeeName', kv2rel.seed_word(e.seed, 'first', e.e) || ' '
                       || kv2rel.seed_word(e.seed, 'last', e.e),
                   'employeeEmail', 'employee' || e.e::text || '@company.example',
                   'createdAt', kv2rel.seed_iso(e.ms), 'expiresAt', kv2rel.seed_iso(e.ms + 86400000))
                   || CASE WHEN e.kind = 'magic-link' THEN pg_catalog.jsonb_build_object('used', e.i % 3 = 0)
                           ELSE '{}'::jsonb END
           END AS value,
           e.ms AS c_ms, NULL::bigint AS u_ms,
           CASE e.kind
               WHEN 'session' THEN 'session:{uuid}'
               WHEN 'magic-link' THEN 'magic-link:{uuid}'
               WHEN 'password_reset' THEN 'password_reset:{userId}_{ms}_{rand}'
               WHEN 'ratelimit' THEN 'ratelimit:{path}:{client}'
               WHEN 'health' THEN 'health:test:{ms}'
               WHEN 'test' THEN 'test:{id}'
               ELSE 'demo:{id}'
           END AS family,
           ARRAY['ephemeral_keys.' || pg_catalog.replace(e.kind, '-', '_')] AS tags,
           NULL::jsonb AS detail,
           kv2rel.seed_mask(ARRAY['ephemeral_keys']) AS elig
      FROM eph AS e
), unk AS (
    SELECT p.seed, g.i,
           CASE g.i % 6
               WHEN 0 THEN 'snapshot:' || pg_catalog.left(kv2rel.seed_iso(1767225600000 + g.i * 86400000), 10) || ':'
                   || g.i::text
               WHEN 1 THEN 'user:' || kv2rel.seed_uuid(p.seed, 'unknown.user', g.i)::text
               WHEN 2 THEN 'environment:' || (ARRAY['production', 'development'])[1 + g.i % 2] || ':' || g.i::text
               WHEN 3 THEN 'tmp_import_' || kv2rel.seed_b36(p.seed, 'unknown.tmp', g.i, 8)
               WHEN 4 THEN 'sites:list:' || (ARRAY['production', 'development'])[1 + g.i % 2] || ':' || g.i::text
               ELSE 'kvprobe' || g.i::text
           END AS key,
           (ARRAY['snapshot', 'user', 'environment', 'tmp_import', 'cache_list',
               'no_separator'])[1 + (g.i % 6)::integer]
               AS code
      FROM p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_unk) AS g (i)
)
SELECT e.key, e.value, e.c_ms, e.u_ms, e.family, e.tags, e.detail, e.elig FROM eph_rows AS e
UNION ALL
-- employees without an ephemeral key: eligible records without a key
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, kv2rel.seed_mask(ARRAY['ephemeral_keys'])
  FROM p
 CROSS JOIN pg_catalog.generate_series(1::bigint, GREATEST(p.n_employees - p.n_eph, 0)) AS g (i)
UNION ALL
SELECT u.key,
       CASE u.code
           WHEN 'cache_list' THEN '["cached"]'::jsonb
           WHEN 'user' THEN pg_catalog.jsonb_build_object('preferences', '{"theme": "dark"}'::jsonb)
           ELSE pg_catalog.jsonb_build_object('n', u.i, 'note', 'unclassified')
       END,
       1771027200000 + u.i, NULL::bigint, 'unknown', ARRAY['unknown_keys.' || u.code], NULL::jsonb,
       kv2rel.seed_mask(ARRAY['unknown_keys'])
  FROM unk AS u
UNION ALL
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, kv2rel.seed_mask(ARRAY['unknown_keys'])
  FROM p
 CROSS JOIN pg_catalog.generate_series(1::bigint, GREATEST(p.n_sites - p.n_unk, 0)) AS g (i)
    $src$);
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_ephemeral(regclass, bigint, jsonb, jsonb) IS
'KV generator: write ephemeral keys (session, magic-link, password_reset, ratelimit, health:test, test:, demo:) '
'and a few unknown keys; returns the seed_emit report.';
