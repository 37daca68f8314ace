-- Migration: 0024_create_column_rules
-- Requires: 0023_create_field_map
-- Purpose: Create kv2rel.column_rules, per target column: must a source be present, and what to use when none is.
-- Revert: 0024_create_column_rules.revert.sql (drops the table; DBA edits are lost)
-- Transaction: yes
--
-- kv2rel.plan quarantines a record when a required column has no usable source; kv2rel.map_fields fills a
-- column from default_value (through default_coercion) when no source is present. A column without a row here
-- is optional and falls back to the target table's own DEFAULT.

CREATE TABLE kv2rel.column_rules (
    entity text NOT NULL,
    target_column text NOT NULL,
    required boolean NOT NULL DEFAULT FALSE,
    default_value jsonb,
    default_coercion text,
    note text NOT NULL,
    CONSTRAINT column_rules_pkey PRIMARY KEY (entity, target_column),
    CONSTRAINT column_rules_entity_fkey FOREIGN KEY (entity)
    REFERENCES kv2rel.kv_entities (entity) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT column_rules_target_column_format_check CHECK (target_column ~ '^[a-z_][a-z0-9_]*$'),
    CONSTRAINT column_rules_required_or_default_check CHECK (required OR default_value IS NOT NULL),
    CONSTRAINT column_rules_default_coercion_needs_default_check CHECK (
        default_coercion IS NULL OR default_value IS NOT NULL
    ),
    CONSTRAINT column_rules_default_coercion_check CHECK (
        default_coercion ~ '^(text|upper|lower|boolean|numeric|integer|jsonb|ref:[a-z][a-z0-9_]*)$'
    )
);

COMMENT ON TABLE kv2rel.column_rules IS
'Per target column policy: required (kv2rel.plan quarantines records with no usable source) and the value used '
'when no source is present. Columns without a row are optional and get the table DEFAULT.';
COMMENT ON COLUMN kv2rel.column_rules.entity IS 'Entity whose target column this is.';
COMMENT ON COLUMN kv2rel.column_rules.target_column IS 'Column of the entity''s target table.';
COMMENT ON COLUMN kv2rel.column_rules.required IS
'TRUE: a record none of whose sources for this column yields a value is quarantined.';
COMMENT ON COLUMN kv2rel.column_rules.default_value IS
'Source-level JSON value used when no source is present (then coerced by default_coercion); NULL: none.';
COMMENT ON COLUMN kv2rel.column_rules.default_coercion IS
'Coercion applied to default_value (e.g. ref:catalog turns a legacy id into its UUID); NULL: the JSON value as is.';
COMMENT ON COLUMN kv2rel.column_rules.note IS 'Why the column is required or why this default was chosen.';
COMMENT ON CONSTRAINT column_rules_pkey ON kv2rel.column_rules IS 'One policy per entity column.';
COMMENT ON CONSTRAINT column_rules_entity_fkey ON kv2rel.column_rules IS 'Policies belong to a known entity.';
COMMENT ON CONSTRAINT column_rules_target_column_format_check ON kv2rel.column_rules IS
'Target columns are unquoted lower-case identifiers.';
COMMENT ON CONSTRAINT column_rules_required_or_default_check ON kv2rel.column_rules IS
'A row says something: the column is required, or it has a default.';
COMMENT ON CONSTRAINT column_rules_default_coercion_needs_default_check ON kv2rel.column_rules IS
'A default coercion only makes sense with a default value.';
COMMENT ON CONSTRAINT column_rules_default_coercion_check ON kv2rel.column_rules IS
'Default coercions are the scalar ones plus ref:<entity>.';

INSERT INTO kv2rel.column_rules (entity, target_column, required, default_value, default_coercion, note)
VALUES
('client', 'name', TRUE, NULL, NULL, 'clients.name is NOT NULL.'),
('site', 'client_id', TRUE, NULL, NULL, 'sites.client_id is NOT NULL; no way to derive it.'),
('site', 'name', TRUE, NULL, NULL, 'sites.name is NOT NULL.'),
('site', 'slug', TRUE, NULL, NULL, 'sites.slug is NOT NULL; the CRUD path always wrote one.'),
(
    'site', 'status', FALSE, '"active"', 'text',
    'The public code treats a missing status as active (kv-store.md 3.2); the table default draft would take '
    || 'a live site offline.'
),
('catalog', 'name', TRUE, NULL, NULL, 'catalogs.name is NOT NULL.'),
('catalog', 'type', TRUE, NULL, NULL, 'catalogs.type is NOT NULL and has no default.'),
('product', 'name', TRUE, NULL, NULL, 'products.name is NOT NULL.'),
('product', 'sku', TRUE, NULL, NULL, 'products.sku is NOT NULL (bulk import already wrote SKU-{id}).'),
('product', 'price', TRUE, NULL, NULL, 'products.price is NOT NULL; a missing price is not guessed.'),
(
    'product', 'catalog_id', TRUE, '"catalog_legacy_default"', 'ref:catalog',
    'Legacy gifts without catalogId belong to catalog_legacy_default (catalog-migration.ts, kv-store.md 9.10).'
),
('employee', 'site_id', TRUE, NULL, NULL, 'employees.site_id is NOT NULL; client-level employees wait.'),
('employee', 'employee_id', TRUE, NULL, NULL, 'employees.employee_id is NOT NULL (falls back to the KV id).'),
('order', 'site_id', TRUE, NULL, NULL, 'orders.site_id is NOT NULL.'),
('order', 'order_number', TRUE, NULL, NULL, 'orders.order_number is NOT NULL (falls back to the KV id).'),
('order', 'customer_email', TRUE, NULL, NULL, 'orders.customer_email is NOT NULL; not guessed.'),
(
    'order', 'total_amount', TRUE, NULL, NULL,
    'orders.total_amount is NOT NULL; the repo script wrote 0 for every CRUD order, we refuse to.'
),
(
    'order', 'customer_name', FALSE, '"Unknown"', 'text',
    'orders.customer_name is NOT NULL; the repo script used Unknown for orders without a name (kv-store.md 9.15).'
),
('admin_user', 'email', TRUE, NULL, NULL, 'admin_users.email is NOT NULL.'),
('admin_user', 'username', TRUE, NULL, NULL, 'admin_users.username is NOT NULL.'),
('admin_user', 'status', FALSE, '"active"', 'text', 'Minimal admin records without status are active (3.8).'),
('brand', 'name', TRUE, NULL, NULL, 'brands.name is NOT NULL.'),
('audit_log', 'action', TRUE, NULL, NULL, 'audit_logs.action is NOT NULL.'),
('audit_log', 'status', FALSE, '"success"', 'text', 'CRUD audit entries have no status; they record successes.'),
('site_catalog_config', 'site_id', TRUE, NULL, NULL, 'site_catalog_assignments.site_id is NOT NULL.'),
('site_catalog_config', 'catalog_id', TRUE, NULL, NULL, 'site_catalog_assignments.catalog_id is NOT NULL.'),
('site_gift_config', 'site_id', TRUE, NULL, NULL, 'site_gift_configs.site_id is NOT NULL.'),
('site_product_assignment', 'site_id', TRUE, NULL, NULL, 'site_product_assignments.site_id is NOT NULL.'),
('site_product_assignment', 'product_id', TRUE, NULL, NULL, 'site_product_assignments.product_id is NOT NULL.'),
('hris_connection', 'client_id', TRUE, NULL, NULL, 'hris_connections.client_id is NOT NULL.'),
('hris_connection', 'provider_id', TRUE, NULL, NULL, 'hris_connections.provider_id is NOT NULL.'),
('hris_connection', 'auth_type', TRUE, NULL, NULL, 'hris_connections.auth_type is NOT NULL.'),
('hris_sync', 'connection_id', TRUE, NULL, NULL, 'hris_sync_history.connection_id is NOT NULL.'),
('hris_sync', 'started_at', TRUE, NULL, NULL, 'hris_sync_history.started_at is NOT NULL.'),
('scheduled_trigger_log', 'processed_at', TRUE, NULL, NULL, 'scheduled_trigger_logs.processed_at is NOT NULL.'),
('email_template', 'name', TRUE, NULL, NULL, 'email_templates.name is NOT NULL.'),
('email_template', 'event_type', TRUE, NULL, NULL, 'email_templates.event_type is NOT NULL.'),
('email_template', 'scope', FALSE, '"global"', 'text', 'KV and CRUD templates belong to no client or site.'),
('global_template', 'name', TRUE, NULL, NULL, 'email_templates.name is NOT NULL.'),
('global_template', 'event_type', TRUE, NULL, NULL, 'email_templates.event_type is NOT NULL.'),
('global_template', 'scope', FALSE, '"global"', 'text', 'Global templates have scope global.'),
('site_template', 'name', TRUE, NULL, NULL, 'email_templates.name is NOT NULL.'),
('site_template', 'event_type', TRUE, NULL, NULL, 'email_templates.event_type is NOT NULL.'),
('site_template', 'site_id', TRUE, NULL, NULL, 'A site template needs its site (scope CHECK).'),
('site_template', 'scope', FALSE, '"site"', 'text', 'Site templates have scope site.'),
('webhook', 'site_id', TRUE, NULL, NULL, 'webhook_configs.site_id is NOT NULL.'),
('webhook', 'name', TRUE, NULL, NULL, 'webhook_configs.name is NOT NULL.'),
('webhook', 'url', TRUE, NULL, NULL, 'webhook_configs.url is NOT NULL.');
