-- Function: kv2rel.seed_employees
-- Purpose: generate the employees (kv-store.md 3.6) in one set-based statement. Employee e belongs to site
--          ((e - 1) mod n_sites) + 1 and is stored under its primary generation: employee:{siteId}:{empId} (60%,
--          site-scoped; siteId often only in the key), employee:{id} (15%, snake_case), employees:{id} (15%,
--          client-level import, siteId set by a mapping rule), employees:{env}:{id} (10%, CRUD). Adds the copies
--          and value-level hazards of docs/generator.md. Returns the seed_emit report.
-- Usage (psql): SELECT kv2rel.seed_employees('public.kv'::regclass, 1, kv2rel.seed_scale('small'),
--                                            kv2rel.seed_hazard_shares());
-- requires: seed_emit, seed_params, seed_id, seed_gen, seed_env, seed_ms, seed_hit, seed_word, seed_mask

CREATE OR REPLACE FUNCTION kv2rel.seed_employees(
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
    SELECT p.seed, g.i, p.n_employees AS n, p.n_sites AS ns, p.n_clients AS nc, p.s_non_uuid_ids AS s_nu,
           (g.i - 1) % p.n_sites + 1 AS s,
           (g.i - 1) / p.n_sites AS j,
           kv2rel.seed_id(p.seed, 'emp', g.i, p.s_non_uuid_ids) AS id,
           kv2rel.seed_gen(p.seed, 'employee', g.i, 0) AS gen,
           kv2rel.seed_env(p.seed, 'employee', g.i, p.s_environments) AS env,
           kv2rel.seed_ms(p.seed, 'employee', g.i) AS c_ms,
           kv2rel.seed_int(p.seed, 'employee.variant', g.i, 0, 719) AS v,
           kv2rel.seed_word(p.seed, 'first', g.i) AS w_first,
           kv2rel.seed_word(p.seed, 'last', g.i) AS w_last,
           kv2rel.seed_word(p.seed, 'department', g.i) AS w_dept,
           kv2rel.seed_rand(p.seed, 'employee.status', g.i) < 0.9 AS active,
           kv2rel.seed_hit(p.seed, 'duplicates', 'employee', g.i, p.n_employees, p.s_duplicates) AS h_dup,
           kv2rel.seed_hit(p.seed, 'id_mismatch', 'employee', g.i, p.n_employees, p.s_id_mismatch) AS h_idm,
           kv2rel.seed_hit(p.seed, 'mixed_naming', 'employee', g.i, p.n_employees, p.s_mixed_naming) AS h_mix,
           kv2rel.seed_hit(p.seed, 'aliases', 'employee', g.i, p.n_employees, p.s_aliases) AS h_ali,
           kv2rel.seed_hit(p.seed, 'orphans', 'employee', g.i, p.n_employees, p.s_orphans) AS h_orph,
           kv2rel.seed_hit(p.seed, 'bad_enums', 'employee', g.i, p.n_employees, p.s_bad_enums) AS h_enum,
           kv2rel.seed_hit(p.seed, 'constraint_traps', 'employee', g.i, p.n_employees, p.s_constraint_traps) AS h_trap,
           kv2rel.seed_hit(p.seed, 'duplicate_natural_keys', 'employee', g.i, p.n_employees,
                           p.s_duplicate_natural_keys) AS h_dnk,
           kv2rel.seed_hit(p.seed, 'type_variance', 'employee', g.i, p.n_employees, p.s_type_variance) AS h_tv,
           kv2rel.seed_hit(p.seed, 'missing_fields', 'employee', g.i, p.n_employees, p.s_missing_fields) AS h_mf,
           kv2rel.seed_hit(p.seed, 'timestamp_formats', 'employee', g.i, p.n_employees, p.s_timestamp_formats)
               AS h_tf,
           kv2rel.seed_hit(p.seed, 'whitespace', 'employee', g.i, p.n_employees, p.s_whitespace) AS h_ws,
           kv2rel.seed_hit(p.seed, 'index_drift', 'employee', g.i, p.n_employees, p.s_index_drift) AS h_idx,
           -- the previous employee of the same site keeps a clean employee id (partner of a reused id)
           g.i > p.n_sites
               AND NOT kv2rel.seed_hit(p.seed, 'orphans', 'employee', g.i, p.n_employees, p.s_orphans)
               AND NOT kv2rel.seed_hit(p.seed, 'orphans', 'employee', g.i - p.n_sites, p.n_employees, p.s_orphans)
               AND NOT kv2rel.seed_hit(p.seed, 'duplicate_natural_keys', 'employee', g.i - p.n_sites, p.n_employees,
                                       p.s_duplicate_natural_keys)
               AND NOT kv2rel.seed_hit(p.seed, 'type_variance', 'employee', g.i - p.n_sites, p.n_employees,
                                       p.s_type_variance) AS partner_ok
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_employees) AS g (i)
    OFFSET 0
), c AS (
    SELECT b.*,
           b.c_ms + 86400000 * (b.v % 60) AS u_ms,
           kv2rel.seed_id(b.seed, 'site', CASE WHEN b.h_orph THEN b.ns + 1 + b.v % 3 ELSE b.s END, b.s_nu) AS site_id,
           kv2rel.seed_id(b.seed, 'client', kv2rel.seed_int(b.seed, 'site.client', b.s, 1, b.nc), b.s_nu)
               AS client_id,
           'EMP' || kv2rel.seed_pad(b.i, 6) AS emp_no0,
           -- duplicate natural keys: the first employee of a site-scoped site reuses the value id emp-001; others
           -- reuse the employee number of the previous employee of the same site, or leave it blank
           b.h_dnk AND b.gen = 'scoped' AND b.j = 0 AND NOT b.h_orph AS k_emp001,
           b.h_dnk AND NOT (b.gen = 'scoped' AND b.j = 0 AND NOT b.h_orph) AND b.partner_ok AND b.v % 2 = 0
               AS k_reused,
           b.h_dnk AND NOT (b.gen = 'scoped' AND b.j = 0 AND NOT b.h_orph) AND NOT (b.partner_ok AND b.v % 2 = 0)
               AS k_blank,
           b.h_tv AND NOT b.h_dnk AS tv_number,
           b.h_trap AND b.v % 3 = 0 AS t_empty_email,
           b.h_trap AND b.v % 3 = 1 AS t_bad_email,
           b.h_trap AND b.v % 3 = 2 AS t_blank_serial,
           b.h_mf AND b.gen = 'client' AS m_site,
           b.h_mf AND b.gen <> 'client' AND NOT b.h_trap AS m_email,
           b.h_ali AND b.v % 2 = 0 AS a_name,
           b.h_ali AND b.v % 2 = 1 AS a_serial,
           b.h_idm AND b.v % 2 = 0 AS i_no_id,
           b.h_idm AND b.v % 2 = 1 AS i_other_id,
           CASE WHEN b.h_tf THEN (ARRAY['seconds', 'offset', 'epoch', 'date'])[1 + b.v % 4] ELSE 'iso' END AS ts_style
      FROM b
    OFFSET 0
), d AS (
    SELECT c.*,
           CASE WHEN c.k_emp001 THEN 'emp-001' ELSE c.id END AS vid,
           CASE
               WHEN c.k_reused THEN 'EMP' || kv2rel.seed_pad((c.i - c.ns), 6)
               WHEN c.k_blank THEN ''
               ELSE c.emp_no0
           END AS emp_no,
           c.w_first AS first_name,
           CASE
               WHEN c.t_empty_email THEN ''
               WHEN c.t_bad_email THEN pg_catalog.lower(c.w_first) || '.' || pg_catalog.lower(c.w_last) || c.i::text
                   || '@company'
               WHEN c.h_ws THEN ' ' || pg_catalog.lower(c.w_first) || '.' || pg_catalog.lower(c.w_last) || c.i::text
                   || E'@company.example\t'
               ELSE pg_catalog.lower(c.w_first) || '.' || pg_catalog.lower(c.w_last) || c.i::text || '@company.example'
           END AS email,
           CASE
               WHEN c.h_enum AND c.v % 2 = 0 THEN 'terminated'
               WHEN c.h_enum THEN 'on_leave'
               WHEN c.active THEN 'active'
               ELSE 'inactive'
           END AS status,
           CASE WHEN c.t_blank_serial THEN ''
                ELSE 'CARD-' || pg_catalog.upper(kv2rel.seed_b36(c.seed, 'employee.card', c.i, 8)) END AS serial,
           kv2rel.seed_ts_value(c.c_ms, c.ts_style) AS ts_c,
           pg_catalog.left(kv2rel.seed_iso(c.c_ms - 86400000::bigint * (365 + c.v * 7)), 10) AS hire_date
      FROM c
    OFFSET 0
), r AS (
    SELECT d.*,
           k.copy,
           CASE
               WHEN k.copy = 0 THEN d.gen
               WHEN k.copy = 1 THEN CASE d.gen WHEN 'scoped' THEN 'snake' ELSE 'scoped' END
               ELSE 'client'
           END AS rgen,
           CASE WHEN d.gen = 'crud' THEN d.env ELSE 'production' END AS cenv,
           CASE
               WHEN k.copy > 0 THEN d.u_ms + (CASE WHEN d.v % 2 = 0 THEN 1 ELSE -1 END) * k.copy * 3600000
                                             * (1 + d.v % 48)
               ELSE d.u_ms
           END AS r_ums,
           CASE
               WHEN NOT d.h_dup THEN NULL
               WHEN d.v % 2 = 0 THEN k.copy = CASE WHEN d.gen = 'scoped' AND (d.v / 2) % 2 = 1 THEN 2 ELSE 1 END
               ELSE k.copy = 0
           END AS winner
      FROM d
     CROSS JOIN LATERAL (
         SELECT x.copy
           FROM (VALUES (0), (1), (2)) AS x (copy)
          WHERE x.copy = 0
             OR (d.h_dup AND x.copy = 1)
             OR (d.h_dup AND x.copy = 2 AND d.gen = 'scoped' AND (d.v / 2) % 2 = 1)
         OFFSET 0
     ) AS k
    OFFSET 0
)
SELECT CASE r.rgen
           WHEN 'scoped' THEN 'employee:' || r.site_id || ':' || r.vid
           WHEN 'snake' THEN 'employee:' || r.id
           WHEN 'client' THEN 'employees:' || r.id
           ELSE 'employees:' || r.cenv || ':' || r.id
       END AS key,
       (CASE r.rgen
            WHEN 'scoped' THEN pg_catalog.jsonb_build_object(
                'id', r.vid, 'name', r.first_name || ' ' || r.w_last, 'email', r.email, 'employeeId', r.emp_no,
                'serialCard', r.serial, 'status', r.status, 'department', r.w_dept, 'createdAt', r.ts_c,
                'updatedAt', kv2rel.seed_iso(r.r_ums), 'hireDate', r.hire_date)
                || CASE WHEN r.v % 5 < 2 THEN pg_catalog.jsonb_build_object('siteId', r.site_id) ELSE '{}'::jsonb END
                || CASE WHEN r.v % 40 = 0 THEN '{"role": "manager"}'::jsonb ELSE '{}'::jsonb END
            WHEN 'snake' THEN pg_catalog.jsonb_build_object(
                'id', r.id, 'site_id', r.site_id, 'employee_id', r.emp_no, 'email', r.email,
                'first_name', r.first_name, 'last_name', r.w_last, 'serial_card_number', r.serial,
                'status', r.status, 'created_at', r.ts_c, 'updated_at', kv2rel.seed_iso(r.r_ums))
            WHEN 'client' THEN pg_catalog.jsonb_build_object(
                'id', r.id, 'clientId', r.client_id, 'email', r.email, 'employeeId', r.emp_no,
                'name', r.first_name || ' ' || r.w_last, 'department', r.w_dept, 'country', 'US',
                'region', 'West', 'location', kv2rel.seed_word(r.seed, 'city', r.i), 'serialCard', r.serial,
                'status', r.status, 'createdAt', r.ts_c, 'updatedAt', kv2rel.seed_iso(r.r_ums))
                || CASE WHEN r.m_site THEN '{}'::jsonb ELSE pg_catalog.jsonb_build_object('siteId', r.site_id) END
            ELSE pg_catalog.jsonb_build_object(
                'id', r.id, 'clientId', r.client_id, 'siteId', r.site_id, 'email', pg_catalog.lower(r.email),
                'firstName', r.first_name, 'lastName', r.w_last, 'employeeId', r.emp_no, 'department', r.w_dept,
                'jobTitle', r.w_dept || ' Specialist', 'status', r.status, 'metadata', '{}'::jsonb,
                'createdAt', r.ts_c, 'createdBy', NULL, 'updatedAt', kv2rel.seed_iso(r.r_ums), 'updatedBy', NULL,
                'environmentId', r.cenv)
        END
        - pg_catalog.array_remove(ARRAY[
            CASE WHEN r.i_no_id THEN 'id' END,
            CASE WHEN r.m_email THEN 'email' END,
            CASE WHEN r.a_name AND r.rgen IN ('scoped', 'client') THEN 'name' END,
            CASE WHEN r.a_name AND r.rgen = 'snake' THEN 'first_name' END,
            CASE WHEN r.a_name AND r.rgen = 'snake' THEN 'last_name' END,
            CASE WHEN r.a_name AND r.rgen = 'crud' THEN 'firstName' END,
            CASE WHEN r.a_name AND r.rgen = 'crud' THEN 'lastName' END,
            CASE WHEN r.a_serial AND r.rgen <> 'snake' THEN 'serialCard' END,
            CASE WHEN r.a_serial AND r.rgen = 'snake' THEN 'serial_card_number' END,
            CASE WHEN r.h_mix AND r.rgen = 'snake' THEN 'first_name' END,
            CASE WHEN r.h_mix AND r.rgen <> 'snake' THEN 'employeeId' END
        ], NULL))
       || CASE WHEN r.i_other_id THEN pg_catalog.jsonb_build_object(
                   'id', CASE WHEN r.id ~ '^[0-9a-f]{8}-' THEN 'emp-' || r.c_ms::text || '-' || r.i::text
                              ELSE kv2rel.seed_uuid(r.seed, 'emp.otherid', r.i)::text END)
               ELSE '{}'::jsonb END
       || CASE
              WHEN r.a_name AND r.rgen IN ('scoped', 'client') THEN pg_catalog.jsonb_build_object(
                  'firstName', r.first_name, 'lastName', r.w_last)
              WHEN r.a_name AND r.rgen IN ('snake', 'crud') THEN pg_catalog.jsonb_build_object(
                  'name', r.first_name || ' ' || r.w_last)
              ELSE '{}'::jsonb
          END
       || CASE WHEN r.a_serial AND r.rgen <> 'snake' THEN pg_catalog.jsonb_build_object('serial_card_number', r.serial)
               WHEN r.a_serial THEN pg_catalog.jsonb_build_object('serialCard', r.serial)
               ELSE '{}'::jsonb END
       || CASE
              WHEN r.h_mix AND r.rgen = 'snake' THEN pg_catalog.jsonb_build_object('firstName', r.first_name)
              WHEN r.h_mix THEN pg_catalog.jsonb_build_object('employee_id', r.emp_no)
              ELSE '{}'::jsonb
          END
       || CASE
              WHEN r.tv_number AND r.rgen = 'snake' THEN pg_catalog.jsonb_build_object('employee_id', 100000 + r.i)
              WHEN r.tv_number AND NOT r.h_mix THEN pg_catalog.jsonb_build_object('employeeId', 100000 + r.i)
              WHEN r.tv_number THEN pg_catalog.jsonb_build_object('employee_id', 100000 + r.i)
              ELSE '{}'::jsonb
          END AS value,
       r.c_ms,
       r.r_ums AS u_ms,
       CASE r.rgen
           WHEN 'scoped' THEN 'employee:{siteId}:{empId}'
           WHEN 'snake' THEN 'employee:{id}'
           WHEN 'client' THEN 'employees:{id}'
           ELSE 'employees:{env}:{id}'
       END AS family,
       pg_catalog.array_remove(ARRAY[
           CASE WHEN r.h_dup THEN 'duplicates.cross_generation' END,
           CASE WHEN r.i_no_id THEN 'id_mismatch.value_id_missing' END,
           CASE WHEN r.i_other_id THEN 'id_mismatch.value_id_differs' END,
           CASE WHEN r.id !~ '^[0-9a-f]{8}-' THEN '~non_uuid_ids.legacy_id' END,
           CASE WHEN r.h_mix AND r.rgen = 'snake' THEN 'mixed_naming.snake_with_camel' END,
           CASE WHEN r.h_mix AND r.rgen <> 'snake' THEN 'mixed_naming.camel_with_snake' END,
           CASE WHEN r.a_name AND r.rgen IN ('scoped', 'client') THEN 'aliases.first_last_name' END,
           CASE WHEN r.a_name AND r.rgen IN ('snake', 'crud') THEN 'aliases.full_name' END,
           CASE WHEN r.a_serial AND r.rgen <> 'snake' THEN 'aliases.serial_card_number' END,
           CASE WHEN r.a_serial AND r.rgen = 'snake' THEN 'aliases.serial_card' END,
           CASE WHEN r.h_orph THEN 'orphans.employee_missing_site' END,
           CASE WHEN r.h_enum AND r.v % 2 = 0 THEN 'bad_enums.employee_status_terminated' END,
           CASE WHEN r.h_enum AND r.v % 2 = 1 THEN 'bad_enums.employee_status_unknown' END,
           CASE WHEN r.t_empty_email THEN 'constraint_traps.email_empty' END,
           CASE WHEN r.t_bad_email THEN 'constraint_traps.email_invalid' END,
           CASE WHEN r.t_blank_serial THEN 'constraint_traps.serial_card_blank' END,
           CASE WHEN r.k_emp001 THEN 'duplicate_natural_keys.value_id_reused' END,
           CASE WHEN r.k_reused THEN 'duplicate_natural_keys.employee_id_reused' END,
           CASE WHEN r.k_blank THEN 'duplicate_natural_keys.employee_id_blank' END,
           CASE WHEN r.tv_number THEN 'type_variance.employee_id_as_number' END,
           CASE WHEN r.m_site THEN 'missing_fields.site_id_missing' END,
           CASE WHEN r.m_email THEN 'missing_fields.email_missing' END,
           CASE WHEN r.h_tf THEN 'timestamp_formats.ts_' || r.ts_style END,
           CASE WHEN r.h_ws AND NOT r.h_trap AND NOT r.m_email THEN 'whitespace.padded_email' END,
           CASE WHEN r.rgen = 'crud' AND r.cenv <> 'production' THEN '~environments.non_default_env' END,
           CASE WHEN r.copy = 0 AND r.h_idx AND r.gen = 'snake' THEN 'index_drift.not_in_index' END
       ], NULL) AS tags,
       NULLIF(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
           'group', CASE WHEN r.h_dup THEN 'employee:' || r.id END,
           'winner', r.winner,
           'env', CASE WHEN r.rgen = 'crud' THEN r.cenv END,
           'missing', CASE WHEN r.h_orph THEN 'site:' || r.site_id END,
           'natural_key', CASE
                              WHEN r.k_reused THEN 'employee_id:' || r.site_id || ':' || r.emp_no
                              WHEN r.k_blank THEN 'employee_id:' || r.site_id || ':'
                              WHEN r.k_emp001 THEN 'value_id:emp-001'
                          END,
           'partner_id', CASE WHEN r.k_reused THEN kv2rel.seed_id(r.seed, 'emp', r.i - r.ns, r.s_nu) END
       )), '{}'::jsonb) AS detail,
       CASE WHEN r.copy = 0 THEN kv2rel.seed_mask(ARRAY[
           'duplicates', 'id_mismatch', 'non_uuid_ids', 'mixed_naming', 'aliases', 'orphans', 'bad_enums',
           'constraint_traps', 'duplicate_natural_keys', 'type_variance', 'missing_fields', 'timestamp_formats',
           'whitespace'])
           | CASE WHEN r.gen = 'crud' THEN kv2rel.seed_mask(ARRAY['environments']) ELSE 0 END
           | CASE WHEN r.gen = 'snake' THEN kv2rel.seed_mask(ARRAY['index_drift']) ELSE 0 END
       ELSE 0 END AS elig
  FROM r
    $src$);
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_employees(regclass, bigint, jsonb, jsonb) IS
'KV generator: write the employees (employee:{siteId}:{empId}, employee:{id}, employees:{id}, employees:{env}:{id}) '
'with their hazards; returns the seed_emit report.';
