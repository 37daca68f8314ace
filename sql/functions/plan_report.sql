-- Function: kv2rel.plan_report
-- Purpose: the summary `kv2rel plan` prints: totals per outcome, per entity and outcome, the most frequent
--          reasons, and the first p_limit rows (optionally only some outcomes), from one run of kv2rel.plan.
-- Usage (psql): SELECT jsonb_pretty(kv2rel.plan_report('public.kv_store_6fcaeea3', NULL, '{quarantine}', 20));

CREATE OR REPLACE FUNCTION kv2rel.plan_report(
    p_kv_table regclass,
    p_env text DEFAULT NULL,
    p_outcomes text[] DEFAULT NULL,
    p_limit integer DEFAULT 50
)
RETURNS jsonb
STABLE
SET search_path = pg_catalog, pg_temp
SET jit = off
LANGUAGE plpgsql
AS $function$
DECLARE
    v_report jsonb;
BEGIN
    IF p_limit IS NULL OR p_limit < 0 THEN
        RAISE EXCEPTION 'row limit must be 0 (all rows) or positive, not %', coalesce(p_limit::text, 'NULL')
            USING ERRCODE = 'K2208',
                  HINT = 'Pass 0 to list every row.';
    END IF;
    IF p_outcomes IS NOT NULL AND NOT p_outcomes <@ ARRAY['migrate', 'merge', 'quarantine', 'skip'] THEN
        RAISE EXCEPTION 'unknown outcome in %', p_outcomes
            USING ERRCODE = 'K2208',
                  HINT = 'Outcomes are migrate, merge, quarantine and skip.';
    END IF;
    WITH p AS MATERIALIZED (
        SELECT * FROM kv2rel.plan(p_kv_table, p_env)
    )
    SELECT jsonb_build_object(
               'kv_table', p_kv_table::text,
               'environment', p_env,
               'total', (SELECT count(*) FROM p),
               'by_outcome', (
                   SELECT coalesce(jsonb_object_agg(o.outcome, coalesce(n.rows, 0) ORDER BY o.n), '{}'::jsonb)
                     FROM unnest(ARRAY['migrate', 'merge', 'quarantine', 'skip']) WITH ORDINALITY AS o (outcome, n)
                     LEFT JOIN (SELECT p.outcome, count(*) AS rows FROM p GROUP BY p.outcome) AS n USING (outcome)
               ),
               'by_entity', (
                   SELECT coalesce(jsonb_agg(to_jsonb(e) ORDER BY e.entity NULLS LAST, e.target_table), '[]'::jsonb)
                     FROM (
                           SELECT p.entity, p.target_table,
                                  count(*) FILTER (WHERE p.outcome = 'migrate') AS migrate,
                                  count(*) FILTER (WHERE p.outcome = 'merge') AS merge,
                                  count(*) FILTER (WHERE p.outcome = 'quarantine') AS quarantine,
                                  count(*) FILTER (WHERE p.outcome = 'skip') AS skip,
                                  count(*) AS total
                             FROM p
                            GROUP BY p.entity, p.target_table
                          ) AS e
               ),
               'top_reasons', (
                   SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r.rows DESC, r.outcome, r.reason), '[]'::jsonb)
                     FROM (
                           SELECT p.outcome, p.reason, count(*) AS rows
                             FROM p
                            WHERE p.outcome <> 'migrate'
                            GROUP BY p.outcome, p.reason
                            ORDER BY count(*) DESC, p.outcome, p.reason
                            LIMIT 20
                          ) AS r
               ),
               'rows', (
                   SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r.key), '[]'::jsonb)
                     FROM (
                           SELECT p.*
                             FROM p
                            WHERE p_outcomes IS NULL OR p.outcome = ANY (p_outcomes)
                            ORDER BY p.key
                            LIMIT CASE WHEN p_limit = 0 THEN NULL ELSE p_limit END
                          ) AS r
               )
           )
      INTO v_report;
    RETURN v_report;
END
$function$;

COMMENT ON FUNCTION kv2rel.plan_report(regclass, text, text[], integer) IS
'Summary of kv2rel.plan as JSON: kv_table, environment, total, by_outcome, by_entity (counts per outcome), '
'top_reasons (20 most frequent non-migrate reasons) and rows (first p_limit rows by key, 0 = all, optionally only '
'the outcomes in p_outcomes). Raises K2208 for a negative limit or an unknown outcome.';
