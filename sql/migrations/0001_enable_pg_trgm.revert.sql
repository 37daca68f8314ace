-- Revert: 0001_enable_pg_trgm
-- Drops pg_trgm only if migration 0001 installed it (its comment carries the kv2rel marker).
-- An extension that existed before kv2rel is left untouched. No CASCADE: if anything outside kv2rel
-- still uses pg_trgm, the revert fails instead of silently dropping that object.

DO $$
BEGIN
    IF EXISTS (
        SELECT 1
        FROM pg_catalog.pg_extension AS e
        WHERE
            e.extname = 'pg_trgm'
            AND pg_catalog.obj_description(e.oid, 'pg_extension') LIKE '%Installed by kv2rel migration 0001%'
    ) THEN
        DROP EXTENSION pg_trgm;
    END IF;
END
$$;
