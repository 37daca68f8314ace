-- Revert: 0022_create_key_rules

DROP TABLE kv2rel.key_rules;
