-- Function: kv2rel.classification_sql
-- Purpose: compile kv2rel.key_rules into one SQL query that classifies every row of a source query.
-- Usage (psql): SELECT kv2rel.classification_sql('SELECT k.key FROM public.kv_store_6fcaeea3 AS k');
--
-- The source must yield a column key (it may yield more, e.g. value; they are passed through as s.*). The
-- returned query expects the known environments as parameter $1 (text[]) and yields s.* plus key_class, entity,
-- environment, parent_id, entity_id, generation, rule_name, and the helper column kv2rel_parts (the text[]
-- computed by kv2rel.classification_case, in its own subquery so it is evaluated once per row). That subquery
-- ends in OFFSET '0', quoted on purpose: the planner sees a constant zero and still runs it in parallel workers,
-- whereas OFFSET 0 (an integer converted to bigint) counts as a real OFFSET and keeps it in the leader.
-- requires: classification_case

CREATE OR REPLACE FUNCTION kv2rel.classification_sql(
    p_source text
)
RETURNS text
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
BEGIN
    RETURN format(
        $sql$SELECT s.*,
       coalesce(s.kv2rel_parts[2], 'unknown') AS key_class,
       s.kv2rel_parts[3] AS entity,
       s.kv2rel_parts[5] AS environment,
       s.kv2rel_parts[6] AS parent_id,
       s.kv2rel_parts[7] AS entity_id,
       s.kv2rel_parts[4] AS generation,
       s.kv2rel_parts[1] AS rule_name
  FROM (SELECT s.*, %s AS kv2rel_parts FROM (%s) AS s OFFSET '0') AS s$sql$,
        kv2rel.classification_case(FALSE),
        p_source
    );
END
$function$;

COMMENT ON FUNCTION kv2rel.classification_sql(text) IS
'Compile kv2rel.key_rules into one query classifying the rows of query p_source (which must yield column key); '
'the query takes the known environments as $1 (text[]) and adds key_class, entity, environment, parent_id, '
'entity_id, generation and rule_name (unknown keys get key_class unknown and NULLs).';
