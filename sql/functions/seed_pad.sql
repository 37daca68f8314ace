-- Function: kv2rel.seed_pad
-- Purpose: a number as text, zero-padded to at least p_width digits but never truncated (lpad() would cut
--          1234567 to 123456 and make generated natural keys collide in large stores).
-- Usage (psql): SELECT kv2rel.seed_pad(42, 6);  -- 000042

CREATE OR REPLACE FUNCTION kv2rel.seed_pad(
    p_n bigint,
    p_width integer
)
RETURNS text
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT pg_catalog.lpad(p_n::text, GREATEST(p_width, pg_catalog.length(p_n::text)), '0')
$function$;

COMMENT ON FUNCTION kv2rel.seed_pad(bigint, integer) IS
'KV generator: p_n zero-padded to at least p_width digits, never truncated.';
