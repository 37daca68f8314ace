-- Migration: 0022_create_key_rules
-- Requires: 0021_create_kv_entities
-- Purpose: Create kv2rel.key_rules, the data-driven KV key classification rules, seeded with every known convention.
-- Revert: 0022_create_key_rules.revert.sql (drops the table; DBA edits to the rules are lost)
-- Transaction: yes
--
-- How a rule matches (docs/classification.md): the key starts with prefix and ends with suffix (both literal,
-- compared with starts_with/right, never LIKE); the rest in between is read according to shape; rest_regex, when
-- set, must match that rest. Rules are tried by priority (lower first), then longer prefix first, then name;
-- the first match wins. A key no rule matches is classified unknown (listed, never dropped).

CREATE TABLE kv2rel.key_rules (
    rule_name text NOT NULL,
    priority integer NOT NULL,
    key_class text NOT NULL,
    entity text NOT NULL,
    prefix text NOT NULL,
    suffix text,
    shape text NOT NULL,
    infix text NOT NULL DEFAULT ':',
    rest_regex text,
    generation text,
    registers_environment boolean NOT NULL DEFAULT FALSE,
    source_ref text NOT NULL,
    description text NOT NULL,
    CONSTRAINT key_rules_pkey PRIMARY KEY (rule_name),
    CONSTRAINT key_rules_entity_fkey FOREIGN KEY (entity)
    REFERENCES kv2rel.kv_entities (entity) ON UPDATE CASCADE ON DELETE RESTRICT,
    CONSTRAINT key_rules_rule_name_format_check CHECK (rule_name ~ '^[a-z][a-z0-9_]{0,62}$'),
    CONSTRAINT key_rules_priority_range_check CHECK (priority BETWEEN 0 AND 9999),
    CONSTRAINT key_rules_key_class_check CHECK (
        key_class IN ('entity', 'index', 'pointer', 'link', 'join', 'copy', 'ephemeral', 'secret', 'log')
    ),
    CONSTRAINT key_rules_prefix_not_empty_check CHECK (prefix <> ''),
    CONSTRAINT key_rules_suffix_not_empty_check CHECK (suffix <> ''),
    CONSTRAINT key_rules_shape_check CHECK (shape IN ('exact', 'id', 'env_id', 'parent_id', 'parent')),
    CONSTRAINT key_rules_infix_not_empty_check CHECK (infix <> ''),
    CONSTRAINT key_rules_rest_regex_valid_check CHECK (rest_regex IS NULL OR ('' ~ rest_regex) IS NOT NULL),
    CONSTRAINT key_rules_exact_has_no_rest_rules_check CHECK (shape <> 'exact' OR rest_regex IS NULL),
    CONSTRAINT key_rules_generation_check CHECK (
        generation IN ('legacy_plural', 'singular', 'env_scoped', 'parent_scoped')
    ),
    CONSTRAINT key_rules_registers_environment_shape_check CHECK (NOT registers_environment OR shape = 'id')
);

CREATE UNIQUE INDEX key_rules_pattern_key ON kv2rel.key_rules (
    prefix, coalesce(suffix, ''), shape, infix, coalesce(rest_regex, '')
);
CREATE INDEX idx_key_rules_entity ON kv2rel.key_rules (entity);

COMMENT ON TABLE kv2rel.key_rules IS
'KV key classification rules: literal prefix (and suffix) -> class, entity, and how to read environment, parent '
'id and entity id from the rest of the key. Editable by the DBA; kv2rel.classify_* compile them into one query.';
COMMENT ON COLUMN kv2rel.key_rules.rule_name IS 'Name of the rule, reported with every key it classifies.';
COMMENT ON COLUMN kv2rel.key_rules.priority IS
'Evaluation order: lower is tried first. Ties: longer prefix first, then rule_name. The first match wins.';
COMMENT ON COLUMN kv2rel.key_rules.key_class IS
'entity (a record), index (array of ids), pointer (object pointing at a record), link (flag or link between two '
'records), join (join row), copy (denormalised duplicate of a record), ephemeral (session, cache, probe), secret '
'(configuration holding credentials, never copied), log (operational history without a target table).';
COMMENT ON COLUMN kv2rel.key_rules.entity IS
'Entity the key belongs to (for index keys: the entity whose ids it lists).';
COMMENT ON COLUMN kv2rel.key_rules.prefix IS
'Literal start of the key, compared with starts_with (so _ and % are ordinary characters). For shape exact, the '
'whole key without suffix.';
COMMENT ON COLUMN kv2rel.key_rules.suffix IS 'Literal end of the key (e.g. :catalog_config); NULL when none.';
COMMENT ON COLUMN kv2rel.key_rules.shape IS
'How the rest (key minus prefix and suffix) is read: exact (rest is empty), id (rest is the entity id), env_id '
'(first segment is a known environment, the remainder the entity id), parent_id (text before the first infix '
'is the parent id, the remainder the entity id), parent (rest is the parent id, and also identifies the record).';
COMMENT ON COLUMN kv2rel.key_rules.infix IS
'Separator between parent id and entity id for shape parent_id (default :, e.g. :site: for client:{cid}:site:{sid}).';
COMMENT ON COLUMN kv2rel.key_rules.rest_regex IS
'Optional POSIX regular expression the rest must match (e.g. ^[^:]+$: one segment only); NULL: any non-empty rest.';
COMMENT ON COLUMN kv2rel.key_rules.generation IS
'Key generation of the convention: legacy_plural (clients:{id}), singular (client:{id}), env_scoped '
'({prefix}:{env}:{id}), parent_scoped ({prefix}:{parentId}:{childId}); NULL for keys outside the four generations.';
COMMENT ON COLUMN kv2rel.key_rules.registers_environment IS
'TRUE for the rule whose entity ids are environment names (environments:{id}): keys it matches add their id to '
'the known environments of that KV table.';
COMMENT ON COLUMN kv2rel.key_rules.source_ref IS 'Where the convention is documented (reference section, source file).';
COMMENT ON COLUMN kv2rel.key_rules.description IS 'What keys of this form hold.';
COMMENT ON CONSTRAINT key_rules_pkey ON kv2rel.key_rules IS 'One row per rule name.';
COMMENT ON CONSTRAINT key_rules_entity_fkey ON kv2rel.key_rules IS
'Every rule names a known entity; an entity with rules cannot be deleted.';
COMMENT ON CONSTRAINT key_rules_rule_name_format_check ON kv2rel.key_rules IS 'Rule names are lower snake_case.';
COMMENT ON CONSTRAINT key_rules_priority_range_check ON kv2rel.key_rules IS 'Priority is between 0 and 9999.';
COMMENT ON CONSTRAINT key_rules_key_class_check ON kv2rel.key_rules IS
'The class is one of the nine rule classes (unknown is what no rule matches, not a rule class).';
COMMENT ON CONSTRAINT key_rules_prefix_not_empty_check ON kv2rel.key_rules IS 'A rule always has a literal prefix.';
COMMENT ON CONSTRAINT key_rules_suffix_not_empty_check ON kv2rel.key_rules IS 'No suffix is NULL, not empty.';
COMMENT ON CONSTRAINT key_rules_shape_check ON kv2rel.key_rules IS 'shape is exact, id, env_id, parent_id or parent.';
COMMENT ON CONSTRAINT key_rules_infix_not_empty_check ON kv2rel.key_rules IS 'The parent/id separator is not empty.';
COMMENT ON CONSTRAINT key_rules_rest_regex_valid_check ON kv2rel.key_rules IS
'rest_regex compiles (an invalid expression makes the INSERT fail with SQLSTATE 2201B).';
COMMENT ON CONSTRAINT key_rules_exact_has_no_rest_rules_check ON kv2rel.key_rules IS
'An exact rule has no rest, so no rest_regex.';
COMMENT ON CONSTRAINT key_rules_generation_check ON kv2rel.key_rules IS
'generation is legacy_plural, singular, env_scoped, parent_scoped or NULL.';
COMMENT ON CONSTRAINT key_rules_registers_environment_shape_check ON kv2rel.key_rules IS
'Only an id-shaped rule can register environments (its id is the environment name).';
COMMENT ON INDEX kv2rel.key_rules_pattern_key IS 'No two rules describe the same key pattern.';
COMMENT ON INDEX kv2rel.idx_key_rules_entity IS 'Serves the entity foreign key and per-entity rule lookups.';

INSERT INTO kv2rel.key_rules (
    rule_name, priority, key_class, entity, prefix, suffix, shape, infix, rest_regex, generation,
    registers_environment, source_ref, description
)
VALUES
-- 100: whole keys
(
    'clients_all_index', 100, 'index', 'client', 'clients:all', NULL, 'exact', ':', NULL, NULL, FALSE,
    'kv-store.md 2.7', 'Array of client ids; the repo migration script is driven by it.'
),
(
    'sites_all_index', 100, 'index', 'site', 'sites:all', NULL, 'exact', ':', NULL, NULL, FALSE,
    'kv-store.md 2.7', 'Array of site ids.'
),
(
    'catalogs_all_index', 100, 'index', 'catalog', 'catalogs:all', NULL, 'exact', ':', NULL, NULL, FALSE,
    'kv-store.md 2.7', 'Array of catalog ids.'
),
(
    'gifts_all_index', 100, 'index', 'product', 'gifts:all', NULL, 'exact', ':', NULL, NULL, FALSE,
    'kv-store.md 2.7, 9.8', 'Array of gift ids or of full gift objects (both forms occur).'
),
(
    'employees_all_index', 100, 'index', 'employee', 'employees:all', NULL, 'exact', ':', NULL, NULL, FALSE,
    'kv-store.md 2.7', 'Array of employee ids.'
),
(
    'orders_all_index', 100, 'index', 'order', 'orders:all', NULL, 'exact', ':', NULL, NULL, FALSE,
    'kv-store.md 2.7', 'Array of order ids.'
),
(
    'import_jobs_active_index', 100, 'index', 'import_job', 'import_jobs:active', NULL, 'exact', ':', NULL, NULL,
    FALSE, 'kv-store.md 2.1 (storage-keys.ts)', 'Array of active import job ids.'
),
(
    'environments_list_cache', 100, 'ephemeral', 'environment', 'environments:list', NULL, 'exact', ':', NULL,
    NULL, FALSE, 'kv-store.md 2.6', 'In-memory cache key, not expected in the table; never an environment.'
),
(
    'client_demo_alias', 100, 'copy', 'client', 'client:demo-stakeholder', NULL, 'exact', ':', NULL, 'singular',
    FALSE, 'kv-store.md 2.1, 9.4 (seed-demo-sites.tsx)',
    'Second copy of the demo client; its value id is client-demo-stakeholder.'
),
-- 110: multi-segment literal prefixes
(
    'site_slug_pointer', 110, 'pointer', 'site', 'site:slug:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.1, 9.2', 'Older slug lookup holding {siteId}; slug is not an environment.'
),
(
    'sites_slug_pointer', 110, 'pointer', 'site', 'sites:slug:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.1 (seed-demo-sites.tsx)', 'Slug lookup holding {siteId}.'
),
(
    'sites_list_cache', 110, 'ephemeral', 'site', 'sites:list:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.6', 'In-memory cache key sites:list:{env}, not expected in the table.'
),
(
    'celebrations_employee_copy', 110, 'copy', 'celebration', 'celebrations:employee:', NULL, 'parent_id', ':',
    NULL, 'parent_scoped', FALSE, 'kv-store.md 2.4 (celebrations.ts)',
    'Full copy of celebrations:{id} filed under the recipient.'
),
(
    'health_probe', 110, 'ephemeral', 'health_probe', 'health:test:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.3 (index.tsx /test-db)', 'Probe row written, read back and deleted.'
),
(
    'catalog_index_by_type', 110, 'index', 'catalog', 'catalog_index:by_type:', NULL, 'id', ':', NULL, NULL,
    FALSE, 'kv-store.md 2.1 (storage-keys.ts)', 'Catalog ids of one catalog type.'
),
(
    'catalog_index_by_status', 110, 'index', 'catalog', 'catalog_index:by_status:', NULL, 'id', ':', NULL, NULL,
    FALSE, 'kv-store.md 2.1 (storage-keys.ts)', 'Catalog ids of one status.'
),
(
    'catalog_index_by_owner', 110, 'index', 'catalog', 'catalog_index:by_owner:', NULL, 'id', ':', NULL, NULL,
    FALSE, 'kv-store.md 2.1 (storage-keys.ts)', 'Catalog ids of one owner.'
),
(
    'gifts_index_by_catalog', 110, 'index', 'product', 'gifts_index:by_catalog:', NULL, 'parent', ':', NULL,
    NULL, FALSE, 'kv-store.md 2.1 (storage-keys.ts)', 'Gift ids of one catalog.'
),
-- 150: parent and id around a literal infix
(
    'client_site_copy', 150, 'copy', 'site', 'client:', NULL, 'parent_id', ':site:', NULL, 'parent_scoped',
    FALSE, 'kv-store.md 2.1, 9.9 (seed-demo-sites.tsx)', 'Full site object copied under its client.'
),
-- 200: literal suffixes
(
    'sites_catalog_config', 200, 'entity', 'site_catalog_config', 'sites:', ':catalog_config', 'parent', ':',
    '^[^:]+$', NULL, FALSE, 'kv-store.md 2.1, 3.5 (catalog-migration.ts)', 'Catalog configuration of a site.'
),
(
    'sites_employees_index', 200, 'index', 'employee', 'sites:', ':employees', 'parent', ':', '^[^:]+$', NULL,
    FALSE, 'kv-store.md 2.1 (storage-keys.ts)', 'Employee ids of a site (declared, not seen written).'
),
(
    'sites_orders_index', 200, 'index', 'order', 'sites:', ':orders', 'parent', ':', '^[^:]+$', NULL, FALSE,
    'kv-store.md 2.1 (storage-keys.ts)', 'Order ids of a site (declared, not seen written).'
),
(
    'catalog_sync_logs_latest', 200, 'log', 'catalog_sync_log', 'catalog_sync_logs:', ':latest', 'parent', ':',
    '^[^:]+$', NULL, FALSE, 'kv-store.md 2.1 (storage-keys.ts)', 'Latest sync log of a catalog.'
),
(
    'catalog_sync_logs_list', 200, 'index', 'catalog_sync_log', 'catalog_sync_logs:', ':list', 'parent', ':',
    '^[^:]+$', NULL, FALSE, 'kv-store.md 2.1 (storage-keys.ts)', 'Sync log ids of a catalog.'
),
(
    'catalog_stats_expiry', 200, 'ephemeral', 'catalog_stats', 'catalog_stats:', ':expiry', 'parent', ':',
    '^[^:]+$', NULL, FALSE, 'kv-store.md 2.1 (storage-keys.ts)', 'Expiry of cached catalog statistics.'
),
(
    'import_jobs_result', 200, 'log', 'import_job', 'import_jobs:', ':result', 'parent', ':', '^[^:]+$', NULL,
    FALSE, 'kv-store.md 2.1 (storage-keys.ts)', 'Result of an import job.'
),
-- 300: environment-scoped CRUD keys {prefix}:{env}:{id}
(
    'client_env_scoped', 300, 'entity', 'client', 'client:', NULL, 'env_id', ':', '^[^:]+:[^:]+$', 'env_scoped',
    FALSE, 'kv-store.md 2.1 (migrated_resources.ts)', 'CRUD client, camelCase.'
),
(
    'clients_env_scoped', 300, 'entity', 'client', 'clients:', NULL, 'env_id', ':', '^[^:]+:[^:]+$', 'env_scoped',
    FALSE, 'kv-store.md 2.1 (index.tsx cleanup)', 'Old plural client key with environment.'
),
(
    'site_env_scoped', 300, 'entity', 'site', 'site:', NULL, 'env_id', ':', '^[^:]+:[^:]+$', 'env_scoped', FALSE,
    'kv-store.md 2.1 (migrated_resources.ts)', 'CRUD site, camelCase.'
),
(
    'sites_env_scoped', 300, 'entity', 'site', 'sites:', NULL, 'env_id', ':', '^[^:]+:[^:]+$', 'env_scoped', FALSE,
    'kv-store.md 2.1 (resources/sites.ts)', 'Plural site key with environment.'
),
(
    'gift_env_scoped', 300, 'entity', 'product', 'gift:', NULL, 'env_id', ':', '^[^:]+:[^:]+$', 'env_scoped',
    FALSE, 'kv-store.md 2.1 (migrated_resources.ts)', 'CRUD gift, may carry soft-delete flags.'
),
(
    'product_env_scoped', 300, 'entity', 'product', 'product:', NULL, 'env_id', ':', '^[^:]+:[^:]+$',
    'env_scoped', FALSE, 'kv-store.md 2.1 (index.tsx /dev/migrate-keys)', 'Renamed legacy products:{id}.'
),
(
    'category_env_scoped', 300, 'entity', 'category', 'category:', NULL, 'env_id', ':', '^[^:]+:[^:]+$',
    'env_scoped', FALSE, 'kv-store.md 2.1 (index.tsx /dev/migrate-keys)', 'Renamed legacy categories:{id}.'
),
(
    'shipment_env_scoped', 300, 'entity', 'shipment', 'shipment:', NULL, 'env_id', ':', '^[^:]+:[^:]+$',
    'env_scoped', FALSE, 'kv-store.md 2.1 (index.tsx /dev/migrate-keys)', 'Renamed legacy shipments:{id}.'
),
(
    'employee_env_scoped', 300, 'entity', 'employee', 'employee:', NULL, 'env_id', ':', '^[^:]+:[^:]+$',
    'env_scoped', FALSE, 'kv-store.md 9.2',
    'Singular employee key whose middle segment is a known environment (tried before employee:{siteId}:{id}).'
),
(
    'employees_env_scoped', 300, 'entity', 'employee', 'employees:', NULL, 'env_id', ':', '^[^:]+:[^:]+$',
    'env_scoped', FALSE, 'kv-store.md 2.1 (CRUD keyPrefix employees)', 'CRUD employee (plural prefix).'
),
(
    'order_env_scoped', 300, 'entity', 'order', 'order:', NULL, 'env_id', ':', '^[^:]+:[^:]+$', 'env_scoped',
    FALSE, 'kv-store.md 2.1 (resources/orders.ts)', 'CRUD order, id ORD-{counter}-{rand4}.'
),
(
    'admin_user_env_scoped', 300, 'entity', 'admin_user', 'admin_user:', NULL, 'env_id', ':', '^[^:]+:[^:]+$',
    'env_scoped', FALSE, 'kv-store.md 2.2 (migrated_resources.ts)', 'CRUD admin user (parallel store).'
),
(
    'role_env_scoped', 300, 'entity', 'role', 'role:', NULL, 'env_id', ':', '^[^:]+:[^:]+$', 'env_scoped', FALSE,
    'kv-store.md 2.2', 'CRUD role.'
),
(
    'access_group_env_scoped', 300, 'entity', 'access_group', 'access_group:', NULL, 'env_id', ':',
    '^[^:]+:[^:]+$', 'env_scoped', FALSE, 'kv-store.md 2.2', 'CRUD access group.'
),
(
    'email_template_env_scoped', 300, 'entity', 'email_template', 'email_template:', NULL, 'env_id', ':',
    '^[^:]+:[^:]+$', 'env_scoped', FALSE, 'kv-store.md 2.4 (migrated_resources.ts)', 'CRUD email template.'
),
(
    'brand_env_scoped', 300, 'entity', 'brand', 'brand:', NULL, 'env_id', ':', '^[^:]+:[^:]+$', 'env_scoped',
    FALSE, 'kv-store.md 2.4', 'CRUD brand.'
),
(
    'celebration_env_scoped', 300, 'entity', 'celebration', 'celebration:', NULL, 'env_id', ':', '^[^:]+:[^:]+$',
    'env_scoped', FALSE, 'kv-store.md 2.4 (migrated_resources.ts)', 'CRUD celebration (different shape).'
),
(
    'audit_env_scoped', 300, 'entity', 'audit_log', 'audit:', NULL, 'env_id', ':', NULL, 'env_scoped', FALSE,
    'kv-store.md 2.3 (crud_factory.ts)', 'CRUD audit entry audit:{env}:{ms}:{uuid}; the id is {ms}:{uuid}.'
),
-- 400: parent-scoped keys {prefix}:{parentId}:{childId}
(
    'employee_parent_scoped', 400, 'entity', 'employee', 'employee:', NULL, 'parent_id', ':', '^[^:]+:[^:]+$',
    'parent_scoped', FALSE, 'kv-store.md 2.1, 9.2 (index.tsx, seed-demo-sites.tsx)',
    'Employee under its site; the site id may exist only in the key.'
),
(
    'order_parent_scoped', 400, 'entity', 'order', 'order:', NULL, 'parent_id', ':', '^[^:]+:[^:]+$',
    'parent_scoped', FALSE, 'kv-store.md 2.1, 9.3 (index.tsx public checkout)',
    'Public checkout order; the value id repeats the whole key.'
),
(
    'site_gift_assignment_join', 400, 'join', 'site_product_assignment', 'site-gift-assignment:', NULL,
    'parent_id', ':', '^[^:]+:[^:]+$', 'parent_scoped', FALSE, 'kv-store.md 2.1, 3.5',
    'Gift assigned to a site: site id, then gift id.'
),
(
    'employee_role_join', 400, 'join', 'employee_role', 'employee_role:', NULL, 'parent_id', ':', NULL,
    'parent_scoped', FALSE, 'kv-store.md 2.2, 9.3',
    'Employee to role: employee id, then role:{uuid}:{siteId or all} (colons inside the id).'
),
(
    'employee_access_group_join', 400, 'join', 'employee_access_group', 'employee_access_group:', NULL,
    'parent_id', ':', NULL, 'parent_scoped', FALSE, 'kv-store.md 2.2',
    'Employee to access group: employee id, then group id and site.'
),
(
    'catalog_gift_link', 400, 'link', 'product', 'catalog_gifts:', NULL, 'parent_id', ':', '^[^:]+:[^:]+$',
    'parent_scoped', FALSE, 'kv-store.md 2.1, 2.7', 'Flag (true or timestamp): gift is in catalog.'
),
(
    'catalog_sync_logs_entry', 400, 'log', 'catalog_sync_log', 'catalog_sync_logs:', NULL, 'parent_id', ':', NULL,
    'parent_scoped', FALSE, 'kv-store.md 2.1, 9.3', 'Sync log of a catalog keyed by an ISO timestamp (colons).'
),
(
    'automation_rule_site', 400, 'entity', 'automation_rule', 'automation-rule:', NULL, 'parent_id', ':', NULL,
    'parent_scoped', FALSE, 'kv-store.md 2.4 (email_automation.tsx)', 'Email automation rule of a site.'
),
(
    'webhook_site', 400, 'entity', 'webhook', 'webhook:', NULL, 'parent_id', ':', '^[^:]+:[^:]+$',
    'parent_scoped', FALSE, 'kv-store.md 2.4 (webhook_system.tsx)', 'Webhook of a site; holds a secret.'
),
(
    'email_history_site', 400, 'log', 'email_history', 'email-history:', NULL, 'parent_id', ':', NULL,
    'parent_scoped', FALSE, 'kv-store.md 2.3 (email_automation.tsx)', 'Email sent for a site.'
),
(
    'scheduled_email_site', 400, 'entity', 'scheduled_email', 'scheduled-email:', NULL, 'parent_id', ':', NULL,
    'parent_scoped', FALSE, 'kv-store.md 2.3 (scheduled_email.tsx)', 'Email queued for a site.'
),
(
    'webhook_delivery_site', 400, 'log', 'webhook_delivery', 'webhook-delivery:', NULL, 'parent_id', ':', NULL,
    'parent_scoped', FALSE, 'kv-store.md 2.3 (webhook_system.tsx)', 'Webhook delivery attempt for a site.'
),
-- 500: one id after the prefix
(
    'client_singular', 500, 'entity', 'client', 'client:', NULL, 'id', ':', '^[^:]+$', 'singular', FALSE,
    'kv-store.md 2.1 (migrate_kv_to_tables.ts)', 'Client expected by the repo migration script (snake_case).'
),
(
    'clients_legacy_plural', 500, 'entity', 'client', 'clients:', NULL, 'id', ':', '^[^:]+$', 'legacy_plural',
    FALSE, 'kv-store.md 2.1 (index.tsx, storage-keys.ts)', 'Old plural client key.'
),
(
    'site_singular', 500, 'entity', 'site', 'site:', NULL, 'id', ':', '^[^:]+$', 'singular', FALSE,
    'kv-store.md 2.1 (migrate_kv_to_tables.ts)', 'Site expected by the repo migration script.'
),
(
    'sites_legacy_plural', 500, 'entity', 'site', 'sites:', NULL, 'id', ':', '^[^:]+$', 'legacy_plural', FALSE,
    'kv-store.md 2.1 (seed-demo-sites.tsx)', 'Legacy and demo site key.'
),
(
    'site_configs_gift_config', 500, 'entity', 'site_gift_config', 'site_configs:', NULL, 'parent', ':',
    '^[^:]+$', NULL, FALSE, 'kv-store.md 2.1, 3.5 (index.tsx)', 'Gift configuration of a site.'
),
(
    'site_gift_config_key', 500, 'entity', 'site_gift_config', 'site_gift_config:', NULL, 'parent', ':',
    '^[^:]+$', NULL, FALSE, 'kv-store.md 2.1 (resources/sites.ts)', 'Second name of the site gift configuration.'
),
(
    'site_catalog_config_key', 500, 'entity', 'site_catalog_config', 'site_catalog_config:', NULL, 'parent', ':',
    '^[^:]+$', NULL, FALSE, 'kv-store.md 2.1 (docs only)', 'Third name, for the site catalog configuration.'
),
(
    'catalogs_legacy_plural', 500, 'entity', 'catalog', 'catalogs:', NULL, 'id', ':', '^[^:]+$', 'legacy_plural',
    FALSE, 'kv-store.md 2.1 (catalog-migration.ts)', 'Catalog (plural prefix even for one record).'
),
(
    'catalog_singular', 500, 'entity', 'catalog', 'catalog:', NULL, 'id', ':', '^[^:]+$', 'singular', FALSE,
    'kv-store.md 2.1 (docs only)', 'Singular catalog key from the architecture docs.'
),
(
    'catalog_gifts_index', 500, 'index', 'product', 'catalog_gifts:', NULL, 'parent', ':', '^[^:]+$', NULL,
    FALSE, 'kv-store.md 2.1, 2.7', 'Gift ids of a catalog.'
),
(
    'catalog_stats_entry', 500, 'ephemeral', 'catalog_stats', 'catalog_stats:', NULL, 'parent', ':', '^[^:]+$',
    NULL, FALSE, 'kv-store.md 2.1 (storage-keys.ts)', 'Cached statistics of a catalog.'
),
(
    'import_jobs_entry', 500, 'log', 'import_job', 'import_jobs:', NULL, 'id', ':', '^[^:]+$', NULL, FALSE,
    'kv-store.md 2.1 (storage-keys.ts)', 'Import job.'
),
(
    'gift_singular', 500, 'entity', 'product', 'gift:', NULL, 'id', ':', '^[^:]+$', 'singular', FALSE,
    'kv-store.md 2.1 (migrate_kv_to_tables.ts)', 'Gift as dereferenced by the repo migration script.'
),
(
    'gifts_legacy_plural', 500, 'entity', 'product', 'gifts:', NULL, 'id', ':', '^[^:]+$', 'legacy_plural',
    FALSE, 'kv-store.md 2.1 (catalog-migration.ts, bulk import)', 'Gift as dereferenced by catalog-migration.'
),
(
    'products_legacy_plural', 500, 'entity', 'product', 'products:', NULL, 'id', ':', '^[^:]+$', 'legacy_plural',
    FALSE, 'kv-store.md 2.1 (index.tsx /dev/migrate-keys)', 'Legacy product key (renamed to product:{env}).'
),
(
    'categories_legacy_plural', 500, 'entity', 'category', 'categories:', NULL, 'id', ':', '^[^:]+$',
    'legacy_plural', FALSE, 'kv-store.md 2.1 (index.tsx /dev/migrate-keys)', 'Legacy category key.'
),
(
    'shipments_legacy_plural', 500, 'entity', 'shipment', 'shipments:', NULL, 'id', ':', '^[^:]+$',
    'legacy_plural', FALSE, 'kv-store.md 2.1 (index.tsx /dev/migrate-keys)', 'Legacy shipment key.'
),
(
    'employee_singular', 500, 'entity', 'employee', 'employee:', NULL, 'id', ':', '^[^:]+$', 'singular', FALSE,
    'kv-store.md 2.1 (migrate_kv_to_tables.ts)', 'Employee expected by the repo migration script.'
),
(
    'employees_legacy_plural', 500, 'entity', 'employee', 'employees:', NULL, 'id', ':', '^[^:]+$',
    'legacy_plural', FALSE, 'kv-store.md 2.1 (index.tsx CSV import)', 'Client-level imported employee.'
),
(
    'order_singular', 500, 'entity', 'order', 'order:', NULL, 'id', ':', '^[^:]+$', 'singular', FALSE,
    'kv-store.md 2.1 (migrate_kv_to_tables.ts)', 'Order expected by the repo migration script.'
),
(
    'orders_legacy_plural', 500, 'entity', 'order', 'orders:', NULL, 'id', ':', '^[^:]+$', 'legacy_plural',
    FALSE, 'kv-store.md 2.1 (index.tsx, storage-keys.ts)', 'Legacy order key.'
),
(
    'admin_users_legacy_plural', 500, 'entity', 'admin_user', 'admin_users:', NULL, 'id', ':', '^[^:]+$',
    'legacy_plural', FALSE, 'kv-store.md 2.2 (admin_users.ts)', 'Admin user keyed by the Supabase auth user id.'
),
(
    'role_singular', 500, 'entity', 'role', 'role:', NULL, 'id', ':', '^[^:]+$', 'singular', FALSE,
    'kv-store.md 2.2, 9.3', 'Role; the value id repeats the whole key role:{uuid}.'
),
(
    'access_group_singular', 500, 'entity', 'access_group', 'access_group:', NULL, 'id', ':', '^[^:]+$',
    'singular', FALSE, 'kv-store.md 2.2', 'Access group; the value id repeats the whole key.'
),
(
    'brand_singular', 500, 'entity', 'brand', 'brand:', NULL, 'id', ':', '^[^:]+$', 'singular', FALSE,
    'kv-store.md 2.4 (index.tsx)', 'Brand keyed by a UUID.'
),
(
    'session_token', 500, 'ephemeral', 'session', 'session:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.2', 'Employee session (24 h).'
),
(
    'magic_link_token', 500, 'ephemeral', 'magic_link', 'magic-link:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.2', 'Magic link (24 h).'
),
(
    'password_reset_token', 500, 'ephemeral', 'password_reset', 'password_reset:', NULL, 'id', ':', NULL, NULL,
    FALSE, 'kv-store.md 2.2 (admin_users.ts)', 'Password reset token (1 h); also secret.'
),
(
    'rate_limit_counter', 500, 'ephemeral', 'rate_limit', 'ratelimit:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.2, 2.6 (rateLimit.ts)', 'Rate-limit counter (JSON string scalar value).'
),
(
    'audit_logs_security', 500, 'entity', 'audit_log', 'audit_logs:', NULL, 'id', ':', '^[^:]+$',
    'legacy_plural', FALSE, 'kv-store.md 2.3 (security.ts, commented out)', 'Old security audit entry.'
),
(
    'scheduled_trigger_log_entry', 500, 'entity', 'scheduled_trigger_log', 'scheduled-trigger-log:', NULL, 'id',
    ':', NULL, 'singular', FALSE, 'kv-store.md 2.3 (scheduled_triggers.tsx)',
    'Trigger run log; the id repeats the prefix (scheduled-trigger-log-{ms}).'
),
(
    'sync_log_entry', 500, 'log', 'sync_log', 'sync_log:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.3 (erp_integration.ts)', 'ERP sync log.'
),
(
    'erp_sync_log_entry', 500, 'log', 'erp_sync_log', 'erp_sync_log:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.3 (erp_integration_enhanced.ts)', 'Enhanced ERP sync log.'
),
(
    'schedule_execution_entry', 500, 'log', 'schedule_execution', 'schedule_execution:', NULL, 'id', ':', NULL,
    NULL, FALSE, 'kv-store.md 2.3 (erp_scheduler.ts)', 'ERP scheduler execution.'
),
(
    'hris_connection_entry', 500, 'entity', 'hris_connection', 'hris_connection_', NULL, 'id', ':', NULL, NULL,
    FALSE, 'kv-store.md 2.4 (hris.tsx)', 'HRIS connection; underscore separator, id hris_conn_{ms}_{rand7}.'
),
(
    'hris_sync_entry', 500, 'entity', 'hris_sync', 'hris_sync_', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.4 (hris.tsx)', 'HRIS sync run; underscore separator, id hris_sync_{ms}_{rand7}.'
),
(
    'email_template_entry', 500, 'entity', 'email_template', 'email-template:', NULL, 'id', ':', NULL, 'singular',
    FALSE, 'kv-store.md 2.4 (index.tsx, email_service.tsx)', 'KV email template (id may be undefined).'
),
(
    'global_template_entry', 500, 'entity', 'global_template', 'global-template:', NULL, 'id', ':', NULL,
    'singular', FALSE, 'kv-store.md 2.4 (index.tsx)', 'Global notification template.'
),
(
    'site_template_entry', 500, 'entity', 'site_template', 'site-template:', NULL, 'id', ':', NULL, 'singular',
    FALSE, 'kv-store.md 2.4 (index.tsx, email_automation.tsx)', 'Site notification template.'
),
(
    'celebrations_legacy_plural', 500, 'entity', 'celebration', 'celebrations:', NULL, 'id', ':', '^[^:]+$',
    'legacy_plural', FALSE, 'kv-store.md 2.4 (celebrations.ts)', 'Celebration message.'
),
(
    'invites_entry', 500, 'entity', 'invite', 'invites:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.4 (celebrations.ts)', 'Celebration invite.'
),
(
    'environments_config', 500, 'secret', 'environment', 'environments:', NULL, 'id', ':', '^[^:[:space:]]+$',
    NULL, TRUE, 'kv-store.md 1.2, 2.4 (index.tsx)',
    'Environment configuration (anon key); its id registers a known environment.'
),
(
    'sftp_config_client', 500, 'secret', 'sftp_config', 'sftp_config:', NULL, 'parent', ':', NULL, NULL, FALSE,
    'kv-store.md 2.4 (index.tsx)', 'SFTP credentials of a client.'
),
(
    'mapping_rules_entry', 500, 'entity', 'mapping_rule', 'mapping_rules:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.4 (index.tsx)', 'Rule assigning client-level employees to sites.'
),
(
    'erp_connection_entry', 500, 'secret', 'erp_connection', 'erp_connection:', NULL, 'id', ':', NULL, NULL,
    FALSE, 'kv-store.md 2.4 (erp_integration*.ts)', 'ERP connection with credentials.'
),
(
    'erp_sync_config_entry', 500, 'entity', 'erp_sync_config', 'erp_sync_config:', NULL, 'id', ':', NULL, NULL,
    FALSE, 'kv-store.md 2.4', 'ERP sync configuration.'
),
(
    'erp_schedule_entry', 500, 'entity', 'erp_schedule', 'erp_schedule:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.4 (erp_scheduler.ts)', 'ERP sync schedule.'
),
(
    'client_erp_assignment_link', 500, 'link', 'client_erp_assignment', 'client_erp_assignment:', NULL, 'parent',
    ':', NULL, NULL, FALSE, 'kv-store.md 2.4', 'ERP connection of a client.'
),
(
    'site_erp_assignment_link', 500, 'link', 'site_erp_assignment', 'site_erp_assignment:', NULL, 'parent', ':',
    NULL, NULL, FALSE, 'kv-store.md 2.4', 'ERP connection of a site.'
),
(
    'inventory_cache_entry', 500, 'ephemeral', 'inventory_cache', 'inventory_cache:', NULL, 'id', ':', NULL, NULL,
    FALSE, 'kv-store.md 2.4', 'Cached inventory of a SKU.'
),
(
    'erp_inventory_cache_entry', 500, 'ephemeral', 'inventory_cache', 'erp_inventory_cache:', NULL, 'id', ':',
    NULL, NULL, FALSE, 'kv-store.md 2.4', 'Cached ERP inventory of a SKU.'
),
(
    'prefix_cache', 500, 'ephemeral', 'environment', 'prefix:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.6 (kv_env.ts)', 'In-memory cache key prefix:{prefix}:{env}, not expected in the table.'
),
-- 900: families known only from docs and cleanup code
(
    'test_keys', 900, 'ephemeral', 'test_data', 'test:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.5 (database_cleanup.ts)', 'Test data.'
),
(
    'demo_keys', 900, 'ephemeral', 'demo_data', 'demo:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.5 (database_cleanup.ts)', 'Demo data.'
),
(
    'snapshot_keys', 900, 'ephemeral', 'snapshot', 'snapshot:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.5 (docs only)', 'Snapshot keys.'
),
(
    'environment_keys', 900, 'secret', 'environment', 'environment:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.5 (docs only)', 'Environment keys (treated as configuration that may hold keys).'
),
(
    'user_keys', 900, 'entity', 'user', 'user:', NULL, 'id', ':', NULL, NULL, FALSE,
    'kv-store.md 2.5 (docs only)', 'User keys; no target table.'
);
