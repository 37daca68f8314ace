-- Migration: 0066_create_constraint_policies
-- Requires: 0065_create_reason_codes
-- Purpose: Create kv2rel.constraint_policies: what a batch does with a staged row that would violate a constraint.
-- Revert: 0066_create_constraint_policies.revert.sql (drops the table; DBA edits are lost)
-- Transaction: yes
--
-- Before it writes, a batch checks every staged row against the target's foreign keys, NOT NULL columns, CHECK
-- constraints, unique constraints and indexes, and the virtual keys of kv2rel.natural_keys (in that order; NOT
-- NULL violations are named <table>_<column>_not_null). The first violated rule picks the first policy (by
-- priority, then name) whose constraint_pattern matches its name:
--   quarantine  the row is quarantined with reason_code;
--   fix         fix_sql (a SET list over the target's columns) repairs the row, which is checked again;
--   nullify     the foreign key's columns are set to NULL (an optional reference to a missing parent);
--   suffix      suffix_format (format() with the attempt number, 2 first) is appended to suffix_column until
--               the unique value is free (at most 9 attempts).
-- fix, nullify and suffix keep the row migrated and record reason_code as its report. No matching policy:
-- quarantine with reason check_violation (or error).

CREATE TABLE kv2rel.constraint_policies (
    policy_name text NOT NULL,
    priority integer NOT NULL,
    constraint_pattern text NOT NULL,
    action text NOT NULL,
    reason_code text NOT NULL,
    fix_sql text,
    suffix_column text,
    suffix_format text,
    note text NOT NULL,
    CONSTRAINT constraint_policies_pkey PRIMARY KEY (policy_name),
    CONSTRAINT constraint_policies_reason_code_fkey FOREIGN KEY (reason_code)
    REFERENCES kv2rel.reason_codes (code) ON UPDATE CASCADE ON DELETE RESTRICT,
    CONSTRAINT constraint_policies_policy_name_format_check CHECK (policy_name ~ '^[a-z][a-z0-9_]{0,62}$'),
    CONSTRAINT constraint_policies_priority_range_check CHECK (priority BETWEEN 0 AND 9999),
    CONSTRAINT constraint_policies_pattern_valid_check CHECK (('' ~ constraint_pattern) IS NOT NULL),
    CONSTRAINT constraint_policies_action_check CHECK (action IN ('quarantine', 'fix', 'nullify', 'suffix')),
    CONSTRAINT constraint_policies_fix_needs_sql_check CHECK ((action = 'fix') = (fix_sql IS NOT NULL)),
    CONSTRAINT constraint_policies_suffix_needs_column_check CHECK (
        (action = 'suffix') = (suffix_column IS NOT NULL AND suffix_format IS NOT NULL)
    ),
    CONSTRAINT constraint_policies_suffix_format_check CHECK (suffix_format LIKE '%\%s%')
);

CREATE INDEX idx_constraint_policies_reason_code ON kv2rel.constraint_policies (reason_code);

COMMENT ON TABLE kv2rel.constraint_policies IS
'What a batch does with a staged row that would violate a target constraint (or a kv2rel.natural_keys key): '
'quarantine it, fix it, null an optional reference, or suffix a unique value. First match by priority wins.';
COMMENT ON COLUMN kv2rel.constraint_policies.policy_name IS 'Name of the policy.';
COMMENT ON COLUMN kv2rel.constraint_policies.priority IS 'Lower is tried first; ties by policy_name.';
COMMENT ON COLUMN kv2rel.constraint_policies.constraint_pattern IS
'POSIX regular expression matched against the constraint (or <table>_<column>_not_null, or natural key) name.';
COMMENT ON COLUMN kv2rel.constraint_policies.action IS 'quarantine, fix, nullify or suffix.';
COMMENT ON COLUMN kv2rel.constraint_policies.reason_code IS
'Quarantine reason (action quarantine) or the report code of a migrated row (fix, nullify, suffix).';
COMMENT ON COLUMN kv2rel.constraint_policies.fix_sql IS
'For fix: the SET list applied to the staged row, in terms of the target''s column names.';
COMMENT ON COLUMN kv2rel.constraint_policies.suffix_column IS 'For suffix: the column that gets the suffix.';
COMMENT ON COLUMN kv2rel.constraint_policies.suffix_format IS
'For suffix: format() pattern of the suffix (%s = 2, 3, ...).';
COMMENT ON COLUMN kv2rel.constraint_policies.note IS 'Why (kv-store.md, docs/generator.md).';
COMMENT ON CONSTRAINT constraint_policies_pkey ON kv2rel.constraint_policies IS 'One row per policy.';
COMMENT ON CONSTRAINT constraint_policies_reason_code_fkey ON kv2rel.constraint_policies IS
'Policies record known reason codes.';
COMMENT ON CONSTRAINT constraint_policies_policy_name_format_check ON kv2rel.constraint_policies IS
'Policy names are snake_case.';
COMMENT ON CONSTRAINT constraint_policies_priority_range_check ON kv2rel.constraint_policies IS 'Priority 0 to 9999.';
COMMENT ON CONSTRAINT constraint_policies_pattern_valid_check ON kv2rel.constraint_policies IS 'The pattern compiles.';
COMMENT ON CONSTRAINT constraint_policies_action_check ON kv2rel.constraint_policies IS 'The four actions.';
COMMENT ON CONSTRAINT constraint_policies_fix_needs_sql_check ON kv2rel.constraint_policies IS
'Exactly the fix policies have fix_sql.';
COMMENT ON CONSTRAINT constraint_policies_suffix_needs_column_check ON kv2rel.constraint_policies IS
'Exactly the suffix policies name a column and a format.';
COMMENT ON CONSTRAINT constraint_policies_suffix_format_check ON kv2rel.constraint_policies IS
'The suffix format has a %s for the attempt number.';
COMMENT ON INDEX kv2rel.idx_constraint_policies_reason_code IS 'Serves the reason_code foreign key.';

INSERT INTO kv2rel.constraint_policies (
    policy_name, priority, constraint_pattern, action, reason_code, fix_sql, suffix_column, suffix_format, note
)
VALUES
(
    'order_gift_missing', 10, '^orders_product_id_fkey$', 'nullify', 'orphan_reference_nulled', NULL, NULL, NULL,
    'generator.md order_missing_gift: migrated with product_id NULL; the order keeps its gift name in extra.'
),
(
    'order_employee_missing', 10, '^orders_employee_id_fkey$', 'nullify', 'orphan_reference_nulled', NULL, NULL,
    NULL, 'generator.md order_missing_employee: migrated with employee_id NULL (the order keeps its snapshot).'
),
(
    'catalog_owner_missing', 10, '^catalogs_owner_id_fkey$', 'nullify', 'orphan_reference_nulled', NULL, NULL,
    NULL, 'generator.md catalog_missing_owner: migrated with owner_id NULL.'
),
(
    'site_default_gift_missing', 10, '^sites_default_gift_id_fkey$', 'nullify', 'orphan_reference_nulled', NULL,
    NULL, NULL, 'An optional convenience pointer (ON DELETE SET NULL).'
),
(
    'site_brand_missing', 10, '^sites_brand_id_fkey$', 'nullify', 'orphan_reference_nulled', NULL, NULL, NULL,
    'Cosmetic: the site falls back to its own branding (ON DELETE SET NULL).'
),
(
    'template_parent_missing', 10, '^email_templates_parent_template_id_fkey$', 'nullify',
    'orphan_reference_nulled', NULL, NULL, NULL, 'A customised copy keeps its content (ON DELETE SET NULL).'
),
(
    'catalog_active_gt_total', 10, '^catalogs_active_products_le_total_check$', 'fix', 'active_gt_total',
    'active_products = total_products', NULL, NULL, 'generator.md active_gt_total: migrated with active = total.'
),
(
    'order_confirmed_at', 10, '^orders_confirmed_needs_confirmed_at_check$', 'fix', 'status_without_timestamp',
    'confirmed_at = updated_at', NULL, NULL, 'generator.md status_without_timestamp: the timestamp = updatedAt.'
),
(
    'order_shipped_at', 10, '^orders_shipped_needs_shipped_at_check$', 'fix', 'status_without_timestamp',
    'shipped_at = updated_at', NULL, NULL, 'generator.md status_without_timestamp: the timestamp = updatedAt.'
),
(
    'order_delivered_at', 10, '^orders_delivered_needs_delivered_at_check$', 'fix', 'status_without_timestamp',
    'delivered_at = updated_at, shipped_at = coalesce(shipped_at, updated_at)', NULL, NULL,
    'generator.md status_without_timestamp: the timestamp = updatedAt.'
),
(
    'order_cancelled_at', 10, '^orders_cancelled_needs_cancelled_at_check$', 'fix', 'status_without_timestamp',
    'cancelled_at = updated_at', NULL, NULL, 'generator.md status_without_timestamp: the timestamp = updatedAt.'
),
(
    'site_slug_format', 10, '^sites_slug_format_check$', 'fix', 'slugified',
    'slug = btrim(regexp_replace(lower(btrim(slug)), ''[^a-z0-9]+'', ''-'', ''g''), ''-'')', NULL, NULL,
    'generator.md slug_uppercase/slug_with_spaces: migrated with the slugified slug.'
),
(
    'site_slug_taken', 10, '^sites_slug_key$', 'suffix', 'natural_key_suffixed', NULL, 'slug', '-%s',
    'generator.md slug_reused: the later key''s slug gets -2.'
),
(
    'client_code_taken', 10, '^clients_client_code_key$', 'suffix', 'natural_key_suffixed', NULL, 'client_code',
    '-%s', 'generator.md client_code_reused: the later key''s code gets -2.'
),
(
    'order_number_taken', 10, '^orders_order_number_key$', 'suffix', 'natural_key_suffixed', NULL, 'order_number',
    '-%s', 'generator.md order_number_collision: the later key''s number gets -2.'
),
(
    'brand_name_taken', 10, '^brands_client_id_name_key$', 'suffix', 'natural_key_suffixed', NULL, 'name',
    ' (%s)', 'generator.md brand_name_reused: the later key''s name gets (2).'
),
(
    'product_sku_taken', 10, '^products_(catalog_id_sku_key|catalog_sku_ci)$', 'quarantine', 'duplicate_sku',
    NULL, NULL, NULL, 'generator.md sku_reused/sku_case_variant: the later key is quarantined.'
),
(
    'employee_id_taken', 10, '^employees_site_id_employee_id_key$', 'quarantine', 'duplicate_employee_id', NULL,
    NULL, NULL, 'generator.md employee_id_reused: the later key is quarantined.'
),
(
    'admin_email_taken', 10, '^admin_users_lower_email_key$', 'quarantine', 'duplicate_email', NULL, NULL, NULL,
    'generator.md admin_email_case_variant: the later key is quarantined.'
),
(
    'product_price_missing', 10, '^products_price_not_null$', 'quarantine', 'missing_price', NULL, NULL, NULL,
    'A price is never guessed.'
),
(
    'product_catalog_missing', 10, '^products_catalog_id_not_null$', 'quarantine', 'missing_catalog', NULL, NULL,
    NULL, 'A gift without a catalog (and no catalog_legacy_default).'
),
(
    'employee_site_missing', 10, '^employees_site_id_not_null$', 'quarantine', 'employee_without_site', NULL, NULL,
    NULL, 'Client-level employees wait for a mapping rule.'
),
(
    'assignment_gift_missing', 10, '^site_product_(assignments|exclusions)_product_id_fkey$', 'quarantine',
    'orphan_gift', NULL, NULL, NULL, 'generator.md assignment_missing_gift.'
),
(
    'orphan_client', 50, '_(client|owner)_id_fkey$', 'quarantine', 'orphan_client', NULL, NULL, NULL,
    'generator.md site_missing_client.'
),
(
    'orphan_site', 50, '_site_id_fkey$', 'quarantine', 'orphan_site', NULL, NULL, NULL,
    'generator.md employee_missing_site, order_missing_site.'
),
(
    'orphan_catalog', 50, '_catalog_id_fkey$', 'quarantine', 'orphan_catalog', NULL, NULL, NULL,
    'generator.md product_missing_catalog.'
),
(
    'orphan_gift', 50, '_(product|gift)_id_fkey$', 'quarantine', 'orphan_gift', NULL, NULL, NULL,
    'A gift that does not exist.'
),
('orphan_brand', 50, '_brand_id_fkey$', 'quarantine', 'orphan_brand', NULL, NULL, NULL, 'A missing brand.'),
(
    'orphan_employee', 50, '_employee_id_fkey$', 'quarantine', 'orphan_employee', NULL, NULL, NULL,
    'A missing employee.'
),
(
    'orphan_hris_connection', 50, '_connection_id_fkey$', 'quarantine', 'orphan_hris_connection', NULL, NULL,
    NULL, 'HRIS sync history of a missing connection.'
),
(
    'orphan_template', 50, '_template_id_fkey$', 'quarantine', 'orphan_template', NULL, NULL, NULL,
    'A missing template.'
),
(
    'invalid_email', 50, '_emails?_format_check$', 'quarantine', 'invalid_email', NULL, NULL, NULL,
    'generator.md email_invalid.'
),
(
    'name_too_short', 50, '_name_length_check$', 'quarantine', 'name_too_short', NULL, NULL, NULL,
    'generator.md name_too_short.'
),
(
    'invalid_quantity', 50, 'quantity', 'quarantine', 'invalid_quantity', NULL, NULL, NULL,
    'generator.md negative_quantity.'
),
(
    'invalid_dates', 50, '_before_.*_check$', 'quarantine', 'invalid_dates', NULL, NULL, NULL,
    'generator.md dates_inverted.'
),
(
    'bad_enum', 50,
    '_(status|role|type|scope|category|auth_type|sync_frequency|sync_status|assignment_strategy)_check$',
    'quarantine', 'bad_enum', NULL, NULL, NULL, 'A value outside the target''s enumeration.'
),
(
    'missing_required', 60, '_not_null$', 'quarantine', 'missing_required', NULL, NULL, NULL,
    'A NOT NULL column without value.'
),
(
    'duplicate_natural_key', 60, '(_key|_ci)$', 'quarantine', 'duplicate_natural_key', NULL, NULL, NULL,
    'Any other unique value already held by another record.'
),
('orphan_parent', 90, '_fkey$', 'quarantine', 'orphan_parent', NULL, NULL, NULL, 'Any other missing parent.'),
('check_violation', 90, '_check$', 'quarantine', 'check_violation', NULL, NULL, NULL, 'Any other CHECK.');
