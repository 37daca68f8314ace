-- Function: kv2rel.check_orphaned_sites
-- Purpose: sites whose client or catalog does not exist: one row per relationship (sites.client_id -> clients.id,
--          sites.catalog_id -> catalogs.id), counted whether or not the foreign key is present and enforced.
--          source is 'target' (the relational tables); a later issue adds 'kv' rows (KV references to missing
--          entities, read from the quarantine) in the same shape.
-- Usage (psql): SELECT * FROM kv2rel.check_orphaned_sites();
-- requires: check_relationship_orphans

CREATE OR REPLACE FUNCTION kv2rel.check_orphaned_sites()
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
      FROM (
            VALUES (1, 'client_id', 'public.clients'),
                   (2, 'catalog_id', 'public.catalogs')
           ) AS v (ord, child_column, parent)
     CROSS JOIN LATERAL kv2rel.check_relationship_orphans(
            'public.sites', ARRAY[v.child_column], v.parent, ARRAY['id']
           ) AS r
     ORDER BY v.ord;
$function$;

COMMENT ON FUNCTION kv2rel.check_orphaned_sites() IS
'Orphaned sites: one row per relationship (client, catalog) with source ''target'', orphan_count, up to 10 '
'sample site ids and a detail naming the foreign key and its state; 0 orphans on a consistent database.';
