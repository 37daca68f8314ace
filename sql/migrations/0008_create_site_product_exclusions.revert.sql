-- Revert: 0008_create_site_product_exclusions

DROP TABLE public.site_product_exclusions;
