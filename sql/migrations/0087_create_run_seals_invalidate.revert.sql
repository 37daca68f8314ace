-- Revert: 0087_create_run_seals_invalidate

DROP FUNCTION kv2rel.run_seals_invalidate();
