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
--          derived from site configurations) are not summed here.
-- Usage (psql): SELECT * FROM kv2rel.reconcile_table_sums(1);
-- requires: reconcile_run
--
-- One row per table and entity of the run's migrated keys. item_rows: that entity's keys; written_rows,
-- table_rows: of the whole table; hash_sum: sum of written_hash of the entity's rows (NULL when not agrees).

CREATE OR REPLACE FUNCTION kv2rel.reconcile_table_sums(
    p_run_id bigint DEFAULT NULL
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
    v_items jsonb;
    v_writes jsonb;
    v_split jsonb;
    v_rows jsonb;
    v_rows_sql text;
BEGIN
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    -- items, per table and entity (a table may hold several entities: email templates). EXECUTE, not a static
    -- SELECT INTO: PL/pgSQL runs the latter with a row limit, which rules out parallel workers.
    EXECUTE 'SELECT coalesce(jsonb_agg(jsonb_build_object(''tbl'', x.target_table, ''entity'', x.entity,'
            ' ''n'', x.n, ''key_sum'', x.key_sum)), ''[]'')'
            ' FROM (SELECT i.target_table, i.entity, count(*) AS n,'
            ' sum(pg_catalog.hash_record_extended(ROW(i.target_id, i.key), 0)) AS key_sum'
            ' FROM kv2rel.run_items AS i'
            ' WHERE i.run_id = $1 AND i.outcome = ''migrated'' AND i.target_table IS NOT NULL'
            ' AND i.target_table NOT IN (''public.site_product_exclusions'', ''public.site_category_exclusions'')'
            ' GROUP BY i.target_table, i.entity) AS x'
       INTO v_items
      USING v_run;
    -- writes, per table
    EXECUTE 'SELECT coalesce(jsonb_object_agg(x.target_table, jsonb_build_object(''n'', x.n, ''hashed'', x.hashed,'
            ' ''key_sum'', x.key_sum, ''version_sum'', x.version_sum, ''hash_sum'', x.hash_sum)), ''{}'')'
            ' FROM (SELECT c.target_table, count(*) AS n, count(c.written_hash) AS hashed,'
            ' sum(pg_catalog.hash_record_extended(ROW(c.target_id, c.key), 0)) AS key_sum,'
            ' sum(pg_catalog.hash_record_extended(ROW(c.target_id, c.xmin), 0)) AS version_sum,'
            ' sum(c.written_hash) AS hash_sum'
            ' FROM kv2rel.run_changes AS c'
            ' WHERE c.run_id = $1 AND c.target_table = ANY ($2)'
            ' GROUP BY c.target_table) AS x'
       INTO v_writes
      USING v_run, ARRAY(SELECT DISTINCT e.value ->> 'tbl' FROM jsonb_array_elements(v_items) AS e);
    -- the written hashes per entity of the tables that hold several (one join, their rows only)
    EXECUTE 'SELECT coalesce(jsonb_object_agg(x.target_table || ''|'' || x.entity, x.hash_sum), ''{}'')'
            ' FROM (SELECT c.target_table, k.entity, coalesce(sum(c.written_hash), 0) AS hash_sum'
            ' FROM kv2rel.run_changes AS c'
            ' JOIN kv2rel.run_items AS k ON k.run_id = c.run_id AND k.key = c.key'
            ' WHERE c.run_id = $1 AND c.target_table = ANY ($2)'
            ' GROUP BY c.target_table, k.entity) AS x'
       INTO v_split
      USING v_run, ARRAY(SELECT e.value ->> 'tbl' FROM jsonb_array_elements(v_items) AS e
                          GROUP BY e.value ->> 'tbl' HAVING count(*) > 1);
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

COMMENT ON FUNCTION kv2rel.reconcile_table_sums(bigint) IS
'Target side of the fast reconciliation of run p_run_id (default: the latest completed migrate run), per table '
'and entity, without a join: the run''s migrated items, its write log and the table''s rows summed as multisets '
'(hash_record_extended); agrees when the table holds exactly the rows the run wrote, unchanged, for the keys it '
'wrote them for (up to hash collisions); hash_sum: the sum of their written_hash. Exclusion tables excluded.';
