-- Function: kv2rel.migrate_mapping_sql
-- Purpose: compile the mapping rules of one entity (view kv2rel.field_sources, kv2rel.value_map,
--          kv2rel.column_rules) into one SELECT that maps a whole batch of records at once, with the results
--          kv2rel.map_fields gives record by record: the same precedence, coercions, value maps, defaults, the
--          same "consumed" sources and therefore the same extra. This is what makes kv2rel.migrate set-based.
-- Usage (psql): SELECT kv2rel.migrate_mapping_sql('client', 'src');
--
-- p_source names a relation with columns key, value (an object), parent_id, entity_id, environment, legacy_id
-- and mapped_id (the classification and plan facts of each record). The SELECT returns kv2rel_key and every
-- non-generated column of the target table, typed like the table: id = mapped_id, legacy_id, extra, and each
-- mapped column (NULL where no source and no column-rule default: the caller applies the table DEFAULT), then
-- p_extra (more output expressions over the source row, alias src, e.g. columns to pass through).
-- Secrets are not handled here: records that hold a secret-looking key are mapped by kv2rel.map_fields (see
-- kv2rel.migrate_stage_sql). Returns NULL when some rule cannot be compiled (then every record of the entity
-- is mapped by kv2rel.map_fields).
--
-- VOLATILE because it works in a temporary table (pg_temp.kv2rel_compile_sources, dropped at commit).
--
-- Layers (each a subquery with OFFSET 0, so every expression is evaluated once per record):
--   0 m<n>   each top-level member the sources read, looked up once (value -> 'key'): the coercions refer to it
--            many times (a nested address over 250 times), and each look-up searches the record and copies the
--            member; then each member's own member that layer 1 reads, (src.kv2rel_m<n> -> 'key'), likewise once
--            (kv2rel_s<n>);
--   1 u<n>   each source's usable value, coerced, value-mapped and cast to the column's type (NULL: absent or
--            unusable); the scope of ref:<entity>@<column> is the first present scalar source of that column;
--   2 c_<col> the column's value: the first usable source in precedence order;
--   3 r, t   the record without the consumed nested paths (r) and the consumed top-level keys (t): a source is
--            consumed when it is usable and equal to the column's value (members when present);
--   4        object columns fed by a top-level member read it from r; member sources merge into their column;
--            column-rule defaults fill what is still NULL; x = r minus t minus id;
--   5        extra = x minus the objects the mapping emptied.

CREATE OR REPLACE FUNCTION kv2rel.migrate_mapping_sql(
    p_entity text,
    p_source text,
    p_extra text DEFAULT NULL
)
RETURNS text
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_entity kv2rel.kv_entities;
    v_table regclass;
    v_col record;
    v_src record;
    v_coerced record;
    v_types jsonb := '{}';
    v_cols text[] := ARRAY[]::text[];
    v_u text[] := ARRAY[]::text[];
    v_c text[] := ARRAY[]::text[];
    v_r text := 'src.value';
    v_t text[] := ARRAY[]::text[];
    v_l4 text[] := ARRAY[]::text[];
    v_out text[] := ARRAY[]::text[];
    v_nested_keys text[] := ARRAY[]::text[];
    v_emptied text[] := ARRAY[]::text[];
    v_raw text;
    v_expr text;
    v_type text;
    v_scope text;
    v_enum text;
    v_default text;
    v_final text;
    v_members text;
    v_any_member text;
    v_recompute text;
    v_earlier text;
    v_members_read text[];
    v_source text := p_source;
    v_subs text[];
    v_i integer;
BEGIN
    SELECT e.* INTO v_entity FROM kv2rel.kv_entities AS e WHERE e.entity = p_entity;
    v_table := to_regclass(v_entity.target_table);
    IF v_table IS NULL THEN
        RAISE EXCEPTION 'entity % has no target table to compile a mapping for',
                        coalesce(quote_literal(p_entity), 'NULL')
            USING ERRCODE = 'K2506',
                  HINT = 'Entities and their target tables are listed in kv2rel.kv_entities.';
    END IF;

    -- The target's columns and their base types (no typmod: numeric(12,2) rounds when the row is stored).
    FOR v_col IN
        SELECT a.attname::text AS name, format_type(a.atttypid, NULL) AS base_type
          FROM pg_catalog.pg_attribute AS a
         WHERE a.attrelid = v_table AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
         ORDER BY a.attnum
    LOOP
        v_cols := v_cols || v_col.name;
        v_types := v_types || jsonb_build_object(v_col.name, v_col.base_type);
    END LOOP;

    -- Layer 0: the top-level members the sources read, in key order (kv2rel_m1, kv2rel_m2, ...).
    SELECT coalesce(array_agg(DISTINCT s.source_path[1] ORDER BY s.source_path[1]), ARRAY[]::text[])
      INTO v_members_read
      FROM kv2rel.field_sources AS s
     WHERE s.entity = p_entity AND cardinality(s.source_path) = 1 AND left(s.source_path[1], 1) <> '$';
    IF cardinality(v_members_read) > 0 THEN
        SELECT format('(SELECT src.*, %s FROM %s AS src OFFSET 0)',
                      string_agg(format('src.value -> %L AS kv2rel_m%s', m.member, m.n), ', ' ORDER BY m.n),
                      p_source)
          INTO v_source
          FROM unnest(v_members_read) WITH ORDINALITY AS m (member, n);
    END IF;

    -- Sources in map_fields order. Top-level keys with consumable nested paths below them are noted.
    IF to_regclass('pg_temp.kv2rel_compile_sources') IS NULL THEN
        CREATE TEMP TABLE kv2rel_compile_sources (
            n integer, target_column text, source_path text[], coercion text, raw text, col_type text,
            is_member boolean, is_top boolean, is_nested boolean
        ) ON COMMIT DROP;
    END IF;
    TRUNCATE pg_temp.kv2rel_compile_sources;
    INSERT INTO pg_temp.kv2rel_compile_sources (
        n, target_column, source_path, coercion, raw, col_type, is_member, is_top,
                                        is_nested)
    SELECT row_number() OVER (ORDER BY s.target_column, s.precedence, s.origin, s.source_path),
           s.target_column, s.source_path, s.coercion,
           CASE
               WHEN s.source_path = '{$key,parent_id}' THEN 'to_jsonb(src.parent_id)'
               WHEN s.source_path = '{$key,entity_id}' THEN 'to_jsonb(src.entity_id)'
               WHEN s.source_path = '{$key,environment}' THEN 'to_jsonb(src.environment)'
               WHEN s.source_path = '{$legacy_id}' THEN 'to_jsonb(src.legacy_id)'
               WHEN cardinality(s.source_path) = 1
                   THEN format('src.kv2rel_m%s', array_position(v_members_read, s.source_path[1]))
               ELSE format('(src.value #> %L::text[])', s.source_path)
           END,
           coalesce(v_types ->> s.target_column, 'jsonb'),
           s.coercion = 'member',
           cardinality(s.source_path) = 1 AND left(s.source_path[1], 1) <> '$',
           cardinality(s.source_path) > 1 AND left(s.source_path[1], 1) <> '$'
      FROM kv2rel.field_sources AS s
     WHERE s.entity = p_entity;
    SELECT coalesce(array_agg(DISTINCT s.source_path[1]), ARRAY[]::text[])
      INTO v_nested_keys
      FROM pg_temp.kv2rel_compile_sources AS s
     WHERE s.is_nested;

    -- Layer 1: the usable value of every source.
    FOR v_src IN SELECT s.* FROM pg_temp.kv2rel_compile_sources AS s ORDER BY s.n LOOP
        v_scope := NULL;
        IF v_src.coercion LIKE 'ref:%@%' THEN
            SELECT 'coalesce(' || string_agg(format(
                       'CASE WHEN jsonb_typeof(%1$s) IN (''string'', ''number'') AND btrim(%1$s #>> ''{}'', E'' \t\n\r\f\x0B'') <> '''''
                       ' THEN btrim(%1$s #>> ''{}'', E'' \t\n\r\f\x0B'') END', s.raw), ', ' ORDER BY s.n) || ')'
              INTO v_scope
              FROM pg_temp.kv2rel_compile_sources AS s
             WHERE s.target_column = split_part(v_src.coercion, '@', 2);
        END IF;
        SELECT c.* INTO v_coerced FROM kv2rel.migrate_coerce_sql(v_src.coercion, v_src.raw, 'src.value', v_scope) AS c;
        IF v_coerced.sql IS NULL THEN
            RAISE NOTICE 'kv2rel: coercion % of %.% is not compiled; records of % are mapped by kv2rel.map_fields',
                v_src.coercion, p_entity, v_src.target_column, p_entity;
            RETURN NULL;
        END IF;
        v_expr := v_coerced.sql;
        v_type := v_coerced.natural_type;
        IF NOT v_src.is_member THEN
            -- Enumerated columns: the value map (keep, map; reject and unmapped give NULL).
            SELECT string_agg(format('WHEN %L THEN %L', m.source_value,
                                     CASE m.action WHEN 'map' THEN m.target_value ELSE m.source_value END), ' '
                              ORDER BY m.source_value)
              INTO v_enum
              FROM kv2rel.value_map AS m
             WHERE m.entity = p_entity AND m.target_column = v_src.target_column AND m.action <> 'reject';
            IF v_enum IS NOT NULL OR EXISTS (
                SELECT 1 FROM kv2rel.value_map AS m WHERE m.entity = p_entity AND m.target_column = v_src.target_column
            ) THEN
                v_expr := format(
                    'CASE lower(btrim(%s, E'' \t\n\r\f\x0B'')) %s ELSE NULL END',
                    CASE v_type WHEN 'jsonb' THEN format('(%s) #>> ''{}''', v_expr)
                                WHEN 'text' THEN v_expr ELSE format('(%s)::text', v_expr) END,
                    coalesce(v_enum, 'WHEN NULL THEN NULL')
                );
                v_type := 'text';
            END IF;
            v_expr := kv2rel.migrate_cast_sql(v_expr, v_type, v_src.col_type);
        END IF;
        v_u := v_u || format('%s AS kv2rel_u%s', v_expr, v_src.n);
    END LOOP;

    -- Layer 0, second part: the members of members that layer 1 reads (a nested address reads each of its keys
    -- over ten times), each computed once above the first part and read as a column.
    SELECT coalesce(array_agg(DISTINCT m.x[1] ORDER BY m.x[1]), ARRAY[]::text[])
      INTO v_subs
      FROM regexp_matches(array_to_string(v_u, ', '), '\(src\.kv2rel_m[0-9]+ -> ''(?:[^'']|'''')*''\)', 'g') AS m (x);
    IF cardinality(v_subs) > 0 THEN
        FOR v_i IN 1 .. cardinality(v_subs) LOOP
            v_u := string_to_array(replace(array_to_string(v_u, chr(1)), v_subs[v_i], 'src.kv2rel_s' || v_i), chr(1));
        END LOOP;
        SELECT format('(SELECT src.*, %s FROM %s AS src OFFSET 0)',
                      string_agg(format('%s AS kv2rel_s%s', s.x, s.n), ', ' ORDER BY s.n), v_source)
          INTO v_source
          FROM unnest(v_subs) WITH ORDINALITY AS s (x, n);
    END IF;

    -- Layer 2: each column's value, the first usable non-member source.
    SELECT coalesce(array_agg(format('coalesce(%s) AS %I', x.us, 'kv2rel_c_' || x.target_column)
                              ORDER BY x.target_column), ARRAY[]::text[])
      INTO v_c
      FROM (SELECT s.target_column, string_agg(format('src.kv2rel_u%s', s.n), ', ' ORDER BY s.n) AS us
              FROM pg_temp.kv2rel_compile_sources AS s
             WHERE NOT s.is_member
             GROUP BY s.target_column) AS x;

    -- Layer 3: residual (consumed nested paths removed) and the consumed top-level keys.
    SELECT coalesce(string_agg(format(' #- CASE WHEN %s THEN %L::text[] ELSE ''{kv2rel:none}''::text[] END',
                                      CASE WHEN s.is_member THEN format('src.kv2rel_u%s IS NOT NULL', s.n)
                                           ELSE format('src.kv2rel_u%1$s IS NOT NULL AND src.kv2rel_u%1$s = src.%2$I',
                                                       s.n, 'kv2rel_c_' || s.target_column) END,
                                      s.source_path), '' ORDER BY s.n), '')
      INTO v_r
      FROM pg_temp.kv2rel_compile_sources AS s
     WHERE s.is_nested;
    v_r := 'src.value' || v_r;
    SELECT coalesce(array_agg(format('CASE WHEN %s THEN %L END',
                                     CASE WHEN s.is_member THEN format('src.kv2rel_u%s IS NOT NULL', s.n)
                                          ELSE format('src.kv2rel_u%1$s IS NOT NULL AND src.kv2rel_u%1$s = src.%2$I',
                                                      s.n, 'kv2rel_c_' || s.target_column) END,
                                     s.source_path[1]) ORDER BY s.n), ARRAY[]::text[])
      INTO v_t
      FROM pg_temp.kv2rel_compile_sources AS s
     WHERE s.is_top;

    -- Layer 4: final column values.
    FOREACH v_final IN ARRAY v_cols LOOP
        CONTINUE WHEN v_final IN ('id', 'legacy_id', 'extra');
        IF NOT EXISTS (SELECT 1 FROM pg_temp.kv2rel_compile_sources AS s WHERE s.target_column = v_final)
           AND NOT EXISTS (SELECT 1 FROM kv2rel.column_rules AS r
                            WHERE r.entity = p_entity AND r.target_column = v_final
                              AND r.default_value IS NOT NULL) THEN
            v_l4 := v_l4 || format('NULL::%s AS %I', v_types ->> v_final, 'kv2rel_f_' || v_final);
            CONTINUE;
        END IF;
        v_expr := CASE WHEN EXISTS (SELECT 1 FROM pg_temp.kv2rel_compile_sources AS s
                                     WHERE s.target_column = v_final AND NOT s.is_member)
                       THEN format('src.%I', 'kv2rel_c_' || v_final)
                       ELSE format('NULL::%s', v_types ->> v_final) END;
        -- A whole-object column fed by a top-level member that lost nested members: recompute from the residual.
        IF v_types ->> v_final = 'jsonb' THEN
            FOR v_src IN SELECT s.* FROM pg_temp.kv2rel_compile_sources AS s
                          WHERE s.target_column = v_final AND s.is_top AND NOT s.is_member
                            AND s.source_path[1] = ANY (v_nested_keys)
                          ORDER BY s.n LOOP
                SELECT string_agg(format('src.kv2rel_u%s IS NULL', e.n), ' AND ' ORDER BY e.n)
                  INTO v_earlier
                  FROM pg_temp.kv2rel_compile_sources AS e
                 WHERE e.target_column = v_final AND NOT e.is_member AND e.n < v_src.n;
                SELECT c.sql, c.natural_type INTO v_coerced
                  FROM kv2rel.migrate_coerce_sql(v_src.coercion, format('(src.kv2rel_r -> %L)', v_src.source_path[1]),
                                                 'src.value') AS c;
                IF v_coerced.sql IS NULL THEN
                    RETURN NULL;
                END IF;
                v_recompute := kv2rel.migrate_cast_sql(v_coerced.sql, v_coerced.natural_type, 'jsonb');
                v_expr := format(
                    'CASE WHEN %s src.kv2rel_u%s IS NOT NULL'
                    ' AND (src.kv2rel_r -> %L) IS DISTINCT FROM %s'
                    ' THEN coalesce(%s, ''{}''::jsonb) ELSE %s END',
                    coalesce(v_earlier || ' AND', ''), v_src.n, v_src.source_path[1], v_src.raw,
                    v_recompute, v_expr
                );
            END LOOP;
        END IF;
        -- Member sources merge into the (object) column under their dotted path.
        SELECT string_agg(format('CASE WHEN src.kv2rel_u%s IS NOT NULL THEN jsonb_build_object(%L, src.kv2rel_u%s)'
                                 ' ELSE ''{}''::jsonb END', s.n, array_to_string(s.source_path, '.'), s.n),
                          ' || ' ORDER BY s.n),
               string_agg(format('src.kv2rel_u%s IS NOT NULL', s.n), ' OR ' ORDER BY s.n)
          INTO v_members, v_any_member
          FROM pg_temp.kv2rel_compile_sources AS s
         WHERE s.target_column = v_final AND s.is_member;
        IF v_members IS NOT NULL THEN
            v_expr := format(
                'CASE WHEN %1$s THEN CASE WHEN jsonb_typeof(%2$s) = ''object'' THEN %2$s ELSE ''{}''::jsonb END || %3$s'
                ' ELSE %2$s END',
                v_any_member, v_expr, v_members
            );
        END IF;
        -- Column-rule default (a source-level value, coerced once here).
        SELECT kv2rel.migrate_cast_sql(
                   CASE WHEN c.value IS NULL THEN 'NULL::jsonb' ELSE format('%L::jsonb', c.value::text) END,
                   'jsonb', v_types ->> v_final)
          INTO v_default
          FROM kv2rel.column_rules AS r
         CROSS JOIN LATERAL kv2rel.coerce(r.default_value, coalesce(r.default_coercion, 'jsonb')) AS c
         WHERE r.entity = p_entity AND r.target_column = v_final AND r.default_value IS NOT NULL;
        IF v_default IS NOT NULL THEN
            v_expr := format('coalesce(%s, %s)', v_expr, v_default);
        END IF;
        v_l4 := v_l4 || format('%s AS %I', v_expr, 'kv2rel_f_' || v_final);
    END LOOP;

    -- Layer 5: extra without the objects the mapping emptied.
    SELECT coalesce(array_agg(format(
               'CASE WHEN src.kv2rel_x -> %1$L = ''{}''::jsonb AND %2$s <> ''{}''::jsonb'
               ' THEN %1$L END', k,
               CASE WHEN k = ANY (v_members_read) THEN format('src.kv2rel_m%s', array_position(v_members_read, k))
                    ELSE format('(src.value -> %L)', k) END)),
               ARRAY[]::text[])
      INTO v_emptied
      FROM unnest(v_nested_keys) AS k;
    FOREACH v_final IN ARRAY v_cols LOOP
        v_out := v_out || CASE v_final
                              WHEN 'id' THEN 'src.mapped_id AS id'
                              WHEN 'legacy_id' THEN 'src.legacy_id AS legacy_id'
                              WHEN 'extra' THEN format('src.kv2rel_x - array_remove(ARRAY[%s]::text[], NULL) AS extra',
                                                       array_to_string(v_emptied, ', '))
                              ELSE format('src.%I AS %I', 'kv2rel_f_' || v_final, v_final)
                          END;
    END LOOP;

    IF p_extra IS NOT NULL THEN
        v_out := v_out || p_extra;
    END IF;
    RETURN format(
        'SELECT src.key AS kv2rel_key, %1$s FROM ('
        'SELECT src.*, %2$s, src.kv2rel_r - array_remove(ARRAY[%3$s]::text[], NULL) - ''id'' AS kv2rel_x FROM ('
        'SELECT src.*, %4$s AS kv2rel_r FROM ('
        'SELECT src.* %5$s FROM ('
        'SELECT src.* %6$s FROM %7$s AS src OFFSET 0) AS src OFFSET 0) AS src OFFSET 0) AS src OFFSET 0) AS src',
        array_to_string(v_out, ', '),
        CASE WHEN cardinality(v_l4) > 0 THEN array_to_string(v_l4, ', ') ELSE 'NULL AS kv2rel_none' END,
        array_to_string(v_t, ', '),
        v_r,
        CASE WHEN cardinality(v_c) > 0 THEN ', ' || array_to_string(v_c, ', ') ELSE '' END,
        CASE WHEN cardinality(v_u) > 0 THEN ', ' || array_to_string(v_u, ', ') ELSE '' END,
        v_source
    );
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_mapping_sql(text, text, text) IS
'Compile the mapping rules of entity p_entity into one SELECT over relation p_source (key, value, parent_id, '
'entity_id, environment, legacy_id, mapped_id) returning kv2rel_key, the typed target columns and p_extra, equal '
'to kv2rel.map_fields record by record (secrets excepted); NULL when a rule cannot be compiled.';
