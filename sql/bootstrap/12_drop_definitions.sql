-- Bootstrap: 12_drop_definitions
-- Purpose: drop every recorded definition in reverse apply order (first step of a revert).
-- Idempotent: CREATE OR REPLACE.
-- Revert: never dropped by kv2rel.

CREATE OR REPLACE FUNCTION kv2rel.drop_definitions()
RETURNS integer
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_definition record;
    v_dropped integer := 0;
BEGIN
    FOR v_definition IN
        SELECT l.kind, l.name
          FROM kv2rel.definition_ledger AS l
         ORDER BY l.apply_order DESC, l.kind DESC, l.name DESC
    LOOP
        v_dropped := v_dropped + kv2rel.drop_definition(v_definition.kind, v_definition.name);
    END LOOP;
    RETURN v_dropped;
END
$function$;

COMMENT ON FUNCTION kv2rel.drop_definitions() IS
'Drop all recorded functions and views in reverse apply order and empty kv2rel.definition_ledger; '
'returns the number of objects dropped.';
