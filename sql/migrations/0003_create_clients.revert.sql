-- Revert: 0003_create_clients

DROP TABLE public.clients;
