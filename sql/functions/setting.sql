-- Function: kv2rel.setting
-- Purpose: the value of one row of kv2rel.settings; raises K2206 naming the setting when it is missing.
-- Usage (psql): SELECT kv2rel.setting('kv_table');

CREATE OR REPLACE FUNCTION kv2rel.setting(
    p_name text
)
RETURNS text
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_value text;
BEGIN
    SELECT s.value
      INTO v_value
      FROM kv2rel.settings AS s
     WHERE s.name = p_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'kv2rel setting % does not exist', coalesce(quote_literal(p_name), 'NULL')
            USING ERRCODE = 'K2206',
                  HINT = 'Known settings: SELECT name, value FROM kv2rel.settings;';
    END IF;
    RETURN v_value;
END
$function$;

COMMENT ON FUNCTION kv2rel.setting(text) IS
'Value of the kv2rel setting p_name (table kv2rel.settings); raises K2206 when there is no such setting.';
