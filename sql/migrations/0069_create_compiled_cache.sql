-- Migration: 0069_create_compiled_cache
-- Requires: 0068_create_derived_columns
-- Purpose: Create kv2rel.compiled_cache, the migration's compiled statements per entity, reused across sessions.
-- Revert: 0069_create_compiled_cache.revert.sql (drops the table; statements are compiled again when needed)
-- Transaction: yes
--
-- Compiling the set-based statements of an entity reads the rules tables and the catalog (about 0.1 s per
-- entity). A run reuses what an earlier run compiled as long as the fingerprint still matches: an md5 over the
-- rules tables, the kv2rel function bodies and the definitions of the target and KV tables
-- (kv2rel.migrate_fingerprint). Any change to one of them gives a new fingerprint, so a stale entry is never used.

CREATE TABLE kv2rel.compiled_cache (
    entity text NOT NULL,
    kv_table text NOT NULL,
    fingerprint text NOT NULL,
    compiled jsonb NOT NULL,
    rules jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT compiled_cache_pkey PRIMARY KEY (entity, kv_table, fingerprint),
    CONSTRAINT compiled_cache_fingerprint_format_check CHECK (fingerprint ~ '^[0-9a-f]{32}$'),
    CONSTRAINT compiled_cache_compiled_is_object_check CHECK (jsonb_typeof(compiled) = 'object'),
    CONSTRAINT compiled_cache_rules_is_array_check CHECK (jsonb_typeof(rules) = 'array')
);

COMMENT ON TABLE kv2rel.compiled_cache IS
'Compiled migration statements per entity and KV table, valid while kv2rel.migrate_fingerprint is unchanged; a '
'cache only (truncating it is always safe).';
COMMENT ON COLUMN kv2rel.compiled_cache.entity IS 'Entity the statements migrate.';
COMMENT ON COLUMN kv2rel.compiled_cache.kv_table IS 'KV table they read (regclass text).';
COMMENT ON COLUMN kv2rel.compiled_cache.fingerprint IS 'kv2rel.migrate_fingerprint when they were compiled.';
COMMENT ON COLUMN kv2rel.compiled_cache.compiled IS
'The statements of kv2rel.migrate_compiled (stage_sql, restore_sql, derive_sql, check_sql, unique_sql, upsert_sql).';
COMMENT ON COLUMN kv2rel.compiled_cache.rules IS 'The target table''s rules (kv2rel.migrate_rules) as a JSON array.';
COMMENT ON COLUMN kv2rel.compiled_cache.created_at IS 'When they were compiled.';
COMMENT ON CONSTRAINT compiled_cache_pkey ON kv2rel.compiled_cache IS 'One entry per entity, KV table and fingerprint.';
COMMENT ON CONSTRAINT compiled_cache_fingerprint_format_check ON kv2rel.compiled_cache IS 'An md5 in hex.';
COMMENT ON CONSTRAINT compiled_cache_compiled_is_object_check ON kv2rel.compiled_cache IS 'compiled is an object.';
COMMENT ON CONSTRAINT compiled_cache_rules_is_array_check ON kv2rel.compiled_cache IS 'rules is an array.';
