-- Revert: 0005_create_brands

DROP TABLE public.brands;
