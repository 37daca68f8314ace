-- Function: kv2rel.migrate_rules
-- Purpose: every rule a staged row of target p_table must satisfy before it is written, with the SQL that tests
--          it and the policy (kv2rel.constraint_policies) that decides what happens when it does not: foreign
--          keys, NOT NULL columns, CHECK constraints, unique constraints and indexes, and kv2rel.natural_keys, in
--          that order (ord). Read from the catalog, so a new constraint is enforced without code changes.
-- Usage (psql): SELECT rule_name, kind, action, reason_code FROM kv2rel.migrate_rules('public.sites', 'pg_temp.x');
--
-- test_sql is a boolean expression, TRUE when the row violates the rule, over the staged row as alias s; for
-- unique rules it uses the window columns that kv2rel.migrate_check_sql adds (window_sql). p_stage names the
-- staging table (self-referencing foreign keys also accept a parent staged in the same batch). VOLATILE
-- because it collects the rules in a temporary table (dropped at commit).

CREATE OR REPLACE FUNCTION kv2rel.migrate_rules(
    p_table regclass,
    p_stage text
)
RETURNS TABLE (
    rule_name text,
    kind text,
    ord integer,
    columns text[],
    ref_table text,
    definition text,
    test_sql text,
    window_sql text,
    action text,
    reason_code text,
    fix_sql text,
    suffix_column text,
    suffix_format text,
    fallback_code text
)
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_rule record;
    v_keys text[];
    v_i integer;
    v_depth integer;
    v_quote boolean;
    v_part text;
    v_ch text;
    v_n integer := 0;
    v_prefix text;
    v_cond text;
    v_part_by text;
BEGIN
    IF to_regclass('pg_temp.kv2rel_rules_tmp') IS NULL THEN
        CREATE TEMP TABLE kv2rel_rules_tmp (
            rule_name text, kind text, ord integer, columns text[], ref_table text, definition text, test_sql text,
            window_sql text
        ) ON COMMIT DROP;
    END IF;
    DELETE FROM pg_temp.kv2rel_rules_tmp;

    -- Foreign keys (MATCH SIMPLE: a NULL column passes).
    INSERT INTO pg_temp.kv2rel_rules_tmp
    SELECT c.conname::text, 'fkey', 1, x.cols, c.confrelid::regclass::text, pg_get_constraintdef(c.oid),
           format('(%s) AND NOT EXISTS (SELECT 1 FROM %s AS p WHERE %s)%s',
                  (SELECT string_agg(format('s.%I IS NOT NULL', f), ' AND ') FROM unnest(x.cols) AS f),
                  c.confrelid::regclass,
                  (SELECT string_agg(format('p.%I = s.%I', r, f), ' AND ')
                     FROM unnest(x.refcols, x.cols) AS u (r, f)),
                  CASE WHEN c.confrelid = c.conrelid THEN format(
                      ' AND NOT EXISTS (SELECT 1 FROM %s AS s2 WHERE %s AND s2.kv2rel_reason IS NULL)', p_stage,
                      (SELECT string_agg(format('s2.%I = s.%I', r, f), ' AND ')
                         FROM unnest(x.refcols, x.cols) AS u (r, f)))
                  ELSE '' END),
           NULL
      FROM pg_catalog.pg_constraint AS c
     CROSS JOIN LATERAL (
            SELECT ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k (n, i)
                           JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.n
                          ORDER BY k.i) AS cols,
                   ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k (n, i)
                           JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.confrelid AND a.attnum = k.n
                          ORDER BY k.i) AS refcols
           ) AS x
     WHERE c.conrelid = p_table AND c.contype = 'f';

    -- NOT NULL columns, named <table>_<column>_not_null.
    INSERT INTO pg_temp.kv2rel_rules_tmp
    SELECT format('%s_%s_not_null', cl.relname, a.attname), 'not_null', 2, ARRAY[a.attname::text], NULL,
           format('%I NOT NULL', a.attname), format('s.%I IS NULL', a.attname), NULL
      FROM pg_catalog.pg_attribute AS a
      JOIN pg_catalog.pg_class AS cl ON cl.oid = a.attrelid
     WHERE a.attrelid = p_table AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull AND a.attgenerated = ''
       AND a.attname <> 'id';

    -- CHECK constraints (not those on generated columns, which the staging table does not have).
    INSERT INTO pg_temp.kv2rel_rules_tmp
    SELECT c.conname::text, 'check', 3,
           ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k (n, i)
                   JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i),
           NULL, pg_get_constraintdef(c.oid),
           format('(%s) IS FALSE', pg_get_expr(c.conbin, c.conrelid)), NULL
      FROM pg_catalog.pg_constraint AS c
     WHERE c.conrelid = p_table AND c.contype = 'c'
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute AS a
                        WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) AND a.attgenerated <> '');

    -- Unique constraints and unique indexes (not the primary key: the upsert's conflict target).
    FOR v_rule IN
        SELECT coalesce(co.conname, ic.relname)::text AS name,
               ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) AS k)
                   AS exprs,
               pg_get_expr(i.indpred, i.indrelid) AS pred,
               coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, FALSE) AS nnd,
               pg_get_indexdef(i.indexrelid) AS def,
               ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k (n, o)
                       JOIN pg_catalog.pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = k.n
                      ORDER BY k.o) AS cols
          FROM pg_catalog.pg_index AS i
          JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
          LEFT JOIN pg_catalog.pg_constraint AS co ON co.conindid = i.indexrelid AND co.contype = 'u'
         WHERE i.indrelid = p_table AND i.indisunique AND NOT i.indisprimary
         ORDER BY 1
    LOOP
        v_n := v_n + 1;
        v_prefix := format('kv2rel_u%s', v_n);
        v_part_by := array_to_string(v_rule.exprs, ', ');
        v_cond := CASE WHEN v_rule.nnd THEN 'IS NOT DISTINCT FROM' ELSE '=' END;
        INSERT INTO pg_temp.kv2rel_rules_tmp
        SELECT v_rule.name, 'unique', 4, v_rule.cols,
               NULL, v_rule.def,
               format('s.%1$s_p AND (s.%1$s_rn > 1'
                      ' OR EXISTS (SELECT 1 FROM %2$s AS t WHERE t.id <> s.id AND %3$s%4$s))',
                      v_prefix, p_table,
                      (SELECT string_agg(format('(%s) %s s.%s_%s', e, v_cond, v_prefix, o), ' AND ' ORDER BY o)
                         FROM unnest(v_rule.exprs) WITH ORDINALITY AS u (e, o)),
                      CASE WHEN v_rule.pred IS NOT NULL THEN format(' AND (%s)', v_rule.pred) ELSE '' END),
               format('%1$s, (%2$s) AS %4$s_p, row_number() OVER (PARTITION BY %3$s ORDER BY s0.kv2rel_key COLLATE "C")'
                      ' AS %4$s_rn',
                      (SELECT string_agg(format('(%s) AS %s_%s', e, v_prefix, o), ', ' ORDER BY o)
                         FROM unnest(v_rule.exprs) WITH ORDINALITY AS u (e, o)),
                      concat_ws(' AND ', CASE WHEN v_rule.pred IS NOT NULL THEN format('(%s)', v_rule.pred) END,
                                CASE WHEN NOT v_rule.nnd THEN (SELECT string_agg(format('(%s) IS NOT NULL', e), ' AND ')
                                                                  FROM unnest(v_rule.exprs) AS e) END, 'TRUE'),
                      concat_ws(', ', CASE WHEN v_rule.pred IS NOT NULL THEN format('(%s)', v_rule.pred) END,
                                v_part_by),
                      v_prefix);
    END LOOP;

    -- Natural keys of kv2rel.natural_keys: key_sql split on its top-level commas.
    FOR v_rule IN SELECT k.* FROM kv2rel.natural_keys AS k WHERE to_regclass(k.target_table) = p_table
                   ORDER BY k.key_name LOOP
        v_keys := ARRAY[]::text[];
        v_part := '';
        v_depth := 0;
        v_quote := FALSE;
        FOR v_i IN 1 .. length(v_rule.key_sql) LOOP
            v_ch := substr(v_rule.key_sql, v_i, 1);
            IF v_ch = '''' THEN
                v_quote := NOT v_quote;
            ELSIF NOT v_quote AND v_ch = '(' THEN
                v_depth := v_depth + 1;
            ELSIF NOT v_quote AND v_ch = ')' THEN
                v_depth := v_depth - 1;
            END IF;
            IF v_ch = ',' AND v_depth = 0 AND NOT v_quote THEN
                v_keys := v_keys || btrim(v_part);
                v_part := '';
            ELSE
                v_part := v_part || v_ch;
            END IF;
        END LOOP;
        v_keys := v_keys || btrim(v_part);
        v_n := v_n + 1;
        v_prefix := format('kv2rel_u%s', v_n);
        INSERT INTO pg_temp.kv2rel_rules_tmp
        SELECT v_rule.key_name, 'natural', 5, ARRAY[]::text[], NULL, format('natural key (%s)', v_rule.key_sql),
               format('s.%1$s_p AND (s.%1$s_rn > 1'
                      ' OR EXISTS (SELECT 1 FROM %2$s AS t WHERE t.id <> s.id AND %3$s%4$s))',
                      v_prefix, p_table,
                      (SELECT string_agg(format('(%s) = s.%s_%s', e, v_prefix, o), ' AND ' ORDER BY o)
                         FROM unnest(v_keys) WITH ORDINALITY AS u (e, o)),
                      CASE WHEN v_rule.probe_sql IS NOT NULL THEN format(' AND (%s)', v_rule.probe_sql) ELSE '' END),
               format('%1$s, (%2$s) AS %4$s_p, row_number() OVER (PARTITION BY %3$s ORDER BY s0.kv2rel_key COLLATE "C")'
                      ' AS %4$s_rn',
                      (SELECT string_agg(format('(%s) AS %s_%s', e, v_prefix, o), ', ' ORDER BY o)
                         FROM unnest(v_keys) WITH ORDINALITY AS u (e, o)),
                      (SELECT string_agg(format('(%s) IS NOT NULL', e), ' AND ') FROM unnest(v_keys) AS e),
                      array_to_string(v_keys, ', '), v_prefix);
    END LOOP;

    RETURN QUERY
    SELECT r.rule_name, r.kind, r.ord, r.columns, r.ref_table, r.definition, r.test_sql, r.window_sql,
           coalesce(p.action, 'quarantine'), coalesce(p.reason_code, q.reason_code, d.code),
           p.fix_sql, p.suffix_column, p.suffix_format, coalesce(q.reason_code, d.code)
      FROM pg_temp.kv2rel_rules_tmp AS r
     CROSS JOIN LATERAL (
            SELECT CASE r.kind WHEN 'fkey' THEN 'orphan_parent' WHEN 'not_null' THEN 'missing_required'
                               WHEN 'check' THEN 'check_violation' ELSE 'duplicate_natural_key' END AS code
           ) AS d
      LEFT JOIN LATERAL (
            SELECT cp.* FROM kv2rel.constraint_policies AS cp
             WHERE r.rule_name ~ cp.constraint_pattern
             ORDER BY cp.priority, cp.policy_name LIMIT 1
           ) AS p ON TRUE
      LEFT JOIN LATERAL (
            SELECT cp.reason_code FROM kv2rel.constraint_policies AS cp
             WHERE r.rule_name ~ cp.constraint_pattern AND cp.action = 'quarantine'
             ORDER BY cp.priority, cp.policy_name LIMIT 1
           ) AS q ON TRUE
     ORDER BY r.ord, r.rule_name;
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_rules(regclass, text) IS
'Rules a staged row of p_table must satisfy (foreign keys, NOT NULL, CHECK, unique constraints and indexes, '
'kv2rel.natural_keys), each with its test SQL over alias s and its policy (action, reason code, fix, suffix, '
'and the quarantine code used when a repair does not help).';
