-- Function: kv2rel.seed_access
-- Purpose: generate users, access and audit keys (kv-store.md 2.2, 2.3, 3.8, 3.9, 3.14) in one set-based
--          statement: admin users (admin_users:{authUserId}, 70%, full or minimal bootstrap/repair shape; CRUD
--          admin_user:{env}:{id}, 30%), roles and access groups (role:{uuid} / access_group:{uuid} whose id is the
--          whole key at the colon_ids share, else the CRUD form role:{env}:{id} / access_group:{env}:{id}), their
--          assignments employee_role:{employeeId}:{roleId}:{siteId|all} and
--          employee_access_group:{employeeId}:{groupId}:{siteId|all}, CRUD audit entries audit:{env}:{ms}:{uuid}
--          and older security audit entries audit_logs:{ms}. Returns the seed_emit report.
-- Usage (psql): SELECT kv2rel.seed_access('public.kv'::regclass, 1, kv2rel.seed_scale('small'),
--                                         kv2rel.seed_hazard_shares());
-- requires: seed_emit, seed_params, seed_id, seed_env, seed_ms, seed_hit, seed_word, seed_mask, seed_uuid

CREATE OR REPLACE FUNCTION kv2rel.seed_access(
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
WITH adm AS (
    SELECT p.seed, g.i, p.n_admins AS n, p.n_clients AS nc, p.n_sites AS ns, p.s_non_uuid_ids AS s_nu,
           kv2rel.seed_rand(p.seed, 'admin.gen', g.i) < 0.7 AS kv,
           kv2rel.seed_rand(p.seed, 'admin.full', g.i) < 0.6 AS full,
           kv2rel.seed_uuid(p.seed, 'admin.auth', g.i)::text AS auth_id,
           kv2rel.seed_id(p.seed, 'admin', g.i, p.s_non_uuid_ids) AS crud_id,
           kv2rel.seed_env(p.seed, 'admin', g.i, p.s_environments) AS env,
           kv2rel.seed_ms(p.seed, 'admin', g.i) AS c_ms,
           kv2rel.seed_int(p.seed, 'admin.variant', g.i, 0, 719) AS v,
           kv2rel.seed_word(p.seed, 'first', 1000 + g.i) AS w_first,
           kv2rel.seed_word(p.seed, 'last', 1000 + g.i) AS w_last,
           kv2rel.seed_word(p.seed, 'first', 999 + g.i) AS p_first,
           kv2rel.seed_word(p.seed, 'last', 999 + g.i) AS p_last,
           kv2rel.seed_pick(p.seed, 'admin.role', g.i, ARRAY[
               'super_admin', 'admin', 'viewer', 'site_manager', 'site_manager', 'content_editor', 'manager',
               'client_admin', 'system_admin', 'catalog_admin', 'order_admin', 'hr_admin']) AS role0,
           kv2rel.seed_hit(p.seed, 'bad_enums', 'admin', g.i, p.n_admins, p.s_bad_enums) AS h_enum,
           kv2rel.seed_hit(p.seed, 'constraint_traps', 'admin', g.i, p.n_admins, p.s_constraint_traps) AS h_trap,
           g.i > 1
               AND kv2rel.seed_hit(p.seed, 'duplicate_natural_keys', 'admin', g.i, p.n_admins,
                   p.s_duplicate_natural_keys)
               AND NOT kv2rel.seed_hit(p.seed, 'duplicate_natural_keys', 'admin', g.i - 1, p.n_admins,
                                       p.s_duplicate_natural_keys)
               AND NOT kv2rel.seed_hit(p.seed, 'constraint_traps', 'admin', g.i - 1, p.n_admins, p.s_constraint_traps)
               AND NOT kv2rel.seed_hit(p.seed, 'whitespace', 'admin', g.i - 1, p.n_admins, p.s_whitespace) AS h_dnk,
           kv2rel.seed_hit(p.seed, 'missing_fields', 'admin', g.i, p.n_admins, p.s_missing_fields) AS h_mf,
           kv2rel.seed_hit(p.seed, 'timestamp_formats', 'admin', g.i, p.n_admins, p.s_timestamp_formats) AS h_tf,
           kv2rel.seed_hit(p.seed, 'whitespace', 'admin', g.i, p.n_admins, p.s_whitespace) AS h_ws
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_admins) AS g (i)
    OFFSET 0
), adm2 AS (
    SELECT adm.*,
           CASE WHEN adm.kv THEN adm.auth_id ELSE adm.crud_id END AS id,
           CASE
               WHEN adm.h_dnk THEN pg_catalog.upper(pg_catalog.left(adm.p_first, 1)) || '.'
                   || pg_catalog.initcap(adm.p_last) || (adm.i - 1)::text || '@Platform.example'
               WHEN adm.h_trap THEN pg_catalog.lower(adm.w_first) || '.' || pg_catalog.lower(adm.w_last)
                   || ' at platform'
               WHEN adm.h_ws THEN pg_catalog.lower(pg_catalog.left(adm.w_first, 1)) || '.'
                   || pg_catalog.lower(adm.w_last) || adm.i::text || E'@platform.example \n'
               ELSE pg_catalog.lower(pg_catalog.left(adm.w_first, 1)) || '.' || pg_catalog.lower(adm.w_last)
                   || adm.i::text || '@platform.example'
           END AS email,
           pg_catalog.lower(pg_catalog.left(adm.w_first, 1) || adm.w_last) || adm.i::text AS username,
           CASE WHEN adm.h_enum THEN 'owner' ELSE adm.role0 END AS role,
           CASE WHEN adm.h_tf THEN 'offset' ELSE 'iso' END AS ts_style,
           adm.h_mf AND adm.kv AND adm.full AS m_username,
           adm.h_mf AND NOT (adm.kv AND adm.full) AS m_created
      FROM adm
), adm_rows AS (
    SELECT CASE WHEN a.kv THEN 'admin_users:' || a.id ELSE 'admin_user:' || a.env || ':' || a.id END AS key,
           (CASE
                WHEN a.kv AND a.full THEN pg_catalog.jsonb_build_object(
                    'id', a.id, 'username', a.username, 'email', a.email, 'role', a.role,
                    'status', CASE WHEN a.v % 10 = 0 THEN 'inactive' ELSE 'active' END,
                    'clientAccess', CASE WHEN a.v % 3 = 0 THEN pg_catalog.to_jsonb('all'::text)
                                         ELSE pg_catalog.jsonb_build_array(
                                             kv2rel.seed_id(a.seed, 'client', 1 + a.v % a.nc, a.s_nu)) END,
                    'siteAccess', CASE WHEN a.v % 3 <> 2 THEN pg_catalog.to_jsonb('all'::text)
                                       ELSE pg_catalog.jsonb_build_array(
                                           kv2rel.seed_id(a.seed, 'site', 1 + a.v % a.ns, a.s_nu)) END,
                    'requirePasswordChange', a.v % 4 = 0,
                    'lastPasswordChange', kv2rel.seed_iso(a.c_ms),
                    'createdAt', kv2rel.seed_ts_value(a.c_ms, a.ts_style),
                    'createdBy', kv2rel.seed_uuid(a.seed, 'admin.auth', 1)::text,
                    'supabaseUserId', a.id)
                WHEN a.kv THEN pg_catalog.jsonb_build_object(
                    'id', a.id, 'username', a.username, 'email', a.email, 'role', a.role,
                    'createdAt', kv2rel.seed_ts_value(a.c_ms, a.ts_style))
                    || CASE WHEN a.v % 2 = 0 THEN '{"isBootstrap": true}'::jsonb
                            ELSE pg_catalog.jsonb_build_object('repairedAt', kv2rel.seed_iso(a.c_ms + 86400000)) END
                ELSE pg_catalog.jsonb_build_object(
                    'id', a.id, 'username', a.username, 'email', a.email, 'role', a.role, 'status', 'active',
                    'fullName', a.w_first || ' ' || a.w_last,
                    'createdAt', kv2rel.seed_ts_value(a.c_ms, a.ts_style), 'createdBy', NULL,
                    'updatedAt', kv2rel.seed_iso(a.c_ms), 'updatedBy', NULL, 'environmentId', a.env)
            END
            - pg_catalog.array_remove(ARRAY[
                CASE WHEN a.m_username THEN 'username' END,
                CASE WHEN a.m_created THEN 'createdAt' END
            ], NULL)) AS value,
           a.c_ms, NULL::bigint AS u_ms,
           CASE WHEN a.kv THEN 'admin_users:{authUserId}' ELSE 'admin_user:{env}:{id}' END AS family,
           pg_catalog.array_remove(ARRAY[
               CASE WHEN NOT a.kv AND a.id !~ '^[0-9a-f]{8}-' THEN '~non_uuid_ids.legacy_id' END,
               CASE WHEN a.h_enum THEN 'bad_enums.admin_role_unknown' END,
               CASE WHEN a.h_trap AND NOT a.h_dnk THEN 'constraint_traps.email_invalid' END,
               CASE WHEN a.h_dnk THEN 'duplicate_natural_keys.admin_email_case_variant' END,
               CASE WHEN a.m_username THEN 'missing_fields.username_missing' END,
               CASE WHEN a.m_created THEN 'missing_fields.created_at_missing' END,
               CASE WHEN a.h_tf AND NOT a.m_created THEN 'timestamp_formats.ts_offset' END,
               CASE WHEN a.h_ws AND NOT a.h_trap AND NOT a.h_dnk THEN 'whitespace.padded_email' END,
               CASE WHEN NOT a.kv AND a.env <> 'production' THEN '~environments.non_default_env' END
           ], NULL) AS tags,
           CASE WHEN a.h_dnk THEN pg_catalog.jsonb_build_object(
               'natural_key', 'email:' || pg_catalog.lower(a.email),
               'partner_id', (SELECT x.id FROM adm2 AS x WHERE x.i = a.i - 1)) END AS detail,
           kv2rel.seed_mask(ARRAY['bad_enums', 'constraint_traps', 'duplicate_natural_keys', 'missing_fields',
                                  'timestamp_formats', 'whitespace'])
           | CASE WHEN NOT a.kv THEN kv2rel.seed_mask(ARRAY['non_uuid_ids', 'environments']) ELSE 0 END AS elig
      FROM adm2 AS a
), grp AS (
    -- roles (kind role) and access groups (kind access-group); the first n_roles are roles
    SELECT p.seed, g.i, p.n_roles AS nr, p.s_non_uuid_ids AS s_nu,
           CASE WHEN g.i <= p.n_roles THEN 'role' ELSE 'access-group' END AS kind,
           CASE WHEN g.i <= p.n_roles THEN g.i ELSE g.i - p.n_roles END AS gi,
           kv2rel.seed_hit(p.seed, 'colon_ids', 'role', g.i, p.n_roles + (p.n_roles + 1) / 2, p.s_colon_ids) AS h_colon,
           kv2rel.seed_env(p.seed, 'role', g.i, p.s_environments) AS env,
           kv2rel.seed_ms(p.seed, 'role', g.i) AS c_ms
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_roles + (p.n_roles + 1) / 2) AS g (i)
), grp2 AS (
    SELECT grp.*,
           CASE
               WHEN grp.h_colon THEN pg_catalog.replace(grp.kind, '-', '_') || ':'
                   || kv2rel.seed_uuid(grp.seed, grp.kind, grp.gi)::text
               ELSE kv2rel.seed_id(grp.seed, grp.kind, grp.gi, grp.s_nu)
           END AS id
      FROM grp
), grp_rows AS (
    SELECT CASE WHEN g.h_colon THEN g.id ELSE pg_catalog.replace(g.kind, '-', '_') || ':' || g.env || ':' || g.id END
               AS key,
           pg_catalog.jsonb_build_object(
               'id', g.id,
               'name', CASE WHEN g.kind = 'role' THEN (ARRAY['Site Viewer', 'Gift Approver', 'HR Manager', 'Reporter',
                                                             'Catalog Editor'])[1 + g.gi % 5] || ' ' || g.gi::text
                            ELSE 'Group ' || g.gi::text END,
               'description', 'Generated ' || g.kind,
               'type', CASE WHEN g.gi % 3 = 0 THEN 'custom' ELSE 'predefined' END,
               'clientId', CASE WHEN g.gi % 3 = 0 THEN kv2rel.seed_id(g.seed, 'client', 1, g.s_nu) END,
               'permissions', CASE WHEN g.kind = 'role' THEN '["orders:read", "employees:read"]'::jsonb
                                   ELSE '["sites:read"]'::jsonb END,
               'isActive', true, 'createdAt', kv2rel.seed_iso(g.c_ms), 'createdBy', 'system')
           || CASE WHEN g.h_colon THEN '{}'::jsonb ELSE pg_catalog.jsonb_build_object('environmentId', g.env) END
               AS value,
           g.c_ms, NULL::bigint AS u_ms,
           CASE
               WHEN g.h_colon THEN pg_catalog.replace(g.kind, '-', '_') || ':{uuid}'
               ELSE pg_catalog.replace(g.kind, '-', '_') || ':{env}:{id}'
           END AS family,
           pg_catalog.array_remove(ARRAY[
               CASE WHEN g.h_colon THEN '~colon_ids.id_is_key' END,
               CASE WHEN NOT g.h_colon AND g.env <> 'production' THEN '~environments.non_default_env' END
           ], NULL) AS tags,
           NULL::jsonb AS detail,
           kv2rel.seed_mask(ARRAY['colon_ids']) AS elig
      FROM grp2 AS g
), asn AS (
    -- five role assignments per role, two group assignments per access group
    SELECT g.seed, g.kind, g.id AS group_id, x.j, p.n_employees AS ne, p.n_sites AS ns, p.s_non_uuid_ids AS s_nu,
           (kv2rel.seed_int(g.seed, 'assign.employee', g.i, 0, p.n_employees - 1) + x.j) % p.n_employees + 1 AS e,
           x.j = 1 AND g.kind = 'role' AND kv2rel.seed_hit(g.seed, 'orphans', 'employee_role', g.gi, p.n_roles,
                                                            p.s_orphans) AS h_orph,
           g.c_ms + 86400000 * x.j AS c_ms
      FROM grp2 AS g
     CROSS JOIN kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN LATERAL pg_catalog.generate_series(1, LEAST(p.n_employees, CASE WHEN g.kind = 'role' THEN 5 ELSE 2 END))
                        AS x (j)
), asn2 AS (
    SELECT asn.*,
           kv2rel.seed_id(asn.seed, 'emp', asn.e, asn.s_nu) AS employee_id,
           CASE WHEN asn.j % 2 = 0 THEN kv2rel.seed_id(asn.seed, 'site', (asn.e - 1) % asn.ns + 1, asn.s_nu)
           END AS site_id,
           CASE WHEN asn.h_orph THEN 'role:' || kv2rel.seed_uuid(asn.seed, 'role.deleted', asn.e)::text
                ELSE asn.group_id END AS ref_id
      FROM asn
), asn_rows AS (
    SELECT CASE WHEN a.kind = 'role' THEN 'employee_role:' ELSE 'employee_access_group:' END
               || a.employee_id || ':' || a.ref_id || ':' || COALESCE(a.site_id, 'all') AS key,
           a.c_ms, a.kind, a.employee_id, a.ref_id, a.site_id, a.h_orph, a.j
      FROM asn2 AS a
), aud AS (
    SELECT p.seed, g.i, p.n_audit AS n, p.s_non_uuid_ids AS s_nu, p.n_clients AS nc, p.n_sites AS ns,
           1740787200000 + g.i * (30240000000 / GREATEST(p.n_audit, 1))
               + kv2rel.seed_int(p.seed, 'audit.ms', g.i, 0, 999) AS ms,
           kv2rel.seed_env(p.seed, 'audit', g.i, p.s_environments) AS env,
           kv2rel.seed_int(p.seed, 'audit.variant', g.i, 0, 719) AS v,
           kv2rel.seed_uuid(p.seed, 'audit', g.i)::text AS uuid,
           kv2rel.seed_rand(p.seed, 'audit.old', g.i) < 0.1 AS old
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_audit) AS g (i)
)
SELECT a.key, a.value, a.c_ms, a.u_ms, a.family, a.tags, a.detail, a.elig FROM adm_rows AS a
UNION ALL
SELECT g.key, g.value, g.c_ms, g.u_ms, g.family, g.tags, g.detail, g.elig FROM grp_rows AS g
UNION ALL
SELECT a.key,
       pg_catalog.jsonb_build_object(
           'id', a.key, 'employeeId', a.employee_id,
           CASE WHEN a.kind = 'role' THEN 'roleId' ELSE 'accessGroupId' END, a.ref_id,
           'siteId', a.site_id, 'assignedAt', kv2rel.seed_iso(a.c_ms), 'assignedBy', 'admin-1'),
       a.c_ms, NULL::bigint,
       CASE WHEN a.kind = 'role' THEN 'employee_role:{employeeId}:{roleId}:{siteId|all}'
            ELSE 'employee_access_group:{employeeId}:{groupId}:{siteId|all}' END,
       CASE WHEN a.h_orph THEN ARRAY['orphans.employee_role_missing_role'] END,
       CASE WHEN a.h_orph THEN pg_catalog.jsonb_build_object('missing', 'role:' || a.ref_id) END,
       CASE WHEN a.j = 1 AND a.kind = 'role' THEN kv2rel.seed_mask(ARRAY['orphans']) ELSE 0 END
  FROM asn_rows AS a
UNION ALL
SELECT CASE WHEN a.old THEN 'audit_logs:' || a.ms::text ELSE 'audit:' || a.env || ':' || a.ms::text || ':'
    || a.uuid END,
       CASE
           WHEN a.old THEN pg_catalog.jsonb_build_object(
               'timestamp', kv2rel.seed_iso(a.ms), 'action', (ARRAY['login', 'logout', 'password_reset'])[1 + a.v % 3],
               'userId', 'anonymous', 'email', 'user' || a.i::text || '@platform.example',
               'status', (ARRAY['success', 'failure', 'warning'])[1 + a.v % 3], 'ip', 'unknown',
               'userAgent', 'unknown', 'details', '{}'::jsonb)
           ELSE pg_catalog.jsonb_build_object(
               'timestamp', kv2rel.seed_iso(a.ms), 'action', (ARRAY['create', 'update', 'delete'])[1 + a.v % 3],
               'resourceName', (ARRAY['clients', 'sites', 'admin/gifts', 'orders', 'employees'])[1 + a.v % 5],
               'resourceId', CASE a.v % 2 WHEN 0 THEN kv2rel.seed_id(a.seed, 'client', 1 + a.v % a.nc, a.s_nu)
                                          ELSE kv2rel.seed_id(a.seed, 'site', 1 + a.v % a.ns, a.s_nu) END,
               'userId', CASE WHEN a.v % 4 = 0 THEN NULL ELSE 'admin-' || (a.v % 9)::text END,
               'environmentId', a.env,
               'details', pg_catalog.jsonb_build_object('name', 'record ' || a.i::text))
       END,
       a.ms, NULL::bigint,
       CASE WHEN a.old THEN 'audit_logs:{ms}' ELSE 'audit:{env}:{ms}:{uuid}' END,
       CASE WHEN NOT a.old AND a.env <> 'production' THEN ARRAY['~environments.non_default_env'] END,
       NULL::jsonb,
       CASE WHEN a.old THEN 0 ELSE kv2rel.seed_mask(ARRAY['environments']) END
  FROM aud AS a
    $src$);
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_access(regclass, bigint, jsonb, jsonb) IS
'KV generator: write admin users, roles, access groups, their employee assignments and audit entries with their '
'hazards; returns the seed_emit report.';
