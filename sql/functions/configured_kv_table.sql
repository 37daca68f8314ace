-- Function: kv2rel.configured_kv_table
-- Purpose: the KV table named by setting kv_table (read by view kv2rel.kv_classification).
-- Usage (psql): SELECT kv2rel.configured_kv_table();
--               UPDATE kv2rel.settings SET value = 'staging.kv_store' WHERE name = 'kv_table';
-- No SET search_path: an unqualified setting is resolved on the caller's search_path (see resolve_kv_table).

CREATE OR REPLACE FUNCTION kv2rel.configured_kv_table()
RETURNS regclass
STABLE
LANGUAGE sql
AS $function$
    SELECT kv2rel.resolve_kv_table(kv2rel.setting('kv_table'))
$function$;

COMMENT ON FUNCTION kv2rel.configured_kv_table() IS
'The KV table named by kv2rel.settings.kv_table, resolved and shape-checked (K2201/K2202 when it is not usable).';
