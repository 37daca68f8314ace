-- Bootstrap: 05_migration_pending
-- Purpose: tell the runner (harness or psql bundle) whether a migration file still has to be applied,
--          refusing with SQLSTATE K2001/K2002 when an applied migration's file changed (drift).
-- Idempotent: CREATE OR REPLACE.
-- Revert: never dropped by kv2rel.

CREATE OR REPLACE FUNCTION kv2rel.migration_pending(
    p_version text,
    p_name text,
    p_checksum text
)
RETURNS boolean
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_applied_checksum text;
    v_applied_name text;
BEGIN
    SELECT l.name, l.checksum
      INTO v_applied_name, v_applied_checksum
      FROM kv2rel.migration_ledger AS l
     WHERE l.version = p_version;

    IF NOT FOUND THEN
        RETURN true;
    END IF;

    IF v_applied_name <> p_name THEN
        RAISE EXCEPTION 'drift: migration % was applied as % but the file is now named %',
            p_version, v_applied_name, p_name
            USING ERRCODE = 'K2002',
                  HINT = 'Renaming an applied migration is drift: restore the old name, or revert it first.';
    END IF;

    IF v_applied_checksum <> p_checksum THEN
        RAISE EXCEPTION 'drift: migration % changed since it was applied (ledger sha256 %, file sha256 %)',
            p_name, v_applied_checksum, p_checksum
            USING ERRCODE = 'K2001',
                  HINT = 'Never edit an applied migration: restore the file and add a new migration for the change.';
    END IF;

    RETURN false;
END
$function$;

COMMENT ON FUNCTION kv2rel.migration_pending(text, text, text) IS
'True when migration p_version is not applied yet; false when it is applied with the same name and checksum; '
'raises K2001 (checksum drift) or K2002 (renamed) otherwise.';
