-- Function: kv2rel.seed_rand
-- Purpose: the generator's seeded PRNG: a deterministic number in [0, 1) for (seed, stream, i). Hash-based
--          (hashtextextended with the seed as hash seed), so it needs no state and can run in any row order.
--          Inlined by the planner (IMMUTABLE one-expression SQL; every operator used is immutable).
-- Usage (psql): SELECT kv2rel.seed_rand(42, 'order.status', 7);

CREATE OR REPLACE FUNCTION kv2rel.seed_rand(
    p_seed bigint,
    p_stream text,
    p_i bigint
)
RETURNS double precision
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT (pg_catalog.hashtextextended(p_stream || ':' || p_i::text, p_seed) & 9007199254740991)::double precision
           / 9007199254740992.0::double precision
$function$;

COMMENT ON FUNCTION kv2rel.seed_rand(bigint, text, bigint) IS
'Seeded PRNG of the KV generator: a deterministic double in [0, 1) for (seed, stream, i); 53 bits of '
'hashtextextended(stream:i, seed). Same inputs, same output on the same PostgreSQL major version.';
