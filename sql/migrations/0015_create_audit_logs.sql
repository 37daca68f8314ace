-- Migration: 0015_create_audit_logs
-- Requires: 0014_create_admin_users
-- Purpose: Create public.audit_logs, the append-only audit trail of important actions.
-- Revert: 0015_create_audit_logs.revert.sql (drops public.audit_logs; data is re-derivable from the KV store)
-- Transaction: yes
--
-- No foreign keys by design: an audit trail must outlive the users and entities it describes.
-- No updated_at: audit entries are immutable once written.

CREATE TABLE public.audit_logs (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    action text NOT NULL,
    entity_type text,
    entity_id uuid,
    user_id uuid,
    user_email text,
    user_type text,
    ip_address inet,
    user_agent text,
    status text NOT NULL DEFAULT 'success',
    details jsonb NOT NULL DEFAULT '{}',
    error_message text,
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT audit_logs_pkey PRIMARY KEY (id),
    CONSTRAINT audit_logs_status_check CHECK (status IN ('success', 'failure', 'warning')),
    CONSTRAINT audit_logs_user_type_check CHECK (user_type IN ('admin', 'employee', 'system', 'anonymous')),
    CONSTRAINT audit_logs_action_length_check CHECK (char_length(action) BETWEEN 2 AND 100),
    CONSTRAINT audit_logs_entity_id_needs_entity_type_check CHECK (entity_id IS NULL OR entity_type IS NOT NULL),
    CONSTRAINT audit_logs_details_is_object_check CHECK (jsonb_typeof(details) = 'object'),
    CONSTRAINT audit_logs_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

CREATE INDEX idx_audit_logs_action ON public.audit_logs (action, created_at DESC);
CREATE INDEX idx_audit_logs_entity ON public.audit_logs (entity_type, entity_id, created_at DESC)
WHERE entity_type IS NOT NULL;
CREATE INDEX idx_audit_logs_user_id ON public.audit_logs (user_id, created_at DESC) WHERE user_id IS NOT NULL;
CREATE INDEX idx_audit_logs_created_at ON public.audit_logs (created_at DESC);
CREATE INDEX idx_audit_logs_problems ON public.audit_logs (created_at DESC) WHERE status <> 'success';

COMMENT ON TABLE public.audit_logs IS
'Append-only audit trail. Source: KV keys audit:{env}:{ms}:{uuid} (CRUD factory) and audit_logs:{ms} (older '
'security audit). No foreign keys, so entries outlive what they describe.';
COMMENT ON COLUMN public.audit_logs.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.audit_logs.action IS
'Action performed (create, update, delete, login, ...), 2 to 100 characters.';
COMMENT ON COLUMN public.audit_logs.entity_type IS
'Kind of entity acted on (source resourceName, e.g. clients, admin/gifts); required when entity_id is set.';
COMMENT ON COLUMN public.audit_logs.entity_id IS
'UUID of the entity acted on, resolved through the id map from the source resourceId; the raw resourceId is '
'kept in extra. Not FK-enforced.';
COMMENT ON COLUMN public.audit_logs.user_id IS
'UUID of the acting user when resolvable; the raw source userId (anonymous, admin-x, ...) is kept in extra. '
'Not FK-enforced.';
COMMENT ON COLUMN public.audit_logs.user_email IS 'Email of the acting user at the time of the action.';
COMMENT ON COLUMN public.audit_logs.user_type IS 'admin, employee, system or anonymous; NULL when unknown.';
COMMENT ON COLUMN public.audit_logs.ip_address IS 'Client IP address; NULL when unknown (source string unknown).';
COMMENT ON COLUMN public.audit_logs.user_agent IS 'HTTP User-Agent; NULL when unknown.';
COMMENT ON COLUMN public.audit_logs.status IS
'success, failure or warning; CRUD audit entries (which have no status) map to success.';
COMMENT ON COLUMN public.audit_logs.details IS 'Action details. JSON object.';
COMMENT ON COLUMN public.audit_logs.error_message IS 'Error text for failed actions.';
COMMENT ON COLUMN public.audit_logs.legacy_id IS 'Original KV key of the entry; NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.audit_logs.extra IS
'Source fields without a column of their own (raw userId and resourceId, environmentId). JSON object.';
COMMENT ON COLUMN public.audit_logs.created_at IS 'When the action happened (source timestamp when migrated).';
