-- Revert: 0026_create_settings

DROP TABLE kv2rel.settings;
