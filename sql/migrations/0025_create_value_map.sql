-- Migration: 0025_create_value_map
-- Requires: 0024_create_column_rules
-- Purpose: Create kv2rel.value_map, per enumerated column every source value and what it becomes (keep, map, reject).
-- Revert: 0025_create_value_map.revert.sql (drops the table; DBA edits are lost)
-- Transaction: yes
--
-- A column with rows here is enumerated: a source value is looked up after lower(btrim()), and a value without a
-- row is rejected as unmapped (kv2rel.plan quarantines the record, kv2rel.map_value returns NULL with a reason).
-- Each choice and its reason is listed in docs/mapping.md.

CREATE TABLE kv2rel.value_map (
    entity text NOT NULL,
    target_column text NOT NULL,
    source_value text NOT NULL,
    action text NOT NULL,
    target_value text,
    reason text NOT NULL,
    CONSTRAINT value_map_pkey PRIMARY KEY (entity, target_column, source_value),
    CONSTRAINT value_map_entity_fkey FOREIGN KEY (entity)
    REFERENCES kv2rel.kv_entities (entity) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT value_map_target_column_format_check CHECK (target_column ~ '^[a-z_][a-z0-9_]*$'),
    CONSTRAINT value_map_source_value_normalised_check CHECK (
        source_value = lower(btrim(source_value)) AND source_value <> ''
    ),
    CONSTRAINT value_map_action_check CHECK (action IN ('keep', 'map', 'reject')),
    CONSTRAINT value_map_target_value_matches_action_check CHECK ((action = 'map') = (target_value IS NOT NULL))
);

COMMENT ON TABLE kv2rel.value_map IS
'Value maps of enumerated columns (statuses, roles, strategies): each known source value is kept, mapped to an '
'allowed value, or rejected, with the reason. Values without a row are rejected as unmapped.';
COMMENT ON COLUMN kv2rel.value_map.entity IS 'Entity whose column is enumerated.';
COMMENT ON COLUMN kv2rel.value_map.target_column IS 'The enumerated target column.';
COMMENT ON COLUMN kv2rel.value_map.source_value IS
'Source value in normalised form (lower case, trimmed); lookups normalise the source the same way.';
COMMENT ON COLUMN kv2rel.value_map.action IS
'keep (allowed as is, stored as source_value), map (stored as target_value), reject (the record is quarantined).';
COMMENT ON COLUMN kv2rel.value_map.target_value IS 'Value stored for action map; NULL otherwise.';
COMMENT ON COLUMN kv2rel.value_map.reason IS 'Why this value is kept, mapped or rejected.';
COMMENT ON CONSTRAINT value_map_pkey ON kv2rel.value_map IS 'One decision per source value of a column.';
COMMENT ON CONSTRAINT value_map_entity_fkey ON kv2rel.value_map IS 'Value maps belong to a known entity.';
COMMENT ON CONSTRAINT value_map_target_column_format_check ON kv2rel.value_map IS
'Target columns are unquoted lower-case identifiers.';
COMMENT ON CONSTRAINT value_map_source_value_normalised_check ON kv2rel.value_map IS
'Source values are stored lower-case and trimmed, never empty.';
COMMENT ON CONSTRAINT value_map_action_check ON kv2rel.value_map IS 'action is keep, map or reject.';
COMMENT ON CONSTRAINT value_map_target_value_matches_action_check ON kv2rel.value_map IS
'Only action map has a target value.';

INSERT INTO kv2rel.value_map (entity, target_column, source_value, action, target_value, reason)
VALUES
('client', 'status', 'active', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('client', 'status', 'inactive', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
(
    'client', 'status', 'suspended', 'keep', NULL,
    'Written by the CRUD admin UI; the target CHECK keeps suspended as its own state (not folded into inactive).'
),
('site', 'status', 'draft', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('site', 'status', 'active', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('site', 'status', 'inactive', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('site', 'status', 'maintenance', 'keep', NULL, 'Listed in database/types.ts; the target CHECK keeps maintenance.'),
('catalog', 'status', 'draft', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('catalog', 'status', 'active', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('catalog', 'status', 'inactive', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('catalog', 'status', 'syncing', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('catalog', 'status', 'error', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('catalog', 'type', 'erp', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('catalog', 'type', 'manual', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('catalog', 'type', 'vendor', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('catalog', 'type', 'dropship', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('product', 'status', 'active', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('product', 'status', 'inactive', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('product', 'status', 'out_of_stock', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('product', 'status', 'discontinued', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('product', 'sync_status', 'synced', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('product', 'sync_status', 'modified', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('product', 'sync_status', 'conflict', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('product', 'sync_status', 'manual', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('employee', 'status', 'active', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('employee', 'status', 'inactive', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
(
    'employee', 'status', 'terminated', 'keep', NULL,
    'HRIS status; the target CHECK keeps terminated (not folded into inactive).'
),
('order', 'status', 'pending', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('order', 'status', 'confirmed', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('order', 'status', 'processing', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('order', 'status', 'shipped', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('order', 'status', 'delivered', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('order', 'status', 'cancelled', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
(
    'order', 'status', 'failed', 'keep', NULL,
    'Written by the CRUD order resource; the target CHECK keeps failed (it needs no lifecycle timestamp).'
),
('admin_user', 'role', 'super_admin', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
(
    'admin_user', 'role', 'system_admin', 'keep', NULL,
    'Accepted by the source access checks (kv-store.md 3.8, 9.11); the target CHECK lists it, so kept.'
),
('admin_user', 'role', 'admin', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
(
    'admin_user', 'role', 'client_admin', 'keep', NULL,
    'Accepted by the source access checks (kv-store.md 3.8, 9.11); the target CHECK lists it, so kept.'
),
(
    'admin_user', 'role', 'manager', 'keep', NULL,
    'Accepted by the source access checks (kv-store.md 3.8, 9.11); the target CHECK lists it, so kept.'
),
(
    'admin_user', 'role', 'site_manager', 'keep', NULL,
    'Accepted by the source access checks (kv-store.md 3.8, 9.11); the target CHECK lists it, so kept.'
),
(
    'admin_user', 'role', 'catalog_admin', 'keep', NULL,
    'Accepted by the source access checks (kv-store.md 3.8, 9.11); the target CHECK lists it, so kept.'
),
(
    'admin_user', 'role', 'order_admin', 'keep', NULL,
    'Accepted by the source access checks (kv-store.md 3.8, 9.11); the target CHECK lists it, so kept.'
),
(
    'admin_user', 'role', 'hr_admin', 'keep', NULL,
    'Accepted by the source access checks (kv-store.md 3.8, 9.11); the target CHECK lists it, so kept.'
),
(
    'admin_user', 'role', 'content_editor', 'keep', NULL,
    'Accepted by the source access checks (kv-store.md 3.8, 9.11); the target CHECK lists it, so kept.'
),
('admin_user', 'role', 'viewer', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('admin_user', 'status', 'active', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('admin_user', 'status', 'inactive', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('admin_user', 'status', 'suspended', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('brand', 'status', 'active', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('brand', 'status', 'inactive', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('audit_log', 'status', 'success', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('audit_log', 'status', 'failure', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('audit_log', 'status', 'warning', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('site_gift_config', 'assignment_strategy', 'all', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('site_gift_config', 'assignment_strategy', 'price_levels', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('site_gift_config', 'assignment_strategy', 'exclusions', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('site_gift_config', 'assignment_strategy', 'explicit', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_connection', 'status', 'inactive', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_connection', 'status', 'active', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_connection', 'status', 'error', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_connection', 'auth_type', 'api_key', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_connection', 'auth_type', 'oauth', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_connection', 'auth_type', 'basic', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_connection', 'auth_type', 'sftp', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_connection', 'sync_frequency', 'manual', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_connection', 'sync_frequency', 'hourly', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_connection', 'sync_frequency', 'daily', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_connection', 'sync_frequency', 'weekly', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_connection', 'sync_frequency', 'monthly', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_sync', 'status', 'running', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_sync', 'status', 'completed', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_sync', 'status', 'partial', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('hris_sync', 'status', 'failed', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('email_template', 'status', 'active', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('email_template', 'status', 'inactive', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('email_template', 'status', 'draft', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('global_template', 'status', 'active', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('global_template', 'status', 'inactive', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('global_template', 'status', 'draft', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('global_template', 'category', 'transactional', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('global_template', 'category', 'marketing', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('global_template', 'category', 'system', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('site_template', 'status', 'active', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('site_template', 'status', 'inactive', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
('site_template', 'status', 'draft', 'keep', NULL, 'Allowed by the target CHECK; kept.'),
(
    'site', 'status', 'live', 'map', 'active',
    'The public code and scheduled_triggers.tsx call a published site live; active is the published '
    || 'state of the target.'
),
(
    'site_gift_config', 'assignment_strategy', 'selected', 'map', 'explicit',
    'Name used by the old SQL table 005 for an explicit gift list; explicit is the value the KV writers use.'
),
(
    'site_gift_config', 'assignment_strategy', 'excluded', 'map', 'exclusions',
    'Name used by the old SQL table 005 for all-minus-exclusions; exclusions is the KV spelling.'
),
(
    'site_gift_config', 'assignment_strategy', 'categories', 'reject', NULL,
    'Old SQL table 005 only: a category include-list has no equivalent strategy; choosing one would '
    || 'change which gifts a site offers.'
),
(
    'site_gift_config', 'assignment_strategy', 'custom', 'reject', NULL,
    'Old SQL table 005 only: meaning undefined in the source; not guessed.'
);
