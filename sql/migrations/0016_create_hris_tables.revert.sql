-- Revert: 0016_create_hris_tables

DROP TABLE public.hris_sync_history;
DROP TABLE public.hris_connections;
