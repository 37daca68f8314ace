-- Migration: 0007_create_sites
-- Requires: 0006_create_products
-- Purpose: Create public.sites, the celebration sites of a client, with their settings columns.
-- Revert: 0007_create_sites.revert.sql (drops public.sites; data is re-derivable from the KV store)
-- Transaction: yes

CREATE TABLE public.sites (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    client_id uuid NOT NULL,
    catalog_id uuid,
    brand_id uuid,
    name text NOT NULL,
    slug text NOT NULL,
    description text,
    status text NOT NULL DEFAULT 'draft',
    validation_methods jsonb NOT NULL DEFAULT '[]',
    branding jsonb NOT NULL DEFAULT '{}',
    selection_start_date timestamptz,
    selection_end_date timestamptz,
    site_code text,
    site_erp_integration text,
    site_erp_instance text,
    site_ship_from_country text,
    site_hris_system text,
    site_drop_down_name text,
    site_custom_domain_url text,
    site_account_manager text,
    site_account_manager_email text,
    site_celebrations_enabled boolean NOT NULL DEFAULT false,
    allow_session_timeout_extend boolean NOT NULL DEFAULT false,
    enable_employee_log_report boolean NOT NULL DEFAULT false,
    regional_client_info jsonb NOT NULL DEFAULT '{}',
    disable_direct_access_auth boolean NOT NULL DEFAULT false,
    sso_provider text,
    sso_client_office_name text,
    gifts_per_user integer NOT NULL DEFAULT 1,
    default_language text NOT NULL DEFAULT 'en',
    default_currency text NOT NULL DEFAULT 'USD',
    default_country text,
    available_languages text[] NOT NULL DEFAULT '{en}',
    allow_quantity_selection boolean NOT NULL DEFAULT false,
    show_pricing boolean NOT NULL DEFAULT false,
    skip_landing_page boolean NOT NULL DEFAULT false,
    skip_review_page boolean NOT NULL DEFAULT false,
    default_gift_id uuid,
    default_gift_days_after_close integer,
    expired_message text,
    translations jsonb NOT NULL DEFAULT '{}',
    draft_settings jsonb,
    draft_available_languages text[],
    page_config jsonb NOT NULL DEFAULT '{}',
    settings jsonb NOT NULL DEFAULT '{}',
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sites_pkey PRIMARY KEY (id),
    CONSTRAINT sites_slug_key UNIQUE (slug),
    CONSTRAINT sites_client_id_fkey FOREIGN KEY (client_id)
    REFERENCES public.clients (id) ON DELETE RESTRICT,
    CONSTRAINT sites_catalog_id_fkey FOREIGN KEY (catalog_id)
    REFERENCES public.catalogs (id) ON DELETE RESTRICT,
    CONSTRAINT sites_brand_id_fkey FOREIGN KEY (brand_id)
    REFERENCES public.brands (id) ON DELETE SET NULL,
    CONSTRAINT sites_default_gift_id_fkey FOREIGN KEY (default_gift_id)
    REFERENCES public.products (id) ON DELETE SET NULL,
    CONSTRAINT sites_status_check CHECK (status IN ('draft', 'active', 'inactive', 'maintenance')),
    CONSTRAINT sites_name_length_check CHECK (char_length(name) BETWEEN 2 AND 200),
    CONSTRAINT sites_slug_format_check CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    CONSTRAINT sites_slug_length_check CHECK (char_length(slug) BETWEEN 2 AND 100),
    CONSTRAINT sites_selection_start_before_end_check CHECK (selection_start_date < selection_end_date),
    CONSTRAINT sites_gifts_per_user_positive_check CHECK (gifts_per_user >= 1),
    CONSTRAINT sites_default_language_format_check CHECK (default_language ~ '^[a-z]{2}$'),
    CONSTRAINT sites_default_currency_format_check CHECK (default_currency ~ '^[A-Z]{3}$'),
    CONSTRAINT sites_default_country_format_check CHECK (default_country ~ '^[A-Z]{2}$'),
    CONSTRAINT sites_available_languages_not_empty_check CHECK (cardinality(available_languages) >= 1),
    CONSTRAINT sites_default_gift_days_after_close_non_negative_check CHECK (default_gift_days_after_close >= 0),
    CONSTRAINT sites_account_manager_email_format_check CHECK (
        site_account_manager_email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'
    ),
    CONSTRAINT sites_validation_methods_is_array_check CHECK (jsonb_typeof(validation_methods) = 'array'),
    CONSTRAINT sites_branding_is_object_check CHECK (jsonb_typeof(branding) = 'object'),
    CONSTRAINT sites_regional_client_info_is_object_check CHECK (jsonb_typeof(regional_client_info) = 'object'),
    CONSTRAINT sites_translations_is_object_check CHECK (jsonb_typeof(translations) = 'object'),
    CONSTRAINT sites_draft_settings_is_object_check CHECK (jsonb_typeof(draft_settings) = 'object'),
    CONSTRAINT sites_page_config_is_object_check CHECK (jsonb_typeof(page_config) = 'object'),
    CONSTRAINT sites_settings_is_object_check CHECK (jsonb_typeof(settings) = 'object'),
    CONSTRAINT sites_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

-- idx_sites_slug (SCHEMA_DESIGN) is served by the unique index of sites_slug_key.
-- idx_sites_client_id adds name so that it is not a prefix duplicate of idx_sites_client_status.
CREATE INDEX idx_sites_client_id ON public.sites (client_id, name);
CREATE INDEX idx_sites_client_status ON public.sites (client_id, status);
CREATE INDEX idx_sites_catalog_id ON public.sites (catalog_id) WHERE catalog_id IS NOT NULL;
CREATE INDEX idx_sites_brand_id ON public.sites (brand_id) WHERE brand_id IS NOT NULL;
CREATE INDEX idx_sites_default_gift_id ON public.sites (default_gift_id) WHERE default_gift_id IS NOT NULL;
CREATE INDEX idx_sites_active_selection_end ON public.sites (selection_end_date)
WHERE status = 'active' AND selection_end_date IS NOT NULL;
CREATE INDEX idx_sites_legacy_id ON public.sites (legacy_id) WHERE legacy_id IS NOT NULL;

CREATE TRIGGER sites_set_updated_at
BEFORE UPDATE ON public.sites
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.sites IS
'Celebration sites; each client can run several. Source: KV keys site:{id}, site:{env}:{id}, sites:{id} and '
'sites:{env}:{id} (snake_case, CRUD camelCase and demo shapes).';
COMMENT ON COLUMN public.sites.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.sites.client_id IS 'Client that owns the site.';
COMMENT ON COLUMN public.sites.catalog_id IS
'Primary catalog of the site (single-catalog model, source catalogId). Further catalogs come from '
'site_catalog_assignments; site_products_view honours both.';
COMMENT ON COLUMN public.sites.brand_id IS
'Branding preset applied to the site; NULL when the site uses only its own branding.';
COMMENT ON COLUMN public.sites.name IS 'Site name, 2 to 200 characters.';
COMMENT ON COLUMN public.sites.slug IS
'URL identifier, globally unique; lower-case letters and digits in dash-separated groups (checked case-sensitively).';
COMMENT ON COLUMN public.sites.description IS 'Free-text description.';
COMMENT ON COLUMN public.sites.status IS
'draft, active, inactive or maintenance. The source value live maps to active; missing maps to active for '
'sites the public code served, draft otherwise (mapping layer decision).';
COMMENT ON COLUMN public.sites.validation_methods IS
'How employees prove eligibility: JSON array of {type: email|employeeId|serialCard|magicLink, enabled, config}. '
'String arrays and a single settings.validationMethod are normalised to this shape by the mapping.';
COMMENT ON COLUMN public.sites.branding IS
'Site-specific branding overrides (logo, colours, customCss). JSON object; never holds secrets.';
COMMENT ON COLUMN public.sites.selection_start_date IS
'Start of the gift selection window (selection_start_date, startDate, availabilityStartDate).';
COMMENT ON COLUMN public.sites.selection_end_date IS
'End of the gift selection window (selection_end_date, endDate, availabilityEndDate, expiryDate); after start.';
COMMENT ON COLUMN public.sites.site_code IS 'Site code used in ERP and reporting.';
COMMENT ON COLUMN public.sites.site_erp_integration IS 'ERP integration used for this site.';
COMMENT ON COLUMN public.sites.site_erp_instance IS 'ERP instance used for this site.';
COMMENT ON COLUMN public.sites.site_ship_from_country IS 'Country orders for this site ship from.';
COMMENT ON COLUMN public.sites.site_hris_system IS 'HRIS system feeding this site.';
COMMENT ON COLUMN public.sites.site_drop_down_name IS 'Name shown in site pickers.';
COMMENT ON COLUMN public.sites.site_custom_domain_url IS 'Custom domain of the site (source domain).';
COMMENT ON COLUMN public.sites.site_account_manager IS 'Name of the account manager for this site.';
COMMENT ON COLUMN public.sites.site_account_manager_email IS 'Email of the site account manager. Format-checked.';
COMMENT ON COLUMN public.sites.site_celebrations_enabled IS 'Whether peer celebrations are enabled on the site.';
COMMENT ON COLUMN public.sites.allow_session_timeout_extend IS 'Whether users may extend an expiring session.';
COMMENT ON COLUMN public.sites.enable_employee_log_report IS 'Whether the employee activity report is enabled.';
COMMENT ON COLUMN public.sites.regional_client_info IS
'Regional office details (office_name, contact_email, ...). JSON object.';
COMMENT ON COLUMN public.sites.disable_direct_access_auth IS 'Whether direct (non-SSO) access is disabled.';
COMMENT ON COLUMN public.sites.sso_provider IS 'Single sign-on provider of the site.';
COMMENT ON COLUMN public.sites.sso_client_office_name IS 'Client office name sent to the SSO provider.';
COMMENT ON COLUMN public.sites.gifts_per_user IS
'How many gifts one employee may select (settings.giftsPerUser), >= 1.';
COMMENT ON COLUMN public.sites.default_language IS
'Default UI language, two lower-case letters (settings.defaultLanguage).';
COMMENT ON COLUMN public.sites.default_currency IS 'Default currency, ISO 4217 upper case (settings.defaultCurrency).';
COMMENT ON COLUMN public.sites.default_country IS 'Default shipping country, ISO 3166 alpha-2 upper case.';
COMMENT ON COLUMN public.sites.available_languages IS 'Languages the site offers (settings.languages); at least one.';
COMMENT ON COLUMN public.sites.allow_quantity_selection IS 'Whether employees may choose a quantity.';
COMMENT ON COLUMN public.sites.show_pricing IS 'Whether prices are shown to employees.';
COMMENT ON COLUMN public.sites.skip_landing_page IS 'Whether the landing page is skipped.';
COMMENT ON COLUMN public.sites.skip_review_page IS 'Whether the order review page is skipped.';
COMMENT ON COLUMN public.sites.default_gift_id IS
'Gift assigned automatically when an employee does not choose (settings.defaultGiftId).';
COMMENT ON COLUMN public.sites.default_gift_days_after_close IS
'Days after the selection window closes before the default gift is assigned, >= 0.';
COMMENT ON COLUMN public.sites.expired_message IS 'Message shown after the selection window has closed.';
COMMENT ON COLUMN public.sites.translations IS 'Translated UI strings keyed by language. JSON object.';
COMMENT ON COLUMN public.sites.draft_settings IS
'Unpublished settings being edited in the admin UI. JSON object or NULL.';
COMMENT ON COLUMN public.sites.draft_available_languages IS 'Unpublished list of languages being edited.';
COMMENT ON COLUMN public.sites.page_config IS
'Page content configuration (landingPage, welcomePage, pageConfigurations). JSON object.';
COMMENT ON COLUMN public.sites.settings IS
'Remaining free-form site settings (welcomeMessage, shippingOptions, enableCelebrations, ...). JSON object; '
'never holds secrets.';
COMMENT ON COLUMN public.sites.legacy_id IS
'Original KV id (e.g. site-1739700000000-p0q9r8s, demo-event-serial-card); NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.sites.extra IS
'Source fields without a column of their own (e.g. type/purpose, createdBy, environmentId). JSON object.';
COMMENT ON COLUMN public.sites.created_at IS 'When the site was created (source createdAt when migrated).';
COMMENT ON COLUMN public.sites.updated_at IS 'Last modification; maintained by trigger sites_set_updated_at.';
COMMENT ON CONSTRAINT sites_client_id_fkey ON public.sites IS
'RESTRICT: deleting a client must not silently delete its sites, employees and configuration; sites with '
'orders could not go anyway (orders_site_id_fkey is RESTRICT). Delete or move the sites explicitly first.';
COMMENT ON CONSTRAINT sites_catalog_id_fkey ON public.sites IS
'RESTRICT: the source forgot this FK. A catalog that is the primary catalog of a site cannot be deleted; '
'repoint the site first, so a live site never silently loses its whole gift list.';
COMMENT ON CONSTRAINT sites_brand_id_fkey ON public.sites IS
'SET NULL: a brand preset is cosmetic; when it is deleted the site keeps working with its own branding JSON.';
COMMENT ON CONSTRAINT sites_default_gift_id_fkey ON public.sites IS
'SET NULL: the default gift is an optional convenience pointer; deleting the product just clears it.';
