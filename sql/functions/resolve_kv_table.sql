-- Function: kv2rel.resolve_kv_table
-- Purpose: turn a KV table name as typed by a person (kv_store_6fcaeea3, "Odd Schema".kv) into a regclass,
--          failing with K2201 naming it when it does not resolve, and K2202 when it is not KV-shaped.
-- Usage (psql): SELECT kv2rel.resolve_kv_table('public.kv_store_6fcaeea3');
--
-- No SET search_path on purpose: an unqualified name is looked up on the caller's search_path, as a person
-- typing it expects. Every name in the body is schema-qualified.

CREATE OR REPLACE FUNCTION kv2rel.resolve_kv_table(
    p_name text
)
RETURNS regclass
STABLE
LANGUAGE plpgsql
AS $function$
DECLARE
    v_table regclass;
BEGIN
    BEGIN
        v_table := to_regclass(p_name);
    EXCEPTION
        WHEN OTHERS THEN
            v_table := NULL;  -- a malformed name (too many dots, bad quoting) is reported like a missing one
    END;
    IF v_table IS NULL THEN
        RAISE EXCEPTION 'KV table % does not exist', coalesce(quote_literal(p_name), 'NULL')
            USING ERRCODE = 'K2201',
                  HINT = 'Give the table name, schema-qualified if it is not on the search_path '
                         '(e.g. public.kv_store_6fcaeea3).';
    END IF;
    RETURN kv2rel.check_kv_table(v_table);
END
$function$;

COMMENT ON FUNCTION kv2rel.resolve_kv_table(text) IS
'Resolve a KV table name with to_regclass (search_path applies, schema qualification allowed); raise K2201 '
'naming it when it does not exist and K2202 when it lacks key text / value jsonb.';
