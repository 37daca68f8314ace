-- Migration: 0016_create_hris_tables
-- Requires: 0015_create_audit_logs
-- Purpose: Create public.hris_connections and public.hris_sync_history (HRIS integrations and their sync runs).
-- Revert: 0016_create_hris_tables.revert.sql (drops both tables; data is re-derivable from the KV store)
-- Transaction: yes
--
-- Two tables in one migration: a sync run exists only for its connection (same source module, hris.tsx);
-- migration numbers 0001-0019 are a fixed budget.

CREATE TABLE public.hris_connections (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    client_id uuid NOT NULL,
    site_id uuid,
    site_ids uuid[] NOT NULL DEFAULT '{}',
    provider_id text NOT NULL,
    provider_name text,
    display_name text,
    auth_type text NOT NULL,
    credentials_secret jsonb,
    field_mapping jsonb NOT NULL DEFAULT '{}',
    sync_enabled boolean NOT NULL DEFAULT false,
    sync_frequency text NOT NULL DEFAULT 'manual',
    sync_schedule jsonb NOT NULL DEFAULT '{}',
    sync_config jsonb NOT NULL DEFAULT '{}',
    last_synced_at timestamptz,
    next_sync_at timestamptz,
    status text NOT NULL DEFAULT 'inactive',
    created_by text,
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT hris_connections_pkey PRIMARY KEY (id),
    CONSTRAINT hris_connections_client_id_fkey FOREIGN KEY (client_id)
    REFERENCES public.clients (id) ON DELETE CASCADE,
    CONSTRAINT hris_connections_site_id_fkey FOREIGN KEY (site_id)
    REFERENCES public.sites (id) ON DELETE CASCADE,
    CONSTRAINT hris_connections_auth_type_check CHECK (auth_type IN ('api_key', 'oauth', 'basic', 'sftp')),
    CONSTRAINT hris_connections_sync_frequency_check CHECK (
        sync_frequency IN ('manual', 'hourly', 'daily', 'weekly', 'monthly')
    ),
    CONSTRAINT hris_connections_status_check CHECK (status IN ('inactive', 'active', 'error')),
    CONSTRAINT hris_connections_provider_id_not_blank_check CHECK (provider_id ~ '\S'),
    CONSTRAINT hris_connections_credentials_secret_is_object_check CHECK (
        jsonb_typeof(credentials_secret) = 'object'
    ),
    CONSTRAINT hris_connections_field_mapping_is_object_check CHECK (jsonb_typeof(field_mapping) = 'object'),
    CONSTRAINT hris_connections_sync_schedule_is_object_check CHECK (jsonb_typeof(sync_schedule) = 'object'),
    CONSTRAINT hris_connections_sync_config_is_object_check CHECK (jsonb_typeof(sync_config) = 'object'),
    CONSTRAINT hris_connections_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object'),
    CONSTRAINT hris_connections_no_secrets_in_json_check CHECK (
        NOT jsonb_path_exists(
            jsonb_build_array(field_mapping, sync_schedule, sync_config, extra),
            '$.** ? (@.type() == "object").keyvalue() ? (@.key like_regex '
            '"^(credentials|password|passwd|secret|client_?secret|signing_?secret|api_?key|access_?token'
            '|refresh_?token|auth_?token|token|authorization|private_?key|s?ftp_?password)$" flag "i")'
        )
    )
);

CREATE INDEX idx_hris_connections_client_id ON public.hris_connections (client_id);
CREATE INDEX idx_hris_connections_site_id ON public.hris_connections (site_id) WHERE site_id IS NOT NULL;
CREATE INDEX idx_hris_connections_due ON public.hris_connections (next_sync_at)
WHERE sync_enabled AND status = 'active';
CREATE INDEX idx_hris_connections_legacy_id ON public.hris_connections (legacy_id) WHERE legacy_id IS NOT NULL;

CREATE TRIGGER hris_connections_set_updated_at
BEFORE UPDATE ON public.hris_connections
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.hris_connections IS
'HRIS integrations that import employees for a client (and optionally specific sites). Source: KV keys '
'hris_connection_{id} (underscore separator, e.g. hris_connection_hris_conn_1739..._ab12cd3).';
COMMENT ON COLUMN public.hris_connections.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.hris_connections.client_id IS 'Client whose employees the connection imports.';
COMMENT ON COLUMN public.hris_connections.site_id IS
'Single target site (source siteId); NULL for a client-wide connection.';
COMMENT ON COLUMN public.hris_connections.site_ids IS
'Further target sites (source siteIds array), resolved to site UUIDs; not FK-enforced.';
COMMENT ON COLUMN public.hris_connections.provider_id IS 'HRIS provider key (e.g. workday, bamboohr); never blank.';
COMMENT ON COLUMN public.hris_connections.provider_name IS 'Provider display name.';
COMMENT ON COLUMN public.hris_connections.display_name IS 'Name of this connection in the admin UI.';
COMMENT ON COLUMN public.hris_connections.auth_type IS 'api_key, oauth, basic or sftp.';
COMMENT ON COLUMN public.hris_connections.credentials_secret IS
'SECRET. The source credentials object (apiUrl, apiKey, clientId, clientSecret, username, password, sftp*), '
'stored plaintext by the source. The only place HRIS secrets may be stored; restrict access, encrypt or move '
'to a vault (e.g. Supabase Vault) before production use, and never copy elsewhere.';
COMMENT ON COLUMN public.hris_connections.field_mapping IS
'Mapping from HRIS fields to employee fields. JSON object; never holds secrets (CHECK-enforced).';
COMMENT ON COLUMN public.hris_connections.sync_enabled IS
'Whether scheduled synchronisation is on (syncSchedule.enabled).';
COMMENT ON COLUMN public.hris_connections.sync_frequency IS
'manual, hourly, daily, weekly or monthly (syncSchedule.frequency).';
COMMENT ON COLUMN public.hris_connections.sync_schedule IS
'Remaining schedule details (time HH:MM, dayOfWeek, dayOfMonth). JSON object; never holds secrets.';
COMMENT ON COLUMN public.hris_connections.sync_config IS 'Sync behaviour options. JSON object; never holds secrets.';
COMMENT ON COLUMN public.hris_connections.last_synced_at IS 'When the last sync ran (syncSchedule.lastSync).';
COMMENT ON COLUMN public.hris_connections.next_sync_at IS
'When the next scheduled sync is due (syncSchedule.nextSync).';
COMMENT ON COLUMN public.hris_connections.status IS 'inactive (as created), active or error (after a connection test).';
COMMENT ON COLUMN public.hris_connections.created_by IS 'Who created the connection (source default system).';
COMMENT ON COLUMN public.hris_connections.legacy_id IS
'Original KV id (hris_conn_{ms}_{rand7}); NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.hris_connections.extra IS
'Source fields without a column of their own. JSON object; never holds secrets (CHECK-enforced).';
COMMENT ON COLUMN public.hris_connections.created_at IS 'When the connection was created (source createdAt).';
COMMENT ON COLUMN public.hris_connections.updated_at IS
'Last modification; maintained by trigger hris_connections_set_updated_at.';
COMMENT ON CONSTRAINT hris_connections_client_id_fkey ON public.hris_connections IS
'CASCADE: a connection is integration configuration of its client, including its credentials; it must not '
'outlive the client.';
COMMENT ON CONSTRAINT hris_connections_site_id_fkey ON public.hris_connections IS
'CASCADE: a site-scoped connection is meaningless without its site. SET NULL would silently widen it to a '
'client-wide import.';

CREATE TABLE public.hris_sync_history (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    connection_id uuid NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at timestamptz,
    status text NOT NULL DEFAULT 'running',
    records_processed integer NOT NULL DEFAULT 0,
    records_created integer NOT NULL DEFAULT 0,
    records_updated integer NOT NULL DEFAULT 0,
    records_skipped integer NOT NULL DEFAULT 0,
    records_failed integer NOT NULL DEFAULT 0,
    errors jsonb NOT NULL DEFAULT '[]',
    summary text,
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT hris_sync_history_pkey PRIMARY KEY (id),
    CONSTRAINT hris_sync_history_connection_id_fkey FOREIGN KEY (connection_id)
    REFERENCES public.hris_connections (id) ON DELETE CASCADE,
    CONSTRAINT hris_sync_history_status_check CHECK (status IN ('running', 'completed', 'partial', 'failed')),
    CONSTRAINT hris_sync_history_started_before_ended_check CHECK (started_at <= ended_at),
    CONSTRAINT hris_sync_history_running_not_ended_check CHECK (status <> 'running' OR ended_at IS NULL),
    CONSTRAINT hris_sync_history_record_counts_non_negative_check CHECK (
        records_processed >= 0
        AND records_created >= 0
        AND records_updated >= 0
        AND records_skipped >= 0
        AND records_failed >= 0
    ),
    CONSTRAINT hris_sync_history_errors_is_array_check CHECK (jsonb_typeof(errors) = 'array'),
    CONSTRAINT hris_sync_history_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

CREATE INDEX idx_hris_sync_history_connection_started ON public.hris_sync_history (connection_id, started_at DESC);
CREATE INDEX idx_hris_sync_history_status ON public.hris_sync_history (status) WHERE status IN ('running', 'failed');

CREATE TRIGGER hris_sync_history_set_updated_at
BEFORE UPDATE ON public.hris_sync_history
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.hris_sync_history IS
'One row per HRIS synchronisation run. Source: KV keys hris_sync_{id} (e.g. hris_sync_hris_sync_..._x1y2z3a).';
COMMENT ON COLUMN public.hris_sync_history.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.hris_sync_history.connection_id IS 'Connection that ran (source connectionId).';
COMMENT ON COLUMN public.hris_sync_history.started_at IS 'When the run started (source startTime).';
COMMENT ON COLUMN public.hris_sync_history.ended_at IS
'When the run ended (source endTime); NULL while running; not before started_at.';
COMMENT ON COLUMN public.hris_sync_history.status IS 'running, completed, partial or failed.';
COMMENT ON COLUMN public.hris_sync_history.records_processed IS 'Employee records read from the HRIS, >= 0.';
COMMENT ON COLUMN public.hris_sync_history.records_created IS 'Employees created, >= 0.';
COMMENT ON COLUMN public.hris_sync_history.records_updated IS 'Employees updated, >= 0.';
COMMENT ON COLUMN public.hris_sync_history.records_skipped IS 'Records skipped, >= 0.';
COMMENT ON COLUMN public.hris_sync_history.records_failed IS 'Records that failed, >= 0.';
COMMENT ON COLUMN public.hris_sync_history.errors IS 'Per-record errors: JSON array of {field, message, recordId}.';
COMMENT ON COLUMN public.hris_sync_history.summary IS 'Human-readable summary of the run.';
COMMENT ON COLUMN public.hris_sync_history.legacy_id IS
'Original KV id (hris_sync_{ms}_{rand7}); NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.hris_sync_history.extra IS 'Source fields without a column of their own. JSON object.';
COMMENT ON COLUMN public.hris_sync_history.created_at IS 'When the row was written.';
COMMENT ON COLUMN public.hris_sync_history.updated_at IS
'Last modification (e.g. when a running sync finishes); maintained by trigger hris_sync_history_set_updated_at.';
COMMENT ON CONSTRAINT hris_sync_history_connection_id_fkey ON public.hris_sync_history IS
'CASCADE: run history is operational detail of its connection and meaningless once the connection is gone.';
