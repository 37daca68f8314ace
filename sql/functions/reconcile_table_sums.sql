-- Function: kv2rel.reconcile_table_sums
-- Purpose: the target side of the fast reconciliation, table by table, in one pass over each table and without a
--          join: does the table hold exactly the rows run p_run_id wrote, unchanged since? Three multisets are
--          summed (count and sum of the 64-bit hash_record_extended of each pair):
--            items   (target_id, key) of the run's migrated keys with that target table (kv2rel.run_items);
--            writes  (target_id, key) and (target_id, row version) of the run's write log (kv2rel.run_changes);
--            rows    (id, row version) of the table's rows: those with a legacy_id (rows without one are not
--                    the migration's and are ignored, as kv2rel.reconcile_fast ignores them), or every row of a
--                    table without that column.
--          items = writes (by key) and writes = rows (by version), every write with a written_hash: every migrated
--          key's row was written by this run for that key, is still the row version written, and no other row
--          carries a legacy_id; so each row still hashes to its written_hash (hash_sum, their sum). Up to hash
--          collisions. A table that does not agree (a row updated, deleted or added, rows written by another run,
--          a pre-existing row) is reconciled row by row by kv2rel.reconcile_fast. The exclusion tables (rows
--          derived from site configurations) are not summed here. The items and writes come from
--          kv2rel.run_ledger_sums (the run's seal when it has one: then only the target tables are read), or
--          from p_ledger, that function's result, when the caller has it already.
-- Usage (psql): SELECT * FROM kv2rel.reconcile_table_sums(1);
-- requires: reconcile_run, run_ledger_sums
--
-- One row per table and entity of the run's migrated keys. item_rows: that entity's keys; written_rows,
-- table_rows: of the whole table; hash_sum: sum of written_hash of the entity's rows (NULL when not agrees).

DROP FUNCTION IF EXISTS kv2rel.reconcile_table_sums(bigint);

CREATE OR REPLACE FUNCTION kv2rel.reconcile_table_sums(
    p_run_id bigint DEFAULT NULL,
    p_ledger jsonb DEFAULT NULL
)
RETURNS TABLE (
    run_id bigint,
    target_table text,
    entity text,
    item_rows bigint,
    written_rows bigint,
    table_rows bigint,
    hash_sum numeric,
    agrees boolean
)
STABLE
SET search_path = pg_catalog, pg_temp
SET jit = off
SET parallel_setup_cost = 10
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run bigint := kv2rel.reconcile_run(p_run_id);
    v_ledger jsonb;
    v_items jsonb;
    v_writes jsonb;
    v_split jsonb;
    v_rows jsonb;
    v_rows_sql text;
BEGIN
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    -- items per table and entity (a table may hold several entities: email templates), writes per table, written
    -- hashes per entity of the tables that hold several: the ledger's side.
    v_ledger := coalesce(p_ledger, kv2rel.run_ledger_sums(v_run));
    v_items := v_ledger -> 'items';
    v_writes := v_ledger -> 'writes';
    v_split := v_ledger -> 'split';
    -- rows, per table (one UNION ALL: each branch may use parallel workers)
    SELECT string_agg(format(
               'SELECT %L::text AS tbl, count(*) AS n,'
               ' coalesce(sum(pg_catalog.hash_record_extended(ROW(t.id, t.xmin), 0)), 0) AS version_sum'
               ' FROM %s AS t%s',
               u.tbl, to_regclass(u.tbl),
               CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute AS a
                                  WHERE a.attrelid = to_regclass(u.tbl) AND a.attname = 'legacy_id'
                                    AND NOT a.attisdropped)
                    THEN ' WHERE t.legacy_id IS NOT NULL' ELSE '' END),
               ' UNION ALL ' ORDER BY u.tbl)
      INTO v_rows_sql
      FROM (SELECT DISTINCT e.value ->> 'tbl' AS tbl FROM jsonb_array_elements(v_items) AS e) AS u
     WHERE to_regclass(u.tbl) IS NOT NULL;
    IF v_rows_sql IS NOT NULL THEN
        EXECUTE format('SELECT jsonb_object_agg(r.tbl, jsonb_build_object(''n'', r.n, ''version_sum'', r.version_sum))'
                       ' FROM (%s) AS r', v_rows_sql)
           INTO v_rows;
    END IF;
    v_rows := coalesce(v_rows, '{}');

    RETURN QUERY
    WITH items AS (
        SELECT e.value ->> 'tbl' AS tbl, e.value ->> 'entity' AS entity, (e.value ->> 'n')::bigint AS n,
               (e.value ->> 'key_sum')::numeric AS key_sum
          FROM jsonb_array_elements(v_items) AS e
    ),
    tables AS (
        SELECT i.tbl, sum(i.n) AS n, sum(i.key_sum) AS key_sum, count(*) AS entities,
               (v_writes -> i.tbl ->> 'n')::bigint AS w_n, (v_writes -> i.tbl ->> 'hashed')::bigint AS w_hashed,
               (v_writes -> i.tbl ->> 'key_sum')::numeric AS w_key_sum,
               (v_writes -> i.tbl ->> 'version_sum')::numeric AS w_version_sum,
               (v_writes -> i.tbl ->> 'hash_sum')::numeric AS w_hash_sum,
               (v_rows -> i.tbl ->> 'n')::bigint AS r_n, (v_rows -> i.tbl ->> 'version_sum')::numeric AS r_version_sum
          FROM items AS i
         GROUP BY i.tbl
    ),
    verdict AS (
        SELECT t.*, coalesce(t.n = t.w_n AND t.w_n = t.r_n AND t.w_hashed = t.w_n AND t.key_sum = t.w_key_sum
                             AND t.w_version_sum = t.r_version_sum, false) AS agrees
          FROM tables AS t
    )
    SELECT v_run, v.tbl, i.entity, i.n, v.w_n, v.r_n,
           CASE WHEN NOT v.agrees THEN NULL
                WHEN v.entities = 1 THEN v.w_hash_sum
                -- several entities in one table: the written hashes of this entity's keys
                ELSE coalesce((v_split ->> (v.tbl || '|' || i.entity))::numeric, 0)
           END,
           v.agrees
      FROM verdict AS v
      JOIN items AS i ON i.tbl = v.tbl
     ORDER BY v.tbl, i.entity;
END
$function$;

COMMENT ON FUNCTION kv2rel.reconcile_table_sums(bigint, jsonb) IS
'Target side of the fast reconciliation of run p_run_id (default: the latest completed migrate run), per table '
'and entity, without a join: the run''s migrated items, its write log (kv2rel.run_ledger_sums, or p_ledger) and '
'the table''s rows summed as multisets '
'(hash_record_extended); agrees when the table holds exactly the rows the run wrote, unchanged, for the keys it '
'wrote them for (up to hash collisions); hash_sum: the sum of their written_hash. Exclusion tables excluded.';
