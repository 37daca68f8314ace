-- View: public.orders_summary_view
-- Purpose: Orders with the names of their client, site and product and the employee's number and email.
-- Re-runnable definition (CREATE OR REPLACE), applied after all migrations. security_invoker: the caller's
-- privileges and row security on every underlying table apply.
--
-- All joins are LEFT JOINs: an order stays visible even when row security hides its client, site, product or
-- employee from the caller (the detail columns are then NULL), and the planner can drop joins whose columns a
-- query does not use. The lineage columns legacy_id and extra are left out; read them from public.orders.

CREATE OR REPLACE VIEW public.orders_summary_view WITH (security_invoker = true) AS
SELECT
    o.id,
    o.client_id,
    o.site_id,
    o.product_id,
    o.employee_id,
    o.order_number,
    o.customer_name,
    o.customer_email,
    o.customer_employee_id,
    o.status,
    o.quantity,
    o.total_amount,
    o.currency,
    o.shipping_address,
    o.tracking_number,
    o.items,
    o.metadata,
    o.notes,
    o.confirmed_at,
    o.shipped_at,
    o.delivered_at,
    o.cancelled_at,
    o.created_at,
    o.updated_at,
    c.name AS client_name,
    s.name AS site_name,
    p.name AS product_name,
    p.sku AS product_sku,
    e.employee_id AS employee_number,
    e.email AS employee_email
FROM public.orders AS o
LEFT JOIN public.clients AS c ON o.client_id = c.id
LEFT JOIN public.sites AS s ON o.site_id = s.id
LEFT JOIN public.products AS p ON o.product_id = p.id
LEFT JOIN public.employees AS e ON o.employee_id = e.id;

COMMENT ON VIEW public.orders_summary_view IS
'Orders with client name, site name, product name and SKU, and employee number and email. security_invoker.';
COMMENT ON COLUMN public.orders_summary_view.id IS 'Order id (orders.id).';
COMMENT ON COLUMN public.orders_summary_view.client_id IS 'Client the order is billed to.';
COMMENT ON COLUMN public.orders_summary_view.site_id IS 'Site the order was placed on.';
COMMENT ON COLUMN public.orders_summary_view.product_id IS 'Ordered product; NULL when unknown.';
COMMENT ON COLUMN public.orders_summary_view.employee_id IS 'Ordering employee (employees.id); NULL when unknown.';
COMMENT ON COLUMN public.orders_summary_view.order_number IS 'Human-readable order number.';
COMMENT ON COLUMN public.orders_summary_view.customer_name IS 'Recipient name snapshot.';
COMMENT ON COLUMN public.orders_summary_view.customer_email IS 'Recipient email snapshot.';
COMMENT ON COLUMN public.orders_summary_view.customer_employee_id IS 'External employee identifier snapshot.';
COMMENT ON COLUMN public.orders_summary_view.status IS 'Order status.';
COMMENT ON COLUMN public.orders_summary_view.quantity IS 'Units ordered.';
COMMENT ON COLUMN public.orders_summary_view.total_amount IS 'Order total in major currency units.';
COMMENT ON COLUMN public.orders_summary_view.currency IS 'ISO 4217 currency code.';
COMMENT ON COLUMN public.orders_summary_view.shipping_address IS 'Shipping address (JSON object) or NULL.';
COMMENT ON COLUMN public.orders_summary_view.tracking_number IS 'Carrier tracking number.';
COMMENT ON COLUMN public.orders_summary_view.items IS 'Line items (JSON array).';
COMMENT ON COLUMN public.orders_summary_view.metadata IS 'Application metadata (JSON object).';
COMMENT ON COLUMN public.orders_summary_view.notes IS 'Free-text notes.';
COMMENT ON COLUMN public.orders_summary_view.confirmed_at IS 'When the order was confirmed.';
COMMENT ON COLUMN public.orders_summary_view.shipped_at IS 'When the order shipped.';
COMMENT ON COLUMN public.orders_summary_view.delivered_at IS 'When the order was delivered.';
COMMENT ON COLUMN public.orders_summary_view.cancelled_at IS 'When the order was cancelled.';
COMMENT ON COLUMN public.orders_summary_view.created_at IS 'When the order was placed.';
COMMENT ON COLUMN public.orders_summary_view.updated_at IS 'When the order was last modified.';
COMMENT ON COLUMN public.orders_summary_view.client_name IS 'Name of the client (clients.name).';
COMMENT ON COLUMN public.orders_summary_view.site_name IS 'Name of the site (sites.name).';
COMMENT ON COLUMN public.orders_summary_view.product_name IS
'Name of the product (products.name); NULL without product.';
COMMENT ON COLUMN public.orders_summary_view.product_sku IS 'SKU of the product (products.sku); NULL without product.';
COMMENT ON COLUMN public.orders_summary_view.employee_number IS
'External HR identifier of the employee (employees.employee_id); NULL without employee.';
COMMENT ON COLUMN public.orders_summary_view.employee_email IS
'Email of the employee (employees.email); NULL if unknown.';
