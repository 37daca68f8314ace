-- Function: kv2rel.plan_sql
-- Purpose: the one read-only query behind kv2rel.plan, compiled from the key rules (kv2rel.classification_case)
--          and the mapping rules (kv2rel.plan_entity_checks). Exposed so a DBA can read or EXPLAIN it.
-- Usage (psql): SELECT kv2rel.plan_sql('public.kv_store_6fcaeea3');
--
-- Parameters of the query: $1 = known environments (text[]), $2 = selected environment (text, NULL: all). It
-- returns the columns of kv2rel.plan. Per row, in this order (docs/mapping.md, "The plan"):
--   quarantine  unknown key;
--   skip        key of another environment than $2 (keys without an environment segment are always in);
--   skip        index, pointer, link, ephemeral, secret and log keys; entities without a target table;
--   quarantine  value not a JSON object; no id in value or key; id is a JavaScript artefact (undefined, null,
--               NaN, [object Object]); id needs a scope (employees: a site) and has none; a required column
--               with no usable source; an enumerated column whose present values are all rejected or unmapped;
--   merge       several rows map to the same entity and UUID: all but the winner are merged into it. Winner:
--               a non-copy before a copy, then the newest updated_at (else created_at), then the key generation
--               env_scoped > singular > parent_scoped > legacy_plural, then the key;
--   migrate     everything else.
-- kv2rel.map_fields applies the same rules record by record; plan predicts its "quarantine" flag.
--
-- Shape: the KV table is scanned once; the CASE of kv2rel.classification_case computes every fact read from the
-- key (classification, legacy id, the outcome when already decided); the layer above it computes the record's
-- date guard (dates_ok_sql of kv2rel.plan_entity_checks, for records whose outcome is open); the next one
-- evaluates the checks of
-- the record's entity (kv2rel.plan_entity_checks: id scope, newest-wins timestamp, and the blocking problems only
-- for records whose outcome is still open), once per entity rather than once per key rule; the layers above
-- hash the legacy-id name, turn the SHA-1 into the UUID (same bits as kv2rel.uuid_from_sha1) and decide the
-- outcome. Each layer is a
-- subquery with OFFSET '0' so that its expressions are computed once per row and not copied into every column
-- that uses them. The literal is quoted on purpose: the planner then sees a constant zero and lets parallel
-- workers run the subquery, whereas OFFSET 0 (an integer converted to bigint) counts as a real OFFSET and would
-- leave every layer above the scan to the leader. The leader materialises the rows, finds duplicate UUIDs with
-- a hash aggregate and ranks only the duplicate groups; there is no sort of all rows.
-- requires: classification_case
-- requires: plan_entity_checks

CREATE OR REPLACE FUNCTION kv2rel.plan_sql(
    p_kv_table regclass
)
RETURNS text
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    -- per entity: ARRAY[id scope, blocking problems (only while the outcome is open), raw updated_at/created_at]
    v_checks text;
    -- per entity with date columns: the record's date guard (kv2rel.plan_entity_checks, dates_ok_sql)
    v_dates_ok text;
BEGIN
    PERFORM kv2rel.check_kv_table(p_kv_table);
    SELECT 'CASE c.entity ' || string_agg(
               format(
                   'WHEN %L THEN ARRAY[%s, %s, %s]',
                   x.entity,
                   coalesce(x.id_scope_sql, 'NULL'),
                   coalesce('CASE WHEN c.decided IS NULL THEN ' || x.problems_sql || ' END', 'NULL'),
                   coalesce(x.sort_ts_sql || '::text', 'NULL')
               ),
               ' ' ORDER BY x.entity
           ) || ' END',
           'CASE c.entity ' || string_agg(format('WHEN %L THEN %s', x.entity, x.dates_ok_sql), ' ' ORDER BY x.entity)
               FILTER (WHERE x.dates_ok_sql IS NOT NULL AND x.problems_sql IS NOT NULL) || ' END'
      INTO v_checks, v_dates_ok
      FROM (
            -- the record placeholders of the check templates are columns of layer c
            SELECT ch.entity,
                   replace(replace(replace(replace(replace(t.sql[1],
                       'kv2rel_ctx.value', 'c.value'), 'kv2rel_ctx.parent_id', 'c.parent_id'),
                       'kv2rel_ctx.entity_id', 'c.entity_id'), 'kv2rel_ctx.environment', 'c.environment'),
                       'kv2rel_ctx.legacy_id', 'c.legacy_id') AS id_scope_sql,
                   replace(replace(replace(replace(replace(t.sql[2],
                       'kv2rel_ctx.value', 'c.value'), 'kv2rel_ctx.parent_id', 'c.parent_id'),
                       'kv2rel_ctx.entity_id', 'c.entity_id'), 'kv2rel_ctx.environment', 'c.environment'),
                       'kv2rel_ctx.legacy_id', 'c.legacy_id') AS problems_sql,
                   replace(replace(replace(replace(replace(t.sql[3],
                       'kv2rel_ctx.value', 'c.value'), 'kv2rel_ctx.parent_id', 'c.parent_id'),
                       'kv2rel_ctx.entity_id', 'c.entity_id'), 'kv2rel_ctx.environment', 'c.environment'),
                       'kv2rel_ctx.legacy_id', 'c.legacy_id') AS sort_ts_sql,
                   replace(t.sql[4], 'kv2rel_ctx.value', 'c.value') AS dates_ok_sql
              FROM kv2rel.plan_entity_checks() AS ch
             CROSS JOIN LATERAL (
                    SELECT ARRAY[ch.id_scope_sql, replace(ch.problems_sql, 'kv2rel_ctx.dates_ok', 'c.dates_ok'),
                                 ch.sort_ts_sql, ch.dates_ok_sql] AS sql
                   ) AS t
           ) AS x;
    RETURN format(
        $sql$WITH scanned AS (
    SELECT s.key,
           s.value,
           %1$s AS a
      FROM (
            SELECT k.key::text AS key,
                   k.value,
                   nullif(btrim(CASE WHEN jsonb_typeof(k.value -> 'id') IN ('string', 'number')
                                     THEN k.value ->> 'id' END), '') AS kv2rel_value_id
              FROM %2$s AS k
            OFFSET '0'
           ) AS s
    OFFSET '0'
),
c AS (
    SELECT s.key,
           s.value,
           s.a[1] AS rule_name,
           coalesce(s.a[2], 'unknown') AS key_class,
           s.a[3] AS entity,
           s.a[4] AS generation,
           s.a[5] AS environment,
           s.a[6] AS parent_id,
           s.a[7] AS entity_id,
           s.a[8] AS target_table,
           s.a[9] AS id_scope_column,
           s.a[10] AS value_id,
           s.a[11] AS legacy_id,
           s.a[12] AS decided,
           CASE WHEN octet_length(btrim(s.a[11])) = 36 THEN btrim(s.a[11]) ~ %3$L ELSE FALSE END AS id_is_uuid
      FROM scanned AS s
    OFFSET '0'
),
g AS (
    -- the record's date guard, once per record whose problems are checked (read by the checks as c.dates_ok)
    SELECT c.*,
           CASE WHEN c.target_table IS NOT NULL AND c.decided IS NULL THEN %6$s END AS dates_ok
      FROM c
    OFFSET '0'
),
e AS (
    -- the checks of the record's entity (records with a target table only)
    SELECT c.*,
           CASE WHEN c.target_table IS NOT NULL THEN %5$s END AS x
      FROM g AS c
    OFFSET '0'
),
h AS (
    -- SHA-1 (hex) of the name kv2rel.legacy_uuid hashes (entity:id, or entity:scope:id), for ids not UUIDs
    SELECT c.key, c.rule_name, c.key_class, c.entity, c.generation, c.environment, c.target_table,
           c.entity_id, c.id_scope_column, c.value_id, c.legacy_id, c.decided, c.id_is_uuid,
           c.x[1] AS id_scope,
           c.x[2] AS problems,
           c.x[3] AS sort_ts,
           CASE
               WHEN c.target_table IS NOT NULL AND NOT c.id_is_uuid AND nullif(btrim(c.legacy_id), '') IS NOT NULL
                    AND left(c.decided, 1) IS DISTINCT FROM 'Q'
                   THEN encode(kv2rel.sha1(%4$L::bytea || decode(replace(
                            c.entity || ':' || btrim(CASE WHEN c.id_scope_column IS NULL THEN c.legacy_id
                                                          ELSE c.x[1] || ':' || c.legacy_id END),
                            '\', '\\'), 'escape')), 'hex')
           END AS id_hash
      FROM e AS c
    OFFSET '0'
),
p AS MATERIALIZED (
    SELECT c.key, c.key_class, c.entity, c.environment, c.generation, c.rule_name, c.target_table, c.legacy_id,
           c.sort_ts,
           CASE
               WHEN c.target_table IS NULL OR nullif(btrim(c.legacy_id), '') IS NULL OR left(c.decided, 1) = 'Q'
                   THEN NULL
               WHEN c.id_is_uuid THEN lower(btrim(c.legacy_id))::uuid
               -- version 5 and RFC variant bits on the SHA-1, as kv2rel.uuid_from_sha1 sets them
               ELSE (substr(c.id_hash, 1, 12) || '5' || substr(c.id_hash, 14, 3)
                     || translate(substr(c.id_hash, 17, 1), '0123456789abcdef', '89ab89ab89ab89ab')
                     || substr(c.id_hash, 18, 15))::uuid
           END AS mapped_id,
           -- outcome code (M migrate, Q quarantine, S skip) followed by the reason
           CASE
               WHEN c.decided IS NOT NULL THEN c.decided
               WHEN nullif(btrim(c.legacy_id), '') IS NULL THEN 'Qno id in the value or the key'
               WHEN c.legacy_id IN ('undefined', 'null', 'NaN', '[object Object]')
                   THEN 'Qid ' || c.legacy_id || ' is a JavaScript artefact, not an id'
               WHEN c.id_scope_column IS NOT NULL AND c.id_scope IS NULL AND NOT c.id_is_uuid
                   THEN 'Q' || c.entity || ' ids are only unique per ' || c.id_scope_column
                        || ', and this record has none'
               WHEN c.problems IS NOT NULL THEN 'Q' || c.problems
               WHEN c.key_class = 'copy' THEN 'Mcopy of a record with no other key: migrated from the copy'
               WHEN c.value_id IS NOT NULL AND c.value_id <> c.key AND c.value_id <> c.entity_id
                   THEN 'Mthe value id differs from the key id; the value id is the legacy id'
               ELSE 'Mmaps without blocking problems'
           END AS coded
      FROM h AS c
),
dup AS (
    -- UUIDs that more than one migrating row maps to (real UUIDs kept as they are may repeat across entities;
    -- the ranking below partitions by entity as well)
    SELECT p.mapped_id
      FROM p
     WHERE left(p.coded, 1) = 'M' AND p.mapped_id IS NOT NULL
     GROUP BY p.mapped_id
    HAVING count(*) > 1
),
ranked AS (
    SELECT p.*,
           first_value(p.key) OVER (
               PARTITION BY p.entity, p.mapped_id
               ORDER BY p.key_class = 'copy',
                        -- a toISOString() date (the usual value) is cast as it is, the same instant the lenient
                        -- parser gives; the PL/pgSQL parser only for other forms
                        CASE WHEN p.sort_ts ~ %7$L THEN substr(p.sort_ts, 2, 24)::timestamptz
                             ELSE kv2rel.to_timestamptz_lenient(p.sort_ts::jsonb) END DESC NULLS LAST,
                        CASE p.generation WHEN 'env_scoped' THEN 1 WHEN 'singular' THEN 2
                                          WHEN 'parent_scoped' THEN 3 WHEN 'legacy_plural' THEN 4 ELSE 5 END,
                        p.key
           ) AS winner_key
      FROM p
      JOIN dup ON dup.mapped_id = p.mapped_id
     WHERE left(p.coded, 1) = 'M'
)
-- rows outside duplicate groups (the NOT IN is a hashed subplan over the few duplicate UUIDs) ...
SELECT p.key,
       p.key_class,
       p.entity,
       p.environment,
       p.generation,
       p.rule_name,
       p.target_table,
       p.legacy_id,
       p.mapped_id,
       CASE left(p.coded, 1) WHEN 'M' THEN 'migrate' WHEN 'Q' THEN 'quarantine' ELSE 'skip' END AS outcome,
       substr(p.coded, 2) AS reason,
       NULL::text AS merged_into
  FROM p
 WHERE left(p.coded, 1) <> 'M' OR p.mapped_id NOT IN (SELECT dup.mapped_id FROM dup)
UNION ALL
-- ... and the rows of duplicate groups: the winner migrates, the others merge into it
SELECT r.key,
       r.key_class,
       r.entity,
       r.environment,
       r.generation,
       r.rule_name,
       r.target_table,
       r.legacy_id,
       r.mapped_id,
       CASE WHEN r.winner_key = r.key THEN 'migrate' ELSE 'merge' END,
       CASE WHEN r.winner_key = r.key THEN substr(r.coded, 2)
            ELSE 'duplicate of the record in merged_into (same entity and id)' END,
       CASE WHEN r.winner_key <> r.key THEN r.winner_key END
  FROM ranked AS r$sql$,
        kv2rel.classification_case(TRUE),
        p_kv_table,
        '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$',
        '\x' || replace(kv2rel.legacy_uuid_namespace()::text, '-', ''),
        coalesce(v_checks, 'NULL::text[]'),
        coalesce(v_dates_ok, 'NULL::boolean'),
        '^"(?:19|20)[0-9]{2}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)'
        '|02-(?:0[1-9]|1[0-9]|2[0-8]))T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}Z"$'
    );
END
$function$;

COMMENT ON FUNCTION kv2rel.plan_sql(regclass) IS
'The read-only query kv2rel.plan runs for p_kv_table, compiled from key rules, field sources, column rules and value '
'maps; parameters $1 = known environments (text[]), $2 = selected environment (text or NULL).';
