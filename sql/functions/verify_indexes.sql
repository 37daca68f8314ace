-- Function: kv2rel.verify_indexes
-- Purpose: index assertions on schema public: no index duplicates another (kv2rel.check_index_usage), every foreign
--          key is served by an index (kv2rel.check_unindexed_foreign_keys), and usage statistics are collected
--          (track_counts), without which check_index_usage and analyze_table_stats only see zeros. Scan counts
--          themselves are not asserted: they depend on the workload since the last statistics reset. Index
--          validity is kv2rel.verify_schema's.
-- Usage (psql): SELECT * FROM kv2rel.verify_indexes();
-- requires: check_index_usage, check_unindexed_foreign_keys

CREATE OR REPLACE FUNCTION kv2rel.verify_indexes()
RETURNS SETOF kv2rel.assertion
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_list text;
BEGIN
    SELECT pg_catalog.string_agg(
               pg_catalog.format('%s duplicates %s on %s', u.index_name, u.duplicate_of, u.table_name), '; '
               ORDER BY u.table_name, u.index_name
           )
      INTO v_list
      FROM kv2rel.check_index_usage() AS u
     WHERE u.duplicate_of IS NOT NULL;
    RETURN NEXT ROW(
        v_list IS NULL,
        'no index in public duplicates another index (same table, columns, expressions and predicate)',
        'duplicates: ' || v_list
    )::kv2rel.assertion;

    SELECT pg_catalog.string_agg(
               pg_catalog.format(
                   '%s.%s (%s)', f.table_name, f.constraint_name, pg_catalog.array_to_string(f.columns, ', ')
               ),
               '; '
               ORDER BY f.table_name, f.constraint_name
           )
      INTO v_list
      FROM kv2rel.check_unindexed_foreign_keys() AS f;
    RETURN NEXT ROW(
        v_list IS NULL,
        'every foreign key in public is served by an index on its leading columns',
        'unindexed foreign keys: ' || v_list
    )::kv2rel.assertion;

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
'Assertions on the indexes of public: no duplicate index, every foreign key indexed, usage statistics collected '
'(track_counts); diagnostics name the culprits.';
