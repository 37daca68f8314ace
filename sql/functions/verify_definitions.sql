-- Function: kv2rel.verify_definitions
-- Purpose: every object the definition ledger records still exists, and every function in schema kv2rel
--          is accounted for (recorded by a definition file, part of the bootstrap, or the trigger function
--          kv2rel.run_seals_invalidate, which migration 0087 creates because its triggers (0088, 0089) need it
--          before the definition files are applied).
-- Usage (psql): SELECT * FROM kv2rel.verify_definitions();

CREATE OR REPLACE FUNCTION kv2rel.verify_definitions()
RETURNS SETOF kv2rel.assertion
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_list text;
BEGIN
    SELECT string_agg(o.identity, ', ' ORDER BY o.identity)
      INTO v_list
      FROM kv2rel.definition_ledger AS d
     CROSS JOIN LATERAL unnest(d.objects) AS o (identity)
     WHERE CASE d.kind
               WHEN 'function' THEN to_regprocedure(o.identity) IS NULL
               ELSE to_regclass(o.identity) IS NULL
           END;
    RETURN NEXT ROW(
        v_list IS NULL, 'every recorded function and view exists', 'missing: ' || v_list
    )::kv2rel.assertion;

    SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY p.oid::regprocedure::text)
      INTO v_list
      FROM pg_catalog.pg_proc AS p
      JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
     WHERE n.nspname = 'kv2rel'
       AND p.proname NOT IN (
            'migration_pending', 'record_migration', 'forget_migration', 'definition_objects',
            'definition_pending', 'record_definition', 'drop_definition', 'drop_definitions'
           )
       -- created by a migration (0087), not by a definition file
       AND p.oid::regprocedure::text <> 'kv2rel.run_seals_invalidate()'
       AND NOT EXISTS (
            SELECT 1
              FROM kv2rel.definition_ledger AS d
             WHERE d.kind = 'function'
               AND p.oid::regprocedure::text = ANY (d.objects)
           );
    RETURN NEXT ROW(
        v_list IS NULL,
        'every function in schema kv2rel comes from a definition file, the bootstrap or a migration',
        'unaccounted for: ' || v_list
    )::kv2rel.assertion;
END
$function$;

COMMENT ON FUNCTION kv2rel.verify_definitions() IS
'Assertions that recorded definitions exist and that schema kv2rel holds no function of unknown origin.';
