-- Revert: 0002_create_set_updated_at
-- Every trigger using this function belongs to a table dropped by a later migration's revert.

DROP FUNCTION public.set_updated_at();
