-- Revert: 0023_create_field_map

DROP TABLE kv2rel.field_map;
