-- Function: kv2rel.plan_entity_checks
-- Purpose: per entity with a target table, the SQL expressions kv2rel.plan evaluates on every record, compiled
--          from view kv2rel.field_sources, kv2rel.column_rules and kv2rel.value_map:
--            * problems_sql: NULL, or the blocking problems of the record ('; '-separated): a required column
--              without a usable source (and, for columns with a default, a present but unusable one), or an
--              enumerated column whose present sources are all rejected or unmapped;
--            * id_scope_sql: for entities with kv_entities.id_scope_column, the legacy id of the scope (the first
--              present scalar source of that column);
--            * sort_ts_sql: the raw updated_at (else created_at) value, to pick the newest of duplicates;
--            * dates_ok_sql: the record's date guard, true when every date source of the entity is absent, null or
--              a toISOString() date (each member read once, one regular expression); problems_sql reads its value
--              as kv2rel_ctx.dates_ok and then skips the per-source date tests. NULL for entities without dates.
--          The expressions read the record through the placeholder alias kv2rel_ctx (value, parent_id,
--          entity_id, environment, legacy_id, dates_ok), which kv2rel.plan_sql replaces with the columns of the
--          layers above the classification: the checks are compiled once per entity, not once per key rule.
-- Cost: the checks are most of kv2rel.plan's work, so each is shaped for the clean record (docs/mapping.md, "The
-- plan"): a one-jsonb_typeof guard per source before a strict check, usable before present, one usability test
-- for a required column and its strict check, fast paths before the lenient parsers. Every guard and fast path
-- accepts a subset of what the full test accepts: the outcomes do not depend on them.
-- Usage (psql): SELECT * FROM kv2rel.plan_entity_checks() WHERE entity = 'employee';
-- requires: iso_utc_parts

-- The result gained dates_ok_sql: a function's result type cannot be replaced in place.
DROP FUNCTION IF EXISTS kv2rel.plan_entity_checks();

CREATE OR REPLACE FUNCTION kv2rel.plan_entity_checks()
RETURNS TABLE (
    entity text,
    id_scope_sql text,
    problems_sql text,
    sort_ts_sql text,
    dates_ok_sql text
)
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE sql
AS $function$
    WITH source AS (
        -- One row per accepted source: its raw JSON (j), its text (t: the string, the number, or the JSON text
        -- of an object), and the SQL of "present", "usable" and the text an enumerated column looks up.
        SELECT s.entity,
               s.target_column,
               s.precedence,
               s.origin,
               s.source_path,
               s.coercion,
               x.j,
               CASE
                   -- a false flag (deleted: false) is not a source of its column
                   WHEN s.coercion LIKE 'flag:%' THEN format('coalesce(kv2rel.to_boolean_lenient(%s), TRUE)', x.j)
                   ELSE format('coalesce(btrim(%s, E'' \t\n\r\f\x0B''), '''') <> ''''', x.t)
               END AS present,
               -- array checks are jsonpath, not a subquery per element: a SubPlan would keep kv2rel.plan out of
               -- parallel workers
               CASE
                   -- fast paths first (a JSON number, a JavaScript toISOString() date): the lenient parsers only
                   -- for the rest, so checking every strict column costs little; one jsonb_typeof decides first (an
                   -- absent alias then costs one look-up, not one per parser call)
                   WHEN s.coercion = 'integer' THEN format(
                       'CASE jsonb_typeof(%1$s) WHEN ''number'' THEN %1$s::numeric = trunc(%1$s::numeric)'
                       ' AND %1$s::numeric BETWEEN -2147483648 AND 2147483647'
                       ' WHEN ''string'' THEN coalesce(kv2rel.to_numeric_lenient(%1$s)'
                       ' = trunc(kv2rel.to_numeric_lenient(%1$s))'
                       ' AND kv2rel.to_numeric_lenient(%1$s) BETWEEN -2147483648 AND 2147483647, FALSE) ELSE FALSE END',
                       x.j
                   )
                   WHEN s.coercion LIKE 'multiply:%' THEN format(
                       '(kv2rel.to_numeric_lenient(%1$s) IS NOT NULL AND (coalesce(%2$s, ''null''::jsonb)'
                       ' = ''null''::jsonb OR kv2rel.to_numeric_lenient(%2$s) IS NOT NULL))',
                       x.j, format('(kv2rel_ctx.value -> %L)', split_part(s.coercion, ':', 2))
                   )
                   WHEN s.coercion = 'numeric' THEN format(
                       'CASE jsonb_typeof(%1$s) WHEN ''number'' THEN TRUE'
                       ' WHEN ''string'' THEN kv2rel.to_numeric_lenient(%1$s) IS NOT NULL ELSE FALSE END', x.j
                   )
                   WHEN s.coercion = 'inet' THEN format('kv2rel.migrate_inet(%s) IS NOT NULL', x.j)
                   WHEN s.coercion IN ('jsonb_array', 'address') AND NOT x.is_key THEN format(
                       'jsonb_typeof(%s) IN (%s)', x.j,
                       CASE s.coercion WHEN 'address' THEN '''object''' ELSE '''array'', ''string''' END
                   )
                   WHEN s.coercion = 'text_array' AND NOT x.is_key THEN format(
                       'CASE jsonb_typeof(%1$s) WHEN ''string'' THEN TRUE WHEN ''array'' THEN NOT jsonb_path_exists('
                       '%1$s, ''strict $[*] ? (!(@.type() == "string" || @.type() == "number"'
                       ' || @.type() == "boolean"))'') ELSE FALSE END', x.j
                   )
                   WHEN s.coercion = 'ref_array:' || split_part(s.coercion, ':', 2) AND NOT x.is_key THEN format(
                       'CASE jsonb_typeof(%1$s) WHEN ''array'' THEN NOT jsonb_path_exists('
                       '%1$s, ''strict $[*] ? (!(@.type() == "string" || @.type() == "number"))'')'
                       ' ELSE coalesce(lower(btrim(%2$s, E'' \t\n\r\f\x0B'')) = ''all'', FALSE) END', x.j, x.t
                   )
                   WHEN s.coercion = 'all_flag' AND NOT x.is_key THEN format(
                       '(jsonb_typeof(%1$s) = ''array'' OR (jsonb_typeof(%1$s) IN (''string'', ''number'','
                       ' ''boolean'') AND lower(btrim(%2$s, E'' \t\n\r\f\x0B'')) = ''all''))', x.j, x.t
                   )
                   WHEN s.coercion = 'validation_methods' AND NOT x.is_key THEN format(
                       'CASE jsonb_typeof(%1$s) WHEN ''string'' THEN TRUE WHEN ''object'' THEN %1$s ? ''type'''
                       ' WHEN ''array'' THEN NOT jsonb_path_exists(%1$s, ''strict $[*] ? (!(@.type() == "string"'
                       ' || (@.type() == "object" && exists(@.keyvalue() ? (@.key == "type")))))'') ELSE FALSE END',
                       x.j
                   )
                   WHEN s.coercion IN ('first_name', 'last_name') AND NOT x.is_key THEN format(
                       'CASE WHEN jsonb_typeof(%1$s) = ''string'' THEN (kv2rel.split_full_name(%2$s)).%3$I'
                       ' IS NOT NULL END', x.j, x.t, s.coercion
                   )
                   WHEN s.coercion IN ('timestamptz', 'date') THEN format(
                       -- the record's date guard first (dates_ok_sql below): when it holds, every present source of
                       -- every date column of the record is a valid toISOString() date, so a string is usable and
                       -- nothing else is. Then, for this value alone,
                       -- fastest first, for the JavaScript toISOString() form (2024-05-17T13:45:09.123Z): its shape
                       -- by LIKE, then each field looked up in the hashed list of its valid values
                       -- (kv2rel.iso_utc_parts: years 1900-2099, the month-days of a common year, hours, minutes,
                       -- seconds, the milliseconds as a digit and two); no parsing, no error to catch. Then the regular expression, then the
                       -- lenient parser. The fast path accepts nothing the other two refuse.
                       'CASE WHEN %4$s THEN coalesce(jsonb_typeof(%1$s) = ''string'', FALSE) ELSE '
                       'CASE jsonb_typeof(%1$s) WHEN ''string'' THEN coalesce(%2$s LIKE ''____-__-__T__:__:__.___Z'''
                       ' AND substr(%2$s, 1, 4) = ANY (kv2rel.iso_utc_parts(''year''))'
                       ' AND substr(%2$s, 6, 5) = ANY (kv2rel.iso_utc_parts(''month_day''))'
                       ' AND substr(%2$s, 12, 2) = ANY (kv2rel.iso_utc_parts(''hour''))'
                       ' AND substr(%2$s, 15, 2) = ANY (kv2rel.iso_utc_parts(''sexagesimal''))'
                       ' AND substr(%2$s, 18, 2) = ANY (kv2rel.iso_utc_parts(''sexagesimal''))'
                       ' AND substr(%2$s, 21, 1) = ANY (kv2rel.iso_utc_parts(''digit''))'
                       ' AND substr(%2$s, 22, 2) = ANY (kv2rel.iso_utc_parts(''digits'')), FALSE)'
                       ' OR %2$s ~ %3$L'
                       ' OR kv2rel.to_timestamptz_lenient(%1$s) IS NOT NULL'
                       ' WHEN ''number'' THEN kv2rel.to_timestamptz_lenient(%1$s) IS NOT NULL ELSE FALSE END END',
                       x.j, x.t,
                       -- forms kv2rel.to_timestamptz_lenient always accepts (a subset of them, no PL/pgSQL call):
                       -- years 1000-2999, a day that month has (29 February left to the function), a date alone or
                       -- with a time (HH:MM, :SS, up to 9 decimals) and Z or an offset up to 15:59
                       '^[12][0-9]{3}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)'
                       '|02-(0[1-9]|1[0-9]|2[0-8]))([Tt ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?'
                       '([Zz]|[+-](0[0-9]|1[0-5])(:?[0-5][0-9])?))?$',
                       CASE WHEN x.is_key THEN 'FALSE' ELSE 'kv2rel_ctx.dates_ok' END
                   )
                   WHEN s.coercion IN ('boolean', 'active_flag')
                       THEN format('CASE jsonb_typeof(%1$s) WHEN ''boolean'' THEN TRUE WHEN ''number'' THEN'
                                   ' kv2rel.to_boolean_lenient(%1$s) IS NOT NULL WHEN ''string'' THEN'
                                   ' kv2rel.to_boolean_lenient(%1$s) IS NOT NULL ELSE FALSE END', x.j)
                   WHEN s.coercion LIKE 'flag:%'
                       THEN format('coalesce(kv2rel.to_boolean_lenient(%s), FALSE)', x.j)
                   WHEN s.coercion = 'jsonb_object' THEN format(
                       'CASE jsonb_typeof(%1$s) WHEN ''object'' THEN TRUE'
                       ' WHEN ''string'' THEN kv2rel.json_object_from_text(%1$s) IS NOT NULL ELSE FALSE END', x.j
                   )
                   WHEN s.coercion = 'uuid' THEN format(
                       'coalesce(btrim(%s, E'' \t\n\r\f\x0B'') ~ ''^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}'
                       '-[0-9A-Fa-f]{12}$'', FALSE)', x.t
                   )
                   WHEN (s.coercion IN ('text', 'upper', 'lower') OR s.coercion LIKE 'ref:%') AND x.is_key
                       THEN format('coalesce(btrim(%s, E'' \t\n\r\f\x0B''), '''') <> ''''', x.t)
                   WHEN s.coercion IN ('text', 'upper', 'lower') OR s.coercion LIKE 'ref:%'
                       THEN format(
                           '(jsonb_typeof(%s) IN (%s) AND btrim(%s, E'' \t\n\r\f\x0B'') <> '''')',
                           x.j,
                           CASE WHEN s.coercion LIKE 'ref:%' THEN '''string'', ''number'''
                                ELSE '''string'', ''number'', ''boolean''' END,
                           x.t
                       )
                   ELSE format('coalesce(btrim(%s, E'' \t\n\r\f\x0B''), '''') <> ''''', x.t)
               END AS usable,
               CASE
                   WHEN s.coercion = 'active_flag' THEN format(
                       'CASE kv2rel.to_boolean_lenient(%s) WHEN TRUE THEN ''active'' WHEN FALSE THEN ''inactive'' END',
                       x.j
                   )
                   WHEN s.coercion LIKE 'flag:%' THEN format(
                       'CASE WHEN kv2rel.to_boolean_lenient(%s) THEN %L END', x.j, split_part(s.coercion, ':', 2)
                   )
                   ELSE format('nullif(lower(btrim(%s, E'' \t\n\r\f\x0B'')), '''')', x.t)
               END AS enum_text,
               CASE
                   WHEN x.is_key THEN format('nullif(btrim(%s, E'' \t\n\r\f\x0B''), '''')', x.t)
                   ELSE format(
                       'CASE WHEN jsonb_typeof(%s) IN (''string'', ''number'') THEN nullif(btrim(%s, E'' \t\n\r\f\x0B''), '''') END',
                       x.j, x.t
                   )
               END AS scalar_text,
               -- a cheap necessary condition of "present and not usable" for this source, NULL where that cannot
               -- happen (usable is then exactly present): only a record for which it holds for some strict source
               -- of a column evaluates that column's strict check. It mirrors the CASE of usable above; the
               -- fallback, "not absent and not JSON null", holds for every present source.
               CASE
                   WHEN s.coercion = 'numeric' OR (s.coercion IN ('boolean', 'active_flag') AND NOT x.is_key)
                        OR (s.coercion IN ('jsonb_array', 'address', 'text_array', 'jsonb_object') AND NOT x.is_key)
                       THEN format(
                           'jsonb_typeof(%s) NOT IN (%s, ''null'')', x.j,
                           CASE
                               WHEN s.coercion = 'numeric' THEN '''number'''
                               WHEN s.coercion IN ('boolean', 'active_flag') THEN '''boolean'''
                               WHEN s.coercion = 'address' THEN '''object'''
                               WHEN s.coercion = 'jsonb_array' THEN '''array'', ''string'''
                               WHEN s.coercion = 'text_array' THEN '''string'''
                               ELSE '''object'''
                           END
                       )
                   WHEN s.coercion IN ('timestamptz', 'date') AND NOT x.is_key
                       THEN format('(kv2rel_ctx.dates_ok IS NOT TRUE AND jsonb_typeof(%s) <> ''null'')', x.j)
                   WHEN s.coercion IN ('integer', 'inet', 'timestamptz', 'date', 'boolean', 'active_flag', 'jsonb_object',
                                       'uuid', 'jsonb_array', 'address', 'text_array', 'all_flag',
                                       'validation_methods', 'first_name', 'last_name')
                        OR s.coercion LIKE 'multiply:%' OR s.coercion LIKE 'flag:%'
                        OR s.coercion = 'ref_array:' || split_part(s.coercion, ':', 2)
                       THEN format('jsonb_typeof(%s) <> ''null''', x.j)
                   WHEN (s.coercion IN ('text', 'upper', 'lower') OR s.coercion LIKE 'ref:%') AND NOT x.is_key
                       THEN format('jsonb_typeof(%s) IN (''object'', ''array''%s)', x.j,
                                   CASE WHEN s.coercion LIKE 'ref:%' THEN ', ''boolean''' ELSE '' END)
               END AS bad,
               -- strict: a present value of this source that no source of the column can use blocks the record
               -- (jsonb never refuses; a flag that is not true is not a source)
               s.coercion <> 'jsonb' AND s.coercion NOT LIKE 'flag:%' AS strict,
               s.coercion IN ('timestamptz', 'date') AND NOT x.is_key AS is_date,
               x.t,
               a.allowed
          FROM kv2rel.field_sources AS s
         CROSS JOIN LATERAL (
                SELECT left(s.source_path[1], 1) = '$' AS is_key,
                       CASE
                           WHEN s.source_path = '{$key,parent_id}' THEN 'to_jsonb(kv2rel_ctx.parent_id)'
                           WHEN s.source_path = '{$key,entity_id}' THEN 'to_jsonb(kv2rel_ctx.entity_id)'
                           WHEN s.source_path = '{$key,environment}' THEN 'to_jsonb(kv2rel_ctx.environment)'
                           WHEN s.source_path = '{$legacy_id}' THEN 'to_jsonb(kv2rel_ctx.legacy_id)'
                           WHEN cardinality(s.source_path) = 1
                               THEN format('(kv2rel_ctx.value -> %L)', s.source_path[1])
                           ELSE format('(kv2rel_ctx.value #> %L::text[])', s.source_path)
                       END AS j,
                       CASE
                           WHEN s.source_path = '{$key,parent_id}' THEN 'kv2rel_ctx.parent_id'
                           WHEN s.source_path = '{$key,entity_id}' THEN 'kv2rel_ctx.entity_id'
                           WHEN s.source_path = '{$key,environment}' THEN 'kv2rel_ctx.environment'
                           WHEN s.source_path = '{$legacy_id}' THEN 'kv2rel_ctx.legacy_id'
                           WHEN cardinality(s.source_path) = 1
                               THEN format('(kv2rel_ctx.value ->> %L)', s.source_path[1])
                           ELSE format('(kv2rel_ctx.value #>> %L::text[])', s.source_path)
                       END AS t
               ) AS x
          LEFT JOIN LATERAL (
                SELECT array_agg(m.source_value ORDER BY m.source_value) AS allowed
                  FROM kv2rel.value_map AS m
                 WHERE m.entity = s.entity AND m.target_column = s.target_column AND m.action <> 'reject'
               ) AS a ON TRUE
         WHERE s.coercion <> 'member'
    ),
    per_column AS (
        SELECT s.entity,
               s.target_column,
               string_agg(s.present, ' OR ' ORDER BY s.precedence, s.origin, s.source_path) AS present_any,
               string_agg(s.usable, ' OR ' ORDER BY s.precedence, s.origin, s.source_path) AS usable_any,
               string_agg(s.enum_text, ', ' ORDER BY s.precedence, s.origin, s.source_path) AS enum_texts,
               string_agg(format('coalesce(%s = ANY (%L::text[]), FALSE)', s.enum_text, s.allowed), ' OR '
                          ORDER BY s.precedence, s.origin, s.source_path) AS accept_any,
               string_agg(s.scalar_text, ', ' ORDER BY s.precedence, s.origin, s.source_path) AS scalar_texts,
               string_agg(format('nullif(%s, ''null''::jsonb)', s.j), ', '
                          ORDER BY s.precedence, s.origin, s.source_path)
                   FILTER (WHERE left(s.source_path[1], 1) <> '$') AS sort_jsons,
               string_agg(array_to_string(s.source_path, '.'), ', ' ORDER BY s.precedence, s.origin, s.source_path)
                   AS source_list,
               string_agg(s.present, ' OR ' ORDER BY s.precedence, s.origin, s.source_path)
                   FILTER (WHERE s.strict) AS strict_present_any,
               -- the first present strict source, named with its value (quotes doubled, as kv2rel.migrate_start
               -- reads it back): <column> '<value>' cannot be coerced (<coercion> from <source>)
               string_agg(format('CASE WHEN %s THEN %L || replace(%s, '''''''', '''''''''''') || %L END',
                                 s.present, s.target_column || ' ''', s.t,
                                 format(''' cannot be coerced (%s from %s)', s.coercion,
                                        array_to_string(s.source_path, '.'))),
                          ', ' ORDER BY s.precedence, s.origin, s.source_path)
                   FILTER (WHERE s.strict) AS strict_messages,
               -- some strict source may be present and not usable (NULL: none can be)
               string_agg(s.bad, ' OR ' ORDER BY s.precedence, s.origin, s.source_path)
                   FILTER (WHERE s.strict AND s.bad IS NOT NULL) AS strict_bad_any
          FROM source AS s
         GROUP BY s.entity, s.target_column
    ),
    required_check AS (
        SELECT r.entity,
               r.target_column,
               format(
                   'CASE WHEN NOT coalesce(%s, FALSE)%s%s THEN %L END',
                   coalesce(pc.usable_any, 'FALSE'),
                   CASE WHEN r.default_value IS NOT NULL
                        THEN format(' AND coalesce(%s, FALSE)', coalesce(pc.present_any, 'FALSE')) END,
                   CASE WHEN f.usable IS NOT NULL THEN format(' AND NOT coalesce(%s, FALSE)', f.usable) END,
                   format('missing required %s (no usable source among %s)', r.target_column,
                          coalesce(pc.source_list, 'none'))
               ) AS check_sql,
               -- the parts, to merge with the column's strict check (both start from "no source is usable")
               format('NOT coalesce(%s, FALSE)', coalesce(pc.usable_any, 'FALSE')) AS unusable_sql,
               concat_ws(
                   ' AND ',
                   CASE WHEN r.default_value IS NOT NULL
                        THEN format('coalesce(%s, FALSE)', coalesce(pc.present_any, 'FALSE')) END,
                   CASE WHEN f.usable IS NOT NULL THEN format('NOT coalesce(%s, FALSE)', f.usable) END
               ) AS also_sql,
               format('missing required %s (no usable source among %s)', r.target_column,
                      coalesce(pc.source_list, 'none')) AS message
          FROM kv2rel.column_rules AS r
          LEFT JOIN per_column AS pc ON pc.entity = r.entity AND pc.target_column = r.target_column
          LEFT JOIN per_column AS fb ON fb.entity = r.entity AND fb.target_column = r.fallback_column
         CROSS JOIN LATERAL (
                -- a fallback column with a value unblocks the column (legacy_id: always; the id is checked apart)
                SELECT CASE
                           WHEN r.fallback_column IS NULL THEN NULL
                           WHEN r.fallback_column = 'legacy_id' THEN 'TRUE'
                           ELSE coalesce(fb.usable_any, 'FALSE')
                       END AS usable
               ) AS f
         WHERE r.required AND f.usable IS DISTINCT FROM 'TRUE'
    ),
    strict_check AS (
        -- a present value that no source of the column can use (not for enumerated columns: the value map decides
        -- those; lenient columns: NULL, kept in extra)
        SELECT pc.entity,
               pc.target_column,
               -- the cheap guard first (one jsonb_typeof per source: most aliases are absent, most present values
               -- have a usable JSON type), then usable before present: a usable source is the usual case and ends
               -- the check. CASE, not AND: a NULL guard (absent members) must not go on to the rest.
               format('CASE WHEN %s THEN CASE WHEN NOT coalesce(%s, FALSE) AND (%s) THEN coalesce(%s) END END',
                      pc.strict_bad_any, pc.usable_any, pc.strict_present_any, pc.strict_messages) AS check_sql,
               -- merged with a required check: once no source is usable, a present strict source is a bad one
               format('CASE WHEN %s THEN coalesce(%s) END', pc.strict_present_any, pc.strict_messages) AS inner_sql
          FROM per_column AS pc
          LEFT JOIN kv2rel.column_rules AS r ON r.entity = pc.entity AND r.target_column = pc.target_column
         WHERE pc.strict_present_any IS NOT NULL
           -- no strict source can be present and not usable: the check could never fire
           AND pc.strict_bad_any IS NOT NULL
           AND NOT coalesce(r.lenient, FALSE)
           AND NOT EXISTS (
                SELECT 1 FROM kv2rel.value_map AS m WHERE m.entity = pc.entity AND m.target_column = pc.target_column
               )
    ),
    enum_check AS (
        SELECT pc.entity,
               pc.target_column,
               format(
                   -- accepted first: for the usual record (one present, allowed value) that is one lookup
                   'CASE WHEN NOT (%2$s) AND coalesce(%1$s, FALSE)'
                   ' THEN %3$L || quote_literal(coalesce(%4$s)) || %5$s END',
                   pc.present_any,
                   pc.accept_any,
                   pc.target_column || ' ',
                   pc.enum_texts,
                   CASE
                       WHEN rj.whens IS NULL THEN quote_literal(u.unmapped)
                       ELSE format('CASE coalesce(%s) %s ELSE %L END', pc.enum_texts, rj.whens, u.unmapped)
                   END
               ) AS check_sql
          FROM per_column AS pc
         CROSS JOIN LATERAL (
                SELECT format(' has no entry in the value map of %s.%s', pc.entity, pc.target_column) AS unmapped
               ) AS u
         CROSS JOIN LATERAL (
                SELECT string_agg(
                           format('WHEN %L THEN %L', m.source_value, ' is rejected by the value map: ' || m.reason),
                           ' ' ORDER BY m.source_value
                       ) AS whens
                  FROM kv2rel.value_map AS m
                 WHERE m.entity = pc.entity AND m.target_column = pc.target_column AND m.action = 'reject'
               ) AS rj
         WHERE EXISTS (
                SELECT 1 FROM kv2rel.value_map AS m WHERE m.entity = pc.entity AND m.target_column = pc.target_column
               )
    ),
    checks AS (
        SELECT x.entity,
               format('nullif(concat_ws(''; '', %s), '''')',
                      string_agg(x.check_sql, ', ' ORDER BY x.target_column, x.kind)) AS problems_sql
          FROM (
                -- a required column's check and its strict check share "no source is usable": one test for both
                -- (strict columns have no value map, so no enumerated check comes between them)
                SELECT coalesce(rc.entity, sc.entity) AS entity,
                       coalesce(rc.target_column, sc.target_column) AS target_column,
                       1 AS kind,
                       CASE
                           WHEN sc.entity IS NULL THEN rc.check_sql
                           WHEN rc.entity IS NULL THEN sc.check_sql
                           ELSE format(
                               'CASE WHEN %s THEN nullif(concat_ws(''; '', %s, %s), '''') END',
                               rc.unusable_sql,
                               CASE WHEN rc.also_sql = '' THEN quote_literal(rc.message)
                                    ELSE format('CASE WHEN %s THEN %L END', rc.also_sql, rc.message) END,
                               sc.inner_sql
                           )
                       END AS check_sql
                  FROM required_check AS rc
                  FULL JOIN strict_check AS sc ON sc.entity = rc.entity AND sc.target_column = rc.target_column
                 UNION ALL
                SELECT ec.entity, ec.target_column, 2, ec.check_sql FROM enum_check AS ec
               ) AS x
         GROUP BY x.entity
    )
    SELECT e.entity,
           CASE WHEN e.id_scope_column IS NOT NULL THEN format('coalesce(%s)', sc.scalar_texts) END,
           ch.problems_sql,
           (
               SELECT format('coalesce(%s)', string_agg(pc.sort_jsons, ', ' ORDER BY pc.target_column DESC))
                 FROM per_column AS pc
                WHERE pc.entity = e.entity
                  AND pc.target_column IN ('updated_at', 'created_at')
                  AND pc.sort_jsons IS NOT NULL
           ),
           -- the record's date guard: the JSON text of every date source (strings quoted, absent empty), joined
           -- by U+0001, which JSON text never holds raw (jsonb escapes it in strings as \u0001), so each piece is
           -- one source; true when each piece is empty, null or a quoted toISOString() date that the fast path of
           -- the date check accepts (years 1900-2099, a day of a common year, 00-23:00-59:00-59, milliseconds).
           -- One read of each date member and one regular expression per record instead of the fast path per
           -- present date: most records have only such dates.
           (
               SELECT format(
                          'concat(%s) ~ %L',
                          d.texts,
                          '^(?:(?:"' || g.iso || '"|null)?\x01)*(?:"' || g.iso || '"|null)?$'
                      )
                 FROM (
                        SELECT string_agg(format('(%s)::text', u.j), ', E''\x01'', ' ORDER BY u.j) AS texts
                          FROM (SELECT DISTINCT s.j FROM source AS s WHERE s.entity = e.entity AND s.is_date) AS u
                      ) AS d
                CROSS JOIN (
                       SELECT '(?:19|20)[0-9]{2}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])'
                              '|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))'
                              'T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}Z' AS iso
                      ) AS g
                WHERE d.texts IS NOT NULL
           )
      FROM kv2rel.kv_entities AS e
      LEFT JOIN per_column AS sc ON sc.entity = e.entity AND sc.target_column = e.id_scope_column
      LEFT JOIN checks AS ch ON ch.entity = e.entity
     WHERE e.target_table IS NOT NULL
$function$;

COMMENT ON FUNCTION kv2rel.plan_entity_checks() IS
'Per entity with a target table, the SQL kv2rel.plan evaluates per record: blocking problems (required columns, '
'enumerated columns), the id scope and the raw updated_at/created_at; expressions use the placeholder alias '
'kv2rel_ctx (value, parent_id, entity_id, environment, legacy_id).';
