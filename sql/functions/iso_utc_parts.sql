-- Function: kv2rel.iso_utc_parts
-- Purpose: the valid values of one field of a JavaScript toISOString() date (2024-05-17T13:45:09.123Z), as the text
--          that field holds: 'year' (1900-2099), 'month_day' (MM-DD of a common year: 29 February is left to the
--          full test), 'hour' (HH), 'sexagesimal' (00-59: minutes and seconds), 'digit' (0-9) and 'digits' (00-99:
--          the milliseconds, as one digit and two). Short lists: each use is a constant in the plan, sent to every
--          parallel worker. The date fast path of
--          kv2rel.plan_entity_checks looks each field up with = ANY: IMMUTABLE with a constant argument, the call is
--          evaluated once when the query is planned and the list becomes a constant, which PostgreSQL hashes.
-- Usage (psql): SELECT cardinality(kv2rel.iso_utc_parts('month_day'));   -- 365
--               SELECT '2024-05-17' LIKE '____-__-__' AND substr('2024-05-17', 6, 5)
--                      = ANY (kv2rel.iso_utc_parts('month_day'));
-- An unknown part raises K2207.

CREATE OR REPLACE FUNCTION kv2rel.iso_utc_parts(
    p_part text
)
RETURNS text[]
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
BEGIN
    IF p_part IS NULL OR p_part NOT IN ('year', 'month_day', 'hour', 'sexagesimal', 'digit', 'digits') THEN
        RAISE EXCEPTION 'unknown toISOString() date part %', coalesce(quote_literal(p_part), 'NULL')
            USING ERRCODE = 'K2207', HINT = 'Parts: year, month_day, hour, sexagesimal, digit, digits.';
    END IF;
    RETURN CASE p_part
        WHEN 'year' THEN ARRAY(SELECT g::text FROM generate_series(1900, 2099) AS g)
        WHEN 'month_day' THEN ARRAY(SELECT to_char(d, 'MM-DD')
                                      FROM generate_series(DATE '2001-01-01', DATE '2001-12-31', INTERVAL '1 day')
                                           AS d)
        WHEN 'hour' THEN ARRAY(SELECT lpad(g::text, 2, '0') FROM generate_series(0, 23) AS g)
        WHEN 'sexagesimal' THEN ARRAY(SELECT lpad(g::text, 2, '0') FROM generate_series(0, 59) AS g)
        WHEN 'digit' THEN ARRAY(SELECT g::text FROM generate_series(0, 9) AS g)
        ELSE ARRAY(SELECT lpad(g::text, 2, '0') FROM generate_series(0, 99) AS g)
    END;
END
$function$;

COMMENT ON FUNCTION kv2rel.iso_utc_parts(text) IS
'Valid values of one field of a toISOString() date, as text: year (1900-2099), month_day (MM-DD, common year), '
'hour (HH), sexagesimal (00-59), digit (0-9), digits (00-99). Constant-folded when planned; the date fast path '
'hashes them.';
