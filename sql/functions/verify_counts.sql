-- Function: kv2rel.verify_counts
-- Purpose: kv2rel verify's record-count assertions for the latest completed migrate run: the accounting identity
--          (kv2rel.check_run_accounting: counters, ledger, KV row count) and per entity the KV keys by outcome
--          against the target rows (kv2rel.check_counts). Diagnostics give the counts and sample keys.
-- Usage (psql): SELECT * FROM kv2rel.verify_counts();
-- requires: check_run_accounting, check_counts, reconcile_run
--
-- No completed migrate run (an empty database): one passing assertion saying so.

CREATE OR REPLACE FUNCTION kv2rel.verify_counts()
RETURNS SETOF kv2rel.assertion
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run bigint := kv2rel.reconcile_run(NULL);
    v_a record;
    v_row record;
BEGIN
    IF v_run IS NULL THEN
        RETURN NEXT ROW(TRUE, 'record counts: no completed migration run to count', NULL)::kv2rel.assertion;
        RETURN;
    END IF;
    SELECT a.* INTO v_a FROM kv2rel.check_run_accounting(v_run) AS a;
    RETURN NEXT ROW(
        v_a.identity_holds,
        format('run %s accounts for every key: total = migrated + merged + quarantined + skipped', v_run),
        CASE WHEN NOT v_a.identity_holds THEN
            format('total %s <> %s migrated + %s merged + %s quarantined + %s skipped = %s', v_a.total, v_a.migrated,
                   v_a.merged, v_a.quarantined, v_a.skipped,
                   v_a.migrated + v_a.merged + v_a.quarantined + v_a.skipped) END
    )::kv2rel.assertion;
    RETURN NEXT ROW(
        v_a.ledger_matches,
        format('run %s''s counters equal its ledger (kv2rel.run_items by outcome, none pending)', v_run),
        CASE WHEN NOT v_a.ledger_matches THEN
            format('counters: total %s, migrated %s, merged %s, quarantined %s, skipped %s; run_items: %s items, '
                   '%s migrated, %s merged, %s quarantined, %s skipped, %s pending', v_a.total, v_a.migrated,
                   v_a.merged, v_a.quarantined, v_a.skipped, v_a.items, v_a.items_migrated, v_a.items_merged,
                   v_a.items_quarantined, v_a.items_skipped, v_a.items_pending) END
    )::kv2rel.assertion;
    IF v_a.kv_rows IS NOT NULL THEN
        RETURN NEXT ROW(
            v_a.kv_matches,
            format('run %s has exactly one outcome per row of %s', v_run, v_a.kv_table),
            CASE WHEN NOT v_a.kv_matches THEN
                format('%s has %s rows, run %s has %s items', v_a.kv_table, v_a.kv_rows, v_run, v_a.items)
                || CASE WHEN cardinality(v_a.missing_keys) > 0 THEN
                        '; KV keys without an outcome: ' || array_to_string(v_a.missing_keys, ', ') ELSE '' END
                || CASE WHEN cardinality(v_a.unknown_keys) > 0 THEN
                        '; outcomes for keys not in the KV table: ' || array_to_string(v_a.unknown_keys, ', ')
                   ELSE '' END END
        )::kv2rel.assertion;
    END IF;
    FOR v_row IN SELECT c.* FROM kv2rel.check_counts(v_run) AS c WHERE c.target_table IS NOT NULL LOOP
        RETURN NEXT ROW(
            v_row.ok,
            format('%s: %s migrated and %s merged key(s) have their rows in %s (run %s)', v_row.entity,
                   v_row.migrated, v_row.merged, v_row.target_table, v_run),
            CASE WHEN NOT v_row.ok THEN v_row.detail END
        )::kv2rel.assertion;
    END LOOP;
END
$function$;

COMMENT ON FUNCTION kv2rel.verify_counts() IS
'Assertions of kv2rel verify for the latest completed migrate run: the accounting identity, counters vs ledger, '
'one outcome per KV row, and per entity the migrated/merged keys vs the target rows (kv2rel.check_counts).';
