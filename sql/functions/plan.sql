-- Function: kv2rel.plan
-- Purpose: for every row of a KV table, what the transformation will do with it: key class, entity, target
--          table, the legacy id and the UUID it maps to, the outcome (migrate, merge, quarantine or skip) and
--          the reason. Read-only: one SELECT, compiled by kv2rel.plan_sql from the data-driven rules.
-- Usage (psql): SELECT outcome, count(*) FROM kv2rel.plan('public.kv_store_6fcaeea3', 'production') GROUP BY 1;
--
-- p_env selects one environment: keys of other environments are skipped, keys without an environment segment
-- are always included. NULL: every environment (then the same id in two environments is one record and all
-- but the winner merge). An unknown environment name raises K2203.
-- work_mem is 64MB inside the call: the search for duplicates hashes one UUID per migrating row, which spills
-- to disk at about 100,000 rows with the 4MB default (and the materialised rows spill later).

CREATE OR REPLACE FUNCTION kv2rel.plan(
    p_kv_table regclass,
    p_env text DEFAULT NULL
)
RETURNS TABLE (
    key text,
    key_class text,
    entity text,
    environment text,
    generation text,
    rule_name text,
    target_table text,
    legacy_id text,
    mapped_id uuid,
    outcome text,
    reason text,
    merged_into text
)
STABLE
SET search_path = pg_catalog, pg_temp
SET jit = off
SET work_mem = '64MB'
LANGUAGE plpgsql
AS $function$
DECLARE
    v_environments text[] := kv2rel.known_environments(kv2rel.check_kv_table(p_kv_table));
BEGIN
    IF p_env IS NOT NULL AND NOT p_env = ANY (v_environments) THEN
        RAISE EXCEPTION 'unknown environment % for KV table %', quote_literal(p_env), p_kv_table
            USING ERRCODE = 'K2203',
                  HINT = format('Known environments: %s. Register others in kv2rel.key_environments.',
                                array_to_string(v_environments, ', '));
    END IF;
    RETURN QUERY EXECUTE kv2rel.plan_sql(p_kv_table) USING v_environments, p_env;
END
$function$;

COMMENT ON FUNCTION kv2rel.plan(regclass, text) IS
'Read-only migration plan of a KV table: per key its class, entity, environment, generation, rule, target table, '
'legacy id, mapped UUID, outcome (migrate, merge, quarantine, skip), reason, and for merges the winning key. '
'p_env limits the run to one environment (keys without one are always in); unknown names raise K2203.';
