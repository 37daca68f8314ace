-- Revert: 0063_create_run_changes

DROP TABLE kv2rel.run_changes;
