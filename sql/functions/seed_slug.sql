-- Function: kv2rel.seed_slug
-- Purpose: the clean slug of generated site p_s: its name (client company word and event word) lower-cased with
--          runs of other characters turned into '-', then '-{s}', e.g. northwind-service-awards-7. Unique per site
--          before hazards; pointers, copies and duplicate-slug hazards all derive from it.
-- Usage (psql): SELECT kv2rel.seed_slug(42, 7, 5);
-- requires: seed_word, seed_int

CREATE OR REPLACE FUNCTION kv2rel.seed_slug(
    p_seed bigint,
    p_s bigint,
    p_n_clients bigint
)
RETURNS text
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT pg_catalog.lower(pg_catalog.regexp_replace(
               kv2rel.seed_word(p_seed, 'company', kv2rel.seed_int(p_seed, 'site.client', p_s, 1, p_n_clients))
               || ' ' || kv2rel.seed_word(p_seed, 'event', p_s),
               '[^A-Za-z0-9]+', '-', 'g'
           )) || '-' || p_s::text
$function$;

COMMENT ON FUNCTION kv2rel.seed_slug(bigint, bigint, bigint) IS
'KV generator: clean slug of site p_s (lower-case name words joined by dashes, then -{s}); unique before hazards.';
