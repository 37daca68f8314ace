-- View: public.schema_versions
-- Purpose: the seed's schema_versions table, derived from the kv2rel migration ledger so it can never
--          disagree with what is applied (one row per applied migration).
-- Usage (psql): SELECT * FROM public.schema_versions ORDER BY version;

CREATE OR REPLACE VIEW public.schema_versions
WITH (security_invoker = true) AS
SELECT
    l.version::integer AS version,
    l.name,
    l.description,
    l.applied_at
FROM kv2rel.migration_ledger AS l;

COMMENT ON VIEW public.schema_versions IS
'Applied schema versions (SCHEMA_DESIGN''s schema_versions), read from kv2rel.migration_ledger.';
COMMENT ON COLUMN public.schema_versions.version IS 'Migration version as a number (NNNN).';
COMMENT ON COLUMN public.schema_versions.name IS 'Migration file name without .sql.';
COMMENT ON COLUMN public.schema_versions.description IS 'The migration''s "-- Purpose:" header line.';
COMMENT ON COLUMN public.schema_versions.applied_at IS 'When the migration was applied.';
