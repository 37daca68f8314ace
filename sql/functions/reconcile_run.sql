-- Function: kv2rel.reconcile_run
-- Purpose: the run the verification checks look at: p_run_id when given (it must exist, K2701), else the latest
--          completed run of kind migrate (NULL when there is none, e.g. on an empty database).
-- Usage (psql): SELECT kv2rel.reconcile_run();   SELECT kv2rel.reconcile_run(3);

CREATE OR REPLACE FUNCTION kv2rel.reconcile_run(
    p_run_id bigint DEFAULT NULL
)
RETURNS bigint
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_run bigint;
BEGIN
    IF p_run_id IS NOT NULL THEN
        SELECT r.run_id INTO v_run FROM kv2rel.runs AS r WHERE r.run_id = p_run_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no migration run %', p_run_id
                USING ERRCODE = 'K2701', HINT = 'Runs are listed in kv2rel.runs; pass NULL for the latest completed run.';
        END IF;
        RETURN v_run;
    END IF;
    SELECT max(r.run_id) INTO v_run FROM kv2rel.runs AS r WHERE r.status = 'completed' AND r.kind = 'migrate';
    RETURN v_run;
END
$function$;

COMMENT ON FUNCTION kv2rel.reconcile_run(bigint) IS
'The run a check looks at: p_run_id (must exist, K2701), else the latest completed migrate run, else NULL.';
