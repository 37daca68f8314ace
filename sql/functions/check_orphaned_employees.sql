-- Function: kv2rel.check_orphaned_employees
-- Purpose: employees whose site does not exist (employees.site_id -> sites.id), counted whether or not the foreign
--          key is present and enforced. source is 'target'; after a completed run a 'kv' row
--          follows (kv2rel.check_kv_orphans: KV records quarantined because the site is missing).
-- Usage (psql): SELECT * FROM kv2rel.check_orphaned_employees();
-- requires: check_relationship_orphans, check_kv_orphans

CREATE OR REPLACE FUNCTION kv2rel.check_orphaned_employees()
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
        SELECT r.source, r.relationship, r.orphan_count, r.sample_ids, r.detail
          FROM kv2rel.check_relationship_orphans(
                'public.employees', ARRAY['site_id'], 'public.sites', ARRAY['id']
               ) AS r
    )
    SELECT u.source, u.relationship, u.orphan_count, u.sample_ids, u.detail
      FROM (SELECT 0 AS side, t.source, t.relationship, t.orphan_count, t.sample_ids, t.detail FROM t
             UNION ALL
            SELECT 1, k.source, k.relationship, k.orphan_count, k.sample_ids, k.detail
              FROM kv2rel.check_kv_orphans() AS k
              JOIN t ON t.relationship = k.relationship) AS u
     ORDER BY u.side;
$function$;

COMMENT ON FUNCTION kv2rel.check_orphaned_employees() IS
'Orphaned employees: one row (site) with source ''target'', orphan_count, up to 10 sample employee ids and a '
'detail naming the foreign key and its state; 0 orphans on a consistent database. After a completed run, '
'source ''kv'' rows follow (KV records quarantined for a missing parent, kv2rel.check_kv_orphans).';
