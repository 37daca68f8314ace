-- Function: kv2rel.classify_kv
-- Purpose: classify every key of a KV table in one set-based query (the compiled rules of kv2rel.key_rules).
-- Usage (psql): SELECT key_class, count(*) FROM kv2rel.classify_kv('public.kv_store_6fcaeea3') GROUP BY 1;

CREATE OR REPLACE FUNCTION kv2rel.classify_kv(
    p_kv_table regclass
)
RETURNS TABLE (
    key text,
    key_class text,
    entity text,
    environment text,
    parent_id text,
    entity_id text,
    generation text,
    rule_name text
)
STABLE
SET search_path = pg_catalog, pg_temp
SET jit = off
LANGUAGE plpgsql
AS $function$
DECLARE
    v_environments text[] := kv2rel.known_environments(kv2rel.check_kv_table(p_kv_table));
BEGIN
    RETURN QUERY EXECUTE format(
        'SELECT c.key::text, c.key_class, c.entity, c.environment, c.parent_id, c.entity_id, c.generation,'
        ' c.rule_name FROM (%s) AS c',
        kv2rel.classification_sql(format('SELECT k.key FROM %s AS k', p_kv_table))
    )
    USING v_environments;
END
$function$;

COMMENT ON FUNCTION kv2rel.classify_kv(regclass) IS
'Every row of the KV table with its key_class (entity, index, pointer, link, join, copy, ephemeral, secret, log or '
'unknown), entity, environment, parent_id, entity_id, key generation and the rule that matched. Unknown keys are '
'returned with key_class unknown, never dropped. Environments registered in the table (environments:{id}) count.';
