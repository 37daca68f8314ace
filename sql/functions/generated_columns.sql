-- Function: kv2rel.generated_columns
-- Purpose: the names of the generated columns of table p_table (empty when none). A row compared as JSON leaves
--          them out (to_jsonb(row) - kv2rel.generated_columns(...)): they are derived, never written.
--          Shared by kv2rel.reconcile_expected, kv2rel.reconcile_pairs and kv2rel.reconcile_fast.
-- Usage (psql): SELECT kv2rel.generated_columns('public.products');   -- {is_active}

CREATE OR REPLACE FUNCTION kv2rel.generated_columns(
    p_table regclass
)
RETURNS text[]
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE sql
AS $function$
    SELECT coalesce(array_agg(a.attname::text ORDER BY a.attnum), '{}')
      FROM pg_catalog.pg_attribute AS a
     WHERE a.attrelid = p_table AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated <> '';
$function$;

COMMENT ON FUNCTION kv2rel.generated_columns(regclass) IS
'Names of the generated columns of p_table (empty array when none), which row comparisons leave out.';
