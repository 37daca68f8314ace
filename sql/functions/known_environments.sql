-- Function: kv2rel.known_environments
-- Purpose: the environment names a key segment may carry: kv2rel.key_environments (built-ins and DBA additions),
--          plus, when a KV table is given, the ids of its keys classified by a rule that registers environments
--          (environments:{id}).
-- Usage (psql): SELECT kv2rel.known_environments('public.kv_store_6fcaeea3');

CREATE OR REPLACE FUNCTION kv2rel.known_environments(
    p_kv_table regclass DEFAULT NULL
)
RETURNS text[]
STABLE
SET search_path = pg_catalog, pg_temp
SET jit = off
LANGUAGE plpgsql
AS $function$
DECLARE
    v_environments text[];
    v_prefixes text[];
    v_registered text[];
BEGIN
    SELECT coalesce(array_agg(e.name ORDER BY e.name), ARRAY[]::text[])
      INTO v_environments
      FROM kv2rel.key_environments AS e;
    IF p_kv_table IS NULL THEN
        RETURN v_environments;
    END IF;
    PERFORM kv2rel.check_kv_table(p_kv_table);

    SELECT array_agg(r.prefix)
      INTO v_prefixes
      FROM kv2rel.key_rules AS r
     WHERE r.registers_environment;
    IF v_prefixes IS NULL THEN
        RETURN v_environments;
    END IF;

    -- Classify only the keys that start with a registering prefix (^@ is the starts_with operator), with the
    -- environments known so far, and keep those whose winning rule registers environments.
    EXECUTE format(
        'SELECT array_agg(DISTINCT c.entity_id) FROM (%s) AS c'
        ' JOIN kv2rel.key_rules AS r ON r.rule_name = c.rule_name AND r.registers_environment',
        kv2rel.classification_sql(format('SELECT k.key FROM %s AS k WHERE k.key ^@ ANY ($2)', p_kv_table))
    )
      INTO v_registered
      USING v_environments, v_prefixes;

    RETURN ARRAY(
        SELECT DISTINCT u.name
          FROM unnest(v_environments || coalesce(v_registered, ARRAY[]::text[])) AS u (name)
         ORDER BY u.name
    );
END
$function$;

COMMENT ON FUNCTION kv2rel.known_environments(regclass) IS
'Sorted environment names recognised in key segments: kv2rel.key_environments, plus the environments registered '
'in the given KV table under environments:{id} keys (rules with registers_environment).';
