-- Function: kv2rel.migrate_entity_order
-- Purpose: the order in which kv2rel.migrate writes entities: parents before the entities that reference them.
--          An entity depends on every entity its field map references (coercions ref:<entity> and
--          ref_array:<entity>, kv2rel.field_sources) and on the entities of the tables its target table has
--          foreign keys to; level 0 has no dependency, level n depends only on lower levels. Ties by name.
-- Usage (psql): SELECT * FROM kv2rel.migrate_entity_order();
--
-- A dependency cycle cannot be ordered: its entities get the level after everything else, with a NOTICE (rows
-- that reference a parent staged later are then quarantined as orphans and can be retried).

CREATE OR REPLACE FUNCTION kv2rel.migrate_entity_order()
RETURNS TABLE (
    entity text,
    target_table text,
    ord integer
)
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_deps jsonb;
    v_level integer := 0;
    v_placed text[] := ARRAY[]::text[];
    v_next text[];
    v_all text[];
    v_result jsonb := '{}';
BEGIN
    SELECT array_agg(e.entity ORDER BY e.entity)
      INTO v_all
      FROM kv2rel.kv_entities AS e
     WHERE to_regclass(e.target_table) IS NOT NULL;
    WITH dep AS (
        SELECT f.entity, split_part(split_part(f.coercion, ':', 2), '@', 1) AS parent
          FROM kv2rel.field_sources AS f
         WHERE f.coercion LIKE 'ref:%' OR f.coercion LIKE 'ref\_array:%'
        UNION
        SELECT e.entity, pe.entity
          FROM kv2rel.kv_entities AS e
          JOIN pg_catalog.pg_constraint AS c ON c.conrelid = to_regclass(e.target_table) AND c.contype = 'f'
          JOIN kv2rel.kv_entities AS pe ON to_regclass(pe.target_table) = c.confrelid
         WHERE c.confrelid <> c.conrelid
    )
    SELECT coalesce(jsonb_object_agg(d.entity, d.parents), '{}')
      INTO v_deps
      FROM (SELECT dep.entity, jsonb_agg(DISTINCT dep.parent) AS parents
              FROM dep
             WHERE dep.parent <> dep.entity AND dep.parent = ANY (v_all)
             GROUP BY dep.entity) AS d;
    LOOP
        SELECT array_agg(a ORDER BY a)
          INTO v_next
          FROM unnest(v_all) AS a
         WHERE NOT a = ANY (v_placed)
           AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(coalesce(v_deps -> a, '[]')) AS p
                            WHERE NOT p = ANY (v_placed));
        EXIT WHEN v_next IS NULL;
        v_result := v_result || (SELECT jsonb_object_agg(n, v_level) FROM unnest(v_next) AS n);
        v_placed := v_placed || v_next;
        v_level := v_level + 1;
    END LOOP;
    IF cardinality(v_placed) < cardinality(v_all) THEN
        RAISE NOTICE 'kv2rel: entities % depend on each other (a cycle); they are migrated last',
            (SELECT string_agg(a, ', ') FROM unnest(v_all) AS a WHERE NOT a = ANY (v_placed));
    END IF;
    RETURN QUERY
    SELECT e.entity, e.target_table, coalesce((v_result ->> e.entity)::integer, v_level)
      FROM kv2rel.kv_entities AS e
     WHERE e.entity = ANY (v_all)
     ORDER BY 3, 1;
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_entity_order() IS
'Entities with a target table and their level (ord): parents first, derived from the ref: coercions of the field '
'map and the foreign keys between target tables; cycles last.';
