-- Procedure: kv2rel.migrate
-- Purpose: migrate a KV table into the relational tables for one environment, set-based and in batches committed
--          as it goes; every key gets exactly one outcome (kv2rel.outcomes), quarantined records never stop the
--          run, a killed run resumes where it stopped, and a second run changes nothing (docs/migration.md).
-- Usage (psql, autocommit: the procedure commits):
--   CALL kv2rel.migrate();                                                    -- setting kv_table, production
--   CALL kv2rel.migrate('public.kv_store_6fcaeea3', 'development', 2000);
--   CALL kv2rel.migrate(p_dry_run => true);                                  -- compute everything, change nothing
--
-- Steps: validate the parameters (kv2rel.migrate_check_params); take the migration lock (K2502 if another
-- migration holds it); resume the unfinished run of this table and environment, or plan a new one
-- (kv2rel.migrate_start) and COMMIT; then kv2rel.migrate_batch and COMMIT for each pending batch, in order;
-- finally kv2rel.migrate_finish (accounting identity, status completed) and COMMIT. p_run_id and p_summary
-- return the run and its kv2rel.run_summary. A dry run (kv2rel.migrate_dry_run) returns the summary of a run it
-- rolled back, and p_run_id NULL.
--
-- Batches commit with synchronous_commit = off (transaction-local): a crash may lose the last batches' commits,
-- which only leaves those batches pending for the resumed run; planning and the final commit wait for the flush.
--
-- A procedure that commits cannot have a SET clause, so the search_path is pinned with set_config(..., true) at
-- the start of every transaction instead; every name is schema-qualified anyway.

CREATE OR REPLACE PROCEDURE kv2rel.migrate(
    p_kv_table text DEFAULT NULL,
    p_env text DEFAULT 'production',
    p_batch_size integer DEFAULT 5000,
    p_dry_run boolean DEFAULT FALSE,
    INOUT p_run_id bigint DEFAULT NULL,
    INOUT p_summary jsonb DEFAULT NULL
)
LANGUAGE plpgsql
AS $procedure$
DECLARE
    v_table regclass;
    v_batch integer;
    v_locked boolean;
    v_done integer;
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', TRUE);
    v_table := kv2rel.migrate_check_params(p_kv_table, p_env, p_batch_size);
    IF p_dry_run THEN
        p_run_id := NULL;
        p_summary := kv2rel.migrate_dry_run(v_table, p_env, p_batch_size);
        RETURN;
    END IF;
    v_locked := kv2rel.migrate_lock(TRUE);
    PERFORM kv2rel.migrate_reset();
    SELECT r.run_id INTO p_run_id
      FROM kv2rel.runs AS r
     WHERE r.kv_table = v_table::text AND r.env = p_env AND r.kind = 'migrate' AND r.status IN ('running', 'failed')
     ORDER BY r.run_id DESC
     LIMIT 1;
    IF p_run_id IS NOT NULL THEN
        UPDATE kv2rel.runs AS r
           SET attempts = r.attempts + 1, status = 'running', backend_pid = pg_backend_pid(), error = NULL,
               heartbeat_at = clock_timestamp(),
               progress = r.progress || jsonb_build_object('resumed_at', clock_timestamp())
         WHERE r.run_id = p_run_id;
        SELECT count(*) INTO v_done FROM kv2rel.run_batches AS b WHERE b.run_id = p_run_id AND b.status = 'done';
        RAISE NOTICE 'kv2rel migrate: resuming run % after % committed batches', p_run_id, v_done;
    ELSE
        SELECT coalesce(max(r.run_id), 0) + 1 INTO p_run_id FROM kv2rel.runs AS r;
        PERFORM kv2rel.migrate_start(p_run_id, 'migrate', v_table, p_env, p_batch_size, FALSE, NULL);
    END IF;
    COMMIT;
    LOOP
        PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', TRUE);
        SELECT min(b.batch_no) INTO v_batch
          FROM kv2rel.run_batches AS b
         WHERE b.run_id = p_run_id AND b.status = 'pending';
        EXIT WHEN v_batch IS NULL;
        -- A batch commit need not wait for its WAL flush: a batch lost in a crash is still pending and the
        -- resumed run does it again (the same rows, the same outcomes). The final commit below is durable.
        PERFORM pg_catalog.set_config('synchronous_commit', 'off', TRUE);
        PERFORM kv2rel.migrate_batch(p_run_id, v_batch);
        COMMIT;
    END LOOP;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', TRUE);
    p_summary := kv2rel.migrate_finish(p_run_id);
    COMMIT;
    IF v_locked THEN
        PERFORM pg_catalog.pg_advisory_unlock(1802908274, 2);
    END IF;
END
$procedure$;

COMMENT ON PROCEDURE kv2rel.migrate(text, text, integer, boolean, bigint, jsonb) IS  -- noqa: LT01
'Migrate KV table p_kv_table (default: setting kv_table) for environment p_env in batches of p_batch_size keys, '
'committing each batch; resumes an unfinished run; p_dry_run computes everything and changes nothing. Returns the '
'run id and kv2rel.run_summary. Errors: K2501 batch size, K2502 another migration running, K2503 environment, '
'K2505 another environment in this database, K2201/K2202 KV table.';
