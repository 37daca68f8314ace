-- Function: kv2rel.run_summary
-- Purpose: the account of one run as a JSON document: parameters, state, totals per outcome (and whether
--          total = migrated + merged + quarantined + skipped holds), the same per entity, the reason codes per
--          outcome, the write actions and the batches. What `kv2rel migrate` prints (text or --format json).
-- Usage (psql): SELECT jsonb_pretty(kv2rel.run_summary(7));
--
-- Counted from kv2rel.run_items, the per-key record, not from the runs row's counters.

CREATE OR REPLACE FUNCTION kv2rel.run_summary(
    p_run_id bigint
)
RETURNS jsonb
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run kv2rel.runs;
    v_totals jsonb;
    v_entities jsonb;
    v_reasons jsonb;
    v_batches jsonb;
BEGIN
    SELECT r.* INTO v_run FROM kv2rel.runs AS r WHERE r.run_id = p_run_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no run %', coalesce(p_run_id::text, 'NULL')
            USING ERRCODE = 'K2507', HINT = 'Runs are listed in kv2rel.runs.';
    END IF;
    SELECT jsonb_build_object(
               'total', count(*),
               'migrated', count(*) FILTER (WHERE i.outcome = 'migrated'),
               'merged', count(*) FILTER (WHERE i.outcome = 'merged'),
               'quarantined', count(*) FILTER (WHERE i.outcome = 'quarantined'),
               'skipped', count(*) FILTER (WHERE i.outcome = 'skipped'),
               'pending', count(*) FILTER (WHERE i.outcome IS NULL),
               'inserted', count(*) FILTER (WHERE i.action = 'inserted'),
               'updated', count(*) FILTER (WHERE i.action = 'updated'),
               'unchanged', count(*) FILTER (WHERE i.action = 'unchanged')
           )
      INTO v_totals
      FROM kv2rel.run_items AS i
     WHERE i.run_id = p_run_id;
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'entity', e.entity, 'target_table', e.target_table, 'total', e.total, 'migrated', e.migrated,
               'merged', e.merged, 'quarantined', e.quarantined, 'skipped', e.skipped
           ) ORDER BY e.entity), '[]')
      INTO v_entities
      FROM (SELECT coalesce(i.entity, '(unknown)') AS entity, min(i.target_table) AS target_table, count(*) AS total,
                   count(*) FILTER (WHERE i.outcome = 'migrated') AS migrated,
                   count(*) FILTER (WHERE i.outcome = 'merged') AS merged,
                   count(*) FILTER (WHERE i.outcome = 'quarantined') AS quarantined,
                   count(*) FILTER (WHERE i.outcome = 'skipped') AS skipped
              FROM kv2rel.run_items AS i
             WHERE i.run_id = p_run_id
             GROUP BY 1) AS e;
    SELECT coalesce(jsonb_agg(jsonb_build_object('outcome', x.outcome, 'reason', x.reason_code, 'keys', x.n)
                              ORDER BY x.outcome, x.n DESC, x.reason_code), '[]')
      INTO v_reasons
      FROM (SELECT i.outcome, i.reason_code, count(*) AS n
              FROM kv2rel.run_items AS i
             WHERE i.run_id = p_run_id AND i.reason_code IS NOT NULL
             GROUP BY 1, 2) AS x;
    SELECT jsonb_build_object('total', count(*), 'done', count(*) FILTER (WHERE b.status = 'done'),
                              'row_by_row', count(*) FILTER (WHERE b.row_by_row))
      INTO v_batches
      FROM kv2rel.run_batches AS b
     WHERE b.run_id = p_run_id;
    RETURN jsonb_build_object(
        'run_id', v_run.run_id, 'kind', v_run.kind, 'kv_table', v_run.kv_table, 'env', v_run.env,
        'batch_size', v_run.batch_size, 'dry_run', v_run.dry_run, 'status', v_run.status,
        'attempts', v_run.attempts, 'started_at', v_run.started_at, 'finished_at', v_run.finished_at,
        'seconds',
        round(extract(epoch FROM coalesce(v_run.finished_at, clock_timestamp()) - v_run.started_at)::numeric, 3),
        'totals', v_totals,
        'identity_holds', (v_totals ->> 'total')::bigint = (v_totals ->> 'migrated')::bigint
                          + (v_totals ->> 'merged')::bigint + (v_totals ->> 'quarantined')::bigint
                          + (v_totals ->> 'skipped')::bigint,
        'entities', v_entities, 'reasons', v_reasons, 'batches', v_batches
    );
END
$function$;

COMMENT ON FUNCTION kv2rel.run_summary(bigint) IS
'Account of run p_run_id as JSON: parameters, status, totals per outcome and whether the accounting identity '
'holds, per-entity totals, reason codes, write actions and batches (counted from kv2rel.run_items).';
