-- Function: kv2rel.rollback
-- Purpose: undo one data-migration run (issue 6, docs/rollback.md): delete exactly the target rows it inserted and
--          give the rows it updated their before-image back, from kv2rel.run_changes, children before parents, in
--          the caller's one transaction; rows the run did not change stay as they are and the KV table is never
--          touched. The run is marked rolled_back (its outcomes, quarantine rows and change log stay for audit).
--          Returns one row per target table: rows deleted, rows restored, and how many of them were forced.
-- Usage (psql, autocommit: the statement is the transaction):
--   SELECT * FROM kv2rel.rollback();                         -- the latest run
--   SELECT * FROM kv2rel.rollback(3);                        -- run 3
--   SELECT * FROM kv2rel.rollback(3, p_force => true);       -- also over rows edited after the run (K2614)
--   BEGIN; SELECT * FROM kv2rel.rollback(3); ... ROLLBACK;    -- preview: see the counts, keep nothing
--
-- A function, not a procedure: a function cannot commit, so the whole rollback is the caller's one transaction
-- (all or nothing, never half undone), it returns its per-table counts as rows, and it can be previewed inside a
-- transaction the caller rolls back. It takes the migration lock as a transaction lock (released at commit).
--
-- Refusals, checked before anything changes (each names the run and the rows):
--   K2610 no such run (or no run at all);  K2611 the run is already rolled back;
--   K2612 a later run that is not rolled back changed or accounts for rows of this run (roll it back first);
--   K2613 a migration (or retry, dry run, rollback) is running: the lock is busy;
--   K2614 rows the run wrote were changed or deleted afterwards (run_changes.written_hash differs from the row);
--         p_force => true overrides only this one: those rows are restored or deleted all the same;
--   K2615 rows the run inserted are referenced by rows it did not insert (a later run or a DBA added children);
--   K2616 a target table is gone, or restoring/deleting broke a constraint (e.g. a unique value taken since).

CREATE OR REPLACE FUNCTION kv2rel.rollback(
    p_run_id bigint DEFAULT NULL,
    p_force boolean DEFAULT FALSE
)
RETURNS TABLE (
    run_id bigint,
    target_table text,
    deleted bigint,
    restored bigint,
    forced bigint
)
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
#variable_conflict use_column
DECLARE
    v_run kv2rel.runs;
    v_id bigint := p_run_id;
    v_message text;
    v_detail text;
    v_table record;
    v_fk record;
    v_cols text;
    v_set text;
    v_rows bigint;
    v_inserted bigint;
    v_hit record;
    v_preserve text := current_setting('kv2rel.preserve_timestamps', TRUE);
    v_tables jsonb := '{}';
    v_totals record;
BEGIN
    -- K2613: the same lock as kv2rel.migrate, dry runs and retries (they hold it while they work).
    BEGIN
        PERFORM kv2rel.migrate_lock(FALSE);
    EXCEPTION
        WHEN SQLSTATE 'K2502' THEN
            GET STACKED DIAGNOSTICS v_message = MESSAGE_TEXT;
            RAISE EXCEPTION 'cannot roll back while %', v_message
                USING ERRCODE = 'K2613',
                      HINT = 'Wait for it to finish (kv2rel.runs shows its progress), then roll back.';
    END;

    -- K2610 / K2611: which run.
    IF v_id IS NULL THEN
        SELECT max(r.run_id) INTO v_id FROM kv2rel.runs AS r;
        IF v_id IS NULL THEN
            RAISE EXCEPTION 'there is no run to roll back: kv2rel.runs is empty'
                USING ERRCODE = 'K2610', HINT = 'kv2rel.migrate records a run; nothing has been migrated yet.';
        END IF;
    END IF;
    SELECT r.* INTO v_run FROM kv2rel.runs AS r WHERE r.run_id = v_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'run % does not exist', v_id
            USING ERRCODE = 'K2610',
                  HINT = format('Runs are listed in kv2rel.runs (%s).',
                                coalesce((SELECT 'ids ' || min(r.run_id) || ' to ' || max(r.run_id)
                                            FROM kv2rel.runs AS r HAVING count(*) > 0), 'none yet'));
    END IF;
    IF v_run.status = 'rolled_back' THEN
        RAISE EXCEPTION 'run % was already rolled back (at %, by %)', v_id, v_run.rolled_back_at, v_run.rolled_back_by
            USING ERRCODE = 'K2611',
                  HINT = coalesce(
                      (SELECT format('The latest run still in effect is run %s: kv2rel.rollback(%s).', max(r.run_id),
                                     max(r.run_id))
                         FROM kv2rel.runs AS r WHERE r.status <> 'rolled_back' HAVING count(*) > 0),
                      'Every run is rolled back already.');
    END IF;

    -- K2612: a later run that still stands changed or accounts for one of this run's rows.
    WITH mine AS (
        SELECT c.target_table, c.target_id FROM kv2rel.run_changes AS c WHERE c.run_id = v_id
    ),
    later AS (
        SELECT r.run_id FROM kv2rel.runs AS r WHERE r.run_id > v_id AND r.status <> 'rolled_back'
    ),
    hits AS (
        SELECT lc.run_id, lc.target_table, lc.target_id, lc.action AS how
          FROM kv2rel.run_changes AS lc
          JOIN later AS l ON l.run_id = lc.run_id
          JOIN mine AS m ON m.target_table = lc.target_table AND m.target_id = lc.target_id
        UNION ALL
        SELECT li.run_id, li.target_table, li.target_id, li.outcome || ' (' || li.key || ')'
          FROM kv2rel.run_items AS li
          JOIN later AS l ON l.run_id = li.run_id
          JOIN mine AS m ON m.target_table = li.target_table AND m.target_id = li.target_id
         WHERE li.outcome IN ('migrated', 'merged')
    )
    SELECT h.run_id, h.target_table, h.target_id, h.how, count(*) OVER () AS n,
           (SELECT string_agg(DISTINCT x.run_id::text, ', ') FROM hits AS x) AS runs
      INTO v_hit
      FROM hits AS h
     ORDER BY h.run_id DESC, h.target_table, h.target_id
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'run % cannot be rolled back: later run(s) % depend on its rows (% reference(s), e.g. run % '
                        '% % %)', v_id, v_hit.runs, v_hit.n, v_hit.run_id, v_hit.how, v_hit.target_table,
                        v_hit.target_id
            USING ERRCODE = 'K2612',
                  HINT = format('Roll back the later run(s) first, latest first: kv2rel.rollback(%s), then '
                                'kv2rel.rollback(%s).', v_hit.run_id, v_id);
    END IF;

    -- The run's rows per table, their state now, each row locked so nobody changes it under the rollback.
    IF to_regclass('pg_temp.kv2rel_rollback_rows') IS NOT NULL THEN
        DROP TABLE pg_temp.kv2rel_rollback_rows;  -- an earlier rollback in the same transaction
    END IF;
    CREATE TEMP TABLE kv2rel_rollback_rows (
        target_table text NOT NULL,
        target_id uuid NOT NULL,
        action text NOT NULL,
        key text,
        state text NOT NULL,
        PRIMARY KEY (target_table, target_id)
    ) ON COMMIT DROP;
    FOR v_table IN
        SELECT d.target_table, to_regclass(d.target_table) AS rel, coalesce(o.ord, 0) AS ord
          FROM (SELECT DISTINCT c.target_table FROM kv2rel.run_changes AS c WHERE c.run_id = v_id) AS d
          LEFT JOIN kv2rel.rollback_table_order(
                        ARRAY(SELECT DISTINCT c.target_table FROM kv2rel.run_changes AS c WHERE c.run_id = v_id)
                    ) AS o ON o.target_table = d.target_table
         ORDER BY 3, 1
    LOOP
        IF v_table.rel IS NULL THEN
            RAISE EXCEPTION 'run % changed rows of table %, which no longer exists', v_id, v_table.target_table
                USING ERRCODE = 'K2616',
                      HINT = 'Its rows cannot be restored; recreate the table (kv2rel apply) or leave the run.';
        END IF;
        EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %s AS t JOIN kv2rel.run_changes AS c ON c.target_id = t.id'
                       ' WHERE c.run_id = $1 AND c.target_table = $2 FOR UPDATE OF t) AS l', v_table.rel)
           USING v_id, v_table.target_table;
        EXECUTE format(
            'INSERT INTO pg_temp.kv2rel_rollback_rows (target_table, target_id, action, key, state)'
            ' SELECT c.target_table, c.target_id, c.action, c.key,'
            ' CASE WHEN t.id IS NULL THEN ''missing'' WHEN c.written_hash IS NULL THEN ''unchecked'''
            ' WHEN pg_catalog.hash_record_extended(t, 0) = c.written_hash THEN ''as_written'' ELSE ''modified'' END'
            ' FROM kv2rel.run_changes AS c LEFT JOIN %s AS t ON t.id = c.target_id'
            ' WHERE c.run_id = $1 AND c.target_table = $2', v_table.rel
        ) USING v_id, v_table.target_table;
    END LOOP;

    ANALYZE pg_temp.kv2rel_rollback_rows;

    -- K2614: rows changed (or deleted) after the run wrote them; never overwritten silently.
    SELECT count(*) AS n,
           string_agg(format('%s %s (key %s, %s by the run) %s', x.target_table, x.target_id, coalesce(x.key, '?'),
                             x.action, x.state), '; ' ORDER BY x.target_table, x.target_id)
               FILTER (WHERE x.rn <= 10) AS list
      INTO v_hit
      FROM (SELECT b.*, row_number() OVER (ORDER BY b.target_table, b.target_id) AS rn
              FROM pg_temp.kv2rel_rollback_rows AS b
             WHERE b.state IN ('missing', 'modified')) AS x;
    IF v_hit.n > 0 AND NOT p_force THEN
        RAISE EXCEPTION 'run % cannot be rolled back: % row(s) it wrote were changed or deleted afterwards: %',
                        v_id, v_hit.n, v_hit.list || CASE WHEN v_hit.n > 10 THEN '; ...' ELSE '' END
            USING ERRCODE = 'K2614',
                  HINT = format('Someone edited those rows after the run; inspect them. To undo the run anyway '
                                '(updated rows get their before-image back, inserted rows are deleted, the edits are '
                                'lost): kv2rel.rollback(%s, p_force => true).', v_id);
    ELSIF v_hit.n > 0 THEN
        RAISE WARNING 'kv2rel rollback: run %: p_force overrides % row(s) edited after the run: %', v_id, v_hit.n,
                      v_hit.list || CASE WHEN v_hit.n > 10 THEN '; ...' ELSE '' END;
    END IF;

    -- Restore (parents first), check dependents, delete (children first): one subtransaction, so a constraint
    -- that refuses a restored or deleted row becomes a clear K2616.
    PERFORM pg_catalog.set_config('kv2rel.preserve_timestamps', 'on', TRUE);
    BEGIN
        FOR v_table IN
            SELECT o.target_table, o.target_table::regclass AS rel, o.ord
              FROM kv2rel.rollback_table_order(
                       ARRAY(SELECT DISTINCT b.target_table FROM pg_temp.kv2rel_rollback_rows AS b
                              WHERE b.action = 'updated')) AS o
             ORDER BY o.ord, o.target_table
        LOOP
            SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum),
                   string_agg(format('CASE WHEN c.before_image ? %1$L THEN b.%1$I ELSE t.%1$I END', a.attname),
                              ', ' ORDER BY a.attnum) FILTER (WHERE a.attname <> 'id')
              INTO v_cols, v_set
              FROM pg_catalog.pg_attribute AS a
             WHERE a.attrelid = v_table.rel AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
            EXECUTE format(
                'UPDATE %1$s AS t SET (%2$s) = ROW(%3$s)'
                ' FROM kv2rel.run_changes AS c CROSS JOIN LATERAL jsonb_populate_record(NULL::%1$s, c.before_image) AS b'
                ' WHERE c.run_id = $1 AND c.target_table = $2 AND c.action = ''updated'' AND t.id = c.target_id',
                v_table.rel,
                (SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum)
                   FROM pg_catalog.pg_attribute AS a
                  WHERE a.attrelid = v_table.rel AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                    AND a.attname <> 'id'),
                v_set
            ) USING v_id, v_table.target_table;
            GET DIAGNOSTICS v_rows = ROW_COUNT;
            -- Rows the run updated that were deleted since (only with p_force): the before-image comes back.
            EXECUTE format(
                'INSERT INTO %1$s AS t (%2$s) SELECT %3$s'
                ' FROM kv2rel.run_changes AS c CROSS JOIN LATERAL jsonb_populate_record(NULL::%1$s, c.before_image) AS b'
                ' WHERE c.run_id = $1 AND c.target_table = $2 AND c.action = ''updated'''
                ' AND NOT EXISTS (SELECT 1 FROM %1$s AS x WHERE x.id = c.target_id)',
                v_table.rel, v_cols,
                (SELECT string_agg(format('b.%I', a.attname), ', ' ORDER BY a.attnum)
                   FROM pg_catalog.pg_attribute AS a
                  WHERE a.attrelid = v_table.rel AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '')
            ) USING v_id, v_table.target_table;
            GET DIAGNOSTICS v_inserted = ROW_COUNT;
            v_tables := jsonb_set(v_tables, ARRAY[v_table.target_table],
                                  coalesce(v_tables -> v_table.target_table, '{}')
                                  || jsonb_build_object('restored', v_rows + v_inserted));
        END LOOP;

        -- K2615: a row the run inserted that a row outside the rollback still references (any foreign key,
        -- whatever its ON DELETE action: CASCADE or SET NULL would silently change rows the run never wrote).
        FOR v_fk IN
            SELECT k.conname, k.conrelid::regclass AS child, k.confrelid::regclass AS parent,
                   (SELECT string_agg(format('ch.%I = p.%I', ca.attname, pa.attname), ' AND ')
                      FROM unnest(k.conkey, k.confkey) AS u (ck, pk)
                      JOIN pg_catalog.pg_attribute AS ca ON ca.attrelid = k.conrelid AND ca.attnum = u.ck
                      JOIN pg_catalog.pg_attribute AS pa ON pa.attrelid = k.confrelid AND pa.attnum = u.pk) AS cond,
                   (SELECT string_agg(format('%I', ca.attname), ', ')
                      FROM unnest(k.conkey) AS u (ck)
                      JOIN pg_catalog.pg_attribute AS ca ON ca.attrelid = k.conrelid AND ca.attnum = u.ck) AS cols,
                   EXISTS (SELECT 1 FROM pg_catalog.pg_attribute AS a
                            WHERE a.attrelid = k.conrelid AND a.attname = 'id' AND a.atttypid = 'uuid'::regtype
                              AND NOT a.attisdropped) AS child_has_id
              FROM pg_catalog.pg_constraint AS k
             WHERE k.contype = 'f'
               AND k.confrelid IN (SELECT to_regclass(b.target_table) FROM pg_temp.kv2rel_rollback_rows AS b
                                    WHERE b.action = 'inserted')
             ORDER BY k.conrelid::regclass::text, k.conname
        LOOP
            EXECUTE format(
                'SELECT count(*) AS n, min(format(''%%s %%s (%%s) references %%s %%s (key %%s)'', %1$L,'
                ' %2$s, %3$L, %4$L, p.id, coalesce(d.key, ''?''))) AS list'
                ' FROM %5$s AS ch JOIN %6$s AS p ON %7$s'
                ' JOIN pg_temp.kv2rel_rollback_rows AS d ON d.target_table = %4$L AND d.action = ''inserted'''
                ' AND d.target_id = p.id'
                ' WHERE %8$s',
                v_fk.child::text, CASE WHEN v_fk.child_has_id THEN 'ch.id' ELSE '''(a row)''' END, v_fk.cols,
                v_fk.parent::text, v_fk.child, v_fk.parent, v_fk.cond,
                CASE WHEN v_fk.child_has_id
                     THEN format('NOT EXISTS (SELECT 1 FROM pg_temp.kv2rel_rollback_rows AS o WHERE o.target_table = %L'
                                 ' AND o.action = ''inserted'' AND o.target_id = ch.id)', v_fk.child::text)
                     ELSE 'TRUE' END
            ) INTO v_hit;
            IF v_hit.n > 0 THEN
                RAISE EXCEPTION 'run % cannot be rolled back: % row(s) of % that the run did not insert still '
                                'reference rows it inserted (%), e.g. %', v_id, v_hit.n, v_fk.child, v_fk.conname,
                                v_hit.list
                    USING ERRCODE = 'K2615',
                          HINT = 'They were added by a later run or by hand: roll that run back first, or delete or '
                                 're-point those rows, then roll back again.';
            END IF;
        END LOOP;

        FOR v_table IN
            SELECT o.target_table, o.target_table::regclass AS rel, o.ord
              FROM kv2rel.rollback_table_order(
                       ARRAY(SELECT DISTINCT b.target_table FROM pg_temp.kv2rel_rollback_rows AS b
                              WHERE b.action = 'inserted')) AS o
             ORDER BY o.ord DESC, o.target_table DESC
        LOOP
            EXECUTE format(
                'DELETE FROM %s AS t USING kv2rel.run_changes AS c'
                ' WHERE c.run_id = $1 AND c.target_table = $2 AND c.action = ''inserted'' AND t.id = c.target_id',
                v_table.rel
            ) USING v_id, v_table.target_table;
            GET DIAGNOSTICS v_rows = ROW_COUNT;
            v_tables := jsonb_set(v_tables, ARRAY[v_table.target_table],
                                  coalesce(v_tables -> v_table.target_table, '{}')
                                  || jsonb_build_object('deleted', v_rows));
        END LOOP;
    EXCEPTION
        WHEN integrity_constraint_violation THEN
            GET STACKED DIAGNOSTICS v_message = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
            RAISE EXCEPTION 'run % cannot be rolled back: %', v_id, v_message
                USING ERRCODE = 'K2616', DETAIL = coalesce(v_detail, ''),
                      HINT = 'A row changed since the run conflicts with a restored or deleted one; fix that row '
                             '(the DETAIL names it) and roll back again. Nothing was changed.';
    END;
    PERFORM pg_catalog.set_config('kv2rel.preserve_timestamps', coalesce(v_preserve, ''), TRUE);

    -- Keys a rolled back retry run had resolved are unresolved again (their rows are gone).
    UPDATE kv2rel.quarantine AS q SET resolved_at = NULL WHERE q.retry_run_id = v_id AND q.resolved_at IS NOT NULL;

    SELECT coalesce(sum((x.value ->> 'deleted')::bigint), 0) AS deleted,
           coalesce(sum((x.value ->> 'restored')::bigint), 0) AS restored,
           (SELECT count(*) FROM pg_temp.kv2rel_rollback_rows AS b WHERE b.state IN ('missing', 'modified')) AS forced
      INTO v_totals
      FROM jsonb_each(v_tables) AS x;
    UPDATE kv2rel.runs AS r
       SET status = 'rolled_back', rolled_back_at = clock_timestamp(), rolled_back_by = session_user,
           rollback_summary = jsonb_build_object(
               'previous_status', v_run.status, 'deleted', v_totals.deleted, 'restored', v_totals.restored,
               'forced', v_totals.forced, 'tables', v_tables,
               'forced_rows', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                   'target_table', b.target_table, 'target_id', b.target_id, 'key', b.key,
                                   'action', b.action, 'state', b.state) ORDER BY b.target_table, b.target_id), '[]')
                                 FROM pg_temp.kv2rel_rollback_rows AS b WHERE b.state IN ('missing', 'modified')))
     WHERE r.run_id = v_id;
    RAISE NOTICE 'kv2rel rollback: run % rolled back: % row(s) deleted, % restored, in % table(s)%', v_id,
        v_totals.deleted, v_totals.restored, (SELECT count(*) FROM jsonb_object_keys(v_tables)),
        CASE WHEN v_totals.forced > 0 THEN format(' (%s forced over later edits)', v_totals.forced) ELSE '' END
        USING DETAIL = v_tables::text;

    RETURN QUERY
    SELECT v_id, x.key, coalesce((x.value ->> 'deleted')::bigint, 0), coalesce((x.value ->> 'restored')::bigint, 0),
           (SELECT count(*) FROM pg_temp.kv2rel_rollback_rows AS b
             WHERE b.target_table = x.key AND b.state IN ('missing', 'modified'))
      FROM jsonb_each(v_tables) AS x
     ORDER BY x.key;
END
$function$;

COMMENT ON FUNCTION kv2rel.rollback(bigint, boolean) IS
'Undo run p_run_id (default: the latest run) in one transaction: delete the rows it inserted, restore the '
'before-images of the rows it updated (kv2rel.run_changes), children before parents, and mark it rolled_back; '
'returns rows deleted/restored/forced per table. Refuses with K2610 unknown run, K2611 already rolled back, K2612 a '
'later run depends on it, K2613 a migration is running, K2614 rows edited after the run (p_force overrides), '
'K2615 rows it inserted still referenced, K2616 a table is gone or a constraint refuses the restore.';
