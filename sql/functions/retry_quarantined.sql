-- Function: kv2rel.retry_quarantined
-- Purpose: re-drive quarantined keys after a DBA fixed the KV row or a rule: a new run (kind retry) over the
--          unresolved kv2rel.quarantine keys (optionally of one run, of some keys, or of one reason code) that
--          plans them with the current data and rules and migrates those that now pass. The earlier quarantine
--          rows get retried_at and retry_run_id, and resolved_at when the key is no longer quarantined. Returns
--          the retry run's kv2rel.run_summary plus keys_retried, keys_resolved and keys_missing (keys no longer
--          in the KV table).
-- Usage (psql): SELECT jsonb_pretty(kv2rel.retry_quarantined());                   -- everything unresolved
--               SELECT kv2rel.retry_quarantined(p_run_id => 3, p_reason_code => 'orphan_site');
--               SELECT kv2rel.retry_quarantined(p_keys => ARRAY['site:production:site-1']);
--
-- One transaction (quarantined keys are few): no per-batch commits, so it is not resumable; just call it
-- again. Holds the migration lock (K2502 when a migration is running). Keys of several tables or environments
-- need p_run_id (K2504).

CREATE OR REPLACE FUNCTION kv2rel.retry_quarantined(
    p_run_id bigint DEFAULT NULL,
    p_keys text[] DEFAULT NULL,
    p_reason_code text DEFAULT NULL,
    p_batch_size integer DEFAULT 5000
)
RETURNS jsonb
VOLATILE
SET search_path = pg_catalog, pg_temp
SET jit = off
LANGUAGE plpgsql
AS $function$
DECLARE
    v_keys text[];
    v_tables text[];
    v_envs text[];
    v_table regclass;
    v_run bigint;
    v_batch integer;
    v_summary jsonb;
    v_resolved bigint;
    v_missing bigint;
BEGIN
    PERFORM kv2rel.migrate_lock(FALSE);
    SELECT array_agg(DISTINCT q.key), array_agg(DISTINCT r.kv_table), array_agg(DISTINCT r.env)
      INTO v_keys, v_tables, v_envs
      FROM kv2rel.quarantine AS q
      JOIN kv2rel.runs AS r ON r.run_id = q.run_id
     WHERE q.resolved_at IS NULL AND r.status <> 'rolled_back' AND NOT r.dry_run
       AND (p_run_id IS NULL OR q.run_id = p_run_id)
       AND (p_keys IS NULL OR q.key = ANY (p_keys))
       AND (p_reason_code IS NULL OR q.reason_code = p_reason_code);
    IF v_keys IS NULL THEN
        RAISE NOTICE 'kv2rel retry: no unresolved quarantined keys match';
        RETURN jsonb_build_object('run_id', NULL, 'keys_retried', 0, 'keys_resolved', 0, 'keys_missing', 0);
    END IF;
    IF cardinality(v_tables) > 1 OR cardinality(v_envs) > 1 THEN
        RAISE EXCEPTION 'quarantined keys come from several KV tables or environments (%; %)',
                        array_to_string(v_tables, ', '), array_to_string(v_envs, ', ')
            USING ERRCODE = 'K2504',
                  HINT = 'Retry one run at a time: kv2rel.retry_quarantined(p_run_id => ...).';
    END IF;
    v_table := kv2rel.migrate_check_params(v_tables[1], v_envs[1], p_batch_size);
    PERFORM kv2rel.migrate_reset();
    SELECT coalesce(max(r.run_id), 0) + 1 INTO v_run FROM kv2rel.runs AS r;
    PERFORM kv2rel.migrate_start(v_run, 'retry', v_table, v_envs[1], p_batch_size, FALSE, v_keys);
    FOR v_batch IN SELECT b.batch_no FROM kv2rel.run_batches AS b WHERE b.run_id = v_run ORDER BY b.batch_no LOOP
        PERFORM kv2rel.migrate_batch(v_run, v_batch);
    END LOOP;
    v_summary := kv2rel.migrate_finish(v_run);

    UPDATE kv2rel.quarantine AS q
       SET retried_at = now(), retry_run_id = v_run,
           resolved_at = CASE WHEN i.outcome IS DISTINCT FROM 'quarantined' AND i.key IS NOT NULL THEN now() END
      FROM (SELECT k.key, it.outcome FROM unnest(v_keys) AS k (key)
              LEFT JOIN kv2rel.run_items AS it ON it.run_id = v_run AND it.key = k.key) AS i
     WHERE q.key = i.key AND q.resolved_at IS NULL AND q.run_id <> v_run
       AND (p_run_id IS NULL OR q.run_id = p_run_id);
    SELECT count(*) FILTER (WHERE it.outcome IS DISTINCT FROM 'quarantined' AND it.key IS NOT NULL),
           count(*) FILTER (WHERE it.key IS NULL)
      INTO v_resolved, v_missing
      FROM unnest(v_keys) AS k (key)
      LEFT JOIN kv2rel.run_items AS it ON it.run_id = v_run AND it.key = k.key;
    RETURN v_summary || jsonb_build_object('keys_retried', cardinality(v_keys), 'keys_resolved', v_resolved,
                                           'keys_missing', v_missing);
END
$function$;

COMMENT ON FUNCTION kv2rel.retry_quarantined(bigint, text[], text, integer) IS
'Re-drive unresolved quarantined keys (optionally of run p_run_id, keys p_keys, reason p_reason_code) in a new '
'retry run with the current data and rules; stamps retried_at/resolved_at; returns the run summary.';
