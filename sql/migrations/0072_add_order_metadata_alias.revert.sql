-- Revert: 0072_add_order_metadata_alias

DELETE FROM kv2rel.field_map
WHERE entity = 'order' AND target_column = 'metadata' AND source_path = '{metadata}';
