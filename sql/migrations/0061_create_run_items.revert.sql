-- Revert: 0061_create_run_items

DROP TABLE kv2rel.run_items;
