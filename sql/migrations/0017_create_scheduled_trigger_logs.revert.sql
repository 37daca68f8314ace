-- Revert: 0017_create_scheduled_trigger_logs

DROP TABLE public.scheduled_trigger_logs;
