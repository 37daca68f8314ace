-- Migration: 0017_create_scheduled_trigger_logs
-- Requires: 0016_create_hris_tables
-- Purpose: Create public.scheduled_trigger_logs, one row per run of the scheduled reminder/anniversary triggers.
-- Revert: 0017_create_scheduled_trigger_logs.revert.sql (drops the table; data is re-derivable from the KV store)
-- Transaction: yes
--
-- No foreign keys: the per-site results are an array inside each run (one run covers many sites), and logs
-- must outlive the sites they mention. No updated_at: a run log is written once.

CREATE TABLE public.scheduled_trigger_logs (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    processed_at timestamptz NOT NULL,
    selection_expiring jsonb NOT NULL DEFAULT '[]',
    anniversary_approaching jsonb NOT NULL DEFAULT '[]',
    total_sent integer NOT NULL DEFAULT 0,
    total_failed integer NOT NULL DEFAULT 0,
    duration_ms integer,
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT scheduled_trigger_logs_pkey PRIMARY KEY (id),
    CONSTRAINT scheduled_trigger_logs_totals_non_negative_check CHECK (total_sent >= 0 AND total_failed >= 0),
    CONSTRAINT scheduled_trigger_logs_duration_non_negative_check CHECK (duration_ms >= 0),
    CONSTRAINT scheduled_trigger_logs_selection_expiring_is_array_check CHECK (
        jsonb_typeof(selection_expiring) = 'array'
    ),
    CONSTRAINT scheduled_trigger_logs_anniversary_approaching_is_array_check CHECK (
        jsonb_typeof(anniversary_approaching) = 'array'
    ),
    CONSTRAINT scheduled_trigger_logs_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

CREATE INDEX idx_scheduled_trigger_logs_processed_at ON public.scheduled_trigger_logs (processed_at DESC);

COMMENT ON TABLE public.scheduled_trigger_logs IS
'One row per run of the scheduled email triggers (selection expiring, anniversary approaching). Source: KV keys '
'scheduled-trigger-log:scheduled-trigger-log-{ms}.';
COMMENT ON COLUMN public.scheduled_trigger_logs.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.scheduled_trigger_logs.processed_at IS
'When the run processed the triggers (source processedAt).';
COMMENT ON COLUMN public.scheduled_trigger_logs.selection_expiring IS
'Per-site results of the selection_expiring trigger: JSON array of {trigger, siteId, processed, sent, failed, errors}.';
COMMENT ON COLUMN public.scheduled_trigger_logs.anniversary_approaching IS
'Per-site results of the anniversary_approaching trigger: JSON array, same element shape.';
COMMENT ON COLUMN public.scheduled_trigger_logs.total_sent IS 'Emails sent in the run, >= 0.';
COMMENT ON COLUMN public.scheduled_trigger_logs.total_failed IS 'Emails that failed in the run, >= 0.';
COMMENT ON COLUMN public.scheduled_trigger_logs.duration_ms IS 'Run duration in milliseconds (source duration), >= 0.';
COMMENT ON COLUMN public.scheduled_trigger_logs.legacy_id IS
'Original KV id (scheduled-trigger-log-{ms}); NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.scheduled_trigger_logs.extra IS 'Source fields without a column of their own. JSON object.';
COMMENT ON COLUMN public.scheduled_trigger_logs.created_at IS 'When the row was written.';
