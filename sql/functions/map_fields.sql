-- Function: kv2rel.map_fields
-- Purpose: map one KV value to the columns of its entity's target table, by the data-driven rules:
--          view kv2rel.field_sources (aliases and precedence), kv2rel.coerce (coercions), kv2rel.value_map
--          (enumerated columns) and kv2rel.column_rules (required columns, defaults). Read-only; never raises
--          for bad data: every refused or conflicting source is reported in problems.
-- Usage (psql): SELECT kv2rel.map_fields('client', value, to_jsonb(c))
--                 FROM public.kv_store_6fcaeea3 JOIN kv2rel.kv_classification AS c USING (key)
--                WHERE c.entity = 'client';
--               SELECT kv2rel.map_fields('employee', '{"name": "Priya Natarajan"}',
--                                        to_jsonb(kv2rel.classify_key('employee:site-1:emp-002')));
--
-- p_key is the key's classification (any object with key, parent_id, entity_id, environment; e.g. a row of
-- kv2rel.kv_classification as jsonb): it feeds the {$key,...} sources and the legacy id. Result:
--   {"entity", "target_table", "legacy_id",
--    "columns":  {column: JSON value, ..., "id": uuid, "legacy_id": text, "extra": {unmapped fields}},
--    "problems": [{"column", "source", "value", "reason", "blocking"}],  -- refused, conflicting, missing
--    "defaults": [columns filled from kv2rel.column_rules],
--    "quarantine": true when a problem is blocking (what kv2rel.plan predicts)}
-- Blocking: a required column without a usable source (with a default: only when a source was present but
-- refused), an enumerated column whose present values are all rejected or unmapped, no id, an id that is a
-- JavaScript artefact (undefined, null, NaN), a scoped id without its scope, a value that is not an object.
-- Rules: for each column the present source with the lowest precedence whose coercion and value map succeed
-- wins; a present source that fails is reported and the next one is tried; a present source that loses and
-- differs from the winner is reported as a conflict and kept in extra. Sources that were used (or equal the
-- winner) are removed from the value; what remains is extra, so no field is lost silently. Container columns
-- (coercion jsonb or jsonb_object, e.g. settings) fed by a whole top-level object receive it without the members
-- mapped elsewhere; structured values (address, validation_methods) are taken whole. Secret-looking keys
-- (kv2rel.find_secrets) are removed from every JSON column and from extra: moved into the target's *_secret
-- column when it has one (JSON object keyed by dotted path), otherwise dropped and reported (value not shown).
-- A column absent from "columns" has no source: the table DEFAULT applies. Entities without a target table
-- (shipping_address) map the explicit aliases only and return "extra" beside "columns".

CREATE OR REPLACE FUNCTION kv2rel.map_fields(
    p_entity text,
    p_value jsonb,
    p_key jsonb DEFAULT NULL
)
RETURNS jsonb
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    c_uuid CONSTANT text := '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$';
    v_coerced record;
    v_column text;
    v_columns jsonb := '{}';
    v_consumed jsonb := '[]';
    v_defaults jsonb := '[]';
    v_entity kv2rel.kv_entities;
    v_enumerated text[];
    v_extra jsonb;
    v_legacy_id text;
    v_lenient text[];
    v_refused text[];
    v_mapped record;
    v_members jsonb := '{}';
    v_present text[] := ARRAY[]::text[];
    v_path jsonb;
    v_problems jsonb := '[]';
    v_raw jsonb;
    v_residual jsonb;
    v_rule kv2rel.column_rules;
    v_scope text;
    v_secret record;
    v_secret_column text;
    v_secrets jsonb := '{}';
    v_source jsonb;
    v_sources jsonb;
    v_table regclass;
    v_table_columns text[] := ARRAY[]::text[];
    v_value_id text;
    v_winners jsonb := '{}';
BEGIN
    SELECT e.* INTO v_entity FROM kv2rel.kv_entities AS e WHERE e.entity = p_entity;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown entity %', coalesce(quote_literal(p_entity), 'NULL')
            USING ERRCODE = 'K2204',
                  HINT = 'Entities are listed in kv2rel.kv_entities.';
    END IF;
    IF p_value IS NULL OR jsonb_typeof(p_value) <> 'object' THEN
        RETURN jsonb_build_object(
            'entity', p_entity, 'target_table', v_entity.target_table, 'legacy_id', NULL,
            'columns', '{}'::jsonb, 'defaults', '[]'::jsonb, 'quarantine', TRUE,
            'problems', jsonb_build_array(jsonb_build_object(
                'column', NULL, 'source', NULL, 'value', p_value, 'blocking', TRUE,
                'reason', format('the value is %s, expected a JSON object',
                                 coalesce('a JSON ' || jsonb_typeof(p_value), 'NULL'))
            ))
        );
    END IF;

    v_table := to_regclass(v_entity.target_table);
    IF v_table IS NOT NULL THEN
        SELECT array_agg(a.attname::text ORDER BY a.attnum),
               min(a.attname::text) FILTER (
                   WHERE a.attname LIKE '%\_secret' AND a.atttypid = 'jsonb'::regtype
               )
          INTO v_table_columns, v_secret_column
          FROM pg_catalog.pg_attribute AS a
         WHERE a.attrelid = v_table
           AND a.attnum > 0
           AND NOT a.attisdropped;
    END IF;
    SELECT array_agg(DISTINCT m.target_column) INTO v_enumerated FROM kv2rel.value_map AS m WHERE m.entity = p_entity;
    SELECT coalesce(array_agg(r.target_column), ARRAY[]::text[]) INTO v_lenient
      FROM kv2rel.column_rules AS r
     WHERE r.entity = p_entity AND r.lenient;

    -- Legacy id: the value's id (FKs in other records point at it), unless it repeats the whole key
    -- (role:{uuid}, order:{site}:{uuid}); then, or when the value has none, the id read from the key.
    IF jsonb_typeof(p_value -> 'id') IN ('string', 'number') THEN
        v_value_id := nullif(btrim(p_value ->> 'id'), '');
    END IF;
    v_legacy_id := CASE
                       WHEN v_value_id IS NULL OR v_value_id = p_key ->> 'key' THEN nullif(p_key ->> 'entity_id', '')
                       ELSE v_value_id
                   END;

    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'column', s.target_column, 'path', to_jsonb(s.source_path),
               'source', array_to_string(s.source_path, '.'), 'coercion', s.coercion, 'raw', r.raw
           ) ORDER BY s.target_column, s.precedence, s.origin, s.source_path), '[]'::jsonb)
      INTO v_sources
      FROM kv2rel.field_sources AS s
     CROSS JOIN LATERAL (
            SELECT CASE
                       WHEN s.source_path[1] = '$key' THEN to_jsonb(p_key ->> s.source_path[2])
                       WHEN s.source_path[1] = '$legacy_id' THEN to_jsonb(v_legacy_id)
                       ELSE p_value #> s.source_path
                   END AS raw
           ) AS r
     WHERE s.entity = p_entity;

    FOR v_source IN SELECT e.value FROM jsonb_array_elements(v_sources) AS e LOOP
        v_raw := v_source -> 'raw';
        CONTINUE WHEN v_raw IS NULL OR v_raw = 'null'::jsonb;
        IF jsonb_typeof(v_raw) = 'string' AND btrim(v_raw #>> '{}', E' \t\n\r\f\x0B') = '' THEN
            v_consumed := v_consumed || jsonb_build_array(v_source -> 'path');  -- blank: absent, nothing to keep
            CONTINUE;
        END IF;
        v_column := v_source ->> 'column';
        v_path := v_source -> 'path';
        v_scope := NULL;
        IF v_source ->> 'coercion' NOT LIKE 'flag:%' OR coalesce(kv2rel.to_boolean_lenient(v_raw), TRUE) THEN
            v_present := v_present || v_column;  -- a false flag (deleted: false) is not a source of its column
        END IF;
        IF v_source ->> 'coercion' LIKE 'ref:%@%' THEN
            SELECT btrim(e.value -> 'raw' #>> '{}', E' \t\n\r\f\x0B')
              INTO v_scope
              FROM jsonb_array_elements(v_sources) WITH ORDINALITY AS e (value, n)
             WHERE e.value ->> 'column' = split_part(v_source ->> 'coercion', '@', 2)
               AND jsonb_typeof(e.value -> 'raw') IN ('string', 'number')
               AND btrim(e.value -> 'raw' #>> '{}', E' \t\n\r\f\x0B') <> ''
             ORDER BY e.n
             LIMIT 1;
        END IF;
        SELECT c.value, c.reason
          INTO v_coerced
          FROM kv2rel.coerce(v_raw, v_source ->> 'coercion', p_value, v_scope) AS c;

        IF v_source ->> 'coercion' = 'member' THEN
            v_members := jsonb_set(
                v_members, ARRAY[v_column],
                coalesce(v_members -> v_column, '{}'::jsonb)
                || jsonb_build_object(v_source ->> 'source', v_raw)
            );
            v_consumed := v_consumed || jsonb_build_array(v_path);
            CONTINUE;
        END IF;
        IF v_coerced.value IS NOT NULL AND v_column = ANY (v_enumerated) THEN
            SELECT m.value, m.action, m.reason INTO v_mapped
              FROM kv2rel.map_value(p_entity, v_column, v_coerced.value #>> '{}') AS m;
            IF v_mapped.action IN ('reject', 'unmapped') THEN
                v_coerced.reason := CASE v_mapped.action
                                        WHEN 'reject' THEN format('%s %s is rejected by the value map: %s', v_column,
                                                                  quote_literal(v_coerced.value #>> '{}'),
                                                                  v_mapped.reason)
                                        ELSE v_mapped.reason
                                    END;
                v_coerced.value := NULL;
            ELSE
                v_coerced.value := to_jsonb(v_mapped.value);
            END IF;
        END IF;

        IF v_columns ? v_column THEN
            IF v_coerced.value = v_columns -> v_column OR v_path ->> 0 LIKE '$%' THEN
                -- same value under another spelling, or a fallback from the key (never a conflict)
                v_consumed := v_consumed || jsonb_build_array(v_path);
            ELSE
                v_problems := v_problems || jsonb_build_object(
                    'column', v_column, 'source', v_source ->> 'source', 'value', v_raw,
                    'reason', CASE
                                  WHEN v_coerced.value IS NULL THEN v_coerced.reason
                                  ELSE format('conflicts with %s, which has precedence; kept in extra',
                                              v_winners -> v_column ->> 'source')
                              END
                );
            END IF;
        ELSIF v_coerced.value IS NOT NULL THEN
            v_columns := v_columns || jsonb_build_object(v_column, v_coerced.value);
            v_winners := v_winners || jsonb_build_object(
                v_column, jsonb_build_object('path', v_path, 'source', v_source ->> 'source',
                                             'coercion', v_source ->> 'coercion', 'scope', v_scope)
            );
            v_consumed := v_consumed || jsonb_build_array(v_path);
        ELSE
            v_problems := v_problems || jsonb_build_object(
                'column', v_column, 'source', v_source ->> 'source', 'value', v_raw, 'reason', v_coerced.reason
            );
        END IF;
    END LOOP;

    -- What is left of the value once the consumed nested members are removed; whole-object columns fed by a
    -- top-level member (settings, sync_schedule) take it from here, so mapped members are not stored twice.
    v_residual := p_value;
    FOR v_path IN SELECT e.value FROM jsonb_array_elements(v_consumed) AS e WHERE jsonb_array_length(e.value) > 1
                                                                              AND e.value ->> 0 NOT LIKE '$%' LOOP
        v_residual := v_residual #- ARRAY(SELECT jsonb_array_elements_text(v_path));
    END LOOP;
    FOR v_column, v_source IN SELECT w.key, w.value FROM jsonb_each(v_winners) AS w LOOP
        v_path := v_source -> 'path';
        IF jsonb_array_length(v_path) = 1 AND v_path ->> 0 NOT LIKE '$%'
           AND v_source ->> 'coercion' IN ('jsonb', 'jsonb_object')
           AND (v_residual -> (v_path ->> 0)) IS DISTINCT FROM (p_value -> (v_path ->> 0)) THEN
            SELECT c.value INTO v_coerced
              FROM kv2rel.coerce(v_residual -> (v_path ->> 0), v_source ->> 'coercion', p_value,
                                 v_source ->> 'scope') AS c;
            v_columns := jsonb_set(v_columns, ARRAY[v_column], coalesce(v_coerced.value, '{}'::jsonb));
        END IF;
    END LOOP;
    FOR v_column, v_source IN SELECT m.key, m.value FROM jsonb_each(v_members) AS m LOOP
        v_columns := v_columns || jsonb_build_object(
            v_column,
            CASE WHEN jsonb_typeof(v_columns -> v_column) = 'object' THEN v_columns -> v_column ELSE '{}' END
            || v_source
        );
    END LOOP;

    -- Enumerated columns whose present values were all rejected or unmapped block the record (no default
    -- replaces a refused value); so does any other column whose present values no source could coerce (the
    -- value is never silently lost), unless the column is lenient (kv2rel.column_rules). jsonb never refuses; a
    -- flag that is not true is no source. The per-source problems say why.
    v_problems := (
        SELECT coalesce(jsonb_agg(
                   pr.value || jsonb_build_object(
                       'blocking', NOT v_columns ? (pr.value ->> 'column')
                                   AND (
                                       (pr.value ->> 'column' = ANY (v_enumerated)
                                        AND pr.value ->> 'column' = ANY (v_present))
                                       OR (pr.value ->> 'reason' IS NOT NULL
                                           AND NOT pr.value ->> 'column' = ANY (v_lenient)
                                           AND EXISTS (
                                               SELECT 1
                                                 FROM jsonb_array_elements(v_sources) AS s (value)
                                                WHERE s.value ->> 'column' = pr.value ->> 'column'
                                                  AND s.value ->> 'source' = pr.value ->> 'source'
                                                  AND s.value ->> 'coercion' <> 'jsonb'
                                                  AND s.value ->> 'coercion' NOT LIKE 'flag:%'
                                           ))
                                   )
                   ) ORDER BY pr.n), '[]'::jsonb)
          FROM jsonb_array_elements(v_problems) WITH ORDINALITY AS pr (value, n)
    );
    SELECT coalesce(array_agg(DISTINCT pr.value ->> 'column'), ARRAY[]::text[]) INTO v_refused
      FROM jsonb_array_elements(v_problems) AS pr (value)
     WHERE (pr.value ->> 'blocking')::boolean;

    -- Defaults and required columns: a default fills a column without a winner unless the column is required
    -- and had a present (refused) source; a required column left empty blocks the record.
    FOR v_rule IN SELECT r.* FROM kv2rel.column_rules AS r WHERE r.entity = p_entity ORDER BY r.target_column LOOP
        CONTINUE WHEN v_columns ? v_rule.target_column;
        IF v_rule.default_value IS NOT NULL AND NOT (v_rule.required AND v_rule.target_column = ANY (v_present))
           AND NOT (v_rule.target_column = ANY (v_enumerated) AND v_rule.target_column = ANY (v_present))
           AND NOT v_rule.target_column = ANY (v_refused) THEN
            SELECT c.value INTO v_coerced
              FROM kv2rel.coerce(v_rule.default_value, coalesce(v_rule.default_coercion, 'jsonb')) AS c;
            v_columns := v_columns || jsonb_build_object(v_rule.target_column, v_coerced.value);
            v_defaults := v_defaults || to_jsonb(v_rule.target_column);
        ELSIF v_rule.required AND v_rule.fallback_column IS NOT NULL
              AND NOT v_rule.target_column = ANY (v_refused)
              AND (CASE WHEN v_rule.fallback_column = 'legacy_id' THEN v_legacy_id IS NOT NULL
                        ELSE v_columns ? v_rule.fallback_column END) THEN
            -- derived in the batch from the fallback column (kv2rel.derived_columns): reported, not blocking
            v_problems := v_problems || jsonb_build_object(
                'column', v_rule.target_column, 'source', NULL, 'value', NULL, 'blocking', FALSE,
                'reason', format('no %s: derived from %s by rule (kv2rel.derived_columns)', v_rule.target_column,
                                 v_rule.fallback_column)
            );
        ELSIF v_rule.required THEN
            v_problems := v_problems || jsonb_build_object(
                'column', v_rule.target_column, 'source', NULL, 'value', NULL, 'blocking', TRUE,
                'reason', format('missing required %s (no usable source among %s)', v_rule.target_column, (
                    SELECT string_agg(array_to_string(s.source_path, '.'), ', '
                                      ORDER BY s.precedence, s.origin, s.source_path)
                      FROM kv2rel.field_sources AS s
                     WHERE s.entity = p_entity AND s.target_column = v_rule.target_column
                       AND s.coercion <> 'member'
                ))
            );
        END IF;
    END LOOP;

    -- extra: the residual without the consumed top-level members and the id; members emptied by the mapping go.
    v_extra := v_residual - 'id';
    FOR v_path IN SELECT e.value FROM jsonb_array_elements(v_consumed) AS e WHERE jsonb_array_length(e.value) = 1
                                                                              AND e.value ->> 0 NOT LIKE '$%' LOOP
        v_extra := v_extra - (v_path ->> 0);
    END LOOP;
    SELECT coalesce(jsonb_object_agg(x.key, x.value), '{}'::jsonb)
      INTO v_extra
      FROM jsonb_each(v_extra) AS x
     WHERE NOT (x.value = '{}'::jsonb AND p_value -> x.key <> '{}'::jsonb);

    -- Secrets never stay in general JSON columns or extra.
    FOR v_column IN SELECT c.key FROM jsonb_each(v_columns || jsonb_build_object('extra', v_extra)) AS c
                     WHERE jsonb_typeof(c.value) IN ('object', 'array')
                       AND c.key IS DISTINCT FROM v_secret_column LOOP
        FOR v_secret IN SELECT s.path, s.value
                          FROM kv2rel.find_secrets(CASE WHEN v_column = 'extra' THEN v_extra
                                                        ELSE v_columns -> v_column END) AS s LOOP
            IF v_column = 'extra' THEN
                v_extra := v_extra #- v_secret.path;
            ELSE
                v_columns := v_columns #- (ARRAY[v_column] || v_secret.path);
            END IF;
            IF v_secret_column IS NOT NULL THEN
                v_secrets := v_secrets || jsonb_build_object(
                    array_to_string(CASE WHEN v_column = 'extra' THEN v_secret.path
                                         ELSE ARRAY[v_column] || v_secret.path END, '.'),
                    v_secret.value
                );
            ELSE
                v_problems := v_problems || jsonb_build_object(
                    'column', v_column, 'source', array_to_string(v_secret.path, '.'), 'value', '"[redacted]"'::jsonb,
                    'blocking', FALSE,
                    'reason', 'secret removed: the target table has no secret column, so it is not copied'
                );
            END IF;
        END LOOP;
    END LOOP;
    IF v_secrets <> '{}'::jsonb THEN
        v_columns := v_columns || jsonb_build_object(
            v_secret_column,
            CASE WHEN jsonb_typeof(v_columns -> v_secret_column) = 'object' THEN v_columns -> v_secret_column
                 ELSE '{}'::jsonb END || v_secrets
        );
    END IF;

    -- Identity: legacy_id and the deterministic UUID (scoped for entities whose ids repeat per parent).
    IF v_table IS NOT NULL THEN
        IF nullif(btrim(v_legacy_id), '') IS NULL THEN
            v_problems := v_problems || jsonb_build_object(
                'column', 'id', 'source', NULL, 'value', NULL, 'blocking', TRUE,
                'reason', 'no id in the value or the key'
            );
        ELSIF v_legacy_id IN ('undefined', 'null', 'NaN', '[object Object]') THEN
            v_problems := v_problems || jsonb_build_object(
                'column', 'id', 'source', NULL, 'value', to_jsonb(v_legacy_id), 'blocking', TRUE,
                'reason', format('id %s is a JavaScript artefact, not an id', v_legacy_id)
            );
        ELSIF v_entity.id_scope_column IS NOT NULL AND btrim(v_legacy_id) !~ c_uuid THEN
            SELECT btrim(e.value -> 'raw' #>> '{}', E' \t\n\r\f\x0B')
              INTO v_scope
              FROM jsonb_array_elements(v_sources) WITH ORDINALITY AS e (value, n)
             WHERE e.value ->> 'column' = v_entity.id_scope_column
               AND jsonb_typeof(e.value -> 'raw') IN ('string', 'number')
               AND btrim(e.value -> 'raw' #>> '{}', E' \t\n\r\f\x0B') <> ''
             ORDER BY e.n
             LIMIT 1;
            IF v_scope IS NULL THEN
                v_problems := v_problems || jsonb_build_object(
                    'column', 'id', 'source', NULL, 'value', to_jsonb(v_legacy_id), 'blocking', TRUE,
                    'reason', format('%s ids are only unique per %s, and no %s is known', p_entity,
                                     v_entity.id_scope_column, v_entity.id_scope_column)
                );
            ELSE
                v_columns := v_columns || jsonb_build_object(
                    'id', kv2rel.legacy_uuid(p_entity, v_scope || ':' || v_legacy_id)
                );
            END IF;
        ELSE
            v_columns := v_columns || jsonb_build_object('id', kv2rel.legacy_uuid(p_entity, v_legacy_id));
        END IF;
        IF 'legacy_id' = ANY (v_table_columns) AND v_legacy_id IS NOT NULL THEN
            v_columns := v_columns || jsonb_build_object('legacy_id', v_legacy_id);
        END IF;
    END IF;

    RETURN jsonb_build_object(
               'entity', p_entity,
               'target_table', v_entity.target_table,
               'legacy_id', v_legacy_id,
               'columns', CASE WHEN 'extra' = ANY (v_table_columns)
                               THEN v_columns || jsonb_build_object('extra', v_extra)
                               ELSE v_columns END,
               'problems', v_problems,
               'defaults', v_defaults,
               'quarantine', coalesce((SELECT bool_or((pr ->> 'blocking')::boolean)
                                         FROM jsonb_array_elements(v_problems) AS pr), FALSE)
           )
           || CASE WHEN 'extra' = ANY (v_table_columns) THEN '{}'::jsonb
                   ELSE jsonb_build_object('extra', v_extra) END;
END
$function$;

COMMENT ON FUNCTION kv2rel.map_fields(text, jsonb, jsonb) IS
'Map one KV value of entity p_entity to its target columns by the field map, coercions, value maps and column '
'rules: {entity, target_table, legacy_id, columns (incl. id, legacy_id, extra), problems, defaults}. p_key is the '
'key classification (e.g. a kv2rel.kv_classification row as jsonb). Read-only; never raises for bad data.';
