-- Migration: 0019_create_webhook_configs
-- Requires: 0018_create_email_templates
-- Purpose: Create public.webhook_configs, the outgoing webhooks a site notifies on platform events.
-- Revert: 0019_create_webhook_configs.revert.sql (drops the table; data is re-derivable from the KV store)
-- Transaction: yes

CREATE TABLE public.webhook_configs (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    site_id uuid NOT NULL,
    name text NOT NULL,
    url text NOT NULL,
    signing_secret text,
    events text[] NOT NULL DEFAULT '{}',
    enabled boolean NOT NULL DEFAULT true,
    created_by text,
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT webhook_configs_pkey PRIMARY KEY (id),
    CONSTRAINT webhook_configs_site_id_fkey FOREIGN KEY (site_id)
    REFERENCES public.sites (id) ON DELETE CASCADE,
    CONSTRAINT webhook_configs_name_length_check CHECK (char_length(name) BETWEEN 2 AND 200),
    CONSTRAINT webhook_configs_url_format_check CHECK (url ~* '^https?://\S+$'),
    CONSTRAINT webhook_configs_signing_secret_not_blank_check CHECK (signing_secret ~ '\S'),
    CONSTRAINT webhook_configs_events_known_check CHECK (
        events <@ ARRAY[
            'employee_added', 'gift_selected', 'order_placed', 'order_shipped', 'order_delivered',
            'selection_expiring', 'anniversary_approaching'
        ]::text[]
    ),
    CONSTRAINT webhook_configs_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object'),
    CONSTRAINT webhook_configs_no_secrets_in_json_check CHECK (
        NOT jsonb_path_exists(
            extra,
            '$.** ? (@.type() == "object").keyvalue() ? (@.key like_regex '
            '"^(credentials|password|passwd|secret|client_?secret|signing_?secret|api_?key|access_?token'
            '|refresh_?token|auth_?token|token|authorization|private_?key|s?ftp_?password)$" flag "i")'
        )
    )
);

CREATE INDEX idx_webhook_configs_site_id ON public.webhook_configs (site_id);
CREATE INDEX idx_webhook_configs_events ON public.webhook_configs USING gin (events) WHERE enabled;

CREATE TRIGGER webhook_configs_set_updated_at
BEFORE UPDATE ON public.webhook_configs
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.webhook_configs IS
'Outgoing webhooks of a site. Source: KV keys webhook:{siteId}:{webhook-{ms}-{rand9}}. Delivery logs '
'(webhook-delivery:*) are not migrated.';
COMMENT ON COLUMN public.webhook_configs.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.webhook_configs.site_id IS 'Site whose events are sent.';
COMMENT ON COLUMN public.webhook_configs.name IS 'Webhook name, 2 to 200 characters.';
COMMENT ON COLUMN public.webhook_configs.url IS 'Target URL, http or https.';
COMMENT ON COLUMN public.webhook_configs.signing_secret IS
'SECRET. Shared secret used to sign payloads (source secret). The only place webhook secrets may be stored; '
'restrict access and never copy elsewhere.';
COMMENT ON COLUMN public.webhook_configs.events IS
'Subscribed events, a subset of employee_added, gift_selected, order_placed, order_shipped, order_delivered, '
'selection_expiring, anniversary_approaching.';
COMMENT ON COLUMN public.webhook_configs.enabled IS 'Whether deliveries are sent.';
COMMENT ON COLUMN public.webhook_configs.created_by IS 'Identifier of the creator; informational, no FK.';
COMMENT ON COLUMN public.webhook_configs.legacy_id IS
'Original KV id (webhook-{ms}-{rand9}); NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.webhook_configs.extra IS
'Source fields without a column of their own. JSON object; never holds secrets (CHECK-enforced).';
COMMENT ON COLUMN public.webhook_configs.created_at IS 'When the webhook was created (source createdAt).';
COMMENT ON COLUMN public.webhook_configs.updated_at IS
'Last modification; maintained by trigger webhook_configs_set_updated_at.';
COMMENT ON CONSTRAINT webhook_configs_site_id_fkey ON public.webhook_configs IS
'CASCADE: a webhook is integration configuration of its site, including its secret; it must not outlive the site.';
