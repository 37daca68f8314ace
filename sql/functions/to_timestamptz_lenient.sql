-- Function: kv2rel.to_timestamptz_lenient
-- Purpose: a timestamptz from the date forms the KV store really holds, without guessing:
--            * ISO 8601 date-time with Z or a numeric offset (+00:00, +0000, +00), with or without fractional
--              seconds (milliseconds from toISOString, microseconds from Supabase auth), T or space separator;
--            * date only, YYYY-MM-DD (site availability dates): midnight UTC;
--            * epoch milliseconds, as a JSON number or a string of digits, between 1e11 and 1e14
--              (1973-03-03 .. 5138-11-16).
--          Anything else -> NULL: a date-time without offset (whose zone would be a guess), epoch seconds,
--          human dates such as "December 31, 2026", HH:MM, impossible dates (2026-02-30). Never raises.
--          Independent of the session TimeZone and DateStyle, hence IMMUTABLE.
-- Usage (psql): SELECT kv2rel.to_timestamptz_lenient('"2026-02-11T02:00:00Z"'::jsonb);
--               kv2rel.coerce(value, 'timestamptz') also says why a value was refused.

CREATE OR REPLACE FUNCTION kv2rel.to_timestamptz_lenient(
    p_value text
)
RETURNS timestamptz
IMMUTABLE
PARALLEL SAFE
LANGUAGE plpgsql
AS $function$
DECLARE
    v_day integer;
    v_fraction text;
    v_hour integer := 0;
    v_minute integer := 0;
    v_month integer;
    v_month_days integer;
    v_offset integer := 0;
    v_rest text;
    v_second numeric := 0;
    v_text text := btrim(p_value, E' \t\n\r\f\x0B');
    v_year integer;
    v_zone text;
    v_zone_hours integer;
    v_zone_minutes integer;
BEGIN
    IF v_text IS NULL OR v_text = '' THEN
        RETURN NULL;
    END IF;
    IF v_text ~ '^[0-9]{12,14}(\.[0-9]+)?$' THEN
        IF v_text::numeric BETWEEN 1e11 AND 1e14 THEN
            RETURN to_timestamp((v_text::numeric / 1000)::double precision);
        END IF;
        RETURN NULL;
    END IF;
    -- Capture-free patterns only: PostgreSQL's regex engine is fast at deciding a match but slow at filling
    -- capture groups, so the fixed-position parts are read with substr.
    IF v_text ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
        v_rest := 'Z';
    ELSIF v_text ~ ('^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?'
                    '[[:space:]]*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$') THEN
        v_hour := substr(v_text, 12, 2)::integer;
        v_minute := substr(v_text, 15, 2)::integer;
        v_rest := substr(v_text, 17);
        IF left(v_rest, 1) = ':' THEN
            v_second := substr(v_rest, 2, 2)::numeric;
            v_rest := substr(v_rest, 4);
            IF left(v_rest, 1) = '.' THEN
                v_fraction := substring(v_rest FROM '^\.[0-9]+');
                v_second := v_second + v_fraction::numeric;
                v_rest := substr(v_rest, length(v_fraction) + 1);
            END IF;
        END IF;
        v_rest := btrim(v_rest, E' \t\n\r\f\x0B');
    ELSE
        RETURN NULL;  -- not a recognised form, or a wall-clock time without offset (its zone would be a guess)
    END IF;
    v_year := substr(v_text, 1, 4)::integer;
    v_month := substr(v_text, 6, 2)::integer;
    v_day := substr(v_text, 9, 2)::integer;
    v_month_days := CASE
                        WHEN v_month = 2 AND v_year % 4 = 0 AND (v_year % 100 <> 0 OR v_year % 400 = 0) THEN 29
                        WHEN v_month = 2 THEN 28
                        WHEN v_month IN (4, 6, 9, 11) THEN 30
                        ELSE 31
                    END;
    IF v_year < 1 OR v_month NOT BETWEEN 1 AND 12 OR v_day NOT BETWEEN 1 AND v_month_days
       OR v_hour > 23 OR v_minute > 59 OR v_second >= 60 THEN
        RETURN NULL;
    END IF;
    IF upper(v_rest) <> 'Z' THEN
        v_zone := replace(substr(v_rest, 2), ':', '');  -- HH or HHMM
        v_zone_hours := left(v_zone, 2)::integer;
        v_zone_minutes := CASE WHEN length(v_zone) = 4 THEN right(v_zone, 2)::integer ELSE 0 END;
        IF v_zone_hours > 15 OR v_zone_minutes > 59 THEN
            RETURN NULL;
        END IF;
        v_offset := (v_zone_hours * 60 + v_zone_minutes) * CASE left(v_rest, 1) WHEN '-' THEN -1 ELSE 1 END;
    END IF;
    RETURN (make_timestamp(v_year, v_month, v_day, v_hour, v_minute, v_second::double precision)
            - make_interval(mins => v_offset)) AT TIME ZONE 'UTC';
END
$function$;

CREATE OR REPLACE FUNCTION kv2rel.to_timestamptz_lenient(
    p_value jsonb
)
RETURNS timestamptz
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT CASE jsonb_typeof(p_value)
               WHEN 'string' THEN kv2rel.to_timestamptz_lenient(p_value #>> '{}')
               WHEN 'number' THEN CASE
                   WHEN (p_value #>> '{}')::numeric BETWEEN 1e11 AND 1e14
                       THEN to_timestamp(((p_value #>> '{}')::numeric / 1000)::double precision)
               END
           END
$function$;

COMMENT ON FUNCTION kv2rel.to_timestamptz_lenient(text) IS
'timestamptz of an ISO 8601 date-time with Z or offset, a YYYY-MM-DD date (midnight UTC) or epoch milliseconds '
'(1e11..1e14); NULL for anything else, including date-times without offset and epoch seconds (never raises).';
COMMENT ON FUNCTION kv2rel.to_timestamptz_lenient(jsonb) IS
'timestamptz of a JSON string (see the text form) or of a JSON number of epoch milliseconds (1e11..1e14); NULL '
'for anything else (never raises).';
