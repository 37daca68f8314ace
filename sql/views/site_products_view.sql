-- View: public.site_products_view
-- Purpose: The products a site offers: products of the site's catalogs (sites.catalog_id and
--          site_catalog_assignments) minus site_product_exclusions and site_category_exclusions.
-- Re-runnable definition (CREATE OR REPLACE), applied after all migrations. security_invoker: the caller's
-- privileges and row security on every underlying table apply.
--
-- Only active sites, active catalogs and active products. Category exclusions match case-insensitively.
-- The site's gift strategy (site_gift_configs: price levels, explicit lists) is applied by the application
-- on top of this view. product cost is left out on purpose: it is internal margin data, not site content.

CREATE OR REPLACE VIEW public.site_products_view WITH (security_invoker = true) AS
WITH site_catalog AS (
    SELECT
        primary_catalog.id AS site_id,
        primary_catalog.catalog_id
    FROM public.sites AS primary_catalog
    WHERE primary_catalog.catalog_id IS NOT NULL
    UNION
    SELECT
        a.site_id,
        a.catalog_id
    FROM public.site_catalog_assignments AS a
)

SELECT
    s.id AS site_id,
    s.name AS site_name,
    s.client_id,
    c.id AS catalog_id,
    c.name AS catalog_name,
    p.id AS product_id,
    p.sku,
    p.name,
    p.description,
    p.category,
    p.brand,
    p.price,
    p.msrp,
    p.currency,
    p.image_url,
    p.images,
    p.features,
    p.specifications,
    p.available_quantity,
    p.track_inventory,
    p.created_at,
    p.updated_at
FROM public.sites AS s
INNER JOIN site_catalog ON s.id = site_catalog.site_id
INNER JOIN public.catalogs AS c ON site_catalog.catalog_id = c.id
INNER JOIN public.products AS p ON c.id = p.catalog_id
WHERE
    s.status = 'active'
    AND c.status = 'active'
    AND p.is_active
    AND NOT EXISTS (
        SELECT 1
        FROM public.site_product_exclusions AS spe
        WHERE
            spe.site_id = s.id
            AND spe.product_id = p.id
    )
    AND NOT EXISTS (
        SELECT 1
        FROM public.site_category_exclusions AS sce
        WHERE
            sce.site_id = s.id
            AND lower(sce.category) = lower(p.category)
    );

COMMENT ON VIEW public.site_products_view IS
'Products available on each active site: active products of the active catalogs assigned to the site '
'(sites.catalog_id or site_catalog_assignments, each product once), without excluded products and categories. '
'security_invoker.';
COMMENT ON COLUMN public.site_products_view.site_id IS 'Site offering the product.';
COMMENT ON COLUMN public.site_products_view.site_name IS 'Name of the site.';
COMMENT ON COLUMN public.site_products_view.client_id IS 'Client that owns the site.';
COMMENT ON COLUMN public.site_products_view.catalog_id IS 'Catalog through which the site offers the product.';
COMMENT ON COLUMN public.site_products_view.catalog_name IS 'Name of that catalog.';
COMMENT ON COLUMN public.site_products_view.product_id IS 'Product id (products.id).';
COMMENT ON COLUMN public.site_products_view.sku IS 'Stock keeping unit, unique per catalog.';
COMMENT ON COLUMN public.site_products_view.name IS 'Product name.';
COMMENT ON COLUMN public.site_products_view.description IS 'Product description.';
COMMENT ON COLUMN public.site_products_view.category IS 'Product category.';
COMMENT ON COLUMN public.site_products_view.brand IS 'Manufacturer brand of the product.';
COMMENT ON COLUMN public.site_products_view.price IS 'Price in major currency units.';
COMMENT ON COLUMN public.site_products_view.msrp IS 'Manufacturer suggested retail price.';
COMMENT ON COLUMN public.site_products_view.currency IS 'ISO 4217 currency code.';
COMMENT ON COLUMN public.site_products_view.image_url IS 'Primary image URL.';
COMMENT ON COLUMN public.site_products_view.images IS 'Additional images (JSON array).';
COMMENT ON COLUMN public.site_products_view.features IS 'Feature bullet points (JSON array).';
COMMENT ON COLUMN public.site_products_view.specifications IS 'Specification name/value pairs (JSON object).';
COMMENT ON COLUMN public.site_products_view.available_quantity IS 'Units available; NULL when unknown.';
COMMENT ON COLUMN public.site_products_view.track_inventory IS 'Whether inventory is tracked.';
COMMENT ON COLUMN public.site_products_view.created_at IS 'When the product was created.';
COMMENT ON COLUMN public.site_products_view.updated_at IS 'When the product was last modified.';
