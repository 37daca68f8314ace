-- Revert: 0020_create_key_environments

DROP TABLE kv2rel.key_environments;
