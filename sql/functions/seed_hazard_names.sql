-- Function: kv2rel.seed_hazard_names
-- Purpose: the generator's switchable hazards, in a fixed order (the bit order of kv2rel.seed_mask). Each name
--          is a key of the --hazards JSON object and of the seed report; docs/generator.md describes each one.
-- Usage (psql): SELECT unnest(kv2rel.seed_hazard_names());

CREATE OR REPLACE FUNCTION kv2rel.seed_hazard_names()
RETURNS text[]
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT ARRAY[
        'duplicates', 'ambiguous_segments', 'colon_ids', 'id_mismatch', 'non_uuid_ids', 'mixed_naming',
        'aliases', 'index_drift', 'orphans', 'bad_enums', 'constraint_traps', 'duplicate_natural_keys',
        'type_variance', 'missing_fields', 'timestamp_formats', 'soft_deletes', 'ephemeral_keys', 'secret_keys',
        'environments', 'whitespace', 'unknown_keys'
    ]::text[]
$function$;

COMMENT ON FUNCTION kv2rel.seed_hazard_names() IS
'The KV generator''s switchable hazards in bit order; the keys accepted by --hazards and reported by kv2rel seed.';
