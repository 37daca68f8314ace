-- Revert: 0010_create_site_gift_config

DROP TABLE public.site_product_assignments;
DROP TABLE public.site_gift_configs;
