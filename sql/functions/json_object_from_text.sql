-- Function: kv2rel.json_object_from_text
-- Purpose: the JSON object a JSON string holds (generator.md metadata_as_string: CRUD orders wrote
--          "metadata": "{\"source\": \"admin\"}"), or NULL when the value is not a string holding a JSON object.
--          Never raises and uses no exception block (parallel-safe): text that is not valid JSON is NULL, so a
--          compiled batch statement or kv2rel.plan can call it on every row, in parallel workers too.
-- Usage (psql): SELECT kv2rel.json_object_from_text('"{\"source\": \"admin\"}"');  -- {"source": "admin"}

CREATE OR REPLACE FUNCTION kv2rel.json_object_from_text(p_value jsonb)
RETURNS jsonb
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_text text;
    v_shape text;
    v_before text;
BEGIN
    IF jsonb_typeof(p_value) IS DISTINCT FROM 'string' THEN
        RETURN NULL;
    END IF;
    v_text := btrim(p_value #>> '{}', E' \t\n\r\f\x0B');
    IF left(v_text, 1) <> '{' OR right(v_text, 1) <> '}' THEN
        RETURN NULL;  -- cheap refusal of ordinary strings before the validator
    END IF;
    -- Validate without an exception block: a subtransaction is refused while a parallel query runs (in the leader
    -- too), and kv2rel.plan and the compiled mapping run in parallel. The text is reduced to its shape: strings
    -- (only the escapes jsonb accepts: no \u0000, no lone surrogate, no raw control character) become S = chr(1),
    -- numbers, true, false and null become V = chr(2), JSON white space goes, then innermost objects and arrays
    -- collapse to V until nothing changes. Valid JSON ends as a single V; whatever the validator does not accept is
    -- NULL. chr(1) and chr(2) cannot stand in valid JSON text at all, so the placeholders are unambiguous.
    IF strpos(v_text, chr(1)) > 0 OR strpos(v_text, chr(2)) > 0 THEN
        RETURN NULL;
    END IF;
    v_shape := regexp_replace(
        v_text,
        '"([^"\\' || chr(1) || '-' || chr(31) || ']|\\["\\/bfnrt]'
        || '|\\u(?!0000)(?![dD][89a-fA-F])[0-9a-fA-F]{4}'
        || '|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2})*"',
        chr(1), 'g'
    );
    IF strpos(v_shape, '"') > 0 THEN
        RETURN NULL;  -- an unterminated string or an escape jsonb refuses
    END IF;
    v_shape := regexp_replace(
        v_shape, '-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?|true|false|null', chr(2), 'g'
    );
    v_shape := regexp_replace(v_shape, E'[ \t\n\r]+', '', 'g');
    IF v_shape ~ ('[^][{},:' || chr(1) || chr(2) || ']') THEN
        RETURN NULL;
    END IF;
    LOOP
        v_before := v_shape;
        v_shape := regexp_replace(
            v_shape,
            format('\{(%1$s:[%1$s%2$s](,%1$s:[%1$s%2$s])*)?\}', chr(1), chr(2)), chr(2), 'g'
        );
        v_shape := regexp_replace(v_shape, format('\[([%1$s%2$s](,[%1$s%2$s])*)?\]', chr(1), chr(2)), chr(2), 'g');
        EXIT WHEN v_shape = v_before;
    END LOOP;
    IF v_shape <> chr(2) THEN
        RETURN NULL;
    END IF;
    RETURN v_text::jsonb;
END
$function$;

COMMENT ON FUNCTION kv2rel.json_object_from_text(jsonb) IS
'The JSON object held by a JSON string value (e.g. "{\"source\": \"admin\"}"), else NULL; never raises. Used by '
'the jsonb_object coercion.';
