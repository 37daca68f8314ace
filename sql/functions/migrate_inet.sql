-- Function: kv2rel.migrate_inet
-- Purpose: the inet of a JSON scalar, or NULL when it is absent or not an IP address (never raises): the set-based
--          form of kv2rel.coerce(value, 'inet') used by the compiled mapping of kv2rel.migrate. No exception
--          block, so parallel queries (kv2rel.plan, the compiled mapping) can call it.
-- Usage (psql): SELECT kv2rel.migrate_inet('"10.0.0.1"'), kv2rel.migrate_inet('"unknown"');  -- 10.0.0.1, NULL

CREATE OR REPLACE FUNCTION kv2rel.migrate_inet(
    p_value jsonb
)
RETURNS inet
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    c_octet constant text := '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
    v_text text;
    v_address text;
    v_prefix integer;
    v_halves text[];
    v_groups text[];
    v_count integer := 0;
    v_half text;
BEGIN
    IF jsonb_typeof(p_value) NOT IN ('string', 'number', 'boolean') THEN
        RETURN NULL;
    END IF;
    -- No exception block (a subtransaction is refused while a parallel query runs, in the leader too): the text is
    -- validated first and only a well-formed address reaches the cast. Whatever the validator does not accept is
    -- NULL (conservative: e.g. leading zeros in an IPv4 octet).
    v_text := btrim(p_value #>> '{}', E' \t\n\r\f\x0B');
    IF v_text !~ '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$' THEN
        RETURN NULL;
    END IF;
    v_address := split_part(v_text, '/', 1);
    v_prefix := nullif(split_part(v_text, '/', 2), '')::integer;
    IF v_address ~ ('^(' || c_octet || '\.){3}' || c_octet || '$') THEN
        RETURN CASE WHEN v_prefix IS NULL OR v_prefix <= 32 THEN v_text::inet END;
    END IF;
    IF strpos(v_address, ':') = 0 OR v_prefix > 128 THEN
        RETURN NULL;
    END IF;
    -- IPv6: at most one '::'; groups of 1-4 hex digits; the last group may be a dotted IPv4 address (two groups);
    -- eight groups without '::', at most seven with it.
    v_halves := string_to_array(v_address, '::');
    IF coalesce(cardinality(v_halves), 0) NOT IN (1, 2) THEN
        RETURN NULL;
    END IF;
    FOR i IN 1 .. coalesce(cardinality(v_halves), 0) LOOP
        v_half := v_halves[i];
        CONTINUE WHEN v_half = '';
        v_groups := string_to_array(v_half, ':');
        FOR j IN 1 .. coalesce(cardinality(v_groups), 0) LOOP
            IF v_groups[j] ~ '^[0-9A-Fa-f]{1,4}$' THEN
                v_count := v_count + 1;
            ELSIF i = cardinality(v_halves) AND j = cardinality(v_groups)
                AND v_groups[j] ~ ('^(' || c_octet || '\.){3}' || c_octet || '$') THEN
                v_count := v_count + 2;
            ELSE
                RETURN NULL;
            END IF;
        END LOOP;
    END LOOP;
    IF (cardinality(v_halves) = 1 AND v_count <> 8) OR (cardinality(v_halves) = 2 AND v_count > 7) THEN
        RETURN NULL;
    END IF;
    RETURN v_text::inet;
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_inet(jsonb) IS
'inet of a JSON scalar holding an IPv4/IPv6 address (optionally with /prefix); NULL for anything else, e.g. '
'"unknown" (never raises). Same result as kv2rel.coerce(value, ''inet'').';
