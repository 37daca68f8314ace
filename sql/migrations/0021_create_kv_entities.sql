-- Migration: 0021_create_kv_entities
-- Requires: 0020_create_key_environments
-- Purpose: Create kv2rel.kv_entities, the kinds of record the KV store holds and the target table of each.
-- Revert: 0021_create_kv_entities.revert.sql (drops the table; the seed rows are re-created by re-applying)
-- Transaction: yes
--
-- Key rules, field maps and value maps all name an entity from this table. target_table is stored as text, not
-- regclass, so the rules survive a revert of the target tables; functions resolve it with to_regclass when used.

CREATE TABLE kv2rel.kv_entities (
    entity text NOT NULL,
    target_table text,
    id_scope_column text,
    description text NOT NULL,
    CONSTRAINT kv_entities_pkey PRIMARY KEY (entity),
    CONSTRAINT kv_entities_entity_format_check CHECK (entity ~ '^[a-z][a-z0-9_]{0,62}$'),
    CONSTRAINT kv_entities_target_table_format_check CHECK (
        target_table ~ '^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$'
    ),
    CONSTRAINT kv_entities_id_scope_needs_target_check CHECK (
        id_scope_column IS NULL OR (target_table IS NOT NULL AND id_scope_column ~ '^[a-z_][a-z0-9_]*$')
    )
);

COMMENT ON TABLE kv2rel.kv_entities IS
'Kinds of record found in the KV store (client, site, product, session, ...) and the relational table each is '
'migrated into (NULL: not migrated). Referenced by key_rules, field_map, column_rules and value_map.';
COMMENT ON COLUMN kv2rel.kv_entities.entity IS
'Entity name, lower snake_case. Also the first part of the name hashed by kv2rel.legacy_uuid, so renaming an '
'entity changes every UUID derived for it.';
COMMENT ON COLUMN kv2rel.kv_entities.target_table IS
'Schema-qualified target table (e.g. public.clients); NULL when the entity has no table and is skipped.';
COMMENT ON COLUMN kv2rel.kv_entities.id_scope_column IS
'Target column whose source value scopes the legacy id before hashing, for entities whose ids repeat under '
'different parents (employees: emp-001 exists on many sites, so the UUID is derived from {site}:{emp}). NULL: '
'the legacy id alone identifies the record.';
COMMENT ON COLUMN kv2rel.kv_entities.description IS 'What the entity is, in the words of the source system.';
COMMENT ON CONSTRAINT kv_entities_pkey ON kv2rel.kv_entities IS 'One row per entity name.';
COMMENT ON CONSTRAINT kv_entities_entity_format_check ON kv2rel.kv_entities IS
'Entity names are lower snake_case identifiers of at most 63 characters.';
COMMENT ON CONSTRAINT kv_entities_target_table_format_check ON kv2rel.kv_entities IS
'target_table is written schema.table in lower case, without quotes.';
COMMENT ON CONSTRAINT kv_entities_id_scope_needs_target_check ON kv2rel.kv_entities IS
'An id scope column is a column of the target table, so it needs a target table.';

INSERT INTO kv2rel.kv_entities (entity, target_table, id_scope_column, description)
VALUES
('client', 'public.clients', NULL, 'Client organisation (tenant).'),
('site', 'public.sites', NULL, 'Celebration site of a client.'),
('catalog', 'public.catalogs', NULL, 'Product catalog (ERP, vendor, manual, dropship).'),
('product', 'public.products', NULL, 'Gift/product of a catalog; the KV store calls it gift.'),
('employee', 'public.employees', 'site_id', 'Employee eligible on a site; ids such as emp-001 repeat per site.'),
('order', 'public.orders', NULL, 'Gift order placed on a site.'),
('admin_user', 'public.admin_users', NULL, 'Platform administrator profile.'),
('brand', 'public.brands', NULL, 'Branding preset of a client.'),
('audit_log', 'public.audit_logs', NULL, 'CRUD and security audit entry.'),
('site_catalog_config', 'public.site_catalog_assignments', NULL, 'Catalog configuration of one site.'),
('site_gift_config', 'public.site_gift_configs', NULL, 'Gift selection configuration of one site.'),
(
    'site_product_assignment', 'public.site_product_assignments', 'site_id',
    'Join row assigning a gift to a site (site-gift-assignment).'
),
('hris_connection', 'public.hris_connections', NULL, 'HRIS integration of a client (holds credentials).'),
('hris_sync', 'public.hris_sync_history', NULL, 'One HRIS synchronisation run.'),
('scheduled_trigger_log', 'public.scheduled_trigger_logs', NULL, 'One run of the scheduled reminder triggers.'),
('email_template', 'public.email_templates', NULL, 'KV or CRUD email template.'),
('global_template', 'public.email_templates', NULL, 'Platform-wide notification template.'),
('site_template', 'public.email_templates', NULL, 'Site-specific notification template.'),
('webhook', 'public.webhook_configs', NULL, 'Outgoing webhook of a site (holds a signing secret).'),
(
    'shipping_address', NULL, NULL,
    'Address object inside an order (not a KV key); its field map normalises the address key spellings.'
),
('category', NULL, NULL, 'Legacy product category (products:/categories: era); no target table.'),
('shipment', NULL, NULL, 'Legacy shipment record; no target table.'),
('role', NULL, NULL, 'Access role; no target table.'),
('access_group', NULL, NULL, 'Access group; no target table.'),
('employee_role', NULL, NULL, 'Join row employee to role; no target table.'),
('employee_access_group', NULL, NULL, 'Join row employee to access group; no target table.'),
('session', NULL, NULL, 'Employee session token (24 h).'),
('magic_link', NULL, NULL, 'Magic login link (24 h).'),
('password_reset', NULL, NULL, 'Password reset token (1 h).'),
('rate_limit', NULL, NULL, 'Rate-limit counter (JSON-encoded string value).'),
('health_probe', NULL, NULL, 'Written, read back and deleted by the /test-db probe.'),
('email_history', NULL, NULL, 'Sent email history entry.'),
('scheduled_email', NULL, NULL, 'Email queued for later sending.'),
('webhook_delivery', NULL, NULL, 'One webhook delivery attempt.'),
('sync_log', NULL, NULL, 'ERP sync log entry.'),
('erp_sync_log', NULL, NULL, 'Enhanced ERP sync log entry.'),
('schedule_execution', NULL, NULL, 'ERP scheduler execution entry.'),
('automation_rule', NULL, NULL, 'Email automation rule of a site.'),
('celebration', NULL, NULL, 'Peer celebration message.'),
('invite', NULL, NULL, 'Celebration invite.'),
('environment', NULL, NULL, 'Environment configuration (holds Supabase URL and anon key).'),
('sftp_config', NULL, NULL, 'SFTP configuration of a client (holds credentials).'),
('mapping_rule', NULL, NULL, 'Rule assigning client-level employees to sites.'),
('erp_connection', NULL, NULL, 'ERP connection (holds credentials).'),
('erp_sync_config', NULL, NULL, 'ERP sync configuration.'),
('erp_schedule', NULL, NULL, 'ERP sync schedule.'),
('client_erp_assignment', NULL, NULL, 'Link client to ERP connection.'),
('site_erp_assignment', NULL, NULL, 'Link site to ERP connection.'),
('inventory_cache', NULL, NULL, 'Cached ERP inventory of a SKU.'),
('catalog_sync_log', NULL, NULL, 'Catalog synchronisation log entry.'),
('catalog_stats', NULL, NULL, 'Cached catalog statistics.'),
('import_job', NULL, NULL, 'Catalog import job and its result.'),
('test_data', NULL, NULL, 'test:* keys (cleanup target of database_cleanup.ts).'),
('demo_data', NULL, NULL, 'demo:* keys (cleanup target of database_cleanup.ts).'),
('snapshot', NULL, NULL, 'snapshot:* keys mentioned only in docs.'),
('user', NULL, NULL, 'user:* keys mentioned only in docs.');
