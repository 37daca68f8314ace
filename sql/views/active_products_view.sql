-- View: public.active_products_view
-- Purpose: Active products of active catalogs, with the catalog name, type and owner.
-- Re-runnable definition (CREATE OR REPLACE), applied after all migrations. security_invoker: the caller's
-- privileges and row security on products and catalogs apply.

CREATE OR REPLACE VIEW public.active_products_view WITH (security_invoker = true) AS
SELECT
    p.id,
    p.catalog_id,
    p.sku,
    p.external_id,
    p.external_sku,
    p.name,
    p.description,
    p.category,
    p.brand,
    p.price,
    p.cost,
    p.msrp,
    p.currency,
    p.image_url,
    p.images,
    p.features,
    p.specifications,
    p.available_quantity,
    p.track_inventory,
    p.status,
    p.is_active,
    p.sync_status,
    p.sync_notes,
    p.last_synced_at,
    p.created_at,
    p.updated_at,
    c.name AS catalog_name,
    c.type AS catalog_type,
    c.owner_id AS catalog_owner_id
FROM public.products AS p
INNER JOIN public.catalogs AS c ON p.catalog_id = c.id
WHERE
    p.is_active
    AND c.status = 'active';

COMMENT ON VIEW public.active_products_view IS
'Active products (status active) of active catalogs, with catalog name, type and owner. security_invoker.';
COMMENT ON COLUMN public.active_products_view.id IS 'Product id (products.id).';
COMMENT ON COLUMN public.active_products_view.catalog_id IS 'Catalog of the product.';
COMMENT ON COLUMN public.active_products_view.sku IS 'Stock keeping unit, unique per catalog.';
COMMENT ON COLUMN public.active_products_view.external_id IS 'Id of the product in the external system.';
COMMENT ON COLUMN public.active_products_view.external_sku IS 'SKU of the product in the external system.';
COMMENT ON COLUMN public.active_products_view.name IS 'Product name.';
COMMENT ON COLUMN public.active_products_view.description IS 'Product description.';
COMMENT ON COLUMN public.active_products_view.category IS 'Product category.';
COMMENT ON COLUMN public.active_products_view.brand IS 'Manufacturer brand of the product.';
COMMENT ON COLUMN public.active_products_view.price IS 'Price in major currency units.';
COMMENT ON COLUMN public.active_products_view.cost IS 'Cost from the vendor or ERP.';
COMMENT ON COLUMN public.active_products_view.msrp IS 'Manufacturer suggested retail price.';
COMMENT ON COLUMN public.active_products_view.currency IS 'ISO 4217 currency code.';
COMMENT ON COLUMN public.active_products_view.image_url IS 'Primary image URL.';
COMMENT ON COLUMN public.active_products_view.images IS 'Additional images (JSON array).';
COMMENT ON COLUMN public.active_products_view.features IS 'Feature bullet points (JSON array).';
COMMENT ON COLUMN public.active_products_view.specifications IS 'Specification name/value pairs (JSON object).';
COMMENT ON COLUMN public.active_products_view.available_quantity IS 'Units available; NULL when unknown.';
COMMENT ON COLUMN public.active_products_view.track_inventory IS 'Whether inventory is tracked.';
COMMENT ON COLUMN public.active_products_view.status IS 'Product status (always active in this view).';
COMMENT ON COLUMN public.active_products_view.is_active IS 'Generated active flag (always true in this view).';
COMMENT ON COLUMN public.active_products_view.sync_status IS 'Sync state with the source system.';
COMMENT ON COLUMN public.active_products_view.sync_notes IS 'Notes from the last synchronisation.';
COMMENT ON COLUMN public.active_products_view.last_synced_at IS 'When the product was last synchronised.';
COMMENT ON COLUMN public.active_products_view.created_at IS 'When the product was created.';
COMMENT ON COLUMN public.active_products_view.updated_at IS 'When the product was last modified.';
COMMENT ON COLUMN public.active_products_view.catalog_name IS 'Name of the catalog (catalogs.name).';
COMMENT ON COLUMN public.active_products_view.catalog_type IS 'Type of the catalog: erp, manual, vendor or dropship.';
COMMENT ON COLUMN public.active_products_view.catalog_owner_id IS
'Owning client of the catalog (catalogs.owner_id); NULL for shared catalogs.';
