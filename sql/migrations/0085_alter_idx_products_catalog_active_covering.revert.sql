-- Revert: 0085_alter_idx_products_catalog_active_covering
-- Rebuilds public.idx_products_catalog_active as 0006_create_products created it: (catalog_id, price) WHERE
-- is_active, without included columns (and without a comment, as before).

DROP INDEX public.idx_products_catalog_active;

CREATE INDEX idx_products_catalog_active ON public.products (catalog_id, price) WHERE is_active;
