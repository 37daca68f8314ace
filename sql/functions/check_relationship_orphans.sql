-- Function: kv2rel.check_relationship_orphans
-- Purpose: count the rows of a child table whose non-null reference (p_child_columns) has no matching row in the
--          parent table (p_parent_columns), whether or not a foreign key enforces that relationship. Returns one
--          row in the shape of the named orphan checks (source 'target'), with up to p_sample_size child ids and
--          the state of the foreign key that should prevent such rows. Building block of kv2rel.check_orphans()
--          and the four kv2rel.check_orphaned_* functions.
-- Usage (psql): SELECT *
--                 FROM kv2rel.check_relationship_orphans('public.orders', '{client_id}', 'public.clients', '{id}');

CREATE OR REPLACE FUNCTION kv2rel.check_relationship_orphans(
    p_child text,
    p_child_columns text[],
    p_parent text,
    p_parent_columns text[],
    p_sample_size integer DEFAULT 10
)
RETURNS TABLE (
    source text,
    relationship text,
    orphan_count bigint,
    sample_ids uuid[],
    detail text
)
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_child regclass := pg_catalog.to_regclass(p_child);
    v_parent regclass := pg_catalog.to_regclass(p_parent);
    v_child_name text;
    v_parent_name text;
    v_child_attnums smallint[];
    v_parent_attnums smallint[];
    v_missing text;
    v_pk text;
    v_where text;
    v_match text;
    v_fk record;
    v_state text;
BEGIN
    IF coalesce(pg_catalog.cardinality(p_child_columns), 0) = 0
        OR pg_catalog.cardinality(p_child_columns) <> coalesce(pg_catalog.cardinality(p_parent_columns), 0) THEN
        RAISE EXCEPTION 'child and parent column lists must be non-empty and of equal length: % and %',
            p_child_columns, p_parent_columns
            USING ERRCODE = 'K2601',
                  HINT = 'Pass the referencing columns and the referenced columns in matching order.';
    END IF;
    IF p_sample_size IS NULL OR p_sample_size < 0 THEN
        RAISE EXCEPTION 'sample size must be zero or more, not %', p_sample_size
            USING ERRCODE = 'K2601', HINT = 'The default is 10.';
    END IF;

    source := 'target';

    -- Display names: plain for tables in public, schema-qualified otherwise.
    SELECT CASE WHEN n.nspname = 'public' THEN c.relname::text ELSE pg_catalog.format('%I.%I', n.nspname, c.relname) END
      INTO v_child_name
      FROM pg_catalog.pg_class AS c
      JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
     WHERE c.oid = v_child;
    SELECT CASE WHEN n.nspname = 'public' THEN c.relname::text ELSE pg_catalog.format('%I.%I', n.nspname, c.relname) END
      INTO v_parent_name
      FROM pg_catalog.pg_class AS c
      JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
     WHERE c.oid = v_parent;

    relationship := pg_catalog.format(
        '%s.%s -> %s.%s',
        coalesce(v_child_name, pg_catalog.regexp_replace(p_child, '^public\.', '')),
        pg_catalog.array_to_string(p_child_columns, ','),
        coalesce(v_parent_name, pg_catalog.regexp_replace(p_parent, '^public\.', '')),
        pg_catalog.array_to_string(p_parent_columns, ',')
    );

    IF v_child IS NULL OR v_parent IS NULL THEN
        -- Nothing to count; a missing table is the schema checks' business, not an orphan.
        orphan_count := NULL;
        sample_ids := NULL;
        detail := pg_catalog.format(
            'skipped: table %s does not exist', CASE WHEN v_child IS NULL THEN p_child ELSE p_parent END
        );
        RETURN NEXT;
        RETURN;
    END IF;

    SELECT pg_catalog.array_agg(a.attnum ORDER BY u.ord),
           pg_catalog.string_agg(CASE WHEN a.attnum IS NULL THEN u.name END, ', ')
      INTO v_child_attnums, v_missing
      FROM pg_catalog.unnest(p_child_columns) WITH ORDINALITY AS u (name, ord)
      LEFT JOIN pg_catalog.pg_attribute AS a
        ON a.attrelid = v_child AND a.attname = u.name AND a.attnum > 0 AND NOT a.attisdropped;
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION 'table % has no column %', v_child_name, v_missing
            USING ERRCODE = 'K2601', HINT = 'Name existing columns of the child table.';
    END IF;
    SELECT pg_catalog.array_agg(a.attnum ORDER BY u.ord),
           pg_catalog.string_agg(CASE WHEN a.attnum IS NULL THEN u.name END, ', ')
      INTO v_parent_attnums, v_missing
      FROM pg_catalog.unnest(p_parent_columns) WITH ORDINALITY AS u (name, ord)
      LEFT JOIN pg_catalog.pg_attribute AS a
        ON a.attrelid = v_parent AND a.attname = u.name AND a.attnum > 0 AND NOT a.attisdropped;
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION 'table % has no column %', v_parent_name, v_missing
            USING ERRCODE = 'K2601', HINT = 'Name existing columns of the parent table.';
    END IF;

    -- MATCH SIMPLE semantics: a reference with any NULL column points nowhere and is not an orphan.
    SELECT pg_catalog.string_agg(pg_catalog.format('c.%I IS NOT NULL', u.name), ' AND ' ORDER BY u.ord)
      INTO v_where
      FROM pg_catalog.unnest(p_child_columns) WITH ORDINALITY AS u (name, ord);
    SELECT pg_catalog.string_agg(pg_catalog.format('p.%I = c.%I', pc.name, cc.name), ' AND ' ORDER BY cc.ord)
      INTO v_match
      FROM pg_catalog.unnest(p_child_columns) WITH ORDINALITY AS cc (name, ord)
      JOIN pg_catalog.unnest(p_parent_columns) WITH ORDINALITY AS pc (name, ord) ON pc.ord = cc.ord;
    v_where := pg_catalog.format('%s AND NOT EXISTS (SELECT 1 FROM %s AS p WHERE %s)', v_where, v_parent, v_match);

    -- Sample ids only when the child has a single-column uuid primary key (every table of the target schema).
    SELECT a.attname::text
      INTO v_pk
      FROM pg_catalog.pg_index AS i
      JOIN pg_catalog.pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
     WHERE i.indrelid = v_child
       AND i.indisprimary
       AND i.indnkeyatts = 1
       AND a.atttypid = 'pg_catalog.uuid'::pg_catalog.regtype;

    IF v_pk IS NULL THEN
        EXECUTE pg_catalog.format('SELECT count(*) FROM %s AS c WHERE %s', v_child, v_where)
           INTO orphan_count;
        sample_ids := NULL;
    ELSE
        EXECUTE pg_catalog.format(
            'WITH o AS MATERIALIZED (SELECT c.%1$I AS id FROM %2$s AS c WHERE %3$s)'
            ' SELECT (SELECT count(*) FROM o), ARRAY(SELECT o.id FROM o ORDER BY o.id LIMIT $1)',
            v_pk, v_child, v_where
        ) INTO orphan_count, sample_ids USING p_sample_size;
    END IF;

    -- The foreign key that should make such rows impossible, and why it may not have.
    SELECT con.conname::text AS name,
           con.convalidated AS validated,
           coalesce((pg_catalog.to_jsonb(con.*) ->> 'conenforced')::boolean, true) AS enforced,  -- PostgreSQL 18+
           EXISTS (
               SELECT 1
                 FROM pg_catalog.pg_trigger AS t
                WHERE t.tgconstraint = con.oid
                  AND t.tgrelid = con.conrelid
                  AND t.tgenabled = 'D'
           ) AS triggers_disabled
      INTO v_fk
      FROM pg_catalog.pg_constraint AS con
     WHERE con.contype = 'f'
       AND con.conrelid = v_child
       AND con.confrelid = v_parent
       AND con.conkey = v_child_attnums
       AND con.confkey = v_parent_attnums
     ORDER BY con.convalidated DESC, con.conname
     LIMIT 1;

    IF NOT FOUND THEN
        v_state := 'no foreign key enforces this relationship';
    ELSIF NOT v_fk.enforced THEN
        v_state := pg_catalog.format('foreign key %s is NOT ENFORCED', v_fk.name);
    ELSIF v_fk.triggers_disabled THEN
        v_state := pg_catalog.format('foreign key %s has its triggers disabled', v_fk.name);
    ELSIF NOT v_fk.validated THEN
        v_state := pg_catalog.format('foreign key %s is NOT VALID (rows older than it were never checked)', v_fk.name);
    ELSE
        v_state := pg_catalog.format('enforced by foreign key %s', v_fk.name);
    END IF;

    IF orphan_count > 0 THEN
        detail := pg_catalog.format(
            '%s %s row(s) point to a missing %s row; %s', orphan_count, v_child_name, v_parent_name, v_state
        );
    ELSE
        detail := v_state;
    END IF;
    RETURN NEXT;
END
$function$;

COMMENT ON FUNCTION kv2rel.check_relationship_orphans(text, text[], text, text[], integer) IS
'One orphan-check row (source, relationship, orphan_count, sample_ids, detail) for child(p_child_columns) -> '
'parent(p_parent_columns): rows whose non-null reference matches no parent row, counted whether or not a foreign '
'key exists; detail names the foreign key and its state. A missing table gives orphan_count NULL (skipped). '
'Raises K2601 on bad column lists.';
