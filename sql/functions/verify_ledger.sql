-- Function: kv2rel.verify_ledger
-- Purpose: structural assertions on the ledger: every migration file applied and unchanged, every applied
--          migration still has its file, every definition file applied with its current checksum.
-- Usage (psql): SELECT * FROM kv2rel.verify_ledger('<manifest json from kv2rel status --format json>');

CREATE OR REPLACE FUNCTION kv2rel.verify_ledger(
    p_manifest jsonb DEFAULT NULL
)
RETURNS SETOF kv2rel.assertion
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_list text;
BEGIN
    IF p_manifest IS NULL THEN
        RETURN NEXT ROW(
            true,
            'ledger compared with the package files (skipped: no manifest given)',
            'kv2rel verify passes the manifest of the installed package'
        )::kv2rel.assertion;
        RETURN;
    END IF;

    SELECT string_agg(f.name, ', ' ORDER BY f.version)
      INTO v_list
      FROM jsonb_to_recordset(p_manifest -> 'migrations') AS f (version text, name text, checksum text)
     WHERE NOT EXISTS (SELECT 1 FROM kv2rel.migration_ledger AS l WHERE l.version = f.version);
    RETURN NEXT ROW(v_list IS NULL, 'every migration file is applied', 'pending: ' || v_list)::kv2rel.assertion;

    SELECT string_agg(
               format('%s (ledger sha256 %s, file sha256 %s)', l.name, l.checksum, f.checksum), '; '
               ORDER BY l.version
           )
      INTO v_list
      FROM jsonb_to_recordset(p_manifest -> 'migrations') AS f (version text, name text, checksum text)
      JOIN kv2rel.migration_ledger AS l ON l.version = f.version
     WHERE l.checksum <> f.checksum
        OR l.name <> f.name;
    RETURN NEXT ROW(
        v_list IS NULL, 'no applied migration differs from its file (drift)', 'drifted: ' || v_list
    )::kv2rel.assertion;

    SELECT string_agg(l.name, ', ' ORDER BY l.version)
      INTO v_list
      FROM kv2rel.migration_ledger AS l
     WHERE NOT EXISTS (
            SELECT 1
              FROM jsonb_to_recordset(p_manifest -> 'migrations') AS f (version text, name text, checksum text)
             WHERE f.version = l.version
           );
    RETURN NEXT ROW(
        v_list IS NULL, 'every applied migration still has its file', 'applied but missing: ' || v_list
    )::kv2rel.assertion;

    SELECT string_agg(f.kind || ' ' || f.name, ', ' ORDER BY f.kind, f.name)
      INTO v_list
      FROM jsonb_to_recordset(p_manifest -> 'definitions') AS f (kind text, name text, checksum text)
     WHERE NOT EXISTS (
            SELECT 1
              FROM kv2rel.definition_ledger AS d
             WHERE d.kind = f.kind
               AND d.name = f.name
               AND d.checksum = f.checksum
           );
    RETURN NEXT ROW(
        v_list IS NULL, 'every function and view file is applied with its current checksum', 'not current: ' || v_list
    )::kv2rel.assertion;
END
$function$;

COMMENT ON FUNCTION kv2rel.verify_ledger(jsonb) IS
'Assertions comparing kv2rel.migration_ledger and kv2rel.definition_ledger with a package manifest '
'({"migrations": [{version, name, checksum}], "definitions": [{kind, name, checksum}]}).';
