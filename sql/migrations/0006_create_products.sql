-- Migration: 0006_create_products
-- Requires: 0005_create_brands
-- Purpose: Create public.products, the gifts/products offered in catalogs (formerly "gifts" in the KV store).
-- Revert: 0006_create_products.revert.sql (drops public.products; data is re-derivable from the KV store)
-- Transaction: yes

CREATE TABLE public.products (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    catalog_id uuid NOT NULL,
    sku text NOT NULL,
    external_id text,
    external_sku text,
    name text NOT NULL,
    description text,
    category text,
    brand text,
    price numeric(12, 2) NOT NULL,
    cost numeric(12, 2),
    msrp numeric(12, 2),
    currency text NOT NULL DEFAULT 'USD',
    image_url text,
    images jsonb NOT NULL DEFAULT '[]',
    features jsonb NOT NULL DEFAULT '[]',
    specifications jsonb NOT NULL DEFAULT '{}',
    available_quantity integer,
    track_inventory boolean NOT NULL DEFAULT true,
    status text NOT NULL DEFAULT 'active',
    is_active boolean GENERATED ALWAYS AS (status = 'active') STORED,
    sync_status text NOT NULL DEFAULT 'manual',
    sync_notes text,
    last_synced_at timestamptz,
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT products_pkey PRIMARY KEY (id),
    CONSTRAINT products_catalog_id_sku_key UNIQUE (catalog_id, sku),
    CONSTRAINT products_catalog_id_fkey FOREIGN KEY (catalog_id)
    REFERENCES public.catalogs (id) ON DELETE CASCADE,
    CONSTRAINT products_status_check CHECK (status IN ('active', 'inactive', 'out_of_stock', 'discontinued')),
    CONSTRAINT products_sync_status_check CHECK (sync_status IN ('synced', 'modified', 'conflict', 'manual')),
    CONSTRAINT products_name_length_check CHECK (char_length(name) BETWEEN 2 AND 500),
    CONSTRAINT products_sku_format_check CHECK (sku ~ '^\S(.{0,98}\S)?$'),
    CONSTRAINT products_price_non_negative_check CHECK (price >= 0),
    CONSTRAINT products_cost_non_negative_check CHECK (cost >= 0),
    CONSTRAINT products_msrp_non_negative_check CHECK (msrp >= 0),
    CONSTRAINT products_available_quantity_non_negative_check CHECK (available_quantity >= 0),
    CONSTRAINT products_currency_format_check CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT products_images_is_array_check CHECK (jsonb_typeof(images) = 'array'),
    CONSTRAINT products_features_is_array_check CHECK (jsonb_typeof(features) = 'array'),
    CONSTRAINT products_specifications_is_object_check CHECK (jsonb_typeof(specifications) = 'object'),
    CONSTRAINT products_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

-- idx_products_catalog_id leads with catalog_id but adds created_at, so it is not a prefix duplicate of
-- products_catalog_id_sku_key (which already serves catalog_id equality and (catalog_id, sku) lookups).
CREATE INDEX idx_products_catalog_id ON public.products (catalog_id, created_at DESC);
CREATE INDEX idx_products_sku ON public.products (sku);
CREATE INDEX idx_products_category ON public.products (category) WHERE category IS NOT NULL;
CREATE INDEX idx_products_is_active ON public.products (is_active) WHERE is_active;
CREATE INDEX idx_products_catalog_active ON public.products (catalog_id, price) WHERE is_active;
CREATE INDEX idx_products_name_trgm ON public.products USING gin (name public.gin_trgm_ops);
CREATE INDEX idx_products_category_price ON public.products (category, price) WHERE is_active;
CREATE INDEX idx_products_external_id ON public.products (catalog_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX idx_products_brand ON public.products (brand) WHERE brand IS NOT NULL;
CREATE INDEX idx_products_legacy_id ON public.products (legacy_id) WHERE legacy_id IS NOT NULL;

CREATE TRIGGER products_set_updated_at
BEFORE UPDATE ON public.products
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.products IS
'Products (gifts) offered in catalogs. Source: KV keys gift:{id}, gifts:{id}, gift:{env}:{id} and the objects '
'inside gifts:all (multi-catalog, legacy, CRUD, bulk-import and test shapes).';
COMMENT ON COLUMN public.products.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.products.catalog_id IS
'Catalog the product belongs to (legacy gifts without catalogId go to catalog_legacy_default).';
COMMENT ON COLUMN public.products.sku IS
'Stock keeping unit, unique per catalog; no leading/trailing whitespace, 1 to 100 characters.';
COMMENT ON COLUMN public.products.external_id IS 'Id of the product in the external system (source.externalId).';
COMMENT ON COLUMN public.products.external_sku IS 'SKU of the product in the external system (source.externalSku).';
COMMENT ON COLUMN public.products.name IS 'Product name, 2 to 500 characters.';
COMMENT ON COLUMN public.products.description IS 'Product description.';
COMMENT ON COLUMN public.products.category IS
'Product category as entered (matched case-insensitively by site exclusions).';
COMMENT ON COLUMN public.products.brand IS
'Manufacturer brand of the product as text (not a reference to public.brands, which holds site branding).';
COMMENT ON COLUMN public.products.price IS 'Price in major currency units, NUMERIC(12,2), >= 0.';
COMMENT ON COLUMN public.products.cost IS 'Cost from the vendor or ERP, >= 0; NULL when unknown.';
COMMENT ON COLUMN public.products.msrp IS 'Manufacturer suggested retail price, >= 0; NULL when unknown.';
COMMENT ON COLUMN public.products.currency IS 'ISO 4217 currency code in upper case, default USD.';
COMMENT ON COLUMN public.products.image_url IS 'Primary image URL (source imageUrl, image or image_url).';
COMMENT ON COLUMN public.products.images IS 'Additional image URLs or objects. JSON array.';
COMMENT ON COLUMN public.products.features IS
'Feature bullet points. JSON array (comma strings are split by the mapping).';
COMMENT ON COLUMN public.products.specifications IS 'Specification name/value pairs. JSON object.';
COMMENT ON COLUMN public.products.available_quantity IS
'Units available (availableQuantity, inventoryQuantity, stock or inventory.available), >= 0; NULL when unknown.';
COMMENT ON COLUMN public.products.track_inventory IS 'Whether available_quantity is tracked for this product.';
COMMENT ON COLUMN public.products.status IS
'active, inactive, out_of_stock or discontinued. A boolean isActive maps to active/inactive; soft-deleted '
'source gifts map to discontinued.';
COMMENT ON COLUMN public.products.is_active IS 'Generated: status = ''active''. Stored, for cheap partial indexes.';
COMMENT ON COLUMN public.products.sync_status IS
'Sync state with the source system: synced, modified, conflict or manual.';
COMMENT ON COLUMN public.products.sync_notes IS 'Notes from the last synchronisation.';
COMMENT ON COLUMN public.products.last_synced_at IS 'When the product was last synchronised from its source system.';
COMMENT ON COLUMN public.products.legacy_id IS
'Original KV id (e.g. gift-001, gift-1739800000000-3); NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.products.extra IS
'Source fields without a column of their own (e.g. tags, longDescription, retailValue, priority, quantityLimit, '
'inventory). JSON object.';
COMMENT ON COLUMN public.products.created_at IS 'When the product was created (source createdAt when migrated).';
COMMENT ON COLUMN public.products.updated_at IS 'Last modification; maintained by trigger products_set_updated_at.';
COMMENT ON CONSTRAINT products_catalog_id_fkey ON public.products IS
'CASCADE: a product is part of its catalog and is deleted with it. Ordered products are protected by '
'orders_product_id_fkey (RESTRICT), so a catalog whose products were ordered cannot be deleted.';
