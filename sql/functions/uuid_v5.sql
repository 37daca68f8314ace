-- Function: kv2rel.uuid_v5
-- Purpose: RFC 4122 name-based UUID, version 5 (SHA-1), computed in SQL: the same as uuid-ossp's
--          uuid_generate_v5 and Python's uuid.uuid5, without needing either. The name is hashed as its UTF-8
--          bytes (the database encoding; Supabase and our servers use UTF8).
-- Usage (psql): SELECT kv2rel.uuid_v5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org');
--               -- 886313e1-3b8a-5372-9b90-0c9aee199e5d, as uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org')
--
-- PL/pgSQL so the digest is computed once per call (an inlined SQL body would compute it three times); the
-- version and variant bits are set by kv2rel.uuid_from_sha1.
-- decode(replace(name, '\', '\\'), 'escape') yields the name's bytes in the database encoding with only
-- IMMUTABLE functions (convert_to and textsend are STABLE).

CREATE OR REPLACE FUNCTION kv2rel.uuid_v5(
    p_namespace uuid,
    p_name text
)
RETURNS uuid
IMMUTABLE
STRICT
PARALLEL SAFE
LANGUAGE plpgsql
AS $function$
DECLARE
    v_hash bytea := kv2rel.sha1(
        decode(replace(p_namespace::text, '-', ''), 'hex') || decode(replace(p_name, '\', '\\'), 'escape')
    );
BEGIN
    RETURN kv2rel.uuid_from_sha1(v_hash);
END
$function$;

COMMENT ON FUNCTION kv2rel.uuid_v5(uuid, text) IS
'RFC 4122 version 5 (SHA-1 name-based) UUID of p_name in namespace p_namespace; equal to uuid_generate_v5 and '
'Python uuid.uuid5. NULL when an argument is NULL.';
