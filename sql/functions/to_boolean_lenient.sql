-- Function: kv2rel.to_boolean_lenient
-- Purpose: a boolean from a JSON value or text without guessing: JSON true/false, the JSON numbers 1 and 0, and
--          the strings true/false, yes/no, 1/0 in any case with whitespace around. Anything else -> NULL (y, on,
--          t, enabled, ... are not guessed). Never raises.
-- Usage (psql): SELECT kv2rel.to_boolean_lenient('"Yes"'::jsonb), kv2rel.to_boolean_lenient('No');

CREATE OR REPLACE FUNCTION kv2rel.to_boolean_lenient(
    p_value jsonb
)
RETURNS boolean
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT CASE jsonb_typeof(p_value)
               WHEN 'boolean' THEN p_value = 'true'::jsonb
               WHEN 'number' THEN CASE p_value #>> '{}' WHEN '1' THEN TRUE WHEN '0' THEN FALSE END
               WHEN 'string' THEN kv2rel.to_boolean_lenient(p_value #>> '{}')
           END
$function$;

CREATE OR REPLACE FUNCTION kv2rel.to_boolean_lenient(
    p_value text
)
RETURNS boolean
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT CASE lower(btrim(p_value, E' \t\n\r\f\x0B'))
               WHEN 'true' THEN TRUE
               WHEN 'yes' THEN TRUE
               WHEN '1' THEN TRUE
               WHEN 'false' THEN FALSE
               WHEN 'no' THEN FALSE
               WHEN '0' THEN FALSE
           END
$function$;

COMMENT ON FUNCTION kv2rel.to_boolean_lenient(jsonb) IS
'Boolean of a JSON true/false, the numbers 1/0, or a string true/false/yes/no/1/0 (any case); NULL for anything '
'else (never raises).';
COMMENT ON FUNCTION kv2rel.to_boolean_lenient(text) IS
'Boolean of the text true/false/yes/no/1/0 (any case, whitespace around allowed); NULL for anything else.';
