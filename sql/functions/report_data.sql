-- Function: kv2rel.report_data
-- Purpose: everything kv2rel report writes into MIGRATION_TEST_RESULTS.md/.json, as one jsonb document computed
--          here (the harness only renders it): environment, the latest completed migrate run's summary and
--          accounting, per-entity counts, orphan checks (target and KV side), full reconciliation, sample
--          comparisons, index usage, table statistics, quarantine summary by reason, every kv2rel verify
--          assertion, and a verdict per success criterion of the seed's Day 4 list
--          (../shared/seeds/004_*.txt, "Success Criteria"), each mapped to the checks that decide it.
-- Usage (psql): SELECT jsonb_pretty(kv2rel.report_data());
--               SELECT c ->> 'criterion', c ->> 'verdict'
--                 FROM jsonb_array_elements(kv2rel.report_data() -> 'criteria') AS c;
-- requires: setting, run_checks, reconcile_run, check_run_accounting, check_counts, check_kv_orphans, reconcile
-- requires: reconcile_diff, sample_compare, run_summary, check_orphans, check_index_usage
-- requires: check_unindexed_foreign_keys, get_migration_stats, analyze_table_stats
--
-- p_manifest: passed on to kv2rel.run_checks (the ledger-versus-files assertions need it); p_sample_per_entity
-- and p_seed: kv2rel.sample_compare (K2705 outside 1 to 1000). Verdicts: pass, fail, or not_judged (this
-- database cannot decide it: query speed, manual tests; or there is no completed run). summary.verdict is fail
-- when any criterion fails, else pass; not_judged criteria are counted apart and never turn into a pass.
-- Cost: the reconciliation (the hash chain of kv2rel.reconcile, method hash; deep only when the rules changed since
-- the run) runs twice (kv2rel verify's assertion and the per-entity table), plus the sampled batches once more.

CREATE OR REPLACE FUNCTION kv2rel.report_data(
    p_manifest jsonb DEFAULT NULL,
    p_sample_per_entity integer DEFAULT 3,
    p_seed bigint DEFAULT 1
)
RETURNS jsonb
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run bigint := kv2rel.reconcile_run(NULL);
    v_r kv2rel.runs;
    v_doc jsonb := '{}';
    v_checks jsonb;
    v_accounting jsonb;
    v_reconcile jsonb;
    v_samples jsonb;
    v_views jsonb := '[]';
    v_view record;
    v_n bigint;
    v_crit jsonb := '[]';
    v_minutes numeric;
    v_fk_bad text[];
    v_target_orphans bigint;
    v_kv_orphans bigint;
    v_max_dead numeric;
BEGIN
    IF p_sample_per_entity IS NULL OR p_sample_per_entity < 1 OR p_sample_per_entity > 1000 THEN
        RAISE EXCEPTION 'sample size % per entity is out of range', coalesce(p_sample_per_entity::text, 'NULL')
            USING ERRCODE = 'K2705', HINT = 'Give the records to show per entity, 1 to 1000.';
    END IF;
    IF v_run IS NOT NULL THEN
        SELECT r.* INTO v_r FROM kv2rel.runs AS r WHERE r.run_id = v_run;
        v_minutes := round(extract(epoch FROM v_r.finished_at - v_r.started_at)::numeric / 60, 3);
    END IF;

    -- Environment
    v_doc := v_doc || jsonb_build_object('environment', jsonb_build_object(
        'server_version', current_setting('server_version'),
        'server', version(),
        'database', current_database(),
        'user', current_user,
        'kv_table', coalesce(v_r.kv_table, kv2rel.setting('kv_table')),
        'generated_at', now(),
        'run_id', v_run
    ));

    -- Every kv2rel verify assertion
    SELECT coalesce(jsonb_agg(jsonb_build_object('check', c.check_name, 'ok', c.ok, 'description', c.description,
                                                 'diagnostics', CASE WHEN NOT c.ok THEN c.diagnostics END)
                              ORDER BY c.n), '[]')
      INTO v_checks
      FROM (SELECT row_number() OVER () AS n, r.* FROM kv2rel.run_checks(p_manifest) AS r) AS c;
    v_doc := v_doc || jsonb_build_object('checks', v_checks);

    -- Run summary, accounting, counts
    IF v_run IS NOT NULL THEN
        SELECT to_jsonb(a.*) INTO v_accounting FROM kv2rel.check_run_accounting(v_run) AS a;
        v_doc := v_doc || jsonb_build_object(
            'run', kv2rel.run_summary(v_run) || jsonb_build_object('duration_minutes', v_minutes),
            'accounting', v_accounting,
            'counts', (SELECT coalesce(jsonb_agg(to_jsonb(c.*) ORDER BY c.entity), '[]')
                         FROM kv2rel.check_counts(v_run) AS c)
        );
    ELSE
        v_doc := v_doc || jsonb_build_object('run', NULL, 'accounting', NULL, 'counts', '[]'::jsonb);
    END IF;

    -- Orphans: target side per foreign key, KV side per foreign key
    SELECT coalesce(sum(o.orphan_count), 0) INTO v_target_orphans FROM kv2rel.check_orphans() AS o;
    SELECT coalesce(sum(k.orphan_count), 0) INTO v_kv_orphans FROM kv2rel.check_kv_orphans(v_run) AS k;
    v_doc := v_doc || jsonb_build_object('orphans', jsonb_build_object(
        'target', (SELECT coalesce(jsonb_agg(to_jsonb(o.*) ORDER BY o.relationship), '[]')
                     FROM kv2rel.check_orphans() AS o),
        'kv', (SELECT coalesce(jsonb_agg(to_jsonb(k.*) - 'sample_ids' ORDER BY k.relationship), '[]')
                 FROM kv2rel.check_kv_orphans(v_run) AS k),
        'target_orphans', v_target_orphans,
        'kv_orphans', v_kv_orphans
    ));

    -- Reconciliation (and the first differences, when there are any)
    SELECT coalesce(jsonb_agg(to_jsonb(r.*) ORDER BY r.entity, r.target_table), '[]')
      INTO v_reconcile
      FROM kv2rel.reconcile(v_run) AS r;
    v_doc := v_doc || jsonb_build_object('reconciliation', jsonb_build_object(
        'method', (SELECT string_agg(DISTINCT e ->> 'method', ', ') FROM jsonb_array_elements(v_reconcile) AS e),
        'entities', v_reconcile,
        'differences', CASE
            WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(v_reconcile) AS e
                          WHERE (e ->> 'consistency_pct')::numeric < 100)
                THEN (SELECT coalesce(jsonb_agg(to_jsonb(d.*) - 'expected' - 'actual'), '[]')
                        FROM kv2rel.reconcile_diff(NULL, 50, v_run) AS d)
            ELSE '[]'::jsonb END
    ));

    -- Samples
    SELECT coalesce(jsonb_agg(to_jsonb(s.*)), '[]') INTO v_samples
      FROM kv2rel.sample_compare(p_sample_per_entity, p_seed, v_run) AS s;
    v_doc := v_doc || jsonb_build_object('samples', v_samples);

    -- Index usage, table statistics
    v_doc := v_doc || jsonb_build_object(
        'index_usage', (SELECT coalesce(jsonb_agg(to_jsonb(i.*) ORDER BY i.table_name, i.index_name), '[]')
                          FROM kv2rel.check_index_usage() AS i),
        'unindexed_foreign_keys', (SELECT coalesce(jsonb_agg(to_jsonb(u.*)), '[]')
                                     FROM kv2rel.check_unindexed_foreign_keys() AS u),
        'table_stats', (SELECT coalesce(jsonb_agg(to_jsonb(g.*) || (to_jsonb(a.*) - 'table_name')
                                                  ORDER BY g.table_name), '[]')
                          FROM kv2rel.get_migration_stats() AS g
                          LEFT JOIN kv2rel.analyze_table_stats() AS a ON a.table_name = g.table_name)
    );
    -- Healthy: at most 20 % dead tuples in every table of 100 tuples or more (tinier tables are noise).
    SELECT max(a.estimated_bloat_ratio) INTO v_max_dead
      FROM kv2rel.analyze_table_stats() AS a
     WHERE a.live_rows + a.dead_rows >= 100;

    -- Quarantine by reason
    v_doc := v_doc || jsonb_build_object('quarantine', (
        SELECT coalesce(jsonb_agg(jsonb_build_object('reason', q.reason_code, 'keys', q.keys, 'entities', q.entities,
                                                     'sample_key', q.sample_key, 'sample_message', q.sample_message,
                                                     'description', rc.description)
                                  ORDER BY q.keys DESC, q.reason_code), '[]')
          FROM (SELECT q.reason_code, count(*) AS keys, array_agg(DISTINCT q.entity) AS entities,
                       min(q.key COLLATE "C") AS sample_key,
                       (array_agg(q.message ORDER BY q.key COLLATE "C"))[1] AS sample_message
                  FROM kv2rel.quarantine AS q
                 WHERE q.run_id = v_run
                 GROUP BY q.reason_code) AS q
          LEFT JOIN kv2rel.reason_codes AS rc ON rc.code = q.reason_code
    ));

    -- Views: each one answers
    FOR v_view IN SELECT c.oid::regclass::text AS name FROM pg_catalog.pg_class AS c
                   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('v', 'm') ORDER BY 1 LOOP
        BEGIN
            EXECUTE format('SELECT count(*) FROM %s', v_view.name) INTO v_n;
            v_views := v_views || jsonb_build_object('view', v_view.name, 'ok', TRUE, 'rows', v_n);
        EXCEPTION
            WHEN OTHERS THEN
                v_views := v_views || jsonb_build_object('view', v_view.name, 'ok', FALSE,
                                                         'error', SQLSTATE || ': ' || SQLERRM);
        END;
    END LOOP;
    v_doc := v_doc || jsonb_build_object('views', v_views);

    -- Foreign keys not validated or with disabled triggers
    SELECT coalesce(array_agg(DISTINCT format('%s (%s)', con.conname,
                                              CASE WHEN NOT con.convalidated THEN 'NOT VALID'
                                                   ELSE 'triggers disabled' END)), '{}')
      INTO v_fk_bad
      FROM pg_catalog.pg_constraint AS con
      JOIN pg_catalog.pg_class AS c ON c.oid = con.conrelid
     WHERE con.contype = 'f' AND c.relnamespace = 'public'::regnamespace
       AND (NOT con.convalidated OR EXISTS (SELECT 1 FROM pg_catalog.pg_trigger AS t
                                              WHERE t.tgconstraint = con.oid AND t.tgenabled = 'D'));

    -- The Day 4 success criteria
    WITH c (ord, level, criterion, decided_by, verdict, evidence) AS (
        SELECT 1, 'critical', 'All record counts match exactly', ARRAY['verify_counts'],
               CASE WHEN v_run IS NULL THEN 'not_judged'
                    WHEN bool_and((x ->> 'ok')::boolean) THEN 'pass' ELSE 'fail' END,
               CASE WHEN v_run IS NULL THEN 'no completed migration run'
                    ELSE format('%s of %s count assertions pass (run %s: %s keys = %s migrated + %s merged + %s '
                                'quarantined + %s skipped)', count(*) FILTER (WHERE (x ->> 'ok')::boolean), count(*),
                                v_run, v_r.total, v_r.migrated, v_r.merged, v_r.quarantined, v_r.skipped) END
          FROM jsonb_array_elements(v_checks) AS x WHERE x ->> 'check' = 'verify_counts'
        UNION ALL
        SELECT 2, 'critical', 'Zero orphaned records', ARRAY['verify_orphans', 'check_kv_orphans'],
               CASE WHEN bool_and((x ->> 'ok')::boolean) THEN 'pass' ELSE 'fail' END,
               format('%s orphaned target row(s) over %s relationship(s); %s KV record(s) referenced a missing parent '
                      'and were quarantined (never migrated)', v_target_orphans, count(*), v_kv_orphans)
          FROM jsonb_array_elements(v_checks) AS x WHERE x ->> 'check' = 'verify_orphans'
        UNION ALL
        SELECT 3, 'critical', 'Sample data matches 100%', ARRAY['sample_compare'],
               CASE WHEN jsonb_array_length(v_samples) = 0 THEN 'not_judged'
                    WHEN NOT EXISTS (SELECT 1 FROM jsonb_array_elements(v_samples) AS s
                                      WHERE NOT (s ->> 'matches')::boolean) THEN 'pass' ELSE 'fail' END,
               CASE WHEN jsonb_array_length(v_samples) = 0 THEN 'no migrated record to sample'
                    ELSE format('%s of %s sampled records equal their mapped KV value (seed %s)',
                                (SELECT count(*) FROM jsonb_array_elements(v_samples) AS s
                                  WHERE (s ->> 'matches')::boolean), jsonb_array_length(v_samples), p_seed) END
        UNION ALL
        SELECT 4, 'critical', 'Query performance 10x+ faster', ARRAY['kv2rel bench queries'], 'not_judged',
               'query timings are measured by kv2rel bench queries, not by this report'
        UNION ALL
        SELECT 5, 'critical', 'All automated tests pass', ARRAY['kv2rel verify (run_checks)'],
               CASE WHEN coalesce(bool_and((x ->> 'ok')::boolean), FALSE) THEN 'pass' ELSE 'fail' END,
               format('%s of %s assertions pass%s', count(*) FILTER (WHERE (x ->> 'ok')::boolean), count(*),
                      coalesce('; failing: ' || string_agg(DISTINCT x ->> 'check', ', ')
                                                    FILTER (WHERE NOT (x ->> 'ok')::boolean), ''))
          FROM jsonb_array_elements(v_checks) AS x
        UNION ALL
        SELECT 6, 'critical', 'No data loss or corruption',
               ARRAY['check_run_accounting', 'verify_reconciliation'],
               CASE WHEN v_run IS NULL THEN 'not_judged'
                    WHEN (v_accounting ->> 'identity_holds')::boolean AND (v_accounting ->> 'ledger_matches')::boolean
                         AND coalesce((v_accounting ->> 'kv_matches')::boolean, TRUE)
                         AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(v_reconcile) AS e
                                          WHERE (e ->> 'consistency_pct')::numeric < 100
                                             OR e ->> 'expected_hash' <> e ->> 'actual_hash')
                        THEN 'pass' ELSE 'fail' END,
               CASE WHEN v_run IS NULL THEN 'no completed migration run'
                    ELSE format('every KV row has one outcome: %s; reconciliation (method %s): %s of %s rows equal '
                                'their KV record after mapping, lowest consistency %s%%',
                                coalesce((v_accounting ->> 'kv_matches'), 'n/a'),
                                (SELECT coalesce(string_agg(DISTINCT e ->> 'method', ', '), 'n/a')
                                   FROM jsonb_array_elements(v_reconcile) AS e),
                                (SELECT sum((e ->> 'matched_rows')::bigint) FROM jsonb_array_elements(v_reconcile) AS e),
                                (SELECT sum((e ->> 'expected_rows')::bigint + (e ->> 'extra_rows')::bigint)
                                   FROM jsonb_array_elements(v_reconcile) AS e),
                                (SELECT coalesce(min((e ->> 'consistency_pct')::numeric), 100)
                                   FROM jsonb_array_elements(v_reconcile) AS e)) END
        UNION ALL
        SELECT 7, 'critical', 'Foreign keys all valid', ARRAY['verify_orphans', 'pg_constraint'],
               CASE WHEN cardinality(v_fk_bad) = 0 AND v_target_orphans = 0 THEN 'pass' ELSE 'fail' END,
               format('%s foreign key(s) not validated or with disabled triggers%s; %s orphaned row(s)',
                      cardinality(v_fk_bad), coalesce(': ' || nullif(array_to_string(v_fk_bad, ', '), ''), ''),
                      v_target_orphans)
        UNION ALL
        SELECT 8, 'important', 'Migration completes in < 10 minutes', ARRAY['kv2rel.runs'],
               CASE WHEN v_run IS NULL THEN 'not_judged' WHEN v_minutes < 10 THEN 'pass' ELSE 'fail' END,
               CASE WHEN v_run IS NULL THEN 'no completed migration run'
                    ELSE format('run %s took %s minutes (%s attempt(s))', v_run, v_minutes, v_r.attempts) END
        UNION ALL
        SELECT 9, 'important', 'Zero failed records', ARRAY['kv2rel.runs', 'kv2rel.quarantine'],
               CASE WHEN v_run IS NULL THEN 'not_judged' WHEN v_r.quarantined = 0 THEN 'pass' ELSE 'fail' END,
               CASE WHEN v_run IS NULL THEN 'no completed migration run'
                    ELSE format('%s key(s) quarantined (see the quarantine summary)', v_r.quarantined) END
        UNION ALL
        SELECT 10, 'important', 'Zero skipped records', ARRAY['kv2rel.runs'],
               CASE WHEN v_run IS NULL THEN 'not_judged' WHEN v_r.skipped = 0 THEN 'pass' ELSE 'fail' END,
               CASE WHEN v_run IS NULL THEN 'no completed migration run'
                    ELSE format('%s key(s) skipped by rule (index, pointer, link, log, other environment, ...)',
                                v_r.skipped) END
        UNION ALL
        SELECT 11, 'important', 'Indexes being used correctly', ARRAY['verify_indexes'],
               CASE WHEN coalesce(bool_and((x ->> 'ok')::boolean), FALSE) THEN 'pass' ELSE 'fail' END,
               format('%s of %s verify_indexes assertion(s) pass%s', count(*) FILTER (WHERE (x ->> 'ok')::boolean),
                      count(*), coalesce('; failing: ' || string_agg(x ->> 'description', '; ')
                                                              FILTER (WHERE NOT (x ->> 'ok')::boolean), ''))
          FROM jsonb_array_elements(v_checks) AS x WHERE x ->> 'check' = 'verify_indexes'
        UNION ALL
        SELECT 12, 'important', 'Views work correctly', ARRAY['SELECT count(*) from each view in public'],
               CASE WHEN jsonb_array_length(v_views) = 0 THEN 'not_judged'
                    WHEN NOT EXISTS (SELECT 1 FROM jsonb_array_elements(v_views) AS v WHERE NOT (v ->> 'ok')::boolean)
                        THEN 'pass' ELSE 'fail' END,
               (SELECT string_agg(format('%s: %s', v ->> 'view', coalesce((v ->> 'rows') || ' rows', v ->> 'error')),
                                  '; ')
                  FROM jsonb_array_elements(v_views) AS v)
        UNION ALL
        SELECT 13, 'nice to have', 'Query performance 100x+ faster', ARRAY['kv2rel bench queries'], 'not_judged',
               'query timings are measured by kv2rel bench queries, not by this report'
        UNION ALL
        SELECT 14, 'nice to have', 'Migration completes in < 5 minutes', ARRAY['kv2rel.runs'],
               CASE WHEN v_run IS NULL THEN 'not_judged' WHEN v_minutes < 5 THEN 'pass' ELSE 'fail' END,
               CASE WHEN v_run IS NULL THEN 'no completed migration run'
                    ELSE format('run %s took %s minutes', v_run, v_minutes) END
        UNION ALL
        SELECT 15, 'nice to have', 'All manual tests pass', ARRAY['people'], 'not_judged',
               'manual verification is done by people; record it in the sign-off'
        UNION ALL
        SELECT 16, 'nice to have', 'Table statistics healthy', ARRAY['analyze_table_stats', 'verify_indexes'],
               CASE WHEN current_setting('track_counts')::boolean AND coalesce(v_max_dead, 0) <= 0.2
                        THEN 'pass' ELSE 'fail' END,
               format('track_counts %s; highest dead-tuple ratio %s (healthy: at most 0.2 in every table of 100 tuples '
                      'or more)',
                      current_setting('track_counts'), coalesce(v_max_dead, 0))
    )
    SELECT jsonb_agg(jsonb_build_object('ord', c.ord, 'level', c.level, 'criterion', c.criterion,
                                        'decided_by', to_jsonb(c.decided_by), 'verdict', c.verdict,
                                        'evidence', c.evidence) ORDER BY c.ord)
      INTO v_crit
      FROM c;
    v_doc := v_doc || jsonb_build_object(
        'criteria', v_crit,
        'summary', (SELECT jsonb_build_object(
                               'verdict', CASE WHEN bool_or(x ->> 'verdict' = 'fail') THEN 'fail' ELSE 'pass' END,
                               'passed', count(*) FILTER (WHERE x ->> 'verdict' = 'pass'),
                               'failed', count(*) FILTER (WHERE x ->> 'verdict' = 'fail'),
                               'not_judged', count(*) FILTER (WHERE x ->> 'verdict' = 'not_judged'),
                               'checks_passed', (SELECT count(*) FROM jsonb_array_elements(v_checks) AS k
                                                  WHERE (k ->> 'ok')::boolean),
                               'checks_failed', (SELECT count(*) FROM jsonb_array_elements(v_checks) AS k
                                                  WHERE NOT (k ->> 'ok')::boolean))
                      FROM jsonb_array_elements(v_crit) AS x)
    );
    RETURN v_doc;
END
$function$;

COMMENT ON FUNCTION kv2rel.report_data(jsonb, integer, bigint) IS
'The migration test report as jsonb (kv2rel report renders it): environment, run and accounting, counts, orphans, '
'reconciliation, samples, index usage, table stats, quarantine by reason, verify assertions and a verdict '
'(pass, fail, not_judged) per Day 4 success criterion, with the checks deciding it.';
