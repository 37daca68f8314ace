-- Migration: 0018_create_email_templates
-- Requires: 0017_create_scheduled_trigger_logs
-- Purpose: Create public.email_templates, the global, client and site notification templates.
-- Revert: 0018_create_email_templates.revert.sql (drops the table; data is re-derivable from the KV store)
-- Transaction: yes

CREATE TABLE public.email_templates (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    scope text NOT NULL,
    client_id uuid,
    site_id uuid,
    parent_template_id uuid,
    event_type text NOT NULL,
    name text NOT NULL,
    description text,
    category text,
    language text NOT NULL DEFAULT 'en',
    subject text,
    preheader_text text,
    body_html text,
    body_text text,
    sms_content text,
    push_title text,
    push_body text,
    email_enabled boolean NOT NULL DEFAULT true,
    sms_enabled boolean NOT NULL DEFAULT false,
    push_enabled boolean NOT NULL DEFAULT false,
    variables jsonb NOT NULL DEFAULT '[]',
    settings jsonb NOT NULL DEFAULT '{}',
    status text NOT NULL DEFAULT 'draft',
    is_default boolean NOT NULL DEFAULT false,
    is_system boolean NOT NULL DEFAULT false,
    usage_count integer NOT NULL DEFAULT 0,
    last_sent_at timestamptz,
    created_by text,
    updated_by text,
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT email_templates_pkey PRIMARY KEY (id),
    CONSTRAINT email_templates_client_id_fkey FOREIGN KEY (client_id)
    REFERENCES public.clients (id) ON DELETE CASCADE,
    CONSTRAINT email_templates_site_id_fkey FOREIGN KEY (site_id)
    REFERENCES public.sites (id) ON DELETE CASCADE,
    CONSTRAINT email_templates_parent_template_id_fkey FOREIGN KEY (parent_template_id)
    REFERENCES public.email_templates (id) ON DELETE SET NULL,
    CONSTRAINT email_templates_scope_check CHECK (scope IN ('global', 'client', 'site')),
    CONSTRAINT email_templates_scope_matches_owner_check CHECK (
        (scope = 'global' AND client_id IS NULL AND site_id IS NULL)
        OR (scope = 'client' AND client_id IS NOT NULL AND site_id IS NULL)
        OR (scope = 'site' AND site_id IS NOT NULL)
    ),
    CONSTRAINT email_templates_category_check CHECK (category IN ('transactional', 'marketing', 'system')),
    CONSTRAINT email_templates_status_check CHECK (status IN ('active', 'inactive', 'draft')),
    CONSTRAINT email_templates_event_type_format_check CHECK (event_type ~ '^[a-z0-9]+([_-][a-z0-9]+)*$'),
    CONSTRAINT email_templates_name_length_check CHECK (char_length(name) BETWEEN 2 AND 200),
    CONSTRAINT email_templates_language_format_check CHECK (language ~ '^[a-z]{2}(-[A-Z]{2})?$'),
    CONSTRAINT email_templates_enabled_email_needs_content_check CHECK (
        NOT email_enabled OR (subject IS NOT NULL AND (body_html IS NOT NULL OR body_text IS NOT NULL))
    ),
    CONSTRAINT email_templates_not_own_parent_check CHECK (parent_template_id <> id),
    CONSTRAINT email_templates_usage_count_non_negative_check CHECK (usage_count >= 0),
    CONSTRAINT email_templates_variables_is_array_check CHECK (jsonb_typeof(variables) = 'array'),
    CONSTRAINT email_templates_settings_is_object_check CHECK (jsonb_typeof(settings) = 'object'),
    CONSTRAINT email_templates_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

-- At most one default template per owner, event and language. The owner is the site for site scope (whether or
-- not client_id is also set), the client for client scope, and nobody for global scope: NULLS NOT DISTINCT makes
-- all global templates count as one owner.
CREATE UNIQUE INDEX email_templates_one_default_per_event_key
ON public.email_templates (scope, coalesce(site_id, client_id), event_type, language) NULLS NOT DISTINCT
WHERE is_default;
CREATE INDEX idx_email_templates_client_id ON public.email_templates (client_id) WHERE client_id IS NOT NULL;
CREATE INDEX idx_email_templates_site_id ON public.email_templates (site_id) WHERE site_id IS NOT NULL;
CREATE INDEX idx_email_templates_parent_template_id ON public.email_templates (parent_template_id)
WHERE parent_template_id IS NOT NULL;
CREATE INDEX idx_email_templates_event_type ON public.email_templates (event_type, status);
CREATE INDEX idx_email_templates_legacy_id ON public.email_templates (legacy_id) WHERE legacy_id IS NOT NULL;

CREATE TRIGGER email_templates_set_updated_at
BEFORE UPDATE ON public.email_templates
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.email_templates IS
'Notification templates (email, SMS, push) at global, client or site scope. Source: KV keys email-template:{id}, '
'email_template:{env}:{id}, global-template:{id} and site-template:{id}.';
COMMENT ON COLUMN public.email_templates.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.email_templates.scope IS
'global (global-template, email-template), client or site (site-template); must match client_id/site_id.';
COMMENT ON COLUMN public.email_templates.client_id IS 'Owning client for client scope; NULL for global scope.';
COMMENT ON COLUMN public.email_templates.site_id IS 'Owning site for site scope; NULL otherwise.';
COMMENT ON COLUMN public.email_templates.parent_template_id IS
'Global template this one customises (site-template globalTemplateId); NULL when standalone.';
COMMENT ON COLUMN public.email_templates.event_type IS
'Event that sends the template (order_confirmation, shipping_notification, password_reset, employee_added, ...), '
'lower-case words joined by _ or -; open set. For email-template:{id} records the mapping derives it from the id.';
COMMENT ON COLUMN public.email_templates.name IS 'Template name, 2 to 200 characters.';
COMMENT ON COLUMN public.email_templates.description IS 'Free-text description.';
COMMENT ON COLUMN public.email_templates.category IS 'transactional, marketing or system; NULL when unknown.';
COMMENT ON COLUMN public.email_templates.language IS 'Language of the content: ll or ll-CC, default en.';
COMMENT ON COLUMN public.email_templates.subject IS
'Email subject (subject, subjectLine, defaultSubject); required when email_enabled.';
COMMENT ON COLUMN public.email_templates.preheader_text IS 'Email preheader text.';
COMMENT ON COLUMN public.email_templates.body_html IS 'HTML body (htmlContent, body, defaultHtmlContent).';
COMMENT ON COLUMN public.email_templates.body_text IS 'Plain-text body (textContent, defaultTextContent).';
COMMENT ON COLUMN public.email_templates.sms_content IS 'SMS text (smsContent, defaultSmsContent).';
COMMENT ON COLUMN public.email_templates.push_title IS 'Push notification title.';
COMMENT ON COLUMN public.email_templates.push_body IS 'Push notification body.';
COMMENT ON COLUMN public.email_templates.email_enabled IS
'Whether the email channel is used; then subject and a body are required.';
COMMENT ON COLUMN public.email_templates.sms_enabled IS 'Whether the SMS channel is used.';
COMMENT ON COLUMN public.email_templates.push_enabled IS 'Whether the push channel is used.';
COMMENT ON COLUMN public.email_templates.variables IS
'Placeholders the template uses: JSON array of names or of {key, label, description, example} objects.';
COMMENT ON COLUMN public.email_templates.settings IS 'Channel settings (gdprSettings, reminderSettings). JSON object.';
COMMENT ON COLUMN public.email_templates.status IS 'active, inactive or draft.';
COMMENT ON COLUMN public.email_templates.is_default IS
'Whether this is the default template for its owner, event and language (at most one).';
COMMENT ON COLUMN public.email_templates.is_system IS 'Whether the template is a built-in system template.';
COMMENT ON COLUMN public.email_templates.usage_count IS 'How often the template was used, >= 0.';
COMMENT ON COLUMN public.email_templates.last_sent_at IS 'When the template was last sent (source lastSent).';
COMMENT ON COLUMN public.email_templates.created_by IS 'Identifier of the creator; informational, no FK.';
COMMENT ON COLUMN public.email_templates.updated_by IS
'Identifier of the last editor (modifiedBy); informational, no FK.';
COMMENT ON COLUMN public.email_templates.legacy_id IS
'Original KV id (e.g. shipping-notification, global-user-password-reset); NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.email_templates.extra IS 'Source fields without a column of their own. JSON object.';
COMMENT ON COLUMN public.email_templates.created_at IS 'When the template was created (source createdAt).';
COMMENT ON COLUMN public.email_templates.updated_at IS
'Last modification (source lastModified/updatedAt); maintained by trigger email_templates_set_updated_at.';
COMMENT ON CONSTRAINT email_templates_client_id_fkey ON public.email_templates IS
'CASCADE: a client-scoped template is pure configuration of its client.';
COMMENT ON CONSTRAINT email_templates_site_id_fkey ON public.email_templates IS
'CASCADE: a site-scoped template is pure configuration of its site.';
COMMENT ON CONSTRAINT email_templates_parent_template_id_fkey ON public.email_templates IS
'SET NULL: a customised copy keeps its own content when the global template it was derived from is deleted.';
