-- Revert: 0060_create_runs

DROP TABLE kv2rel.runs;
