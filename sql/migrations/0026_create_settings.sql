-- Migration: 0026_create_settings
-- Requires: 0025_create_value_map
-- Purpose: Create kv2rel.settings, named configuration values (the KV table to read, the secret-key pattern).
-- Revert: 0026_create_settings.revert.sql (drops the table; DBA edits are lost)
-- Transaction: yes

CREATE TABLE kv2rel.settings (
    name text NOT NULL,
    value text NOT NULL,
    description text NOT NULL,
    CONSTRAINT settings_pkey PRIMARY KEY (name),
    CONSTRAINT settings_name_format_check CHECK (name ~ '^[a-z][a-z0-9_]{0,62}$')
);

COMMENT ON TABLE kv2rel.settings IS
'Named kv2rel configuration values, read with kv2rel.setting(name). Editable by the DBA.';
COMMENT ON COLUMN kv2rel.settings.name IS 'Setting name, lower snake_case.';
COMMENT ON COLUMN kv2rel.settings.value IS 'Setting value as text.';
COMMENT ON COLUMN kv2rel.settings.description IS 'What the setting controls.';
COMMENT ON CONSTRAINT settings_pkey ON kv2rel.settings IS 'One row per setting.';
COMMENT ON CONSTRAINT settings_name_format_check ON kv2rel.settings IS 'Setting names are lower snake_case.';

INSERT INTO kv2rel.settings (name, value, description)
VALUES
(
    'kv_table', 'public.kv_store_6fcaeea3',
    'KV table read by view kv2rel.kv_classification (a name to_regclass resolves, may be schema-qualified).'
),
(
    'secret_key_regex',
    '^(credentials|password|passwd|secret|client_?secret|signing_?secret|api_?key|access_?token'
    || '|refresh_?token|auth_?token|token|authorization|private_?key|s?ftp_?password)$',
    'Case-insensitive pattern of JSON keys whose values are secrets (same list as the no_secrets CHECKs of the '
    || 'target tables). kv2rel.map_fields never copies them into general JSON columns.'
);
