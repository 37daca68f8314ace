-- Revert: 0062_create_quarantine

DROP TABLE kv2rel.quarantine;
