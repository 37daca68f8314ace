-- Function: kv2rel.seed_orders
-- Purpose: generate the orders (kv-store.md 3.7) in one set-based statement. Order o is placed on a random site,
--          for a random gift of that site's catalog and a random employee of that site, and stored under its
--          primary generation: order:{id} (20%, snake_case, in orders:all), order:{siteId}:{uuid} (public checkout,
--          the value id is the whole key; at the ambiguous_segments share of the rest) or order:{env}:{id} (CRUD,
--          ORD-{counter}-{rand4} ids, no totals). Adds the orders:{id} copies and value-level hazards of
--          docs/generator.md, and the index orders:all. Returns the seed_emit report.
-- Usage (psql): SELECT kv2rel.seed_orders('public.kv'::regclass, 1, kv2rel.seed_scale('small'),
--                                         kv2rel.seed_hazard_shares());
-- requires: seed_emit, seed_params, seed_id, seed_gen, seed_env, seed_ms, seed_hit, seed_word, seed_mask,
-- requires: seed_catalog_first, seed_pad, seed_uuid

CREATE OR REPLACE FUNCTION kv2rel.seed_orders(
    p_kv regclass,
    p_seed bigint,
    p_n jsonb,
    p_h jsonb
)
RETURNS jsonb
VOLATILE
LANGUAGE plpgsql
AS $function$
BEGIN
    RETURN kv2rel.seed_emit(p_kv, p_seed, p_n, p_h, $src$
WITH sl AS (
    -- per site: its catalog's product range, ids and name (joined instead of recomputed for every order)
    SELECT g.s, x.ci,
           kv2rel.seed_catalog_first(x.k, p.n_products, p.n_catalogs) AS first,
           kv2rel.seed_catalog_first(x.k + 1, p.n_products, p.n_catalogs)
               - kv2rel.seed_catalog_first(x.k, p.n_products, p.n_catalogs) AS size,
           kv2rel.seed_id(p.seed, 'site', g.s, p.s_non_uuid_ids) AS site_id,
           kv2rel.seed_id(p.seed, 'client', x.ci, p.s_non_uuid_ids) AS client_id,
           kv2rel.seed_word(p.seed, 'company', x.ci) || ' ' || kv2rel.seed_word(p.seed, 'event', g.s) AS site_name
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_sites) AS g (s)
     CROSS JOIN LATERAL (
         SELECT kv2rel.seed_int(p.seed, 'site.catalog', g.s, 1, p.n_catalogs) AS k,
                kv2rel.seed_int(p.seed, 'site.client', g.s, 1, p.n_clients) AS ci
     ) AS x
    OFFSET 0
), gl AS (
    -- per product: id, name, category and price
    SELECT g.p,
           kv2rel.seed_id(p.seed, 'gift', g.p, p.s_non_uuid_ids) AS gift_id,
           kv2rel.seed_word(p.seed, 'adjective', g.p) || ' ' || kv2rel.seed_word(p.seed, 'product', g.p) AS gift_name,
           kv2rel.seed_word(p.seed, 'category', g.p) AS category,
           pg_catalog.trim_scale(pg_catalog.round((5 + kv2rel.seed_rand(p.seed, 'gift.price', g.p) * 295)::numeric, 2))
               AS item_value
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_products) AS g (p)
    OFFSET 0
), el AS (
    -- per employee: id and name
    SELECT g.e,
           kv2rel.seed_id(p.seed, 'emp', g.e, p.s_non_uuid_ids) AS emp_id,
           kv2rel.seed_word(p.seed, 'first', g.e) AS first_name,
           kv2rel.seed_word(p.seed, 'last', g.e) AS last_name
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_employees) AS g (e)
    OFFSET 0
), b AS (
    SELECT p.seed, g.i, p.n_orders AS n, p.n_sites AS ns, p.n_clients AS nc, p.n_products AS np, p.n_catalogs AS ncat,
           p.n_employees AS ne, p.s_non_uuid_ids AS s_nu,
           kv2rel.seed_int(p.seed, 'order.site', g.i, 1, p.n_sites) AS s,
           kv2rel.seed_gen(p.seed, 'order', g.i, p.s_ambiguous_segments) AS gen,
           kv2rel.seed_env(p.seed, 'order', g.i, p.s_environments) AS env,
           kv2rel.seed_ms(p.seed, 'order', g.i) AS c_ms,
           kv2rel.seed_int(p.seed, 'order.variant', g.i, 0, 719) AS v,
           kv2rel.seed_rand(p.seed, 'order.gift', g.i) AS r_gift,
           kv2rel.seed_rand(p.seed, 'order.employee', g.i) AS r_emp,
           kv2rel.seed_pick(p.seed, 'order.status', g.i, ARRAY[
               'pending', 'pending', 'pending', 'pending', 'pending', 'pending', 'confirmed', 'confirmed',
               'confirmed', 'processing', 'processing', 'shipped', 'shipped', 'shipped', 'shipped', 'delivered',
               'delivered', 'delivered', 'delivered', 'cancelled']) AS status0,
           kv2rel.seed_hit(p.seed, 'duplicates', 'order', g.i, p.n_orders, p.s_duplicates) AS h_dup,
           kv2rel.seed_hit(p.seed, 'id_mismatch', 'order', g.i, p.n_orders, p.s_id_mismatch) AS h_idm,
           kv2rel.seed_hit(p.seed, 'mixed_naming', 'order', g.i, p.n_orders, p.s_mixed_naming) AS h_mix,
           kv2rel.seed_hit(p.seed, 'aliases', 'order', g.i, p.n_orders, p.s_aliases) AS h_ali,
           kv2rel.seed_hit(p.seed, 'orphans', 'order', g.i, p.n_orders, p.s_orphans) AS h_orph,
           kv2rel.seed_hit(p.seed, 'bad_enums', 'order', g.i, p.n_orders, p.s_bad_enums) AS h_enum,
           kv2rel.seed_hit(p.seed, 'constraint_traps', 'order', g.i, p.n_orders, p.s_constraint_traps) AS h_trap,
           kv2rel.seed_hit(p.seed, 'duplicate_natural_keys', 'order', g.i, p.n_orders, p.s_duplicate_natural_keys)
               AND g.i > 1
               AND NOT kv2rel.seed_hit(p.seed, 'duplicate_natural_keys', 'order', g.i - 1, p.n_orders,
                                       p.s_duplicate_natural_keys) AS h_dnk,
           g.i > 1 AND kv2rel.seed_gen(p.seed, 'order', g.i - 1, p.s_ambiguous_segments) = 'crud' AS partner_crud,
           kv2rel.seed_hit(p.seed, 'type_variance', 'order', g.i, p.n_orders, p.s_type_variance) AS h_tv,
           kv2rel.seed_hit(p.seed, 'missing_fields', 'order', g.i, p.n_orders, p.s_missing_fields) AS h_mf,
           kv2rel.seed_hit(p.seed, 'timestamp_formats', 'order', g.i, p.n_orders, p.s_timestamp_formats) AS h_tf,
           kv2rel.seed_hit(p.seed, 'soft_deletes', 'order', g.i, p.n_orders, p.s_soft_deletes) AS h_sd,
           kv2rel.seed_hit(p.seed, 'whitespace', 'order', g.i, p.n_orders, p.s_whitespace) AS h_ws,
           kv2rel.seed_hit(p.seed, 'index_drift', 'order', g.i, p.n_orders, p.s_index_drift) AS h_idx
      FROM kv2rel.seed_params($1, $2, $3) AS p
     CROSS JOIN pg_catalog.generate_series(1::bigint, p.n_orders) AS g (i)
    OFFSET 0
), c AS (
    SELECT b.*,
           sl.ci, sl.site_id AS site_id0, sl.client_id, sl.site_name,
           CASE WHEN sl.size > 0 THEN sl.first + pg_catalog.floor(b.r_gift * sl.size)::bigint
                ELSE 1 + pg_catalog.floor(b.r_gift * b.np)::bigint END AS gp,
           CASE WHEN b.s <= b.ne THEN b.s + b.ns * pg_catalog.floor(b.r_emp * ((b.ne - b.s) / b.ns + 1))::bigint
           END AS ge,
           b.h_orph AND b.v % 3 = 0 AS o_site,
           b.h_orph AND b.v % 3 = 1 AS o_gift,
           b.h_orph AND b.v % 3 = 2 AS o_employee,
           b.h_trap AND b.v % 3 = 0 AND b.status0 IN ('confirmed', 'shipped', 'delivered', 'cancelled')
               AS t_no_timestamp,
           b.h_trap AND (b.v % 3 = 1 OR b.v % 3 = 0 AND b.status0 NOT IN ('confirmed', 'shipped', 'delivered',
                                                                            'cancelled')
                         OR b.v % 3 = 2 AND b.gen = 'crud') AS t_bad_email,
           b.h_trap AND b.v % 3 = 2 AND b.gen <> 'crud' AS t_negative_qty,
           b.h_ali AND b.v % 5 = 0 AS a_total_price,
           b.h_ali AND b.v % 5 = 1 AS a_item_value,
           b.h_ali AND b.v % 5 = 2 AS a_gift_ref,
           b.h_ali AND b.v % 5 = 3 AS a_customer_email,
           b.h_ali AND b.v % 5 = 4 AS a_address,
           b.h_mf AND b.v % 2 = 0 AS m_address,
           b.h_mf AND b.v % 2 = 1 AS m_customer,
           b.h_tv AND b.v % 2 = 0 AS tv_float,
           b.h_tv AND b.v % 2 = 1 AND NOT b.h_trap AS tv_qty,
           b.h_idm AND b.v % 2 = 0 AS i_no_id,
           b.h_idm AND b.v % 2 = 1 AS i_other_id,
           b.h_sd AND b.gen = 'crud' AS s_deleted,
           CASE WHEN b.h_enum AND b.v % 2 = 0 THEN 'failed' WHEN b.h_enum THEN 'refunded' ELSE b.status0 END
               AS status,
           1 + b.v % 3 AS qty,
           CASE WHEN b.h_tf THEN (ARRAY['seconds', 'offset', 'epoch', 'date'])[1 + b.v % 4] ELSE 'iso' END AS ts_style,
           CASE
               WHEN b.h_dnk AND b.partner_crud THEN kv2rel.seed_id(b.seed, 'order', b.i - 1, b.s_nu)
               ELSE CASE WHEN kv2rel.seed_ms(b.seed, 'order', CASE WHEN b.h_dnk THEN b.i - 1 ELSE b.i END)
                              < 1767225600000 THEN 'ORD-2025-' ELSE 'ORD-2026-' END
                    || kv2rel.seed_pad(CASE WHEN b.h_dnk THEN b.i - 1 ELSE b.i END, 6)
           END AS number_public
      FROM b
      JOIN sl ON sl.s = b.s
    OFFSET 0
), d AS (
    SELECT c.*,
           CASE WHEN c.gen = 'public' THEN kv2rel.seed_uuid(c.seed, 'order.public', c.i)::text
                ELSE kv2rel.seed_id(c.seed, 'order', c.i, c.s_nu) END AS id,
           CASE WHEN c.o_site THEN kv2rel.seed_id(c.seed, 'site', c.ns + 1 + c.v % 3, c.s_nu) ELSE c.site_id0 END
               AS site_id,
           CASE WHEN c.o_gift THEN kv2rel.seed_id(c.seed, 'gift', c.np + 1 + c.v % 5, c.s_nu) ELSE gl.gift_id END
               AS gift_id,
           CASE WHEN c.o_employee THEN kv2rel.seed_id(c.seed, 'emp', c.ne + 1 + c.v % 5, c.s_nu) ELSE el.emp_id END
               AS emp_id,
           gl.gift_name, gl.category AS gift_category, gl.item_value,
           COALESCE(el.first_name, kv2rel.seed_word(c.seed, 'first', c.i)) AS first_name,
           COALESCE(el.last_name, kv2rel.seed_word(c.seed, 'last', c.i)) AS last_name,
           kv2rel.seed_word(c.seed, 'city', c.i) AS city,
           (1 + c.v % 97)::text || ' ' || kv2rel.seed_word(c.seed, 'street', c.i) AS line1,
           CASE WHEN c.gen = 'crud' THEN c.env ELSE 'production' END AS cenv,
           c.c_ms + 86400000 * (c.v % 9) AS u_ms
      FROM c
      JOIN gl ON gl.p = c.gp
      LEFT JOIN el ON el.e = c.ge
    OFFSET 0
), e AS (
    SELECT d.*,
           CASE
               WHEN d.h_ws THEN '  ' || d.first_name || ' ' || d.last_name || E'\n'
               ELSE d.first_name || ' ' || d.last_name
           END AS customer_name,
           CASE
               WHEN d.t_bad_email THEN pg_catalog.lower(d.first_name) || '@@company.example'
               ELSE pg_catalog.lower(d.first_name || '.' || d.last_name) || COALESCE(d.ge, d.i)::text
                    || '@company.example'
           END AS email,
           CASE WHEN d.t_negative_qty THEN -d.qty ELSE d.qty END AS quantity,
           d.item_value * d.qty AS total,
           kv2rel.seed_ts_value(d.c_ms, d.ts_style) AS ts_c,
           kv2rel.seed_iso(d.u_ms) AS ts_u,
           CASE
               WHEN d.t_no_timestamp THEN '{}'::jsonb
               WHEN d.status = 'confirmed' THEN pg_catalog.jsonb_build_object('confirmedAt',
                   kv2rel.seed_iso(d.c_ms + 3600000))
               WHEN d.status = 'shipped' THEN pg_catalog.jsonb_build_object(
                   'confirmedAt', kv2rel.seed_iso(d.c_ms + 3600000), 'shippedAt', kv2rel.seed_iso(d.c_ms + 172800000))
               WHEN d.status = 'delivered' THEN pg_catalog.jsonb_build_object(
                   'confirmedAt', kv2rel.seed_iso(d.c_ms + 3600000), 'shippedAt', kv2rel.seed_iso(d.c_ms + 172800000),
                   'deliveredAt', kv2rel.seed_iso(d.c_ms + 432000000))
               WHEN d.status = 'cancelled' THEN pg_catalog.jsonb_build_object(
                   'cancelledAt', kv2rel.seed_iso(d.c_ms + 10800000))
               ELSE '{}'::jsonb
           END AS lifecycle
      FROM d
    OFFSET 0
), r AS (
    SELECT e.*,
           k.copy,
           CASE WHEN k.copy = 0 THEN e.gen WHEN k.copy = 1 THEN 'legacy' ELSE 'snake' END AS rgen,
           CASE
               WHEN k.copy > 0 THEN e.u_ms + (CASE WHEN e.v % 2 = 0 THEN 1 ELSE -1 END) * k.copy * 3600000
                                             * (1 + e.v % 48)
               ELSE e.u_ms
           END AS r_ums,
           CASE
               WHEN NOT e.h_dup OR e.gen = 'public' THEN NULL
               WHEN e.v % 2 = 0 THEN k.copy = CASE WHEN e.gen = 'crud' AND (e.v / 2) % 2 = 1 THEN 2 ELSE 1 END
               ELSE k.copy = 0
           END AS winner
      FROM e
     CROSS JOIN LATERAL (
         SELECT x.copy
           FROM (VALUES (0), (1), (2)) AS x (copy)
          WHERE x.copy = 0
             OR (e.h_dup AND e.gen <> 'public' AND x.copy = 1)
             OR (e.h_dup AND e.gen = 'crud' AND x.copy = 2 AND (e.v / 2) % 2 = 1)
         OFFSET 0
     ) AS k
    OFFSET 0
), v AS (
    SELECT r.*,
           CASE r.rgen WHEN 'snake' THEN 'order:' || r.id WHEN 'legacy' THEN 'orders:' || r.id
                       WHEN 'public' THEN 'order:' || r.site_id || ':' || r.id
                       ELSE 'order:' || r.cenv || ':' || r.id END AS key,
           CASE r.rgen
               WHEN 'snake' THEN pg_catalog.jsonb_build_object(
                   'id', r.id, 'client_id', r.client_id, 'site_id', r.site_id, 'product_id', r.gift_id,
                   'employee_id', r.emp_id, 'order_number', r.number_public, 'customer_name', r.customer_name,
                   'customer_email', r.email, 'customer_employee_id', 'EMP' || kv2rel.seed_pad(COALESCE(r.ge, 0), 6),
                   'status', r.status,
                   'total_amount', CASE WHEN r.tv_float THEN pg_catalog.to_jsonb((pg_catalog.round(r.total, 2)::text
                                                                               || '000000000001')::numeric)
                                        ELSE pg_catalog.to_jsonb(r.total) END,
                   'currency', 'USD',
                   'shipping_address', CASE
                       WHEN r.h_mix THEN pg_catalog.jsonb_build_object(
                           'street', r.line1, 'city', r.city, 'state', 'TX', 'postalCode', '787'
                               || (r.v % 90 + 10)::text,
                           'country', 'US')
                       ELSE pg_catalog.jsonb_build_object(
                           'name', r.customer_name, 'line1', r.line1, 'city', r.city, 'state', 'TX',
                           'postal_code', '787' || (r.v % 90 + 10)::text, 'country', 'US')
                   END,
                   'tracking_number', CASE WHEN r.status IN ('shipped', 'delivered') THEN '1Z' || r.i::text END,
                   'items', pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                       'product_id', r.gift_id, 'quantity',
                           CASE WHEN r.tv_qty THEN pg_catalog.to_jsonb(r.quantity::text)
                                                                  ELSE pg_catalog.to_jsonb(r.quantity) END,
                       'unit_price', r.item_value)),
                   'metadata', '{}'::jsonb, 'notes', NULL,
                   'created_at', r.ts_c, 'updated_at', kv2rel.seed_iso(r.r_ums))
                   || CASE WHEN r.lifecycle ? 'confirmedAt' THEN pg_catalog.jsonb_build_object(
                              'confirmed_at', r.lifecycle -> 'confirmedAt') ELSE '{}'::jsonb END
                   || CASE WHEN r.lifecycle ? 'shippedAt' THEN pg_catalog.jsonb_build_object(
                              'shipped_at', r.lifecycle -> 'shippedAt') ELSE '{}'::jsonb END
                   || CASE WHEN r.lifecycle ? 'deliveredAt' THEN pg_catalog.jsonb_build_object(
                              'delivered_at', r.lifecycle -> 'deliveredAt') ELSE '{}'::jsonb END
                   || CASE WHEN r.lifecycle ? 'cancelledAt' THEN pg_catalog.jsonb_build_object(
                              'cancelled_at', r.lifecycle -> 'cancelledAt') ELSE '{}'::jsonb END
               WHEN 'public' THEN pg_catalog.jsonb_build_object(
                   'id', 'order:' || r.site_id || ':' || r.id, 'orderNumber', r.number_public, 'status', r.status,
                   'employeeId', r.emp_id, 'employeeName', r.customer_name, 'employeeEmail', r.email,
                   'siteId', r.site_id,
                   'siteName', r.site_name,
                   'clientId', r.client_id, 'clientName', NULL, 'giftId', r.gift_id, 'giftName', r.gift_name,
                   'giftDescription', r.gift_name || ' gift',
                   'giftCategory', r.gift_category,
                   'giftImageUrl', 'https://img.example/gift-' || r.gp::text || '.jpg',
                   'quantity', CASE WHEN r.tv_qty THEN pg_catalog.to_jsonb(r.quantity::text)
                                    ELSE pg_catalog.to_jsonb(r.quantity) END,
                   'itemValue', r.item_value,
                   'totalValue', CASE WHEN r.tv_float THEN pg_catalog.to_jsonb((pg_catalog.round(r.total, 2)::text
                                                                             || '000000000001')::numeric)
                                      ELSE pg_catalog.to_jsonb(r.total) END,
                   'shippingAddress', pg_catalog.jsonb_build_object(
                       'fullName', r.customer_name, 'addressLine1', r.line1, 'addressLine2', '', 'city', r.city,
                       'state', 'TX', 'postalCode', '787' || (r.v % 90 + 10)::text, 'country', 'US', 'phone', ''),
                   'trackingNumber', NULL, 'shippedAt', r.lifecycle -> 'shippedAt',
                   'deliveredAt', r.lifecycle -> 'deliveredAt', 'createdAt', r.ts_c, 'updatedAt', r.ts_u)
                   || (r.lifecycle - 'shippedAt' - 'deliveredAt')
               ELSE pg_catalog.jsonb_build_object(
                   'id', r.id, 'orderNumber', CASE WHEN r.h_dnk THEN r.number_public ELSE r.id END,
                   'siteId', r.site_id, 'employeeId', r.emp_id,
                   'employeeEmail', r.email, 'employeeName', r.customer_name, 'giftId', r.gift_id,
                   'giftName', r.gift_name, 'status', r.status,
                   'shippingAddress', pg_catalog.jsonb_build_object(
                       'name', r.customer_name, 'addressLine1', r.line1, 'city', r.city, 'state', 'TX',
                       'postalCode', '787' || (r.v % 90 + 10)::text, 'country', 'US'),
                   'trackingNumber', CASE WHEN r.status IN ('shipped', 'delivered') THEN '1Z' || r.i::text END,
                   'notes', NULL,
                   'metadata', CASE WHEN r.h_tv THEN pg_catalog.to_jsonb('{"source": "admin"}'::text)
                                    ELSE '{"source": "admin"}'::jsonb END,
                   'createdAt', r.ts_c, 'updatedAt', kv2rel.seed_iso(r.r_ums))
                   || r.lifecycle
                   || CASE WHEN r.rgen = 'crud' THEN pg_catalog.jsonb_build_object(
                              'createdBy', NULL, 'updatedBy', NULL, 'environmentId', r.cenv) ELSE '{}'::jsonb END
           END AS v0
      FROM r
    OFFSET 0
)
SELECT v.key,
       (v.v0 - pg_catalog.array_remove(ARRAY[
            CASE WHEN v.i_no_id THEN 'id' END,
            CASE WHEN v.a_total_price OR v.a_item_value THEN 'totalValue' END,
            CASE WHEN v.a_total_price OR v.a_item_value THEN 'total_amount' END,
            CASE WHEN v.a_gift_ref THEN 'giftId' END,
            CASE WHEN v.a_gift_ref THEN 'product_id' END,
            CASE WHEN v.a_customer_email THEN 'employeeEmail' END,
            CASE WHEN v.a_customer_email THEN 'customer_email' END,
            CASE WHEN v.a_address OR v.m_address THEN 'shippingAddress' END,
            CASE WHEN v.a_address OR v.m_address THEN 'shipping_address' END,
            CASE WHEN v.m_customer THEN 'customer_name' END,
            CASE WHEN v.m_customer THEN 'client_id' END,
            CASE WHEN v.m_customer THEN 'employeeName' END,
            CASE WHEN v.h_mix AND v.rgen <> 'snake' THEN 'orderNumber' END
        ], NULL))
       || CASE WHEN v.i_other_id THEN pg_catalog.jsonb_build_object(
                   'id', CASE WHEN v.rgen = 'public' THEN v.id
                              ELSE kv2rel.seed_uuid(v.seed, 'order.otherid', v.i)::text END)
               ELSE '{}'::jsonb END
       || CASE WHEN v.a_total_price THEN pg_catalog.jsonb_build_object('totalPrice', v.total) ELSE '{}'::jsonb END
       || CASE WHEN v.a_item_value THEN pg_catalog.jsonb_build_object('itemValue', v.item_value, 'quantity', v.quantity)
               ELSE '{}'::jsonb END
       || CASE
              WHEN v.a_gift_ref AND v.rgen = 'snake' THEN pg_catalog.jsonb_build_object('gift_id', v.gift_id)
              WHEN v.a_gift_ref THEN pg_catalog.jsonb_build_object('product_id', v.gift_id)
              ELSE '{}'::jsonb
          END
       || CASE
              WHEN v.a_customer_email AND v.rgen = 'snake' THEN pg_catalog.jsonb_build_object('employeeEmail', v.email)
              WHEN v.a_customer_email THEN pg_catalog.jsonb_build_object('customer_email', v.email)
              ELSE '{}'::jsonb
          END
       || CASE
              WHEN v.a_address AND NOT v.m_address THEN pg_catalog.jsonb_build_object(
                  CASE WHEN v.rgen = 'snake' THEN 'shipping_address' ELSE 'shippingAddress' END,
                  pg_catalog.jsonb_build_object('name', v.customer_name, 'street', v.line1, 'city', v.city,
                                                'state', 'TX', 'zip', '787' || (v.v % 90 + 10)::text,
                                                'zipCode', '787' || (v.v % 90 + 10)::text, 'country', 'US'))
              ELSE '{}'::jsonb
          END
       || CASE WHEN v.h_mix AND v.rgen <> 'snake' THEN pg_catalog.jsonb_build_object(
                   'order_number', v.v0 -> 'orderNumber', 'created_at', v.ts_c)
               ELSE '{}'::jsonb END
       || CASE WHEN v.s_deleted AND v.rgen = 'crud' THEN pg_catalog.jsonb_build_object(
                   'deleted', true, 'deletedAt', kv2rel.seed_iso(v.r_ums + 60000), 'deletedBy', 'admin-1')
               ELSE '{}'::jsonb END AS value,
       v.c_ms,
       v.r_ums AS u_ms,
       CASE v.rgen WHEN 'snake' THEN 'order:{id}' WHEN 'legacy' THEN 'orders:{id}'
                   WHEN 'public' THEN 'order:{siteId}:{uuid}' ELSE 'order:{env}:{id}' END AS family,
       pg_catalog.array_remove(ARRAY[
           CASE WHEN v.h_dup AND v.gen <> 'public' THEN 'duplicates.cross_generation' END,
           CASE WHEN v.rgen = 'public' AND v.copy = 0 THEN '~ambiguous_segments.order_site_scoped' END,
           CASE WHEN v.i_no_id THEN 'id_mismatch.value_id_missing' END,
           CASE WHEN v.i_other_id THEN 'id_mismatch.value_id_differs' END,
           CASE WHEN v.id !~ '^[0-9a-f]{8}-' THEN '~non_uuid_ids.legacy_id' END,
           CASE WHEN v.h_mix AND v.rgen = 'snake' THEN 'mixed_naming.camel_inside_snake' END,
           CASE WHEN v.h_mix AND v.rgen <> 'snake' THEN 'mixed_naming.camel_with_snake' END,
           CASE WHEN v.a_total_price THEN 'aliases.total_price' END,
           CASE WHEN v.a_item_value THEN 'aliases.item_value_times_quantity' END,
           CASE WHEN v.a_gift_ref THEN 'aliases.gift_reference' END,
           CASE WHEN v.a_customer_email THEN 'aliases.customer_email' END,
           CASE WHEN v.a_address AND NOT v.m_address THEN 'aliases.shipping_address_variant' END,
           CASE WHEN v.o_site THEN 'orphans.order_missing_site' END,
           CASE WHEN v.o_gift THEN 'orphans.order_missing_gift' END,
           CASE WHEN v.o_employee THEN 'orphans.order_missing_employee' END,
           CASE WHEN v.h_enum AND v.v % 2 = 0 THEN 'bad_enums.order_status_failed' END,
           CASE WHEN v.h_enum AND v.v % 2 = 1 THEN 'bad_enums.order_status_unknown' END,
           CASE WHEN v.t_no_timestamp THEN 'constraint_traps.status_without_timestamp' END,
           CASE WHEN v.t_bad_email THEN 'constraint_traps.email_invalid' END,
           CASE WHEN v.t_negative_qty AND v.rgen IN ('snake', 'public') THEN 'constraint_traps.negative_quantity' END,
           CASE WHEN v.h_dnk THEN 'duplicate_natural_keys.order_number_collision' END,
           CASE WHEN v.tv_float AND v.rgen IN ('snake', 'public') AND NOT (v.a_total_price OR v.a_item_value)
               THEN 'type_variance.total_float_artifact' END,
           CASE WHEN v.tv_qty AND v.rgen IN ('snake', 'public') THEN 'type_variance.quantity_as_string' END,
           CASE WHEN v.h_tv AND v.rgen NOT IN ('snake', 'public') THEN 'type_variance.metadata_as_string' END,
           CASE WHEN v.m_address THEN 'missing_fields.shipping_address_missing' END,
           CASE WHEN v.m_customer THEN 'missing_fields.customer_name_missing' END,
           CASE WHEN v.h_tf THEN 'timestamp_formats.ts_' || v.ts_style END,
           CASE WHEN v.s_deleted AND v.rgen = 'crud' THEN 'soft_deletes.deleted_flag' END,
           CASE WHEN v.h_ws THEN 'whitespace.padded_name' END,
           CASE WHEN v.rgen = 'crud' AND v.cenv <> 'production' THEN '~environments.non_default_env' END,
           CASE WHEN v.copy = 0 AND v.h_idx AND v.gen = 'snake' THEN 'index_drift.not_in_index' END
       ], NULL) AS tags,
       CASE WHEN v.h_dup OR v.h_orph OR v.h_dnk THEN NULLIF(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
           'group', CASE WHEN v.h_dup AND v.gen <> 'public' THEN 'order:' || v.id END,
           'winner', v.winner,
           'env', CASE WHEN v.rgen = 'crud' THEN v.cenv END,
           'missing', CASE WHEN v.o_site THEN 'site:' || v.site_id WHEN v.o_gift THEN 'gift:' || v.gift_id
                           WHEN v.o_employee THEN 'employee:' || v.emp_id END,
           'natural_key', CASE WHEN v.h_dnk THEN 'order_number:' || v.number_public END
       )), '{}'::jsonb) END AS detail,
       CASE WHEN v.copy = 0 THEN kv2rel.seed_mask(ARRAY[
           'id_mismatch', 'mixed_naming', 'aliases', 'orphans', 'bad_enums', 'constraint_traps',
           'duplicate_natural_keys', 'type_variance', 'missing_fields', 'timestamp_formats', 'whitespace'])
           | CASE WHEN v.gen <> 'snake' THEN kv2rel.seed_mask(ARRAY['ambiguous_segments']) ELSE 0 END
           | CASE WHEN v.gen <> 'public' THEN kv2rel.seed_mask(ARRAY['duplicates', 'non_uuid_ids']) ELSE 0 END
           | CASE WHEN v.gen = 'crud' THEN kv2rel.seed_mask(ARRAY['environments', 'soft_deletes']) ELSE 0 END
           | CASE WHEN v.gen = 'snake' THEN kv2rel.seed_mask(ARRAY['index_drift']) ELSE 0 END
       ELSE 0 END AS elig
  FROM v
    $src$);
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_orders(regclass, bigint, jsonb, jsonb) IS
'KV generator: write the orders (order:{id}, order:{env}:{id}, order:{siteId}:{uuid}, orders:{id}) with their '
'hazards; returns the seed_emit report.';
