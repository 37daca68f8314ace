-- Bootstrap: 10_record_definition
-- Purpose: record a definition file after it ran, with the objects it created; refuse files that create
--          nothing named after themselves (SQLSTATE K2004).
-- Idempotent: CREATE OR REPLACE.
-- Revert: never dropped by kv2rel.

CREATE OR REPLACE FUNCTION kv2rel.record_definition(
    p_kind text,
    p_name text,
    p_checksum text,
    p_apply_order integer
)
RETURNS kv2rel.definition_ledger
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_current_xid bigint := (pg_catalog.pg_current_xact_id()::text::bigint % 4294967296);
    v_objects text[];
    v_row kv2rel.definition_ledger;
    v_stale text;
BEGIN
    IF p_kind = 'function' THEN
        -- Only the routines this transaction created or replaced belong to the file; a routine of the same
        -- name recorded earlier but not re-created now is a stale overload (its signature changed): drop it.
        SELECT coalesce(array_agg(p.oid::regprocedure::text ORDER BY p.oid::regprocedure::text), ARRAY[]::text[])
          INTO v_objects
          FROM pg_catalog.pg_proc AS p
          JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
         WHERE p.proname = p_name
           AND n.nspname IN ('kv2rel', 'public')
           AND p.xmin::text::bigint = v_current_xid;
    ELSE
        v_objects := kv2rel.definition_objects(p_kind, p_name);
    END IF;

    IF cardinality(v_objects) = 0 THEN
        RAISE EXCEPTION 'definition file sql/%s/%.sql created no % named %',
            p_kind, p_name, p_kind, p_name
            USING ERRCODE = 'K2004',
                  HINT = 'One object per file, and the file is named after the object it creates.';
    END IF;

    FOR v_stale IN
        SELECT o.identity
          FROM kv2rel.definition_ledger AS d
         CROSS JOIN LATERAL unnest(d.objects) AS o (identity)
         WHERE d.kind = 'function'
           AND d.kind = p_kind
           AND d.name = p_name
           AND o.identity <> ALL (v_objects)
           AND to_regprocedure(o.identity) IS NOT NULL
    LOOP
        EXECUTE format('DROP ROUTINE %s', to_regprocedure(v_stale));
    END LOOP;

    INSERT INTO kv2rel.definition_ledger AS d (
        kind, name, checksum, objects, apply_order, applied_at, applied_by, applied_via, duration
    )
    VALUES (
        p_kind,
        p_name,
        p_checksum,
        v_objects,
        p_apply_order,
        now(),
        session_user,
        coalesce(current_setting('application_name', true), ''),
        clock_timestamp() - now()
    )
    ON CONFLICT ON CONSTRAINT definition_ledger_pkey DO UPDATE
       SET checksum = excluded.checksum,
           objects = excluded.objects,
           apply_order = excluded.apply_order,
           applied_at = excluded.applied_at,
           applied_by = excluded.applied_by,
           applied_via = excluded.applied_via,
           duration = excluded.duration
    RETURNING d.* INTO v_row;

    RETURN v_row;
END
$function$;

COMMENT ON FUNCTION kv2rel.record_definition(text, text, text, integer) IS
'Record (or re-record) a definition file with its checksum and the objects it created in this transaction; '
'drops overloads recorded earlier that the file no longer creates; raises K2004 when the file created no object '
'of its own name.';
