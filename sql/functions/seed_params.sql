-- Function: kv2rel.seed_params
-- Purpose: one row holding the generator's inputs as typed columns: the seed, the entity counts of
--          kv2rel.seed_scale (n_clients, n_sites, ...) and the hazard shares of kv2rel.seed_hazard_shares
--          (s_duplicates, s_orphans, ...). Every generator statement starts FROM kv2rel.seed_params($1, $2, $3).
-- Usage (psql): SELECT * FROM kv2rel.seed_params(1, kv2rel.seed_scale('small'), kv2rel.seed_hazard_shares());

CREATE OR REPLACE FUNCTION kv2rel.seed_params(
    p_seed bigint,
    p_n jsonb,
    p_h jsonb
)
RETURNS TABLE (
    seed bigint,
    n_clients bigint,
    n_sites bigint,
    n_catalogs bigint,
    n_products bigint,
    n_employees bigint,
    n_orders bigint,
    n_admins bigint,
    n_roles bigint,
    n_audit bigint,
    n_celebrations bigint,
    s_duplicates double precision,
    s_ambiguous_segments double precision,
    s_colon_ids double precision,
    s_id_mismatch double precision,
    s_non_uuid_ids double precision,
    s_mixed_naming double precision,
    s_aliases double precision,
    s_index_drift double precision,
    s_orphans double precision,
    s_bad_enums double precision,
    s_constraint_traps double precision,
    s_duplicate_natural_keys double precision,
    s_type_variance double precision,
    s_missing_fields double precision,
    s_timestamp_formats double precision,
    s_soft_deletes double precision,
    s_ephemeral_keys double precision,
    s_secret_keys double precision,
    s_environments double precision,
    s_whitespace double precision,
    s_unknown_keys double precision
)
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT p_seed,
           (p_n ->> 'clients')::bigint,
           (p_n ->> 'sites')::bigint,
           (p_n ->> 'catalogs')::bigint,
           (p_n ->> 'products')::bigint,
           (p_n ->> 'employees')::bigint,
           (p_n ->> 'orders')::bigint,
           (p_n ->> 'admins')::bigint,
           (p_n ->> 'roles')::bigint,
           (p_n ->> 'audit')::bigint,
           (p_n ->> 'celebrations')::bigint,
           (p_h ->> 'duplicates')::double precision,
           (p_h ->> 'ambiguous_segments')::double precision,
           (p_h ->> 'colon_ids')::double precision,
           (p_h ->> 'id_mismatch')::double precision,
           (p_h ->> 'non_uuid_ids')::double precision,
           (p_h ->> 'mixed_naming')::double precision,
           (p_h ->> 'aliases')::double precision,
           (p_h ->> 'index_drift')::double precision,
           (p_h ->> 'orphans')::double precision,
           (p_h ->> 'bad_enums')::double precision,
           (p_h ->> 'constraint_traps')::double precision,
           (p_h ->> 'duplicate_natural_keys')::double precision,
           (p_h ->> 'type_variance')::double precision,
           (p_h ->> 'missing_fields')::double precision,
           (p_h ->> 'timestamp_formats')::double precision,
           (p_h ->> 'soft_deletes')::double precision,
           (p_h ->> 'ephemeral_keys')::double precision,
           (p_h ->> 'secret_keys')::double precision,
           (p_h ->> 'environments')::double precision,
           (p_h ->> 'whitespace')::double precision,
           (p_h ->> 'unknown_keys')::double precision
$function$;

COMMENT ON FUNCTION kv2rel.seed_params(bigint, jsonb, jsonb) IS
'KV generator: the seed, entity counts (n_*) and hazard shares (s_*) as one typed row.';
