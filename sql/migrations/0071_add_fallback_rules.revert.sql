-- Revert: 0071_add_fallback_rules

DELETE FROM kv2rel.constraint_policies WHERE policy_name IN ('order_total_missing', 'admin_username_suffix');

DELETE FROM kv2rel.derived_columns
WHERE (entity, target_column) IN (('product', 'sku'), ('admin_user', 'username'), ('site', 'slug'));
UPDATE kv2rel.derived_columns
SET
    note = 'generator.md: CRUD orders have no totals; total = gift price x quantity (only reached when the plan '
    || 'lets such orders through).'
WHERE entity = 'order' AND target_column = 'total_amount';

UPDATE kv2rel.reason_codes
SET description = 'An order without a usable total.'
WHERE code = 'missing_total';
UPDATE kv2rel.reason_codes
SET plan_pattern = NULL, priority = 100, description = 'A value the column type cannot hold (cast error).'
WHERE code = 'invalid_value';
UPDATE kv2rel.reason_codes SET plan_pattern = NULL, priority = 100 WHERE code = 'invalid_quantity';
DELETE FROM kv2rel.reason_codes WHERE code IN ('sku_from_legacy_id', 'username_from_email', 'slug_from_name');

UPDATE kv2rel.column_rules
SET fallback_column = NULL, note = 'products.sku is NOT NULL (bulk import already wrote SKU-{id}).'
WHERE entity = 'product' AND target_column = 'sku';
UPDATE kv2rel.column_rules
SET fallback_column = NULL, note = 'sites.slug is NOT NULL; the CRUD path always wrote one.'
WHERE entity = 'site' AND target_column = 'slug';
UPDATE kv2rel.column_rules
SET fallback_column = NULL, note = 'admin_users.username is NOT NULL.'
WHERE entity = 'admin_user' AND target_column = 'username';
UPDATE kv2rel.column_rules
SET
    fallback_column = NULL,
    note = 'orders.total_amount is NOT NULL; the repo script wrote 0 for every CRUD order, we refuse to.'
WHERE entity = 'order' AND target_column = 'total_amount';
