-- Migration: 0002_create_set_updated_at
-- Requires: 0001_enable_pg_trgm
-- Purpose: Create the BEFORE UPDATE trigger function that maintains updated_at without overwriting migrated timestamps.
-- Revert: 0002_create_set_updated_at.revert.sql (drops public.set_updated_at(); nothing to re-derive)
-- Transaction: yes

CREATE FUNCTION public.set_updated_at()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    -- The KV data migration sets kv2rel.preserve_timestamps = 'on' (SET LOCAL) so that migrated rows keep
    -- their source updated_at, also when an idempotent re-run takes the ON CONFLICT DO UPDATE path.
    IF pg_catalog.current_setting('kv2rel.preserve_timestamps', true) = 'on' THEN
        RETURN NEW;
    END IF;

    -- The caller assigned updated_at explicitly: respect it.
    IF NEW.updated_at IS DISTINCT FROM OLD.updated_at THEN
        RETURN NEW;
    END IF;

    NEW.updated_at := pg_catalog.now();
    RETURN NEW;
END;
$$;

COMMENT ON FUNCTION public.set_updated_at() IS
'BEFORE UPDATE row trigger for every kv2rel table with updated_at. Returns NEW unchanged when the setting '
'kv2rel.preserve_timestamps is ''on'' (used by the KV data migration so source timestamps survive re-runs); '
'keeps an updated_at the UPDATE assigned explicitly; otherwise sets updated_at to now().';
