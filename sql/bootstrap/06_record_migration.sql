-- Bootstrap: 06_record_migration
-- Purpose: write the ledger row of a migration, inside the migration's own transaction.
-- Idempotent: CREATE OR REPLACE.
-- Revert: never dropped by kv2rel.

CREATE OR REPLACE FUNCTION kv2rel.record_migration(
    p_version text,
    p_name text,
    p_checksum text,
    p_description text DEFAULT ''
)
RETURNS kv2rel.migration_ledger
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_row kv2rel.migration_ledger;
BEGIN
    INSERT INTO kv2rel.migration_ledger AS l (
        version, name, description, checksum, applied_at, applied_by, applied_via, duration
    )
    VALUES (
        p_version,
        p_name,
        coalesce(p_description, ''),
        p_checksum,
        now(),
        session_user,
        coalesce(current_setting('application_name', true), ''),
        clock_timestamp() - now()
    )
    RETURNING l.* INTO v_row;
    RETURN v_row;
EXCEPTION
    WHEN unique_violation THEN
        RAISE EXCEPTION 'migration % is already recorded in kv2rel.migration_ledger', p_name
            USING ERRCODE = 'K2003',
                  HINT = 'Call kv2rel.migration_pending() first; another session may have applied it.';
END
$function$;

COMMENT ON FUNCTION kv2rel.record_migration(text, text, text, text) IS
'Insert the ledger row of a migration (applied_at = transaction start, duration = time spent so far in it). '
'Call it as the last statement of the migration transaction.';
