-- Revert: 0050_create_seed_manifest

DROP TABLE kv2rel.seed_manifest;
