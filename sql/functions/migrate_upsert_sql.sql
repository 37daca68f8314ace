-- Function: kv2rel.migrate_upsert_sql
-- Purpose: compile the one statement a batch uses to write its clean staged rows into target p_table: an
--          INSERT ... ON CONFLICT (id) DO UPDATE that only touches rows whose values differ (so a re-run changes
--          nothing), and, in the same statement, the kv2rel.run_changes rows (before-images read from the
--          pre-statement snapshot, and written_hash, the hash of the row as stored) and the staging table's
--          kv2rel_written marks.
-- Usage (psql): SELECT kv2rel.migrate_upsert_sql('public.clients');
--
-- Parameters of the statement: $1 = run id, $2 = batch number, $3 = one KV key (NULL: every clean row; the
-- row-by-row fallback passes each key in turn).

CREATE OR REPLACE FUNCTION kv2rel.migrate_upsert_sql(
    p_table regclass
)
RETURNS text
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_stage text := kv2rel.migrate_stage_table(p_table);
    v_cols text;
    v_scols text;
    v_set text;
    v_old text;
    v_new text;
    v_hash text := 'hash_record_extended(t, 0)';
BEGIN
    -- written_hash (kv2rel.rollback's check for later edits) needs a hash function for every column type.
    BEGIN
        EXECUTE format('SELECT hash_record_extended(jsonb_populate_record(NULL::%s, ''{}''), 0)', p_table);
    EXCEPTION
        WHEN undefined_function THEN
            v_hash := 'NULL::bigint';
    END;
    SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum),
           string_agg(format('s.%I', a.attname), ', ' ORDER BY a.attnum),
           string_agg(format('%1$I = EXCLUDED.%1$I', a.attname), ', ' ORDER BY a.attnum)
               FILTER (WHERE a.attname <> 'id'),
           string_agg(format('t.%I', a.attname), ', ' ORDER BY a.attnum) FILTER (WHERE a.attname <> 'id'),
           string_agg(format('EXCLUDED.%I', a.attname), ', ' ORDER BY a.attnum) FILTER (WHERE a.attname <> 'id')
      INTO v_cols, v_scols, v_set, v_old, v_new
      FROM pg_catalog.pg_attribute AS a
     WHERE a.attrelid = p_table AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
    RETURN format(
        'WITH up AS ('
        'INSERT INTO %1$s AS t (%2$s) SELECT %3$s FROM %4$s AS s'
        ' WHERE s.kv2rel_reason IS NULL AND ($3::text IS NULL OR s.kv2rel_key = $3)'
        ' ON CONFLICT (id) DO UPDATE SET %5$s WHERE (%6$s) IS DISTINCT FROM (%7$s)'
        ' RETURNING t.id, (t.xmax = 0) AS inserted, %9$s AS written_hash'
        '), ch AS ('
        'INSERT INTO kv2rel.run_changes (run_id, target_table, target_id, action, key, batch_no, before_image,'
        ' written_hash)'
        ' SELECT $1, %8$L, up.id, CASE WHEN up.inserted THEN ''inserted'' ELSE ''updated'' END, s.kv2rel_key, $2,'
        ' CASE WHEN NOT up.inserted THEN (SELECT to_jsonb(o) FROM %1$s AS o WHERE o.id = up.id) END,'
        ' up.written_hash'
        ' FROM up JOIN %4$s AS s ON s.id = up.id'
        ') UPDATE %4$s AS s SET kv2rel_written = CASE WHEN up.inserted THEN ''inserted'' ELSE ''updated'' END'
        ' FROM up WHERE s.id = up.id',
        p_table, v_cols, v_scols, v_stage, v_set,
        CASE WHEN strpos(v_old, ',') > 0 THEN v_old ELSE 'ROW(' || v_old || ')' END,
        CASE WHEN strpos(v_new, ',') > 0 THEN v_new ELSE 'ROW(' || v_new || ')' END,
        p_table::text, v_hash
    );
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_upsert_sql(regclass) IS
'The statement writing a batch''s clean staged rows into p_table (INSERT ... ON CONFLICT (id) DO UPDATE only when '
'values differ), logging each inserted or updated row with its before-image and written_hash in kv2rel.run_changes. '
'$1 run, $2 batch, $3 one key or NULL.';
