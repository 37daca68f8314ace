-- Migration: 0004_create_catalogs
-- Requires: 0003_create_clients
-- Purpose: Create public.catalogs, the product catalogs (ERP-synced, manual, vendor or dropship).
-- Revert: 0004_create_catalogs.revert.sql (drops public.catalogs; data is re-derivable from the KV store)
-- Transaction: yes

CREATE TABLE public.catalogs (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    name text NOT NULL,
    description text,
    type text NOT NULL,
    status text NOT NULL DEFAULT 'draft',
    source jsonb NOT NULL DEFAULT '{}',
    source_credentials_secret jsonb,
    settings jsonb NOT NULL DEFAULT '{}',
    managed_by text,
    owner_id uuid,
    total_products integer NOT NULL DEFAULT 0,
    active_products integer NOT NULL DEFAULT 0,
    last_synced_at timestamptz,
    next_sync_at timestamptz,
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT catalogs_pkey PRIMARY KEY (id),
    CONSTRAINT catalogs_owner_id_fkey FOREIGN KEY (owner_id)
    REFERENCES public.clients (id) ON DELETE RESTRICT,
    CONSTRAINT catalogs_type_check CHECK (type IN ('erp', 'manual', 'vendor', 'dropship')),
    CONSTRAINT catalogs_status_check CHECK (status IN ('draft', 'active', 'inactive', 'syncing', 'error')),
    CONSTRAINT catalogs_name_length_check CHECK (char_length(name) BETWEEN 2 AND 200),
    CONSTRAINT catalogs_product_counts_non_negative_check CHECK (total_products >= 0 AND active_products >= 0),
    CONSTRAINT catalogs_active_products_le_total_check CHECK (active_products <= total_products),
    CONSTRAINT catalogs_source_is_object_check CHECK (jsonb_typeof(source) = 'object'),
    CONSTRAINT catalogs_settings_is_object_check CHECK (jsonb_typeof(settings) = 'object'),
    CONSTRAINT catalogs_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object'),
    CONSTRAINT catalogs_source_credentials_secret_is_object_check CHECK (
        jsonb_typeof(source_credentials_secret) = 'object'
    ),
    CONSTRAINT catalogs_no_secrets_in_json_check CHECK (
        NOT jsonb_path_exists(
            jsonb_build_array(source, settings, extra),
            '$.** ? (@.type() == "object").keyvalue() ? (@.key like_regex '
            '"^(credentials|password|passwd|secret|client_?secret|signing_?secret|api_?key|access_?token'
            '|refresh_?token|auth_?token|token|authorization|private_?key|s?ftp_?password)$" flag "i")'
        )
    )
);

CREATE INDEX idx_catalogs_type ON public.catalogs (type, name);
CREATE INDEX idx_catalogs_status ON public.catalogs (status);
CREATE INDEX idx_catalogs_type_status ON public.catalogs (type, status);
CREATE INDEX idx_catalogs_owner_id ON public.catalogs (owner_id) WHERE owner_id IS NOT NULL;
CREATE INDEX idx_catalogs_next_sync_at ON public.catalogs (next_sync_at) WHERE next_sync_at IS NOT NULL;
CREATE INDEX idx_catalogs_legacy_id ON public.catalogs (legacy_id) WHERE legacy_id IS NOT NULL;

CREATE TRIGGER catalogs_set_updated_at
BEFORE UPDATE ON public.catalogs
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.catalogs IS
'Product catalogs. Source: KV keys catalogs:{id} (plural even for one entity), indexed by catalogs:all.';
COMMENT ON COLUMN public.catalogs.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.catalogs.name IS 'Catalog name, 2 to 200 characters.';
COMMENT ON COLUMN public.catalogs.description IS 'Free-text description.';
COMMENT ON COLUMN public.catalogs.type IS 'Catalog kind: erp, manual, vendor or dropship.';
COMMENT ON COLUMN public.catalogs.status IS
'Catalog state: draft, active, inactive, syncing or error. Missing in the source maps to draft.';
COMMENT ON COLUMN public.catalogs.source IS
'Source-system configuration (type api|file|manual, sourceSystem, sourceId, apiConfig without credentials, '
'fileConfig without password). JSON object; a CHECK rejects secret-looking keys anywhere inside it.';
COMMENT ON COLUMN public.catalogs.source_credentials_secret IS
'SECRET. Credential material removed from source (apiConfig.credentials, auth headers, file/FTP passwords), '
'as a JSON object. The only place catalog secrets may be stored; restrict access and never copy elsewhere.';
COMMENT ON COLUMN public.catalogs.settings IS
'Catalog settings (autoSync, syncFrequency, defaultCurrency, priceMarkup, allowSiteOverrides, trackInventory). '
'JSON object; never holds secrets.';
COMMENT ON COLUMN public.catalogs.managed_by IS
'Identifier of the admin who manages the catalog, as recorded by the source (managedBy); informational, no FK.';
COMMENT ON COLUMN public.catalogs.owner_id IS 'Owning client for a client-specific catalog; NULL for shared catalogs.';
COMMENT ON COLUMN public.catalogs.total_products IS 'Denormalised product count reported by the source (>= 0).';
COMMENT ON COLUMN public.catalogs.active_products IS
'Denormalised active product count reported by the source (>= 0 and <= total_products).';
COMMENT ON COLUMN public.catalogs.last_synced_at IS 'When the catalog was last synchronised from its source system.';
COMMENT ON COLUMN public.catalogs.next_sync_at IS 'When the next scheduled synchronisation is due.';
COMMENT ON COLUMN public.catalogs.legacy_id IS
'Original KV id (e.g. catalog_legacy_default); NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.catalogs.extra IS
'Source fields without a column of their own. JSON object; never holds secrets (CHECK-enforced).';
COMMENT ON COLUMN public.catalogs.created_at IS 'When the catalog was created (source createdAt when migrated).';
COMMENT ON COLUMN public.catalogs.updated_at IS 'Last modification; maintained by trigger catalogs_set_updated_at.';
COMMENT ON CONSTRAINT catalogs_owner_id_fkey ON public.catalogs IS
'RESTRICT: a client that still owns catalogs cannot be deleted. SET NULL would silently turn a client-private '
'catalog into a shared one; reassign or delete the catalogs explicitly first.';
