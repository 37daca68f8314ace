-- Revert: 0019_create_webhook_configs

DROP TABLE public.webhook_configs;
