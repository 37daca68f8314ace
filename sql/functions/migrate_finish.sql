-- Function: kv2rel.migrate_finish
-- Purpose: close run p_run_id after its last batch: duplicates whose winning key ended quarantined become
--          quarantined too (winner_quarantined, naming the winner), the counts are recomputed from
--          kv2rel.run_items, the accounting identity total = migrated + merged + quarantined + skipped is
--          checked, the run is marked completed and sealed (kv2rel.seal_run: the sums of its ledger, for the fast
--          reconciliation). Returns kv2rel.run_summary.
-- Usage (psql): called by kv2rel.migrate, kv2rel.migrate_dry_run and kv2rel.retry_quarantined.
-- requires: seal_run

CREATE OR REPLACE FUNCTION kv2rel.migrate_finish(
    p_run_id bigint
)
RETURNS jsonb
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_counts record;
BEGIN
    WITH losers AS (
        UPDATE kv2rel.run_items AS l
           SET outcome = 'quarantined', target_id = NULL, reason_code = 'winner_quarantined',
               message = format('duplicate of %s, which was quarantined (%s)', w.key, w.reason_code)
          FROM kv2rel.run_items AS w
         WHERE l.run_id = p_run_id AND l.outcome = 'merged'
           AND w.run_id = p_run_id AND w.key = l.merged_into AND w.outcome = 'quarantined'
        RETURNING l.run_id, l.key, l.entity, l.message, w.key AS winner
    )
    INSERT INTO kv2rel.quarantine (run_id, key, entity, field, offending_value, reason_code, message)
    SELECT x.run_id, x.key, x.entity, 'id', to_jsonb(x.winner), 'winner_quarantined', x.message FROM losers AS x;

    SELECT count(*) AS total,
           count(*) FILTER (WHERE i.outcome = 'migrated') AS migrated,
           count(*) FILTER (WHERE i.outcome = 'merged') AS merged,
           count(*) FILTER (WHERE i.outcome = 'quarantined') AS quarantined,
           count(*) FILTER (WHERE i.outcome = 'skipped') AS skipped,
           count(*) FILTER (WHERE i.outcome IS NULL) AS pending
      INTO v_counts
      FROM kv2rel.run_items AS i
     WHERE i.run_id = p_run_id;
    IF v_counts.pending > 0 OR v_counts.total <> v_counts.migrated + v_counts.merged + v_counts.quarantined
                                                 + v_counts.skipped THEN
        RAISE EXCEPTION 'run % cannot be completed: % of % keys have no outcome', p_run_id, v_counts.pending,
                        v_counts.total
            USING ERRCODE = 'K2508',
                  HINT = 'Pending batches remain (kv2rel.run_batches); run kv2rel.migrate again to resume.';
    END IF;
    UPDATE kv2rel.runs AS r
       SET total = v_counts.total, migrated = v_counts.migrated, merged = v_counts.merged,
           quarantined = v_counts.quarantined, skipped = v_counts.skipped, status = 'completed',
           finished_at = clock_timestamp(), heartbeat_at = clock_timestamp(), error = NULL,
           progress = r.progress || jsonb_build_object('phase', 'completed', 'finished_at', clock_timestamp())
     WHERE r.run_id = p_run_id;
    -- After the run's last write to its ledger: any later one deletes the seal again.
    PERFORM kv2rel.seal_run(p_run_id);
    RAISE NOTICE 'kv2rel migrate: run % completed: % keys = % migrated + % merged + % quarantined + % skipped',
        p_run_id, v_counts.total, v_counts.migrated, v_counts.merged, v_counts.quarantined, v_counts.skipped;
    RETURN kv2rel.run_summary(p_run_id);
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_finish(bigint) IS
'Complete run p_run_id: quarantine duplicates of quarantined winners, recount outcomes from run_items, check the '
'accounting identity (K2508 when keys are still pending), mark it completed, seal it (kv2rel.seal_run) and '
'return its summary.';
