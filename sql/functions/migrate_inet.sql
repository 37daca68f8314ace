-- Function: kv2rel.migrate_inet
-- Purpose: the inet of a JSON scalar, or NULL when it is absent or not an IP address (never raises): the set-based
--          form of kv2rel.coerce(value, 'inet') used by the compiled mapping of kv2rel.migrate.
-- Usage (psql): SELECT kv2rel.migrate_inet('"10.0.0.1"'), kv2rel.migrate_inet('"unknown"');  -- 10.0.0.1, NULL

CREATE OR REPLACE FUNCTION kv2rel.migrate_inet(
    p_value jsonb
)
RETURNS inet
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_text text;
BEGIN
    IF jsonb_typeof(p_value) NOT IN ('string', 'number', 'boolean') THEN
        RETURN NULL;
    END IF;
    v_text := btrim(p_value #>> '{}', E' \t\n\r\f\x0B');
    -- Only characters an address can contain reach the cast, so the exception block is rare.
    IF v_text !~ '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$' THEN
        RETURN NULL;
    END IF;
    RETURN v_text::inet;
EXCEPTION
    WHEN invalid_text_representation OR invalid_parameter_value THEN
        RETURN NULL;
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_inet(jsonb) IS
'inet of a JSON scalar holding an IPv4/IPv6 address (optionally with /prefix); NULL for anything else, e.g. '
'"unknown" (never raises). Same result as kv2rel.coerce(value, ''inet'').';
