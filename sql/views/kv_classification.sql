-- View: kv2rel.kv_classification
-- Purpose: every row of the configured KV table (setting kv_table, default public.kv_store_6fcaeea3) with its
--          class, entity, environment, parent id, entity id, key generation and the rule that matched. Unknown
--          keys are listed with key_class unknown, never dropped. Environments registered in that table under
--          environments:{id} keys count as known.
-- Usage (psql): SELECT key_class, count(*) FROM kv2rel.kv_classification GROUP BY 1;
--               UPDATE kv2rel.settings SET value = 'staging.kv_store' WHERE name = 'kv_table';  -- another table
-- Reading it raises K2201 when the configured table does not exist and K2202 when it is not KV-shaped.

CREATE OR REPLACE VIEW kv2rel.kv_classification WITH (security_invoker = true) AS
SELECT
    c.key,
    c.key_class,
    c.entity,
    c.environment,
    c.parent_id,
    c.entity_id,
    c.generation,
    c.rule_name
FROM kv2rel.classify_kv(kv2rel.configured_kv_table()) AS c;

COMMENT ON VIEW kv2rel.kv_classification IS
'Classification of every key of the KV table named by setting kv_table (kv2rel.classify_kv); unknown keys included.';
COMMENT ON COLUMN kv2rel.kv_classification.key IS 'The KV key.';
COMMENT ON COLUMN kv2rel.kv_classification.key_class IS
'entity, index, pointer, link, join, copy, ephemeral, secret, log, or unknown when no rule matches.';
COMMENT ON COLUMN kv2rel.kv_classification.entity IS
'Entity of the matching rule (kv2rel.kv_entities); NULL if unknown.';
COMMENT ON COLUMN kv2rel.kv_classification.environment IS
'Environment segment of the key ({prefix}:{env}:{id}, known environments only); NULL when the key has none.';
COMMENT ON COLUMN kv2rel.kv_classification.parent_id IS
'Parent id read from the key (site of employee:{siteId}:{empId}, client of client:{cid}:site:{sid}, ...).';
COMMENT ON COLUMN kv2rel.kv_classification.entity_id IS 'Id of the record read from the key (may contain colons).';
COMMENT ON COLUMN kv2rel.kv_classification.generation IS
'Key generation: legacy_plural, singular, env_scoped, parent_scoped; NULL outside the four generations.';
COMMENT ON COLUMN kv2rel.kv_classification.rule_name IS 'The kv2rel.key_rules row that matched; NULL if unknown.';
