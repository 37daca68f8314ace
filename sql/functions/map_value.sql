-- Function: kv2rel.map_value
-- Purpose: look a source value up in the value map of an enumerated column (kv2rel.value_map), after
--          lower(btrim()): keep -> the map's spelling, map -> the mapped value, reject -> NULL with the reason,
--          no row -> NULL, action unmapped. A column without value-map rows is not enumerated: the value passes
--          through unchanged (action pass). Blank input -> action absent.
-- Usage (psql): SELECT * FROM kv2rel.map_value('site', 'status', 'live');   -- (active, map, ...)

CREATE OR REPLACE FUNCTION kv2rel.map_value(
    p_entity text,
    p_column text,
    p_value text,
    OUT value text,
    OUT action text,
    OUT reason text
)
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_row kv2rel.value_map;
BEGIN
    IF p_value IS NULL OR btrim(p_value, E' \t\n\r\f\x0B') = '' THEN
        action := 'absent';
        RETURN;
    END IF;
    SELECT m.*
      INTO v_row
      FROM kv2rel.value_map AS m
     WHERE m.entity = p_entity
       AND m.target_column = p_column
       AND m.source_value = lower(btrim(p_value, E' \t\n\r\f\x0B'));
    IF FOUND THEN
        action := v_row.action;
        reason := v_row.reason;
        value := CASE v_row.action WHEN 'keep' THEN v_row.source_value WHEN 'map' THEN v_row.target_value END;
    ELSIF EXISTS (
        SELECT 1 FROM kv2rel.value_map AS m WHERE m.entity = p_entity AND m.target_column = p_column
    ) THEN
        action := 'unmapped';
        reason := format('%s %s has no entry in the value map of %s.%s', p_column, quote_literal(p_value),
                         p_entity, p_column);
    ELSE
        action := 'pass';
        value := p_value;
    END IF;
END
$function$;

COMMENT ON FUNCTION kv2rel.map_value(text, text, text) IS
'(value, action, reason) of p_value in the value map of p_entity.p_column: keep, map, reject (value NULL), '
'unmapped (value NULL: the column is enumerated but the value has no row), pass (column not enumerated), absent.';
