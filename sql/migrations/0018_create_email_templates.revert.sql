-- Revert: 0018_create_email_templates

DROP TABLE public.email_templates;
