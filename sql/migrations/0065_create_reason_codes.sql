-- Migration: 0065_create_reason_codes
-- Requires: 0064_create_run_batches
-- Purpose: Create kv2rel.reason_codes, every reason code a run records, and how plan verdicts map to them.
-- Revert: 0065_create_reason_codes.revert.sql (drops the table; DBA edits are lost)
-- Transaction: yes
--
-- kv2rel.plan explains its verdicts in words; a run turns the first problem of that text into a code with
-- plan_pattern (tried by priority, then code; entity, when set, limits the pattern to one entity). Codes without
-- a pattern are recorded by the batches themselves: constraint violations (kv2rel.constraint_policies) and the
-- documented fix-ups of migrated records. docs/migration.md lists them all.

CREATE TABLE kv2rel.reason_codes (
    code text NOT NULL,
    outcome text NOT NULL,
    entity text,
    plan_pattern text,
    priority integer NOT NULL DEFAULT 100,
    description text NOT NULL,
    CONSTRAINT reason_codes_pkey PRIMARY KEY (code),
    CONSTRAINT reason_codes_code_format_check CHECK (code ~ '^[a-z][a-z0-9_]{0,62}$'),
    CONSTRAINT reason_codes_outcome_check CHECK (outcome IN ('migrated', 'merged', 'quarantined', 'skipped')),
    CONSTRAINT reason_codes_plan_pattern_valid_check CHECK (plan_pattern IS NULL OR ('' ~ plan_pattern) IS NOT NULL),
    CONSTRAINT reason_codes_priority_range_check CHECK (priority BETWEEN 0 AND 9999)
);

COMMENT ON TABLE kv2rel.reason_codes IS
'Reason codes of run outcomes: why a key was quarantined, skipped or merged, or which documented fix-up a migrated '
'record needed; plan_pattern maps the words of kv2rel.plan to a code.';
COMMENT ON COLUMN kv2rel.reason_codes.code IS
'The code, as stored in run_items.reason_code and quarantine.reason_code.';
COMMENT ON COLUMN kv2rel.reason_codes.outcome IS 'The outcome the code explains.';
COMMENT ON COLUMN kv2rel.reason_codes.entity IS 'Entity the plan pattern is limited to; NULL: any.';
COMMENT ON COLUMN kv2rel.reason_codes.plan_pattern IS
'POSIX regular expression matched against the first problem of a kv2rel.plan reason; NULL: not a plan code.';
COMMENT ON COLUMN kv2rel.reason_codes.priority IS 'Order in which plan patterns are tried (lower first).';
COMMENT ON COLUMN kv2rel.reason_codes.description IS 'What the code means and what a DBA can do about it.';
COMMENT ON CONSTRAINT reason_codes_pkey ON kv2rel.reason_codes IS 'One row per code.';
COMMENT ON CONSTRAINT reason_codes_code_format_check ON kv2rel.reason_codes IS 'Codes are snake_case words.';
COMMENT ON CONSTRAINT reason_codes_outcome_check ON kv2rel.reason_codes IS 'One of the four outcomes.';
COMMENT ON CONSTRAINT reason_codes_plan_pattern_valid_check ON kv2rel.reason_codes IS 'The pattern compiles.';
COMMENT ON CONSTRAINT reason_codes_priority_range_check ON kv2rel.reason_codes IS 'Priority is 0 to 9999.';

INSERT INTO kv2rel.reason_codes (code, outcome, entity, plan_pattern, priority, description)
VALUES
('index', 'skipped', NULL, '^index:', 10, 'Index key: a list of ids; records are found by their own keys.'),
('pointer', 'skipped', NULL, '^pointer to a record', 10, 'Pointer (slug lookup) to a record under its own key.'),
('link', 'skipped', NULL, '^link flag', 10, 'Link flag between two records, not a record.'),
('ephemeral', 'skipped', NULL, '^ephemeral:', 10, 'Session, token, cache or probe; tokens are never copied.'),
('secret', 'skipped', NULL, '^configuration holding secrets', 10, 'Configuration holding credentials.'),
('log', 'skipped', NULL, '^operational log', 10, 'Operational log without a target table.'),
('no_target', 'skipped', NULL, 'has no target table$', 20, 'The entity has no target table (roles, ...).'),
(
    'env_filter', 'skipped', NULL, '^environment .* is not the selected environment', 5,
    'The key belongs to another environment than the one migrated (--env).'
),
(
    'duplicate', 'merged', NULL, '^duplicate of the record', 10,
    'Same entity and id as the winning key (merged_into); the winner''s values are migrated.'
),
('unknown_key', 'quarantined', NULL, '^no key rule matches', 10, 'No key rule matches the key.'),
('not_an_object', 'quarantined', NULL, '^value is a JSON', 10, 'The value is an array, string, number or null.'),
(
    'invalid_id', 'quarantined', NULL, '^(no id in the value or the key|id .* is a JavaScript artefact)', 10,
    'No usable id (missing, undefined, null, NaN).'
),
(
    'employee_without_site', 'quarantined', 'employee',
    '(^an? employee id is|^employee ids are) only unique per site_id|^missing required site_id', 20,
    'An employee whose site is unknown (client-level import without a mapping rule).'
),
('missing_scope', 'quarantined', NULL, 'ids? (is|are) only unique per', 30, 'The id needs a parent that is unknown.'),
('missing_price', 'quarantined', NULL, '^missing required price', 40, 'A gift without a usable price.'),
('missing_sku', 'quarantined', NULL, '^missing required sku', 40, 'A gift without a SKU.'),
('missing_catalog', 'quarantined', NULL, '^missing required catalog_id', 40, 'A gift without a catalog.'),
('missing_total', 'quarantined', NULL, '^missing required total_amount', 40, 'An order without a usable total.'),
('missing_required', 'quarantined', NULL, '^missing required', 90, 'A required column has no usable source.'),
(
    'bad_enum', 'quarantined', NULL, '(has no entry in the value map|is rejected by the value map)', 40,
    'A status, role or strategy the value map does not accept.'
),
('orphan_client', 'quarantined', NULL, NULL, 100, 'References a client that does not exist.'),
('orphan_catalog', 'quarantined', NULL, NULL, 100, 'References a catalog that does not exist.'),
('orphan_site', 'quarantined', NULL, NULL, 100, 'References a site that does not exist.'),
('orphan_gift', 'quarantined', NULL, NULL, 100, 'References a gift (product) that does not exist.'),
('orphan_brand', 'quarantined', NULL, NULL, 100, 'References a brand that does not exist.'),
('orphan_employee', 'quarantined', NULL, NULL, 100, 'References an employee that does not exist.'),
('orphan_hris_connection', 'quarantined', NULL, NULL, 100, 'References an HRIS connection that does not exist.'),
('orphan_template', 'quarantined', NULL, NULL, 100, 'References an email template that does not exist.'),
('orphan_parent', 'quarantined', NULL, NULL, 100, 'References a parent row that does not exist.'),
('name_too_short', 'quarantined', NULL, NULL, 100, 'A name shorter than the target allows (2 characters).'),
('invalid_email', 'quarantined', NULL, NULL, 100, 'An e-mail address the target''s format check refuses.'),
('invalid_quantity', 'quarantined', NULL, NULL, 100, 'A negative or fractional quantity.'),
('invalid_dates', 'quarantined', NULL, NULL, 100, 'A start that is not before its end.'),
('check_violation', 'quarantined', NULL, NULL, 100, 'Another CHECK constraint of the target refuses the row.'),
('duplicate_sku', 'quarantined', NULL, NULL, 100, 'A SKU already used in the catalog (also case-insensitively).'),
('duplicate_employee_id', 'quarantined', NULL, NULL, 100, 'An employee id already used on the site.'),
('duplicate_email', 'quarantined', NULL, NULL, 100, 'An e-mail already used by another admin (any case).'),
('duplicate_natural_key', 'quarantined', NULL, NULL, 100, 'Another record already holds a unique value.'),
('invalid_value', 'quarantined', NULL, NULL, 100, 'A value the column type cannot hold (cast error).'),
(
    'winner_quarantined', 'quarantined', NULL, NULL, 100,
    'A duplicate whose winning key was quarantined: nothing was migrated for the record.'
),
('error', 'quarantined', NULL, NULL, 100, 'The database refused the row for another reason (see sqlstate).'),
(
    'active_gt_total', 'migrated', NULL, NULL, 100,
    'Migrated with active_products lowered to total_products (the counts broke the target''s check).'
),
(
    'status_without_timestamp', 'migrated', NULL, NULL, 100,
    'Migrated with the missing lifecycle timestamp of the status set to updated_at.'
),
('slugified', 'migrated', NULL, NULL, 100, 'Migrated with the slug lower-cased and non-alphanumerics turned to -.'),
(
    'natural_key_suffixed', 'migrated', NULL, NULL, 100,
    'Migrated with a suffix on a unique value another record (whose key sorts first) already holds.'
),
(
    'orphan_reference_nulled', 'migrated', NULL, NULL, 100,
    'Migrated with an optional reference to a missing parent set to NULL (the parent is named).'
),
('soft_deleted', 'migrated', NULL, NULL, 100, 'A soft-deleted record, migrated by the soft-delete policy.'),
('total_from_gift_price', 'migrated', NULL, NULL, 100, 'An order total derived from the gift price × quantity.'),
(
    'unknown_sku', 'migrated', NULL, NULL, 100,
    'A site configuration whose excluded SKUs match no product of the site''s catalogs (those are not excluded).'
);
