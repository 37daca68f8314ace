-- Revert: 0006_create_products

DROP TABLE public.products;
