-- Function: kv2rel.analyze_table_stats
-- Purpose: health of every table in schema public from pg_stat_user_tables: live and dead rows, inserts, updates,
--          deletes, the last (auto)vacuum and (auto)analyze, and a simple bloat estimate.
--          * Every column is read through the alias s: the source team's plpgsql version named last_vacuum and
--            last_analyze unqualified, which clashed with its OUT parameters of the same name ("column reference
--            is ambiguous"). This one is a SQL function, whose OUT parameters are not visible in the body.
--          * estimated_bloat_bytes = dead rows x average tuple width, where the width is the heap's main fork size
--            divided by live + dead rows; estimated_bloat_ratio = dead / (live + dead), 4 decimals. Both are 0 for
--            a table without rows. It only sees dead tuples not yet vacuumed (counters are estimates, flushed by
--            each backend about once a second); free space left after VACUUM needs pgstattuple to measure.
--          VOLATILE because the heap size is read from the file.
-- Usage (psql): SELECT * FROM kv2rel.analyze_table_stats() ORDER BY estimated_bloat_bytes DESC;

CREATE OR REPLACE FUNCTION kv2rel.analyze_table_stats()
RETURNS TABLE (
    table_name text,
    live_rows bigint,
    dead_rows bigint,
    inserts bigint,
    updates bigint,
    deletes bigint,
    last_vacuum timestamptz,
    last_autovacuum timestamptz,
    last_analyze timestamptz,
    last_autoanalyze timestamptz,
    estimated_bloat_bytes bigint,
    estimated_bloat_ratio numeric
)
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE sql
AS $function$
    SELECT s.relname::text,
           s.n_live_tup,
           s.n_dead_tup,
           s.n_tup_ins,
           s.n_tup_upd,
           s.n_tup_del,
           s.last_vacuum,
           s.last_autovacuum,
           s.last_analyze,
           s.last_autoanalyze,
           CASE
               WHEN s.n_live_tup + s.n_dead_tup > 0
                   THEN pg_catalog.round(
                       pg_catalog.pg_relation_size(s.relid, 'main')::numeric * s.n_dead_tup
                       / (s.n_live_tup + s.n_dead_tup)
                   )::bigint
               ELSE 0
           END,
           CASE
               WHEN s.n_live_tup + s.n_dead_tup > 0
                   THEN pg_catalog.round(s.n_dead_tup::numeric / (s.n_live_tup + s.n_dead_tup), 4)
               ELSE 0
           END
      FROM pg_catalog.pg_stat_user_tables AS s
     WHERE s.schemaname = 'public'
     ORDER BY s.relname;
$function$;

COMMENT ON FUNCTION kv2rel.analyze_table_stats() IS
'One row per table in public from pg_stat_user_tables: live_rows, dead_rows, inserts, updates, deletes, last '
'(auto)vacuum and (auto)analyze, estimated_bloat_bytes (dead rows x average tuple width of the heap) and '
'estimated_bloat_ratio (dead / (live + dead)); 0 for tables without rows.';
