-- Function: kv2rel.seed_mask
-- Purpose: the bit mask of a list of hazard names (bit k-1 for the k-th name of kv2rel.seed_hazard_names()).
--          Generator statements tag each logical record with the mask of the hazards it was eligible for, so the
--          report can state "injected n of m eligible". Called with constant arrays, it is folded at plan time.
-- Usage (psql): SELECT kv2rel.seed_mask(ARRAY['orphans', 'whitespace']);
-- requires: seed_hazard_names

CREATE OR REPLACE FUNCTION kv2rel.seed_mask(
    p_hazards text[]
)
RETURNS bigint
IMMUTABLE
PARALLEL SAFE
LANGUAGE plpgsql
AS $function$
DECLARE
    v_mask bigint := 0;
    v_name text;
    v_names text[] := kv2rel.seed_hazard_names();
    v_pos integer;
BEGIN
    FOREACH v_name IN ARRAY COALESCE(p_hazards, '{}'::text[]) LOOP
        v_pos := pg_catalog.array_position(v_names, v_name);
        IF v_pos IS NULL THEN
            RAISE EXCEPTION 'unknown hazard name: %', v_name
                USING ERRCODE = 'K2101',
                      HINT = 'Known hazards: ' || pg_catalog.array_to_string(v_names, ', ');
        END IF;
        v_mask := v_mask | (1::bigint << (v_pos - 1));
    END LOOP;
    RETURN v_mask;
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_mask(text[]) IS
'KV generator: bit mask of hazard names in kv2rel.seed_hazard_names() order; raises K2101 on an unknown name.';
