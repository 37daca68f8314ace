-- Function: kv2rel.legacy_uuid_namespace
-- Purpose: the UUID v5 namespace of legacy ids, dc7ca2c2-35ad-52cb-9803-90b0ccba4db7, defined once:
--          uuid5(NAMESPACE_URL, 'kv2rel:legacy-id'). Changing it changes every migrated id: never do that
--          after a migration has run.
-- Usage (psql): SELECT kv2rel.legacy_uuid_namespace();

CREATE OR REPLACE FUNCTION kv2rel.legacy_uuid_namespace()
RETURNS uuid
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT 'dc7ca2c2-35ad-52cb-9803-90b0ccba4db7'::uuid
$function$;

COMMENT ON FUNCTION kv2rel.legacy_uuid_namespace() IS
'Namespace of the name-based legacy-id UUIDs: uuid5(NAMESPACE_URL, ''kv2rel:legacy-id'') = '
'dc7ca2c2-35ad-52cb-9803-90b0ccba4db7.';
