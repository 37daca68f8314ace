-- Migration: 0070_alter_column_rules_lenient_fallback
-- Requires: 0069_create_compiled_cache
-- Purpose: Add kv2rel.column_rules.lenient and fallback_column: refused present values block, fallbacks unblock.
-- Revert: 0070_alter_column_rules_lenient_fallback.revert.sql (drops both columns and the lenient-only rows)
-- Transaction: yes
--
-- General rule (docs/mapping.md): a present source value that no source of its column can coerce blocks the
-- record (quarantined, naming the column and the offending value) instead of silently becoming NULL. Columns
-- marked lenient are the documented exceptions: the refused value leaves the column NULL and stays in extra.
-- fallback_column: a required column that a kv2rel.derived_columns rule fills from another column of the row
-- (legacy_id: every migrated record has one) does not block the record when that column has a value.

ALTER TABLE kv2rel.column_rules
ADD COLUMN lenient boolean NOT NULL DEFAULT FALSE,
ADD COLUMN fallback_column text,
DROP CONSTRAINT column_rules_required_or_default_check,
ADD CONSTRAINT column_rules_required_or_default_check CHECK (required OR default_value IS NOT NULL OR lenient),
ADD CONSTRAINT column_rules_fallback_column_format_check CHECK (fallback_column ~ '^[a-z_][a-z0-9_]*$'),
ADD CONSTRAINT column_rules_fallback_needs_required_check CHECK (fallback_column IS NULL OR required);

COMMENT ON COLUMN kv2rel.column_rules.lenient IS
'TRUE: a present value that no source can coerce leaves the column NULL (reported, kept in extra); FALSE (the '
'rule): such a record is quarantined naming the column and the value.';
COMMENT ON COLUMN kv2rel.column_rules.fallback_column IS
'Required column filled by a kv2rel.derived_columns rule from this column of the row when no source is usable; '
'the record is not blocked when fallback_column has a value (legacy_id always has). NULL: no fallback.';
COMMENT ON CONSTRAINT column_rules_required_or_default_check ON kv2rel.column_rules IS
'A row says something: the column is required, has a default, or is lenient.';
COMMENT ON CONSTRAINT column_rules_fallback_column_format_check ON kv2rel.column_rules IS
'Fallback columns are unquoted lower-case identifiers.';
COMMENT ON CONSTRAINT column_rules_fallback_needs_required_check ON kv2rel.column_rules IS
'Only a required column needs a fallback.';

INSERT INTO kv2rel.column_rules (entity, target_column, required, lenient, note)
VALUES
(
    'audit_log', 'user_id', FALSE, TRUE,
    'Security audit entries log userId "anonymous" and legacy admin ids: no user (NULL), the id stays in extra.'
),
(
    'audit_log', 'entity_id', FALSE, TRUE,
    'resourceId holds legacy ids of any entity, not only UUIDs: NULL, the id stays in extra.'
),
('audit_log', 'ip_address', FALSE, TRUE, 'Security audit entries log ip "unknown": no address (NULL), kept in extra.'),
(
    'product', 'specifications', FALSE, TRUE,
    'generator.md specifications_as_string: a specification string is kept as text in extra, the column stays {}.'
),
(
    'employee', 'first_name', FALSE, TRUE,
    'Names of three or more words are not split (never guessed); the whole name is kept in full_name.'
),
(
    'employee', 'last_name', FALSE, TRUE,
    'Names of three or more words are not split (never guessed); the whole name is kept in full_name.'
);
