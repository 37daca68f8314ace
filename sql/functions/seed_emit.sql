-- Function: kv2rel.seed_emit
-- Purpose: run one set-based generator statement. p_src is a SELECT (parameters $1 seed, $2 counts, $3 shares)
--          returning one row per KV key with the columns
--              key text, value jsonb, c_ms bigint, u_ms bigint, family text, tags text[], detail jsonb, elig bigint
--          (c_ms/u_ms: creation/update epoch ms for the optional created_at/updated_at columns, NULL = snapshot
--          time 2026-02-15Z; family: the key family for the report; tags: 'hazard.code' items; detail: facts for
--          the manifest; elig: kv2rel.seed_mask of the hazards drawn for this logical record, 0 for extra keys).
--          Tags starting with '~' are counted but not listed (hazards the key itself shows: non-UUID ids, colon
--          ids, ambiguous segments, the environment segment); a key carries at most one code per hazard.
--          In one statement it inserts the rows into p_kv, lists the other tags in kv2rel.seed_manifest, and
--          returns {"families": {family: keys}, "eligible": {hazard: records}, "injected": {hazard: records},
--          "codes": {"hazard.code": keys}}. A row with a NULL key writes nothing: it only counts a record that
--          was eligible for a hazard but drawn without producing a key (e.g. a client without an HRIS connection).
-- Usage (psql): SELECT kv2rel.seed_emit('public.kv'::regclass, 1, kv2rel.seed_scale('small'),
--                                       kv2rel.seed_hazard_shares(), 'SELECT ...');
-- requires: seed_hazard_names

CREATE OR REPLACE FUNCTION kv2rel.seed_emit(
    p_kv regclass,
    p_seed bigint,
    p_n jsonb,
    p_h jsonb,
    p_src text
)
RETURNS jsonb
VOLATILE
LANGUAGE plpgsql
AS $function$
DECLARE
    v_cols text := '';
    v_has_created boolean;
    v_has_updated boolean;
    v_report jsonb;
    v_snapshot_ms constant bigint := 1771113600000;
    v_vals text := '';
BEGIN
    SELECT bool_or(a.attname = 'created_at'), bool_or(a.attname = 'updated_at')
      INTO v_has_created, v_has_updated
      FROM pg_catalog.pg_attribute AS a
     WHERE a.attrelid = p_kv
       AND a.attnum > 0
       AND NOT a.attisdropped
       AND a.atttypid = 'timestamptz'::regtype;
    IF v_has_created THEN
        v_cols := v_cols || ', created_at';
        v_vals := v_vals || format(', pg_catalog.to_timestamp(COALESCE(s.c_ms, %s) / 1000.0)', v_snapshot_ms);
    END IF;
    IF v_has_updated THEN
        v_cols := v_cols || ', updated_at';
        v_vals := v_vals
            || format(', pg_catalog.to_timestamp(COALESCE(s.u_ms, s.c_ms, %s) / 1000.0)', v_snapshot_ms);
    END IF;
    EXECUTE format(
        $sql$
        WITH src AS MATERIALIZED (
            %1$s
        ), ins AS (
            INSERT INTO %2$s (key, value%3$s)
            SELECT s.key, s.value%4$s
              FROM src AS s
             WHERE s.key IS NOT NULL
        ), tag AS MATERIALIZED (
            SELECT s.key, pg_catalog.ltrim(t.tag, '~') AS tag, pg_catalog.left(t.tag, 1) = '~' AS unlisted,
                   s.detail, s.elig
              FROM src AS s
             CROSS JOIN LATERAL pg_catalog.unnest(s.tags) AS t (tag)
             WHERE s.key IS NOT NULL
        ), man AS (
            INSERT INTO kv2rel.seed_manifest (kv_table, key, hazard, code, detail)
            SELECT %5$L::regclass, t.key, pg_catalog.split_part(t.tag, '.', 1), pg_catalog.split_part(t.tag, '.', 2),
                   t.detail
              FROM tag AS t
             WHERE NOT t.unlisted
        ), elig AS (
            SELECT s.elig, count(*) AS n
              FROM src AS s
             WHERE s.elig <> 0
             GROUP BY s.elig
        ), code AS (
            SELECT pg_catalog.split_part(t.tag, '.', 1) AS hazard, pg_catalog.split_part(t.tag, '.', 2) AS code,
                   count(*) AS keys,
                   count(*) FILTER (
                       WHERE t.elig & (1::bigint << (pg_catalog.array_position(kv2rel.seed_hazard_names(),
                                                                               pg_catalog.split_part(t.tag, '.', 1))
                                                     - 1)) <> 0
                   ) AS injected
              FROM tag AS t
             GROUP BY 1, 2
        )
        SELECT pg_catalog.jsonb_build_object(
            'families', COALESCE((
                SELECT pg_catalog.jsonb_object_agg(f.family, f.n)
                  FROM (SELECT s.family, count(*) AS n FROM src AS s WHERE s.key IS NOT NULL GROUP BY s.family) AS f
            ), '{}'),
            'eligible', COALESCE((
                SELECT pg_catalog.jsonb_object_agg(x.name, x.n)
                  FROM (
                      SELECT h.name, sum(e.n) AS n
                        FROM elig AS e
                       CROSS JOIN pg_catalog.unnest(kv2rel.seed_hazard_names()) WITH ORDINALITY AS h (name, ord)
                       WHERE e.elig & (1::bigint << (h.ord::integer - 1)) <> 0
                       GROUP BY h.name
                  ) AS x
            ), '{}'),
            'injected', COALESCE((
                SELECT pg_catalog.jsonb_object_agg(x.hazard, x.n)
                  FROM (SELECT c.hazard, sum(c.injected) AS n FROM code AS c GROUP BY c.hazard) AS x
                 WHERE x.n > 0
            ), '{}'),
            'codes', COALESCE((
                SELECT pg_catalog.jsonb_object_agg(c.hazard || '.' || c.code, c.keys) FROM code AS c
            ), '{}')
        )
        $sql$,
        p_src, p_kv, v_cols, v_vals, p_kv::text
    )
    INTO v_report
    USING p_seed, p_n, p_h;
    RETURN v_report;
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_emit(regclass, bigint, jsonb, jsonb, text) IS
'KV generator: insert the rows of one generator SELECT into the KV table, list its hazard tags in '
'kv2rel.seed_manifest, and return per-family row counts and per-hazard eligible/injected record counts.';
