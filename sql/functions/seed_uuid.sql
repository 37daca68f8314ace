-- Function: kv2rel.seed_uuid
-- Purpose: a deterministic RFC 4122 version-4-shaped UUID for (seed, stream, i): md5 of the inputs with the
--          version nibble set to 4 and the variant nibble to one of 8, 9, a, b. Never gen_random_uuid().
-- Usage (psql): SELECT kv2rel.seed_uuid(42, 'session', 7);

CREATE OR REPLACE FUNCTION kv2rel.seed_uuid(
    p_seed bigint,
    p_stream text,
    p_i bigint
)
RETURNS uuid
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT pg_catalog.overlay(
               pg_catalog.overlay(pg_catalog.md5(p_seed::text || ':' || p_stream || ':' || p_i::text), '4', 13),
               pg_catalog.substr('89ab', 1 + (pg_catalog.hashtextextended(p_stream, p_seed + p_i) & 3)::integer, 1),
               17
           )::uuid
$function$;

COMMENT ON FUNCTION kv2rel.seed_uuid(bigint, text, bigint) IS
'KV generator: deterministic version-4-shaped UUID for (seed, stream, i), derived from md5; never random.';
