-- Function: kv2rel.check_orphans
-- Purpose: for every foreign key on a table in schema public, count the child rows whose non-null reference has
--          no parent row. With enforced foreign keys this is always 0; it matters when a key was added NOT VALID,
--          its triggers were disabled, or rows were loaded with session_replication_role = replica. (A foreign key
--          that was dropped is not in pg_constraint: the named kv2rel.check_orphaned_* checks cover that case for
--          the core relationships.)
-- Usage (psql): SELECT * FROM kv2rel.check_orphans() WHERE orphan_count > 0;
-- requires: check_relationship_orphans

CREATE OR REPLACE FUNCTION kv2rel.check_orphans()
RETURNS TABLE (
    child_table text,
    constraint_name text,
    child_columns text[],
    parent_table text,
    orphan_count bigint,
    sample_ids uuid[],
    relationship text
)
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_fk record;
    v_result record;
BEGIN
    FOR v_fk IN
        SELECT c.relname::text AS child,
               pg_catalog.format('%I.%I', n.nspname, c.relname) AS child_qualified,
               con.conname::text AS name,
               ARRAY(
                   SELECT a.attname::text
                     FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY AS k (attnum, ord)
                     JOIN pg_catalog.pg_attribute AS a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                    ORDER BY k.ord
               ) AS columns,
               CASE WHEN pn.nspname = 'public' THEN pc.relname::text
                    ELSE pg_catalog.format('%I.%I', pn.nspname, pc.relname) END AS parent,
               pg_catalog.format('%I.%I', pn.nspname, pc.relname) AS parent_qualified,
               ARRAY(
                   SELECT a.attname::text
                     FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY AS k (attnum, ord)
                     JOIN pg_catalog.pg_attribute AS a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                    ORDER BY k.ord
               ) AS parent_columns
          FROM pg_catalog.pg_constraint AS con
          JOIN pg_catalog.pg_class AS c ON c.oid = con.conrelid
          JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
          JOIN pg_catalog.pg_class AS pc ON pc.oid = con.confrelid
          JOIN pg_catalog.pg_namespace AS pn ON pn.oid = pc.relnamespace
         WHERE con.contype = 'f'
           AND n.nspname = 'public'
           AND con.conparentid = 0  -- a partitioned table's key, not its per-partition clones
         ORDER BY c.relname, con.conname
    LOOP
        SELECT r.orphan_count, r.sample_ids, r.relationship
          INTO v_result
          FROM kv2rel.check_relationship_orphans(
                v_fk.child_qualified, v_fk.columns, v_fk.parent_qualified, v_fk.parent_columns
               ) AS r;
        child_table := v_fk.child;
        constraint_name := v_fk.name;
        child_columns := v_fk.columns;
        parent_table := v_fk.parent;
        orphan_count := v_result.orphan_count;
        sample_ids := v_result.sample_ids;
        relationship := v_result.relationship;
        RETURN NEXT;
    END LOOP;
END
$function$;

COMMENT ON FUNCTION kv2rel.check_orphans() IS
'One row per foreign key on a table in public: child_table, constraint_name, child_columns, parent_table, '
'orphan_count (child rows whose non-null reference has no parent row), up to 10 sample child ids, and the '
'relationship as "child.cols -> parent.cols" (the key shared with the kv2rel.check_orphaned_* checks).';
