-- Migration: 0013_create_analytics_events
-- Requires: 0012_create_orders
-- Purpose: Create public.analytics_events, the append-only user activity events.
-- Revert: 0013_create_analytics_events.revert.sql (drops public.analytics_events; no KV data feeds it)
-- Transaction: yes
--
-- No legacy_id/extra lineage columns and no updated_at: the KV store holds no analytics data (nothing is
-- migrated into this table) and events are immutable once written.

CREATE TABLE public.analytics_events (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    client_id uuid,
    site_id uuid,
    event_type text NOT NULL,
    user_id text,
    session_id text,
    event_data jsonb NOT NULL DEFAULT '{}',
    ip_address inet,
    user_agent text,
    referrer text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT analytics_events_pkey PRIMARY KEY (id),
    CONSTRAINT analytics_events_client_id_fkey FOREIGN KEY (client_id)
    REFERENCES public.clients (id) ON DELETE CASCADE,
    CONSTRAINT analytics_events_site_id_fkey FOREIGN KEY (site_id)
    REFERENCES public.sites (id) ON DELETE CASCADE,
    CONSTRAINT analytics_events_event_type_length_check CHECK (char_length(event_type) BETWEEN 2 AND 100),
    CONSTRAINT analytics_events_event_data_is_object_check CHECK (jsonb_typeof(event_data) = 'object')
);

-- idx_analytics_client_id / idx_analytics_site_id add event_type so that they are not prefix duplicates of
-- idx_analytics_client_date / idx_analytics_site_date; all four serve their (nullable) foreign key.
CREATE INDEX idx_analytics_client_id ON public.analytics_events (client_id, event_type) WHERE client_id IS NOT NULL;
CREATE INDEX idx_analytics_site_id ON public.analytics_events (site_id, event_type) WHERE site_id IS NOT NULL;
CREATE INDEX idx_analytics_event_type ON public.analytics_events (event_type, created_at DESC);
CREATE INDEX idx_analytics_created_at ON public.analytics_events (created_at DESC);
CREATE INDEX idx_analytics_client_date ON public.analytics_events (client_id, created_at DESC)
WHERE client_id IS NOT NULL;
CREATE INDEX idx_analytics_site_date ON public.analytics_events (site_id, created_at DESC) WHERE site_id IS NOT NULL;
CREATE INDEX idx_analytics_session_id ON public.analytics_events (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX idx_analytics_user_id ON public.analytics_events (user_id, created_at DESC) WHERE user_id IS NOT NULL;

COMMENT ON TABLE public.analytics_events IS
'Append-only user activity events for analytics and reporting. Not fed by the KV store (it holds no analytics).';
COMMENT ON COLUMN public.analytics_events.id IS 'Primary key, gen_random_uuid() by default.';
COMMENT ON COLUMN public.analytics_events.client_id IS 'Client the event belongs to; NULL for platform-level events.';
COMMENT ON COLUMN public.analytics_events.site_id IS 'Site the event happened on; NULL when not site-specific.';
COMMENT ON COLUMN public.analytics_events.event_type IS
'Event name, 2 to 100 characters (page_view, product_view, gift_selected, order_placed, ...); open set.';
COMMENT ON COLUMN public.analytics_events.user_id IS
'Actor identifier as text: an auth user UUID, an employee id or an anonymous id.';
COMMENT ON COLUMN public.analytics_events.session_id IS 'Session identifier.';
COMMENT ON COLUMN public.analytics_events.event_data IS 'Event details. JSON object.';
COMMENT ON COLUMN public.analytics_events.ip_address IS 'Client IP address; NULL when unknown.';
COMMENT ON COLUMN public.analytics_events.user_agent IS 'HTTP User-Agent of the client.';
COMMENT ON COLUMN public.analytics_events.referrer IS 'HTTP referrer.';
COMMENT ON COLUMN public.analytics_events.created_at IS 'When the event happened.';
COMMENT ON CONSTRAINT analytics_events_client_id_fkey ON public.analytics_events IS
'CASCADE: telemetry belongs to its tenant; when a client is really deleted its events go too (privacy), and '
'millions of events must not block the deletion. Clients with orders cannot be deleted anyway.';
COMMENT ON CONSTRAINT analytics_events_site_id_fkey ON public.analytics_events IS
'CASCADE: telemetry of a deleted site has no owner left; sites with orders cannot be deleted anyway.';
