-- Function: kv2rel.seed_gen
-- Purpose: the key generation a logical record is primarily stored under (kv-store.md section 2.1), in the
--          generator's fixed proportions:
--            client    snake 30% client:{id} | crud 50% client:{env}:{id} | legacy 20% clients:{id}
--            site      snake 25% site:{id}   | crud 50% site:{env}:{id}   | legacy 25% sites:{id}
--            gift      legacy 70% gifts:{id} | crud 20% gift:{env}:{id}   | snake 10% gift:{id}
--            employee  scoped 60% employee:{siteId}:{empId} | snake 15% employee:{id}
--                      | client 15% employees:{id} | crud 10% employees:{env}:{id}
--            order     snake 20% order:{id} | of the rest, public (share p_ambiguous) order:{siteId}:{uuid},
--                      else crud order:{env}:{id}
-- Usage (psql): SELECT kv2rel.seed_gen(42, 'order', 7, 0.25);
-- requires: seed_rand

CREATE OR REPLACE FUNCTION kv2rel.seed_gen(
    p_seed bigint,
    p_kind text,
    p_i bigint,
    p_ambiguous double precision
)
RETURNS text
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT CASE p_kind
               WHEN 'client' THEN CASE
                   WHEN kv2rel.seed_rand(p_seed, 'gen.client', p_i) < 0.30 THEN 'snake'
                   WHEN kv2rel.seed_rand(p_seed, 'gen.client', p_i) < 0.80 THEN 'crud'
                   ELSE 'legacy' END
               WHEN 'site' THEN CASE
                   WHEN kv2rel.seed_rand(p_seed, 'gen.site', p_i) < 0.25 THEN 'snake'
                   WHEN kv2rel.seed_rand(p_seed, 'gen.site', p_i) < 0.75 THEN 'crud'
                   ELSE 'legacy' END
               WHEN 'gift' THEN CASE
                   WHEN kv2rel.seed_rand(p_seed, 'gen.gift', p_i) < 0.70 THEN 'legacy'
                   WHEN kv2rel.seed_rand(p_seed, 'gen.gift', p_i) < 0.90 THEN 'crud'
                   ELSE 'snake' END
               WHEN 'employee' THEN CASE
                   WHEN kv2rel.seed_rand(p_seed, 'gen.employee', p_i) < 0.60 THEN 'scoped'
                   WHEN kv2rel.seed_rand(p_seed, 'gen.employee', p_i) < 0.75 THEN 'snake'
                   WHEN kv2rel.seed_rand(p_seed, 'gen.employee', p_i) < 0.90 THEN 'client'
                   ELSE 'crud' END
               WHEN 'order' THEN CASE
                   WHEN kv2rel.seed_rand(p_seed, 'gen.order', p_i) < 0.20 THEN 'snake'
                   WHEN kv2rel.seed_rand(p_seed, 'ambiguous_segments.order', p_i) < p_ambiguous THEN 'public'
                   ELSE 'crud' END
           END
$function$;

COMMENT ON FUNCTION kv2rel.seed_gen(bigint, text, bigint, double precision) IS
'KV generator: primary key generation of record p_i of p_kind (client, site, gift, employee, order) in fixed '
'proportions; orders use the public-checkout form order:{siteId}:{uuid} with probability p_ambiguous.';
