-- Revert: 0012_create_orders

DROP TABLE public.orders;
