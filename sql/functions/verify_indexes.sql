-- Function: kv2rel.verify_indexes
-- Purpose: index assertions on schema public beyond the structural ones: usage statistics are collected
--          (track_counts), without which check_index_usage and analyze_table_stats only see zeros. Scan counts
--          themselves are not asserted: they depend on the workload since the last statistics reset. Duplicate
--          indexes, foreign keys without an index and index validity are kv2rel.verify_schema's assertions
--          (kv2rel.check_index_usage / check_unindexed_foreign_keys list the same culprits for reports).
-- Usage (psql): SELECT * FROM kv2rel.verify_indexes();

CREATE OR REPLACE FUNCTION kv2rel.verify_indexes()
RETURNS SETOF kv2rel.assertion
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
BEGIN
    RETURN NEXT ROW(
        pg_catalog.current_setting('track_counts')::boolean,
        'index and table usage statistics are collected (track_counts = on)',
        CASE WHEN NOT pg_catalog.current_setting('track_counts')::boolean THEN
            'track_counts is off: pg_stat_user_indexes and pg_stat_user_tables stay at zero, so every index looks '
            'unused, dead rows are not counted and autovacuum cannot run; set track_counts = on'
        END
    )::kv2rel.assertion;
END
$function$;

COMMENT ON FUNCTION kv2rel.verify_indexes() IS
'Assertions on the indexes of public not covered by verify_schema: usage statistics are collected (track_counts).';
