-- Function: kv2rel.check_kv_table
-- Purpose: refuse, with a clear error, a table that cannot be a KV source: it must have a column key of type text
--          (or varchar) and a column value of type jsonb. Returns the table so callers can chain it.
-- Usage (psql): SELECT kv2rel.check_kv_table('public.kv_store_6fcaeea3'::regclass);

CREATE OR REPLACE FUNCTION kv2rel.check_kv_table(
    p_kv_table regclass
)
RETURNS regclass
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_key_type regtype;
    v_value_type regtype;
BEGIN
    IF p_kv_table IS NULL THEN
        RAISE EXCEPTION 'no KV table given (NULL)'
            USING ERRCODE = 'K2201',
                  HINT = 'Pass a table such as ''public.kv_store_6fcaeea3''::regclass.';
    END IF;
    SELECT max(a.atttypid) FILTER (WHERE a.attname = 'key'),
           max(a.atttypid) FILTER (WHERE a.attname = 'value')
      INTO v_key_type, v_value_type
      FROM pg_catalog.pg_attribute AS a
     WHERE a.attrelid = p_kv_table
       AND a.attnum > 0
       AND NOT a.attisdropped;
    IF v_key_type IS NULL OR v_key_type NOT IN ('text'::regtype, 'character varying'::regtype)
       OR v_value_type IS DISTINCT FROM 'jsonb'::regtype THEN
        RAISE EXCEPTION 'table % is not a KV table: it needs columns key text and value jsonb (has key %, value %)',
                        p_kv_table, coalesce(v_key_type::text, 'none'), coalesce(v_value_type::text, 'none')
            USING ERRCODE = 'K2202',
                  HINT = 'kv2rel reads tables shaped like kv_store_6fcaeea3(key text primary key, value jsonb).';
    END IF;
    RETURN p_kv_table;
END
$function$;

COMMENT ON FUNCTION kv2rel.check_kv_table(regclass) IS
'Return p_kv_table when it has columns key (text or varchar) and value (jsonb); else raise K2201 (NULL) or '
'K2202 (wrong shape) naming the table.';
