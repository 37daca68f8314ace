-- Bootstrap: 08_definition_objects
-- Purpose: list the objects named after a definition file (functions/procedures or views in kv2rel and public).
-- Idempotent: CREATE OR REPLACE.
-- Revert: never dropped by kv2rel.

CREATE OR REPLACE FUNCTION kv2rel.definition_objects(
    p_kind text,
    p_name text
)
RETURNS text[]
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE sql
AS $function$
    SELECT coalesce(array_agg(o.identity ORDER BY o.identity), ARRAY[]::text[])
      FROM (
            SELECT p.oid::regprocedure::text AS identity
              FROM pg_catalog.pg_proc AS p
              JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
             WHERE p_kind = 'function'
               AND p.proname = p_name
               AND n.nspname IN ('kv2rel', 'public')
            UNION ALL
            SELECT c.oid::regclass::text
              FROM pg_catalog.pg_class AS c
              JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
             WHERE p_kind = 'view'
               AND c.relname = p_name
               AND c.relkind IN ('v', 'm')
               AND n.nspname IN ('kv2rel', 'public')
           ) AS o
$function$;

COMMENT ON FUNCTION kv2rel.definition_objects(text, text) IS
'Schema-qualified identities of the functions (p_kind = function) or views (p_kind = view) named p_name '
'in schemas kv2rel and public.';
