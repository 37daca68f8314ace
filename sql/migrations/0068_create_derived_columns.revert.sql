-- Revert: 0068_create_derived_columns

DROP TABLE kv2rel.derived_columns;
