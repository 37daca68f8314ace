-- Function: kv2rel.seed_env
-- Purpose: the environment segment of an environment-scoped CRUD record: 'production' (the CRUD factory default),
--          or, with probability p_share, development, staging or the custom environment uat-emea.
-- Usage (psql): SELECT kv2rel.seed_env(42, 'client', 7, 0.3);
-- requires: seed_rand, seed_pick

CREATE OR REPLACE FUNCTION kv2rel.seed_env(
    p_seed bigint,
    p_kind text,
    p_i bigint,
    p_share double precision
)
RETURNS text
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT CASE
               WHEN kv2rel.seed_rand(p_seed, 'environments.' || p_kind, p_i) < p_share
                   THEN kv2rel.seed_pick(p_seed, 'environments.pick.' || p_kind, p_i,
                                         ARRAY['development', 'development', 'staging', 'uat-emea'])
               ELSE 'production'
           END
$function$;

COMMENT ON FUNCTION kv2rel.seed_env(bigint, text, bigint, double precision) IS
'KV generator: environment of record p_i of p_kind: production, or with probability p_share development, '
'staging or the custom environment uat-emea.';
