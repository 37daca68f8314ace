-- Function: kv2rel.check_orphaned_sites
-- Purpose: sites whose client or catalog does not exist: one row per relationship (sites.client_id -> clients.id,
--          sites.catalog_id -> catalogs.id), counted whether or not the foreign key is present and enforced.
--          source is 'target' (the relational tables); after a completed migration run one 'kv' row per
--          relationship follows (kv2rel.check_kv_orphans: KV references to missing entities, from the quarantine).
-- Usage (psql): SELECT * FROM kv2rel.check_orphaned_sites();
-- requires: check_relationship_orphans, check_kv_orphans

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
    WITH t AS (
        SELECT v.ord, r.source, r.relationship, r.orphan_count, r.sample_ids, r.detail
          FROM (
                VALUES (1, 'client_id', 'public.clients'),
                       (2, 'catalog_id', 'public.catalogs')
               ) AS v (ord, child_column, parent)
         CROSS JOIN LATERAL kv2rel.check_relationship_orphans(
                'public.sites', ARRAY[v.child_column], v.parent, ARRAY['id']
               ) AS r
    )
    SELECT u.source, u.relationship, u.orphan_count, u.sample_ids, u.detail
      FROM (SELECT 0 AS side, t.ord, t.source, t.relationship, t.orphan_count, t.sample_ids, t.detail FROM t
             UNION ALL
            SELECT 1, t.ord, k.source, k.relationship, k.orphan_count, k.sample_ids, k.detail
              FROM kv2rel.check_kv_orphans() AS k
              JOIN t ON t.relationship = k.relationship) AS u
     ORDER BY u.side, u.ord;
$function$;

COMMENT ON FUNCTION kv2rel.check_orphaned_sites() IS
'Orphaned sites: one row per relationship (client, catalog) with source ''target'', orphan_count, up to 10 '
'sample site ids and a detail naming the foreign key and its state; 0 orphans on a consistent database. After a '
'completed run, source ''kv'' rows follow (KV records quarantined for a missing parent, kv2rel.check_kv_orphans).';
