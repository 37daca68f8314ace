-- Revert: 0082_alter_run_items_kv_hash

ALTER TABLE kv2rel.run_items
DROP COLUMN kv_xmin,
DROP COLUMN kv_hash;
