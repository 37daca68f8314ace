-- Revert: 0069_create_compiled_cache

DROP TABLE kv2rel.compiled_cache;
