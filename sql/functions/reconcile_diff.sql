-- Function: kv2rel.reconcile_diff
-- Purpose: the drill-down of kv2rel.reconcile: the differing keys and fields of one entity (or of every entity,
--          p_entity NULL): a missing row, an extra row, a record that no longer maps to a clean row, or each
--          column whose value differs (expected from the KV record, actual in the target table).
-- Usage (psql): SELECT * FROM kv2rel.reconcile_diff('product', 20);
--               SELECT * FROM kv2rel.reconcile_diff(NULL, 100, 3);   -- every entity of run 3
-- requires: reconcile_pairs, reconcile_fast, reconcile_run
--
-- One row per differing field (kind differs), per missing / unmapped / extra row (field NULL; expected and
-- actual hold the whole rows), ordered by entity, table, key, field; at most p_limit rows (1 to 100000, K2703).
-- An entity that is not among the run's entities raises K2704. The pairs come from the same comparison as
-- kv2rel.reconcile: by default the hash chain (kv2rel.reconcile_fast: only the keys it flags are re-mapped, and
-- their differing fields listed), with p_deep => true every record re-mapped. No run: no rows.

DROP FUNCTION IF EXISTS kv2rel.reconcile_diff(text, integer, bigint);

CREATE OR REPLACE FUNCTION kv2rel.reconcile_diff(
    p_entity text DEFAULT NULL,
    p_limit integer DEFAULT 100,
    p_run_id bigint DEFAULT NULL,
    p_deep boolean DEFAULT false
)
RETURNS TABLE (
    entity text,
    target_table text,
    key text,
    id uuid,
    kind text,
    field text,
    expected jsonb,
    actual jsonb,
    detail text
)
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run bigint := kv2rel.reconcile_run(p_run_id);
BEGIN
    IF p_limit IS NULL OR p_limit < 1 OR p_limit > 100000 THEN
        RAISE EXCEPTION 'reconcile_diff limit % is out of range', coalesce(p_limit::text, 'NULL')
            USING ERRCODE = 'K2703', HINT = 'Give the number of rows to list, 1 to 100000.';
    END IF;
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    IF p_entity IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM kv2rel.run_items AS i WHERE i.run_id = v_run AND i.entity = p_entity AND i.outcome = 'migrated'
    ) THEN
        RAISE EXCEPTION 'entity % has no migrated record in run %', quote_literal(p_entity), v_run
            USING ERRCODE = 'K2704',
                  HINT = 'The entities of a run: SELECT DISTINCT entity FROM kv2rel.outcomes WHERE run_id = <run>.';
    END IF;
    IF p_deep IS NULL THEN
        RAISE EXCEPTION 'reconcile_diff p_deep must be true or false, not NULL'
            USING ERRCODE = 'K2706', HINT = 'false (the default): the hash chain; true: re-map every record.';
    END IF;
    IF p_deep THEN
        PERFORM kv2rel.reconcile_pairs(v_run);  -- every batch: extra and exclusion rows need the whole run
    ELSE
        PERFORM kv2rel.reconcile_fast(v_run);
    END IF;
    RETURN QUERY
    SELECT d.entity, d.target_table, d.key, d.id, d.kind, d.field, d.expected, d.actual, d.detail
      FROM (
            SELECT p.entity, p.target_table, p.key, p.id, p.kind, f.field, f.expected, f.actual,
                   format('%s.%s of %s: expected %s, actual %s', p.target_table, f.field, p.key,
                          coalesce(f.expected::text, 'no value'), coalesce(f.actual::text, 'no value')) AS detail
              FROM pg_temp.kv2rel_reconcile_pairs AS p
             CROSS JOIN LATERAL (
                    SELECT coalesce(e.k, a.k) AS field, e.v AS expected, a.v AS actual
                      FROM jsonb_each(p.expected) AS e (k, v)
                      FULL JOIN jsonb_each(p.actual) AS a (k, v) ON a.k = e.k
                     WHERE e.v::text IS DISTINCT FROM a.v::text
                   ) AS f
             WHERE p.kind = 'differs'
            UNION ALL
            SELECT p.entity, p.target_table, p.key, p.id, p.kind, NULL, p.expected, p.actual,
                   CASE p.kind
                       WHEN 'missing' THEN format('%s has no row %s for %s (the run migrated it)', p.target_table,
                                                  p.id, p.key)
                       WHEN 'unmapped' THEN format('%s no longer maps to a clean row (%s); %s', p.key, p.reason,
                                                   CASE WHEN p.actual IS NULL THEN 'no target row'
                                                        ELSE format('target row %s exists', p.id) END)
                       ELSE format('%s row %s (legacy_id %s) has no source record in run %s', p.target_table, p.id,
                                   coalesce(p.actual ->> 'legacy_id', 'NULL'), v_run)
                   END
              FROM pg_temp.kv2rel_reconcile_pairs AS p
             WHERE p.kind IN ('missing', 'unmapped', 'extra')
           ) AS d
     WHERE p_entity IS NULL OR d.entity = p_entity
     ORDER BY d.entity, d.target_table, d.key COLLATE "C" NULLS LAST, d.id, d.field
     LIMIT p_limit;
END
$function$;

COMMENT ON FUNCTION kv2rel.reconcile_diff(text, integer, bigint, boolean) IS
'Drill-down of kv2rel.reconcile: per differing field (expected vs actual), missing, unmapped or extra row of '
'entity p_entity (NULL: all) in run p_run_id (default latest completed migrate run); at most p_limit rows; '
'p_deep re-maps every record instead of the flagged keys only.';
