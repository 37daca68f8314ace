-- Bootstrap: 04_assertion
-- Purpose: the row type every verification check returns (one row per assertion).
-- Idempotent: created only when absent.
-- Revert: never dropped by kv2rel.

DO $bootstrap$
BEGIN
    IF to_regtype('kv2rel.assertion') IS NULL THEN
        CREATE TYPE kv2rel.assertion AS (
            ok boolean,
            description text,
            diagnostics text
        );
    END IF;
END
$bootstrap$;

COMMENT ON TYPE kv2rel.assertion IS
'One verification assertion: ok, a description of what must hold, and diagnostics naming the culprit when not ok.';
COMMENT ON COLUMN kv2rel.assertion.ok IS 'true when the assertion holds.';
COMMENT ON COLUMN kv2rel.assertion.description IS 'What must hold, in words (the TAP line).';
COMMENT ON COLUMN kv2rel.assertion.diagnostics IS 'When not ok: what was found, naming the culprits.';
