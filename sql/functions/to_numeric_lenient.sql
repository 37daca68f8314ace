-- Function: kv2rel.to_numeric_lenient
-- Purpose: a number from a JSON value or text without guessing: JSON numbers, and strings holding a plain
--          decimal number (optional sign, digits, one decimal point, optional exponent), surrounding whitespace
--          allowed. Anything else (thousand separators, currency signs, units, NaN, Infinity, booleans) -> NULL.
--          Never raises.
-- Usage (psql): SELECT kv2rel.to_numeric_lenient('"299.99"'::jsonb), kv2rel.to_numeric_lenient(' 12 ');
--
-- LANGUAGE sql without SET options so the planner can inline it into set-based queries.

CREATE OR REPLACE FUNCTION kv2rel.to_numeric_lenient(
    p_value jsonb
)
RETURNS numeric
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT CASE jsonb_typeof(p_value)
               WHEN 'number' THEN (p_value #>> '{}')::numeric
               WHEN 'string' THEN kv2rel.to_numeric_lenient(p_value #>> '{}')
           END
$function$;

CREATE OR REPLACE FUNCTION kv2rel.to_numeric_lenient(
    p_value text
)
RETURNS numeric
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT CASE
               WHEN btrim(p_value, E' \t\n\r\f\x0B') ~ '^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,4})?$'
                   THEN btrim(p_value, E' \t\n\r\f\x0B')::numeric
           END
$function$;

COMMENT ON FUNCTION kv2rel.to_numeric_lenient(jsonb) IS
'Numeric value of a JSON number, or of a JSON string holding a plain decimal number; NULL for anything else '
'(never raises).';
COMMENT ON FUNCTION kv2rel.to_numeric_lenient(text) IS
'Numeric value of a text holding a plain decimal number (sign, digits, decimal point, exponent; whitespace '
'around allowed); NULL for anything else, e.g. 1,299.00, $5, 10kg, NaN (never raises).';
