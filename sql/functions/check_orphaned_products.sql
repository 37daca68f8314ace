-- Function: kv2rel.check_orphaned_products
-- Purpose: products whose catalog does not exist (products.catalog_id -> catalogs.id), counted whether or not the
--          foreign key is present and enforced. source is 'target'; a later issue adds 'kv' rows in the same shape.
-- Usage (psql): SELECT * FROM kv2rel.check_orphaned_products();
-- requires: check_relationship_orphans

CREATE OR REPLACE FUNCTION kv2rel.check_orphaned_products()
RETURNS TABLE (
    source text,
    relationship text,
    orphan_count bigint,
    sample_ids uuid[],
    detail text
)
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE sql
AS $function$
    SELECT r.source, r.relationship, r.orphan_count, r.sample_ids, r.detail
      FROM kv2rel.check_relationship_orphans(
            'public.products', ARRAY['catalog_id'], 'public.catalogs', ARRAY['id']
           ) AS r;
$function$;

COMMENT ON FUNCTION kv2rel.check_orphaned_products() IS
'Orphaned products: one row (catalog) with source ''target'', orphan_count, up to 10 sample product ids and a '
'detail naming the foreign key and its state; 0 orphans on a consistent database.';
