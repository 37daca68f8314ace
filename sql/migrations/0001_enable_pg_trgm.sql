-- Migration: 0001_enable_pg_trgm
-- Requires: none
-- Purpose: Install the pg_trgm extension in schema public for the trigram GIN indexes on client and product names.
-- Revert: 0001_enable_pg_trgm.revert.sql (drops pg_trgm only if this migration installed it; nothing to re-derive)
-- Transaction: yes
--
-- Why a DO block instead of a bare CREATE EXTENSION IF NOT EXISTS:
--   * if pg_trgm is absent, it is created in public and marked as ours through its comment, so the revert
--     can drop it without ever dropping an extension somebody else installed;
--   * if pg_trgm already lives in public, nothing happens (and the revert leaves it alone);
--   * if pg_trgm lives in another schema (Supabase often uses "extensions"), the later migrations could not
--     resolve public.gin_trgm_ops, so we stop here with a clear message instead of failing halfway.

DO $$
DECLARE
    v_schema name;
BEGIN
    SELECT n.nspname
    INTO v_schema
    FROM pg_catalog.pg_extension AS e
    INNER JOIN pg_catalog.pg_namespace AS n ON e.extnamespace = n.oid
    WHERE e.extname = 'pg_trgm';

    IF v_schema IS NULL THEN
        CREATE EXTENSION pg_trgm WITH SCHEMA public;
        COMMENT ON EXTENSION pg_trgm IS
        'Trigram matching for the name search indexes. Installed by kv2rel migration 0001_enable_pg_trgm.';
    ELSIF v_schema <> 'public' THEN
        RAISE EXCEPTION 'pg_trgm is installed in schema %, but kv2rel expects it in schema public', v_schema
            USING
                ERRCODE = 'KV001',
                HINT = 'Run ALTER EXTENSION pg_trgm SET SCHEMA public, or install it there before migrating.';
    END IF;
END
$$;
