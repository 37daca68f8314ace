-- Migration: 0067_create_natural_keys
-- Requires: 0066_create_constraint_policies
-- Purpose: Create kv2rel.natural_keys, uniqueness rules a batch enforces beyond the target's unique constraints.
-- Revert: 0067_create_natural_keys.revert.sql (drops the table; DBA edits are lost)
-- Transaction: yes
--
-- A natural key is checked like a unique index: a staged row conflicts with an earlier key of its batch (byte
-- order) or with an existing row of another id whose key_sql values are equal. key_sql is a comma-separated list
-- of expressions over the target's column names; probe_sql, when set, is an extra condition on t (the existing
-- row) and s (the staged row) that lets an index find the candidates. The conflict is named key_name and handled
-- by kv2rel.constraint_policies like any constraint.

CREATE TABLE kv2rel.natural_keys (
    key_name text NOT NULL,
    target_table text NOT NULL,
    key_sql text NOT NULL,
    probe_sql text,
    note text NOT NULL,
    CONSTRAINT natural_keys_pkey PRIMARY KEY (key_name),
    CONSTRAINT natural_keys_key_name_format_check CHECK (key_name ~ '^[a-z][a-z0-9_]{0,62}$'),
    CONSTRAINT natural_keys_target_table_format_check CHECK (target_table ~ '^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$')
);

COMMENT ON TABLE kv2rel.natural_keys IS
'Uniqueness rules enforced by the migration beyond the target''s own unique constraints (e.g. SKUs compared '
'case-insensitively); violations are handled by kv2rel.constraint_policies under key_name.';
COMMENT ON COLUMN kv2rel.natural_keys.key_name IS 'Name of the rule, used like a constraint name.';
COMMENT ON COLUMN kv2rel.natural_keys.target_table IS 'Schema-qualified target table.';
COMMENT ON COLUMN kv2rel.natural_keys.key_sql IS
'Comma-separated expressions over the target''s columns; NULLs never conflict.';
COMMENT ON COLUMN kv2rel.natural_keys.probe_sql IS
'Optional index-friendly condition over t (existing row) and s (staged row) that every conflict satisfies.';
COMMENT ON COLUMN kv2rel.natural_keys.note IS 'Why the rule exists.';
COMMENT ON CONSTRAINT natural_keys_pkey ON kv2rel.natural_keys IS 'One row per rule.';
COMMENT ON CONSTRAINT natural_keys_key_name_format_check ON kv2rel.natural_keys IS 'Rule names are snake_case.';
COMMENT ON CONSTRAINT natural_keys_target_table_format_check ON kv2rel.natural_keys IS
'target_table is written schema.table in lower case.';

INSERT INTO kv2rel.natural_keys (key_name, target_table, key_sql, probe_sql, note)
VALUES (
    'products_catalog_sku_ci', 'public.products', 'catalog_id, upper(btrim(sku))',
    't.catalog_id = s.catalog_id AND t.sku IN (s.sku, upper(btrim(s.sku)), lower(btrim(s.sku)), btrim(s.sku))',
    'generator.md sku_case_variant: SKUs are compared on upper(btrim(sku)) within a catalog; the unique '
    || 'constraint itself is case-sensitive (docs/schema.md).'
);
