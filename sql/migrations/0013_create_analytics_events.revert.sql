-- Revert: 0013_create_analytics_events

DROP TABLE public.analytics_events;
