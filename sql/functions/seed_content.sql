-- Function: kv2rel.seed_content
-- Purpose: generate the content and messaging keys (kv-store.md 2.3, 2.4, 3.11 to 3.14) in one set-based
--          statement: email templates (email-template:{id} incl. shipping-notification, delivery-confirmation and
--          the id-less email-template:undefined; CRUD email_template:{env}:{id}), global-template:{id},
--          site-template:{id}, automation-rule:{siteId}:{id}, email-history:{siteId}:{id},
--          scheduled-email:{siteId}:{id}, brands (brand:{uuid}, brand:{env}:{id}), celebrations (celebrations:{id}
--          with its copy celebrations:employee:{recipientId}:{id}, CRUD celebration:{env}:{id}, invites:{id}),
--          scheduled-trigger-log:scheduled-trigger-log-{ms} and mapping_rules:{id}. Returns the seed_emit report.
-- Usage (psql): SELECT kv2rel.seed_content('public.kv'::regclass, 1, kv2rel.seed_scale('small'),
--                                          kv2rel.seed_hazard_shares());
-- requires: seed_emit, seed_params, seed_id, seed_env, seed_ms, seed_hit, seed_word, seed_mask, seed_b36, seed_uuid

CREATE OR REPLACE FUNCTION kv2rel.seed_content(
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
), tmpl AS (
    -- KV email templates: two fixed ids, one per two sites, and email-template:undefined
    SELECT p.seed, x.i, x.id, p.s_id_mismatch, p.s_type_variance,
           kv2rel.seed_ms(p.seed, 'email-template', x.i) AS c_ms,
           kv2rel.seed_hit(p.seed, 'type_variance', 'email-template', x.i, 2 + (p.n_sites + 1) / 2, p.s_type_variance)
               AS h_tv
      FROM p
     CROSS JOIN LATERAL (
         SELECT 1::bigint AS i, 'shipping-notification' AS id
         UNION ALL SELECT 2, 'delivery-confirmation'
         UNION ALL SELECT 2 + g.i, 'tmpl-' || kv2rel.seed_b36(p.seed, 'email-template.id', g.i, 10)
           FROM pg_catalog.generate_series(1::bigint, (p.n_sites + 1) / 2) AS g (i)
         UNION ALL SELECT 0, NULL WHERE p.s_id_mismatch > 0
     ) AS x
), tmpl_rows AS (
    SELECT 'email-template:' || COALESCE(t.id, 'undefined') AS key,
           pg_catalog.jsonb_build_object(
               'name', CASE WHEN t.id IS NULL THEN 'Untitled template'
                            ELSE pg_catalog.initcap(pg_catalog.replace(t.id, '-', ' ')) END,
               'subjectLine', 'Your gift update', 'preheaderText', 'News about your gift',
               'htmlContent', '<p>Hello {{employeeName}}</p>', 'textContent', 'Hello {{employeeName}}',
               'variables', CASE WHEN t.h_tv THEN pg_catalog.to_jsonb('employeeName, orderNumber'::text)
                                 ELSE '["employeeName", "orderNumber"]'::jsonb END,
               'status', 'active', 'usageCount', t.i * 3, 'createdAt', kv2rel.seed_iso(t.c_ms),
               'lastModified', kv2rel.seed_iso(t.c_ms + 86400000), 'modifiedBy', 'admin-1')
           || CASE WHEN t.id IS NULL THEN '{}'::jsonb ELSE pg_catalog.jsonb_build_object('id', t.id) END AS value,
           t.c_ms, NULL::bigint AS u_ms,
           CASE WHEN t.id IS NULL THEN 'email-template:undefined' ELSE 'email-template:{id}' END AS family,
           pg_catalog.array_remove(ARRAY[
               CASE WHEN t.id IS NULL THEN 'id_mismatch.undefined_id' END,
               CASE WHEN t.h_tv AND t.id IS NOT NULL THEN 'type_variance.variables_as_string' END
           ], NULL) AS tags,
           NULL::jsonb AS detail,
           CASE WHEN t.id IS NULL THEN 0 ELSE kv2rel.seed_mask(ARRAY['type_variance']) END AS elig
      FROM tmpl AS t
), glob AS (
    SELECT 'global-template:' || x.id AS key,
           pg_catalog.jsonb_build_object(
               'id', x.id, 'type', x.type, 'name', pg_catalog.initcap(pg_catalog.replace(x.type, '_', ' ')),
               'description', 'Default ' || pg_catalog.replace(x.type, '_', ' ') || ' message',
               'category', CASE WHEN x.type LIKE '%password%' THEN 'system' ELSE 'transactional' END,
               'defaultSubject', pg_catalog.initcap(pg_catalog.replace(x.type, '_', ' ')),
               'defaultHtmlContent', '<p>{{message}}</p>', 'defaultTextContent', '{{message}}',
               'defaultSmsContent', '{{message}}', 'defaultPushTitle', 'Update', 'defaultPushBody', '{{message}}',
               'variables', CASE
                   WHEN h.tv
                       THEN '[{"key": "message", "label": "Message", "description": "Body", "example": "Hi"}]'::jsonb
                   ELSE '["message"]'::jsonb
               END,
               'isSystem', true, 'createdAt', '2025-03-01T00:00:00.000Z', 'updatedAt', '2025-03-01T00:00:00.000Z')
               AS value,
           1740787200000::bigint AS c_ms, NULL::bigint AS u_ms, 'global-template:{id}' AS family,
           CASE WHEN h.tv THEN ARRAY['type_variance.variables_as_objects'] END AS tags,
           NULL::jsonb AS detail,
           kv2rel.seed_mask(ARRAY['type_variance']) AS elig
      FROM p
     CROSS JOIN LATERAL (VALUES
         (1, 'global-invite', 'invite'), (2, 'global-order-confirmation', 'order_confirmation'),
         (3, 'global-shipping-notification', 'shipping_notification'), (4, 'global-password-reset', 'password_reset'),
         (5, 'global-user-password-reset', 'user_password_reset'),
         (6, 'global-delivery-confirmation', 'delivery_confirmation'), (7, 'global-employee-added', 'employee_added'),
         (8, 'global-selection-expiring', 'selection_expiring')
     ) AS x (i, id, type)
     CROSS JOIN LATERAL (
         SELECT kv2rel.seed_hit(p.seed, 'type_variance', 'global-template', x.i, 8, p.s_type_variance) AS tv
     ) AS h
), crud_tmpl AS (
    SELECT 'email_template:' || t.env || ':' || t.id AS key,
           pg_catalog.jsonb_build_object(
               'id', t.id, 'name', 'Client template ' || t.i::text, 'subject', 'A gift for you',
               'body', '<p>Choose your gift</p>', 'templateType', 'invite', 'language', 'en',
               'variables', '["employeeName"]'::jsonb, 'status', (ARRAY['active', 'inactive', 'draft'])[1 + t.i % 3],
               'createdAt', kv2rel.seed_iso(t.c_ms), 'createdBy', NULL, 'updatedAt', kv2rel.seed_iso(t.c_ms),
               'updatedBy', NULL, 'environmentId', t.env) AS value,
           t.c_ms, NULL::bigint AS u_ms, 'email_template:{env}:{id}' AS family,
           CASE WHEN t.env <> 'production' THEN ARRAY['~environments.non_default_env'] END AS tags,
           NULL::jsonb AS detail,
           kv2rel.seed_mask(ARRAY['environments']) AS elig
      FROM (
          SELECT g.i, kv2rel.seed_env(p.seed, 'email_template', g.i, p.s_environments) AS env,
                 'email-template-' || kv2rel.seed_ms(p.seed, 'email_template', g.i)::text || '-'
                     || kv2rel.seed_b36(p.seed, 'email_template.id', g.i, 7) AS id,
                 kv2rel.seed_ms(p.seed, 'email_template', g.i) AS c_ms
            FROM p
           CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_clients) AS g (i)
      ) AS t
), per_site AS (
    SELECT p.seed, g.i AS s, p.n_sites AS ns, p.n_orders AS n_orders,
           kv2rel.seed_id(p.seed, 'site', g.i, p.s_non_uuid_ids) AS site_id,
           kv2rel.seed_ms(p.seed, 'site', g.i) AS c_ms
      FROM p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_sites) AS g (i)
), site_rows AS (
    SELECT CASE x.kind
               WHEN 'site-template' THEN 'site-template:' || x.id
               ELSE x.kind || ':' || s.site_id || ':' || x.id
           END AS key,
           CASE x.kind
               WHEN 'site-template' THEN pg_catalog.jsonb_build_object(
                   'id', x.id, 'siteId', s.site_id,
                   'globalTemplateId', CASE WHEN x.j = 1 THEN 'global-invite' ELSE 'global-order-confirmation' END,
                   'type', CASE WHEN x.j = 1 THEN 'invite' ELSE 'order_confirmation' END,
                   'name', 'Site template ' || x.j::text, 'emailEnabled', true, 'subject', 'Hello from your site',
                   'htmlContent', '<p>Hi</p>', 'textContent', 'Hi', 'pushEnabled', false, 'smsEnabled', false,
                   'enabled', true, 'createdAt', kv2rel.seed_iso(x.ms), 'updatedAt', kv2rel.seed_iso(x.ms))
               WHEN 'automation-rule' THEN pg_catalog.jsonb_build_object(
                   'id', x.id, 'siteId', s.site_id, 'name', 'Rule ' || x.j::text, 'description', 'Automatic email',
                   'trigger', (ARRAY['employee_added', 'order_placed', 'order_shipped',
                       'selection_expiring'])[1 + x.j % 4],
                   'templateId', 'shipping-notification', 'enabled', true,
                   'conditions', pg_catalog.jsonb_build_object('daysBeforeExpiry', 3, 'timeOfDay', '09:00'),
                   'createdAt', kv2rel.seed_iso(x.ms), 'updatedAt', kv2rel.seed_iso(x.ms), 'createdBy', 'admin-1')
               WHEN 'email-history' THEN pg_catalog.jsonb_build_object(
                   'id', x.id, 'siteId', s.site_id, 'templateId', 'shipping-notification',
                   'ruleId', NULL, 'trigger', 'order_shipped',
                   'recipientEmail', 'employee' || x.j::text || '@company.example', 'subject', 'Your gift shipped',
                   'messageId', '<' || x.id || '@mail.example>',
                   'status', (ARRAY['sent', 'sent', 'sent', 'failed', 'bounced'])[1 + x.j % 5],
                   'sentAt', kv2rel.seed_iso(x.ms),
                   'context', pg_catalog.jsonb_build_object(
                       'recipientEmail', 'employee' || x.j::text || '@company.example',
                       'variables', pg_catalog.jsonb_build_object('selectionEnd', 'December 31, 2026')))
               ELSE pg_catalog.jsonb_build_object(
                   'id', x.id, 'siteId', s.site_id, 'trigger', 'selection_expiring', 'context', '{}'::jsonb,
                   'scheduledFor', kv2rel.seed_iso(x.ms + 604800000),
                   'status', (ARRAY['pending', 'sent', 'failed', 'cancelled'])[1 + x.j % 4],
                   'createdAt', kv2rel.seed_iso(x.ms), 'createdBy', 'system')
           END AS value,
           x.ms AS c_ms, NULL::bigint AS u_ms,
           CASE x.kind
               WHEN 'site-template' THEN 'site-template:{id}'
               ELSE x.kind || ':{siteId}:{id}'
           END AS family,
           NULL::text[] AS tags, NULL::jsonb AS detail, 0::bigint AS elig
      FROM per_site AS s
     CROSS JOIN LATERAL (
         SELECT 'site-template' AS kind, g.j, 1740787200000 + s.s * 100000 + g.j AS ms,
                'site-template-' || (1740787200000 + s.s * 100000 + g.j)::text AS id
           FROM pg_catalog.generate_series(1, 2) AS g (j)
         UNION ALL
         SELECT 'automation-rule', g.j, s.c_ms + g.j * 3600000,
                'rule-' || (s.c_ms + g.j * 3600000)::text || '-' || kv2rel.seed_b36(s.seed, 'rule', s.s * 10 + g.j, 9)
           FROM pg_catalog.generate_series(1, 1 + (s.s % 2)::integer) AS g (j)
         UNION ALL
         SELECT 'email-history', g.j, s.c_ms + g.j * 7200000,
                'history-' || (s.c_ms + g.j * 7200000)::text || '-'
                    || kv2rel.seed_b36(s.seed, 'history', s.s * 1000 + g.j, 9)
           FROM pg_catalog.generate_series(1, 2 + (s.n_orders * 3 / 100 / s.ns)::integer) AS g (j)
         UNION ALL
         SELECT 'scheduled-email', g.j, s.c_ms + g.j * 86400000,
                'scheduled-' || (s.c_ms + g.j * 86400000)::text || '-'
                    || kv2rel.seed_b36(s.seed, 'scheduled', s.s * 10 + g.j, 9)
           FROM pg_catalog.generate_series(1, 1 + (s.s % 3)::integer) AS g (j)
     ) AS x
), brands AS (
    SELECT p.seed, g.i, x.crud, p.s_non_uuid_ids AS s_nu,
           kv2rel.seed_id(p.seed, 'client', g.i, p.s_non_uuid_ids) AS client_id,
           kv2rel.seed_word(p.seed, 'company', g.i) AS company,
           kv2rel.seed_env(p.seed, 'brand', g.i, p.s_environments) AS env,
           kv2rel.seed_ms(p.seed, 'brand', g.i) AS c_ms,
           x.crud AND kv2rel.seed_hit(p.seed, 'duplicate_natural_keys', 'brand', g.i, p.n_clients,
                                      p.s_duplicate_natural_keys) AS h_dnk
      FROM p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_clients) AS g (i)
     CROSS JOIN LATERAL (VALUES (false), (true)) AS x (crud)
     WHERE NOT x.crud OR g.i % 2 = 1
), brand_rows AS (
    SELECT CASE WHEN b.crud THEN 'brand:' || b.env || ':' || x.id ELSE 'brand:' || x.id END AS key,
           pg_catalog.jsonb_build_object(
               'id', x.id, 'clientId', b.client_id, 'clientName', b.company,
               'name', b.company || CASE WHEN b.crud AND NOT b.h_dnk THEN ' Rewards' ELSE ' Brand' END,
               'description', 'Brand of ' || b.company, 'primaryColor', '#D91C81', 'secondaryColor', '#1B2A5E',
               'tertiaryColor', '#00B4CC', 'backgroundColor', '#FFFFFF', 'textColor', '#111111',
               'headingFont', 'inter', 'bodyFont', 'inter', 'logoUrl', 'https://cdn.example/brand-' || b.i::text
                   || '.svg',
               'faviconUrl', 'https://cdn.example/favicon-' || b.i::text || '.ico',
               'contactEmail', 'brand@' || pg_catalog.lower(b.company) || '.example', 'contactPhone', '',
               'websiteUrl', 'https://' || pg_catalog.lower(b.company) || '.example', 'status', 'active',
               'createdAt', kv2rel.seed_iso(b.c_ms), 'updatedAt', kv2rel.seed_iso(b.c_ms))
           || CASE WHEN b.crud THEN pg_catalog.jsonb_build_object('environmentId', b.env) ELSE '{}'::jsonb END AS value,
           b.c_ms, NULL::bigint AS u_ms,
           CASE WHEN b.crud THEN 'brand:{env}:{id}' ELSE 'brand:{uuid}' END AS family,
           pg_catalog.array_remove(ARRAY[
               CASE WHEN b.h_dnk THEN 'duplicate_natural_keys.brand_name_reused' END,
               CASE WHEN b.crud AND x.id !~ '^[0-9a-f]{8}-' THEN '~non_uuid_ids.legacy_id' END,
               CASE WHEN b.crud AND b.env <> 'production' THEN '~environments.non_default_env' END
           ], NULL) AS tags,
           CASE WHEN b.h_dnk THEN pg_catalog.jsonb_build_object(
               'natural_key', 'brand_name:' || b.client_id || ':' || b.company || ' Brand',
               'partner_id', kv2rel.seed_uuid(b.seed, 'brand', b.i)::text) END AS detail,
           CASE WHEN b.crud THEN kv2rel.seed_mask(ARRAY['duplicate_natural_keys', 'non_uuid_ids', 'environments'])
                ELSE 0 END AS elig
      FROM brands AS b
     CROSS JOIN LATERAL (
         SELECT CASE WHEN b.crud THEN kv2rel.seed_id(b.seed, 'brand', b.i, b.s_nu)
                     ELSE kv2rel.seed_uuid(b.seed, 'brand', b.i)::text END AS id
     ) AS x
), cel AS (
    SELECT p.seed, g.i, p.s_duplicates > 0 AS copied,
           kv2rel.seed_int(p.seed, 'celebration.recipient', g.i, 1, p.n_employees) AS e,
           kv2rel.seed_ms(p.seed, 'celebration', g.i) AS c_ms,
           'celebration-' || kv2rel.seed_ms(p.seed, 'celebration', g.i)::text || '-'
               || kv2rel.seed_b36(p.seed, 'celebration.id', g.i, 9) AS id,
           p.s_non_uuid_ids AS s_nu
      FROM p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_celebrations) AS g (i)
), cel_rows AS (
    SELECT CASE WHEN x.copy THEN 'celebrations:employee:' || r.recipient || ':' || c.id ELSE 'celebrations:' || c.id END
               AS key,
           pg_catalog.jsonb_build_object(
               'id', c.id, 'recipientId', r.recipient,
               'recipientName', kv2rel.seed_word(c.seed, 'first', c.e) || ' ' || kv2rel.seed_word(c.seed, 'last', c.e),
               'milestoneId', 'milestone-' || (1 + c.i % 6)::text,
               'milestoneName', kv2rel.seed_word(c.seed, 'milestone', c.i), 'message', 'Congratulations!',
               'from', kv2rel.seed_word(c.seed, 'first', c.i + 7), 'createdAt', kv2rel.seed_iso(c.c_ms),
               'visibility', CASE WHEN c.i % 4 = 0 THEN 'private' ELSE 'public' END, 'likes', c.i % 17,
               'shares', c.i % 5) AS value,
           c.c_ms, NULL::bigint AS u_ms,
           CASE WHEN x.copy THEN 'celebrations:employee:{recipientId}:{id}' ELSE 'celebrations:{id}' END AS family,
           ARRAY['duplicates.celebration_copy'] AS tags,
           pg_catalog.jsonb_build_object('group', 'celebration:' || c.id, 'winner', NOT x.copy) AS detail,
           0::bigint AS elig
      FROM cel AS c
     CROSS JOIN LATERAL (SELECT kv2rel.seed_id(c.seed, 'emp', c.e, c.s_nu) AS recipient) AS r
     CROSS JOIN LATERAL (VALUES (false), (true)) AS x (copy)
     WHERE c.copied
    UNION ALL
    SELECT 'celebrations:' || c.id, pg_catalog.jsonb_build_object(
               'id', c.id, 'recipientId', kv2rel.seed_id(c.seed, 'emp', c.e, c.s_nu),
               'milestoneName', kv2rel.seed_word(c.seed, 'milestone', c.i), 'message', 'Congratulations!',
               'from', kv2rel.seed_word(c.seed, 'first', c.i + 7), 'createdAt', kv2rel.seed_iso(c.c_ms),
               'visibility', 'public', 'likes', 0, 'shares', 0),
           c.c_ms, NULL::bigint, 'celebrations:{id}', NULL::text[], NULL::jsonb, 0::bigint
      FROM cel AS c
     WHERE NOT c.copied
), misc AS (
    -- CRUD celebrations, invites, scheduled trigger logs and mapping rules
    SELECT 'celebration:' || x.env || ':' || x.id AS key,
           pg_catalog.jsonb_build_object(
               'id', x.id, 'clientId', kv2rel.seed_id(p.seed, 'client', 1 + g.i % p.n_clients, p.s_non_uuid_ids),
               'type', 'anniversary', 'date', pg_catalog.left(kv2rel.seed_iso(x.ms), 10), 'title', 'Work anniversary',
               'message', 'Happy anniversary', 'status', 'published', 'metadata', '{}'::jsonb,
               'createdAt', kv2rel.seed_iso(x.ms), 'updatedAt', kv2rel.seed_iso(x.ms), 'environmentId', x.env) AS value,
           x.ms AS c_ms, NULL::bigint AS u_ms, 'celebration:{env}:{id}' AS family,
           CASE WHEN x.env <> 'production' THEN ARRAY['~environments.non_default_env'] END AS tags,
           NULL::jsonb AS detail, kv2rel.seed_mask(ARRAY['environments']) AS elig
      FROM p
     CROSS JOIN pg_catalog.generate_series(1::bigint, GREATEST(1, p.n_celebrations / 4)) AS g (i)
     CROSS JOIN LATERAL (
         SELECT kv2rel.seed_env(p.seed, 'celebration', g.i, p.s_environments) AS env,
                kv2rel.seed_ms(p.seed, 'celebration.crud', g.i) AS ms,
                'celebration-' || kv2rel.seed_ms(p.seed, 'celebration.crud', g.i)::text || '-'
                    || kv2rel.seed_b36(p.seed, 'celebration.crud', g.i, 7) AS id
     ) AS x
    UNION ALL
    SELECT 'invites:invite-' || x.ms::text || '-' || kv2rel.seed_b36(p.seed, 'invite', g.i, 9),
           pg_catalog.jsonb_build_object(
               'id', 'invite-' || x.ms::text || '-' || kv2rel.seed_b36(p.seed, 'invite', g.i, 9),
               'celebrationId', 'celebration-' || kv2rel.seed_ms(p.seed, 'celebration', g.i)::text || '-'
                   || kv2rel.seed_b36(p.seed, 'celebration.id', g.i, 9),
               'email', 'colleague' || g.i::text || '@company.example', 'sentAt', kv2rel.seed_iso(x.ms),
               'status', (ARRAY['sent', 'delivered', 'failed'])[1 + g.i % 3]),
           x.ms, NULL::bigint, 'invites:{id}', NULL::text[], NULL::jsonb, 0::bigint
      FROM p
     CROSS JOIN pg_catalog.generate_series(1::bigint, GREATEST(1, p.n_celebrations / 2)) AS g (i)
     CROSS JOIN LATERAL (SELECT kv2rel.seed_ms(p.seed, 'celebration', g.i) + 60000 AS ms) AS x
    UNION ALL
    SELECT 'scheduled-trigger-log:scheduled-trigger-log-' || x.ms::text,
           pg_catalog.jsonb_build_object(
               'id', 'scheduled-trigger-log-' || x.ms::text, 'processedAt', kv2rel.seed_iso(x.ms),
               'selectionExpiring', pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                   'trigger', 'selection_expiring',
                   'siteId', kv2rel.seed_id(p.seed, 'site', 1 + g.i % p.n_sites, p.s_non_uuid_ids),
                   'processed', 10 + g.i % 7, 'sent', 9 + g.i % 7, 'failed', 1, 'errors', '[]'::jsonb)),
               'anniversaryApproaching', '[]'::jsonb, 'totalSent', 9 + g.i % 7, 'totalFailed', 1,
               'duration', 1200 + g.i % 500),
           x.ms, NULL::bigint, 'scheduled-trigger-log:scheduled-trigger-log-{ms}', NULL::text[], NULL::jsonb, 0::bigint
      FROM p
     CROSS JOIN pg_catalog.generate_series(1::bigint, GREATEST(3, p.n_sites / 5)) AS g (i)
     CROSS JOIN LATERAL (SELECT 1740787200000 + g.i * 86400000 + 7200000 AS ms) AS x
    UNION ALL
    SELECT 'mapping_rules:' || x.id,
           pg_catalog.jsonb_build_object(
               'id', x.id, 'clientId', kv2rel.seed_id(p.seed, 'client', g.i, p.s_non_uuid_ids),
               'conditions', pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                   'field', 'department', 'operator', (ARRAY['equals', 'contains', 'startsWith',
                       'endsWith'])[1 + g.i % 4],
                   'value', kv2rel.seed_word(p.seed, 'department', g.i))),
               'siteId', kv2rel.seed_id(p.seed, 'site', 1 + g.i % p.n_sites, p.s_non_uuid_ids),
               'createdAt', kv2rel.seed_iso(x.ms), 'updatedAt', kv2rel.seed_iso(x.ms)),
           x.ms, NULL::bigint, 'mapping_rules:{id}', NULL::text[], NULL::jsonb, 0::bigint
      FROM p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_clients) AS g (i)
     CROSS JOIN LATERAL (
         SELECT kv2rel.seed_ms(p.seed, 'mapping_rule', g.i) AS ms,
                'rule-' || kv2rel.seed_ms(p.seed, 'mapping_rule', g.i)::text || '-'
                    || kv2rel.seed_b36(p.seed, 'mapping_rule', g.i, 9) AS id
     ) AS x
)
SELECT t.key, t.value, t.c_ms, t.u_ms, t.family, t.tags, t.detail, t.elig FROM tmpl_rows AS t
UNION ALL SELECT g.key, g.value, g.c_ms, g.u_ms, g.family, g.tags, g.detail, g.elig FROM glob AS g
UNION ALL SELECT c.key, c.value, c.c_ms, c.u_ms, c.family, c.tags, c.detail, c.elig FROM crud_tmpl AS c
UNION ALL SELECT s.key, s.value, s.c_ms, s.u_ms, s.family, s.tags, s.detail, s.elig FROM site_rows AS s
UNION ALL SELECT b.key, b.value, b.c_ms, b.u_ms, b.family, b.tags, b.detail, b.elig FROM brand_rows AS b
UNION ALL SELECT c.key, c.value, c.c_ms, c.u_ms, c.family, c.tags, c.detail, c.elig FROM cel_rows AS c
UNION ALL SELECT m.key, m.value, m.c_ms, m.u_ms, m.family, m.tags, m.detail, m.elig FROM misc AS m
    $src$);
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_content(regclass, bigint, jsonb, jsonb) IS
'KV generator: write email templates, site messaging keys, brands, celebrations, trigger logs and mapping rules '
'with their hazards; returns the seed_emit report.';
