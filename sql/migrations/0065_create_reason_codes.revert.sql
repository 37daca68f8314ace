-- Revert: 0065_create_reason_codes

DROP TABLE kv2rel.reason_codes;
