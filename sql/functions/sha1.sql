-- Function: kv2rel.sha1
-- Purpose: SHA-1 digest of a bytea, as fast as this database allows: a wrapper around pgcrypto's digest() when
--          pgcrypto is installed (in any schema; about 1 us), else around kv2rel.sha1_plpgsql (about 50 us).
--          Both give the same 20 bytes, so every UUID derived from them is the same on any machine.
-- Usage (psql): SELECT encode(kv2rel.sha1('abc'::bytea), 'hex');
-- requires: sha1_plpgsql
--
-- The body is chosen when this definition is applied. The wrapper is written with BEGIN ATOMIC so PostgreSQL
-- records its dependency on digest(): pgcrypto cannot be dropped from under it. If pgcrypto is installed after
-- kv2rel, re-apply this definition to switch to the fast body:
--     SELECT kv2rel.drop_definition('function', 'sha1');  -- then: kv2rel apply

CREATE OR REPLACE FUNCTION kv2rel.sha1(
    p_data bytea
)
RETURNS bytea
IMMUTABLE
STRICT
PARALLEL SAFE
LANGUAGE sql
BEGIN ATOMIC
    SELECT kv2rel.sha1_plpgsql(p_data);
END;

DO $do$
DECLARE
    v_schema name;
BEGIN
    SELECT n.nspname
      INTO v_schema
      FROM pg_catalog.pg_extension AS e
      JOIN pg_catalog.pg_namespace AS n ON n.oid = e.extnamespace
     WHERE e.extname = 'pgcrypto';
    IF v_schema IS NOT NULL THEN
        EXECUTE format(
            'CREATE OR REPLACE FUNCTION kv2rel.sha1(p_data bytea) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE'
            ' LANGUAGE sql BEGIN ATOMIC SELECT %I.digest(p_data, %L::text); END',
            v_schema, 'sha1'
        );
    END IF;
END
$do$;

COMMENT ON FUNCTION kv2rel.sha1(bytea) IS
'SHA-1 digest (20 bytes) of p_data: pgcrypto digest() when pgcrypto was installed when this definition was '
'applied, else kv2rel.sha1_plpgsql. Same result either way.';
