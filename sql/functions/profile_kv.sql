-- Function: kv2rel.profile_kv
-- Purpose: profile a KV table in SQL, read-only: counts per class, entity, key generation, environment and
--          rule; per entity the JSON fields seen (top level and one level down) with frequency, JSON types,
--          null and empty rates, largest sizes and the column each feeds; index arrays whose ids have no record,
--          records missing from their global index; keys whose value id differs from the key's id; unknown keys.
-- Usage (psql): SELECT jsonb_pretty(kv2rel.profile_kv('public.kv_store_6fcaeea3', 'production'));
--
-- p_env keeps keys of that environment and keys without an environment segment (others are counted in
-- excluded_other_environment); NULL keeps everything. Unknown environment names raise K2203. Samples hold at
-- most 10 keys or ids, sorted. Sizes are octet lengths of the JSON text.

CREATE OR REPLACE FUNCTION kv2rel.profile_kv(
    p_kv_table regclass,
    p_env text DEFAULT NULL
)
RETURNS jsonb
STABLE
SET search_path = pg_catalog, pg_temp
SET jit = off
LANGUAGE plpgsql
AS $function$
DECLARE
    v_environments text[] := kv2rel.known_environments(kv2rel.check_kv_table(p_kv_table));
    v_profile jsonb;
BEGIN
    IF p_env IS NOT NULL AND NOT p_env = ANY (v_environments) THEN
        RAISE EXCEPTION 'unknown environment % for KV table %', quote_literal(p_env), p_kv_table
            USING ERRCODE = 'K2203',
                  HINT = format('Known environments: %s. Register others in kv2rel.key_environments.',
                                array_to_string(v_environments, ', '));
    END IF;

    EXECUTE format($sql$
WITH all_rows AS (
    SELECT cl.key, cl.value, cl.key_class, cl.entity, cl.environment, cl.parent_id, cl.entity_id, cl.generation,
           cl.rule_name
      FROM (%s) AS cl
),
c AS MATERIALIZED (
    SELECT a.*,
           a.key_class IN ('entity', 'copy', 'join') AND jsonb_typeof(a.value) = 'object' AS is_record,
           CASE WHEN jsonb_typeof(a.value -> 'id') IN ('string', 'number') THEN nullif(btrim(a.value ->> 'id'), '') END
               AS value_id
      FROM all_rows AS a
     WHERE $2 IS NULL OR a.environment IS NULL OR a.environment = $2
),
counts AS (
    SELECT jsonb_build_object(
               'total_keys', (SELECT count(*) FROM c),
               'excluded_other_environment', (
                   SELECT count(*) FROM all_rows AS a WHERE $2 IS NOT NULL AND a.environment <> $2
               ),
               'by_class', (SELECT coalesce(jsonb_object_agg(x.k, x.n ORDER BY x.k), '{}') FROM (
                   SELECT c.key_class AS k, count(*) AS n FROM c GROUP BY 1) AS x),
               'by_entity', (SELECT coalesce(jsonb_object_agg(x.k, x.n ORDER BY x.k), '{}') FROM (
                   SELECT coalesce(c.entity, '(none)') AS k, count(*) AS n FROM c GROUP BY 1) AS x),
               'by_generation', (SELECT coalesce(jsonb_object_agg(x.k, x.n ORDER BY x.k), '{}') FROM (
                   SELECT coalesce(c.generation, '(none)') AS k, count(*) AS n FROM c GROUP BY 1) AS x),
               'by_environment', (SELECT coalesce(jsonb_object_agg(x.k, x.n ORDER BY x.k), '{}') FROM (
                   SELECT coalesce(c.environment, '(none)') AS k, count(*) AS n FROM c GROUP BY 1) AS x),
               'by_rule', (SELECT coalesce(jsonb_object_agg(x.k, x.n ORDER BY x.k), '{}') FROM (
                   SELECT coalesce(c.rule_name, '(none)') AS k, count(*) AS n FROM c GROUP BY 1) AS x),
               'by_entity_and_class', (SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.entity, x.key_class), '[]')
                   FROM (SELECT c.entity, c.key_class, count(*) AS keys FROM c WHERE c.entity IS NOT NULL
                          GROUP BY 1, 2) AS x)
           ) AS j
),
field_value AS (
    SELECT c.entity, e.key AS path, e.value
      FROM c
     CROSS JOIN LATERAL jsonb_each(c.value) AS e
     WHERE c.is_record
     UNION ALL
    SELECT c.entity, e.key || '.' || e2.key, e2.value
      FROM c
     CROSS JOIN LATERAL jsonb_each(c.value) AS e
     CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(e.value) = 'object' THEN e.value ELSE '{}' END) AS e2
     WHERE c.is_record
),
field_type AS (
    SELECT f.entity, f.path, jsonb_typeof(f.value) AS json_type, count(*) AS n,
           count(*) FILTER (
               WHERE f.value IN ('""'::jsonb, '[]'::jsonb, '{}'::jsonb)
                  OR (jsonb_typeof(f.value) = 'string' AND btrim(f.value #>> '{}') = '')
           ) AS empties,
           max(octet_length(f.value::text)) AS max_bytes
      FROM field_value AS f
     GROUP BY 1, 2, 3
),
field_stat AS (
    SELECT t.entity, t.path, sum(t.n) AS n, jsonb_object_agg(t.json_type, t.n ORDER BY t.json_type) AS types,
           coalesce(sum(t.n) FILTER (WHERE t.json_type = 'null'), 0) AS nulls, sum(t.empties) AS empties,
           max(t.max_bytes) AS max_bytes
      FROM field_type AS t
     GROUP BY 1, 2
),
record_stat AS (
    SELECT c.entity, count(*) AS records, max(octet_length(c.value::text)) AS max_value_bytes,
           round(avg(octet_length(c.value::text))) AS avg_value_bytes
      FROM c
     WHERE c.is_record
     GROUP BY 1
),
field_column AS (
    SELECT fs.entity, fs.path,
           CASE WHEN fs.path = 'id' THEN 'id, legacy_id' ELSE (
               SELECT string_agg(DISTINCT s.target_column, ', ')
                 FROM kv2rel.field_sources AS s
                WHERE s.entity = fs.entity AND array_to_string(s.source_path, '.') = fs.path
           ) END AS target_column,
           (SELECT a.attname::text
              FROM kv2rel.kv_entities AS e
              JOIN pg_catalog.pg_attribute AS a ON a.attrelid = to_regclass(e.target_table)
             WHERE e.entity = fs.entity AND a.attnum > 0 AND NOT a.attisdropped
               AND strpos(fs.path, '.') = 0 AND a.attname = kv2rel.camel_to_snake(fs.path)
               AND a.attname NOT IN ('id', 'legacy_id', 'extra')) AS same_name_column
      FROM field_stat AS fs
),
fields AS (
    SELECT jsonb_object_agg(r.entity, jsonb_build_object(
               'records', r.records,
               'max_value_bytes', r.max_value_bytes,
               'avg_value_bytes', r.avg_value_bytes,
               'fields', (
                   SELECT coalesce(jsonb_agg(jsonb_build_object(
                              'field', fs.path,
                              'count', fs.n,
                              'frequency', round(fs.n::numeric / r.records, 4),
                              'types', fs.types,
                              'null_rate', round(fs.nulls::numeric / fs.n, 4),
                              'empty_rate', round(fs.empties::numeric / fs.n, 4),
                              'max_bytes', fs.max_bytes,
                              'column', fc.target_column,
                              'suggested_column', CASE WHEN fc.target_column IS NULL THEN fc.same_name_column END
                          ) ORDER BY fs.path), '[]'::jsonb)
                     FROM field_stat AS fs
                     JOIN field_column AS fc ON fc.entity = fs.entity AND fc.path = fs.path
                    WHERE fs.entity = r.entity
               )
           ) ORDER BY r.entity) AS j
      FROM record_stat AS r
),
record_id AS (
    SELECT DISTINCT c.entity, x.id
      FROM c
     CROSS JOIN LATERAL (VALUES (c.entity_id), (c.value_id)) AS x (id)
     WHERE c.key_class IN ('entity', 'copy', 'join') AND x.id IS NOT NULL
),
index_key AS (
    SELECT c.key, c.entity, c.value, r.shape
      FROM c
      JOIN kv2rel.key_rules AS r ON r.rule_name = c.rule_name
     WHERE c.key_class = 'index'
),
index_item AS (
    SELECT i.key, i.entity, jsonb_typeof(e.value) AS item_type,
           CASE jsonb_typeof(e.value)
               WHEN 'string' THEN nullif(btrim(e.value #>> '{}'), '')
               WHEN 'number' THEN e.value #>> '{}'
               WHEN 'object' THEN nullif(btrim(e.value ->> 'id'), '')
           END AS id
      FROM index_key AS i
     CROSS JOIN LATERAL jsonb_array_elements(
                CASE WHEN jsonb_typeof(i.value) = 'array' THEN i.value ELSE '[]' END) AS e
),
drift AS (
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'key', i.key,
               'entity', i.entity,
               'form', CASE
                           WHEN jsonb_typeof(i.value) <> 'array' THEN 'not an array: ' || jsonb_typeof(i.value)
                           WHEN st.objects > 0 AND st.scalars > 0 THEN 'mixed ids and objects'
                           WHEN st.objects > 0 THEN 'objects'
                           ELSE 'ids'
                       END,
               'items', st.items,
               'distinct_ids', st.distinct_ids,
               'duplicate_ids', st.items - st.distinct_ids - st.no_id,
               'items_without_id', st.no_id,
               'ids_without_record', st.missing,
               'sample_ids_without_record', st.missing_sample,
               'records_not_in_index', CASE WHEN i.shape = 'exact' THEN nr.n END,
               'sample_records_not_in_index', CASE WHEN i.shape = 'exact' THEN nr.sample END
           ) ORDER BY i.key), '[]'::jsonb) AS j
      FROM index_key AS i
     CROSS JOIN LATERAL (
            SELECT count(*) AS items,
                   count(DISTINCT it.id) AS distinct_ids,
                   count(*) FILTER (WHERE it.id IS NULL) AS no_id,
                   count(*) FILTER (WHERE it.item_type = 'object') AS objects,
                   count(*) FILTER (WHERE it.item_type IN ('string', 'number')) AS scalars,
                   count(DISTINCT it.id) FILTER (
                       WHERE it.id IS NOT NULL
                         AND NOT EXISTS (SELECT 1 FROM record_id AS r WHERE r.entity = i.entity AND r.id = it.id)
                   ) AS missing,
                   coalesce((
                       SELECT jsonb_agg(m.id ORDER BY m.id) FROM (
                           SELECT DISTINCT it2.id FROM index_item AS it2
                            WHERE it2.key = i.key AND it2.id IS NOT NULL
                              AND NOT EXISTS (SELECT 1 FROM record_id AS r WHERE r.entity = i.entity AND r.id = it2.id)
                            ORDER BY it2.id LIMIT 10) AS m
                   ), '[]'::jsonb) AS missing_sample
              FROM index_item AS it
             WHERE it.key = i.key
           ) AS st
     CROSS JOIN LATERAL (
            SELECT count(*) AS n,
                   coalesce((SELECT jsonb_agg(x.key ORDER BY x.key) FROM (
                       SELECT r.key FROM c AS r
                        WHERE r.entity = i.entity AND r.key_class = 'entity'
                          AND NOT EXISTS (SELECT 1 FROM index_item AS it
                                           WHERE it.key = i.key AND it.id IN (r.entity_id, r.value_id))
                        ORDER BY r.key LIMIT 10) AS x), '[]'::jsonb) AS sample
              FROM c AS r
             WHERE r.entity = i.entity AND r.key_class = 'entity'
               AND NOT EXISTS (
                    SELECT 1 FROM index_item AS it WHERE it.key = i.key AND it.id IN (r.entity_id, r.value_id)
                   )
           ) AS nr
),
mismatch AS (
    SELECT jsonb_build_object(
               'count', count(*),
               'sample', coalesce((SELECT jsonb_agg(jsonb_build_object('key', x.key, 'key_id', x.entity_id,
                                                                      'value_id', x.value_id) ORDER BY x.key)
                                     FROM (SELECT m.key, m.entity_id, m.value_id FROM c AS m
                                            WHERE m.key_class IN ('entity', 'copy', 'join') AND m.value_id IS NOT NULL
                                              AND m.value_id <> m.key AND m.value_id IS DISTINCT FROM m.entity_id
                                            ORDER BY m.key LIMIT 10) AS x), '[]'::jsonb)
           ) AS j
      FROM c
     WHERE c.key_class IN ('entity', 'copy', 'join') AND c.value_id IS NOT NULL
       AND c.value_id <> c.key AND c.value_id IS DISTINCT FROM c.entity_id
),
unknown AS (
    SELECT jsonb_build_object(
               'count', count(*),
               'sample', coalesce((SELECT jsonb_agg(x.key ORDER BY x.key) FROM (
                   SELECT u.key FROM c AS u WHERE u.key_class = 'unknown' ORDER BY u.key LIMIT 10) AS x), '[]'::jsonb)
           ) AS j
      FROM c
     WHERE c.key_class = 'unknown'
),
non_object AS (
    SELECT coalesce(jsonb_object_agg(x.entity, x.n ORDER BY x.entity), '{}'::jsonb) AS j
      FROM (SELECT c.entity, count(*) AS n FROM c
             WHERE c.key_class IN ('entity', 'copy', 'join') AND jsonb_typeof(c.value) <> 'object'
             GROUP BY 1) AS x
)
SELECT jsonb_build_object('kv_table', %L, 'environment', $2, 'known_environments', to_jsonb($1))
       || (SELECT j FROM counts)
       || jsonb_build_object(
              'entities', coalesce((SELECT j FROM fields), '{}'::jsonb),
              'records_with_non_object_value', (SELECT j FROM non_object),
              'index_drift', (SELECT j FROM drift),
              'id_mismatches', (SELECT j FROM mismatch),
              'unknown_keys', (SELECT j FROM unknown)
          )
$sql$,
        kv2rel.classification_sql(format('SELECT k.key::text AS key, k.value FROM %s AS k', p_kv_table)),
        p_kv_table::text
    )
      INTO v_profile
      USING v_environments, p_env;
    RETURN v_profile;
END
$function$;

COMMENT ON FUNCTION kv2rel.profile_kv(regclass, text) IS
'Read-only profile of a KV table as JSON: counts per class, entity, generation, environment and rule; per entity '
'the fields with frequency, JSON types, null/empty rates, sizes and the column they feed; index drift (ids without '
'record, records missing from global indexes); value/key id mismatches; unknown keys. p_env filters (K2203 if '
'unknown).';
