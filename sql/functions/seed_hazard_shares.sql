-- Function: kv2rel.seed_hazard_shares
-- Purpose: validate the generator's --hazards argument and return the complete share object (one number in
--          [0, 1] per hazard of kv2rel.seed_hazard_names()). Accepts NULL or "default" (the documented defaults),
--          "none" (every share 0: a clean store), or a JSON object of overrides applied on top of the defaults;
--          the key "*" sets every share first, e.g. {"*": 0, "orphans": 0.2}. Errors are K2101 with a hint.
-- Usage (psql): SELECT kv2rel.seed_hazard_shares('{"orphans": 0.2}');
-- requires: seed_hazard_names

CREATE OR REPLACE FUNCTION kv2rel.seed_hazard_shares(
    p_hazards jsonb DEFAULT NULL
)
RETURNS jsonb
IMMUTABLE
PARALLEL SAFE
LANGUAGE plpgsql
AS $function$
DECLARE
    v_defaults constant jsonb := '{
        "duplicates": 0.03, "ambiguous_segments": 0.25, "colon_ids": 0.5, "id_mismatch": 0.02,
        "non_uuid_ids": 0.6, "mixed_naming": 0.05, "aliases": 0.05, "index_drift": 0.02, "orphans": 0.03,
        "bad_enums": 0.03, "constraint_traps": 0.03, "duplicate_natural_keys": 0.02, "type_variance": 0.05,
        "missing_fields": 0.03, "timestamp_formats": 0.05, "soft_deletes": 0.03, "ephemeral_keys": 0.05,
        "secret_keys": 0.3, "environments": 0.3, "whitespace": 0.03, "unknown_keys": 0.2
    }';
    v_hint constant text := 'Use default, none, or a JSON object such as {"orphans": 0.2} whose keys are hazard '
        || 'names (or "*" for all) and whose values are numbers from 0 to 1. Hazards: '
        || pg_catalog.array_to_string(kv2rel.seed_hazard_names(), ', ');
    v_name text;
    v_result jsonb;
    v_value jsonb;
BEGIN
    IF p_hazards IS NULL OR p_hazards = '"default"'::jsonb THEN
        RETURN v_defaults;
    END IF;
    IF p_hazards = '"none"'::jsonb THEN
        SELECT pg_catalog.jsonb_object_agg(n.name, 0) INTO v_result
          FROM pg_catalog.unnest(kv2rel.seed_hazard_names()) AS n (name);
        RETURN v_result;
    END IF;
    IF pg_catalog.jsonb_typeof(p_hazards) <> 'object' THEN
        RAISE EXCEPTION 'invalid hazards argument: %', p_hazards::text
            USING ERRCODE = 'K2101', HINT = v_hint;
    END IF;
    v_result := v_defaults;
    FOR v_name, v_value IN SELECT e.key, e.value FROM pg_catalog.jsonb_each(p_hazards) AS e ORDER BY e.key LOOP
        IF v_name <> '*' AND NOT v_name = ANY (kv2rel.seed_hazard_names()) THEN
            RAISE EXCEPTION 'unknown hazard name: %', v_name
                USING ERRCODE = 'K2101', HINT = v_hint;
        END IF;
        IF pg_catalog.jsonb_typeof(v_value) <> 'number' OR v_value::text::numeric NOT BETWEEN 0 AND 1 THEN
            RAISE EXCEPTION 'hazard share out of range: % = % (a share is a number from 0 to 1)',
                v_name, v_value::text
                USING ERRCODE = 'K2101', HINT = v_hint;
        END IF;
    END LOOP;
    IF p_hazards ? '*' THEN
        SELECT pg_catalog.jsonb_object_agg(n.name, p_hazards -> '*') INTO v_result
          FROM pg_catalog.unnest(kv2rel.seed_hazard_names()) AS n (name);
    END IF;
    RETURN v_result || (p_hazards - '*');
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_hazard_shares(jsonb) IS
'KV generator: the validated hazard shares (NULL/"default", "none", or an object of overrides; "*" sets all). '
'Raises K2101 naming an unknown hazard or a share outside 0..1. Defaults are listed in docs/generator.md.';
