-- Function: kv2rel.migrate_coerce_sql
-- Purpose: the SQL expression that computes, for a whole batch at once, what kv2rel.coerce computes for one
--          source value: the column value of a present and usable source, NULL when the source is absent or
--          unusable. Used by kv2rel.migrate_mapping_sql to compile the field map into one INSERT ... SELECT.
-- Usage (psql): SELECT * FROM kv2rel.migrate_coerce_sql('integer', '(src.value -> ''giftsPerUser'')', 'src.value');
--
-- p_raw is the SQL of the source's raw jsonb, p_record the SQL of the whole record (multiply:<field> reads the
-- other factor from it), p_scope the SQL of the scope's legacy id text for ref:<entity>@<column>. natural_type
-- is the SQL type of the expression: text, timestamptz, date, boolean, numeric, integer, jsonb, uuid or inet
-- (jsonb for arrays and objects). NULL sql: the coercion is not compiled (the record takes kv2rel.map_fields).

CREATE OR REPLACE FUNCTION kv2rel.migrate_coerce_sql(
    p_coercion text,
    p_raw text,
    p_record text,
    p_scope text DEFAULT NULL,
    OUT sql text,
    OUT natural_type text
)
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    c_uuid CONSTANT text := '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$';
    -- JavaScript's toISOString() form with a day that exists in every month: the built-in cast reads it exactly
    -- like kv2rel.to_timestamptz_lenient, several times faster; every other form takes the lenient parser.
    c_iso CONSTANT text :=
        '^[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])'
        'T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?Z$';
    v_ts text;
    v_arg text := substring(p_coercion FROM ':(.*)$');
    v_kind text := split_part(p_coercion, ':', 1);
    v_scalar text := format('jsonb_typeof(%s) IN (''string'', ''number'', ''boolean'')', p_raw);
    v_text text := format('btrim(%s #>> ''{}'', E'' \t\n\r\f\x0B'')', p_raw);
    v_nested text;
    v_split text;
BEGIN
    v_split := format(
        '(SELECT coalesce(jsonb_agg(btrim(p.part, E'' \t\n\r\f\x0B'') ORDER BY p.n), ''[]''::jsonb)'
        ' FROM unnest(string_to_array(%s, '','')) WITH ORDINALITY AS p (part, n) WHERE btrim(p.part, E'' \t\n\r\f\x0B'') <> '''')',
        v_text
    );
    CASE v_kind
        WHEN 'text', 'upper', 'lower' THEN
            sql := format('CASE WHEN %s THEN nullif(%s, '''') END', v_scalar, v_text);
            IF v_kind <> 'text' THEN
                sql := format('%s(%s)', v_kind, sql);
            END IF;
            natural_type := 'text';
        WHEN 'timestamptz', 'date' THEN
            v_ts := format(
                'CASE WHEN jsonb_typeof(%1$s) = ''string'' AND (%1$s #>> ''{}'') ~ %2$L'
                ' THEN (%1$s #>> ''{}'')::timestamptz ELSE kv2rel.to_timestamptz_lenient(%1$s) END',
                p_raw, c_iso
            );
            IF v_kind = 'date' THEN
                sql := format('((%s) AT TIME ZONE ''UTC'')::date', v_ts);
            ELSE
                sql := v_ts;
            END IF;
            natural_type := v_kind;
        WHEN 'boolean' THEN
            sql := format('kv2rel.to_boolean_lenient(%s)', p_raw);
            natural_type := 'boolean';
        WHEN 'numeric' THEN
            sql := format('kv2rel.to_numeric_lenient(%s)', p_raw);
            natural_type := 'numeric';
        WHEN 'integer' THEN
            sql := format(
                'CASE WHEN kv2rel.to_numeric_lenient(%1$s) = trunc(kv2rel.to_numeric_lenient(%1$s))'
                ' AND kv2rel.to_numeric_lenient(%1$s) BETWEEN -2147483648 AND 2147483647'
                ' THEN kv2rel.to_numeric_lenient(%1$s)::integer END',
                p_raw
            );
            natural_type := 'integer';
        WHEN 'jsonb', 'member' THEN
            sql := format(
                'CASE WHEN %1$s <> ''null''::jsonb AND NOT (jsonb_typeof(%1$s) = ''string'''
                ' AND btrim(%1$s #>> ''{}'', E'' \t\n\r\f\x0B'') = '''') THEN %1$s END',
                p_raw
            );
            natural_type := 'jsonb';
        WHEN 'jsonb_object' THEN
            sql := format(
                'CASE jsonb_typeof(%1$s) WHEN ''object'' THEN %1$s'
                ' WHEN ''string'' THEN kv2rel.json_object_from_text(%1$s) END',
                p_raw
            );
            natural_type := 'jsonb';
        WHEN 'jsonb_array' THEN
            sql := format(
                'CASE jsonb_typeof(%1$s) WHEN ''array'' THEN %1$s WHEN ''string'' THEN CASE WHEN %2$s <> '''''
                ' THEN %3$s END END',
                p_raw, v_text, v_split
            );
            natural_type := 'jsonb';
        WHEN 'text_array' THEN
            sql := format(
                'CASE jsonb_typeof(%1$s) WHEN ''string'' THEN CASE WHEN %2$s <> '''' THEN %3$s END'
                ' WHEN ''array'' THEN CASE WHEN NOT EXISTS (SELECT 1 FROM jsonb_array_elements(%1$s) AS e (v)'
                ' WHERE jsonb_typeof(e.v) NOT IN (''string'', ''number'', ''boolean''))'
                ' THEN (SELECT coalesce(jsonb_agg(btrim(e.v, E'' \t\n\r\f\x0B'') ORDER BY e.n), ''[]''::jsonb)'
                ' FROM jsonb_array_elements_text(%1$s) WITH ORDINALITY AS e (v, n) WHERE btrim(e.v, E'' \t\n\r\f\x0B'') <> '''') END END',
                p_raw, v_text, v_split
            );
            natural_type := 'jsonb';
        WHEN 'uuid' THEN
            sql := format('CASE WHEN %s AND %s ~ %L THEN lower(%s)::uuid END', v_scalar, v_text, c_uuid, v_text);
            natural_type := 'uuid';
        WHEN 'inet' THEN
            sql := format('kv2rel.migrate_inet(%s)', p_raw);
            natural_type := 'inet';
        WHEN 'first_name', 'last_name' THEN
            sql := format(
                'CASE WHEN jsonb_typeof(%s) = ''string'' THEN (kv2rel.split_full_name(%s)).%I END',
                p_raw, v_text, v_kind
            );
            natural_type := 'text';
        WHEN 'active_flag' THEN
            sql := format(
                'CASE kv2rel.to_boolean_lenient(%s) WHEN TRUE THEN ''active'' WHEN FALSE THEN ''inactive'' END', p_raw
            );
            natural_type := 'text';
        WHEN 'all_flag' THEN
            sql := format(
                'CASE WHEN jsonb_typeof(%1$s) = ''array'' THEN FALSE WHEN %2$s AND lower(%3$s) = ''all'' THEN TRUE END',
                p_raw, v_scalar, v_text
            );
            natural_type := 'boolean';
        WHEN 'flag' THEN
            sql := format('CASE WHEN kv2rel.to_boolean_lenient(%s) THEN %L END', p_raw, v_arg);
            natural_type := 'text';
        WHEN 'multiply' THEN
            sql := format(
                '(kv2rel.to_numeric_lenient(%1$s) * CASE WHEN (%2$s -> %3$L) IS NULL'
                ' OR (%2$s -> %3$L) = ''null''::jsonb'
                ' THEN 1 ELSE kv2rel.to_numeric_lenient(%2$s -> %3$L) END)',
                p_raw, p_record, v_arg
            );
            natural_type := 'numeric';
        WHEN 'ref' THEN
            IF strpos(v_arg, '@') = 0 THEN
                sql := format(
                    'CASE WHEN jsonb_typeof(%1$s) IN (''string'', ''number'')'
                    ' THEN kv2rel.legacy_uuid(%2$L, %1$s #>> ''{}'') END',
                    p_raw, v_arg
                );
            ELSE
                sql := format(
                    'CASE WHEN jsonb_typeof(%1$s) IN (''string'', ''number'') THEN CASE WHEN %2$s ~ %3$L'
                    ' THEN lower(%2$s)::uuid'
                    ' WHEN (%4$s) IS NOT NULL THEN kv2rel.legacy_uuid(%5$L, (%4$s) || '':'' || %2$s)'
                    ' END END',
                    p_raw, v_text, c_uuid, coalesce(p_scope, 'NULL::text'), split_part(v_arg, '@', 1)
                );
            END IF;
            natural_type := 'uuid';
        WHEN 'ref_array' THEN
            sql := format(
                'CASE WHEN jsonb_typeof(%1$s) = ''array'''
                ' AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(%1$s) AS e (v)'
                ' WHERE jsonb_typeof(e.v) NOT IN (''string'', ''number''))'
                ' THEN (SELECT coalesce(jsonb_agg(kv2rel.legacy_uuid(%2$L, a.v) ORDER BY a.n), ''[]''::jsonb)'
                ' FROM jsonb_array_elements_text(%1$s) WITH ORDINALITY AS a (v, n) WHERE btrim(a.v, E'' \t\n\r\f\x0B'') <> '''') END',
                p_raw, v_arg
            );
            natural_type := 'jsonb';
        WHEN 'address' THEN
            v_nested := kv2rel.migrate_nested_sql('shipping_address', p_raw);
            IF v_nested IS NOT NULL THEN
                sql := format('CASE WHEN jsonb_typeof(%s) = ''object'' THEN %s END', p_raw, v_nested);
            END IF;
            natural_type := 'jsonb';
        WHEN 'validation_methods' THEN
            sql := format(
                'CASE jsonb_typeof(%1$s)'
                ' WHEN ''string'' THEN jsonb_build_array(jsonb_build_object(''type'', %2$s, ''enabled'', TRUE))'
                ' WHEN ''object'' THEN CASE WHEN %1$s ? ''type'' THEN jsonb_build_array(%1$s) END'
                ' WHEN ''array'' THEN CASE WHEN NOT EXISTS (SELECT 1 FROM jsonb_array_elements(%1$s) AS e (v)'
                ' WHERE NOT (jsonb_typeof(e.v) = ''string'' OR (jsonb_typeof(e.v) = ''object'' AND e.v ? ''type'')))'
                ' THEN (SELECT coalesce(jsonb_agg(CASE jsonb_typeof(e.v) WHEN ''string'''
                ' THEN jsonb_build_object(''type'', e.v #>> ''{}'', ''enabled'', TRUE) ELSE e.v END ORDER BY e.n),'
                ' ''[]''::jsonb) FROM jsonb_array_elements(%1$s) WITH ORDINALITY AS e (v, n)) END END',
                p_raw, v_text
            );
            natural_type := 'jsonb';
        ELSE
            sql := NULL;
            natural_type := NULL;
    END CASE;
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_coerce_sql(text, text, text, text) IS
'SQL expression (and its type) computing kv2rel.coerce(raw, coercion) for a whole batch: the column value of a '
'present, usable source, else NULL. p_raw/p_record/p_scope are SQL snippets. NULL sql: not compiled.';
