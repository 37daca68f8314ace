-- Function: kv2rel.migrate_start
-- Purpose: plan run p_run_id: insert its kv2rel.runs row, one kv2rel.run_items row per key with the verdict of
--          kv2rel.plan (merged, skipped and plan-quarantined keys get their final outcome and reason code now),
--          the kv2rel.quarantine rows of the plan-quarantined keys, and the batches (kv2rel.run_batches) of the
--          keys to migrate: one entity per batch, entities in kv2rel.migrate_entity_order, keys in byte order,
--          at most p_batch_size keys each. Set-based; called by kv2rel.migrate, kv2rel.migrate_dry_run and
--          kv2rel.retry_quarantined inside their own transaction.
-- Usage (psql): see kv2rel.migrate; SELECT kv2rel.migrate_start(7, 'migrate', 'public.kv_store_6fcaeea3',
--               'production', 5000, false, NULL);
--
-- p_keys limits the run to those keys (retry runs); the plan itself always looks at the whole table, so merge
-- winners and environments are decided exactly as in a full run. Reason codes come from the first problem of
-- the plan's reason (kv2rel.reason_codes.plan_pattern). Returns the run's progress document.

CREATE OR REPLACE FUNCTION kv2rel.migrate_start(
    p_run_id bigint,
    p_kind text,
    p_kv_table regclass,
    p_env text,
    p_batch_size integer,
    p_dry_run boolean,
    p_keys text[]
)
RETURNS jsonb
VOLATILE
SET search_path = pg_catalog, pg_temp
SET jit = off
LANGUAGE plpgsql
AS $function$
DECLARE
    v_envs text[] := kv2rel.known_environments(p_kv_table);
    v_progress jsonb;
    v_counts record;
BEGIN
    INSERT INTO kv2rel.runs (run_id, kind, kv_table, env, batch_size, dry_run, status, progress, fingerprint)
    VALUES (p_run_id, p_kind, p_kv_table::text, p_env, p_batch_size, p_dry_run, 'running',
            jsonb_build_object('phase', 'planning', 'environments', to_jsonb(v_envs)),
            kv2rel.migrate_fingerprint(p_kv_table));

    -- The hash and row version of every KV value as planned (run_items.kv_hash, kv_xmin: the fast
    -- reconciliation's KV side).
    IF to_regclass('pg_temp.kv2rel_plan_kv_hash') IS NOT NULL THEN
        DROP TABLE pg_temp.kv2rel_plan_kv_hash;
    END IF;
    EXECUTE format('CREATE TEMP TABLE kv2rel_plan_kv_hash AS'
                   ' SELECT k.key, jsonb_hash_extended(k.value, 0) AS kv_hash, k.xmin AS kv_xmin FROM %s AS k',
                   p_kv_table);

    WITH p AS MATERIALIZED (
        SELECT pl.*
          FROM kv2rel.plan(p_kv_table, p_env) AS pl
         WHERE p_keys IS NULL OR pl.key = ANY (p_keys)
    ),
    reasons AS (
        SELECT d.entity, d.outcome, d.reason,
               coalesce(
                   (SELECT c.code
                      FROM kv2rel.reason_codes AS c
                     WHERE c.plan_pattern IS NOT NULL
                       AND (c.entity IS NULL OR c.entity = d.entity)
                       AND c.outcome = CASE d.outcome WHEN 'merge' THEN 'merged' WHEN 'skip' THEN 'skipped'
                                                      ELSE 'quarantined' END
                       AND split_part(d.reason, '; ', 1) ~ c.plan_pattern
                     ORDER BY c.priority, c.code
                     LIMIT 1),
                   CASE d.outcome WHEN 'merge' THEN 'duplicate' WHEN 'skip' THEN 'no_target' ELSE 'error' END
               ) AS code
          FROM (SELECT DISTINCT p.entity, p.outcome, p.reason FROM p WHERE p.outcome <> 'migrate') AS d
    ),
    -- Batch numbers for the keys to migrate only (about half the keys): one narrow sort.
    batches AS (
        SELECT x.key,
               dense_rank() OVER (ORDER BY x.ord, x.entity, (x.rn - 1) / p_batch_size) AS batch_no
          FROM (SELECT p.key, p.entity, o.ord,
                       row_number() OVER (PARTITION BY p.entity ORDER BY p.key COLLATE "C") AS rn
                  FROM p
                  LEFT JOIN kv2rel.migrate_entity_order() AS o ON o.entity = p.entity
                 WHERE p.outcome = 'migrate') AS x
    )
    INSERT INTO kv2rel.run_items (
        run_id, key, entity, key_class, environment, generation, rule_name, target_table, legacy_id, target_id,
        planned, outcome, reason_code, message, merged_into, batch_no, kv_hash, kv_xmin
    )
    SELECT p_run_id, b.key, b.entity, b.key_class, b.environment, b.generation, b.rule_name, b.target_table,
           b.legacy_id,
           CASE WHEN b.outcome IN ('migrate', 'merge') THEN b.mapped_id END,
           b.outcome,
           CASE b.outcome WHEN 'merge' THEN 'merged' WHEN 'skip' THEN 'skipped'
                          WHEN 'quarantine' THEN 'quarantined' END,
           r.code,
           -- The skip reasons are fully described by their code and rule: only merges and quarantines keep the
           -- plan's words (the row stays narrow for the million skipped keys of a large store).
           CASE WHEN b.outcome IN ('merge', 'quarantine') THEN b.reason END,
           b.merged_into,
           n.batch_no,
           h.kv_hash,
           h.kv_xmin
      FROM p AS b
      LEFT JOIN batches AS n ON n.key = b.key
      LEFT JOIN pg_temp.kv2rel_plan_kv_hash AS h ON h.key = b.key
      LEFT JOIN reasons AS r
             ON coalesce(r.entity, '') = coalesce(b.entity, '') AND r.outcome = b.outcome AND r.reason = b.reason;

    DROP TABLE pg_temp.kv2rel_plan_kv_hash;

    -- Plan-quarantined keys: the field and value named in the first problem of the reason.
    INSERT INTO kv2rel.quarantine (run_id, key, entity, field, offending_value, reason_code, message)
    SELECT i.run_id, i.key, i.entity,
           coalesce(substring(f.first FROM '^missing required ([a-z_0-9]+)'),
                    substring(f.first FROM '^([a-z_0-9]+) '''),
                    CASE WHEN i.reason_code = 'invalid_id' THEN 'id' END),
           CASE
               WHEN i.reason_code = 'not_an_object' THEN kv2rel.migrate_kv_value(p_kv_table, i.key)
               WHEN i.reason_code = 'invalid_id' THEN to_jsonb(i.legacy_id)
               ELSE to_jsonb(replace(substring(f.first FROM '^[a-z_0-9]+ ''((?:[^'']|'''')*)'''), '''''', ''''))
           END,
           i.reason_code, i.message
      FROM kv2rel.run_items AS i
     CROSS JOIN LATERAL (SELECT split_part(i.message, '; ', 1) AS first) AS f
     WHERE i.run_id = p_run_id AND i.outcome = 'quarantined';

    INSERT INTO kv2rel.run_batches (run_id, batch_no, entity, target_table, first_key, last_key, keys)
    SELECT p_run_id, i.batch_no, min(i.entity), min(i.target_table), min(i.key COLLATE "C"), max(i.key COLLATE "C"),
           count(*)
      FROM kv2rel.run_items AS i
     WHERE i.run_id = p_run_id AND i.batch_no IS NOT NULL
     GROUP BY i.batch_no;

    -- Fresh statistics for the batches' look-ups by (run_id, batch_no): with them the planner maps a batch in
    -- parallel workers (kv2rel.migrate_stage_sql); without them it expects one row per batch.
    ANALYZE kv2rel.run_items;

    SELECT count(*) AS total,
           count(*) FILTER (WHERE i.outcome = 'merged') AS merged,
           count(*) FILTER (WHERE i.outcome = 'skipped') AS skipped,
           count(*) FILTER (WHERE i.outcome = 'quarantined') AS quarantined,
           count(*) FILTER (WHERE i.planned = 'migrate') AS to_migrate,
           max(i.batch_no) AS batches
      INTO v_counts
      FROM kv2rel.run_items AS i
     WHERE i.run_id = p_run_id;
    v_progress := jsonb_build_object(
        'phase', 'batches', 'environments', to_jsonb(v_envs),
        'batches_total', coalesce(v_counts.batches, 0), 'batches_done', 0,
        'keys_total', v_counts.to_migrate, 'keys_done', 0, 'planned_at', clock_timestamp()
    );
    UPDATE kv2rel.runs
       SET total = v_counts.total, merged = v_counts.merged, skipped = v_counts.skipped,
           quarantined = v_counts.quarantined, progress = v_progress, heartbeat_at = clock_timestamp()
     WHERE run_id = p_run_id;
    RAISE NOTICE
        'kv2rel migrate: run % planned: % keys (% to migrate in % batches, % merged, % skipped, % quarantined)',
        p_run_id, v_counts.total, v_counts.to_migrate, coalesce(v_counts.batches, 0), v_counts.merged,
        v_counts.skipped, v_counts.quarantined
        USING DETAIL = (v_progress || jsonb_build_object('run_id', p_run_id, 'total', v_counts.total))::text;
    RETURN v_progress;
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_start(bigint, text, regclass, text, integer, boolean, text[]) IS
'Plan run p_run_id of p_kv_table for environment p_env: runs row, one run_items row per key (plan verdict, final '
'outcome for merged/skipped/plan-quarantined keys), their quarantine rows, and the batches of the keys to migrate.';
