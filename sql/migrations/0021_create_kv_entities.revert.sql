-- Revert: 0021_create_kv_entities

DROP TABLE kv2rel.kv_entities;
