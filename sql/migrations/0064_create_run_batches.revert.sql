-- Revert: 0064_create_run_batches

DROP TABLE kv2rel.run_batches;
