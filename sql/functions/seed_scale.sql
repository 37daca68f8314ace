-- Function: kv2rel.seed_scale
-- Purpose: the entity counts of a generator scale. 'small' is the reference sample (5 clients, 12 sites,
--          3 catalogs, 1,500 products, 250 employees, 100 orders); 'projected' the year-3 projection (200 clients,
--          1,000 sites, 100 catalogs, 200,000 products, 50,000 employees, 600,000 orders); a positive integer N is
--          a total-row target: every projected count is scaled by N / (rows of a default-hazard projected store),
--          with a floor of 1 per entity. Errors are K2101 with a hint.
-- Usage (psql): SELECT kv2rel.seed_scale('small');  SELECT kv2rel.seed_scale('20000');

CREATE OR REPLACE FUNCTION kv2rel.seed_scale(
    p_scale text
)
RETURNS jsonb
IMMUTABLE
PARALLEL SAFE
LANGUAGE plpgsql
AS $function$
DECLARE
    -- rows written by seed_kv_store at scale 'projected' with the default hazards (measured; any seed)
    v_projected_rows constant numeric := 1097000;
    v_max_rows constant bigint := 20000000;
    v_hint constant text := 'Use small, projected, or a whole number of rows from 1 to 20000000.';
    v_projected constant jsonb := '{"clients": 200, "sites": 1000, "catalogs": 100, "products": 200000,
        "employees": 50000, "orders": 600000, "admins": 150, "roles": 40, "audit": 20000, "celebrations": 5000}';
    v_factor numeric;
    v_result jsonb;
    v_rows numeric;
BEGIN
    IF p_scale = 'small' THEN
        RETURN '{"scale": "small", "clients": 5, "sites": 12, "catalogs": 3, "products": 1500, "employees": 250,
            "orders": 100, "admins": 8, "roles": 4, "audit": 60, "celebrations": 20}'::jsonb;
    END IF;
    IF p_scale = 'projected' THEN
        RETURN v_projected || '{"scale": "projected"}'::jsonb;
    END IF;
    IF p_scale IS NULL OR p_scale !~ '^\s*[+-]?[0-9]+\s*$' THEN
        RAISE EXCEPTION 'invalid scale: % (expected small, projected or a positive whole number of rows)',
            COALESCE(pg_catalog.quote_literal(p_scale), 'NULL')
            USING ERRCODE = 'K2101', HINT = v_hint;
    END IF;
    v_rows := pg_catalog.btrim(p_scale)::numeric;
    IF v_rows < 1 OR v_rows > v_max_rows THEN
        RAISE EXCEPTION 'invalid scale: % (the row target must be from 1 to %)', pg_catalog.btrim(p_scale), v_max_rows
            USING ERRCODE = 'K2101', HINT = v_hint;
    END IF;
    v_factor := v_rows / v_projected_rows;
    SELECT pg_catalog.jsonb_object_agg(e.key, GREATEST(1, pg_catalog.round(e.value::text::numeric * v_factor)))
      INTO v_result
      FROM pg_catalog.jsonb_each(v_projected) AS e;
    RETURN v_result || pg_catalog.jsonb_build_object('scale', pg_catalog.btrim(p_scale), 'target_rows', v_rows);
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_scale(text) IS
'KV generator: entity counts for scale small, projected, or a total-row target N (projected scaled by '
'N / rows of the projected store, floor 1). Raises K2101 on anything else.';
