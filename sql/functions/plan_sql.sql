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
-- Shape: the KV table is scanned once; the CASE of kv2rel.classification_case computes every per-row fact in
-- the scan itself (parallel workers): classification, legacy id, id scope, blocking problems, the SHA-1 of the
-- legacy-id name. The leader turns the SHA-1 into the UUID (same bits as kv2rel.uuid_from_sha1), decides the
-- outcome, and finds duplicates with a hash aggregate over the materialised rows; only duplicate groups are
-- sorted.
-- requires: classification_case

CREATE OR REPLACE FUNCTION kv2rel.plan_sql(
    p_kv_table regclass
)
RETURNS text
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM kv2rel.check_kv_table(p_kv_table);
    RETURN format(
        $sql$WITH scanned AS (
    SELECT s.key::text AS key,
           %1$s AS a
      FROM %2$s AS s
    OFFSET 0
),
c AS (
    SELECT s.key,
           s.a[1] AS rule_name,
           coalesce(s.a[2], 'unknown') AS key_class,
           s.a[3] AS entity,
           s.a[4] AS generation,
           s.a[5] AS environment,
           s.a[7] AS entity_id,
           s.a[8] AS target_table,
           s.a[9] AS id_scope_column,
           s.a[10] AS value_id,
           s.a[11] AS legacy_id,
           s.a[12] AS id_scope,
           s.a[13] AS problems,
           s.a[14] AS sort_ts,
           s.a[15] AS decided,
           s.a[16] AS id_hash,
           CASE WHEN octet_length(btrim(s.a[11])) = 36 THEN btrim(s.a[11]) ~ %3$L ELSE FALSE END AS id_is_uuid
      FROM scanned AS s
    OFFSET 0
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
      FROM c
),
dup AS (
    -- UUIDs that more than one migrating row maps to (real UUIDs kept as they are may repeat across entities;
    -- ranked below partitions by entity as well)
    SELECT p.mapped_id
      FROM p
     WHERE left(p.coded, 1) = 'M'
     GROUP BY p.mapped_id
    HAVING count(*) > 1
),
ranked AS (
    SELECT p.key,
           p.mapped_id,
           first_value(p.key) OVER (
               PARTITION BY p.entity, p.mapped_id
               ORDER BY p.key_class = 'copy',
                        kv2rel.to_timestamptz_lenient(p.sort_ts::jsonb) DESC NULLS LAST,
                        CASE p.generation WHEN 'env_scoped' THEN 1 WHEN 'singular' THEN 2
                                          WHEN 'parent_scoped' THEN 3 WHEN 'legacy_plural' THEN 4 ELSE 5 END,
                        p.key
           ) AS winner_key
      FROM p
      JOIN dup ON dup.mapped_id = p.mapped_id
     WHERE left(p.coded, 1) = 'M'
)
SELECT p.key,
       p.key_class,
       p.entity,
       p.environment,
       p.generation,
       p.rule_name,
       p.target_table,
       p.legacy_id,
       p.mapped_id,
       CASE
           WHEN r.winner_key <> p.key THEN 'merge'
           WHEN left(p.coded, 1) = 'M' THEN 'migrate'
           WHEN left(p.coded, 1) = 'Q' THEN 'quarantine'
           ELSE 'skip'
       END AS outcome,
       CASE WHEN r.winner_key <> p.key THEN 'duplicate of the record in merged_into (same entity and id)'
            ELSE substr(p.coded, 2) END AS reason,
       CASE WHEN r.winner_key <> p.key THEN r.winner_key END AS merged_into
  FROM p
  LEFT JOIN ranked AS r ON r.mapped_id = p.mapped_id AND r.key = p.key$sql$,
        kv2rel.classification_case(TRUE),
        p_kv_table,
        '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$'
    );
END
$function$;

COMMENT ON FUNCTION kv2rel.plan_sql(regclass) IS
'The read-only query kv2rel.plan runs for p_kv_table, compiled from key rules, field sources, column rules and value '
'maps; parameters $1 = known environments (text[]), $2 = selected environment (text or NULL).';
