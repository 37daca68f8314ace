-- Function: kv2rel.migrate_dry_run
-- Purpose: a complete migration of p_kv_table for p_env that is rolled back at the end: every outcome, reason and
--          constraint decision is computed exactly as a real run would (the rows are really written, checked by
--          the database, and then undone), and the summary (kv2rel.run_summary, dry_run true) is returned. The
--          database is left exactly as it was: no runs row, no target row, no sequence moved (run ids are not
--          taken from a sequence). Holds the migration lock (transaction lock) while it works.
-- Usage (psql): SELECT jsonb_pretty(kv2rel.migrate_dry_run('public.kv_store_6fcaeea3', 'production', 5000));
--
-- It runs in one transaction (a savepoint it rolls back), so unlike kv2rel.migrate it does not commit per batch.

CREATE OR REPLACE FUNCTION kv2rel.migrate_dry_run(
    p_kv_table regclass,
    p_env text,
    p_batch_size integer
)
RETURNS jsonb
VOLATILE
SET search_path = pg_catalog, pg_temp
SET jit = off
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run bigint;
    v_batch integer;
    v_summary jsonb;
BEGIN
    PERFORM kv2rel.migrate_check_params(p_kv_table::text, p_env, p_batch_size);
    PERFORM kv2rel.migrate_lock(FALSE);
    BEGIN
        PERFORM kv2rel.migrate_reset();
        SELECT coalesce(max(r.run_id), 0) + 1 INTO v_run FROM kv2rel.runs AS r;
        PERFORM kv2rel.migrate_start(v_run, 'migrate', p_kv_table, p_env, p_batch_size, TRUE, NULL);
        FOR v_batch IN SELECT b.batch_no FROM kv2rel.run_batches AS b WHERE b.run_id = v_run ORDER BY b.batch_no LOOP
            PERFORM kv2rel.migrate_batch(v_run, v_batch);
        END LOOP;
        v_summary := kv2rel.migrate_finish(v_run);
        RAISE EXCEPTION 'dry run rolled back' USING ERRCODE = 'K2599';
    EXCEPTION
        WHEN SQLSTATE 'K2599' THEN
            NULL;  -- everything above is undone; v_summary survives in this variable
    END;
    RAISE NOTICE 'kv2rel migrate: dry run of % (%): nothing was changed', p_kv_table, p_env;
    RETURN v_summary;
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_dry_run(regclass, text, integer) IS
'Run the whole migration of p_kv_table for p_env inside a savepoint, return its summary (dry_run true) and roll '
'everything back: the database is left exactly as it was.';
