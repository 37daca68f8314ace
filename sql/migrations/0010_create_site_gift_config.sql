-- Migration: 0010_create_site_gift_config
-- Requires: 0009_create_site_catalog_config
-- Purpose: Create public.site_gift_configs and public.site_product_assignments (how a site selects its gifts).
-- Revert: 0010_create_site_gift_config.revert.sql (drops both tables; data is re-derivable from the KV store)
-- Transaction: yes
--
-- Two tables in one migration: the explicit gift list (includedGiftIds, site-gift-assignment:* join rows) only
-- means something together with the site's assignment strategy; migration numbers 0001-0019 are a fixed budget.

CREATE TABLE public.site_gift_configs (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    site_id uuid NOT NULL,
    assignment_strategy text NOT NULL DEFAULT 'all',
    price_levels jsonb NOT NULL DEFAULT '[]',
    selected_level_id text,
    settings jsonb NOT NULL DEFAULT '{}',
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT site_gift_configs_pkey PRIMARY KEY (id),
    CONSTRAINT site_gift_configs_site_id_key UNIQUE (site_id),
    CONSTRAINT site_gift_configs_site_id_fkey FOREIGN KEY (site_id)
    REFERENCES public.sites (id) ON DELETE CASCADE,
    CONSTRAINT site_gift_configs_assignment_strategy_check CHECK (
        assignment_strategy IN ('all', 'price_levels', 'exclusions', 'explicit')
    ),
    CONSTRAINT site_gift_configs_price_levels_is_array_check CHECK (jsonb_typeof(price_levels) = 'array'),
    CONSTRAINT site_gift_configs_price_levels_strategy_needs_level_check CHECK (
        assignment_strategy <> 'price_levels' OR price_levels <> '[]'::jsonb
    ),
    CONSTRAINT site_gift_configs_settings_is_object_check CHECK (jsonb_typeof(settings) = 'object'),
    CONSTRAINT site_gift_configs_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

-- The site_id foreign key is indexed by the unique index of site_gift_configs_site_id_key.

CREATE TRIGGER site_gift_configs_set_updated_at
BEFORE UPDATE ON public.site_gift_configs
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.site_gift_configs IS
'How a site chooses its gifts (one row per site). Source: KV key site_configs:{siteId} (also written as '
'site_gift_config:{siteId}). Its excludedSkus/excludedCategories go to site_product_exclusions and '
'site_category_exclusions, its includedGiftIds to site_product_assignments.';
COMMENT ON COLUMN public.site_gift_configs.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.site_gift_configs.site_id IS
'Site this configuration belongs to (one configuration per site).';
COMMENT ON COLUMN public.site_gift_configs.assignment_strategy IS
'all (every available product), price_levels (products in the selected price band), exclusions (all minus the '
'exclusion tables) or explicit (only site_product_assignments). These are the values the source really writes.';
COMMENT ON COLUMN public.site_gift_configs.price_levels IS
'Price bands as a JSON array of {id, name, minPrice, maxPrice}; a band contains min <= price < max. '
'Must be non-empty when assignment_strategy is price_levels.';
COMMENT ON COLUMN public.site_gift_configs.selected_level_id IS 'id of the selected entry of price_levels.';
COMMENT ON COLUMN public.site_gift_configs.settings IS 'Further gift-selection settings. JSON object.';
COMMENT ON COLUMN public.site_gift_configs.legacy_id IS
'Original KV key of the configuration; NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.site_gift_configs.extra IS 'Source fields without a column of their own. JSON object.';
COMMENT ON COLUMN public.site_gift_configs.created_at IS 'When the configuration was created.';
COMMENT ON COLUMN public.site_gift_configs.updated_at IS
'Last modification; maintained by trigger site_gift_configs_set_updated_at.';
COMMENT ON CONSTRAINT site_gift_configs_site_id_fkey ON public.site_gift_configs IS
'CASCADE: the gift configuration is pure configuration of its site and meaningless without it.';

CREATE TABLE public.site_product_assignments (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    site_id uuid NOT NULL,
    product_id uuid NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    priority integer NOT NULL DEFAULT 0,
    display_order integer,
    quantity_limit integer,
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT site_product_assignments_pkey PRIMARY KEY (id),
    CONSTRAINT site_product_assignments_site_id_product_id_key UNIQUE (site_id, product_id),
    CONSTRAINT site_product_assignments_site_id_fkey FOREIGN KEY (site_id)
    REFERENCES public.sites (id) ON DELETE CASCADE,
    CONSTRAINT site_product_assignments_product_id_fkey FOREIGN KEY (product_id)
    REFERENCES public.products (id) ON DELETE CASCADE,
    CONSTRAINT site_product_assignments_priority_non_negative_check CHECK (priority >= 0),
    CONSTRAINT site_product_assignments_display_order_non_negative_check CHECK (display_order >= 0),
    CONSTRAINT site_product_assignments_quantity_limit_non_negative_check CHECK (quantity_limit >= 0),
    CONSTRAINT site_product_assignments_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

-- The site_id foreign key is indexed by site_product_assignments_site_id_product_id_key (leading column).
CREATE INDEX idx_site_product_assignments_product_id ON public.site_product_assignments (product_id);
CREATE INDEX idx_site_product_assignments_site_order ON public.site_product_assignments (site_id, display_order)
WHERE is_active;

CREATE TRIGGER site_product_assignments_set_updated_at
BEFORE UPDATE ON public.site_product_assignments
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.site_product_assignments IS
'Explicit site-to-gift join rows. Source: KV keys site-gift-assignment:{siteId}:{giftId} and the '
'includedGiftIds of site_configs:{siteId}. Used when site_gift_configs.assignment_strategy is explicit.';
COMMENT ON COLUMN public.site_product_assignments.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.site_product_assignments.site_id IS 'Site the gift is assigned to.';
COMMENT ON COLUMN public.site_product_assignments.product_id IS 'Assigned gift.';
COMMENT ON COLUMN public.site_product_assignments.is_active IS 'Whether the assignment is in effect (source active).';
COMMENT ON COLUMN public.site_product_assignments.priority IS 'Priority among the gifts of the site, >= 0.';
COMMENT ON COLUMN public.site_product_assignments.display_order IS
'Display position on the site, >= 0; NULL for unordered.';
COMMENT ON COLUMN public.site_product_assignments.quantity_limit IS
'Maximum units of this gift per site or employee as the source defines it, >= 0; NULL for no limit.';
COMMENT ON COLUMN public.site_product_assignments.legacy_id IS
'Original KV key or id of the assignment row; NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.site_product_assignments.extra IS 'Source fields without a column of their own. JSON object.';
COMMENT ON COLUMN public.site_product_assignments.created_at IS 'When the assignment was created (source createdAt).';
COMMENT ON COLUMN public.site_product_assignments.updated_at IS
'Last modification; maintained by trigger site_product_assignments_set_updated_at.';
COMMENT ON CONSTRAINT site_product_assignments_site_id_fkey ON public.site_product_assignments IS
'CASCADE: an assignment is pure configuration of its site and meaningless without it.';
COMMENT ON CONSTRAINT site_product_assignments_product_id_fkey ON public.site_product_assignments IS
'CASCADE: an assignment of a product that no longer exists is meaningless.';
