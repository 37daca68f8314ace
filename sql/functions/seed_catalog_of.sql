-- Function: kv2rel.seed_catalog_of
-- Purpose: the catalog (1..p_ncat) of generated product p_p (1..p_np). Products are laid out in contiguous
--          ranges whose sizes fall with the catalog number: catalog k holds the products p with
--          (k-1)/ncat < (p/np)^2 <= k/ncat, so catalog 1 (the legacy default catalog) is the largest. Exact
--          integer arithmetic; kv2rel.seed_catalog_first gives the first product of a catalog.
-- Usage (psql): SELECT kv2rel.seed_catalog_of(700, 1500, 3);

CREATE OR REPLACE FUNCTION kv2rel.seed_catalog_of(
    p_p bigint,
    p_np bigint,
    p_ncat bigint
)
RETURNS bigint
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT pg_catalog.div(p_p::numeric * p_p * p_ncat - 1, p_np::numeric * p_np)::bigint + 1
$function$;

COMMENT ON FUNCTION kv2rel.seed_catalog_of(bigint, bigint, bigint) IS
'KV generator: catalog number of product p_p: the k with (k-1)/ncat < (p/np)^2 <= k/ncat (catalog 1 largest).';
