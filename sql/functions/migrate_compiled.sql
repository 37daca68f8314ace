-- Function: kv2rel.migrate_compiled
-- Purpose: the compiled statements a batch of entity p_entity runs. Looked up in this session's cache
--          (pg_temp.kv2rel_compiled), then in kv2rel.compiled_cache under the current kv2rel.migrate_fingerprint,
--          and compiled only when neither has them (compiling reads the rules and the catalog: about 0.1 s per
--          entity). The target table's rules go to pg_temp.kv2rel_rule_cache. kv2rel.migrate_reset clears the
--          session's cache when a run starts or resumes, so edited rules take effect with the next run.
-- Usage (psql): SELECT stage_table, length(stage_sql)
--                 FROM kv2rel.migrate_compiled('client', 'public.kv_store_6fcaeea3');
--
-- Returns: target_table, stage_table (created for this session), stage_sql (kv2rel.migrate_stage_sql),
-- restore_sql (puts back the time-varying defaults of rows that already exist), derive_sql
-- (kv2rel.derived_columns, in order), check_sql and unique_sql (kv2rel.migrate_check_sql without and with the
-- unique rules) and upsert_sql (kv2rel.migrate_upsert_sql).

CREATE OR REPLACE FUNCTION kv2rel.migrate_compiled(
    p_entity text,
    p_kv_table regclass,
    OUT target_table regclass,
    OUT stage_table text,
    OUT stage_sql text,
    OUT restore_sql text,
    OUT derive_sql text[],
    OUT check_sql text,
    OUT unique_sql text,
    OUT upsert_sql text
)
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_varying text;
    v_fast_sql text;
    v_slow_sql text[];
    v_fingerprint text;
    v_cached record;
BEGIN
    IF to_regclass('pg_temp.kv2rel_compiled') IS NULL THEN
        CREATE TEMP TABLE kv2rel_compiled (
            entity text, kv_table regclass, target_table regclass, stage_table text, stage_sql text,
            restore_sql text, derive_sql text[], check_sql text, unique_sql text, upsert_sql text, fingerprint text,
            fast_sql text, slow_sql text[]
        );
        CREATE TEMP TABLE kv2rel_rule_cache (
            target_table regclass, rule_name text, kind text, columns text[], ref_table text, definition text,
            action text, reason_code text, fix_sql text, suffix_column text, suffix_format text, fallback_code text
        );
    END IF;
    SELECT c.target_table, c.stage_table, c.stage_sql, c.restore_sql, c.derive_sql, c.check_sql, c.unique_sql,
           c.upsert_sql
      INTO target_table, stage_table, stage_sql, restore_sql, derive_sql, check_sql, unique_sql, upsert_sql
      FROM pg_temp.kv2rel_compiled AS c
     WHERE c.entity = p_entity AND c.kv_table = p_kv_table;
    IF FOUND THEN
        RETURN;
    END IF;

    SELECT c.fingerprint INTO v_fingerprint FROM pg_temp.kv2rel_compiled AS c WHERE c.kv_table = p_kv_table LIMIT 1;
    v_fingerprint := coalesce(v_fingerprint, kv2rel.migrate_fingerprint(p_kv_table));
    SELECT to_regclass(e.target_table) INTO target_table FROM kv2rel.kv_entities AS e WHERE e.entity = p_entity;
    stage_table := kv2rel.migrate_stage_table(target_table);

    SELECT cc.compiled, cc.rules INTO v_cached
      FROM kv2rel.compiled_cache AS cc
     WHERE cc.entity = p_entity AND cc.kv_table = p_kv_table::text AND cc.fingerprint = v_fingerprint;
    IF FOUND THEN
        stage_sql := v_cached.compiled ->> 'stage_sql';
        restore_sql := v_cached.compiled ->> 'restore_sql';
        derive_sql := ARRAY(SELECT jsonb_array_elements_text(v_cached.compiled -> 'derive_sql'));
        check_sql := v_cached.compiled ->> 'check_sql';
        unique_sql := v_cached.compiled ->> 'unique_sql';
        upsert_sql := v_cached.compiled ->> 'upsert_sql';
        v_fast_sql := v_cached.compiled ->> 'fast_sql';
        v_slow_sql := ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(v_cached.compiled -> 'slow_sql') = 'array'
                                                       THEN v_cached.compiled -> 'slow_sql' ELSE '[]' END));
    ELSE
        stage_sql := kv2rel.migrate_stage_sql(p_entity, p_kv_table);
        IF to_regclass('pg_temp.kv2rel_stage_parts') IS NOT NULL THEN
            SELECT sp.fast_sql, sp.slow_sql INTO v_fast_sql, v_slow_sql
              FROM pg_temp.kv2rel_stage_parts AS sp
             WHERE sp.entity = p_entity AND sp.kv_table = p_kv_table;
        END IF;
        check_sql := kv2rel.migrate_check_sql(target_table, FALSE);
        unique_sql := kv2rel.migrate_check_sql(target_table, TRUE);
        upsert_sql := kv2rel.migrate_upsert_sql(target_table);

        -- Columns whose table default varies (now(), gen_random_uuid()): keep the existing row's value on a re-run.
        SELECT string_agg(format('%1$I = CASE WHEN %1$L = ANY (st.kv2rel_dflt) THEN t.%1$I ELSE st.%1$I END',
                                 a.attname), ', ' ORDER BY a.attnum)
          INTO v_varying
          FROM pg_catalog.pg_attribute AS a
          JOIN pg_catalog.pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE a.attrelid = target_table AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
           AND a.attname <> 'id'
           AND pg_get_expr(d.adbin, d.adrelid)
               ~* '(now|clock_timestamp|statement_timestamp|transaction_timestamp|random|gen_random_uuid)\(|current_';
        IF v_varying IS NOT NULL THEN
            restore_sql := format(
                'UPDATE %s AS st SET %s FROM %s AS t WHERE t.id = st.id AND cardinality(st.kv2rel_dflt) > 0',
                stage_table, v_varying, target_table
            );
        END IF;

        SELECT coalesce(array_agg(format(
                   'UPDATE %1$s AS st SET %2$I = d.v%3$s FROM (SELECT kv2rel_row.kv2rel_key, (%4$s) AS v'
                   ' FROM %1$s AS kv2rel_row WHERE kv2rel_row.kv2rel_reason IS NULL%5$s) AS d'
                   ' WHERE d.kv2rel_key = st.kv2rel_key AND %6$s',
                   stage_table, dc.target_column,
                   CASE WHEN dc.report_code IS NULL THEN ''
                        ELSE format(', kv2rel_report = coalesce(st.kv2rel_report, %L), kv2rel_message ='
                                    ' coalesce(st.kv2rel_message, %L)', dc.report_code,
                                    format('%s derived by rule (kv2rel.derived_columns): %s', dc.target_column,
                                           dc.note)) END,
                   dc.expression,
                   CASE WHEN dc.mode = 'fill' THEN format(' AND kv2rel_row.%I IS NULL', dc.target_column) ELSE '' END,
                   CASE WHEN dc.mode = 'fill' THEN 'd.v IS NOT NULL'
                        ELSE format('d.v IS DISTINCT FROM st.%I', dc.target_column) END
               ) ORDER BY dc.run_order, dc.target_column), ARRAY[]::text[])
          INTO derive_sql
          FROM kv2rel.derived_columns AS dc
         WHERE dc.entity = p_entity;

        DELETE FROM kv2rel.compiled_cache AS cc
         WHERE cc.entity = p_entity AND cc.kv_table = p_kv_table::text AND cc.fingerprint <> v_fingerprint;
        INSERT INTO kv2rel.compiled_cache (entity, kv_table, fingerprint, compiled, rules)
        SELECT p_entity, p_kv_table::text, v_fingerprint,
               jsonb_build_object('stage_sql', stage_sql, 'restore_sql', restore_sql,
                                  'derive_sql', to_jsonb(derive_sql),
                                  'check_sql', check_sql, 'unique_sql', unique_sql, 'upsert_sql', upsert_sql,
                                  'fast_sql', v_fast_sql, 'slow_sql', to_jsonb(v_slow_sql)),
               coalesce((SELECT jsonb_agg(jsonb_build_object(
                                    'rule_name', r.rule_name, 'kind', r.kind, 'columns', r.columns,
                                    'ref_table', r.ref_table, 'definition', r.definition, 'action', r.action,
                                    'reason_code', r.reason_code, 'fix_sql', r.fix_sql,
                                    'suffix_column', r.suffix_column, 'suffix_format', r.suffix_format,
                                    'fallback_code', r.fallback_code) ORDER BY r.ord, r.rule_name)
                           FROM kv2rel.migrate_rules(target_table, stage_table) AS r), '[]'::jsonb)
        ON CONFLICT ON CONSTRAINT compiled_cache_pkey DO NOTHING;
        SELECT cc.compiled, cc.rules INTO v_cached
          FROM kv2rel.compiled_cache AS cc
         WHERE cc.entity = p_entity AND cc.kv_table = p_kv_table::text AND cc.fingerprint = v_fingerprint;
        -- A concurrent session stored the same compilation first: use its statements.
        v_fast_sql := v_cached.compiled ->> 'fast_sql';
        v_slow_sql := ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(v_cached.compiled -> 'slow_sql') = 'array'
                                                       THEN v_cached.compiled -> 'slow_sql' ELSE '[]' END));
    END IF;

    INSERT INTO pg_temp.kv2rel_compiled
    VALUES (p_entity, p_kv_table, target_table, stage_table, stage_sql, restore_sql, derive_sql, check_sql, unique_sql,
            upsert_sql, v_fingerprint, v_fast_sql, nullif(v_slow_sql, '{}'));
    IF NOT EXISTS (SELECT 1 FROM pg_temp.kv2rel_rule_cache AS r
                    WHERE r.target_table = migrate_compiled.target_table) THEN
        INSERT INTO pg_temp.kv2rel_rule_cache
        SELECT migrate_compiled.target_table, r.rule_name, r.kind, r.columns, r.ref_table, r.definition, r.action,
               r.reason_code, r.fix_sql, r.suffix_column, r.suffix_format, r.fallback_code
          FROM jsonb_to_recordset(v_cached.rules) AS r (
                   rule_name text, kind text, columns text[], ref_table text, definition text, action text,
                   reason_code text, fix_sql text, suffix_column text, suffix_format text, fallback_code text
               );
    END IF;
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_compiled(text, regclass) IS
'Compiled statements for batches of p_entity from p_kv_table (stage, restore, derive, check, unique, upsert): from '
'the session cache, else kv2rel.compiled_cache under the current fingerprint, else compiled and stored there; the '
'target''s rules land in pg_temp.kv2rel_rule_cache.';
