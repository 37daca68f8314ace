-- Function: kv2rel.migrate_batch
-- Purpose: migrate one batch of run p_run_id, set-based, and record its outcome; the caller commits (kv2rel.migrate
--          commits after every batch, so a batch is all or nothing and a killed run resumes at the next one).
-- Usage (psql): called by kv2rel.migrate, kv2rel.migrate_dry_run and kv2rel.retry_quarantined;
--               SELECT kv2rel.migrate_batch(7, 3);   -- returns the batch's counts
--
-- Steps, each one statement over the whole batch (kv2rel.migrate_compiled):
--   1 stage    map the batch's records into the staging table (if that statement fails, record by record, each
--              failing record quarantined with its SQLSTATE as invalid_value);
--   2 restore  keep the time-varying defaults (now()) of rows that already exist, so a re-run changes nothing;
--   3 derive   kv2rel.derived_columns (an order's client from its site, the soft-delete policy);
--   4 check    the first rule each row violates (foreign keys, NOT NULL, CHECK; once none is pending, unique values
--              and natural keys); the policy of kv2rel.constraint_policies then quarantines the row, or fixes,
--              nulls or suffixes it and it is checked again (at most 12 rounds);
--   5 write    INSERT ... ON CONFLICT (id) DO UPDATE of the clean rows, logging kv2rel.run_changes; if the
--              statement fails anyway, each row is written in its own subtransaction and a failing row is
--              quarantined with its SQLSTATE and constraint (the rest of the batch goes on);
--   6 account  run_items (outcome, target id, action), kv2rel.quarantine, run_batches, runs.progress, a NOTICE;
--              site configurations also get their exclusion rows (kv2rel.migrate_exclusions).
-- Timestamps: kv2rel.preserve_timestamps is set for the transaction, so updated_at keeps the source's value.

CREATE OR REPLACE FUNCTION kv2rel.migrate_batch(
    p_run_id bigint,
    p_batch_no integer
)
RETURNS jsonb
VOLATILE
SET search_path = pg_catalog, pg_temp
SET jit = off
LANGUAGE plpgsql
AS $function$
DECLARE
    v_started timestamptz := clock_timestamp();
    v_batch kv2rel.run_batches;
    v_run kv2rel.runs;
    v_kv regclass;
    v_envs text[];
    v_c record;
    v_rule record;
    v_key text;
    v_sql text;
    v_failed text[];
    v_changed boolean;
    v_recheck_all boolean;
    v_nestloop text;
    v_rows bigint;
    v_pass integer;
    v_row_by_row boolean := FALSE;
    v_state text;
    v_message text;
    v_constraint text;
    v_code text;
    v_counts record;
    v_progress jsonb;
    v_timings jsonb := '{}';
    v_fast_sql text;
    v_slow_sql text[];
    v_staged boolean;
    v_mark timestamptz := clock_timestamp();
BEGIN
    PERFORM set_config('kv2rel.preserve_timestamps', 'on', TRUE);
    SELECT b.* INTO v_batch
      FROM kv2rel.run_batches AS b
     WHERE b.run_id = p_run_id AND b.batch_no = p_batch_no
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'run % has no batch %', p_run_id, p_batch_no
            USING ERRCODE = 'K2507', HINT = 'Batches of a run are listed in kv2rel.run_batches.';
    END IF;
    IF v_batch.status = 'done' THEN
        RETURN jsonb_build_object('batch_no', p_batch_no, 'status', 'done', 'skipped', TRUE);
    END IF;
    SELECT r.* INTO v_run FROM kv2rel.runs AS r WHERE r.run_id = p_run_id;
    v_kv := v_run.kv_table::regclass;
    v_envs := ARRAY(SELECT jsonb_array_elements_text(v_run.progress -> 'environments'));
    SELECT c.* INTO v_c FROM kv2rel.migrate_compiled(v_batch.entity, v_kv) AS c;
    SELECT c.fast_sql, c.slow_sql INTO v_fast_sql, v_slow_sql
      FROM pg_temp.kv2rel_compiled AS c
     WHERE c.entity = v_batch.entity AND c.kv_table = v_kv;
    EXECUTE format('TRUNCATE %s', v_c.stage_table);
    v_timings := v_timings
                 || jsonb_build_object('compile_ms',
                                       round(extract(epoch FROM clock_timestamp() - v_mark)::numeric * 1000, 1));
    v_mark := clock_timestamp();

    -- 1 stage: the parallel form of the compiled mapping when there is one; else, or when it fails, the single
    -- statement; when that fails too, record by record.
    v_staged := FALSE;
    IF v_fast_sql IS NOT NULL THEN
        BEGIN
            -- kv2rel.migrate_stage_sql: the mapping as CREATE TABLE AS (parallel workers), then the copy into the
            -- staging table and the records with secrets.
            IF to_regclass('pg_temp.kv2rel_mapped') IS NOT NULL THEN
                DROP TABLE pg_temp.kv2rel_mapped;
            END IF;
            EXECUTE v_fast_sql USING v_envs, p_run_id, p_batch_no, NULL::text;
            GET DIAGNOSTICS v_rows = ROW_COUNT;
            EXECUTE v_slow_sql[1];
            IF v_rows < v_batch.keys THEN
                -- Records with secrets: the anti-join with the mapped rows wants their statistics.
                ANALYZE pg_temp.kv2rel_mapped;
                EXECUTE v_slow_sql[2] USING v_envs, p_run_id, p_batch_no, NULL::text;
            END IF;
            DROP TABLE pg_temp.kv2rel_mapped;
            v_staged := TRUE;
        EXCEPTION
            WHEN OTHERS THEN
                -- Not a data error (class 22/23) but, say, a function marked PARALLEL SAFE that opens a
                -- subtransaction in a worker (25000): this session stops using the parallel form for the entity.
                GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE;
                IF left(v_state, 2) NOT IN ('22', '23') THEN
                    UPDATE pg_temp.kv2rel_compiled AS c
                       SET fast_sql = NULL
                     WHERE c.entity = v_batch.entity AND c.kv_table = v_kv;
                END IF;
        END;
    END IF;
    IF NOT v_staged THEN
        BEGIN
            EXECUTE v_c.stage_sql USING v_envs, p_run_id, p_batch_no, NULL::text;
        EXCEPTION
            WHEN OTHERS THEN
                v_row_by_row := TRUE;
                EXECUTE format('TRUNCATE %s', v_c.stage_table);
                FOR v_key IN SELECT i.key FROM kv2rel.run_items AS i
                              WHERE i.run_id = p_run_id AND i.batch_no = p_batch_no AND i.planned = 'migrate'
                              ORDER BY i.key COLLATE "C" LOOP
                    BEGIN
                        EXECUTE v_c.stage_sql USING v_envs, p_run_id, p_batch_no, v_key;
                    EXCEPTION
                        WHEN OTHERS THEN
                            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
                            EXECUTE format(
                                'INSERT INTO %s (kv2rel_key, kv2rel_reason, kv2rel_message, kv2rel_sqlstate)'
                                ' VALUES ($1, ''invalid_value'', $2, $3)', v_c.stage_table
                            ) USING v_key, 'the value cannot be mapped: ' || v_message, v_state;
                    END;
                END LOOP;
        END;
    END IF;

    v_timings := v_timings
                 || jsonb_build_object('stage_ms',
                                       round(extract(epoch FROM clock_timestamp() - v_mark)::numeric * 1000, 1),
                                       'stage_parallel_form', CASE WHEN v_staged THEN 1 ELSE 0 END);
    v_mark := clock_timestamp();
    -- From here on the statements join the (unanalysed, batch-sized) staging table with subqueries or small
    -- tables: hash joins, never a nested loop that rescans the staging table per row. Restored at the end.
    v_nestloop := current_setting('enable_nestloop');
    PERFORM set_config('enable_nestloop', 'off', TRUE);

    -- 2 restore, 3 derive
    IF v_c.restore_sql IS NOT NULL THEN
        EXECUTE v_c.restore_sql;
    END IF;
    FOREACH v_sql IN ARRAY v_c.derive_sql LOOP
        EXECUTE v_sql;
    END LOOP;

    v_timings := v_timings
                 || jsonb_build_object('derive_ms',
                                       round(extract(epoch FROM clock_timestamp() - v_mark)::numeric * 1000, 1));
    v_mark := clock_timestamp();
    -- 4 check and apply the constraint policies
    -- Rules first (foreign keys, NOT NULL, CHECK), repaired or quarantined until no row has a pending failure;
    -- only then unique values, so the batch's window holds exactly the rows that will be written.
    v_recheck_all := TRUE;
    FOR v_pass IN 1 .. 12 LOOP
        EXECUTE v_c.check_sql USING v_recheck_all;
        v_recheck_all := FALSE;
        EXECUTE format('SELECT array_agg(DISTINCT s.kv2rel_fail) FROM %s AS s'
                       ' WHERE s.kv2rel_fail IS NOT NULL AND s.kv2rel_reason IS NULL', v_c.stage_table)
           INTO v_failed;
        IF v_failed IS NULL THEN
            EXECUTE v_c.unique_sql USING TRUE;
            EXECUTE format('SELECT array_agg(DISTINCT s.kv2rel_fail) FROM %s AS s'
                           ' WHERE s.kv2rel_fail IS NOT NULL AND s.kv2rel_reason IS NULL', v_c.stage_table)
               INTO v_failed;
            EXIT WHEN v_failed IS NULL;
        END IF;
        v_changed := FALSE;
        -- Quarantine, in one statement: rows whose rule says so, repairs that did not help, and the last round.
        EXECUTE format(
            'UPDATE %s AS st'
            ' SET kv2rel_reason = CASE WHEN r.action = ''quarantine'' THEN r.reason_code ELSE r.fallback_code END'
            ' FROM pg_temp.kv2rel_rule_cache AS r'
            ' WHERE r.target_table = $1 AND r.rule_name = st.kv2rel_fail AND st.kv2rel_reason IS NULL'
            ' AND (r.action = ''quarantine'' OR $2 OR (r.action = ''suffix'' AND coalesce(st.kv2rel_attempt, 1) >= 10)'
            ' OR (r.action <> ''suffix'' AND r.rule_name = ANY (st.kv2rel_applied)))', v_c.stage_table
        ) USING v_c.target_table, v_pass = 12;
        GET DIAGNOSTICS v_rows = ROW_COUNT;
        v_changed := v_rows > 0;  -- quarantined rows leave the batch's window: check the unique values again
        FOR v_rule IN SELECT r.* FROM pg_temp.kv2rel_rule_cache AS r
                       WHERE r.target_table = v_c.target_table AND r.rule_name = ANY (v_failed)
                         AND r.action <> 'quarantine' LOOP
            v_sql := CASE v_rule.action
                WHEN 'fix' THEN format(
                    '%s, kv2rel_message = coalesce(kv2rel_message, %L)', v_rule.fix_sql,
                    format('repaired %s by %s', v_rule.rule_name, v_rule.fix_sql))
                WHEN 'nullify' THEN format(
                    '%s, kv2rel_message = coalesce(kv2rel_message, format(%L, %s))',
                    (SELECT string_agg(format('%I = NULL', c), ', ') FROM unnest(v_rule.columns) AS c),
                    format('%s referenced a missing %s row (source id %%s): set to NULL',
                           array_to_string(v_rule.columns, ', '),
                           v_rule.ref_table),
                    format('coalesce(kv2rel_refs ->> %L, %I::text)', v_rule.columns[1], v_rule.columns[1]))
                ELSE format(
                    '%1$I = coalesce(kv2rel_orig ->> %2$L, %1$I) || format(%3$L, coalesce(kv2rel_attempt, 1) + 1),'
                    ' kv2rel_orig = coalesce(kv2rel_orig, jsonb_build_object(%2$L, %1$I)),'
                    ' kv2rel_attempt = coalesce(kv2rel_attempt, 1) + 1,'
                    ' kv2rel_message = format(%4$L, coalesce(kv2rel_orig ->> %2$L, %1$I),'
                    ' coalesce(kv2rel_orig ->> %2$L, %1$I) || format(%3$L, coalesce(kv2rel_attempt, 1) + 1))',
                    v_rule.suffix_column, v_rule.suffix_column, v_rule.suffix_format,
                    format('%s %%L is held by a record whose key sorts first (%s): stored as %%L', v_rule.suffix_column,
                           v_rule.rule_name))
            END;
            EXECUTE format(
                'UPDATE %s SET %s, kv2rel_report = coalesce(kv2rel_report, %L),'
                ' kv2rel_applied = kv2rel_applied || %L::text,'
                ' kv2rel_fail = NULL, kv2rel_recheck = TRUE WHERE kv2rel_fail = %L AND kv2rel_reason IS NULL',
                v_c.stage_table, v_sql, v_rule.reason_code, v_rule.rule_name, v_rule.rule_name
            );
            GET DIAGNOSTICS v_rows = ROW_COUNT;
            v_changed := v_changed OR v_rows > 0;
        END LOOP;
        EXIT WHEN NOT v_changed;
    END LOOP;

    -- Quarantine details, in one statement: field, offending value, SQLSTATE the row would raise, message. The
    -- row's JSON (to_jsonb, the costly part for wide rows) is taken once per row in the fenced subquery d.
    EXECUTE format(
        'UPDATE %1$s AS st SET kv2rel_constraint = d.rule_name, kv2rel_field = d.columns[1],'
        ' kv2rel_sqlstate = CASE d.kind WHEN ''fkey'' THEN ''23503'' WHEN ''not_null'' THEN ''23502'''
        ' WHEN ''check'' THEN ''23514'' ELSE ''23505'' END,'
        ' kv2rel_value = CASE WHEN d.kind = ''fkey'' THEN to_jsonb(coalesce(st.kv2rel_refs ->> d.columns[1],'
        ' d.j ->> d.columns[1])) WHEN cardinality(d.columns) = 1 THEN d.j -> d.columns[1]'
        ' WHEN cardinality(d.columns) > 1'
        ' THEN (SELECT jsonb_object_agg(c, d.j -> c) FROM unnest(d.columns) AS c)'
        ' END,'
        ' kv2rel_message = CASE d.kind'
        ' WHEN ''fkey'' THEN format(''orphan: %%s %%s references %%s, which has no such row'
        ' (the record refers to %%L)'','
        ' array_to_string(d.columns, '', ''), d.j ->> d.columns[1], d.ref_table,'
        ' coalesce(st.kv2rel_refs ->> d.columns[1], ''?''))'
        ' WHEN ''not_null'' THEN format(''%%s is required and no source gives it a value'', d.columns[1])'
        ' ELSE format(''%%s violates %%s: %%s'', coalesce((SELECT string_agg(c || '' = '''
        ' || coalesce(d.j ->> c, ''NULL''), '', '') FROM unnest(d.columns) AS c), ''the row''),'
        ' d.rule_name, d.definition) END'
        ' FROM (SELECT s.kv2rel_key, to_jsonb(s) AS j, r.rule_name, r.kind, r.columns, r.ref_table, r.definition'
        ' FROM %1$s AS s JOIN pg_temp.kv2rel_rule_cache AS r ON r.rule_name = s.kv2rel_fail'
        ' WHERE r.target_table = $1 AND s.kv2rel_reason IS NOT NULL AND s.kv2rel_sqlstate IS NULL OFFSET 0) AS d'
        ' WHERE d.kv2rel_key = st.kv2rel_key', v_c.stage_table
    ) USING v_c.target_table;

    v_timings := v_timings
                 || jsonb_build_object('check_ms',
                                       round(extract(epoch FROM clock_timestamp() - v_mark)::numeric * 1000, 1));
    v_mark := clock_timestamp();
    -- 5 write
    BEGIN
        EXECUTE v_c.upsert_sql USING p_run_id, p_batch_no, NULL::text;
    EXCEPTION
        WHEN OTHERS THEN
            v_row_by_row := TRUE;
            EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s (kv2rel_key)',
                           replace(split_part(v_c.stage_table, '.', 2), '"', '') || '_key_idx', v_c.stage_table);
            EXECUTE format('UPDATE %s SET kv2rel_written = NULL', v_c.stage_table);
            FOR v_key IN EXECUTE format('SELECT s.kv2rel_key FROM %s AS s WHERE s.kv2rel_reason IS NULL'
                                        ' ORDER BY s.kv2rel_key COLLATE "C"', v_c.stage_table) LOOP
                BEGIN
                    EXECUTE v_c.upsert_sql USING p_run_id, p_batch_no, v_key;
                EXCEPTION
                    WHEN OTHERS THEN
                        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT,
                                                v_constraint = CONSTRAINT_NAME;
                        SELECT coalesce(
                                   (SELECT r.fallback_code FROM pg_temp.kv2rel_rule_cache AS r
                                     WHERE r.target_table = v_c.target_table AND r.rule_name = v_constraint),
                                   CASE
                                       WHEN v_state = '23503' THEN 'orphan_parent'
                                       WHEN v_state = '23505' THEN 'duplicate_natural_key'
                                       WHEN v_state IN ('23502', '23514') THEN 'check_violation'
                                       WHEN v_state LIKE '22%' THEN 'invalid_value'
                                       ELSE 'error'
                                   END)
                          INTO v_code;
                        EXECUTE format(
                            'UPDATE %s SET kv2rel_reason = $2, kv2rel_sqlstate = $3, kv2rel_constraint = $4,'
                            ' kv2rel_message = $5 WHERE kv2rel_key = $1', v_c.stage_table
                        ) USING v_key, v_code, v_state, nullif(v_constraint, ''), v_message;
                END;
            END LOOP;
    END;

    v_timings := v_timings
                 || jsonb_build_object('write_ms',
                                       round(extract(epoch FROM clock_timestamp() - v_mark)::numeric * 1000, 1));
    v_mark := clock_timestamp();
    -- 6 account
    EXECUTE format(
        'UPDATE kv2rel.run_items AS i'
        ' SET outcome = CASE WHEN s.kv2rel_reason IS NULL THEN ''migrated'' ELSE ''quarantined'' END,'
        ' target_id = CASE WHEN s.kv2rel_reason IS NULL THEN s.id END,'
        ' reason_code = coalesce(s.kv2rel_reason, s.kv2rel_report), message = s.kv2rel_message,'
        ' action = CASE WHEN s.kv2rel_reason IS NULL THEN coalesce(s.kv2rel_written, ''unchanged'') END,'
        ' processed_at = clock_timestamp()'
        ' FROM %s AS s WHERE i.run_id = $1 AND i.batch_no = $2 AND i.key = s.kv2rel_key', v_c.stage_table
    ) USING p_run_id, p_batch_no;
    EXECUTE format(
        'INSERT INTO kv2rel.quarantine (run_id, key, entity, field, offending_value, reason_code, message, sqlstate,'
        ' constraint_name)'
        ' SELECT $1, s.kv2rel_key, $2, s.kv2rel_field, s.kv2rel_value, s.kv2rel_reason,'
        ' coalesce(s.kv2rel_message, s.kv2rel_reason), s.kv2rel_sqlstate, s.kv2rel_constraint'
        ' FROM %s AS s WHERE s.kv2rel_reason IS NOT NULL', v_c.stage_table
    ) USING p_run_id, v_batch.entity;
    -- Safety net: a key of the batch that reached no staged row is quarantined, never lost.
    WITH lost AS (
        UPDATE kv2rel.run_items AS i
           SET outcome = 'quarantined', target_id = NULL, reason_code = 'error',
               message = 'the record produced no staged row', processed_at = clock_timestamp()
         WHERE i.run_id = p_run_id AND i.batch_no = p_batch_no AND i.outcome IS NULL
        RETURNING i.run_id, i.key, i.entity
    )
    INSERT INTO kv2rel.quarantine (run_id, key, entity, reason_code, message)
    SELECT l.run_id, l.key, l.entity, 'error', 'the record produced no staged row' FROM lost AS l;

    EXECUTE format(
        'SELECT count(*) FILTER (WHERE s.kv2rel_reason IS NULL) AS migrated,'
        ' count(*) FILTER (WHERE s.kv2rel_reason IS NOT NULL) AS quarantined,'
        ' count(*) FILTER (WHERE s.kv2rel_written = ''inserted'') AS inserted,'
        ' count(*) FILTER (WHERE s.kv2rel_written = ''updated'') AS updated FROM %s AS s', v_c.stage_table
    ) INTO v_counts;
    v_timings := v_timings
                 || jsonb_build_object('account_ms',
                                       round(extract(epoch FROM clock_timestamp() - v_mark)::numeric * 1000, 1));
    v_mark := clock_timestamp();
    UPDATE kv2rel.run_batches AS b
       SET status = 'done', timings = v_timings, migrated = v_counts.migrated,
           quarantined = v_batch.keys - v_counts.migrated,
           inserted = v_counts.inserted, updated = v_counts.updated, row_by_row = v_row_by_row,
           finished_at = clock_timestamp(),
           duration_ms = round((extract(epoch FROM clock_timestamp() - v_started) * 1000)::numeric, 3)
     WHERE b.run_id = p_run_id AND b.batch_no = p_batch_no;
    UPDATE kv2rel.runs AS r
       SET migrated = r.migrated + v_counts.migrated,
           quarantined = r.quarantined + (v_batch.keys - v_counts.migrated),
           heartbeat_at = clock_timestamp(),
           progress = r.progress || jsonb_build_object(
               'phase', 'batches',
               'batches_done', coalesce((r.progress ->> 'batches_done')::integer, 0) + 1,
               'keys_done', coalesce((r.progress ->> 'keys_done')::bigint, 0) + v_batch.keys,
               'batch_no', p_batch_no, 'entity', v_batch.entity, 'updated_at', clock_timestamp())
     WHERE r.run_id = p_run_id
    RETURNING r.progress INTO v_progress;
    PERFORM set_config('enable_nestloop', v_nestloop, TRUE);
    -- Rows a site configuration implies in other tables (exclusions by SKU and by category).
    IF v_batch.entity IN ('site_catalog_config', 'site_gift_config') THEN
        PERFORM kv2rel.migrate_exclusions(p_run_id, p_batch_no, v_kv, v_c.stage_table);
    END IF;
    RAISE NOTICE 'kv2rel migrate: run % batch %/% % (% keys): % migrated, % quarantined%',
        p_run_id, v_progress ->> 'batches_done', v_progress ->> 'batches_total', v_batch.entity, v_batch.keys,
        v_counts.migrated, v_batch.keys - v_counts.migrated, CASE WHEN v_row_by_row THEN ', row by row' ELSE '' END
        USING DETAIL = (v_progress - 'environments' || jsonb_build_object('run_id', p_run_id))::text;
    RETURN jsonb_build_object(
        'batch_no', p_batch_no, 'entity', v_batch.entity, 'keys', v_batch.keys, 'migrated', v_counts.migrated,
        'quarantined', v_batch.keys - v_counts.migrated, 'inserted', v_counts.inserted,
        'updated', v_counts.updated, 'row_by_row', v_row_by_row
    );
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_batch(bigint, integer) IS
'Migrate batch p_batch_no of run p_run_id set-based (stage, derive, check and repair, upsert with change log) and '
'account for every key; bad rows are quarantined, never fatal; falls back to row by row only for a failing batch.';
