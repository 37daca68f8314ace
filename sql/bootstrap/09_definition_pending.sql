-- Bootstrap: 09_definition_pending
-- Purpose: tell the runner whether a definition file has to be (re)applied.
-- Idempotent: CREATE OR REPLACE.
-- Revert: never dropped by kv2rel.

CREATE OR REPLACE FUNCTION kv2rel.definition_pending(
    p_kind text,
    p_name text,
    p_checksum text
)
RETURNS boolean
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE sql
AS $function$
    SELECT NOT EXISTS (
        SELECT 1
          FROM kv2rel.definition_ledger AS d
         WHERE d.kind = p_kind
           AND d.name = p_name
           AND d.checksum = p_checksum
           AND d.objects <@ kv2rel.definition_objects(p_kind, p_name)
    )
$function$;

COMMENT ON FUNCTION kv2rel.definition_pending(text, text, text) IS
'True when the definition is not recorded, was recorded with another checksum, or one of its objects is gone.';
