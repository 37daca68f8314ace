-- Revert: 0009_create_site_catalog_config

DROP TABLE public.site_category_exclusions;
DROP TABLE public.site_catalog_assignments;
