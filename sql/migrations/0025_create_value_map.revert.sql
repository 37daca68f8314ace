-- Revert: 0025_create_value_map

DROP TABLE kv2rel.value_map;
