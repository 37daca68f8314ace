-- Migration: 0071_add_fallback_rules
-- Requires: 0070_alter_column_rules_lenient_fallback
-- Purpose: Fallbacks of docs/generator.md as rules: SKU-{legacy id}, username, slug, total from the gift price.
-- Revert: 0071_add_fallback_rules.revert.sql (restores the rules of 0024, 0065, 0066 and 0068)
-- Transaction: yes
--
-- generator.md sku_missing, username_missing, slug_missing and the CRUD orders ("total = gift price"): the column
-- stays required (kv2rel.column_rules) but names the column its kv2rel.derived_columns rule derives it from, so the
-- plan lets the record through when that column has a value, and the batch fills it. A fallback that cannot be
-- computed (the order's gift was not migrated) leaves the column NULL: the NOT NULL policy quarantines the record
-- with a clear reason, never a 0. Plus the reason codes of refused values (kv2rel.plan names the column and the value).

UPDATE kv2rel.column_rules
SET
    fallback_column = 'legacy_id',
    note = 'products.sku is NOT NULL; without a sku the bulk-import fallback SKU-{legacy id} (derived_columns).'
WHERE entity = 'product' AND target_column = 'sku';
UPDATE kv2rel.column_rules
SET
    fallback_column = 'email',
    note = 'admin_users.username is NOT NULL; without one, the local part of the e-mail (derived_columns).'
WHERE entity = 'admin_user' AND target_column = 'username';
UPDATE kv2rel.column_rules
SET
    fallback_column = 'name',
    note = 'sites.slug is NOT NULL; without one, the slug derived from the name (derived_columns), suffixed -2, '
    || '-3, ... when another site holds it.'
WHERE entity = 'site' AND target_column = 'slug';
UPDATE kv2rel.column_rules
SET
    fallback_column = 'product_id',
    note = 'orders.total_amount is NOT NULL; CRUD orders have no total: gift price x quantity (derived_columns), '
    || 'never 0; without a gift reference the order is quarantined.'
WHERE entity = 'order' AND target_column = 'total_amount';

INSERT INTO kv2rel.reason_codes (code, outcome, entity, plan_pattern, priority, description)
VALUES
(
    'sku_from_legacy_id', 'migrated', NULL, NULL, 100,
    'A gift without a SKU, migrated with SKU-{legacy id} (the bulk-import fallback).'
),
(
    'username_from_email', 'migrated', NULL, NULL, 100,
    'An admin without a username, migrated with the local part of the e-mail.'
),
(
    'slug_from_name', 'migrated', NULL, NULL, 100,
    'A site without a slug, migrated with the slug derived from its name (lower-case, non-alphanumerics -> -).'
);
UPDATE kv2rel.reason_codes
SET plan_pattern = '^[a-z_]*quantity ''(?:[^'']|'''')*'' cannot be coerced', priority = 30
WHERE code = 'invalid_quantity';
UPDATE kv2rel.reason_codes
SET
    plan_pattern = '^[a-z_0-9]+ ''(?:[^'']|'''')*'' cannot be coerced', priority = 80,
    description = 'A present value no source of the column can use (not a number, a fraction for an integer, '
    || 'not a date, ...), or a value the column type cannot hold (cast error).'
WHERE code = 'invalid_value';
UPDATE kv2rel.reason_codes
SET
    description = 'An order without a usable total whose gift price cannot be used either (no gift reference, '
    || 'or the gift does not exist).'
WHERE code = 'missing_total';

INSERT INTO kv2rel.derived_columns (entity, target_column, expression, mode, report_code, run_order, note)
VALUES
(
    'product', 'sku', '''SKU-'' || legacy_id', 'fill', 'sku_from_legacy_id', 10,
    'generator.md sku_missing: a gift without sku gets SKU-{legacy id}, as the bulk import wrote it.'
),
(
    'admin_user', 'username', 'nullif(split_part(email, ''@'', 1), '''')', 'fill', 'username_from_email', 10,
    'generator.md username_missing: the username is the local part of the e-mail.'
),
(
    'site', 'slug',
    'nullif(btrim(regexp_replace(lower(btrim(name, E'' \t\n\r\f\x0B'')), ''[^a-z0-9]+'', ''-'', ''g''), ''-''), '''')',
    'fill', 'slug_from_name', 10,
    'generator.md slug_missing: a site without slug gets the slug derived from its name.'
);
UPDATE kv2rel.derived_columns
SET
    note = 'generator.md: CRUD orders have no totals; total = gift price x quantity. No gift: stays NULL and the '
    || 'order is quarantined missing_total (policy order_total_missing).'
WHERE entity = 'order' AND target_column = 'total_amount';

INSERT INTO kv2rel.constraint_policies (
    policy_name, priority, constraint_pattern, action, reason_code, fix_sql, suffix_column, suffix_format, note
)
VALUES
(
    'order_total_missing', 10, '^orders_total_amount_not_null$', 'quarantine', 'missing_total', NULL, NULL, NULL,
    'No total and no gift price to derive it from (the gift does not exist): quarantined, never 0.'
),
(
    'admin_username_suffix', 30, '^admin_users_username_key$', 'suffix', 'natural_key_suffixed', NULL, 'username',
    '-%s', 'Usernames derived from e-mails can repeat (a@x, a@y): the later key gets -2, -3, ...'
);
