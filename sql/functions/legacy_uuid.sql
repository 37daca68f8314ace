-- Function: kv2rel.legacy_uuid
-- Purpose: the UUID a legacy KV id gets in the relational schema. Deterministic and name-based, so the same
--          legacy id of the same entity gets the same UUID on any machine and in any run, and foreign keys
--          resolve through this same function.
-- Usage (psql): SELECT kv2rel.legacy_uuid('client', 'client-1739612345678-k3j9x0a');
--
-- Rules (docs/mapping.md, "Legacy ids and UUIDs"):
--   * NULL, empty or blank legacy id (or NULL entity) -> NULL;
--   * the id is trimmed; an id that is already a UUID (8-4-4-4-12 hex digits, any case) is kept, lower-cased;
--   * anything else -> uuid_v5(dc7ca2c2-35ad-52cb-9803-90b0ccba4db7, entity || ':' || id). The namespace is
--     uuid5(NAMESPACE_URL, 'kv2rel:legacy-id'); Python: uuid.uuid5(NS, f"{entity}:{legacy_id.strip()}").
-- Entities whose ids repeat under different parents (employees) pass '{scope}:{id}' as the legacy id, see
-- kv2rel.kv_entities.id_scope_column.

CREATE OR REPLACE FUNCTION kv2rel.legacy_uuid(
    p_entity text,
    p_legacy_id text
)
RETURNS uuid
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT CASE
               WHEN p_entity IS NULL OR p_legacy_id IS NULL OR btrim(p_legacy_id) = '' THEN NULL
               WHEN btrim(p_legacy_id) ~ '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$'
                   THEN lower(btrim(p_legacy_id))::uuid
               ELSE kv2rel.uuid_v5(kv2rel.legacy_uuid_namespace(), p_entity || ':' || btrim(p_legacy_id))
           END
$function$;

COMMENT ON FUNCTION kv2rel.legacy_uuid(text, text) IS
'UUID for legacy id p_legacy_id of entity p_entity: NULL for NULL/blank ids, the id itself (lower-cased) when it '
'is a UUID, else the v5 UUID of entity:id in namespace dc7ca2c2-35ad-52cb-9803-90b0ccba4db7 (stable everywhere).';
