-- Bootstrap: 02_migration_ledger
-- Purpose: one row per applied versioned migration (sql/migrations/NNNN_name.sql).
-- Idempotent: CREATE TABLE IF NOT EXISTS; never altered in place.
-- Revert: rows are removed by kv2rel.forget_migration() when a migration is reverted.

CREATE TABLE IF NOT EXISTS kv2rel.migration_ledger (
    version text NOT NULL,
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by text NOT NULL DEFAULT session_user,
    applied_via text NOT NULL DEFAULT '',
    duration interval NOT NULL DEFAULT '0'::interval,
    CONSTRAINT migration_ledger_pkey PRIMARY KEY (version),
    CONSTRAINT migration_ledger_name_format_check CHECK (name ~ '^[0-9]{4}_[a-z0-9_]+$'),
    CONSTRAINT migration_ledger_name_matches_version_check CHECK (left(name, 4) = version),
    CONSTRAINT migration_ledger_checksum_format_check CHECK (checksum ~ '^[0-9a-f]{64}$'),
    CONSTRAINT migration_ledger_duration_nonnegative_check CHECK (duration >= '0'::interval)
);

COMMENT ON TABLE kv2rel.migration_ledger IS
'Versioned migrations applied to this database, one row each, written in the same transaction as the migration.';
COMMENT ON COLUMN kv2rel.migration_ledger.version IS 'Four-digit version, the NNNN of sql/migrations/NNNN_name.sql.';
COMMENT ON COLUMN kv2rel.migration_ledger.name IS 'File base name without .sql, e.g. 0003_create_clients.';
COMMENT ON COLUMN kv2rel.migration_ledger.description IS 'The "-- Purpose:" line of the migration header.';
COMMENT ON COLUMN kv2rel.migration_ledger.checksum IS 'sha256 (hex) of the migration file bytes as applied.';
COMMENT ON COLUMN kv2rel.migration_ledger.applied_at IS 'Start of the transaction that applied the migration.';
COMMENT ON COLUMN kv2rel.migration_ledger.applied_by IS 'session_user that applied the migration.';
COMMENT ON COLUMN kv2rel.migration_ledger.applied_via IS
'application_name of the applying session: kv2rel for the harness, psql for a bundle.';
COMMENT ON COLUMN kv2rel.migration_ledger.duration IS 'Wall time spent inside the migration transaction.';
COMMENT ON CONSTRAINT migration_ledger_name_format_check ON kv2rel.migration_ledger IS
'Names are NNNN_lower_snake_case.';
COMMENT ON CONSTRAINT migration_ledger_name_matches_version_check ON kv2rel.migration_ledger IS
'The name starts with its own version (with the name format, this makes every version four digits).';
COMMENT ON CONSTRAINT migration_ledger_checksum_format_check ON kv2rel.migration_ledger IS
'Checksums are lower-case hex sha256.';
COMMENT ON CONSTRAINT migration_ledger_duration_nonnegative_check ON kv2rel.migration_ledger IS
'A duration is never negative.';
