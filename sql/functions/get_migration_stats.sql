-- Function: kv2rel.get_migration_stats
-- Purpose: one row per ordinary table in schema public: exact row count (count(*)), total/table/index bytes and
--          the average row size. avg_row_bytes is avg(pg_column_size(t.*)), the size of each row as a composite
--          value (tuple header and data, TOASTed values at their stored size, without the line pointer and page
--          overhead), computed in the same aggregate query as the count: the source team's version mixed
--          count(*) with a whole-row expression without GROUP BY, which PostgreSQL rejects. For an empty table
--          row_count is 0 and avg_row_bytes is NULL (there is no row to average; 0 would claim a size).
--          Partitioned parents are skipped (they hold no rows themselves); their partitions are listed.
--          VOLATILE because the size functions read the files, which are not snapshot-consistent.
-- Usage (psql): SELECT * FROM kv2rel.get_migration_stats();

CREATE OR REPLACE FUNCTION kv2rel.get_migration_stats()
RETURNS TABLE (
    table_name text,
    row_count bigint,
    total_bytes bigint,
    table_bytes bigint,
    index_bytes bigint,
    avg_row_bytes numeric
)
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_table record;
BEGIN
    FOR v_table IN
        SELECT c.oid::regclass AS rel,
               c.relname::text AS name
          FROM pg_catalog.pg_class AS c
          JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public'
           AND c.relkind = 'r'
           AND NOT EXISTS (  -- tables that belong to an extension are not ours
                SELECT 1
                  FROM pg_catalog.pg_depend AS d
                 WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                   AND d.objid = c.oid
                   AND d.deptype = 'e'
               )
         ORDER BY c.relname
    LOOP
        table_name := v_table.name;
        EXECUTE pg_catalog.format(
            'SELECT count(*), round(avg(pg_catalog.pg_column_size(t.*)), 2) FROM %s AS t', v_table.rel
        ) INTO row_count, avg_row_bytes;
        table_bytes := pg_catalog.pg_table_size(v_table.rel);
        index_bytes := pg_catalog.pg_indexes_size(v_table.rel);
        total_bytes := pg_catalog.pg_total_relation_size(v_table.rel);
        RETURN NEXT;
    END LOOP;
END
$function$;

COMMENT ON FUNCTION kv2rel.get_migration_stats() IS
'One row per table in public: exact row_count, total_bytes (pg_total_relation_size), table_bytes (pg_table_size: '
'heap, TOAST, maps), index_bytes (pg_indexes_size) and avg_row_bytes (avg of pg_column_size(row), 2 decimals; '
'NULL for an empty table).';
