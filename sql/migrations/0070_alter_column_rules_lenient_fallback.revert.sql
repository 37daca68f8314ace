-- Revert: 0070_alter_column_rules_lenient_fallback

DELETE FROM kv2rel.column_rules
WHERE lenient AND NOT required AND default_value IS NULL;

ALTER TABLE kv2rel.column_rules
DROP CONSTRAINT column_rules_fallback_needs_required_check,
DROP CONSTRAINT column_rules_fallback_column_format_check,
DROP CONSTRAINT column_rules_required_or_default_check,
ADD CONSTRAINT column_rules_required_or_default_check CHECK (required OR default_value IS NOT NULL),
DROP COLUMN fallback_column,
DROP COLUMN lenient;

COMMENT ON CONSTRAINT column_rules_required_or_default_check ON kv2rel.column_rules IS
'A row says something: the column is required, or it has a default.';
