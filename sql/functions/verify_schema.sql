-- Function: kv2rel.verify_schema
-- Purpose: structural assertions on the target schema in public (docs/schema.md): the 20 tables and 3 views
--          exist, every SCHEMA_DESIGN index exists under its seed name (or, where docs/schema.md says so, the
--          UNIQUE index that serves it), at least 50 indexes, every index valid, every foreign key backed by an
--          index leading with its columns, no duplicate or prefix-redundant index, every table with updated_at
--          has its <table>_set_updated_at trigger, every view is security_invoker, products.is_active is a
--          stored generated column, the slug, email and status CHECKs exist, every table has a primary key and
--          every constraint is validated. Each failed assertion names its culprits.
-- Usage (psql): SELECT * FROM kv2rel.verify_schema();

CREATE OR REPLACE FUNCTION kv2rel.verify_schema()
RETURNS SETOF kv2rel.assertion
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_list text;
    v_count bigint;
BEGIN
    -- 1. The target tables (docs/schema.md, Tables).
    SELECT string_agg(t.name, ', ' ORDER BY t.name)
      INTO v_list
      FROM unnest(ARRAY[
               'clients', 'catalogs', 'brands', 'products', 'sites', 'site_product_exclusions',
               'site_catalog_assignments', 'site_category_exclusions', 'site_gift_configs',
               'site_product_assignments', 'employees', 'orders', 'analytics_events', 'admin_users', 'audit_logs',
               'hris_connections', 'hris_sync_history', 'scheduled_trigger_logs', 'email_templates',
               'webhook_configs'
           ]) AS t (name)
     WHERE NOT EXISTS (
            SELECT 1
              FROM pg_class AS c
              JOIN pg_namespace AS n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public'
               AND c.relname = t.name
               AND c.relkind IN ('r', 'p')
           );
    RETURN NEXT ROW(
        v_list IS NULL, 'the 20 target tables exist in schema public', 'missing tables: ' || v_list
    )::kv2rel.assertion;

    -- 2. The views of SCHEMA_DESIGN.
    SELECT string_agg(v.name, ', ' ORDER BY v.name)
      INTO v_list
      FROM unnest(ARRAY['active_products_view', 'site_products_view', 'orders_summary_view']) AS v (name)
     WHERE NOT EXISTS (
            SELECT 1
              FROM pg_class AS c
              JOIN pg_namespace AS n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public'
               AND c.relname = v.name
               AND c.relkind = 'v'
           );
    RETURN NEXT ROW(
        v_list IS NULL, 'the 3 SCHEMA_DESIGN views exist in schema public', 'missing views: ' || v_list
    )::kv2rel.assertion;

    -- 3. Every index SCHEMA_DESIGN names, on its table. served_by: the unique index that replaces it
    --    (docs/schema.md, "SCHEMA_DESIGN index names"); NULL: the seed name itself must exist.
    SELECT string_agg(
               format('%s on public.%s', s.seed_name, s.table_name)
               || coalesce(format(' (served by unique index %s)', s.served_by), ''),
               ', ' ORDER BY s.table_name, s.seed_name
           )
      INTO v_list
      FROM (
            VALUES
                ('clients', 'idx_clients_status', NULL),
                ('clients', 'idx_clients_client_code', 'clients_client_code_key'),
                ('clients', 'idx_clients_name_trgm', NULL),
                ('sites', 'idx_sites_client_id', NULL),
                ('sites', 'idx_sites_slug', 'sites_slug_key'),
                ('sites', 'idx_sites_catalog_id', NULL),
                ('sites', 'idx_sites_client_status', NULL),
                ('catalogs', 'idx_catalogs_type', NULL),
                ('catalogs', 'idx_catalogs_status', NULL),
                ('catalogs', 'idx_catalogs_type_status', NULL),
                ('products', 'idx_products_catalog_id', NULL),
                ('products', 'idx_products_sku', NULL),
                ('products', 'idx_products_category', NULL),
                ('products', 'idx_products_is_active', NULL),
                ('products', 'idx_products_catalog_active', NULL),
                ('products', 'idx_products_name_trgm', NULL),
                ('products', 'idx_products_category_price', NULL),
                ('site_product_exclusions', 'idx_site_exclusions_site_id', NULL),
                ('site_product_exclusions', 'idx_site_exclusions_product_id', NULL),
                ('employees', 'idx_employees_site_id', NULL),
                ('employees', 'idx_employees_employee_id', NULL),
                ('employees', 'idx_employees_email', NULL),
                ('employees', 'idx_employees_serial_card', NULL),
                ('orders', 'idx_orders_client_id', NULL),
                ('orders', 'idx_orders_site_id', NULL),
                ('orders', 'idx_orders_order_number', 'orders_order_number_key'),
                ('orders', 'idx_orders_customer_email', NULL),
                ('orders', 'idx_orders_status', NULL),
                ('orders', 'idx_orders_created_at', NULL),
                ('orders', 'idx_orders_client_created', NULL),
                ('orders', 'idx_orders_site_created', NULL),
                ('analytics_events', 'idx_analytics_client_id', NULL),
                ('analytics_events', 'idx_analytics_site_id', NULL),
                ('analytics_events', 'idx_analytics_event_type', NULL),
                ('analytics_events', 'idx_analytics_created_at', NULL),
                ('analytics_events', 'idx_analytics_client_date', NULL),
                ('analytics_events', 'idx_analytics_site_date', NULL),
                ('admin_users', 'idx_admin_users_email', 'admin_users_lower_email_key'),
                ('admin_users', 'idx_admin_users_username', 'admin_users_username_key'),
                ('admin_users', 'idx_admin_users_status', NULL),
                ('audit_logs', 'idx_audit_logs_action', NULL),
                ('audit_logs', 'idx_audit_logs_entity', NULL),
                ('audit_logs', 'idx_audit_logs_user_id', NULL),
                ('audit_logs', 'idx_audit_logs_created_at', NULL)
           ) AS s (table_name, seed_name, served_by)
     WHERE NOT EXISTS (
            SELECT 1
              FROM pg_index AS i
              JOIN pg_class AS ic ON ic.oid = i.indexrelid
              JOIN pg_class AS tc ON tc.oid = i.indrelid
              JOIN pg_namespace AS n ON n.oid = tc.relnamespace
             WHERE n.nspname = 'public'
               AND tc.relname = s.table_name
               AND ic.relname = coalesce(s.served_by, s.seed_name)
               AND (s.served_by IS NULL OR i.indisunique)
           );
    RETURN NEXT ROW(
        v_list IS NULL,
        'every index SCHEMA_DESIGN names exists on its table (or the unique index documented to serve it)',
        'missing: ' || v_list
    )::kv2rel.assertion;

    -- 4. SCHEMA_DESIGN promises 50+ indexes.
    SELECT count(*)
      INTO v_count
      FROM pg_index AS i
      JOIN pg_class AS tc ON tc.oid = i.indrelid
      JOIN pg_namespace AS n ON n.oid = tc.relnamespace
     WHERE n.nspname = 'public';
    RETURN NEXT ROW(
        v_count >= 50, 'schema public has at least 50 indexes', format('have %s indexes, want at least 50', v_count)
    )::kv2rel.assertion;

    -- 5. No index left invalid (a failed CREATE INDEX CONCURRENTLY) or not ready.
    SELECT string_agg(i.indexrelid::regclass::text, ', ' ORDER BY i.indexrelid::regclass::text)
      INTO v_list
      FROM pg_index AS i
      JOIN pg_class AS tc ON tc.oid = i.indrelid
      JOIN pg_namespace AS n ON n.oid = tc.relnamespace
     WHERE n.nspname = 'public'
       AND NOT (i.indisvalid AND i.indisready);
    RETURN NEXT ROW(v_list IS NULL, 'every index in schema public is valid', 'invalid: ' || v_list)::kv2rel.assertion;

    -- 6. Every foreign key's columns are the leading columns of an index, so deleting a parent row does not
    --    scan the child table. A partial index counts only when its predicate is "<fk column> IS NOT NULL".
    SELECT string_agg(
               format('%s.%s (%s)', con.conrelid::regclass, fk.columns, con.conname),
               ', ' ORDER BY con.conrelid::regclass::text, con.conname
           )
      INTO v_list
      FROM pg_constraint AS con
      JOIN pg_namespace AS n ON n.oid = con.connamespace
     CROSS JOIN LATERAL (
            SELECT string_agg(a.attname::text, ', ' ORDER BY k.ord) AS columns
              FROM unnest(con.conkey) WITH ORDINALITY AS k (attnum, ord)
              JOIN pg_attribute AS a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
           ) AS fk
     WHERE n.nspname = 'public'
       AND con.contype = 'f'
       AND NOT EXISTS (
            SELECT 1
              FROM pg_index AS i
             WHERE i.indrelid = con.conrelid
               AND i.indisvalid
               AND i.indnkeyatts >= cardinality(con.conkey)
               AND (i.indkey::int2[])[0:cardinality(con.conkey) - 1] @> con.conkey
               AND (
                    i.indpred IS NULL
                    OR (
                        cardinality(con.conkey) = 1
                        AND pg_get_expr(i.indpred, i.indrelid) = format('(%I IS NOT NULL)', fk.columns)
                    )
               )
           );
    RETURN NEXT ROW(
        v_list IS NULL,
        'every foreign key column in schema public is the leading column of an index',
        'foreign keys without a leading index: ' || v_list
    )::kv2rel.assertion;

    -- 7. No two indexes of a table have the same access method, key columns or expressions, operator classes,
    --    sort options and predicate. The diagnostics name the newer index (higher oid) as the duplicate.
    WITH ix AS (
        SELECT i.indexrelid,
               i.indrelid,
               ic.relname::text AS index_name,
               ic.relam,
               ARRAY(
                   SELECT pg_get_indexdef(i.indexrelid, k, true)
                     FROM generate_series(1, i.indnkeyatts) AS k
                    ORDER BY k
               ) AS keys,
               i.indclass::text AS opclasses,
               i.indoption::text AS options,
               coalesce(pg_get_expr(i.indpred, i.indrelid), '') AS predicate
          FROM pg_index AS i
          JOIN pg_class AS ic ON ic.oid = i.indexrelid
          JOIN pg_class AS tc ON tc.oid = i.indrelid
          JOIN pg_namespace AS n ON n.oid = tc.relnamespace
         WHERE n.nspname = 'public'
    )
    SELECT string_agg(
               format('%s: %s duplicates %s', b.indrelid::regclass, b.index_name, a.index_name),
               ', ' ORDER BY b.indrelid::regclass::text, b.index_name
           )
      INTO v_list
      FROM ix AS a
      JOIN ix AS b
        ON b.indrelid = a.indrelid
       AND b.indexrelid > a.indexrelid -- b is the later one (usually)
       AND b.relam = a.relam
       AND b.keys = a.keys
       AND b.opclasses = a.opclasses
       AND b.options = a.options
       AND b.predicate = a.predicate;
    RETURN NEXT ROW(
        v_list IS NULL,
        'no index in schema public duplicates another (same table, key columns, operator classes and predicate)',
        'duplicate indexes: ' || v_list
    )::kv2rel.assertion;

    -- 8. A full, non-unique btree index whose keys are a proper leading prefix of another full btree index of the
    --    same table is redundant: the longer index serves every query the shorter one does.
    WITH ix AS (
        SELECT i.indrelid,
               ic.relname::text AS index_name,
               i.indisunique,
               i.indpred IS NULL AS is_full,
               ARRAY(
                   SELECT format(
                              '%s %s %s',
                              pg_get_indexdef(i.indexrelid, k, true),
                              (i.indclass::oid[])[k - 1],
                              (i.indoption::int2[])[k - 1]
                          )
                     FROM generate_series(1, i.indnkeyatts) AS k
                    ORDER BY k
               ) AS keys
          FROM pg_index AS i
          JOIN pg_class AS ic ON ic.oid = i.indexrelid
          JOIN pg_am AS am ON am.oid = ic.relam
          JOIN pg_class AS tc ON tc.oid = i.indrelid
          JOIN pg_namespace AS n ON n.oid = tc.relnamespace
         WHERE n.nspname = 'public'
           AND am.amname = 'btree'
    )
    SELECT string_agg(r.culprit, ', ' ORDER BY r.culprit)
      INTO v_list
      FROM (
            SELECT format(
                       '%s: %s is a prefix of %s',
                       s.indrelid::regclass, s.index_name, string_agg(l.index_name, ' and ' ORDER BY l.index_name)
                   ) AS culprit
              FROM ix AS s
              JOIN ix AS l
                ON l.indrelid = s.indrelid
               AND l.index_name <> s.index_name
               AND cardinality(l.keys) > cardinality(s.keys)
               AND l.keys[1:cardinality(s.keys)] = s.keys
             WHERE s.is_full
               AND l.is_full
               AND NOT s.indisunique
             GROUP BY s.indrelid, s.index_name
           ) AS r;
    RETURN NEXT ROW(
        v_list IS NULL,
        'no full non-unique btree index in schema public is a leading prefix of another full btree index',
        'redundant indexes: ' || v_list
    )::kv2rel.assertion;

    -- 9. Every table with updated_at keeps it current through its own trigger. A KV source table (columns key
    --    and value jsonb, e.g. kv_store_6fcaeea3 with its optional updated_at) is not a target table: skipped.
    SELECT string_agg(c.oid::regclass::text, ', ' ORDER BY c.oid::regclass::text)
      INTO v_list
      FROM pg_class AS c
      JOIN pg_namespace AS n ON n.oid = c.relnamespace
      JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attname = 'updated_at' AND NOT a.attisdropped
     WHERE n.nspname = 'public'
       AND c.relkind IN ('r', 'p')
       AND NOT EXISTS (
            SELECT 1
              FROM pg_attribute AS kv
             WHERE kv.attrelid = c.oid
               AND kv.attname = 'value'
               AND kv.atttypid = 'jsonb'::regtype
               AND EXISTS (
                    SELECT 1 FROM pg_attribute AS k WHERE k.attrelid = c.oid AND k.attname = 'key' AND NOT k.attisdropped
                   )
           )
       AND NOT EXISTS (
            SELECT 1
              FROM pg_trigger AS tg
             WHERE tg.tgrelid = c.oid
               AND tg.tgname = c.relname || '_set_updated_at'
               AND NOT tg.tgisinternal
               AND tg.tgenabled <> 'D'
               AND tg.tgfoid = to_regprocedure('public.set_updated_at()')
               -- FOR EACH ROW (1), BEFORE (2), UPDATE (16)
               AND (tg.tgtype::integer & 19) = 19
           );
    RETURN NEXT ROW(
        v_list IS NULL,
        'every table in schema public with updated_at has an enabled BEFORE UPDATE row trigger '
        || '<table>_set_updated_at calling public.set_updated_at()',
        'tables without it: ' || v_list
    )::kv2rel.assertion;

    -- 10. Views run with the caller's privileges and row security.
    SELECT string_agg(c.oid::regclass::text, ', ' ORDER BY c.oid::regclass::text)
      INTO v_list
      FROM pg_class AS c
      JOIN pg_namespace AS n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public'
       AND c.relkind = 'v'
       AND NOT EXISTS (
            SELECT 1
              FROM pg_depend AS d
             WHERE d.classid = 'pg_class'::regclass
               AND d.objid = c.oid
               AND d.deptype = 'e'
           )
       AND NOT coalesce((
            SELECT o.option_value::boolean
              FROM pg_options_to_table(c.reloptions) AS o
             WHERE o.option_name = 'security_invoker'
           ), false);
    RETURN NEXT ROW(
        v_list IS NULL,
        'every view in schema public is security_invoker',
        'views without security_invoker = true: ' || v_list
    )::kv2rel.assertion;

    -- 11. SCHEMA_DESIGN's computed column.
    SELECT format('products.is_active is %s', coalesce(
               (
                SELECT format(
                           '%s as %s, type %s',
                           CASE a.attgenerated
                               WHEN 's' THEN 'generated stored'
                               WHEN 'v' THEN 'generated virtual'
                               ELSE 'not generated'
                           END,
                           coalesce(pg_get_expr(ad.adbin, ad.adrelid), 'nothing'),
                           format_type(a.atttypid, a.atttypmod)
                       )
                  FROM pg_attribute AS a
                  LEFT JOIN pg_attrdef AS ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                 WHERE a.attrelid = to_regclass('public.products')
                   AND a.attname = 'is_active'
                   AND NOT a.attisdropped
               ),
               'missing'
           ))
      INTO v_list;
    RETURN NEXT ROW(
        v_list = 'products.is_active is generated stored as (status = ''active''::text), type boolean',
        'products.is_active is a stored generated column (status = ''active'')',
        v_list
    )::kv2rel.assertion;

    -- 12. The slug, email and status rules, by name (docs/schema.md, Conventions).
    SELECT string_agg(format('%s on public.%s', e.conname, e.table_name), ', ' ORDER BY e.table_name, e.conname)
      INTO v_list
      FROM (
            VALUES
                ('sites', 'sites_slug_format_check'),
                ('sites', 'sites_slug_length_check'),
                ('clients', 'clients_contact_email_format_check'),
                ('clients', 'clients_manager_emails_format_check'),
                ('brands', 'brands_contact_email_format_check'),
                ('sites', 'sites_account_manager_email_format_check'),
                ('employees', 'employees_email_format_check'),
                ('orders', 'orders_customer_email_format_check'),
                ('admin_users', 'admin_users_email_format_check'),
                ('clients', 'clients_status_check'),
                ('catalogs', 'catalogs_status_check'),
                ('brands', 'brands_status_check'),
                ('products', 'products_status_check'),
                ('sites', 'sites_status_check'),
                ('employees', 'employees_status_check'),
                ('orders', 'orders_status_check'),
                ('admin_users', 'admin_users_status_check'),
                ('audit_logs', 'audit_logs_status_check'),
                ('hris_connections', 'hris_connections_status_check'),
                ('hris_sync_history', 'hris_sync_history_status_check'),
                ('email_templates', 'email_templates_status_check')
           ) AS e (table_name, conname)
     WHERE NOT EXISTS (
            SELECT 1
              FROM pg_constraint AS con
              JOIN pg_class AS c ON c.oid = con.conrelid
              JOIN pg_namespace AS n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public'
               AND c.relname = e.table_name
               AND con.conname = e.conname
               AND con.contype = 'c'
           );
    RETURN NEXT ROW(
        v_list IS NULL, 'the slug, email and status CHECK constraints exist', 'missing checks: ' || v_list
    )::kv2rel.assertion;

    -- 13. Every table has a primary key.
    SELECT string_agg(c.oid::regclass::text, ', ' ORDER BY c.oid::regclass::text)
      INTO v_list
      FROM pg_class AS c
      JOIN pg_namespace AS n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public'
       AND c.relkind IN ('r', 'p')
       AND NOT EXISTS (SELECT 1 FROM pg_constraint AS con WHERE con.conrelid = c.oid AND con.contype = 'p');
    RETURN NEXT ROW(
        v_list IS NULL, 'every table in schema public has a primary key', 'tables without one: ' || v_list
    )::kv2rel.assertion;

    -- 14. No constraint was added NOT VALID and left unchecked.
    SELECT string_agg(
               format('%s (on %s)', con.conname, con.conrelid::regclass),
               ', ' ORDER BY con.conrelid::regclass::text, con.conname
           )
      INTO v_list
      FROM pg_constraint AS con
      JOIN pg_namespace AS n ON n.oid = con.connamespace
     WHERE n.nspname = 'public'
       AND con.conrelid <> 0
       AND NOT con.convalidated;
    RETURN NEXT ROW(
        v_list IS NULL, 'every constraint in schema public is validated', 'not validated: ' || v_list
    )::kv2rel.assertion;
END
$function$;

COMMENT ON FUNCTION kv2rel.verify_schema() IS
'Structural assertions on the target schema in public (docs/schema.md): tables, views, SCHEMA_DESIGN index names, '
'index count and validity, foreign-key indexes, duplicate and prefix-redundant indexes, updated_at triggers, '
'security_invoker views, the generated products.is_active, slug/email/status checks, primary keys, validated '
'constraints. Diagnostics name the culprits.';
