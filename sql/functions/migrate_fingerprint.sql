-- Function: kv2rel.migrate_fingerprint
-- Purpose: an md5 over everything the compiled migration statements depend on: the rules tables (kv_entities,
--          key_rules, key_environments, field_map, column_rules, value_map, settings, reason_codes,
--          constraint_policies, natural_keys, derived_columns), the bodies of the kv2rel functions that map (not
--          those that only check, report, seed or roll back: reconcile*, verify_*, check_*, ...), and the
--          columns, defaults, constraints and indexes of the target tables and of KV table p_kv_table. Cached
--          statements (kv2rel.compiled_cache) are reused only while it is unchanged.
-- Usage (psql): SELECT kv2rel.migrate_fingerprint('public.kv_store_6fcaeea3');

CREATE OR REPLACE FUNCTION kv2rel.migrate_fingerprint(
    p_kv_table regclass
)
RETURNS text
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_tables oid[];
    v_rules text;
    v_catalog text;
BEGIN
    SELECT array_agg(DISTINCT to_regclass(e.target_table)::oid) || p_kv_table::oid
      INTO v_tables
      FROM kv2rel.kv_entities AS e
     WHERE to_regclass(e.target_table) IS NOT NULL;
    SELECT md5(concat_ws('|',
               (SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM kv2rel.kv_entities AS t),
               (SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM kv2rel.key_rules AS t),
               (SELECT md5(string_agg(t.name, ',' ORDER BY t.name)) FROM kv2rel.key_environments AS t),
               (SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM kv2rel.field_map AS t),
               (SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM kv2rel.column_rules AS t),
               (SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM kv2rel.value_map AS t),
               (SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM kv2rel.settings AS t),
               (SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM kv2rel.reason_codes AS t),
               (SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM kv2rel.constraint_policies AS t),
               (SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM kv2rel.natural_keys AS t),
               (SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM kv2rel.derived_columns AS t),
               (SELECT md5(string_agg(p.oid::regprocedure::text || md5(p.prosrc) || coalesce(p.proconfig::text, ''),
                                      ',' ORDER BY p.oid::regprocedure::text))
                  FROM pg_catalog.pg_proc AS p
                 WHERE p.pronamespace = 'kv2rel'::regnamespace
                   -- not the functions that only read, check, report, seed or roll back: a new version of a
                   -- check must not void the compiled statements or send every run to the deep reconciliation
                   AND p.proname !~ ('^(reconcile|verify_|check_|report_|seed_|rollback|sample_compare$'
                                     '|get_migration_stats$|analyze_table_stats$|run_checks$|run_summary$'
                                     '|profile_kv$|find_secrets$|plan_report$|migrate_fingerprint$'
                                     '|run_ledger_sums$|seal_run$|run_seals_invalidate$)'))
           ))
      INTO v_rules;
    SELECT md5(concat_ws('|',
               -- ORDER BY the text itself (ORDER BY 1 in an aggregate orders by the constant 1, i.e. by the catalog
               -- scan's order, which changes with the plan: the fingerprint then changed by itself).
               (SELECT string_agg(q.s, ',' ORDER BY q.s)
                  FROM (SELECT format('%s.%s:%s:%s:%s:%s', a.attrelid::regclass, a.attname,
                                      format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attgenerated,
                                      coalesce(pg_get_expr(d.adbin, d.adrelid), '')) AS s
                          FROM pg_catalog.pg_attribute AS a
                          LEFT JOIN pg_catalog.pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                         WHERE a.attrelid = ANY (v_tables) AND a.attnum > 0 AND NOT a.attisdropped) AS q),
               (SELECT string_agg(q.s, ',' ORDER BY q.s)
                  FROM (SELECT format('%s:%s:%s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) AS s
                          FROM pg_catalog.pg_constraint AS c WHERE c.conrelid = ANY (v_tables)) AS q),
               (SELECT string_agg(q.s, ',' ORDER BY q.s)
                  FROM (SELECT pg_get_indexdef(i.indexrelid) AS s
                          FROM pg_catalog.pg_index AS i WHERE i.indrelid = ANY (v_tables)) AS q)
           ))
      INTO v_catalog;
    RETURN md5(v_rules || v_catalog);
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_fingerprint(regclass) IS
'md5 over the rules tables, the bodies of the kv2rel functions that map (not the checks, reports, seeding and '
'rollback) and the target and KV table definitions: compiled '
'migration statements (kv2rel.compiled_cache) are valid only while it is unchanged.';
