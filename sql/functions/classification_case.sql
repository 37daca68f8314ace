-- Function: kv2rel.classification_case
-- Purpose: compile kv2rel.key_rules into one CASE expression over s.key (and s.value) that yields, per row, a
--          text[] of everything derived from the key: the first rule that matches decides, and its WHEN branch
--          reads the ids with expressions specialised for that rule (prefix and suffix lengths as constants).
-- Usage (psql): SELECT kv2rel.classification_case();
--
-- Elements: 1 rule_name, 2 key_class, 3 entity, 4 generation, 5 environment, 6 parent_id, 7 entity_id. With
-- p_plan (for kv2rel.plan_sql; $2 is then the selected environment), rules whose class is entity, copy or join
-- and whose entity has a target table add: 8 target_table, 9 id_scope_column, 10 value_id, 11 legacy_id, 12 the
-- outcome when already decided ('S' or 'Q' + reason: another environment, a value that is not an object); every
-- other rule gives 12 = 'S' + why it is skipped. No rule: {NULL, unknown}, and for the plan
-- 12 = 'Qno key rule matches this key'. The per-entity checks of the value (blocking problems, id scope, the
-- newest-wins timestamp) are not part of the CASE: kv2rel.plan_sql computes them once per entity in the layer
-- above it, from these elements (a key rule's branch stays small, and so does the compiled query).
-- In plan mode the source row must carry s.kv2rel_value_id, the trimmed scalar value.id (kv2rel.plan_sql
-- extracts it once per row, as several elements use it).
--
-- The CASE dispatches on the first character of the key, then on its first segment (text before the first
-- colon), then tries that segment's rules in evaluation order (priority, longer prefix, rule name); rules whose
-- prefix has no colon (hris_connection_) are tried with every segment of their first character. Prefixes and
-- suffixes are compared with starts_with() and right(), never with LIKE, so _ and % are ordinary characters.
-- Everything is one expression, evaluated once per row in its own subquery layer (run by parallel workers).
-- Known environments are the parameter $1 (text[]).

CREATE OR REPLACE FUNCTION kv2rel.classification_case(
    p_plan boolean DEFAULT FALSE
)
RETURNS text
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    -- value.id, extracted by kv2rel.plan_sql in the layer below the CASE
    c_value_id CONSTANT text := 's.kv2rel_value_id';
    v_case text;
    -- the array of a key no rule matches; for the plan it carries the outcome code and reason (Q: quarantine)
    v_unknown text := CASE
                          WHEN p_plan THEN 'ARRAY[NULL, ''unknown'', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,'
                                           ' NULL, ''Qno key rule matches this key'']'
                          ELSE 'ARRAY[NULL, ''unknown'']'
                      END;
BEGIN
    WITH rule AS (
        SELECT k.*,
               coalesce(k.suffix, '') AS suffix_text,
               length(k.prefix) AS plen,
               length(coalesce(k.suffix, '')) AS slen,
               format(
                   'substr(s.key, %s, length(s.key) - %s)',
                   length(k.prefix) + 1, length(k.prefix) + length(coalesce(k.suffix, ''))
               ) AS rest,
               -- The segment-aligned rules (the prefix ends with a colon, the suffix is empty or one :word, the
               -- parent/id separator is a colon, the rest is one segment, two segments, or free) are read with
               -- split_part and octet_length, which work on bytes. The generic forms need substr/length/strpos,
               -- which count UTF-8 characters from the start of the key on every call.
               right(k.prefix, 1) = ':'
               AND k.shape <> 'exact'
               AND (k.shape <> 'parent_id' OR k.infix = ':')
               AND (
                   (k.suffix IS NULL AND (k.rest_regex IS NULL OR k.rest_regex IN ('^[^:]+$', '^[^:]+:[^:]+$')))
                   OR (k.suffix ~ '^:[^:]+$' AND k.rest_regex = '^[^:]+$' AND k.shape IN ('id', 'parent'))
               ) AS fast,
               octet_length(k.prefix) + octet_length(coalesce(k.suffix, '')) AS fixed_bytes,
               format('split_part(s.key, '':'', %s)', length(k.prefix) - length(replace(k.prefix, ':', '')) + 1)
                   AS seg1,
               format('split_part(s.key, '':'', %s)', length(k.prefix) - length(replace(k.prefix, ':', '')) + 2)
                   AS seg2
          FROM kv2rel.key_rules AS k
    ),
    generic AS (
        SELECT r.rule_name,
               CASE r.shape WHEN 'env_id' THEN format('split_part(%s, '':'', 1)', r.rest) END AS env_sql,
               CASE r.shape
                   WHEN 'parent_id' THEN format('left(%1$s, strpos(%1$s, %2$L) - 1)', r.rest, r.infix)
                   WHEN 'parent' THEN r.rest
               END AS parent_sql,
               CASE r.shape
                   WHEN 'id' THEN r.rest
                   WHEN 'parent' THEN r.rest
                   WHEN 'env_id' THEN format('substr(%1$s, strpos(%1$s, '':'') + 1)', r.rest)
                   WHEN 'parent_id' THEN format('substr(%1$s, strpos(%1$s, %2$L) + %3$s)', r.rest, r.infix,
                                                length(r.infix))
               END AS entity_id_sql,
               CASE
                   WHEN r.shape = 'exact' THEN format('s.key = %L', r.prefix || r.suffix_text)
                   ELSE concat_ws(
                       ' AND ',
                       format('starts_with(s.key, %L)', r.prefix),
                       CASE WHEN r.slen > 0 THEN format('right(s.key, %s) = %L', r.slen, r.suffix_text) END,
                       format('octet_length(s.key) > %s', r.fixed_bytes),
                       CASE r.shape
                           WHEN 'env_id' THEN format(
                               'strpos(%1$s, '':'') > 1 AND length(%1$s) > strpos(%1$s, '':'')'
                               ' AND split_part(%1$s, '':'', 1) = ANY ($1)',
                               r.rest
                           )
                           WHEN 'parent_id' THEN format(
                               'strpos(%1$s, %2$L) > 1 AND length(%1$s) >= strpos(%1$s, %2$L) + %3$s',
                               r.rest, r.infix, length(r.infix)
                           ) || CASE
                               WHEN r.infix <> ':' THEN format(
                                   ' AND strpos(left(%1$s, strpos(%1$s, %2$L) - 1), '':'') = 0', r.rest, r.infix
                               )
                               ELSE ''
                           END
                       END,
                       CASE WHEN r.rest_regex IS NOT NULL THEN format('%s ~ %L', r.rest, r.rest_regex) END
                   )
               END AS condition
          FROM rule AS r
         WHERE NOT r.fast
    ),
    fast AS (
        SELECT r.rule_name,
               CASE r.shape WHEN 'env_id' THEN r.seg1 END AS env_sql,
               CASE
                   WHEN r.shape = 'parent' THEN r.seg1
                   WHEN r.shape = 'parent_id' THEN r.seg1
               END AS parent_sql,
               CASE
                   WHEN r.rest_regex = '^[^:]+$' THEN r.seg1
                   WHEN r.rest_regex = '^[^:]+:[^:]+$' AND r.shape = 'id' THEN format('%s || '':'' || %s', r.seg1,
                                                                                     r.seg2)
                   WHEN r.rest_regex = '^[^:]+:[^:]+$' THEN r.seg2
                   WHEN r.shape IN ('id', 'parent') THEN format('substr(s.key, %s)', r.plen + 1)
                   ELSE format('substr(s.key, %s + char_length(%s))', r.plen + 2, r.seg1)
               END AS entity_id_sql,
               concat_ws(
                   ' AND ',
                   format('starts_with(s.key, %L)', r.prefix),
                   CASE
                       -- one segment (then an optional :word suffix): the key is prefix, segment, suffix exactly
                       WHEN r.rest_regex = '^[^:]+$' THEN format(
                           '%1$s <> '''' AND octet_length(s.key) = %2$s + octet_length(%1$s)', r.seg1, r.fixed_bytes
                       ) || CASE WHEN r.suffix IS NOT NULL THEN format(' AND %s = %L', r.seg2, substr(r.suffix, 2))
                                 ELSE '' END
                       -- two segments: prefix, segment, colon, segment exactly
                       WHEN r.rest_regex = '^[^:]+:[^:]+$' THEN format(
                           '%1$s <> '''' AND %2$s <> '''' AND octet_length(s.key) = %3$s + octet_length(%1$s) + 1'
                           ' + octet_length(%2$s)', r.seg1, r.seg2, r.fixed_bytes
                       )
                       -- free rest (may hold colons): not empty; for env_id/parent_id a colon and an id after seg1
                       WHEN r.shape IN ('id', 'parent') THEN format('octet_length(s.key) > %s', r.fixed_bytes)
                       ELSE format('%1$s <> '''' AND octet_length(s.key) > %2$s + octet_length(%1$s) + 1', r.seg1,
                                   r.fixed_bytes)
                   END,
                   CASE WHEN r.shape = 'env_id' THEN format('%s = ANY ($1)', r.seg1) END
               ) AS condition
          FROM rule AS r
         WHERE r.fast
    ),
    parts AS (
        SELECT r.*, x.env_sql, x.parent_sql, x.entity_id_sql, x.condition
          FROM rule AS r
          JOIN (SELECT * FROM generic UNION ALL SELECT * FROM fast) AS x USING (rule_name)
    ),
    branch AS (
        SELECT p.*,
               'S' || CASE p.key_class
                          WHEN 'index' THEN 'index: a list of ids; records are found by their own keys'
                          WHEN 'pointer' THEN 'pointer to a record stored under its own key'
                          WHEN 'link' THEN 'link flag between records, not a record'
                          WHEN 'ephemeral' THEN 'ephemeral: session, token, cache or probe'
                          WHEN 'secret' THEN 'configuration holding secrets: never copied'
                          WHEN 'log' THEN 'operational log without a target table'
                          ELSE format('entity %s has no target table', p.entity)
                      END AS skip_reason,
               e.target_table,
               e.id_scope_column,
               -- legacy id: the value id, unless it repeats the whole key or is missing: then the key's id
               format('coalesce(nullif(%s, s.key), %s)', c_value_id, coalesce(p.entity_id_sql, 'NULL::text'))
                   AS legacy_sql
          FROM parts AS p
          LEFT JOIN kv2rel.kv_entities AS e
                 ON p_plan AND e.entity = p.entity AND e.target_table IS NOT NULL
                AND p.key_class IN ('entity', 'copy', 'join')
    ),
    compiled AS (
        SELECT left(b.prefix, 1) AS first_char,
               -- the key's first segment for prefixes with a colon; NULL for colon-less ("loose") prefixes
               -- such as hris_connection_, which are tried in every bucket of their first character
               CASE WHEN strpos(b.prefix, ':') > 0 THEN split_part(b.prefix, ':', 1) END AS head,
               b.priority,
               b.plen,
               b.rule_name,
               b.condition,
               CASE
                   WHEN NOT p_plan THEN format(
                       'ARRAY[%L, %L, %L, %L, %s, %s, %s]', b.rule_name, b.key_class, b.entity, b.generation,
                       coalesce(b.env_sql, 'NULL'), coalesce(b.parent_sql, 'NULL'), coalesce(b.entity_id_sql, 'NULL')
                   )
                   WHEN b.target_table IS NULL THEN format(
                       'ARRAY[%L, %L, %L, %L, %s, %s, %s, NULL, NULL, NULL, NULL, %s]',
                       b.rule_name, b.key_class, b.entity, b.generation,
                       coalesce(b.env_sql, 'NULL'), coalesce(b.parent_sql, 'NULL'), coalesce(b.entity_id_sql, 'NULL'),
                       -- the outcome code and reason of a key that is never migrated (S: skip)
                       CASE
                           WHEN b.env_sql IS NOT NULL THEN format(
                               'CASE WHEN $2 IS NOT NULL AND %1$s <> $2 THEN ''Senvironment '' || %1$s'
                               ' || '' is not the selected environment '' || $2 ELSE %2$L END', b.env_sql, b.skip_reason
                           )
                           ELSE quote_literal(b.skip_reason)
                       END
                   )
                   ELSE format(
                       'ARRAY[%L, %L, %L, %L, %s, %s, %s, %L, %L, %s, %s, %s]',
                       b.rule_name, b.key_class, b.entity, b.generation,
                       coalesce(b.env_sql, 'NULL'), coalesce(b.parent_sql, 'NULL'),
                       coalesce(b.entity_id_sql, 'NULL'), b.target_table, b.id_scope_column, c_value_id,
                       b.legacy_sql,
                       -- outcome decided here already: another environment (S), a value that is not an object (Q)
                       format(
                           'CASE %s WHEN jsonb_typeof(s.value) <> ''object'' THEN ''Qvalue is a JSON '''
                           ' || jsonb_typeof(s.value) || '', expected an object'' END',
                           CASE WHEN b.env_sql IS NOT NULL THEN format(
                               'WHEN $2 IS NOT NULL AND %1$s <> $2 THEN ''Senvironment '' || %1$s'
                               ' || '' is not the selected environment '' || $2', b.env_sql
                           ) ELSE '' END
                       )
                   )
               END AS result
          FROM branch AS b
    ),
    head_bucket AS (
        -- rules of one first segment, plus the loose rules of the same first character, in evaluation order
        SELECT h.first_char,
               h.head,
               string_agg(
                   format('WHEN %s THEN %s', c.condition, c.result), ' '
                   ORDER BY c.priority, c.plen DESC, c.rule_name
               ) AS whens
          FROM (SELECT DISTINCT x.first_char, x.head FROM compiled AS x WHERE x.head IS NOT NULL) AS h
          JOIN compiled AS c
            ON c.first_char = h.first_char AND (c.head = h.head OR c.head IS NULL)
         GROUP BY h.first_char, h.head
    ),
    char_bucket AS (
        SELECT f.first_char,
               CASE
                   WHEN f.heads IS NULL THEN f.loose_case
                   ELSE format('CASE split_part(s.key, '':'', 1) %s ELSE %s END', f.heads, f.loose_case)
               END AS expression
          FROM (
                SELECT c.first_char,
                       (SELECT string_agg(format('WHEN %L THEN CASE %s ELSE %s END', hb.head, hb.whens, v_unknown),
                                          ' ' ORDER BY hb.head)
                          FROM head_bucket AS hb
                         WHERE hb.first_char = c.first_char) AS heads,
                       coalesce(
                           'CASE ' || string_agg(format('WHEN %s THEN %s', c.condition, c.result), ' '
                                                 ORDER BY c.priority, c.plen DESC, c.rule_name)
                                         FILTER (WHERE c.head IS NULL)
                           || format(' ELSE %s END', v_unknown),
                           v_unknown
                       ) AS loose_case
                  FROM compiled AS c
                 GROUP BY c.first_char
               ) AS f
    )
    -- Two-level dispatch: first character, then first segment (split_part is evaluated once per CASE), so a key
    -- is only tested against the few rules of its own prefix.
    SELECT format(
               'CASE left(s.key, 1) %s ELSE %s END',
               string_agg(format('WHEN %L THEN %s', b.first_char, b.expression), ' ' ORDER BY b.first_char),
               v_unknown
           )
      INTO v_case
      FROM char_bucket AS b;
    RETURN coalesce(v_case, v_unknown);
END
$function$;

COMMENT ON FUNCTION kv2rel.classification_case(boolean) IS
'One CASE expression over s.key (and s.value) compiled from kv2rel.key_rules, yielding per row a text[] of rule, '
'class, entity, generation, environment, parent id and entity id; with p_plan also the plan facts of records with '
'a target table. Known environments are parameter $1.';
