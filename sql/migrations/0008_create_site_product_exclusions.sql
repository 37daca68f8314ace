-- Migration: 0008_create_site_product_exclusions
-- Requires: 0007_create_sites
-- Purpose: Create public.site_product_exclusions, the products hidden from a site.
-- Revert: 0008_create_site_product_exclusions.revert.sql (drops the table; data is re-derivable from the KV store)
-- Transaction: yes

CREATE TABLE public.site_product_exclusions (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    site_id uuid NOT NULL,
    product_id uuid NOT NULL,
    reason text,
    excluded_by text,
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT site_product_exclusions_pkey PRIMARY KEY (id),
    CONSTRAINT site_product_exclusions_site_id_product_id_key UNIQUE (site_id, product_id),
    CONSTRAINT site_product_exclusions_site_id_fkey FOREIGN KEY (site_id)
    REFERENCES public.sites (id) ON DELETE CASCADE,
    CONSTRAINT site_product_exclusions_product_id_fkey FOREIGN KEY (product_id)
    REFERENCES public.products (id) ON DELETE CASCADE,
    CONSTRAINT site_product_exclusions_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

-- site_product_exclusions_site_id_product_id_key serves (site_id) and (site_id, product_id) lookups and the
-- anti-join of site_products_view; idx_site_exclusions_site_id adds created_at for the newest-first admin list.
CREATE INDEX idx_site_exclusions_site_id ON public.site_product_exclusions (site_id, created_at DESC);
CREATE INDEX idx_site_exclusions_product_id ON public.site_product_exclusions (product_id);

CREATE TRIGGER site_product_exclusions_set_updated_at
BEFORE UPDATE ON public.site_product_exclusions
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.site_product_exclusions IS
'Products excluded from a site. Source: excludedSkus of sites:{id}:catalog_config and site_configs:{id}, '
'resolved from SKU to product within the catalogs of the site.';
COMMENT ON COLUMN public.site_product_exclusions.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.site_product_exclusions.site_id IS 'Site the product is hidden from.';
COMMENT ON COLUMN public.site_product_exclusions.product_id IS 'Product that is hidden.';
COMMENT ON COLUMN public.site_product_exclusions.reason IS 'Why the product is excluded.';
COMMENT ON COLUMN public.site_product_exclusions.excluded_by IS
'Identifier of the admin who excluded it, as recorded by the source (updatedBy); informational, no FK.';
COMMENT ON COLUMN public.site_product_exclusions.legacy_id IS
'Original KV id when the exclusion had one; NULL for exclusions derived from an SKU list.';
COMMENT ON COLUMN public.site_product_exclusions.extra IS
'Source details without a column (e.g. the excluded SKU as written and the KV key it came from). JSON object.';
COMMENT ON COLUMN public.site_product_exclusions.created_at IS 'When the exclusion was created.';
COMMENT ON COLUMN public.site_product_exclusions.updated_at IS
'Last modification; maintained by trigger site_product_exclusions_set_updated_at.';
COMMENT ON CONSTRAINT site_product_exclusions_site_id_fkey ON public.site_product_exclusions IS
'CASCADE: an exclusion is pure configuration of its site and meaningless without it.';
COMMENT ON CONSTRAINT site_product_exclusions_product_id_fkey ON public.site_product_exclusions IS
'CASCADE: an exclusion of a product that no longer exists is meaningless.';
