-- Function: kv2rel.uuid_from_sha1
-- Purpose: the RFC 4122 version 5 UUID made from a SHA-1 digest: its first 16 bytes with version 5 in the high
--          nibble of byte 6 and the RFC variant (10xx) in the high bits of byte 8. Split from kv2rel.uuid_v5 so
--          set-based queries (kv2rel.plan) can hash in one step and build the UUID from the stored digest.
-- Usage (psql): SELECT kv2rel.uuid_from_sha1(kv2rel.sha1('...'::bytea));

CREATE OR REPLACE FUNCTION kv2rel.uuid_from_sha1(
    p_digest bytea
)
RETURNS uuid
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT encode(
               set_byte(
                   set_byte(substring(p_digest FROM 1 FOR 16), 6, (get_byte(p_digest, 6) & 15) | 80),
                   8, (get_byte(p_digest, 8) & 63) | 128
               ),
               'hex'
           )::uuid
$function$;

COMMENT ON FUNCTION kv2rel.uuid_from_sha1(bytea) IS
'Version 5 UUID from a SHA-1 digest (first 16 bytes, version and variant bits set); NULL for NULL.';
