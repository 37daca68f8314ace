-- Function: kv2rel.check_counts
-- Purpose: record counts per entity of one migration run: the entity's KV keys by outcome, against the target
--          rows. Every migrated key must have its row (target_id) in the target table, every merged key its
--          winner's row; and the rows of each target table that carry a legacy id must be exactly the distinct
--          rows the run (or a later run) migrated into it.
-- Usage (psql): SELECT * FROM kv2rel.check_counts();     -- the latest completed migrate run
--               SELECT * FROM kv2rel.check_counts(3);
-- requires: reconcile_run
--
-- One row per entity of the run (entities without a target table included, with NULL target figures; keys no
-- rule classified as '(unclassified)'), by name. VOLATILE: it works in temporary tables.
-- Columns: kv_keys and the outcome counts (pending: no outcome yet); migrated_present / merged_present: items
-- whose target row exists; target_rows: count(*) of the table; legacy_rows: its rows with a legacy_id;
-- expected_legacy_rows: distinct target ids of migrated items of the table (every entity writing it) in this run
-- or a later one; ok and detail (what is wrong, with up to 5 sample keys). Tables only reached through derived
-- rows (the exclusion tables) are reconciled by kv2rel.reconcile, not counted here. No run: no rows.

CREATE OR REPLACE FUNCTION kv2rel.check_counts(
    p_run_id bigint DEFAULT NULL
)
RETURNS TABLE (
    run_id bigint,
    entity text,
    target_table text,
    kv_keys bigint,
    migrated bigint,
    merged bigint,
    quarantined bigint,
    skipped bigint,
    pending bigint,
    migrated_present bigint,
    merged_present bigint,
    target_rows bigint,
    legacy_rows bigint,
    expected_legacy_rows bigint,
    ok boolean,
    detail text
)
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run bigint := kv2rel.reconcile_run(p_run_id);
    v_table record;
    v_has_legacy boolean;
BEGIN
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    IF to_regclass('pg_temp.kv2rel_count_tables') IS NULL THEN
        CREATE TEMP TABLE kv2rel_count_tables (
            target_table text, target_rows bigint, legacy_rows bigint, expected_legacy_rows bigint
        );
        CREATE TEMP TABLE kv2rel_count_present (key text);
    END IF;
    TRUNCATE pg_temp.kv2rel_count_tables, pg_temp.kv2rel_count_present;
    FOR v_table IN
        SELECT DISTINCT i.target_table, to_regclass(i.target_table) AS rel
          FROM kv2rel.run_items AS i
         WHERE i.run_id = v_run AND i.outcome IN ('migrated', 'merged') AND to_regclass(i.target_table) IS NOT NULL
    LOOP
        v_has_legacy := EXISTS (SELECT 1 FROM pg_catalog.pg_attribute AS a
                                 WHERE a.attrelid = v_table.rel AND a.attname = 'legacy_id' AND NOT a.attisdropped);
        EXECUTE format(
            'INSERT INTO pg_temp.kv2rel_count_tables SELECT $1, count(*), %s,'
            ' (SELECT count(DISTINCT i.target_id) FROM kv2rel.run_items AS i'
            ' WHERE i.run_id >= $2 AND i.target_table = $1 AND i.outcome = ''migrated'') FROM %s AS t',
            CASE WHEN v_has_legacy THEN 'count(t.legacy_id)' ELSE 'NULL::bigint' END, v_table.rel
        ) USING v_table.target_table, v_run;
        EXECUTE format(
            'INSERT INTO pg_temp.kv2rel_count_present SELECT i.key FROM kv2rel.run_items AS i'
            ' WHERE i.run_id = $1 AND i.target_table = $2 AND i.outcome IN (''migrated'', ''merged'')'
            ' AND EXISTS (SELECT 1 FROM %s AS t WHERE t.id = i.target_id)', v_table.rel
        ) USING v_run, v_table.target_table;
    END LOOP;

    RETURN QUERY
    SELECT v_run, g.entity, g.target_table, g.kv_keys, g.migrated, g.merged, g.quarantined, g.skipped, g.pending,
           g.migrated_present, g.merged_present, t.target_rows, t.legacy_rows, t.expected_legacy_rows,
           g.pending = 0 AND g.migrated_present = g.migrated AND g.merged_present = g.merged
           AND t.legacy_rows IS NOT DISTINCT FROM t.expected_legacy_rows,
           nullif(concat_ws('; ',
               CASE WHEN g.pending > 0 THEN format('%s key(s) without an outcome', g.pending) END,
               CASE WHEN g.migrated_present < g.migrated THEN
                   format('%s migrated key(s) without their %s row: %s', g.migrated - g.migrated_present,
                          g.target_table, array_to_string(g.missing_migrated, ', ')) END,
               CASE WHEN g.merged_present < g.merged THEN
                   format('%s merged key(s) whose winner''s row is missing from %s: %s', g.merged - g.merged_present,
                          g.target_table, array_to_string(g.missing_merged, ', ')) END,
               CASE WHEN t.legacy_rows IS DISTINCT FROM t.expected_legacy_rows THEN
                   format('%s has %s row(s) with a legacy id, the runs migrated %s distinct row(s) into it',
                          g.target_table, t.legacy_rows, t.expected_legacy_rows) END
           ), '')
      FROM (SELECT coalesce(i.entity, '(unclassified)') AS entity, max(i.target_table) AS target_table, count(*) AS kv_keys,
                   count(*) FILTER (WHERE i.outcome = 'migrated') AS migrated,
                   count(*) FILTER (WHERE i.outcome = 'merged') AS merged,
                   count(*) FILTER (WHERE i.outcome = 'quarantined') AS quarantined,
                   count(*) FILTER (WHERE i.outcome = 'skipped') AS skipped,
                   count(*) FILTER (WHERE i.outcome IS NULL) AS pending,
                   count(*) FILTER (WHERE i.outcome = 'migrated' AND p.key IS NOT NULL) AS migrated_present,
                   count(*) FILTER (WHERE i.outcome = 'merged' AND p.key IS NOT NULL) AS merged_present,
                   (array_agg(i.key ORDER BY i.key COLLATE "C")
                        FILTER (WHERE i.outcome = 'migrated' AND p.key IS NULL))[1:5] AS missing_migrated,
                   (array_agg(i.key ORDER BY i.key COLLATE "C")
                        FILTER (WHERE i.outcome = 'merged' AND p.key IS NULL))[1:5] AS missing_merged
              FROM kv2rel.run_items AS i
              LEFT JOIN pg_temp.kv2rel_count_present AS p ON p.key = i.key
             WHERE i.run_id = v_run
             GROUP BY coalesce(i.entity, '(unclassified)')) AS g
      LEFT JOIN pg_temp.kv2rel_count_tables AS t ON t.target_table = g.target_table
     ORDER BY g.entity;
END
$function$;

COMMENT ON FUNCTION kv2rel.check_counts(bigint) IS
'Per entity of run p_run_id (default: latest completed migrate run): KV keys by outcome vs target rows (migrated '
'and merged keys whose row exists; rows with a legacy id vs distinct migrated rows of the table); ok and detail.';
