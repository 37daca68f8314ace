-- Function: kv2rel.json_object_from_text
-- Purpose: the JSON object a JSON string holds (generator.md metadata_as_string: CRUD orders wrote
--          "metadata": "{\"source\": \"admin\"}"), or NULL when the value is not a string holding a JSON object.
--          Never raises: unparsable text is NULL, so a compiled batch statement can call it on every row.
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
    v_parsed jsonb;
BEGIN
    IF jsonb_typeof(p_value) IS DISTINCT FROM 'string' THEN
        RETURN NULL;
    END IF;
    v_text := btrim(p_value #>> '{}', E' \t\n\r\f\x0B');
    IF left(v_text, 1) <> '{' OR right(v_text, 1) <> '}' THEN
        RETURN NULL;  -- cheap refusal of ordinary strings before trying the parser
    END IF;
    BEGIN
        v_parsed := v_text::jsonb;
    EXCEPTION
        WHEN invalid_text_representation THEN
            RETURN NULL;
    END;
    RETURN CASE WHEN jsonb_typeof(v_parsed) = 'object' THEN v_parsed END;
END
$function$;

COMMENT ON FUNCTION kv2rel.json_object_from_text(jsonb) IS
'The JSON object held by a JSON string value (e.g. "{\"source\": \"admin\"}"), else NULL; never raises. Used by '
'the jsonb_object coercion.';
