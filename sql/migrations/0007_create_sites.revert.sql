-- Revert: 0007_create_sites

DROP TABLE public.sites;
