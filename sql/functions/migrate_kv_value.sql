-- Function: kv2rel.migrate_kv_value
-- Purpose: the value of one key of a KV table given as a regclass (the migration reads its KV table only through
--          SELECTs like this one; it never writes to it).
-- Usage (psql): SELECT kv2rel.migrate_kv_value('public.kv_store_6fcaeea3', 'clients:all');

CREATE OR REPLACE FUNCTION kv2rel.migrate_kv_value(
    p_kv_table regclass,
    p_key text
)
RETURNS jsonb
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_value jsonb;
BEGIN
    EXECUTE format('SELECT k.value FROM %s AS k WHERE k.key = $1', p_kv_table) INTO v_value USING p_key;
    RETURN v_value;
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_kv_value(regclass, text) IS
'The value stored under p_key in KV table p_kv_table (NULL when there is no such key); read-only.';
