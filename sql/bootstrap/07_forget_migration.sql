-- Bootstrap: 07_forget_migration
-- Purpose: remove the ledger row of a migration, inside the transaction that runs its revert file.
-- Idempotent: CREATE OR REPLACE.
-- Revert: never dropped by kv2rel.

CREATE OR REPLACE FUNCTION kv2rel.forget_migration(
    p_version text,
    p_checksum text
)
RETURNS kv2rel.migration_ledger
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_row kv2rel.migration_ledger;
BEGIN
    DELETE FROM kv2rel.migration_ledger AS l
     WHERE l.version = p_version
    RETURNING l.* INTO v_row;

    IF NOT FOUND THEN
        RAISE EXCEPTION 'migration % is not applied; nothing to revert', p_version
            USING ERRCODE = 'K2005',
                  HINT = 'Run kv2rel status to see what is applied.';
    END IF;

    IF v_row.checksum <> p_checksum THEN
        RAISE EXCEPTION 'drift: migration % changed since it was applied (ledger sha256 %, file sha256 %)',
            v_row.name, v_row.checksum, p_checksum
            USING ERRCODE = 'K2001',
                  HINT = 'Its revert file may not match what was applied; restore the original file first.';
    END IF;

    RETURN v_row;
END
$function$;

COMMENT ON FUNCTION kv2rel.forget_migration(text, text) IS
'Delete the ledger row of a reverted migration; raises K2005 when it is not applied and K2001 on drift.';
