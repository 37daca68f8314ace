-- Function: kv2rel.migrate_nested_sql
-- Purpose: compile the field map of an entity without a target table (an object nested inside a record, e.g. an
--          order's shipping_address) into one SQL expression over that object: the same jsonb that
--          kv2rel.map_fields returns as columns || extra for it. Used by kv2rel.migrate_coerce_sql (coercion
--          address), so nested objects are mapped set-based too.
-- Usage (psql): SELECT kv2rel.migrate_nested_sql('shipping_address', '(src.value -> ''shippingAddress'')');
--
-- Supported: sources that are top-level members of the object with scalar coercions, and no value map.
-- Anything else (members, key parts, nested paths, enumerated columns) returns NULL: not compiled, and the
-- records that need it are mapped by kv2rel.map_fields instead.

CREATE OR REPLACE FUNCTION kv2rel.migrate_nested_sql(
    p_entity text,
    p_value text
)
RETURNS text
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_source record;
    v_coerced record;
    v_columns text[] := ARRAY[]::text[];
    v_cs text[] := ARRAY[]::text[];
    v_us text[] := ARRAY[]::text[];
    v_cols_of text[] := ARRAY[]::text[];
    v_keys text[] := ARRAY[]::text[];
    v_object text[] := ARRAY[]::text[];
    v_consumed text[] := ARRAY[]::text[];
    v_types text[] := ARRAY[]::text[];
    v_i integer;
BEGIN
    IF EXISTS (SELECT 1 FROM kv2rel.value_map AS m WHERE m.entity = p_entity) THEN
        RETURN NULL;
    END IF;
    -- One flat expression (no subquery: a correlated subquery costs more per row than repeating these cheap
    -- member look-ups): each column is the coalesce of its sources' values; a source key is consumed when its
    -- value equals its column's.
    FOR v_source IN
        SELECT s.target_column, s.source_path, s.coercion
          FROM kv2rel.field_sources AS s
         WHERE s.entity = p_entity
         ORDER BY s.target_column, s.precedence, s.origin, s.source_path
    LOOP
        IF cardinality(v_source.source_path) <> 1 OR left(v_source.source_path[1], 1) = '$'
           OR v_source.coercion IN ('member', 'address') OR v_source.coercion LIKE 'ref%@%' THEN
            RETURN NULL;
        END IF;
        SELECT c.* INTO v_coerced
          FROM kv2rel.migrate_coerce_sql(
                   v_source.coercion, format('(%s -> %L)', p_value, v_source.source_path[1]), p_value) AS c;
        IF v_coerced.sql IS NULL THEN
            RETURN NULL;
        END IF;
        v_us := v_us || v_coerced.sql;
        v_types := v_types || v_coerced.natural_type;
        v_keys := v_keys || v_source.source_path[1];
        v_cols_of := v_cols_of || v_source.target_column;
        IF NOT v_source.target_column = ANY (v_columns) THEN
            v_columns := v_columns || v_source.target_column;
            v_cs := v_cs || v_us[cardinality(v_us)];
        ELSE
            v_cs[cardinality(v_cs)] := v_cs[cardinality(v_cs)] || ', ' || v_us[cardinality(v_us)];
        END IF;
    END LOOP;
    IF cardinality(v_columns) = 0 THEN
        RETURN NULL;
    END IF;
    -- Sources of one column coalesce in their own type when they share it, else as JSON.
    IF (SELECT count(DISTINCT t) FROM unnest(v_types) AS t) > 1 THEN
        FOR v_i IN 1 .. cardinality(v_us) LOOP
            v_us[v_i] := format('to_jsonb(%s)', v_us[v_i]);
        END LOOP;
        v_columns := ARRAY[]::text[];
        v_cs := ARRAY[]::text[];
        FOR v_i IN 1 .. cardinality(v_us) LOOP
            IF NOT v_cols_of[v_i] = ANY (v_columns) THEN
                v_columns := v_columns || v_cols_of[v_i];
                v_cs := v_cs || v_us[v_i];
            ELSE
                v_cs[cardinality(v_cs)] := v_cs[cardinality(v_cs)] || ', ' || v_us[v_i];
            END IF;
        END LOOP;
    END IF;
    FOR v_i IN 1 .. cardinality(v_columns) LOOP
        v_cs[v_i] := format('coalesce(%s)', v_cs[v_i]);
        v_object := v_object || format('%L, %s', v_columns[v_i], v_cs[v_i]);
    END LOOP;
    FOR v_i IN 1 .. cardinality(v_us) LOOP
        v_consumed := v_consumed || format(
            'CASE WHEN %s = %s THEN %L END', v_us[v_i], v_cs[array_position(v_columns, v_cols_of[v_i])], v_keys[v_i]
        );
    END LOOP;
    -- The values are JSON scalars or whole objects/arrays, so stripping the top-level NULLs drops exactly the
    -- columns without a value (jsonb_strip_nulls also strips nested nulls: only scalar coercions are compiled).
    IF EXISTS (SELECT 1 FROM kv2rel.field_sources AS s
                WHERE s.entity = p_entity AND s.coercion NOT IN ('text', 'upper', 'lower', 'numeric', 'integer',
                                                                  'boolean', 'timestamptz', 'date', 'uuid')) THEN
        RETURN NULL;
    END IF;
    RETURN format(
        '(jsonb_strip_nulls(jsonb_build_object(%s)) || (%s - ARRAY[%s]::text[] - ''id''))',
        array_to_string(v_object, ', '), p_value, array_to_string(v_consumed, ', ')
    );
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_nested_sql(text, text) IS
'One SQL expression mapping the nested object p_value (SQL) by the field map of p_entity (an entity without a '
'target table): mapped columns || unconsumed members, as kv2rel.map_fields does; NULL when not compilable.';
