-- Function: kv2rel.migrate_lock
-- Purpose: take the data-migration advisory lock (1802908274, 2), so two migrations never run at once, or fail
--          at once with K2502 naming the backend (and run) that holds it. p_session: a session lock, held across
--          the batch commits of kv2rel.migrate (released by it, or when the connection ends); otherwise a
--          transaction lock (dry runs and retries run in one transaction). Returns TRUE when this call took the
--          lock, FALSE when this session already held it.
-- Usage (psql): SELECT kv2rel.migrate_lock(false);

CREATE OR REPLACE FUNCTION kv2rel.migrate_lock(
    p_session boolean
)
RETURNS boolean
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    c_class CONSTANT integer := 1802908274;  -- 'kv2r', as harness/db.py LOCK_CLASS
    c_object CONSTANT integer := 2;          -- data migration (1 is apply/revert)
    v_pid integer;
    v_run record;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_locks AS l
                WHERE l.locktype = 'advisory' AND l.classid = c_class AND l.objid = c_object AND l.objsubid = 2
                  AND l.pid = pg_backend_pid() AND l.granted) THEN
        RETURN FALSE;
    END IF;
    IF (p_session AND pg_try_advisory_lock(c_class, c_object))
       OR (NOT p_session AND pg_try_advisory_xact_lock(c_class, c_object)) THEN
        RETURN TRUE;
    END IF;
    SELECT l.pid INTO v_pid
      FROM pg_catalog.pg_locks AS l
     WHERE l.locktype = 'advisory' AND l.classid = c_class AND l.objid = c_object AND l.objsubid = 2 AND l.granted
     LIMIT 1;
    SELECT r.run_id, r.started_at INTO v_run
      FROM kv2rel.runs AS r
     WHERE r.backend_pid = v_pid AND r.status = 'running'
     ORDER BY r.run_id DESC
     LIMIT 1;
    RAISE EXCEPTION '%', format('another migration is running on this database (backend pid %s%s)',
                                coalesce(v_pid::text, '?'),
                                CASE WHEN v_run.run_id IS NOT NULL
                                     THEN format(', run %s since %s', v_run.run_id, v_run.started_at) ELSE '' END)
        USING ERRCODE = 'K2502',
              HINT = 'Wait for it to finish (kv2rel.runs shows its progress); only one migration runs at a time.';
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_lock(boolean) IS
'Take the data-migration advisory lock (1802908274, 2) as a session (p_session) or transaction lock; K2502 naming '
'the holder when another migration has it; FALSE when this session already held it.';
