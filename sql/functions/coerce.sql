-- Function: kv2rel.coerce
-- Purpose: turn one source JSON value into a column value by a named coercion (kv2rel.field_map.coercion),
--          returning the value and, when the source is present but unusable, the reason. Never raises for bad
--          data: a refused value is (NULL, reason), so one bad field never kills a batch. Absent sources (SQL
--          NULL, JSON null, empty or blank string) give (NULL, NULL).
-- Usage (psql): SELECT * FROM kv2rel.coerce('"1739612345"', 'timestamptz');
--               -- (NULL, 'looks like epoch seconds; only epoch milliseconds are accepted')
--
-- p_record is the whole source object (multiply:<field> reads the other factor from it); p_scope is the legacy
-- id of the scope for ref:<entity>@<column> (employees are identified per site). Output values are JSON:
-- timestamps as ISO 8601 UTC strings, dates as YYYY-MM-DD, UUIDs as strings, arrays as JSON arrays. An unknown
-- coercion name is a programming error and raises K2205.

CREATE OR REPLACE FUNCTION kv2rel.coerce(
    p_value jsonb,
    p_coercion text,
    p_record jsonb DEFAULT NULL,
    p_scope text DEFAULT NULL,
    OUT value jsonb,
    OUT reason text
)
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    c_uuid CONSTANT text := '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$';
    v_arg text := substring(p_coercion FROM ':(.*)$');
    v_bool boolean;
    v_kind text := split_part(p_coercion, ':', 1);
    v_mapped jsonb;
    v_name record;
    v_number numeric;
    v_factor numeric;
    v_scope_column text;
    v_target_entity text;
    v_text text;
    v_ts timestamptz;
    v_type text := jsonb_typeof(p_value);
BEGIN
    IF p_coercion IS NULL OR p_coercion !~ ('^(text|upper|lower|timestamptz|date|boolean|numeric|integer|jsonb'
        '|jsonb_object|jsonb_array|text_array|uuid|inet|first_name|last_name|active_flag|all_flag|address'
        '|validation_methods|member|flag:[a-z_]+|multiply:[A-Za-z0-9_]+|ref:[a-z][a-z0-9_]*(@[a-z_][a-z0-9_]*)?'
        '|ref_array:[a-z][a-z0-9_]*)$') THEN
        RAISE EXCEPTION 'unknown coercion %', coalesce(quote_literal(p_coercion), 'NULL')
            USING ERRCODE = 'K2205',
                  HINT = 'See the coercion list in docs/mapping.md (COMMENT ON COLUMN kv2rel.field_map.coercion).';
    END IF;
    IF v_type IS NULL OR v_type = 'null' OR (v_type = 'string' AND btrim(p_value #>> '{}', E' \t\n\r\f\x0B') = '') THEN
        RETURN;  -- absent: nothing to map, nothing wrong
    END IF;
    IF v_type IN ('string', 'number', 'boolean') THEN
        v_text := btrim(p_value #>> '{}', E' \t\n\r\f\x0B');
    END IF;

    CASE v_kind
        WHEN 'jsonb', 'member' THEN
            value := p_value;
        WHEN 'text', 'upper', 'lower' THEN
            IF v_text IS NULL THEN
                reason := format('expected text, got a JSON %s', v_type);
            ELSE
                value := to_jsonb(CASE v_kind WHEN 'upper' THEN upper(v_text) WHEN 'lower' THEN lower(v_text)
                                  ELSE v_text END);
            END IF;
        WHEN 'timestamptz', 'date' THEN
            v_ts := kv2rel.to_timestamptz_lenient(p_value);
            IF v_ts IS NOT NULL THEN
                value := to_jsonb(CASE v_kind
                                      WHEN 'date' THEN to_char(v_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD')
                                      ELSE to_char(v_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                                  END);
            ELSIF v_text ~ '^[0-9]{9,10}(\.[0-9]+)?$' THEN
                reason := 'looks like epoch seconds; only epoch milliseconds are accepted';
            ELSIF v_text ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$' THEN
                reason := 'date-time without a time-zone offset is not guessed';
            ELSIF v_text ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN
                reason := 'not a valid calendar date or time';
            ELSE
                reason := 'not a recognised date form (ISO 8601 with Z or offset, YYYY-MM-DD, or epoch milliseconds)';
            END IF;
        WHEN 'boolean', 'active_flag', 'flag' THEN
            v_bool := kv2rel.to_boolean_lenient(p_value);
            IF v_bool IS NULL THEN
                reason := 'not a recognised boolean (true/false, yes/no, 1/0)';
            ELSIF v_kind = 'boolean' THEN
                value := to_jsonb(v_bool);
            ELSIF v_kind = 'active_flag' THEN
                value := to_jsonb(CASE WHEN v_bool THEN 'active' ELSE 'inactive' END);
            ELSIF v_bool THEN
                value := to_jsonb(v_arg);  -- flag:<value>: the value when true; false means "not flagged"
            END IF;
        WHEN 'numeric', 'integer', 'multiply' THEN
            v_number := kv2rel.to_numeric_lenient(p_value);
            IF v_number IS NULL THEN
                reason := 'not a plain number (separators, currency signs and units are not guessed)';
            ELSIF v_kind = 'integer' AND v_number <> trunc(v_number) THEN
                reason := 'not a whole number';
            ELSIF v_kind = 'integer' AND v_number NOT BETWEEN -2147483648 AND 2147483647 THEN
                reason := 'outside the integer range';
            ELSIF v_kind = 'integer' THEN
                value := to_jsonb(v_number::integer);
            ELSIF v_kind = 'multiply' THEN
                v_factor := CASE
                                WHEN p_record -> v_arg IS NULL OR p_record -> v_arg = 'null'::jsonb THEN 1
                                ELSE kv2rel.to_numeric_lenient(p_record -> v_arg)
                            END;
                IF v_factor IS NULL THEN
                    reason := format('the factor %s is not a plain number', v_arg);
                ELSE
                    value := to_jsonb(v_number * v_factor);
                END IF;
            ELSE
                value := to_jsonb(v_number);
            END IF;
        WHEN 'jsonb_object' THEN
            IF v_type = 'object' THEN
                value := p_value;
            ELSIF kv2rel.json_object_from_text(p_value) IS NOT NULL THEN
                value := kv2rel.json_object_from_text(p_value);  -- a JSON object written as a string
            ELSE
                reason := format('expected a JSON object, got a JSON %s', v_type);
            END IF;
        WHEN 'jsonb_array', 'text_array' THEN
            IF v_type = 'string' THEN
                -- A comma string is the documented writer form (bulk import features "LED, dimmable").
                SELECT coalesce(jsonb_agg(btrim(p.part, E' \t\n\r\f\x0B') ORDER BY p.n), '[]'::jsonb)
                  INTO value
                  FROM unnest(string_to_array(v_text, ',')) WITH ORDINALITY AS p (part, n)
                 WHERE btrim(p.part, E' \t\n\r\f\x0B') <> '';
            ELSIF v_type = 'array' AND v_kind = 'jsonb_array' THEN
                value := p_value;
            ELSIF v_type = 'array' THEN
                IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_value) AS e
                            WHERE jsonb_typeof(e) NOT IN ('string', 'number', 'boolean')) THEN
                    reason := 'an array element is not text';
                ELSE
                    SELECT coalesce(jsonb_agg(btrim(e.v, E' \t\n\r\f\x0B') ORDER BY e.n), '[]'::jsonb)
                      INTO value
                      FROM jsonb_array_elements_text(p_value) WITH ORDINALITY AS e (v, n)
                     WHERE btrim(e.v, E' \t\n\r\f\x0B') <> '';
                END IF;
            ELSE
                reason := format('expected a JSON array or a comma-separated string, got a JSON %s', v_type);
            END IF;
        WHEN 'uuid' THEN
            IF v_text ~ c_uuid THEN
                value := to_jsonb(lower(v_text));
            ELSE
                reason := 'not a UUID';
            END IF;
        WHEN 'inet' THEN
            IF v_text IS NULL THEN
                reason := format('expected an IP address, got a JSON %s', v_type);
            ELSE
                BEGIN
                    -- a single host is written without its /32 (/128) mask
                    value := to_jsonb(CASE WHEN masklen(v_text::inet) = CASE family(v_text::inet) WHEN 4 THEN 32
                                                                        ELSE 128 END
                                           THEN host(v_text::inet) ELSE v_text::inet::text END);
                EXCEPTION
                    WHEN invalid_text_representation THEN
                        reason := 'not an IP address';
                END;
            END IF;
        WHEN 'first_name', 'last_name' THEN
            IF v_type <> 'string' THEN
                reason := format('expected a full name, got a JSON %s', v_type);
            ELSE
                SELECT * INTO v_name FROM kv2rel.split_full_name(v_text);
                IF v_name.first_name IS NULL AND v_name.last_name IS NULL THEN
                    reason := 'a full name of three or more words (or with several commas) is not split';
                ELSE
                    value := to_jsonb(CASE v_kind WHEN 'first_name' THEN v_name.first_name
                                      ELSE v_name.last_name END);
                END IF;
            END IF;
        WHEN 'all_flag' THEN
            IF v_type = 'array' THEN
                value := 'false'::jsonb;
            ELSIF lower(v_text) = 'all' THEN
                value := 'true'::jsonb;
            ELSE
                reason := 'expected the string all or an array of ids';
            END IF;
        WHEN 'ref', 'ref_array' THEN
            v_target_entity := split_part(v_arg, '@', 1);
            v_scope_column := nullif(split_part(v_arg, '@', 2), '');
            IF v_kind = 'ref_array' THEN
                IF v_type = 'array' THEN
                    IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_value) AS e
                                WHERE jsonb_typeof(e) NOT IN ('string', 'number')) THEN
                        reason := 'an array element is not an id';
                    ELSE
                        SELECT coalesce(jsonb_agg(kv2rel.legacy_uuid(v_target_entity, e.v) ORDER BY e.n), '[]')
                          INTO value
                          FROM jsonb_array_elements_text(p_value) WITH ORDINALITY AS e (v, n)
                         WHERE btrim(e.v, E' \t\n\r\f\x0B') <> '';
                    END IF;
                ELSIF lower(v_text) IS DISTINCT FROM 'all' THEN
                    reason := format('expected an array of %s ids', v_target_entity);
                END IF;
            ELSIF v_type NOT IN ('string', 'number') THEN
                reason := format('expected a %s id, got a JSON %s', v_target_entity, v_type);
            ELSIF v_scope_column IS NOT NULL AND v_text !~ c_uuid AND p_scope IS NULL THEN
                reason := format('%s ids are only unique per %s, and no %s is known', v_target_entity,
                                 v_scope_column, v_scope_column);
            ELSE
                value := to_jsonb(kv2rel.legacy_uuid(
                    v_target_entity,
                    CASE WHEN v_scope_column IS NOT NULL AND v_text !~ c_uuid THEN p_scope || ':' || v_text
                         ELSE v_text END
                ));
            END IF;
        WHEN 'address' THEN
            IF v_type = 'object' THEN
                v_mapped := kv2rel.map_fields('shipping_address', p_value);
                value := (v_mapped -> 'columns') || coalesce(v_mapped -> 'extra', '{}'::jsonb);
            ELSE
                reason := format('expected an address object, got a JSON %s', v_type);
            END IF;
        WHEN 'validation_methods' THEN
            IF v_type = 'string' THEN
                value := jsonb_build_array(jsonb_build_object('type', v_text, 'enabled', TRUE));
            ELSIF v_type = 'object' AND p_value ? 'type' THEN
                value := jsonb_build_array(p_value);
            ELSIF v_type = 'array' AND NOT EXISTS (
                SELECT 1 FROM jsonb_array_elements(p_value) AS e
                 WHERE NOT (jsonb_typeof(e) = 'string' OR (jsonb_typeof(e) = 'object' AND e ? 'type'))
            ) THEN
                SELECT coalesce(jsonb_agg(CASE jsonb_typeof(e.v)
                                              WHEN 'string' THEN jsonb_build_object('type', e.v #>> '{}',
                                                                                    'enabled', TRUE)
                                              ELSE e.v
                                          END ORDER BY e.n), '[]'::jsonb)
                  INTO value
                  FROM jsonb_array_elements(p_value) WITH ORDINALITY AS e (v, n);
            ELSE
                reason := 'expected a method name, a {type} object, or an array of them';
            END IF;
    END CASE;
END
$function$;

COMMENT ON FUNCTION kv2rel.coerce(jsonb, text, jsonb, text) IS
'(value, reason) of source value p_value under coercion p_coercion (see kv2rel.field_map.coercion): the JSON '
'column value, or NULL with the reason when the source is present but not usable; (NULL, NULL) when absent. '
'Never raises for bad data; raises K2205 for an unknown coercion.';
