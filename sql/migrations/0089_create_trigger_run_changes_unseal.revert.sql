-- Revert: 0089_create_trigger_run_changes_unseal

DROP TRIGGER run_changes_unseal ON kv2rel.run_changes;
DELETE FROM kv2rel.run_seals;
