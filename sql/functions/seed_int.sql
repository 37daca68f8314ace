-- Function: kv2rel.seed_int
-- Purpose: a deterministic integer in [p_lo, p_hi] for (seed, stream, i), uniform, from kv2rel.seed_rand.
-- Usage (psql): SELECT kv2rel.seed_int(42, 'order.quantity', 7, 1, 3);
-- requires: seed_rand

CREATE OR REPLACE FUNCTION kv2rel.seed_int(
    p_seed bigint,
    p_stream text,
    p_i bigint,
    p_lo bigint,
    p_hi bigint
)
RETURNS bigint
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT p_lo + pg_catalog.floor(kv2rel.seed_rand(p_seed, p_stream, p_i) * (p_hi - p_lo + 1))::bigint
$function$;

COMMENT ON FUNCTION kv2rel.seed_int(bigint, text, bigint, bigint, bigint) IS
'KV generator: deterministic uniform integer in [p_lo, p_hi] for (seed, stream, i).';
