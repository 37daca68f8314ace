-- Migration: 0003_create_clients
-- Requires: 0002_create_set_updated_at
-- Purpose: Create public.clients, the client organisations (tenants) of the gifting platform.
-- Revert: 0003_create_clients.revert.sql (drops public.clients; data is re-derivable from the KV store)
-- Transaction: yes

CREATE TABLE public.clients (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    name text NOT NULL,
    description text,
    contact_email text,
    status text NOT NULL DEFAULT 'active',
    client_code text,
    client_region text,
    client_source_code text,
    client_contact_name text,
    client_contact_phone text,
    client_tax_id text,
    client_address_line_1 text,
    client_address_line_2 text,
    client_address_line_3 text,
    client_city text,
    client_postal_code text,
    client_country_state text,
    client_country text,
    client_account_manager text,
    client_account_manager_email text,
    client_implementation_manager text,
    client_implementation_manager_email text,
    technology_owner text,
    technology_owner_email text,
    client_url text,
    client_allow_session_timeout_extend boolean NOT NULL DEFAULT false,
    client_authentication_method text,
    client_custom_url text,
    client_has_employee_data boolean NOT NULL DEFAULT false,
    client_invoice_type text,
    client_invoice_template_type text,
    client_po_type text,
    client_po_number text,
    client_erp_system text,
    client_sso text,
    client_hris_system text,
    settings jsonb NOT NULL DEFAULT '{}',
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT clients_pkey PRIMARY KEY (id),
    CONSTRAINT clients_client_code_key UNIQUE (client_code),
    CONSTRAINT clients_status_check CHECK (status IN ('active', 'inactive', 'suspended')),
    CONSTRAINT clients_name_length_check CHECK (char_length(name) BETWEEN 2 AND 200),
    CONSTRAINT clients_client_code_format_check CHECK (client_code ~ '^\S{1,64}$'),
    CONSTRAINT clients_contact_email_format_check CHECK (
        contact_email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'
    ),
    CONSTRAINT clients_manager_emails_format_check CHECK (
        client_account_manager_email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'
        AND client_implementation_manager_email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'
        AND technology_owner_email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'
    ),
    CONSTRAINT clients_settings_is_object_check CHECK (jsonb_typeof(settings) = 'object'),
    CONSTRAINT clients_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

-- idx_clients_client_code (SCHEMA_DESIGN) is served by the unique index of clients_client_code_key.
CREATE INDEX idx_clients_status ON public.clients (status);
CREATE INDEX idx_clients_name_trgm ON public.clients USING gin (name public.gin_trgm_ops);
CREATE INDEX idx_clients_created_at ON public.clients (created_at DESC);
CREATE INDEX idx_clients_legacy_id ON public.clients (legacy_id) WHERE legacy_id IS NOT NULL;

CREATE TRIGGER clients_set_updated_at
BEFORE UPDATE ON public.clients
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.clients IS
'Client organisations (tenants) using the gifting platform. Source: KV keys client:{id}, client:{env}:{id}, '
'clients:{id} (snake_case, camelCase CRUD, long-form and demo shapes).';
COMMENT ON COLUMN public.clients.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.clients.name IS 'Client display name, 2 to 200 characters.';
COMMENT ON COLUMN public.clients.description IS 'Free-text description (CRUD shape: description).';
COMMENT ON COLUMN public.clients.contact_email IS
'Primary contact email; NULL when the source has none (demo and minimal CRUD clients). Format-checked.';
COMMENT ON COLUMN public.clients.status IS
'Lifecycle status: active, inactive or suspended (suspended is written by the CRUD admin UI). '
'A boolean isActive in the source maps to active/inactive.';
COMMENT ON COLUMN public.clients.client_code IS
'Unique client code used in URLs and integrations; no whitespace, at most 64 characters.';
COMMENT ON COLUMN public.clients.client_region IS 'Sales region as entered, e.g. US/CA, EMEA, APAC, LATAM, Global.';
COMMENT ON COLUMN public.clients.client_source_code IS 'Code of the client in the originating sales or ERP system.';
COMMENT ON COLUMN public.clients.client_contact_name IS 'Name of the client contact (CRUD shape: contactName).';
COMMENT ON COLUMN public.clients.client_contact_phone IS 'Phone of the client contact (CRUD shape: contactPhone).';
COMMENT ON COLUMN public.clients.client_tax_id IS 'Tax or VAT identifier of the client.';
COMMENT ON COLUMN public.clients.client_address_line_1 IS
'Postal address, line 1 (camelCase source: clientAddressLine1).';
COMMENT ON COLUMN public.clients.client_address_line_2 IS 'Postal address, line 2.';
COMMENT ON COLUMN public.clients.client_address_line_3 IS 'Postal address, line 3.';
COMMENT ON COLUMN public.clients.client_city IS 'Postal address, city.';
COMMENT ON COLUMN public.clients.client_postal_code IS 'Postal address, postal or ZIP code.';
COMMENT ON COLUMN public.clients.client_country_state IS 'Postal address, state, province or county.';
COMMENT ON COLUMN public.clients.client_country IS 'Postal address, country as entered (usually an ISO 3166 code).';
COMMENT ON COLUMN public.clients.client_account_manager IS 'Name of the platform account manager for this client.';
COMMENT ON COLUMN public.clients.client_account_manager_email IS 'Email of the account manager. Format-checked.';
COMMENT ON COLUMN public.clients.client_implementation_manager IS 'Name of the implementation manager.';
COMMENT ON COLUMN public.clients.client_implementation_manager_email IS
'Email of the implementation manager. Format-checked.';
COMMENT ON COLUMN public.clients.technology_owner IS 'Name of the technology owner on the client side.';
COMMENT ON COLUMN public.clients.technology_owner_email IS 'Email of the technology owner. Format-checked.';
COMMENT ON COLUMN public.clients.client_url IS 'Main public URL of the client.';
COMMENT ON COLUMN public.clients.client_allow_session_timeout_extend IS
'Whether users of this client may extend an expiring session.';
COMMENT ON COLUMN public.clients.client_authentication_method IS 'Default authentication method for the client sites.';
COMMENT ON COLUMN public.clients.client_custom_url IS 'Custom domain URL of the client portal.';
COMMENT ON COLUMN public.clients.client_has_employee_data IS
'Whether the client supplies employee data (HRIS or file).';
COMMENT ON COLUMN public.clients.client_invoice_type IS
'Invoicing granularity as entered, e.g. Client, Site, Site and Award.';
COMMENT ON COLUMN public.clients.client_invoice_template_type IS 'Invoice template used for the client.';
COMMENT ON COLUMN public.clients.client_po_type IS 'Purchase order handling type.';
COMMENT ON COLUMN public.clients.client_po_number IS 'Purchase order number.';
COMMENT ON COLUMN public.clients.client_erp_system IS 'ERP system the client uses.';
COMMENT ON COLUMN public.clients.client_sso IS 'Single sign-on provider of the client.';
COMMENT ON COLUMN public.clients.client_hris_system IS 'HRIS system the client uses.';
COMMENT ON COLUMN public.clients.settings IS
'Free-form client UI settings (CRUD settings object, demo colour palette). JSON object; never holds secrets.';
COMMENT ON COLUMN public.clients.legacy_id IS
'Original KV id (value id, e.g. client-1739612345678-k3j9x0a); NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.clients.extra IS
'Source fields without a column of their own (e.g. free-text address, createdBy, environmentId). JSON object.';
COMMENT ON COLUMN public.clients.created_at IS
'When the client was created (source createdAt/created_at when migrated).';
COMMENT ON COLUMN public.clients.updated_at IS 'Last modification; maintained by trigger clients_set_updated_at.';
