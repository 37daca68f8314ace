-- Revert: 0088_create_trigger_run_items_unseal

DROP TRIGGER run_items_unseal ON kv2rel.run_items;
DELETE FROM kv2rel.run_seals;
