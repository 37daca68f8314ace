-- Revert: 0014_create_admin_users

DROP TABLE public.admin_users;
