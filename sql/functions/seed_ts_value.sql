-- Function: kv2rel.seed_ts_value
-- Purpose: a timestamp as a JSON value in one of the formats the source wrote (kv-store.md section 3):
--          'iso' 2026-02-11T02:00:00.000Z, 'seconds' 2026-02-11T02:00:00Z, 'offset' 2026-02-11T02:00:00.000000+00:00
--          (Supabase auth), 'date' 2026-02-11, 'epoch' 1770775200000 (a JSON number).
-- Usage (psql): SELECT kv2rel.seed_ts_value(1739612345678, 'offset');
-- requires: seed_iso

CREATE OR REPLACE FUNCTION kv2rel.seed_ts_value(
    p_ms bigint,
    p_style text DEFAULT 'iso'
)
RETURNS jsonb
STABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT CASE p_style
               WHEN 'epoch' THEN pg_catalog.to_jsonb(p_ms)
               WHEN 'seconds' THEN pg_catalog.to_jsonb(pg_catalog.to_char(
                   '1970-01-01 00:00:00'::timestamp + p_ms * '1 millisecond'::interval, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'
               ))
               WHEN 'offset' THEN pg_catalog.to_jsonb(pg_catalog.to_char(
                   '1970-01-01 00:00:00'::timestamp + p_ms * '1 millisecond'::interval,
                   'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'
               ))
               WHEN 'date' THEN pg_catalog.to_jsonb(pg_catalog.to_char(
                   '1970-01-01 00:00:00'::timestamp + p_ms * '1 millisecond'::interval, 'YYYY-MM-DD'
               ))
               ELSE pg_catalog.to_jsonb(kv2rel.seed_iso(p_ms))
           END
$function$;

COMMENT ON FUNCTION kv2rel.seed_ts_value(bigint, text) IS
'KV generator: epoch milliseconds as a JSON value in a source format: iso (default), seconds, offset, date, epoch.';
