-- Function: kv2rel.seed_ms
-- Purpose: a deterministic creation instant, as epoch milliseconds, for record i of a kind: the fixed generator
--          epoch 2025-03-01T00:00:00Z plus a hashed offset of up to p_days days (default 350, so every
--          generated instant lies before 2026-02-14). Never now().
-- Usage (psql): SELECT kv2rel.seed_ms(42, 'client', 7);
-- requires: seed_rand

CREATE OR REPLACE FUNCTION kv2rel.seed_ms(
    p_seed bigint,
    p_kind text,
    p_i bigint,
    p_days integer DEFAULT 350
)
RETURNS bigint
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT 1740787200000::bigint
           + pg_catalog.floor(kv2rel.seed_rand(p_seed, p_kind || '.ms', p_i) * p_days * 86400000.0)::bigint
$function$;

COMMENT ON FUNCTION kv2rel.seed_ms(bigint, text, bigint, integer) IS
'KV generator: deterministic epoch milliseconds in [2025-03-01Z, 2025-03-01Z + p_days) for record i of p_kind.';
