-- Migration: 0014_create_admin_users
-- Requires: 0013_create_analytics_events
-- Purpose: Create public.admin_users, the platform administrator profiles (credentials live in Supabase Auth).
-- Revert: 0014_create_admin_users.revert.sql (drops public.admin_users; data is re-derivable from the KV store)
-- Transaction: yes

CREATE TABLE public.admin_users (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    auth_user_id uuid,
    email text NOT NULL,
    username text NOT NULL,
    password_hash text,
    full_name text,
    role text NOT NULL DEFAULT 'viewer',
    status text NOT NULL DEFAULT 'active',
    all_clients boolean NOT NULL DEFAULT false,
    client_ids uuid[] NOT NULL DEFAULT '{}',
    all_sites boolean NOT NULL DEFAULT false,
    site_ids uuid[] NOT NULL DEFAULT '{}',
    require_password_change boolean NOT NULL DEFAULT false,
    last_login_at timestamptz,
    last_password_change_at timestamptz,
    created_by text,
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT admin_users_pkey PRIMARY KEY (id),
    CONSTRAINT admin_users_username_key UNIQUE (username),
    CONSTRAINT admin_users_auth_user_id_key UNIQUE (auth_user_id),
    CONSTRAINT admin_users_role_check CHECK (
        role IN (
            'super_admin', 'system_admin', 'admin', 'client_admin', 'manager', 'site_manager',
            'catalog_admin', 'order_admin', 'hr_admin', 'content_editor', 'viewer'
        )
    ),
    CONSTRAINT admin_users_status_check CHECK (status IN ('active', 'inactive', 'suspended')),
    CONSTRAINT admin_users_email_format_check CHECK (email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'),
    CONSTRAINT admin_users_username_length_check CHECK (char_length(username) BETWEEN 2 AND 100),
    CONSTRAINT admin_users_password_hash_not_blank_check CHECK (password_hash ~ '\S'),
    CONSTRAINT admin_users_all_clients_excludes_list_check CHECK (NOT all_clients OR cardinality(client_ids) = 0),
    CONSTRAINT admin_users_all_sites_excludes_list_check CHECK (NOT all_sites OR cardinality(site_ids) = 0),
    CONSTRAINT admin_users_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

-- idx_admin_users_email (SCHEMA_DESIGN) is served by admin_users_lower_email_key (unique, case-insensitive);
-- idx_admin_users_username by the unique index of admin_users_username_key.
CREATE UNIQUE INDEX admin_users_lower_email_key ON public.admin_users (lower(email));
CREATE INDEX idx_admin_users_status ON public.admin_users (status);
CREATE INDEX idx_admin_users_role ON public.admin_users (role);
CREATE INDEX idx_admin_users_legacy_id ON public.admin_users (legacy_id) WHERE legacy_id IS NOT NULL;

CREATE TRIGGER admin_users_set_updated_at
BEFORE UPDATE ON public.admin_users
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.admin_users IS
'Platform administrator profiles. Source: KV keys admin_users:{authUserId} and admin_user:{env}:{id}. '
'Passwords are held by Supabase Auth, not here.';
COMMENT ON COLUMN public.admin_users.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.admin_users.auth_user_id IS
'Supabase Auth user id (supabaseUserId, or the id in the admin_users:{authUserId} key); unique; no FK because '
'auth.users lives outside this schema.';
COMMENT ON COLUMN public.admin_users.email IS 'Login email; format-checked and unique ignoring case.';
COMMENT ON COLUMN public.admin_users.username IS 'Username, 2 to 100 characters, unique.';
COMMENT ON COLUMN public.admin_users.password_hash IS
'Password hash for a non-Supabase login; NULL for every migrated admin because the KV store holds no password '
'material (Supabase Auth does). SECRET when set.';
COMMENT ON COLUMN public.admin_users.full_name IS 'Display name.';
COMMENT ON COLUMN public.admin_users.role IS
'Application role: super_admin, system_admin, admin, client_admin, manager, site_manager, catalog_admin, '
'order_admin, hr_admin, content_editor or viewer - every role the source access checks accept.';
COMMENT ON COLUMN public.admin_users.status IS
'active, inactive or suspended. Minimal source records without status map to active.';
COMMENT ON COLUMN public.admin_users.all_clients IS
'true when the source clientAccess is the string all; then client_ids is empty.';
COMMENT ON COLUMN public.admin_users.client_ids IS
'Clients the admin may access when all_clients is false (clientAccess array); not FK-enforced.';
COMMENT ON COLUMN public.admin_users.all_sites IS
'true when the source siteAccess is the string all; then site_ids is empty.';
COMMENT ON COLUMN public.admin_users.site_ids IS
'Sites the admin may access when all_sites is false (siteAccess array); not FK-enforced.';
COMMENT ON COLUMN public.admin_users.require_password_change IS
'Whether the admin must change the password at next login.';
COMMENT ON COLUMN public.admin_users.last_login_at IS 'Last successful login (source lastLogin).';
COMMENT ON COLUMN public.admin_users.last_password_change_at IS 'Last password change (source lastPasswordChange).';
COMMENT ON COLUMN public.admin_users.created_by IS
'Identifier of the admin who created this account; informational, no FK.';
COMMENT ON COLUMN public.admin_users.legacy_id IS
'Original KV id (auth UUID or admin-{ms}-{rand7}); NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.admin_users.extra IS
'Source fields without a column of their own (isBootstrap, repairedAt, environmentId). JSON object.';
COMMENT ON COLUMN public.admin_users.created_at IS 'When the account was created (source createdAt when migrated).';
COMMENT ON COLUMN public.admin_users.updated_at IS
'Last modification; maintained by trigger admin_users_set_updated_at.';
