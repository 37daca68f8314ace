-- Function: kv2rel.seed_id
-- Purpose: the value id of record p_i of p_kind (client, site, gift, emp, order, catalog, admin, role, brand, ...).
--          With probability p_share (the non_uuid_ids share) it is a legacy id in the source's format for that
--          kind: {kind}-{ms}-{rand7} (client-1739612345678-k3j9x0a), ORD-{8-digit counter}-{rand4} for orders,
--          catalog_legacy_default for catalog 1; otherwise a deterministic UUID. Every reference to the record
--          (foreign keys in other values, index arrays, keys) calls this function, so they always agree.
-- Usage (psql): SELECT kv2rel.seed_id(42, 'client', 7, 0.6);
-- requires: seed_rand, seed_uuid, seed_b36, seed_ms

CREATE OR REPLACE FUNCTION kv2rel.seed_id(
    p_seed bigint,
    p_kind text,
    p_i bigint,
    p_share double precision
)
RETURNS text
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT CASE
               WHEN p_kind = 'catalog' AND p_i = 1 AND p_share > 0 THEN 'catalog_legacy_default'
               WHEN kv2rel.seed_rand(p_seed, 'non_uuid_ids.' || p_kind, p_i) >= p_share
                   THEN kv2rel.seed_uuid(p_seed, p_kind, p_i)::text
               WHEN p_kind = 'order'
                   THEN 'ORD-' || pg_catalog.lpad((100000 + p_i)::text, 8, '0') || '-'
                        || kv2rel.seed_b36(p_seed, 'order.id', p_i, 4)
               ELSE p_kind || '-' || kv2rel.seed_ms(p_seed, p_kind, p_i)::text || '-'
                    || kv2rel.seed_b36(p_seed, p_kind || '.id', p_i, 7)
           END
$function$;

COMMENT ON FUNCTION kv2rel.seed_id(bigint, text, bigint, double precision) IS
'KV generator: value id of record p_i of p_kind: a legacy source-format id with probability p_share '
'(catalog 1 is catalog_legacy_default), else a deterministic UUID.';
