-- Function: kv2rel.seed_indexes
-- Purpose: generate the index arrays the source's own migration read (kv-store.md 2.7): clients:all and
--          sites:all (ids of the client:{id}/clients:{id} and site:{id}/sites:{id} records), employees:all and
--          orders:all (ids of the employee:{id} and order:{id} records). CRUD keys are never indexed. At the
--          index_drift share a record is left out of its index (tagged on the record by the entity generator), and
--          each index is hit once with a dangling id and a duplicated id. Returns the seed_emit report.
-- Usage (psql): SELECT kv2rel.seed_indexes('public.kv'::regclass, 1, kv2rel.seed_scale('small'),
--                                          kv2rel.seed_hazard_shares());
-- requires: seed_emit, seed_params, seed_id, seed_gen, seed_hit

CREATE OR REPLACE FUNCTION kv2rel.seed_indexes(
    p_kv regclass,
    p_seed bigint,
    p_n jsonb,
    p_h jsonb
)
RETURNS jsonb
VOLATILE
LANGUAGE plpgsql
AS $function$
BEGIN
    RETURN kv2rel.seed_emit(p_kv, p_seed, p_n, p_h, $src$
WITH p AS (
    SELECT * FROM kv2rel.seed_params($1, $2, $3)
), members AS (
    SELECT x.idx, x.kind, x.gen_kind, c.n, x.gens
      FROM (VALUES ('clients:all', 'client', 'client', ARRAY['snake', 'legacy']),
                   ('sites:all', 'site', 'site', ARRAY['snake', 'legacy']),
                   ('employees:all', 'emp', 'employee', ARRAY['snake']),
                   ('orders:all', 'order', 'order', ARRAY['snake'])) AS x (idx, kind, gen_kind, gens)
     CROSS JOIN LATERAL (
         SELECT CASE x.idx WHEN 'clients:all' THEN p.n_clients WHEN 'sites:all' THEN p.n_sites
                           WHEN 'employees:all' THEN p.n_employees ELSE p.n_orders END AS n
           FROM p
     ) AS c
), listed AS (
    SELECT m.idx, g.i, kv2rel.seed_id(p.seed, m.kind, g.i, p.s_non_uuid_ids) AS id
      FROM p
     CROSS JOIN members AS m
     CROSS JOIN LATERAL pg_catalog.generate_series(1::bigint, m.n) AS g (i)
     WHERE kv2rel.seed_gen(p.seed, m.gen_kind, g.i, p.s_ambiguous_segments) = ANY (m.gens)
       AND NOT kv2rel.seed_hit(p.seed, 'index_drift', m.gen_kind, g.i, m.n, p.s_index_drift)
), agg AS (
    SELECT l.idx, pg_catalog.jsonb_agg(l.id ORDER BY l.i) AS ids
      FROM listed AS l
     GROUP BY l.idx
)
SELECT m.idx AS key,
       COALESCE(a.ids, '[]'::jsonb)
       || CASE WHEN h.drift THEN pg_catalog.jsonb_build_array(h.dangling) ELSE '[]'::jsonb END
       || CASE WHEN h.drift AND a.ids IS NOT NULL THEN pg_catalog.jsonb_build_array(a.ids -> 0) ELSE '[]'::jsonb END
           AS value,
       NULL::bigint AS c_ms, NULL::bigint AS u_ms, m.idx AS family,
       CASE WHEN h.drift THEN ARRAY['index_drift.dangling_ids'] END AS tags,
       CASE WHEN h.drift THEN pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
           'dangling', pg_catalog.jsonb_build_array(h.dangling),
           'duplicated', CASE WHEN a.ids IS NOT NULL THEN pg_catalog.jsonb_build_array(a.ids -> 0) END))
       END AS detail,
       0::bigint AS elig
  FROM members AS m
  LEFT JOIN agg AS a ON a.idx = m.idx
 CROSS JOIN p
 CROSS JOIN LATERAL (
     SELECT kv2rel.seed_hit(p.seed, 'index_drift', m.idx, 1, 1, p.s_index_drift) AS drift,
            kv2rel.seed_id(p.seed, m.kind, 2 * m.n + 7, p.s_non_uuid_ids) AS dangling
 ) AS h
    $src$);
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_indexes(regclass, bigint, jsonb, jsonb) IS
'KV generator: write the index arrays clients:all, sites:all, employees:all and orders:all (with index drift); '
'returns the seed_emit report.';
