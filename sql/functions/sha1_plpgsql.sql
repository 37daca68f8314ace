-- Function: kv2rel.sha1_plpgsql
-- Purpose: SHA-1 (FIPS 180-4) of a bytea in plain PL/pgSQL, for databases without pgcrypto. Core PostgreSQL has
--          md5() and sha224()..sha512() but no sha1(), and a name-based UUID v5 needs SHA-1. About 50 us per
--          call; kv2rel.sha1 uses pgcrypto's digest() instead when it is installed (same result).
-- Usage (psql): SELECT encode(kv2rel.sha1_plpgsql('abc'::bytea), 'hex');  -- a9993e36...9cd0d89d

CREATE OR REPLACE FUNCTION kv2rel.sha1_plpgsql(
    p_data bytea
)
RETURNS bytea
IMMUTABLE
STRICT
PARALLEL SAFE
LANGUAGE plpgsql
AS $function$
DECLARE
    c_mask CONSTANT bigint := 4294967295;
    v_a bigint;
    v_b bigint;
    v_block integer;
    v_c bigint;
    v_d bigint;
    v_e bigint;
    v_f bigint;
    v_h0 bigint := 1732584193;
    v_h1 bigint := 4023233417;
    v_h2 bigint := 2562383102;
    v_h3 bigint := 271733878;
    v_h4 bigint := 3285377520;
    v_i integer;
    v_k bigint;
    v_len integer := length(p_data);
    v_msg bytea;
    v_offset integer;
    v_t bigint;
    v_w bigint[];
    v_x bigint;
BEGIN
    -- Padding: 0x80, zeros up to 56 mod 64, then the message length in bits as a big-endian 64-bit integer.
    v_msg := p_data || '\x80'::bytea || decode(repeat('00', ((55 - v_len) % 64 + 64) % 64), 'hex')
        || int8send(v_len::bigint * 8);
    FOR v_block IN 0 .. length(v_msg) / 64 - 1 LOOP
        v_offset := v_block * 64;
        v_w := ARRAY[]::bigint[];
        FOR v_i IN 0 .. 15 LOOP
            v_w[v_i] := (get_byte(v_msg, v_offset + 4 * v_i)::bigint << 24)
                | (get_byte(v_msg, v_offset + 4 * v_i + 1)::bigint << 16)
                | (get_byte(v_msg, v_offset + 4 * v_i + 2)::bigint << 8)
                | get_byte(v_msg, v_offset + 4 * v_i + 3)::bigint;
        END LOOP;
        FOR v_i IN 16 .. 79 LOOP
            v_x := v_w[v_i - 3] # v_w[v_i - 8] # v_w[v_i - 14] # v_w[v_i - 16];
            v_w[v_i] := ((v_x << 1) | (v_x >> 31)) & c_mask;
        END LOOP;
        v_a := v_h0;
        v_b := v_h1;
        v_c := v_h2;
        v_d := v_h3;
        v_e := v_h4;
        FOR v_i IN 0 .. 79 LOOP
            IF v_i < 20 THEN
                v_f := (v_b & v_c) | ((~v_b & c_mask) & v_d);
                v_k := 1518500249;
            ELSIF v_i < 40 THEN
                v_f := v_b # v_c # v_d;
                v_k := 1859775393;
            ELSIF v_i < 60 THEN
                v_f := (v_b & v_c) | (v_b & v_d) | (v_c & v_d);
                v_k := 2400959708;
            ELSE
                v_f := v_b # v_c # v_d;
                v_k := 3395469782;
            END IF;
            v_t := ((((v_a << 5) | (v_a >> 27)) & c_mask) + v_f + v_e + v_k + v_w[v_i]) & c_mask;
            v_e := v_d;
            v_d := v_c;
            v_c := ((v_b << 30) | (v_b >> 2)) & c_mask;
            v_b := v_a;
            v_a := v_t;
        END LOOP;
        v_h0 := (v_h0 + v_a) & c_mask;
        v_h1 := (v_h1 + v_b) & c_mask;
        v_h2 := (v_h2 + v_c) & c_mask;
        v_h3 := (v_h3 + v_d) & c_mask;
        v_h4 := (v_h4 + v_e) & c_mask;
    END LOOP;
    RETURN substring(int8send(v_h0) FROM 5) || substring(int8send(v_h1) FROM 5) || substring(int8send(v_h2) FROM 5)
        || substring(int8send(v_h3) FROM 5) || substring(int8send(v_h4) FROM 5);
END
$function$;

COMMENT ON FUNCTION kv2rel.sha1_plpgsql(bytea) IS
'SHA-1 digest (20 bytes) of p_data computed in PL/pgSQL; the fallback of kv2rel.sha1 when pgcrypto is absent.';
