-- Bootstrap: 03_definition_ledger
-- Purpose: one row per re-runnable definition file (sql/functions/*.sql, sql/views/*.sql) currently applied.
-- Idempotent: CREATE TABLE IF NOT EXISTS; never altered in place.
-- Revert: rows are removed by kv2rel.drop_definitions() together with the objects they name.

CREATE TABLE IF NOT EXISTS kv2rel.definition_ledger (
    kind text NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    objects text[] NOT NULL,
    apply_order integer NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by text NOT NULL DEFAULT session_user,
    applied_via text NOT NULL DEFAULT '',
    duration interval NOT NULL DEFAULT '0'::interval,
    CONSTRAINT definition_ledger_pkey PRIMARY KEY (kind, name),
    CONSTRAINT definition_ledger_kind_check CHECK (kind IN ('function', 'view')),
    CONSTRAINT definition_ledger_name_format_check CHECK (name ~ '^[a-z_][a-z0-9_]*$'),
    CONSTRAINT definition_ledger_checksum_format_check CHECK (checksum ~ '^[0-9a-f]{64}$'),
    CONSTRAINT definition_ledger_objects_not_empty_check CHECK (cardinality(objects) > 0)
);

COMMENT ON TABLE kv2rel.definition_ledger IS
'Re-runnable definitions (functions, views) currently applied, with the checksum of the file that created them.';
COMMENT ON COLUMN kv2rel.definition_ledger.kind IS 'function (sql/functions/) or view (sql/views/).';
COMMENT ON COLUMN kv2rel.definition_ledger.name IS 'File base name, which is also the name of the object it creates.';
COMMENT ON COLUMN kv2rel.definition_ledger.checksum IS 'sha256 (hex) of the definition file bytes as applied.';
COMMENT ON COLUMN kv2rel.definition_ledger.objects IS
'Identities of the objects the file created (regprocedure or regclass text), used to drop them on revert.';
COMMENT ON COLUMN kv2rel.definition_ledger.apply_order IS
'Position in the dependency-safe apply order; objects are dropped in reverse order.';
COMMENT ON COLUMN kv2rel.definition_ledger.applied_at IS 'Start of the transaction that applied the definition.';
COMMENT ON COLUMN kv2rel.definition_ledger.applied_by IS 'session_user that applied the definition.';
COMMENT ON COLUMN kv2rel.definition_ledger.applied_via IS 'application_name of the applying session.';
COMMENT ON COLUMN kv2rel.definition_ledger.duration IS 'Wall time spent applying the definition.';
COMMENT ON CONSTRAINT definition_ledger_kind_check ON kv2rel.definition_ledger IS
'Only functions and views are re-runnable definitions.';
COMMENT ON CONSTRAINT definition_ledger_name_format_check ON kv2rel.definition_ledger IS
'Definition names are lower_snake_case identifiers.';
COMMENT ON CONSTRAINT definition_ledger_checksum_format_check ON kv2rel.definition_ledger IS
'Checksums are lower-case hex sha256.';
COMMENT ON CONSTRAINT definition_ledger_objects_not_empty_check ON kv2rel.definition_ledger IS
'A definition file must create at least one object named after it.';
