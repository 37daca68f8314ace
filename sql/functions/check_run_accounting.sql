-- Function: kv2rel.check_run_accounting
-- Purpose: the accounting of one migration run, three ways: the run's counters (kv2rel.runs: total = migrated +
--          merged + quarantined + skipped), its ledger (kv2rel.run_items counted by outcome, none pending) and,
--          for a run of kind migrate, the KV table itself (one item per KV row, no more, no less). A tampered
--          counter, a deleted or forged item, or a KV row added or removed since the run shows up here, with
--          sample keys.
-- Usage (psql): SELECT * FROM kv2rel.check_run_accounting();     -- the latest completed migrate run
--               SELECT * FROM kv2rel.check_run_accounting(3);
-- requires: reconcile_run
--
-- One row (no row when there is no run). kv_rows is NULL for a retry run or when the KV table is gone.
-- identity_holds: total = migrated + merged + quarantined + skipped; ledger_matches: every counter equals the
-- items with that outcome and no item is pending; kv_matches: kv_rows = items and every KV key has an item.
-- missing_keys / unknown_keys: up to 10 KV keys without an item / items whose key is not in the KV table.

CREATE OR REPLACE FUNCTION kv2rel.check_run_accounting(
    p_run_id bigint DEFAULT NULL
)
RETURNS TABLE (
    run_id bigint,
    kind text,
    status text,
    kv_table text,
    total bigint,
    migrated bigint,
    merged bigint,
    quarantined bigint,
    skipped bigint,
    items bigint,
    items_migrated bigint,
    items_merged bigint,
    items_quarantined bigint,
    items_skipped bigint,
    items_pending bigint,
    kv_rows bigint,
    identity_holds boolean,
    ledger_matches boolean,
    kv_matches boolean,
    missing_keys text[],
    unknown_keys text[]
)
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run bigint := kv2rel.reconcile_run(p_run_id);
    v_kv regclass;
BEGIN
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    SELECT r.run_id, r.kind, r.status, r.kv_table, r.total, r.migrated, r.merged, r.quarantined, r.skipped,
           to_regclass(r.kv_table)
      INTO run_id, kind, status, kv_table, total, migrated, merged, quarantined, skipped, v_kv
      FROM kv2rel.runs AS r
     WHERE r.run_id = v_run;
    SELECT count(*), count(*) FILTER (WHERE i.outcome = 'migrated'), count(*) FILTER (WHERE i.outcome = 'merged'),
           count(*) FILTER (WHERE i.outcome = 'quarantined'), count(*) FILTER (WHERE i.outcome = 'skipped'),
           count(*) FILTER (WHERE i.outcome IS NULL)
      INTO items, items_migrated, items_merged, items_quarantined, items_skipped, items_pending
      FROM kv2rel.run_items AS i
     WHERE i.run_id = v_run;
    identity_holds := total = migrated + merged + quarantined + skipped;
    ledger_matches := items = total AND items_migrated = migrated AND items_merged = merged
                      AND items_quarantined = quarantined AND items_skipped = skipped AND items_pending = 0;
    IF kind = 'migrate' AND v_kv IS NOT NULL THEN
        EXECUTE format('SELECT count(*) FROM %s', v_kv) INTO kv_rows;
        EXECUTE format(
            'SELECT ARRAY(SELECT k.key FROM %s AS k WHERE NOT EXISTS (SELECT 1 FROM kv2rel.run_items AS i'
            ' WHERE i.run_id = $1 AND i.key = k.key) ORDER BY k.key COLLATE "C" LIMIT 10),'
            ' ARRAY(SELECT i.key FROM kv2rel.run_items AS i WHERE i.run_id = $1 AND NOT EXISTS'
            ' (SELECT 1 FROM %s AS k WHERE k.key = i.key) ORDER BY i.key COLLATE "C" LIMIT 10)', v_kv, v_kv
        ) INTO missing_keys, unknown_keys USING v_run;
        kv_matches := kv_rows = items AND cardinality(missing_keys) = 0 AND cardinality(unknown_keys) = 0;
    END IF;
    RETURN NEXT;
END
$function$;

COMMENT ON FUNCTION kv2rel.check_run_accounting(bigint) IS
'Accounting of run p_run_id (default: latest completed migrate run): counters, ledger (run_items by outcome) and '
'KV row count compared; identity_holds, ledger_matches, kv_matches, and sample keys missing from either side.';
