-- Function: kv2rel.migrate_cast_sql
-- Purpose: the SQL that turns an expression of one type into another type the way a kv2rel.map_fields result
--          becomes a row (jsonb_populate_record): used by the compiled mapping to give every source of a column
--          the column's type, so sources compare and coalesce like map_fields' JSON values.
-- Usage (psql): SELECT kv2rel.migrate_cast_sql('x', 'jsonb', 'text[]');
--
-- Rules: same type: unchanged; to jsonb: to_jsonb (timestamps as ISO 8601 UTC text like kv2rel.coerce); jsonb to
-- an array type: its elements (NULL unless a JSON array); jsonb to a scalar: its text, cast; timestamptz/date to
-- text: ISO 8601; timestamptz to date and date to timestamptz: in UTC; otherwise a plain cast.

CREATE OR REPLACE FUNCTION kv2rel.migrate_cast_sql(
    p_expr text,
    p_from text,
    p_to text
)
RETURNS text
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
LANGUAGE sql
AS $function$
    SELECT CASE
               WHEN p_from = p_to THEN p_expr
               WHEN p_to = 'jsonb' AND p_from IN ('timestamptz', 'timestamp with time zone')
                   THEN format('to_jsonb(to_char((%s) AT TIME ZONE ''UTC'', ''YYYY-MM-DD"T"HH24:MI:SS.US"Z"''))',
                               p_expr)
               WHEN p_to = 'jsonb' AND p_from = 'date' THEN format('to_jsonb(to_char(%s, ''YYYY-MM-DD''))', p_expr)
               WHEN p_to = 'jsonb' THEN format('to_jsonb(%s)', p_expr)
               WHEN p_from = 'jsonb' AND right(p_to, 2) = '[]' THEN format(
                   '(SELECT CASE WHEN jsonb_typeof(j.v) = ''array'' THEN ARRAY(SELECT a.e FROM '
                   'jsonb_array_elements_text(j.v) WITH ORDINALITY AS a (e, n) ORDER BY a.n)::%2$s END '
                   'FROM (SELECT %1$s AS v) AS j)', p_expr, p_to)
               WHEN p_from = 'jsonb' THEN format('((%s) #>> ''{}'')::%s', p_expr, p_to)
               WHEN p_to = 'text' AND p_from IN ('timestamptz', 'timestamp with time zone')
                   THEN format('to_char((%s) AT TIME ZONE ''UTC'', ''YYYY-MM-DD"T"HH24:MI:SS.US"Z"'')', p_expr)
               WHEN p_to = 'text' AND p_from = 'date' THEN format('to_char(%s, ''YYYY-MM-DD'')', p_expr)
               WHEN p_to = 'date' AND p_from IN ('timestamptz', 'timestamp with time zone')
                   THEN format('((%s) AT TIME ZONE ''UTC'')::date', p_expr)
               WHEN p_to IN ('timestamptz', 'timestamp with time zone') AND p_from = 'date'
                   THEN format('((%s)::timestamp AT TIME ZONE ''UTC'')', p_expr)
               ELSE format('(%s)::%s', p_expr, p_to)
           END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_cast_sql(text, text, text) IS
'SQL converting expression p_expr from type p_from to type p_to the way a map_fields JSON value becomes a column '
'(to_jsonb, array elements, ISO 8601 text, UTC dates, else a cast).';
