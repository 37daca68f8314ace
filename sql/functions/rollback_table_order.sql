-- Function: kv2rel.rollback_table_order
-- Purpose: the order in which kv2rel.rollback touches tables: level (ord) 0 for a table that references no other
--          table through a foreign key, n for a table whose deepest chain of parents is n tables long. Rows are
--          restored in ascending ord (parents first) and deleted in descending ord (children before parents).
--          Derived from the foreign keys in the catalog, so a new table or foreign key needs no code change.
-- Usage (psql): SELECT * FROM kv2rel.rollback_table_order(ARRAY['public.orders', 'public.sites']);
--
-- Self-references (email_templates.parent_template_id) do not count: one DELETE removes a table's rows at once. A
-- cycle between tables is cut where it closes (its order is then arbitrary; a foreign key error names the row).

CREATE OR REPLACE FUNCTION kv2rel.rollback_table_order(
    p_tables text[]
)
RETURNS TABLE (
    target_table text,
    ord integer
)
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE sql
AS $function$
    WITH RECURSIVE fk AS (
        SELECT DISTINCT c.conrelid AS child, c.confrelid AS parent
          FROM pg_catalog.pg_constraint AS c
         WHERE c.contype = 'f' AND c.conrelid <> c.confrelid
    ),
    walk AS (
        SELECT t.name AS start, to_regclass(t.name)::oid AS tbl, 0 AS depth, ARRAY[to_regclass(t.name)::oid] AS path
          FROM unnest(p_tables) AS t (name)
         WHERE to_regclass(t.name) IS NOT NULL
        UNION ALL
        SELECT w.start, fk.parent, w.depth + 1, w.path || fk.parent
          FROM walk AS w
          JOIN fk ON fk.child = w.tbl
         WHERE NOT fk.parent = ANY (w.path)
    )
    SELECT w.start, max(w.depth)
      FROM walk AS w
     GROUP BY w.start
     ORDER BY 2, 1;
$function$;

COMMENT ON FUNCTION kv2rel.rollback_table_order(text[]) IS
'Foreign-key level of each given table (0: references no other table; n: its longest chain of parents): '
'kv2rel.rollback restores in ascending and deletes in descending order, children before parents.';
