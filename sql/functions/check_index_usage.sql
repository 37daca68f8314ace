-- Function: kv2rel.check_index_usage
-- Purpose: one row per index on a table in schema public: scans and tuples from pg_stat_user_indexes (whose
--          columns are relname/indexrelname; the source team's version asked for tablename/indexname, which only
--          pg_indexes has, and failed), its size, whether it is unique or the primary key, whether it is unused,
--          and which index it duplicates.
--          * is_unused: never scanned since the statistics were reset, and not enforcing anything (not unique,
--            not primary, not backing a constraint). On a fresh database every such index is "unused": read it
--            after a representative workload.
--          * duplicate_of: the index this one duplicates (same table, access method, key and INCLUDE columns,
--            operator classes, collations, sort options, expressions and predicate). In each group of duplicates
--            one index is kept (primary key, then constraint index, then unique, then the oldest) and every other
--            one names it. A non-unique index duplicates a unique one with the same definition; a unique index
--            only duplicates a unique one with the same NULLS [NOT] DISTINCT and deferrability.
--          VOLATILE because index_bytes reads the file size.
-- Usage (psql): SELECT * FROM kv2rel.check_index_usage() WHERE is_unused OR duplicate_of IS NOT NULL;

CREATE OR REPLACE FUNCTION kv2rel.check_index_usage()
RETURNS TABLE (
    table_name text,
    index_name text,
    index_scans bigint,
    tuples_read bigint,
    tuples_fetched bigint,
    index_bytes bigint,
    is_unique boolean,
    is_primary boolean,
    is_unused boolean,
    duplicate_of text
)
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE sql
AS $function$
    WITH ix AS (
        SELECT s.indexrelid,
               s.relid,
               s.relname::text AS table_name,
               s.indexrelname::text AS index_name,
               s.idx_scan,
               s.idx_tup_read,
               s.idx_tup_fetch,
               i.indisunique,
               i.indisprimary,
               i.indimmediate,
               EXISTS (
                   SELECT 1
                     FROM pg_catalog.pg_constraint AS con
                    WHERE con.conindid = i.indexrelid
                      AND con.conrelid = i.indrelid
                      AND con.contype IN ('p', 'u', 'x')
               ) AS backs_constraint,
               -- indnullsnotdistinct exists from PostgreSQL 15 on; read it without naming the column
               coalesce(pg_catalog.to_jsonb(i.*) ->> 'indnullsnotdistinct', 'false') AS nulls_not_distinct,
               pg_catalog.concat_ws(
                   '|', ic.relam::text, i.indnkeyatts::text, i.indkey::text, i.indclass::text,
                   i.indcollation::text, i.indoption::text,
                   coalesce(pg_catalog.pg_get_expr(i.indexprs, i.indrelid), ''),
                   coalesce(pg_catalog.pg_get_expr(i.indpred, i.indrelid), '')
               ) AS signature
          FROM pg_catalog.pg_stat_user_indexes AS s
          JOIN pg_catalog.pg_index AS i ON i.indexrelid = s.indexrelid
          JOIN pg_catalog.pg_class AS ic ON ic.oid = s.indexrelid
         WHERE s.schemaname = 'public'
    )
    SELECT x.table_name,
           x.index_name,
           x.idx_scan,
           x.idx_tup_read,
           x.idx_tup_fetch,
           pg_catalog.pg_relation_size(x.indexrelid),
           x.indisunique,
           x.indisprimary,
           x.idx_scan = 0 AND NOT x.indisunique AND NOT x.indisprimary AND NOT x.backs_constraint,
           d.index_name
      FROM ix AS x
      LEFT JOIN LATERAL (
            SELECT k.index_name
              FROM ix AS k
             WHERE k.relid = x.relid
               AND k.indexrelid <> x.indexrelid
               AND k.signature = x.signature
               AND (
                    NOT x.indisunique
                    OR (
                        k.indisunique
                        AND k.nulls_not_distinct = x.nulls_not_distinct
                        AND k.indimmediate = x.indimmediate
                    )
               )
               -- k is preferred to x: primary, then constraint index, then unique, then older (lower oid)
               AND (NOT k.indisprimary, NOT k.backs_constraint, NOT k.indisunique, k.indexrelid)
                   < (NOT x.indisprimary, NOT x.backs_constraint, NOT x.indisunique, x.indexrelid)
             ORDER BY NOT k.indisprimary, NOT k.backs_constraint, NOT k.indisunique, k.indexrelid
             LIMIT 1
           ) AS d ON true
     ORDER BY x.table_name, x.index_name;
$function$;

COMMENT ON FUNCTION kv2rel.check_index_usage() IS
'One row per index on a table in public: index_scans, tuples_read, tuples_fetched (pg_stat_user_indexes), '
'index_bytes, is_unique, is_primary, is_unused (never scanned and enforcing nothing) and duplicate_of (the kept '
'index with the identical definition, NULL when the index duplicates none).';
