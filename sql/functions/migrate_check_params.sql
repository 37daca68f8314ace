-- Function: kv2rel.migrate_check_params
-- Purpose: validate the parameters of a migration before anything happens, with one clear error each, and
--          return the KV table: batch size a whole number from 1 to 1,000,000 (K2501); the KV table exists and is
--          KV-shaped (K2201/K2202 of kv2rel.resolve_kv_table; NULL = setting kv_table); the environment is known
--          (K2503: kv2rel.key_environments or an environments:{id} key of the table); and this database does not
--          already hold another environment's migration (K2505: one environment per database).
-- Usage (psql): SELECT kv2rel.migrate_check_params('public.kv_store_6fcaeea3', 'production', 5000);
--
-- One environment per database: the source kept each environment in its own Supabase project, and ids repeat
-- across environments (kv-store.md 9.20), so two environments in one target would collide on ids, slugs, codes
-- and order numbers. Runs that were rolled back (issue 6) do not count.

CREATE OR REPLACE FUNCTION kv2rel.migrate_check_params(
    p_kv_table text,
    p_env text,
    p_batch_size integer
)
RETURNS regclass
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_table regclass;
    v_envs text[];
    v_other record;
BEGIN
    IF p_batch_size IS NULL OR p_batch_size < 1 OR p_batch_size > 1000000 THEN
        RAISE EXCEPTION 'batch size must be a whole number from 1 to 1000000, got %',
                        coalesce(p_batch_size::text, 'NULL')
            USING ERRCODE = 'K2501',
                  HINT = 'Each batch is one transaction of that many keys; 5000 is a good default.';
    END IF;
    v_table := CASE WHEN p_kv_table IS NULL THEN kv2rel.configured_kv_table()
                    ELSE kv2rel.resolve_kv_table(p_kv_table) END;
    v_envs := kv2rel.known_environments(v_table);
    IF p_env IS NULL OR NOT p_env = ANY (v_envs) THEN
        RAISE EXCEPTION 'unknown environment % for KV table %', coalesce(quote_literal(p_env), 'NULL'), v_table
            USING ERRCODE = 'K2503',
                  HINT = format('Known environments: %s. Register others in kv2rel.key_environments.',
                                array_to_string(v_envs, ', '));
    END IF;
    SELECT r.run_id, r.env INTO v_other
      FROM kv2rel.runs AS r
     WHERE r.env <> p_env AND r.status <> 'rolled_back' AND NOT r.dry_run
     ORDER BY r.run_id DESC
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'this database already holds environment % (run %), not %', quote_literal(v_other.env),
                        v_other.run_id, quote_literal(p_env)
            USING ERRCODE = 'K2505',
                  HINT = 'Migrate each environment into its own database (as the source kept each in its own '
                         'project), or roll that run back first.';
    END IF;
    RETURN v_table;
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_check_params(text, text, integer) IS
'Validate migration parameters and return the KV table: batch size 1..1000000 (K2501), KV table (K2201/K2202), '
'known environment (K2503), one environment per database (K2505).';
