-- Function: kv2rel.seed_pick
-- Purpose: a deterministic, uniform choice among p_options for (seed, stream, i).
-- Usage (psql): SELECT kv2rel.seed_pick(42, 'site.status', 7, ARRAY['draft', 'active', 'inactive']);
-- requires: seed_rand

CREATE OR REPLACE FUNCTION kv2rel.seed_pick(
    p_seed bigint,
    p_stream text,
    p_i bigint,
    p_options text[]
)
RETURNS text
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT p_options[1 + pg_catalog.floor(kv2rel.seed_rand(p_seed, p_stream, p_i)
                                          * pg_catalog.cardinality(p_options))::integer]
$function$;

COMMENT ON FUNCTION kv2rel.seed_pick(bigint, text, bigint, text[]) IS
'KV generator: deterministic uniform choice among p_options for (seed, stream, i); NULL for an empty array.';
