-- Function: kv2rel.migrate_stage_sql
-- Purpose: compile the statement that maps one batch of entity p_entity from KV table p_kv_table into the staging
--          table of its target: the batch's keys (kv2rel.run_items) are classified again for their key parts,
--          mapped set-based by kv2rel.migrate_mapping_sql, and filled up with the table defaults. Records that
--          hold a secret-looking key (setting secret_key_regex) are mapped by kv2rel.map_fields instead, which
--          moves secrets into the *_secret column or drops them; so do all records of an entity whose rules
--          cannot be compiled.
-- Usage (psql): SELECT kv2rel.migrate_stage_sql('order', 'public.kv_store_6fcaeea3');
--
-- Parameters of the statement: $1 = known environments (text[]), $2 = run id, $3 = batch number, $4 = one key
-- (NULL: the whole batch; the row-by-row fallback passes each key). Filled per row besides the columns:
-- kv2rel_refs (the legacy id behind each single-column foreign key, for orphan messages) and kv2rel_dflt (the
-- columns that took a time-varying table default such as now(), restored from the existing row on a re-run).
-- created_at and updated_at without a source take the KV row's own created_at/updated_at when the KV table has
-- them. VOLATILE because the mapping compiler works in a temporary table.

CREATE OR REPLACE FUNCTION kv2rel.migrate_stage_sql(
    p_entity text,
    p_kv_table regclass
)
RETURNS text
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_table regclass;
    v_stage text;
    v_mapping text;
    v_secret text;
    v_kv_created boolean;
    v_kv_updated boolean;
    v_cols text;
    v_slow text;
    v_final text;
    v_final_as text;
    v_source text;
    v_src text;
    v_slow_check text;
    v_slow_map text;
    v_dflt text;
    v_refs text;
    v_extra text;
    v_class text;
BEGIN
    -- The key classification (kv2rel.classification_sql) is compiled once per session: it is the same query for
    -- every entity, only its source differs.
    IF to_regclass('pg_temp.kv2rel_class_cache') IS NULL THEN
        CREATE TEMP TABLE kv2rel_class_cache AS
        SELECT kv2rel.classification_sql('SELECT * FROM kv2rel_placeholder_source') AS sql;
    END IF;
    SELECT c.sql INTO v_class FROM pg_temp.kv2rel_class_cache AS c;
    SELECT to_regclass(e.target_table) INTO v_table FROM kv2rel.kv_entities AS e WHERE e.entity = p_entity;
    IF v_table IS NULL THEN
        RAISE EXCEPTION 'entity % has no target table', coalesce(quote_literal(p_entity), 'NULL')
            USING ERRCODE = 'K2506',
                  HINT = 'Entities and their target tables are listed in kv2rel.kv_entities.';
    END IF;
    v_stage := kv2rel.migrate_stage_table(v_table);

    -- "key": value in jsonb's text form; a false positive only costs the slow path.
    v_secret := '"(' || regexp_replace(regexp_replace(kv2rel.setting('secret_key_regex'), '^\^', ''), '\$$', '')
                || ')": ';

    SELECT bool_or(a.attname = 'created_at' AND a.atttypid = 'timestamptz'::regtype),
           bool_or(a.attname = 'updated_at' AND a.atttypid = 'timestamptz'::regtype)
      INTO v_kv_created, v_kv_updated
      FROM pg_catalog.pg_attribute AS a
     WHERE a.attrelid = p_kv_table AND a.attnum > 0 AND NOT a.attisdropped;

    SELECT string_agg(format('%I', x.attname), ', ' ORDER BY x.attnum),
           string_agg(format('%s AS %I', CASE x.attname WHEN 'id' THEN 'src.mapped_id'
                                                        WHEN 'legacy_id' THEN 'src.legacy_id'
                                                        ELSE format('r.%I', x.attname) END, x.attname),
                      ', ' ORDER BY x.attnum),
           string_agg(x.expr, ', ' ORDER BY x.attnum),
           string_agg(format('%s AS %I', x.expr, x.attname), ', ' ORDER BY x.attnum),
           string_agg(format('CASE WHEN m.%1$I IS NULL%2$s THEN %3$L END', x.attname,
                             CASE WHEN x.attname = 'created_at' AND v_kv_created
                                      THEN ' AND m.kv2rel_kv_created_at IS NULL'
                                  WHEN x.attname = 'updated_at' AND v_kv_updated
                                      THEN ' AND m.kv2rel_kv_updated_at IS NULL'
                                  ELSE '' END, x.attname), ', ' ORDER BY x.attnum)
               FILTER (WHERE x.attname <> 'id' AND x.dflt
                             ~* ('(now|clock_timestamp|statement_timestamp|transaction_timestamp|random'
                                 '|gen_random_uuid)\(|current_'))
      INTO v_cols, v_slow, v_final, v_final_as, v_dflt
      FROM (
            SELECT a.attnum, a.attname, pg_get_expr(d.adbin, d.adrelid) AS dflt,
                   CASE
                       WHEN a.attname IN ('id', 'legacy_id', 'extra') OR d.adbin IS NULL AND a.attname NOT IN
                            ('created_at', 'updated_at') THEN format('m.%I', a.attname)
                       WHEN a.attname = 'created_at' AND v_kv_created THEN
                           format('coalesce(m.created_at, m.kv2rel_kv_created_at%s)',
                                  coalesce(', ' || pg_get_expr(d.adbin, d.adrelid), ''))
                       WHEN a.attname = 'updated_at' AND v_kv_updated THEN
                           format('coalesce(m.updated_at, m.kv2rel_kv_updated_at%s)',
                                  coalesce(', ' || pg_get_expr(d.adbin, d.adrelid), ''))
                       WHEN d.adbin IS NOT NULL
                           THEN format('coalesce(m.%I, %s)', a.attname, pg_get_expr(d.adbin, d.adrelid))
                       ELSE format('m.%I', a.attname)
                   END AS expr
              FROM pg_catalog.pg_attribute AS a
              LEFT JOIN pg_catalog.pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = v_table AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
           ) AS x;

    -- Legacy ids behind single-column references: the first present scalar source of the column.
    SELECT string_agg(format('%L, coalesce(%s)', x.col, x.raws), ', ')
      INTO v_refs
      FROM (
            SELECT f.target_column AS col,
                   string_agg(format('CASE WHEN jsonb_typeof(%1$s) IN (''string'', ''number'')'
                                     ' THEN %1$s #>> ''{}'' END',
                                     CASE
                                         WHEN f.source_path = '{$key,parent_id}' THEN 'to_jsonb(src.parent_id)'
                                         WHEN f.source_path = '{$key,entity_id}' THEN 'to_jsonb(src.entity_id)'
                                         WHEN f.source_path = '{$key,environment}' THEN 'to_jsonb(src.environment)'
                                         WHEN f.source_path = '{$legacy_id}' THEN 'to_jsonb(src.legacy_id)'
                                         ELSE format('(src.value #> %L::text[])', f.source_path)
                                     END), ', ' ORDER BY f.precedence, f.origin, f.source_path) AS raws
              FROM kv2rel.field_sources AS f
             WHERE f.entity = p_entity AND f.coercion LIKE 'ref:%'
             GROUP BY f.target_column
           ) AS x;

    -- Passed through the mapping (no join back to the source: one pass over the batch).
    v_extra := format('src.kv_created_at AS kv2rel_kv_created_at, src.kv_updated_at AS kv2rel_kv_updated_at,'
                      ' %s AS kv2rel_refs',
                      CASE WHEN v_refs IS NULL THEN 'NULL::jsonb'
                           ELSE format('jsonb_strip_nulls(jsonb_build_object(%s))', v_refs) END);
    v_mapping := kv2rel.migrate_mapping_sql(p_entity, 'fast_src', v_extra);

    -- The batch's records with their key parts; $4 = one key (row-by-row fallback); %s = more conditions.
    v_source := replace(v_class, 'SELECT * FROM kv2rel_placeholder_source', format(
        'SELECT i.key, k.value, i.legacy_id, i.target_id AS mapped_id, %s AS kv_created_at, %s AS kv_updated_at'
        ' FROM kv2rel.run_items AS i JOIN %s AS k ON k.key = i.key'
        ' WHERE i.run_id = $2 AND i.batch_no = $3 AND i.planned = ''migrate'' AND ($4::text IS NULL OR i.key = $4)%%s',
        CASE WHEN v_kv_created THEN 'k.created_at' ELSE 'NULL::timestamptz' END,
        CASE WHEN v_kv_updated THEN 'k.updated_at' ELSE 'NULL::timestamptz' END,
        p_kv_table
    ));
    v_src := 'SELECT c.key, c.value, c.parent_id, c.entity_id, c.environment, c.legacy_id, c.mapped_id,'
             ' c.kv_created_at, c.kv_updated_at, (%s) AS kv2rel_slow FROM (%s) AS c';
    v_slow_check := CASE WHEN v_mapping IS NULL THEN 'TRUE' ELSE format('c.value::text ~* %L', v_secret) END;
    v_dflt := CASE WHEN v_dflt IS NULL THEN '''{}''::text[]'
                   ELSE format('array_remove(ARRAY[%s]::text[], NULL)', v_dflt) END;
    v_slow_map := format(
        'SELECT src.key AS kv2rel_key, %s, %s FROM src CROSS JOIN LATERAL jsonb_populate_record(NULL::%s,'
        ' kv2rel.map_fields(%L, src.value, jsonb_build_object(''key'', src.key, ''parent_id'', src.parent_id,'
        ' ''entity_id'', src.entity_id, ''environment'', src.environment)) -> ''columns'') AS r WHERE src.kv2rel_slow',
        v_slow, v_extra, v_stage, p_entity
    );

    -- The parallel form, for kv2rel.migrate_batch (kv2rel.migrate_compiled keeps it as fast_sql and slow_sql):
    -- 1 CREATE TABLE AS of the compiled mapping of the records without secrets: it reads no temporary table and
    -- calls only PARALLEL SAFE functions, so the planner can spread the mapping over parallel workers (an INSERT
    -- never runs in parallel, a CREATE TABLE AS may); 2 copy those rows into the staging table, and map the
    -- records with secrets (every record step 1 did not map) by kv2rel.map_fields. kv2rel.migrate_mapping_sql
    -- ends its layers in OFFSET 0, which the planner counts as a real OFFSET (an integer cast to bigint) and
    -- keeps in the leader; OFFSET '0' is the same fence as a constant, and runs in the workers.
    IF to_regclass('pg_temp.kv2rel_stage_parts') IS NULL THEN
        CREATE TEMP TABLE kv2rel_stage_parts (entity text, kv_table regclass, fast_sql text, slow_sql text[]);
    END IF;
    DELETE FROM pg_temp.kv2rel_stage_parts AS sp WHERE sp.entity = p_entity AND sp.kv_table = p_kv_table;
    IF v_mapping IS NOT NULL THEN
        INSERT INTO pg_temp.kv2rel_stage_parts (entity, kv_table, fast_sql, slow_sql)
        VALUES (
            p_entity, p_kv_table,
            format(
                'CREATE TEMP TABLE kv2rel_mapped ON COMMIT DROP AS WITH src AS NOT MATERIALIZED (%s),'
                ' fast_src AS (SELECT * FROM src WHERE NOT src.kv2rel_slow), m AS (%s)'
                ' SELECT m.kv2rel_key, %s, m.kv2rel_refs, %s AS kv2rel_dflt FROM m',
                format(v_src, v_slow_check, format(v_source, '')),
                replace(v_mapping, ' OFFSET 0)', ' OFFSET ''0'')'),
                v_final_as, v_dflt
            ),
            ARRAY[
                format(
                    'INSERT INTO %1$s (kv2rel_key, %2$s, kv2rel_refs, kv2rel_dflt)'
                    ' SELECT f.kv2rel_key, %2$s, f.kv2rel_refs, f.kv2rel_dflt FROM pg_temp.kv2rel_mapped AS f',
                    v_stage, v_cols
                ),
                format(
                    'WITH src AS MATERIALIZED (%s), m AS (%s) INSERT INTO %s (kv2rel_key, %s, kv2rel_refs, kv2rel_dflt)'
                    ' SELECT m.kv2rel_key, %s, m.kv2rel_refs, %s FROM m',
                    format(v_src, 'TRUE', format(v_source, ' AND NOT EXISTS (SELECT 1 FROM pg_temp.kv2rel_mapped AS f'
                                                            ' WHERE f.kv2rel_key = i.key)')),
                    v_slow_map, v_stage, v_cols, v_final, v_dflt
                )
            ]
        );
    END IF;

    RETURN format(
        'WITH src AS MATERIALIZED (%s), fast_src AS (SELECT * FROM src WHERE NOT src.kv2rel_slow),'
        ' m AS (%s %s) INSERT INTO %s (kv2rel_key, %s, kv2rel_refs, kv2rel_dflt)'
        ' SELECT m.kv2rel_key, %s, m.kv2rel_refs, %s FROM m',
        format(v_src, v_slow_check, format(v_source, '')),
        CASE WHEN v_mapping IS NULL THEN '' ELSE v_mapping || ' UNION ALL' END,
        v_slow_map, v_stage, v_cols, v_final, v_dflt
    );
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_stage_sql(text, regclass) IS
'The statement mapping one batch of p_entity from p_kv_table into its staging table: compiled set-based mapping, '
'kv2rel.map_fields for records holding secrets, table defaults, KV-row timestamps. $1 envs, $2 run, $3 batch, $4 key.';
