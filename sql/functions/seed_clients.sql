-- Function: kv2rel.seed_clients
-- Purpose: generate the clients (kv-store.md 3.1) in one set-based statement: each of n_clients logical clients
--          under its primary generation (client:{id} snake_case, client:{env}:{id} CRUD camelCase with metadata,
--          clients:{id} legacy), plus the keys its hazards add: copies under other generations (duplicates,
--          clients:{env}:{id} included), a production copy of a non-production CRUD client (environments), and the
--          value-level hazards listed in docs/generator.md. Returns the seed_emit report.
-- Usage (psql): SELECT kv2rel.seed_clients('public.kv'::regclass, 1, kv2rel.seed_scale('small'),
--                                          kv2rel.seed_hazard_shares());
-- requires: seed_emit, seed_params, seed_id, seed_gen, seed_env, seed_ms, seed_hit, seed_word, seed_mask

CREATE OR REPLACE FUNCTION kv2rel.seed_clients(
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
    SELECT p.seed, g.i, p.n_clients AS n,
           kv2rel.seed_id(p.seed, 'client', g.i, p.s_non_uuid_ids) AS id,
           kv2rel.seed_gen(p.seed, 'client', g.i, 0) AS gen,
           kv2rel.seed_env(p.seed, 'client', g.i, p.s_environments) AS env,
           kv2rel.seed_ms(p.seed, 'client', g.i) AS c_ms,
           kv2rel.seed_int(p.seed, 'client.age', g.i, 0, 1728000000) AS age_ms,
           kv2rel.seed_word(p.seed, 'company', g.i) AS w1,
           kv2rel.seed_word(p.seed, 'company_kind', g.i) AS w2,
           kv2rel.seed_word(p.seed, 'company', CASE WHEN g.i > 1 THEN g.i - 1 ELSE 2 END) AS partner_w1,
           kv2rel.seed_id(p.seed, 'client', CASE WHEN g.i > 1 THEN g.i - 1 ELSE 2 END, p.s_non_uuid_ids) AS partner_id,
           kv2rel.seed_int(p.seed, 'client.variant', g.i, 0, 719) AS v,
           kv2rel.seed_rand(p.seed, 'client.status', g.i) < 0.9 AS active,
           kv2rel.seed_hit(p.seed, 'duplicates', 'client', g.i, p.n_clients, p.s_duplicates) AS h_dup,
           kv2rel.seed_hit(p.seed, 'id_mismatch', 'client', g.i, p.n_clients, p.s_id_mismatch) AS h_idm,
           kv2rel.seed_hit(p.seed, 'mixed_naming', 'client', g.i, p.n_clients, p.s_mixed_naming) AS h_mix,
           kv2rel.seed_hit(p.seed, 'aliases', 'client', g.i, p.n_clients, p.s_aliases) AS h_ali,
           kv2rel.seed_hit(p.seed, 'bad_enums', 'client', g.i, p.n_clients, p.s_bad_enums) AS h_enum,
           kv2rel.seed_hit(p.seed, 'constraint_traps', 'client', g.i, p.n_clients, p.s_constraint_traps) AS h_trap,
           p.n_clients > 1 AND kv2rel.seed_hit(p.seed, 'duplicate_natural_keys', 'client', g.i, p.n_clients,
                                               p.s_duplicate_natural_keys) AS h_dnk,
           kv2rel.seed_hit(p.seed, 'type_variance', 'client', g.i, p.n_clients, p.s_type_variance) AS h_tv,
           kv2rel.seed_hit(p.seed, 'missing_fields', 'client', g.i, p.n_clients, p.s_missing_fields) AS h_mf,
           kv2rel.seed_hit(p.seed, 'timestamp_formats', 'client', g.i, p.n_clients, p.s_timestamp_formats) AS h_tf,
           kv2rel.seed_hit(p.seed, 'whitespace', 'client', g.i, p.n_clients, p.s_whitespace) AS h_ws,
           kv2rel.seed_hit(p.seed, 'index_drift', 'client', g.i, p.n_clients, p.s_index_drift) AS h_idx
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_clients) AS g (i)
     OFFSET 0
), c AS (
    SELECT b.*,
           b.c_ms + b.age_ms AS u_ms,
           b.h_trap AND b.v % 3 = 0 AS t_short_name,
           b.h_trap AND b.v % 3 = 1 AS t_empty_email,
           b.h_trap AND b.v % 3 = 2 AS t_bad_email,
           b.h_mf AND NOT b.h_trap AS m_no_email,
           b.h_ali AND NOT b.h_enum AS a_is_active,
           b.h_idm AND b.v % 2 = 0 AS i_no_id,
           b.h_idm AND b.v % 2 = 1 AS i_other_id,
           b.h_env_cross AS e_cross,
           CASE WHEN b.h_tf THEN (ARRAY['seconds', 'offset', 'epoch', 'date'])[1 + b.v % 4] ELSE 'iso' END AS ts_style,
           pg_catalog.upper(CASE WHEN b.h_dnk THEN b.partner_w1 ELSE b.w1 END) || '-'
               || kv2rel.seed_pad(CASE WHEN b.h_dnk THEN CASE WHEN b.i > 1 THEN b.i - 1 ELSE 2 END ELSE b.i END, 3)
                   AS code
      FROM (SELECT b0.*, b0.gen = 'crud' AND b0.env <> 'production' AND b0.v % 3 = 0 AS h_env_cross FROM b AS b0) AS b
     OFFSET 0
), d AS (
    SELECT c.*,
           CASE
               WHEN c.t_short_name THEN pg_catalog.left(c.w1, 1)
               ELSE c.w1 || ' ' || c.w2
           END AS name0,
           CASE
               WHEN c.t_empty_email THEN ''
               WHEN c.t_bad_email THEN 'hr(at)' || pg_catalog.lower(c.w1) || '.example'
               ELSE 'hr@' || pg_catalog.lower(c.w1) || '.example'
           END AS email,
           CASE
               WHEN c.h_enum AND c.v % 2 = 0 THEN 'suspended'
               WHEN c.h_enum THEN 'archived'
               WHEN c.active THEN 'active'
               ELSE 'inactive'
           END AS status,
           CASE
               WHEN c.i_other_id AND c.id ~ '^[0-9a-f]{8}-' THEN 'client-' || c.c_ms::text || '-'
                   || kv2rel.seed_b36(c.seed, 'client.otherid', c.i, 7)
               WHEN c.i_other_id THEN kv2rel.seed_uuid(c.seed, 'client.otherid', c.i)::text
               ELSE c.id
           END AS value_id,
           kv2rel.seed_ts_value(c.c_ms, c.ts_style) AS ts_c
      FROM c
     OFFSET 0
), r AS (
    SELECT d.*,
           k.copy,
           CASE
               WHEN k.copy = 0 THEN d.gen
               WHEN k.copy = 1 THEN CASE d.gen WHEN 'snake' THEN 'crud' ELSE 'snake' END
               WHEN k.copy = 2 THEN 'legacy_env'
               ELSE 'crud_production'
           END AS rgen,
           CASE WHEN d.gen = 'crud' THEN d.env ELSE 'production' END AS cenv,
           CASE
               WHEN k.copy IN (1, 2) THEN d.u_ms + (CASE WHEN d.v % 2 = 0 THEN 1 ELSE -1 END) * k.copy * 3600000
                                                   * (1 + d.v % 48)
               ELSE d.u_ms
           END AS r_ums,
           CASE
               WHEN NOT d.h_dup OR k.copy = 3 THEN NULL
               WHEN d.v % 2 = 0 THEN k.copy = 1 + (d.v / 2) % 2
               ELSE k.copy = 0
           END AS winner,
           CASE
               WHEN d.h_ws THEN (ARRAY['  ' || d.name0 || ' ', d.name0 || E'\n', E'\t' || d.name0 || '  '])[1 + d.v % 3]
               ELSE d.name0
           END AS name
      FROM d
     CROSS JOIN LATERAL (
         SELECT x.copy
           FROM (VALUES (0), (1), (2), (3)) AS x (copy)
          WHERE x.copy = 0
             OR (d.h_dup AND x.copy = 1)
             OR (d.h_dup AND x.copy = 2 AND (d.v / 2) % 2 = 1)
             OR (d.e_cross AND x.copy = 3)
         OFFSET 0
     ) AS k
)
SELECT CASE r.rgen
           WHEN 'snake' THEN 'client:' || r.id
           WHEN 'crud' THEN 'client:' || r.cenv || ':' || r.id
           WHEN 'crud_production' THEN 'client:production:' || r.id
           WHEN 'legacy' THEN 'clients:' || r.id
           ELSE 'clients:' || r.cenv || ':' || r.id
       END AS key,
       (CASE
            WHEN r.rgen = 'snake' THEN pg_catalog.jsonb_build_object(
                'id', r.value_id, 'name', r.name, 'contact_email', r.email, 'status', r.status,
                'client_code', r.code,
                'client_region', kv2rel.seed_pick(r.seed, 'client.region', r.i,
                                                  ARRAY['US/CA', 'EMEA', 'APAC', 'LATAM', 'Global']),
                'client_city', kv2rel.seed_word(r.seed, 'city', r.i), 'client_country', 'GB',
                'client_address_line_1', (1 + r.v % 99)::text || ' ' || kv2rel.seed_word(r.seed, 'street', r.i),
                'client_postal_code', 'LS' || (1 + r.v % 20)::text,
                'client_allow_session_timeout_extend', CASE WHEN r.h_tv THEN to_jsonb('No'::text) ELSE 'false' END,
                'client_has_employee_data', CASE WHEN r.h_tv THEN to_jsonb('Yes'::text) ELSE 'true' END,
                'client_invoice_type', 'Site',
                'created_at', r.ts_c, 'updated_at', kv2rel.seed_iso(r.r_ums))
            WHEN r.rgen IN ('crud', 'crud_production') THEN pg_catalog.jsonb_build_object(
                'id', r.value_id, 'name', r.name, 'description', r.w2 || ' client since ' || (2015 + r.v % 10)::text,
                'contactEmail', r.email, 'contactName', kv2rel.seed_word(r.seed, 'first', r.i) || ' '
                    || kv2rel.seed_word(r.seed, 'last', r.i),
                'contactPhone', '(555) 010-' || pg_catalog.lpad((r.v * 7 % 10000)::text, 4, '0'),
                'address', (1 + r.v % 99)::text || ' ' || kv2rel.seed_word(r.seed, 'street', r.i) || ', '
                    || kv2rel.seed_word(r.seed, 'city', r.i),
                'status', r.status, 'clientCode', r.code,
                'settings', pg_catalog.jsonb_build_object('primaryColor', kv2rel.seed_word(r.seed, 'color', r.i)),
                'createdAt', r.ts_c, 'createdBy', CASE WHEN r.v % 4 = 0 THEN NULL ELSE 'admin-' || (r.v % 9)::text END,
                'updatedAt', kv2rel.seed_iso(r.r_ums), 'updatedBy', NULL,
                'environmentId', CASE WHEN r.rgen = 'crud' THEN r.cenv ELSE 'production' END)
                || CASE WHEN r.h_tv THEN '{"clientHasEmployeeData": "Yes"}'::jsonb ELSE '{}'::jsonb END
            ELSE pg_catalog.jsonb_build_object(
                'id', r.value_id, 'name', r.name, 'contactEmail', r.email, 'status', r.status, 'clientCode', r.code,
                'createdAt', r.ts_c, 'updatedAt', kv2rel.seed_iso(r.r_ums))
                || CASE WHEN r.h_tv THEN '{"hasEmployeeData": "No"}'::jsonb ELSE '{}'::jsonb END
        END
        - pg_catalog.array_remove(ARRAY[
            CASE WHEN r.i_no_id THEN 'id' END,
            CASE WHEN r.m_no_email THEN 'contact_email' END,
            CASE WHEN r.m_no_email THEN 'contactEmail' END,
            CASE WHEN r.a_is_active THEN 'status' END,
            CASE WHEN r.h_mix AND r.rgen = 'snake' THEN 'contact_email' END,
            CASE WHEN r.h_mix AND r.rgen = 'snake' THEN 'client_address_line_1' END,
            CASE WHEN r.h_mix AND r.rgen = 'snake' THEN 'created_at' END,
            CASE WHEN r.h_mix AND r.rgen <> 'snake' THEN 'clientCode' END
        ], NULL))
       || CASE WHEN r.a_is_active THEN pg_catalog.jsonb_build_object('isActive', r.status = 'active')
               ELSE '{}'::jsonb END
       || CASE
              WHEN r.h_mix AND r.rgen = 'snake' THEN pg_catalog.jsonb_build_object(
                  'contactEmail', r.email, 'isActive', r.status = 'active',
                  'clientAddressLine1', (1 + r.v % 99)::text || ' ' || kv2rel.seed_word(r.seed, 'street', r.i),
                  'createdAt', r.ts_c)
                  - CASE WHEN r.m_no_email THEN 'contactEmail' ELSE '' END
              WHEN r.h_mix THEN pg_catalog.jsonb_build_object(
                  'client_code', r.code, 'clientAddressLine1', '1 Mill Lane', 'clientHasEmployeeData', true)
              ELSE '{}'::jsonb
          END AS value,
       r.c_ms,
       r.r_ums AS u_ms,
       CASE r.rgen
           WHEN 'snake' THEN 'client:{id}'
           WHEN 'crud' THEN 'client:{env}:{id}'
           WHEN 'crud_production' THEN 'client:{env}:{id}'
           WHEN 'legacy' THEN 'clients:{id}'
           ELSE 'clients:{env}:{id}'
       END AS family,
       pg_catalog.array_remove(ARRAY[
           CASE WHEN r.h_dup AND r.copy < 3 THEN 'duplicates.cross_generation' END,
           CASE WHEN r.i_no_id THEN 'id_mismatch.value_id_missing' END,
           CASE WHEN r.i_other_id THEN 'id_mismatch.value_id_differs' END,
           CASE WHEN r.id !~ '^[0-9a-f]{8}-' THEN '~non_uuid_ids.legacy_id' END,
           CASE WHEN r.h_mix AND r.rgen = 'snake' THEN 'mixed_naming.snake_with_camel' END,
           CASE WHEN r.h_mix AND r.rgen <> 'snake' THEN 'mixed_naming.camel_with_snake' END,
           CASE WHEN r.a_is_active THEN 'aliases.is_active_for_status' END,
           CASE WHEN r.h_enum AND r.v % 2 = 0 THEN 'bad_enums.client_status_suspended' END,
           CASE WHEN r.h_enum AND r.v % 2 = 1 THEN 'bad_enums.client_status_unknown' END,
           CASE WHEN r.t_short_name THEN 'constraint_traps.name_too_short' END,
           CASE WHEN r.t_empty_email THEN 'constraint_traps.email_empty' END,
           CASE WHEN r.t_bad_email THEN 'constraint_traps.email_invalid' END,
           CASE WHEN r.h_dnk THEN 'duplicate_natural_keys.client_code_reused' END,
           CASE WHEN r.h_tv THEN 'type_variance.boolean_as_string' END,
           CASE WHEN r.m_no_email THEN 'missing_fields.contact_email_missing' END,
           CASE WHEN r.h_tf THEN 'timestamp_formats.ts_' || r.ts_style END,
           CASE WHEN r.h_ws THEN 'whitespace.padded_name' END,
           CASE WHEN r.rgen = 'crud' AND r.cenv <> 'production' THEN '~environments.non_default_env' END,
           CASE WHEN r.copy = 3 THEN 'environments.cross_env_copy' END,
           CASE WHEN r.copy = 0 AND r.h_idx AND r.gen IN ('snake', 'legacy') THEN 'index_drift.not_in_index' END
       ], NULL) AS tags,
       NULLIF(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
           'group', CASE WHEN r.h_dup AND r.copy < 3 THEN 'client:' || r.id END,
           'winner', r.winner,
           'env_group', CASE WHEN r.e_cross AND r.copy IN (0, 3) THEN 'client:' || r.id END,
           'env', CASE
                      WHEN r.rgen IN ('crud', 'legacy_env') THEN r.cenv
                      WHEN r.rgen = 'crud_production' THEN 'production'
                  END,
           'natural_key', CASE WHEN r.h_dnk THEN 'client_code:' || r.code END,
           'partner_id', CASE WHEN r.h_dnk THEN r.partner_id END
       )), '{}'::jsonb) AS detail,
       CASE WHEN r.copy = 0 THEN kv2rel.seed_mask(ARRAY[
           'duplicates', 'id_mismatch', 'non_uuid_ids', 'mixed_naming', 'aliases', 'bad_enums', 'constraint_traps',
           'duplicate_natural_keys', 'type_variance', 'missing_fields', 'timestamp_formats', 'whitespace'])
           | CASE WHEN r.gen = 'crud' THEN kv2rel.seed_mask(ARRAY['environments']) ELSE 0 END
           | CASE WHEN r.gen IN ('snake', 'legacy') THEN kv2rel.seed_mask(ARRAY['index_drift']) ELSE 0 END
       ELSE 0 END AS elig
  FROM r
    $src$);
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_clients(regclass, bigint, jsonb, jsonb) IS
'KV generator: write the clients (client:{id}, client:{env}:{id}, clients:{id}, clients:{env}:{id}) with their '
'hazards; returns the seed_emit report.';
