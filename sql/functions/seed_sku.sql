-- Function: kv2rel.seed_sku
-- Purpose: the clean SKU of generated product p_i, e.g. TRBA-000042 (two letters of the adjective and of the
--          product word, then the product number); unique across the store. Hazards may alter a product's SKU;
--          this is the SKU before them, which other records (exclusion lists) refer to.
-- Usage (psql): SELECT kv2rel.seed_sku(42, 7);
-- requires: seed_word

CREATE OR REPLACE FUNCTION kv2rel.seed_sku(
    p_seed bigint,
    p_i bigint
)
RETURNS text
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT pg_catalog.upper(
               pg_catalog.left(kv2rel.seed_word(p_seed, 'adjective', p_i), 2)
               || pg_catalog.left(pg_catalog.replace(kv2rel.seed_word(p_seed, 'product', p_i), ' ', ''), 2)
           )
           || '-' || kv2rel.seed_pad(p_i, 6)
$function$;

COMMENT ON FUNCTION kv2rel.seed_sku(bigint, bigint) IS
'KV generator: clean SKU of product p_i (two letters of adjective and product word, dash, 6-digit number).';
