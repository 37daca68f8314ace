-- Function: kv2rel.seed_integrations
-- Purpose: generate environment and integration keys (kv-store.md 1.2, 2.4, 3.10, 3.12, 3.14) in one set-based
--          statement: environments:{id} (production always; development, staging and the custom uat-emea when the
--          environments share is above 0; with a supabaseAnonKey at the secret_keys share), and, for the clients
--          and sites hit by the secret_keys share, HRIS connections hris_connection_hris_conn_{ms}_{rand7} with
--          plaintext credentials, their sync history hris_sync_hris_sync_{ms}_{rand7}, sftp_config:{clientId},
--          webhook:{siteId}:{webhookId} with a signing secret and webhook-delivery:{siteId}:{deliveryId}.
--          Returns the seed_emit report.
-- Usage (psql): SELECT kv2rel.seed_integrations('public.kv'::regclass, 1, kv2rel.seed_scale('small'),
--                                               kv2rel.seed_hazard_shares());
-- requires: seed_emit, seed_params, seed_id, seed_ms, seed_hit, seed_word, seed_mask, seed_b36

CREATE OR REPLACE FUNCTION kv2rel.seed_integrations(
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
    SELECT * FROM kv2rel.seed_params($1, $2, $3)
), envs AS (
    SELECT 'environments:' || x.id AS key,
           pg_catalog.jsonb_build_object(
               'id', x.id, 'name', x.id, 'label', x.label,
               'supabaseUrl', 'https://' || pg_catalog.md5(p.seed::text || x.id)::char(20) || '.supabase.example',
               'description', x.label || ' environment', 'color', x.color, 'badge',
                   pg_catalog.upper(pg_catalog.left(x.id, 3)))
           || CASE WHEN p.s_secret_keys > 0 THEN pg_catalog.jsonb_build_object(
                       'supabaseAnonKey', 'eyJhbGciOiJIUzI1NiJ9.' || kv2rel.seed_b36(p.seed, 'anon', x.n, 32))
                   ELSE '{}'::jsonb END AS value,
           1740787200000::bigint AS c_ms, NULL::bigint AS u_ms, 'environments:{id}' AS family,
           pg_catalog.array_remove(ARRAY[
               CASE WHEN p.s_secret_keys > 0 THEN 'secret_keys.anon_key' END,
               CASE WHEN x.id = 'uat-emea' THEN 'environments.custom_environment' END
           ], NULL) AS tags,
           NULL::jsonb AS detail, 0::bigint AS elig
      FROM p
     CROSS JOIN LATERAL (VALUES
         (1, 'production', 'Production', '#2E7D32'), (2, 'development', 'Development', '#1B2A5E'),
         (3, 'staging', 'Staging', '#F5A623'), (4, 'uat-emea', 'UAT EMEA', '#6A1B9A')
     ) AS x (n, id, label, color)
     WHERE x.id = 'production' OR p.s_environments > 0
), cl AS (
    SELECT p.seed, g.i, p.n_clients AS n, p.n_sites AS ns, p.s_non_uuid_ids AS s_nu,
           kv2rel.seed_id(p.seed, 'client', g.i, p.s_non_uuid_ids) AS client_id,
           kv2rel.seed_hit(p.seed, 'secret_keys', 'client', g.i, p.n_clients, p.s_secret_keys) AS h_secret,
           kv2rel.seed_ms(p.seed, 'hris', g.i) AS ms,
           'hris_conn_' || kv2rel.seed_ms(p.seed, 'hris', g.i)::text || '_' || kv2rel.seed_b36(p.seed, 'hris', g.i, 7)
               AS conn_id
      FROM p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_clients) AS g (i)
), cl_rows AS (
    SELECT 'hris_connection_' || c.conn_id AS key,
           pg_catalog.jsonb_build_object(
               'id', c.conn_id, 'clientId', c.client_id,
               'siteId', kv2rel.seed_id(c.seed, 'site', 1 + c.i % c.ns, c.s_nu),
               'siteIds', pg_catalog.jsonb_build_array(kv2rel.seed_id(c.seed, 'site', 1 + c.i % c.ns, c.s_nu)),
               'providerId', (ARRAY['workday', 'bamboohr', 'adp', 'sftp-csv'])[1 + c.i % 4],
               'providerName', (ARRAY['Workday', 'BambooHR', 'ADP', 'SFTP CSV'])[1 + c.i % 4],
               'displayName', 'HRIS ' || c.i::text,
               'authType', (ARRAY['oauth', 'api_key', 'basic', 'sftp'])[1 + c.i % 4],
               'credentials', pg_catalog.jsonb_build_object(
                   'apiUrl', 'https://hris' || c.i::text || '.example/api',
                   'apiKey', 'hk_' || kv2rel.seed_b36(c.seed, 'hris.key', c.i, 24),
                   'clientId', 'client_' || c.i::text,
                   'clientSecret', kv2rel.seed_b36(c.seed, 'hris.secret', c.i, 28),
                   'username', 'svc_hris', 'password', 'P@ss-' || kv2rel.seed_b36(c.seed, 'hris.pw', c.i, 10)),
               'fieldMapping', '{"email": "work_email", "employeeId": "worker_id"}'::jsonb,
               'syncSchedule', pg_catalog.jsonb_build_object(
                   'enabled', true, 'frequency', 'daily', 'time', '02:00', 'lastSync', kv2rel.seed_iso(c.ms + 86400000),
                   'nextSync', kv2rel.seed_iso(c.ms + 172800000)),
               'syncConfig', '{}'::jsonb, 'status', (ARRAY['inactive', 'active', 'active', 'error'])[1 + c.i % 4],
               'createdAt', kv2rel.seed_iso(c.ms), 'updatedAt', kv2rel.seed_iso(c.ms), 'createdBy', 'system') AS value,
           c.ms AS c_ms, NULL::bigint AS u_ms, 'hris_connection_{id}' AS family,
           ARRAY['secret_keys.plaintext_credentials'] AS tags, NULL::jsonb AS detail,
           kv2rel.seed_mask(ARRAY['secret_keys']) AS elig
      FROM cl AS c
     WHERE c.h_secret
    UNION ALL
    SELECT 'hris_sync_' || x.id,
           pg_catalog.jsonb_build_object(
               'id', x.id, 'connectionId', c.conn_id, 'startTime', kv2rel.seed_iso(x.ms),
               'endTime', kv2rel.seed_iso(x.ms + 2100), 'status', (ARRAY['completed', 'partial',
                   'failed'])[1 + x.j % 3],
               'recordsProcessed', 150, 'recordsCreated', 10, 'recordsUpdated', 135, 'recordsSkipped', 3,
               'recordsFailed', 2,
               'errors', '[{"field": "email", "message": "Invalid email format", "recordId": "emp_12345"}]'::jsonb,
               'summary', 'Synced 150 employees: 10 created, 135 updated, 3 skipped, 2 failed'),
           x.ms, NULL::bigint, 'hris_sync_{id}', NULL::text[], NULL::jsonb, 0::bigint
      FROM cl AS c
     CROSS JOIN LATERAL (
         SELECT g.j, c.ms + g.j * 86400000 AS ms,
                'hris_sync_' || (c.ms + g.j * 86400000)::text || '_'
                    || kv2rel.seed_b36(c.seed, 'hris_sync', c.i * 10 + g.j, 7) AS id
           FROM pg_catalog.generate_series(1, 3) AS g (j)
     ) AS x
     WHERE c.h_secret
    UNION ALL
    SELECT 'sftp_config:' || c.client_id,
           pg_catalog.jsonb_build_object(
               'clientId', c.client_id, 'host', 'sftp' || c.i::text || '.example', 'port', 22,
               'username', 'gifts', 'password', kv2rel.seed_b36(c.seed, 'sftp.pw', c.i, 14), 'path', '/outgoing',
               'updatedAt', kv2rel.seed_iso(c.ms)),
           c.ms, NULL::bigint, 'sftp_config:{clientId}', ARRAY['secret_keys.sftp_password'], NULL::jsonb, 0::bigint
      FROM cl AS c
     WHERE c.h_secret AND c.i % 2 = 1
), st AS (
    SELECT p.seed, g.i,
           kv2rel.seed_id(p.seed, 'site', g.i, p.s_non_uuid_ids) AS site_id,
           kv2rel.seed_hit(p.seed, 'secret_keys', 'site', g.i, p.n_sites, p.s_secret_keys) AS h_secret,
           kv2rel.seed_ms(p.seed, 'webhook', g.i) AS ms,
           'webhook-' || kv2rel.seed_ms(p.seed, 'webhook', g.i)::text || '-'
               || kv2rel.seed_b36(p.seed, 'webhook', g.i, 9) AS webhook_id
      FROM p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_sites) AS g (i)
), st_rows AS (
    SELECT 'webhook:' || s.site_id || ':' || s.webhook_id AS key,
           pg_catalog.jsonb_build_object(
               'id', s.webhook_id, 'siteId', s.site_id, 'name', 'HR system notifier ' || s.i::text,
               'url', 'https://hooks.example/wc/' || s.i::text,
               'secret', 'whsec_' || kv2rel.seed_b36(s.seed, 'webhook.secret', s.i, 24),
               'events', '["order_placed", "order_shipped"]'::jsonb, 'enabled', s.i % 5 <> 0,
               'createdAt', kv2rel.seed_iso(s.ms), 'updatedAt', kv2rel.seed_iso(s.ms)) AS value,
           s.ms AS c_ms, NULL::bigint AS u_ms, 'webhook:{siteId}:{id}' AS family,
           ARRAY['secret_keys.webhook_secret'] AS tags, NULL::jsonb AS detail,
           kv2rel.seed_mask(ARRAY['secret_keys']) AS elig
      FROM st AS s
     WHERE s.h_secret
    UNION ALL
    SELECT 'webhook-delivery:' || s.site_id || ':' || x.id,
           pg_catalog.jsonb_build_object(
               'id', x.id, 'webhookId', s.webhook_id, 'siteId', s.site_id, 'event', 'order_placed',
               'payload', '{"orderNumber": "ORD-2026-000001"}'::jsonb,
               'status', CASE WHEN x.j % 4 = 0 THEN 'failed' ELSE 'success' END,
               'statusCode', CASE WHEN x.j % 4 = 0 THEN 500 ELSE 200 END, 'attemptedAt', kv2rel.seed_iso(x.ms),
               'duration', 120 + x.j),
           x.ms, NULL::bigint, 'webhook-delivery:{siteId}:{id}', NULL::text[], NULL::jsonb, 0::bigint
      FROM st AS s
     CROSS JOIN LATERAL (
         SELECT g.j, s.ms + g.j * 3600000 AS ms,
                'delivery-' || (s.ms + g.j * 3600000)::text || '-'
                    || kv2rel.seed_b36(s.seed, 'delivery', s.i * 10 + g.j, 9)
                    AS id
           FROM pg_catalog.generate_series(1, 5) AS g (j)
     ) AS x
     WHERE s.h_secret
)
SELECT e.key, e.value, e.c_ms, e.u_ms, e.family, e.tags, e.detail, e.elig FROM envs AS e
UNION ALL SELECT c.key, c.value, c.c_ms, c.u_ms, c.family, c.tags, c.detail, c.elig FROM cl_rows AS c
UNION ALL SELECT s.key, s.value, s.c_ms, s.u_ms, s.family, s.tags, s.detail, s.elig FROM st_rows AS s
UNION ALL
-- clients and sites the secret_keys draw skipped: eligible records without a key
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    kv2rel.seed_mask(ARRAY['secret_keys']) FROM cl AS c WHERE NOT c.h_secret
UNION ALL
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    kv2rel.seed_mask(ARRAY['secret_keys']) FROM st AS s WHERE NOT s.h_secret
    $src$);
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_integrations(regclass, bigint, jsonb, jsonb) IS
'KV generator: write environments:{id}, HRIS connections and sync history, sftp_config:{clientId}, webhooks and '
'webhook deliveries, with their secret-bearing fields; returns the seed_emit report.';
