-- Migration: 0027_enable_pgcrypto
-- Requires: 0026_create_settings
-- Purpose: Install pgcrypto when it is available and absent, so bulk legacy-id hashing runs at C speed.
-- Revert: 0027_enable_pgcrypto.revert.sql (drops pgcrypto only if this migration installed it)
-- Transaction: yes
--
-- kv2rel.legacy_uuid is a name-based UUID v5 and needs SHA-1, which core PostgreSQL lacks. kv2rel.sha1 computes
-- it in PL/pgSQL (about 50 us per call); when pgcrypto's digest() exists in any schema, kv2rel.legacy_uuid_sql
-- emits it instead (about 1 us), with the same result. pgcrypto is optional: if it is not available (no contrib
-- package) this migration only says so, and everything still works, more slowly. If pgcrypto is already
-- installed (Supabase keeps it in schema extensions) nothing is changed.

DO $$
DECLARE
    v_schema name;
BEGIN
    SELECT n.nspname
    INTO v_schema
    FROM pg_catalog.pg_extension AS e
    INNER JOIN pg_catalog.pg_namespace AS n ON e.extnamespace = n.oid
    WHERE e.extname = 'pgcrypto';

    IF v_schema IS NULL THEN
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'pgcrypto') THEN
            CREATE EXTENSION pgcrypto WITH SCHEMA public;
            COMMENT ON EXTENSION pgcrypto IS
            'Cryptographic functions; digest() speeds up kv2rel legacy-id hashing. '
            'Installed by kv2rel migration 0027_enable_pgcrypto.';
        ELSE
            RAISE NOTICE 'pgcrypto is not available: kv2rel computes SHA-1 in PL/pgSQL (slower, same UUIDs)';
        END IF;
    END IF;
END
$$;
