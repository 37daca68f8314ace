-- Function: kv2rel.classify_key
-- Purpose: classify one key with the rules of kv2rel.key_rules (for people and tests; classify_kv does a table).
-- Usage (psql): SELECT * FROM kv2rel.classify_key('order:site-1:8c0e6f2a-1d3b-4c5e-9f7a-0b1c2d3e4f5a');
--               SELECT * FROM kv2rel.classify_key('client:qa:client-1', ARRAY['qa']);
--
-- STABLE, not IMMUTABLE: the answer depends on the rules and environments tables. The one-argument form knows
-- the environments of kv2rel.key_environments; the two-argument form uses exactly the given list.

CREATE OR REPLACE FUNCTION kv2rel.classify_key(
    p_key text,
    p_environments text[],
    OUT key_class text,
    OUT entity text,
    OUT environment text,
    OUT parent_id text,
    OUT entity_id text,
    OUT generation text,
    OUT rule_name text
)
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
BEGIN
    EXECUTE format(
        'SELECT c.key_class, c.entity, c.environment, c.parent_id, c.entity_id, c.generation, c.rule_name'
        ' FROM (%s) AS c',
        kv2rel.classification_sql('SELECT $2::text AS key')
    )
      INTO key_class, entity, environment, parent_id, entity_id, generation, rule_name
      USING coalesce(p_environments, ARRAY[]::text[]), p_key;
END
$function$;

CREATE OR REPLACE FUNCTION kv2rel.classify_key(
    p_key text,
    OUT key_class text,
    OUT entity text,
    OUT environment text,
    OUT parent_id text,
    OUT entity_id text,
    OUT generation text,
    OUT rule_name text
)
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE sql
AS $function$
    SELECT c.key_class, c.entity, c.environment, c.parent_id, c.entity_id, c.generation, c.rule_name
      FROM kv2rel.classify_key(p_key, kv2rel.known_environments()) AS c
$function$;

COMMENT ON FUNCTION kv2rel.classify_key(text, text[]) IS
'Classify one key against kv2rel.key_rules, recognising exactly the environments in p_environments: key_class '
'(unknown when no rule matches), entity, environment, parent_id, entity_id, generation and rule_name.';
COMMENT ON FUNCTION kv2rel.classify_key(text) IS
'Classify one key against kv2rel.key_rules with the environments of kv2rel.key_environments (environments '
'registered only inside a KV table are not known here; use kv2rel.classify_kv or the two-argument form).';
