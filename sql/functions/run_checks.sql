-- Function: kv2rel.run_checks
-- Purpose: run every verification check (each kv2rel.verify_* function returning SETOF kv2rel.assertion),
--          in name order, and return one row per assertion. A check that raises is reported as a failed
--          assertion naming the SQLSTATE, never as an aborted run.
-- Usage (psql): SELECT * FROM kv2rel.run_checks();

CREATE OR REPLACE FUNCTION kv2rel.run_checks(
    p_manifest jsonb DEFAULT NULL
)
RETURNS TABLE (
    check_name text,
    ok boolean,
    description text,
    diagnostics text
)
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_check record;
BEGIN
    FOR v_check IN
        SELECT p.oid::regproc::text AS fn,
               p.proname::text AS name,
               p.pronargs AS nargs
          FROM pg_catalog.pg_proc AS p
          JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
         WHERE n.nspname = 'kv2rel'
           AND p.proname LIKE 'verify\_%'
           AND p.proretset
           AND p.prorettype = 'kv2rel.assertion'::regtype
           AND (p.pronargs = 0 OR (p.pronargs = 1 AND p.proargtypes[0] = 'jsonb'::regtype))
         ORDER BY p.proname
    LOOP
        BEGIN
            IF v_check.nargs = 0 THEN
                RETURN QUERY EXECUTE format(
                    'SELECT %1$L::text, coalesce(a.ok, false),'
                    ' coalesce(a.description, %1$L || '' returned an assertion without a description''),'
                    ' a.diagnostics FROM %2$s() AS a',
                    v_check.name, v_check.fn
                );
            ELSE
                RETURN QUERY EXECUTE format(
                    'SELECT %1$L::text, coalesce(a.ok, false),'
                    ' coalesce(a.description, %1$L || '' returned an assertion without a description''),'
                    ' a.diagnostics FROM %2$s($1) AS a',
                    v_check.name, v_check.fn
                ) USING p_manifest;
            END IF;
        EXCEPTION
            WHEN OTHERS THEN
                check_name := v_check.name;
                ok := false;
                description := format('check %s runs without error', v_check.name);
                diagnostics := format('SQLSTATE %s: %s', SQLSTATE, SQLERRM);
                RETURN NEXT;
        END;
    END LOOP;
END
$function$;

COMMENT ON FUNCTION kv2rel.run_checks(jsonb) IS
'Run every kv2rel.verify_* check in name order; one row per assertion (ok, description, diagnostics). '
'p_manifest (passed by kv2rel verify) lists the package''s migration and definition checksums; '
'without it the ledger-versus-files assertions are skipped.';
