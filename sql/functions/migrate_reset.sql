-- Function: kv2rel.migrate_reset
-- Purpose: forget this session's compiled migration statements, classification and staging tables
--          (pg_temp.kv2rel_*), so the next batch compiles from the current rules and target tables (or takes
--          them from kv2rel.compiled_cache). Called when a run starts or resumes.
-- Usage (psql): SELECT kv2rel.migrate_reset();

CREATE OR REPLACE FUNCTION kv2rel.migrate_reset()
RETURNS void
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_table text;
BEGIN
    FOR v_table IN
        SELECT c.relname::text
          FROM pg_catalog.pg_class AS c
         WHERE c.relnamespace = pg_my_temp_schema() AND c.relkind = 'r'
           AND (c.relname LIKE 'kv2rel\_stage\_%'
                OR c.relname IN ('kv2rel_compiled', 'kv2rel_rule_cache', 'kv2rel_class_cache', 'kv2rel_stage_parts',
                                 'kv2rel_mapped'))
    LOOP
        EXECUTE format('DROP TABLE pg_temp.%I', v_table);
    END LOOP;
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_reset() IS
'Drop this session''s migration caches and staging tables (pg_temp.kv2rel_compiled, kv2rel_rule_cache, '
'kv2rel_class_cache, kv2rel_stage_parts, kv2rel_mapped, kv2rel_stage_*); the next batch compiles afresh.';
