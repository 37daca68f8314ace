-- Revert: 0015_create_audit_logs

DROP TABLE public.audit_logs;
