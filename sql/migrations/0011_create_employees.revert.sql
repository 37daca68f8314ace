-- Revert: 0011_create_employees

DROP TABLE public.employees;
