-- Bootstrap: 11_drop_definition
-- Purpose: drop the objects of one recorded definition and forget it (used by revert and when a file is removed).
-- Idempotent: CREATE OR REPLACE.
-- Revert: never dropped by kv2rel.

CREATE OR REPLACE FUNCTION kv2rel.drop_definition(
    p_kind text,
    p_name text
)
RETURNS integer
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_dropped integer := 0;
    v_object text;
    v_objects text[];
BEGIN
    DELETE FROM kv2rel.definition_ledger AS d
     WHERE d.kind = p_kind
       AND d.name = p_name
    RETURNING d.objects INTO v_objects;

    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    FOREACH v_object IN ARRAY v_objects LOOP
        IF p_kind = 'function' THEN
            IF to_regprocedure(v_object) IS NOT NULL THEN
                EXECUTE format('DROP ROUTINE %s', to_regprocedure(v_object));
                v_dropped := v_dropped + 1;
            END IF;
        ELSIF to_regclass(v_object) IS NOT NULL THEN
            IF (SELECT c.relkind FROM pg_catalog.pg_class AS c WHERE c.oid = to_regclass(v_object)) = 'm' THEN
                EXECUTE format('DROP MATERIALIZED VIEW %s', to_regclass(v_object));
            ELSE
                EXECUTE format('DROP VIEW %s', to_regclass(v_object));
            END IF;
            v_dropped := v_dropped + 1;
        END IF;
    END LOOP;

    RETURN v_dropped;
END
$function$;

COMMENT ON FUNCTION kv2rel.drop_definition(text, text) IS
'Drop the objects recorded for one definition file (without CASCADE) and delete its ledger row; '
'returns the number of objects dropped.';
