-- Function: kv2rel.check_unindexed_foreign_keys
-- Purpose: foreign keys on tables in schema public whose columns are not the leading columns (in any order) of a
--          valid btree index (or a single-column hash index) on the same table. Without one, every DELETE or key
--          UPDATE of a parent row scans the child table. A partial index counts only when its predicate is
--          nothing but "<fk column> IS NOT NULL" tests (NULL references are never looked up); expression
--          columns and INCLUDE columns never count.
-- Usage (psql): SELECT * FROM kv2rel.check_unindexed_foreign_keys();

CREATE OR REPLACE FUNCTION kv2rel.check_unindexed_foreign_keys()
RETURNS TABLE (
    table_name text,
    constraint_name text,
    columns text[]
)
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE sql
AS $function$
    SELECT c.relname::text,
           con.conname::text,
           ARRAY(
               SELECT a.attname::text
                 FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY AS k (attnum, ord)
                 JOIN pg_catalog.pg_attribute AS a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                ORDER BY k.ord
           )
      FROM pg_catalog.pg_constraint AS con
      JOIN pg_catalog.pg_class AS c ON c.oid = con.conrelid
      JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
     WHERE con.contype = 'f'
       AND n.nspname = 'public'
       AND con.conparentid = 0
       AND NOT EXISTS (
            SELECT 1
              FROM pg_catalog.pg_index AS i
              JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
              JOIN pg_catalog.pg_am AS am ON am.oid = ic.relam
             CROSS JOIN LATERAL (
                    SELECT ARRAY(
                               SELECT i.indkey[k.k]
                                 FROM pg_catalog.generate_series(0, pg_catalog.cardinality(con.conkey) - 1) AS k (k)
                           ) AS leading,
                           pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate
                   ) AS x
             WHERE i.indrelid = con.conrelid
               AND i.indisvalid
               AND i.indisready
               AND (am.amname = 'btree' OR (am.amname = 'hash' AND pg_catalog.cardinality(con.conkey) = 1))
               AND i.indnkeyatts >= pg_catalog.cardinality(con.conkey)
               AND x.leading @> con.conkey
               AND x.leading <@ con.conkey
               AND (
                    x.predicate IS NULL
                    OR (
                        -- only "(col IS NOT NULL)" tests joined by AND ...
                        pg_catalog.regexp_replace(
                            pg_catalog.regexp_replace(x.predicate, '\(([^\s()]+) IS NOT NULL\)', '', 'g'),
                            '\mAND\M|[\s()]', '', 'g'
                        ) = ''
                        -- ... and only on the foreign key's columns
                        AND NOT EXISTS (
                            SELECT 1
                              FROM pg_catalog.regexp_matches(x.predicate, '\(([^\s()]+) IS NOT NULL\)', 'g') AS m (m)
                             WHERE m.m[1] NOT IN (
                                    SELECT pg_catalog.quote_ident(a.attname)
                                      FROM pg_catalog.pg_attribute AS a
                                     WHERE a.attrelid = con.conrelid
                                       AND a.attnum = ANY (con.conkey)
                                   )
                        )
                    )
               )
       )
     ORDER BY c.relname, con.conname;
$function$;

COMMENT ON FUNCTION kv2rel.check_unindexed_foreign_keys() IS
'Foreign keys on tables in public (table_name, constraint_name, columns) that no valid btree/hash index serves: '
'the key columns are not the leading index columns, or the index is partial with a predicate other than '
'"fk column IS NOT NULL". Empty when every foreign key is indexed.';
