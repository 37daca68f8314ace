-- Function: kv2rel.seed_iso
-- Purpose: format epoch milliseconds the way JavaScript's toISOString() does: 2026-02-11T02:00:00.000Z (UTC,
--          milliseconds, Z). Independent of the session TimeZone and DateStyle. STABLE only because to_char is.
-- Usage (psql): SELECT kv2rel.seed_iso(1739612345678);

CREATE OR REPLACE FUNCTION kv2rel.seed_iso(
    p_ms bigint
)
RETURNS text
STABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT pg_catalog.to_char(
               '1970-01-01 00:00:00'::timestamp + p_ms * '1 millisecond'::interval, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'
           )
$function$;

COMMENT ON FUNCTION kv2rel.seed_iso(bigint) IS
'KV generator: epoch milliseconds as an ISO-8601 UTC string with milliseconds (JavaScript toISOString format).';
