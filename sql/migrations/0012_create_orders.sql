-- Migration: 0012_create_orders
-- Requires: 0011_create_employees
-- Purpose: Create public.orders, the gift orders placed on sites.
-- Revert: 0012_create_orders.revert.sql (drops public.orders; data is re-derivable from the KV store)
-- Transaction: yes

CREATE TABLE public.orders (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    client_id uuid NOT NULL,
    site_id uuid NOT NULL,
    product_id uuid,
    employee_id uuid,
    order_number text NOT NULL,
    customer_name text NOT NULL,
    customer_email text NOT NULL,
    customer_employee_id text,
    status text NOT NULL DEFAULT 'pending',
    quantity integer NOT NULL DEFAULT 1,
    total_amount numeric(12, 2) NOT NULL,
    currency text NOT NULL DEFAULT 'USD',
    shipping_address jsonb,
    tracking_number text,
    items jsonb NOT NULL DEFAULT '[]',
    metadata jsonb NOT NULL DEFAULT '{}',
    notes text,
    confirmed_at timestamptz,
    shipped_at timestamptz,
    delivered_at timestamptz,
    cancelled_at timestamptz,
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orders_pkey PRIMARY KEY (id),
    CONSTRAINT orders_order_number_key UNIQUE (order_number),
    CONSTRAINT orders_client_id_fkey FOREIGN KEY (client_id)
    REFERENCES public.clients (id) ON DELETE RESTRICT,
    CONSTRAINT orders_site_id_fkey FOREIGN KEY (site_id)
    REFERENCES public.sites (id) ON DELETE RESTRICT,
    CONSTRAINT orders_product_id_fkey FOREIGN KEY (product_id)
    REFERENCES public.products (id) ON DELETE RESTRICT,
    CONSTRAINT orders_employee_id_fkey FOREIGN KEY (employee_id)
    REFERENCES public.employees (id) ON DELETE SET NULL,
    CONSTRAINT orders_status_check CHECK (
        status IN ('pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled', 'failed')
    ),
    CONSTRAINT orders_order_number_format_check CHECK (order_number ~ '^\S{1,100}$'),
    CONSTRAINT orders_customer_name_length_check CHECK (char_length(customer_name) BETWEEN 1 AND 200),
    CONSTRAINT orders_customer_email_format_check CHECK (
        customer_email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'
    ),
    CONSTRAINT orders_quantity_positive_check CHECK (quantity >= 1),
    CONSTRAINT orders_total_amount_non_negative_check CHECK (total_amount >= 0),
    CONSTRAINT orders_currency_format_check CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT orders_confirmed_needs_confirmed_at_check CHECK (status <> 'confirmed' OR confirmed_at IS NOT NULL),
    CONSTRAINT orders_shipped_needs_shipped_at_check CHECK (status <> 'shipped' OR shipped_at IS NOT NULL),
    CONSTRAINT orders_delivered_needs_delivered_at_check CHECK (status <> 'delivered' OR delivered_at IS NOT NULL),
    CONSTRAINT orders_cancelled_needs_cancelled_at_check CHECK (status <> 'cancelled' OR cancelled_at IS NOT NULL),
    CONSTRAINT orders_shipped_before_delivered_check CHECK (shipped_at <= delivered_at),
    CONSTRAINT orders_shipping_address_is_object_check CHECK (jsonb_typeof(shipping_address) = 'object'),
    CONSTRAINT orders_items_is_array_check CHECK (jsonb_typeof(items) = 'array'),
    CONSTRAINT orders_metadata_is_object_check CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT orders_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

-- idx_orders_order_number (SCHEMA_DESIGN) is served by the unique index of orders_order_number_key.
-- idx_orders_client_id and idx_orders_site_id add status so that they are not prefix duplicates of
-- idx_orders_client_created and idx_orders_site_created; all four serve their foreign key.
CREATE INDEX idx_orders_client_id ON public.orders (client_id, status);
CREATE INDEX idx_orders_site_id ON public.orders (site_id, status);
CREATE INDEX idx_orders_customer_email ON public.orders (lower(customer_email));
CREATE INDEX idx_orders_status ON public.orders (status, created_at DESC);
CREATE INDEX idx_orders_created_at ON public.orders (created_at DESC);
CREATE INDEX idx_orders_client_created ON public.orders (client_id, created_at DESC);
CREATE INDEX idx_orders_site_created ON public.orders (site_id, created_at DESC);
CREATE INDEX idx_orders_product_id ON public.orders (product_id) WHERE product_id IS NOT NULL;
CREATE INDEX idx_orders_employee_id ON public.orders (employee_id) WHERE employee_id IS NOT NULL;
CREATE INDEX idx_orders_open ON public.orders (site_id, created_at)
WHERE status IN ('pending', 'confirmed', 'processing');
CREATE INDEX idx_orders_legacy_id ON public.orders (legacy_id) WHERE legacy_id IS NOT NULL;

CREATE TRIGGER orders_set_updated_at
BEFORE UPDATE ON public.orders
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.orders IS
'Gift orders placed on sites. Source: KV keys order:{id}, order:{env}:{id}, order:{siteId}:{uuid} (public '
'checkout, key = id) and orders:{id}.';
COMMENT ON COLUMN public.orders.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.orders.client_id IS
'Client the order is billed to; derived from the site when the source order has no clientId.';
COMMENT ON COLUMN public.orders.site_id IS 'Site the order was placed on.';
COMMENT ON COLUMN public.orders.product_id IS
'Ordered product (giftId/gift_id/product_id); NULL when the source gift no longer exists (name kept in extra).';
COMMENT ON COLUMN public.orders.employee_id IS
'Employee who ordered; NULL for guest orders, unknown employees, or after the employee record was deleted.';
COMMENT ON COLUMN public.orders.order_number IS
'Human-readable order number (orderNumber/order_number), globally unique, no whitespace, at most 100 characters.';
COMMENT ON COLUMN public.orders.customer_name IS
'Recipient name snapshot at order time (employeeName/customer_name), 1 to 200 characters.';
COMMENT ON COLUMN public.orders.customer_email IS
'Recipient email snapshot at order time (employeeEmail/customer_email). Format-checked; looked up '
'case-insensitively through idx_orders_customer_email.';
COMMENT ON COLUMN public.orders.customer_employee_id IS
'External employee identifier snapshot, kept even if the employee record is deleted.';
COMMENT ON COLUMN public.orders.status IS
'pending, confirmed, processing, shipped, delivered, cancelled or failed. confirmed, shipped, delivered and '
'cancelled each require their lifecycle timestamp.';
COMMENT ON COLUMN public.orders.quantity IS 'Units ordered, >= 1 (source quantity; default 1).';
COMMENT ON COLUMN public.orders.total_amount IS
'Order total in major currency units, NUMERIC(12,2), >= 0 (total_amount, totalValue, totalPrice or '
'itemValue x quantity).';
COMMENT ON COLUMN public.orders.currency IS 'ISO 4217 currency code in upper case, default USD.';
COMMENT ON COLUMN public.orders.shipping_address IS
'Shipping address as a JSON object with normalised keys; NULL when the source order has none.';
COMMENT ON COLUMN public.orders.tracking_number IS 'Carrier tracking number.';
COMMENT ON COLUMN public.orders.items IS 'Line items: JSON array of {product_id, quantity, unit_price, ...}.';
COMMENT ON COLUMN public.orders.metadata IS 'Application metadata of the order. JSON object.';
COMMENT ON COLUMN public.orders.notes IS 'Free-text notes.';
COMMENT ON COLUMN public.orders.confirmed_at IS 'When the order was confirmed; required when status is confirmed.';
COMMENT ON COLUMN public.orders.shipped_at IS 'When the order shipped; required when status is shipped.';
COMMENT ON COLUMN public.orders.delivered_at IS
'When the order was delivered; required when status is delivered; not before shipped_at.';
COMMENT ON COLUMN public.orders.cancelled_at IS 'When the order was cancelled; required when status is cancelled.';
COMMENT ON COLUMN public.orders.legacy_id IS
'Original KV id (e.g. ORD-00100001-x7k2 or order:{siteId}:{uuid}); NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.orders.extra IS
'Source fields without a column of their own (giftName, siteName, giftImageUrl, deleted flags, ...). JSON object.';
COMMENT ON COLUMN public.orders.created_at IS 'When the order was placed (source createdAt/created_at when migrated).';
COMMENT ON COLUMN public.orders.updated_at IS 'Last modification; maintained by trigger orders_set_updated_at.';
COMMENT ON CONSTRAINT orders_client_id_fkey ON public.orders IS
'RESTRICT: orders are financial records and must never disappear silently; a client with orders cannot be deleted.';
COMMENT ON CONSTRAINT orders_site_id_fkey ON public.orders IS
'RESTRICT: orders are financial records and must never disappear silently; a site with orders cannot be deleted.';
COMMENT ON CONSTRAINT orders_product_id_fkey ON public.orders IS
'RESTRICT: an ordered product cannot be hard-deleted (set its status to discontinued instead), so every order '
'keeps its product and a catalog with ordered products cannot be deleted either.';
COMMENT ON CONSTRAINT orders_employee_id_fkey ON public.orders IS
'SET NULL: employee records may be erased (HRIS sync, privacy requests); the order survives with its '
'customer_name, customer_email and customer_employee_id snapshot.';
