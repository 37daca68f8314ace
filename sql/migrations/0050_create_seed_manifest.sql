-- Migration: 0050_create_seed_manifest
-- Requires: none (schema kv2rel is created by the bootstrap)
-- Purpose: Create kv2rel.seed_manifest, the list of KV keys that `kv2rel seed` wrote with a hazard (docs/generator.md).
-- Revert: 0050_create_seed_manifest.revert.sql (drops the table; re-run kv2rel seed to regenerate it)
-- Transaction: yes
--
-- The generator (kv2rel.seed_kv_store) writes one row per (key, hazard, code) it injected, so tests of the data
-- migration can find every hazardous key exactly. Hazards recognisable from the key alone (non-UUID ids, colon
-- ids, ambiguous segments, the environment segment) are counted in the seed report but not listed here.

CREATE TABLE kv2rel.seed_manifest (
    kv_table regclass NOT NULL,
    key text NOT NULL,
    hazard text NOT NULL,
    code text NOT NULL,
    detail jsonb,
    CONSTRAINT seed_manifest_pkey PRIMARY KEY (kv_table, key, hazard, code),
    CONSTRAINT seed_manifest_hazard_format_check CHECK (hazard ~ '^[a-z][a-z_]*$'),
    CONSTRAINT seed_manifest_code_format_check CHECK (code ~ '^[a-z0-9][a-z0-9_]*$'),
    CONSTRAINT seed_manifest_detail_is_object_check CHECK (jsonb_typeof(detail) = 'object')
);

COMMENT ON TABLE kv2rel.seed_manifest IS
'Keys written by the KV generator (kv2rel seed) that carry a hazard of kv-store.md section 9, one row per '
'(key, hazard, code). The contract with the data migration is docs/generator.md.';
COMMENT ON COLUMN kv2rel.seed_manifest.kv_table IS 'The generated KV table.';
COMMENT ON COLUMN kv2rel.seed_manifest.key IS 'The KV key that carries the hazard.';
COMMENT ON COLUMN kv2rel.seed_manifest.hazard IS 'Hazard name, as in the --hazards shares (e.g. orphans).';
COMMENT ON COLUMN kv2rel.seed_manifest.code IS 'Which variant of the hazard (e.g. order_missing_site).';
COMMENT ON COLUMN kv2rel.seed_manifest.detail IS
'Optional facts for tests: group and winner for duplicates, the missing reference for orphans, the shared '
'natural key for duplicate natural keys.';
