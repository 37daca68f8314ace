-- Revert: 0067_create_natural_keys

DROP TABLE kv2rel.natural_keys;
