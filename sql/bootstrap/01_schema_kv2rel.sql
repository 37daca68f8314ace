-- Bootstrap: 01_schema_kv2rel
-- Purpose: the machinery schema that holds the ledger and the functions a DBA calls.
-- Idempotent: runs before every apply, bundle and revert (under the apply lock).
-- Revert: never dropped by kv2rel; `DROP SCHEMA kv2rel CASCADE` removes every trace by hand.

CREATE SCHEMA IF NOT EXISTS kv2rel;

COMMENT ON SCHEMA kv2rel IS
'kv2rel machinery: migration ledger, classification and mapping rules, run accounting, checks. '
'Target relational tables live in public.';
