-- Function: kv2rel.check_kv_orphans
-- Purpose: KV-side orphan check: for every foreign key of schema public, the KV records of a migration run that
--          reference a parent entity that does not exist, and were therefore quarantined with an orphan_<parent>
--          reason (kv2rel.quarantine, decided by the batch's foreign-key rule). The target-side check
--          (kv2rel.check_orphans) cannot see them: they never reached a table. Rows have source 'kv' and the
--          shape of the named orphan checks, which append them for their relationships.
-- Usage (psql): SELECT * FROM kv2rel.check_kv_orphans();      -- the latest completed migrate run
--               SELECT relationship, orphan_count, sample_keys FROM kv2rel.check_kv_orphans(3) WHERE orphan_count > 0;
-- requires: reconcile_run
--
-- One row per foreign key (orphan_count 0 when no record of the run points to a missing parent through it), by
-- relationship, plus one row per child column whose orphans match no foreign key any more (relationship
-- 'child.column -> ?', e.g. a key dropped since the run). sample_ids is NULL (a quarantined record has no row);
-- sample_keys: up to 10 KV keys; missing_parents: up to 10 legacy ids of the missing parents, as the records
-- give them; reason_codes: the quarantine codes. Optional references that the run nulled instead
-- (orphan_reference_nulled) are migrated rows, not counted here. No completed run: no rows.

CREATE OR REPLACE FUNCTION kv2rel.check_kv_orphans(
    p_run_id bigint DEFAULT NULL
)
RETURNS TABLE (
    source text,
    relationship text,
    orphan_count bigint,
    sample_ids uuid[],
    detail text,
    run_id bigint,
    child_table text,
    constraint_name text,
    sample_keys text[],
    missing_parents text[],
    reason_codes text[]
)
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE sql
AS $function$
    WITH run AS (
        SELECT kv2rel.reconcile_run(p_run_id) AS run_id
    ),
    fk AS (
        SELECT con.conname::text AS conname,
               format('%I.%I', n.nspname, c.relname) AS child_qualified,
               c.relname::text AS child,
               format('%s.%s -> %s.%s', c.relname,
                      array_to_string(ARRAY(SELECT a.attname::text
                                              FROM unnest(con.conkey) WITH ORDINALITY AS k (attnum, ord)
                                              JOIN pg_catalog.pg_attribute AS a
                                                ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                                             ORDER BY k.ord), ','),
                      CASE WHEN pn.nspname = 'public' THEN pc.relname::text
                           ELSE format('%I.%I', pn.nspname, pc.relname) END,
                      array_to_string(ARRAY(SELECT a.attname::text
                                              FROM unnest(con.confkey) WITH ORDINALITY AS k (attnum, ord)
                                              JOIN pg_catalog.pg_attribute AS a
                                                ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                                             ORDER BY k.ord), ',')) AS relationship,
               pc.relname::text AS parent
          FROM pg_catalog.pg_constraint AS con
          JOIN pg_catalog.pg_class AS c ON c.oid = con.conrelid
          JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
          JOIN pg_catalog.pg_class AS pc ON pc.oid = con.confrelid
          JOIN pg_catalog.pg_namespace AS pn ON pn.oid = pc.relnamespace
         WHERE con.contype = 'f' AND n.nspname = 'public' AND con.conparentid = 0
    ),
    q AS (
        SELECT i.target_table, i.entity, q.constraint_name, q.field, q.key, q.reason_code,
               q.offending_value #>> '{}' AS parent_legacy_id
          FROM run
          JOIN kv2rel.quarantine AS q ON q.run_id = run.run_id
          JOIN kv2rel.run_items AS i ON i.run_id = q.run_id AND i.key = q.key
         WHERE q.reason_code LIKE 'orphan\_%'
    ),
    matched AS (
        SELECT fk.relationship, fk.child, fk.conname, fk.parent, q.key, q.entity, q.reason_code, q.parent_legacy_id
          FROM fk
          LEFT JOIN q ON q.constraint_name = fk.conname AND q.target_table = fk.child_qualified
        UNION ALL
        SELECT format('%s.%s -> ?', regexp_replace(q.target_table, '^public\.', ''), coalesce(q.field, '?')),
               regexp_replace(q.target_table, '^public\.', ''), q.constraint_name, NULL, q.key, q.entity,
               q.reason_code, q.parent_legacy_id
          FROM q
         WHERE NOT EXISTS (SELECT 1 FROM fk WHERE fk.conname = q.constraint_name AND fk.child_qualified = q.target_table)
    )
    SELECT 'kv', m.relationship, count(m.key), NULL::uuid[],
           CASE WHEN count(m.key) = 0
                THEN format('no KV record of run %s references a missing %s row', run.run_id,
                            coalesce(min(m.parent), 'parent'))
                ELSE format('%s KV record(s) of run %s (%s) reference a missing %s row and were quarantined (%s); '
                            'e.g. %s -> %s', count(m.key), run.run_id,
                            string_agg(DISTINCT m.entity, ', '), coalesce(min(m.parent), 'parent'),
                            string_agg(DISTINCT m.reason_code, ', '),
                            min(m.key COLLATE "C"),
                            (array_agg(m.parent_legacy_id ORDER BY m.key COLLATE "C")
                                 FILTER (WHERE m.key IS NOT NULL))[1])
           END,
           run.run_id, min(m.child), min(m.conname),
           coalesce((array_agg(m.key ORDER BY m.key COLLATE "C") FILTER (WHERE m.key IS NOT NULL))[1:10], '{}'),
           coalesce((array_agg(DISTINCT m.parent_legacy_id) FILTER (WHERE m.parent_legacy_id IS NOT NULL))[1:10],
                    '{}'),
           coalesce(array_agg(DISTINCT m.reason_code) FILTER (WHERE m.reason_code IS NOT NULL), '{}')
      FROM run
     CROSS JOIN matched AS m
     WHERE run.run_id IS NOT NULL
     GROUP BY run.run_id, m.relationship
     ORDER BY m.relationship;
$function$;

COMMENT ON FUNCTION kv2rel.check_kv_orphans(bigint) IS
'KV-side orphans of run p_run_id (default: latest completed migrate run): per foreign key in public, the KV records '
'quarantined as orphan_<parent> because they reference a missing parent; source ''kv'', sample keys and missing '
'parent legacy ids. No run: no rows.';
