-- Revert: 0004_create_catalogs

DROP TABLE public.catalogs;
