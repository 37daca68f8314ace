-- Function: kv2rel.seed_kv_store
-- Purpose: the realistic, deterministic KV store generator behind `kv2rel seed` (issue 4 section 1). Creates the KV
--          table if needed (kv2rel.seed_kv_table) and fills it with every key generation and value shape of
--          kv-store.md sections 2 and 3 plus a switchable share of every hazard of section 9, entirely with
--          set-based INSERT ... SELECT statements (kv2rel.seed_clients, seed_catalogs, seed_products, seed_sites,
--          seed_site_configs, seed_employees, seed_orders, seed_access, seed_content, seed_integrations,
--          seed_ephemeral, seed_demo, seed_indexes). Everything derives from p_seed through the hash PRNG
--          kv2rel.seed_rand and a fixed epoch, so the same seed, scale and shares give a byte-identical table;
--          every hazardous key is listed in kv2rel.seed_manifest. docs/generator.md is the contract.
--          Returns the report: kv_table, seed, scale, counts, shares, rows, families, hazards (share, eligible,
--          injected, keys, codes per hazard), structural (prefixes over 1000 keys, prefixes containing '_').
--          Errors: K2101 bad argument, K2102 non-empty table without p_replace, K2103 table of the wrong shape.
-- Usage (psql): SELECT jsonb_pretty(kv2rel.seed_kv_store('public.kv_store_6fcaeea3', 'small', 1));
--               SELECT kv2rel.seed_kv_store('app.kv', 'projected', 7, '{"orphans": 0.2}', p_replace => true);
-- requires: seed_kv_table, seed_scale, seed_hazard_shares, seed_hazard_names, seed_clients, seed_catalogs,
-- requires: seed_products, seed_sites, seed_site_configs, seed_employees, seed_orders, seed_access, seed_content,
-- requires: seed_integrations, seed_ephemeral, seed_demo, seed_indexes

CREATE OR REPLACE FUNCTION kv2rel.seed_kv_store(
    p_kv_table text DEFAULT 'public.kv_store_6fcaeea3',
    p_scale text DEFAULT 'small',
    p_seed bigint DEFAULT 1,
    p_hazards jsonb DEFAULT NULL,
    p_replace boolean DEFAULT false,
    p_timestamps boolean DEFAULT true
)
RETURNS jsonb
VOLATILE
SET extra_float_digits = 1
SET jit = off
SET work_mem = '64MB'
LANGUAGE plpgsql
AS $function$
DECLARE
    v_created boolean;
    v_h jsonb;
    v_hazards jsonb;
    v_kv regclass;
    v_n jsonb;
    v_part jsonb;
    v_parts jsonb[] := '{}';
    v_report jsonb;
    v_rows bigint;
    v_structural jsonb;
BEGIN
    IF p_seed IS NULL THEN
        RAISE EXCEPTION 'invalid seed: NULL'
            USING ERRCODE = 'K2101', HINT = 'Give a whole number, e.g. --seed 1.';
    END IF;
    v_h := kv2rel.seed_hazard_shares(p_hazards);
    v_n := kv2rel.seed_scale(p_scale);
    SELECT t.kv_table, t.created INTO v_kv, v_created
      FROM kv2rel.seed_kv_table(p_kv_table, COALESCE(p_timestamps, true), COALESCE(p_replace, false)) AS t;

    v_parts := v_parts || kv2rel.seed_clients(v_kv, p_seed, v_n, v_h);
    v_parts := v_parts || kv2rel.seed_catalogs(v_kv, p_seed, v_n, v_h);
    v_parts := v_parts || kv2rel.seed_products(v_kv, p_seed, v_n, v_h);
    v_parts := v_parts || kv2rel.seed_sites(v_kv, p_seed, v_n, v_h);
    v_parts := v_parts || kv2rel.seed_site_configs(v_kv, p_seed, v_n, v_h);
    v_parts := v_parts || kv2rel.seed_employees(v_kv, p_seed, v_n, v_h);
    v_parts := v_parts || kv2rel.seed_orders(v_kv, p_seed, v_n, v_h);
    v_parts := v_parts || kv2rel.seed_access(v_kv, p_seed, v_n, v_h);
    v_parts := v_parts || kv2rel.seed_content(v_kv, p_seed, v_n, v_h);
    v_parts := v_parts || kv2rel.seed_integrations(v_kv, p_seed, v_n, v_h);
    v_parts := v_parts || kv2rel.seed_ephemeral(v_kv, p_seed, v_n, v_h);
    v_parts := v_parts || kv2rel.seed_demo(v_kv, p_seed, v_n, v_h);
    v_parts := v_parts || kv2rel.seed_indexes(v_kv, p_seed, v_n, v_h);

    IF v_created THEN
        -- a table created by this call gets its primary key after the load (a duplicate key fails here)
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I PRIMARY KEY (key)',
                       v_kv, pg_catalog.left((SELECT c.relname FROM pg_catalog.pg_class AS c WHERE c.oid = v_kv), 58)
                             || '_pkey');
    END IF;

    -- per hazard: share, eligible and injected records, keys and keys per code
    SELECT pg_catalog.jsonb_object_agg(h.name, pg_catalog.jsonb_build_object(
               'share', v_h -> h.name,
               'eligible', COALESCE((SELECT sum((x.part -> 'eligible' ->> h.name)::bigint)
                                       FROM pg_catalog.unnest(v_parts) AS x (part)), 0),
               'injected', COALESCE((SELECT sum((x.part -> 'injected' ->> h.name)::bigint)
                                       FROM pg_catalog.unnest(v_parts) AS x (part)), 0),
               'keys', COALESCE((SELECT sum(c.value::bigint)
                                   FROM pg_catalog.unnest(v_parts) AS x (part)
                                  CROSS JOIN LATERAL pg_catalog.jsonb_each_text(x.part -> 'codes') AS c
                                  WHERE pg_catalog.split_part(c.key, '.', 1) = h.name), 0),
               'codes', COALESCE((SELECT pg_catalog.jsonb_object_agg(y.code, y.n)
                                    FROM (SELECT pg_catalog.split_part(c.key, '.', 2) AS code, sum(c.value::bigint) AS n
                                            FROM pg_catalog.unnest(v_parts) AS x (part)
                                           CROSS JOIN LATERAL pg_catalog.jsonb_each_text(x.part -> 'codes') AS c
                                           WHERE pg_catalog.split_part(c.key, '.', 1) = h.name
                                           GROUP BY 1) AS y), '{}'::jsonb)))
      INTO v_hazards
      FROM pg_catalog.unnest(kv2rel.seed_hazard_names()) AS h (name);

    -- structural hazards: prefixes (first segment plus ':') above the 1000-row getByPrefix cap, and prefixes
    -- containing the LIKE wildcard '_' (hris_connection_/hris_sync_ keys have no ':' separator)
    EXECUTE format(
        $sql$
        WITH k AS (
            SELECT CASE
                       WHEN kv.key LIKE 'hris\_sync\_%%' THEN 'hris_sync_'
                       WHEN kv.key LIKE 'hris\_connection\_%%' THEN 'hris_connection_'
                       WHEN pg_catalog.strpos(kv.key, ':') > 0 THEN pg_catalog.split_part(kv.key, ':', 1) || ':'
                       ELSE kv.key
                   END AS prefix
              FROM %s AS kv
        ), p AS (
            SELECT k.prefix, count(*) AS n FROM k GROUP BY k.prefix
        )
        SELECT pg_catalog.jsonb_build_object(
            'prefixes_over_1000', COALESCE((SELECT pg_catalog.jsonb_object_agg(p.prefix, p.n) FROM p WHERE p.n > 1000),
                                           '{}'::jsonb),
            'underscore_prefixes', COALESCE((SELECT pg_catalog.jsonb_object_agg(p.prefix, p.n) FROM p
                                              WHERE pg_catalog.strpos(p.prefix, '_') > 0
                                                AND (p.prefix LIKE '%%:' OR p.prefix LIKE 'hris%%')), '{}'::jsonb)
        )
        $sql$, v_kv)
    INTO v_structural;

    SELECT pg_catalog.jsonb_object_agg(f.family, f.n), sum(f.n)
      INTO v_part, v_rows
      FROM (
          SELECT e.key AS family, sum(e.value::bigint) AS n
            FROM pg_catalog.unnest(v_parts) AS x (part)
           CROSS JOIN LATERAL pg_catalog.jsonb_each_text(x.part -> 'families') AS e
           GROUP BY e.key
      ) AS f;

    v_report := pg_catalog.jsonb_build_object(
        'kv_table', (SELECT format('%I.%I', n.nspname, c.relname)
                       FROM pg_catalog.pg_class AS c
                       JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
                      WHERE c.oid = v_kv),
        'created', v_created,
        'seed', p_seed,
        'scale', v_n ->> 'scale',
        'counts', v_n - 'scale',
        'shares', v_h,
        'gifts_all_form', CASE WHEN p_seed % 2 = 0 THEN 'ids' ELSE 'objects' END,
        'rows', COALESCE(v_rows, 0),
        'manifest_rows', (SELECT count(*) FROM kv2rel.seed_manifest AS m WHERE m.kv_table = v_kv),
        'families', COALESCE(v_part, '{}'::jsonb),
        'hazards', v_hazards,
        'structural', v_structural
    );
    RAISE NOTICE 'kv2rel seed: % rows into % (scale %, seed %)', v_rows, v_kv, v_n ->> 'scale', p_seed;
    RETURN v_report;
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_kv_store(text, text, bigint, jsonb, boolean, boolean) IS
'Generate a realistic, deterministic KV store (kv2rel seed): every key generation and value shape of the source '
'and a switchable share of every hazard, listed in kv2rel.seed_manifest. Same seed, scale and shares give a '
'byte-identical table. Returns a JSON report; K2101 bad argument, K2102 non-empty table, K2103 wrong table shape.';
