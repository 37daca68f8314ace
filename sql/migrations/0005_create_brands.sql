-- Migration: 0005_create_brands
-- Requires: 0004_create_catalogs
-- Purpose: Create public.brands, the reusable visual branding presets of a client (or platform-wide).
-- Revert: 0005_create_brands.revert.sql (drops public.brands; data is re-derivable from the KV store)
-- Transaction: yes

CREATE TABLE public.brands (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    client_id uuid,
    name text NOT NULL,
    description text,
    status text NOT NULL DEFAULT 'active',
    primary_color text,
    secondary_color text,
    tertiary_color text,
    background_color text,
    text_color text,
    heading_font text,
    body_font text,
    logo_url text,
    favicon_url text,
    contact_email text,
    contact_phone text,
    website_url text,
    settings jsonb NOT NULL DEFAULT '{}',
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT brands_pkey PRIMARY KEY (id),
    CONSTRAINT brands_client_id_name_key UNIQUE NULLS NOT DISTINCT (client_id, name),
    CONSTRAINT brands_client_id_fkey FOREIGN KEY (client_id)
    REFERENCES public.clients (id) ON DELETE CASCADE,
    CONSTRAINT brands_status_check CHECK (status IN ('active', 'inactive')),
    CONSTRAINT brands_name_length_check CHECK (char_length(name) BETWEEN 2 AND 200),
    CONSTRAINT brands_colors_hex_format_check CHECK (
        primary_color ~ '^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$'
        AND secondary_color ~ '^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$'
        AND tertiary_color ~ '^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$'
        AND background_color ~ '^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$'
        AND text_color ~ '^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$'
    ),
    CONSTRAINT brands_contact_email_format_check CHECK (
        contact_email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'
    ),
    CONSTRAINT brands_settings_is_object_check CHECK (jsonb_typeof(settings) = 'object'),
    CONSTRAINT brands_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

-- The client_id foreign key is indexed by the unique index of brands_client_id_name_key (leading column).
CREATE INDEX idx_brands_status ON public.brands (status);

CREATE TRIGGER brands_set_updated_at
BEFORE UPDATE ON public.brands
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.brands IS
'Reusable branding presets (colours, fonts, logos) of a client, or platform-wide when client_id is NULL. '
'Source: KV keys brand:{uuid} and brand:{env}:{id}. Not the manufacturer brand of a product (products.brand).';
COMMENT ON COLUMN public.brands.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.brands.client_id IS 'Owning client; NULL for a platform-wide brand.';
COMMENT ON COLUMN public.brands.name IS
'Brand name, 2 to 200 characters; unique per client (and among platform-wide brands).';
COMMENT ON COLUMN public.brands.description IS 'Free-text description.';
COMMENT ON COLUMN public.brands.status IS 'active or inactive.';
COMMENT ON COLUMN public.brands.primary_color IS 'Primary colour as #RGB, #RRGGBB or #RRGGBBAA.';
COMMENT ON COLUMN public.brands.secondary_color IS 'Secondary colour as #RGB, #RRGGBB or #RRGGBBAA.';
COMMENT ON COLUMN public.brands.tertiary_color IS 'Tertiary colour as #RGB, #RRGGBB or #RRGGBBAA.';
COMMENT ON COLUMN public.brands.background_color IS 'Background colour as #RGB, #RRGGBB or #RRGGBBAA.';
COMMENT ON COLUMN public.brands.text_color IS 'Body text colour as #RGB, #RRGGBB or #RRGGBBAA.';
COMMENT ON COLUMN public.brands.heading_font IS 'Font family for headings (source default inter).';
COMMENT ON COLUMN public.brands.body_font IS 'Font family for body text (source default inter).';
COMMENT ON COLUMN public.brands.logo_url IS 'URL of the logo image.';
COMMENT ON COLUMN public.brands.favicon_url IS 'URL of the favicon.';
COMMENT ON COLUMN public.brands.contact_email IS 'Contact email shown with this brand. Format-checked.';
COMMENT ON COLUMN public.brands.contact_phone IS 'Contact phone shown with this brand.';
COMMENT ON COLUMN public.brands.website_url IS 'Website URL shown with this brand.';
COMMENT ON COLUMN public.brands.settings IS 'Further branding settings. JSON object; never holds secrets.';
COMMENT ON COLUMN public.brands.legacy_id IS
'Original KV id (uuid or brand-{ms}-{rand7}); NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.brands.extra IS
'Source fields without a column of their own (e.g. the denormalised clientName). JSON object.';
COMMENT ON COLUMN public.brands.created_at IS 'When the brand was created (source createdAt when migrated).';
COMMENT ON COLUMN public.brands.updated_at IS 'Last modification; maintained by trigger brands_set_updated_at.';
COMMENT ON CONSTRAINT brands_client_id_fkey ON public.brands IS
'CASCADE: a brand is pure configuration of its client and has no meaning without it; sites that used it fall '
'back to their own branding via sites_brand_id_fkey (SET NULL).';
