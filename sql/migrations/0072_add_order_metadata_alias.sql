-- Migration: 0072_add_order_metadata_alias
-- Requires: 0071_add_fallback_rules
-- Purpose: orders.metadata through coercion jsonb_object, which also reads a JSON string holding an object.
-- Revert: 0072_add_order_metadata_alias.revert.sql (deletes the row; the generic jsonb source applies again)
-- Transaction: yes
--
-- generator.md metadata_as_string: CRUD orders wrote "metadata": "{\"source\": ...}". The generic source of a jsonb
-- column takes the value as it is, and the string then broke orders_metadata_is_object_check. The explicit row
-- replaces the generic own-name source: an object is kept, a string holding a JSON object is parsed
-- (kv2rel.json_object_from_text), anything else is refused (and blocks the record, docs/mapping.md).

INSERT INTO kv2rel.field_map (entity, target_column, source_path, precedence, coercion, note)
VALUES ('order', 'metadata', '{metadata}', 10, 'jsonb_object', 'generator.md metadata_as_string: JSON in a string');
