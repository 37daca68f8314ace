-- Function: kv2rel.seed_b36
-- Purpose: a deterministic lower-case alphanumeric string of p_len (at most 32) characters for (seed, stream, i),
--          shaped like the source's base-36 random suffixes ({rand7}, {rand9}: e.g. k3j9x0a).
-- Usage (psql): SELECT kv2rel.seed_b36(42, 'client.id', 7, 7);

CREATE OR REPLACE FUNCTION kv2rel.seed_b36(
    p_seed bigint,
    p_stream text,
    p_i bigint,
    p_len integer
)
RETURNS text
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT pg_catalog.translate(
               pg_catalog.substr(pg_catalog.md5(p_seed::text || '/' || p_stream || '/' || p_i::text), 1, p_len),
               '0123456789abcdef',
               'k3j9x0apq7m2zt5w'
           )
$function$;

COMMENT ON FUNCTION kv2rel.seed_b36(bigint, text, bigint, integer) IS
'KV generator: deterministic base-36-looking string of p_len (<= 32) characters for (seed, stream, i).';
