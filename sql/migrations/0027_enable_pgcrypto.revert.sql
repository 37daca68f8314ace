-- Revert: 0027_enable_pgcrypto
-- Drops pgcrypto only when 0027 installed it (recognised by its comment); an extension somebody else installed
-- is left alone.

DO $$
BEGIN
    IF EXISTS (
        SELECT 1
        FROM pg_catalog.pg_extension AS e
        WHERE
            e.extname = 'pgcrypto'
            AND pg_catalog.obj_description(e.oid, 'pg_extension') LIKE '%Installed by kv2rel migration 0027%'
    ) THEN
        DROP EXTENSION pgcrypto;
    END IF;
END
$$;
