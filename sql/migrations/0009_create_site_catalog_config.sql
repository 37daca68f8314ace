-- Migration: 0009_create_site_catalog_config
-- Requires: 0008_create_site_product_exclusions
-- Purpose: Create public.site_catalog_assignments and public.site_category_exclusions (site catalog configuration).
-- Revert: 0009_create_site_catalog_config.revert.sql (drops both tables; data is re-derivable from the KV store)
-- Transaction: yes
--
-- Two tables in one migration: both are fed by the same KV record (sites:{siteId}:catalog_config) and come from
-- the same side schema of the source; migration numbers 0001-0019 are a fixed budget.

CREATE TABLE public.site_catalog_assignments (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    site_id uuid NOT NULL,
    catalog_id uuid NOT NULL,
    is_default boolean NOT NULL DEFAULT false,
    priority integer NOT NULL DEFAULT 0,
    settings jsonb NOT NULL DEFAULT '{}',
    created_by text,
    updated_by text,
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT site_catalog_assignments_pkey PRIMARY KEY (id),
    CONSTRAINT site_catalog_assignments_site_id_catalog_id_key UNIQUE (site_id, catalog_id),
    CONSTRAINT site_catalog_assignments_site_id_fkey FOREIGN KEY (site_id)
    REFERENCES public.sites (id) ON DELETE CASCADE,
    CONSTRAINT site_catalog_assignments_catalog_id_fkey FOREIGN KEY (catalog_id)
    REFERENCES public.catalogs (id) ON DELETE RESTRICT,
    CONSTRAINT site_catalog_assignments_priority_non_negative_check CHECK (priority >= 0),
    CONSTRAINT site_catalog_assignments_settings_is_object_check CHECK (jsonb_typeof(settings) = 'object'),
    CONSTRAINT site_catalog_assignments_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

-- The site_id foreign key is indexed by site_catalog_assignments_site_id_catalog_id_key (leading column).
CREATE UNIQUE INDEX site_catalog_assignments_one_default_per_site_key
ON public.site_catalog_assignments (site_id) WHERE is_default;
CREATE INDEX idx_site_catalog_assignments_catalog_id ON public.site_catalog_assignments (catalog_id);

CREATE TRIGGER site_catalog_assignments_set_updated_at
BEFORE UPDATE ON public.site_catalog_assignments
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.site_catalog_assignments IS
'Catalogs a site offers in addition to (or instead of) sites.catalog_id (multi-catalog model). '
'Source: KV key sites:{siteId}:catalog_config (catalogId, isDefault, priority, overrides, availability).';
COMMENT ON COLUMN public.site_catalog_assignments.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.site_catalog_assignments.site_id IS 'Site that offers the catalog.';
COMMENT ON COLUMN public.site_catalog_assignments.catalog_id IS 'Catalog offered on the site.';
COMMENT ON COLUMN public.site_catalog_assignments.is_default IS
'Whether this is the default catalog of the site (at most one).';
COMMENT ON COLUMN public.site_catalog_assignments.priority IS
'Ordering among the catalogs of a site, >= 0; lower first.';
COMMENT ON COLUMN public.site_catalog_assignments.settings IS
'Per-site catalog settings: overrides (allowPriceOverride, priceAdjustment, customPricing, customDescriptions), '
'availability (hideOutOfStock, hideDiscontinued, minimumInventory, min/max price), excludedTags, excludedBrands. '
'JSON object. SKU and category exclusions live in their own tables.';
COMMENT ON COLUMN public.site_catalog_assignments.created_by IS 'Identifier of the admin who created the assignment.';
COMMENT ON COLUMN public.site_catalog_assignments.updated_by IS
'Identifier of the admin who last changed the assignment (source updatedBy).';
COMMENT ON COLUMN public.site_catalog_assignments.legacy_id IS
'Original KV key or id of the catalog config; NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.site_catalog_assignments.extra IS 'Source fields without a column of their own. JSON object.';
COMMENT ON COLUMN public.site_catalog_assignments.created_at IS 'When the assignment was created.';
COMMENT ON COLUMN public.site_catalog_assignments.updated_at IS
'Last modification; maintained by trigger site_catalog_assignments_set_updated_at.';
COMMENT ON CONSTRAINT site_catalog_assignments_site_id_fkey ON public.site_catalog_assignments IS
'CASCADE: an assignment is pure configuration of its site and meaningless without it.';
COMMENT ON CONSTRAINT site_catalog_assignments_catalog_id_fkey ON public.site_catalog_assignments IS
'RESTRICT: a catalog still offered on a site cannot be deleted; remove the assignment first, so a live site '
'never silently loses part of its gift list (same rule as sites_catalog_id_fkey).';

CREATE TABLE public.site_category_exclusions (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    site_id uuid NOT NULL,
    category text NOT NULL,
    reason text,
    excluded_by text,
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT site_category_exclusions_pkey PRIMARY KEY (id),
    CONSTRAINT site_category_exclusions_site_id_fkey FOREIGN KEY (site_id)
    REFERENCES public.sites (id) ON DELETE CASCADE,
    CONSTRAINT site_category_exclusions_category_length_check CHECK (char_length(category) BETWEEN 1 AND 100),
    CONSTRAINT site_category_exclusions_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

-- Categories are compared case-insensitively (the CRUD path lower-cases them, other writers do not), so the
-- uniqueness rule is an expression index; it also indexes the site_id foreign key and serves the anti-join
-- of site_products_view.
CREATE UNIQUE INDEX site_category_exclusions_site_id_lower_category_key
ON public.site_category_exclusions (site_id, lower(category));

CREATE TRIGGER site_category_exclusions_set_updated_at
BEFORE UPDATE ON public.site_category_exclusions
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.site_category_exclusions IS
'Product categories hidden from a site. Source: excludedCategories of sites:{id}:catalog_config and '
'site_configs:{id}. Needed because the source excludes by category name, not by product id.';
COMMENT ON COLUMN public.site_category_exclusions.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.site_category_exclusions.site_id IS 'Site the category is hidden from.';
COMMENT ON COLUMN public.site_category_exclusions.category IS
'Excluded category as written; matched case-insensitively against products.category; unique per site ignoring case.';
COMMENT ON COLUMN public.site_category_exclusions.reason IS 'Why the category is excluded.';
COMMENT ON COLUMN public.site_category_exclusions.excluded_by IS
'Identifier of the admin who excluded it, as recorded by the source; informational, no FK.';
COMMENT ON COLUMN public.site_category_exclusions.legacy_id IS
'Original KV id when the exclusion had one; NULL for exclusions derived from a category list.';
COMMENT ON COLUMN public.site_category_exclusions.extra IS
'Source details without a column (e.g. the KV key the list came from). JSON object.';
COMMENT ON COLUMN public.site_category_exclusions.created_at IS 'When the exclusion was created.';
COMMENT ON COLUMN public.site_category_exclusions.updated_at IS
'Last modification; maintained by trigger site_category_exclusions_set_updated_at.';
COMMENT ON CONSTRAINT site_category_exclusions_site_id_fkey ON public.site_category_exclusions IS
'CASCADE: an exclusion is pure configuration of its site and meaningless without it.';
