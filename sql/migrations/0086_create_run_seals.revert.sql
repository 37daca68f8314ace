-- Revert: 0086_create_run_seals

DROP TABLE kv2rel.run_seals;
