-- Function: kv2rel.seed_hit
-- Purpose: the generator's hazard draw: does record p_i (of p_n records of p_kind) carry hazard p_hazard at share
--          p_share? True with probability p_share, independently per (hazard, kind, record); and whenever the share
--          is above 0, one pinned record per (hazard, kind) always carries it, so even a tiny store shows every
--          hazard that is switched on.
-- Usage (psql): SELECT kv2rel.seed_hit(42, 'orphans', 'order', 7, 100, 0.03);
-- requires: seed_rand

CREATE OR REPLACE FUNCTION kv2rel.seed_hit(
    p_seed bigint,
    p_hazard text,
    p_kind text,
    p_i bigint,
    p_n bigint,
    p_share double precision
)
RETURNS boolean
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT p_share > 0
           AND (kv2rel.seed_rand(p_seed, p_hazard || '.' || p_kind, p_i) < p_share
                OR p_i = 1 + pg_catalog.floor(kv2rel.seed_rand(p_seed, p_hazard || '.' || p_kind || '.pin', 0)
                                              * GREATEST(p_n, 1))::bigint)
$function$;

COMMENT ON FUNCTION kv2rel.seed_hit(bigint, text, text, bigint, bigint, double precision) IS
'KV generator hazard draw: true with probability p_share for record p_i of p_n of p_kind; one pinned record per '
'(hazard, kind) is always hit when p_share > 0.';
