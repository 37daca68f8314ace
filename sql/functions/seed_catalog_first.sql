-- Function: kv2rel.seed_catalog_first
-- Purpose: the first product number of catalog p_k in the layout of kv2rel.seed_catalog_of; catalog k holds
--          products seed_catalog_first(k) .. seed_catalog_first(k + 1) - 1 (possibly none in tiny stores).
-- Usage (psql): SELECT kv2rel.seed_catalog_first(2, 1500, 3);

CREATE OR REPLACE FUNCTION kv2rel.seed_catalog_first(
    p_k bigint,
    p_np bigint,
    p_ncat bigint
)
RETURNS bigint
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    -- the number of products p with p^2 * ncat <= np^2 * (k - 1), plus one
    SELECT pg_catalog.floor(pg_catalog.sqrt((p_np::numeric * p_np * (p_k - 1)) / p_ncat))::bigint
           - CASE
                 WHEN pg_catalog.power(pg_catalog.floor(pg_catalog.sqrt((p_np::numeric * p_np * (p_k - 1)) / p_ncat)),
                                       2) * p_ncat > p_np::numeric * p_np * (p_k - 1) THEN 1
                 ELSE 0
             END
           + 1
$function$;

COMMENT ON FUNCTION kv2rel.seed_catalog_first(bigint, bigint, bigint) IS
'KV generator: first product number of catalog p_k (products of catalog k are first(k) .. first(k+1) - 1).';
