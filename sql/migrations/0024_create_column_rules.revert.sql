-- Revert: 0024_create_column_rules

DROP TABLE kv2rel.column_rules;
