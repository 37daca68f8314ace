-- Function: kv2rel.verify_orphans
-- Purpose: one assertion per foreign-key relationship of schema public: no child row points to a missing parent
--          row. Covers every foreign key in pg_constraint (kv2rel.check_orphans) plus the core relationships of
--          the named checks (kv2rel.check_orphaned_sites/products/orders/employees) that no foreign key
--          enforces any more, so an orphan behind a dropped key is still reported. Diagnostics give the count and
--          sample child ids. Relationships whose tables do not exist are skipped (the schema checks report them).
-- Usage (psql): SELECT * FROM kv2rel.verify_orphans();
-- requires: check_orphans, check_orphaned_sites, check_orphaned_products
-- requires: check_orphaned_orders, check_orphaned_employees

CREATE OR REPLACE FUNCTION kv2rel.verify_orphans()
RETURNS SETOF kv2rel.assertion
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_row record;
    v_seen text[] := '{}';
BEGIN
    FOR v_row IN
        SELECT o.child_table, o.constraint_name, o.child_columns, o.parent_table, o.orphan_count, o.sample_ids,
               o.relationship
          FROM kv2rel.check_orphans() AS o
         ORDER BY o.child_table, o.constraint_name
    LOOP
        v_seen := v_seen || v_row.relationship;
        CONTINUE WHEN v_row.orphan_count IS NULL;
        RETURN NEXT ROW(
            v_row.orphan_count = 0,
            pg_catalog.format(
                'no %s row points to a missing %s (%s)', v_row.child_table, v_row.parent_table, v_row.constraint_name
            ),
            CASE WHEN v_row.orphan_count > 0 THEN
                pg_catalog.format(
                    '%s orphan row(s) in %s (%s); sample ids: %s',
                    v_row.orphan_count, v_row.child_table, v_row.relationship,
                    pg_catalog.array_to_string(v_row.sample_ids, ', ')
                )
            END
        )::kv2rel.assertion;
    END LOOP;

    FOR v_row IN
        SELECT n.relationship, n.orphan_count, n.sample_ids, n.detail,
               pg_catalog.split_part(n.relationship, '.', 1) AS child_table,
               pg_catalog.split_part(pg_catalog.split_part(n.relationship, ' -> ', 2), '.', 1) AS parent_table
          FROM (
                SELECT 1 AS ord, s.* FROM kv2rel.check_orphaned_sites() AS s
                UNION ALL
                SELECT 2, p.* FROM kv2rel.check_orphaned_products() AS p
                UNION ALL
                SELECT 3, e.* FROM kv2rel.check_orphaned_employees() AS e
                UNION ALL
                SELECT 4, o.* FROM kv2rel.check_orphaned_orders() AS o
               ) AS n
         WHERE n.source = 'target'
           AND n.orphan_count IS NOT NULL
           AND n.relationship <> ALL (v_seen)
         ORDER BY n.ord, n.relationship
    LOOP
        RETURN NEXT ROW(
            v_row.orphan_count = 0,
            pg_catalog.format(
                'no %s row points to a missing %s (%s, no foreign key)',
                v_row.child_table, v_row.parent_table, v_row.relationship
            ),
            CASE WHEN v_row.orphan_count > 0 THEN
                pg_catalog.format(
                    '%s; sample ids: %s', v_row.detail, pg_catalog.array_to_string(v_row.sample_ids, ', ')
                )
            END
        )::kv2rel.assertion;
    END LOOP;
END
$function$;

COMMENT ON FUNCTION kv2rel.verify_orphans() IS
'Assertions "no <child> row points to a missing <parent> (<constraint>)", one per foreign key in public and one '
'per core relationship left without a foreign key; diagnostics give the orphan count and sample ids.';
