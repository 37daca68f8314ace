-- Function: kv2rel.verify_comments
-- Purpose: documentation assertions: every table, column, view, view column, function and type in the schemas
--          public and kv2rel has a COMMENT, and so has every foreign key constraint in public. Objects that
--          belong to an extension (pg_depend deptype 'e', e.g. pg_trgm's functions and type in public) are
--          skipped: their comments are the extension's business. The attributes of standalone composite types
--          (kv2rel.assertion) are not required: the type itself must be commented.
-- Usage (psql): SELECT * FROM kv2rel.verify_comments();

CREATE OR REPLACE FUNCTION kv2rel.verify_comments()
RETURNS SETOF kv2rel.assertion
STABLE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    c_schemas CONSTANT text[] := ARRAY['public', 'kv2rel'];
    v_list text;
BEGIN
    -- Tables (ordinary, partitioned, foreign).
    SELECT string_agg(c.oid::regclass::text, ', ' ORDER BY n.nspname, c.relname)
      INTO v_list
      FROM pg_class AS c
      JOIN pg_namespace AS n ON n.oid = c.relnamespace
     WHERE n.nspname = ANY (c_schemas)
       AND c.relkind IN ('r', 'p', 'f')
       AND obj_description(c.oid, 'pg_class') IS NULL
       AND NOT EXISTS (
            SELECT 1 FROM pg_depend AS d
             WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
           );
    RETURN NEXT ROW(
        v_list IS NULL, 'every table in schemas public and kv2rel has a comment', 'uncommented tables: ' || v_list
    )::kv2rel.assertion;

    -- Columns of those tables.
    SELECT string_agg(format('%s.%I', c.oid::regclass, a.attname), ', ' ORDER BY n.nspname, c.relname, a.attnum)
      INTO v_list
      FROM pg_class AS c
      JOIN pg_namespace AS n ON n.oid = c.relnamespace
      JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE n.nspname = ANY (c_schemas)
       AND c.relkind IN ('r', 'p', 'f')
       AND col_description(c.oid, a.attnum) IS NULL
       AND NOT EXISTS (
            SELECT 1 FROM pg_depend AS d
             WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
           );
    RETURN NEXT ROW(
        v_list IS NULL,
        'every table column in schemas public and kv2rel has a comment',
        'uncommented columns: ' || v_list
    )::kv2rel.assertion;

    -- Views and materialized views.
    SELECT string_agg(c.oid::regclass::text, ', ' ORDER BY n.nspname, c.relname)
      INTO v_list
      FROM pg_class AS c
      JOIN pg_namespace AS n ON n.oid = c.relnamespace
     WHERE n.nspname = ANY (c_schemas)
       AND c.relkind IN ('v', 'm')
       AND obj_description(c.oid, 'pg_class') IS NULL
       AND NOT EXISTS (
            SELECT 1 FROM pg_depend AS d
             WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
           );
    RETURN NEXT ROW(
        v_list IS NULL, 'every view in schemas public and kv2rel has a comment', 'uncommented views: ' || v_list
    )::kv2rel.assertion;

    -- Columns of those views.
    SELECT string_agg(format('%s.%I', c.oid::regclass, a.attname), ', ' ORDER BY n.nspname, c.relname, a.attnum)
      INTO v_list
      FROM pg_class AS c
      JOIN pg_namespace AS n ON n.oid = c.relnamespace
      JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE n.nspname = ANY (c_schemas)
       AND c.relkind IN ('v', 'm')
       AND col_description(c.oid, a.attnum) IS NULL
       AND NOT EXISTS (
            SELECT 1 FROM pg_depend AS d
             WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
           );
    RETURN NEXT ROW(
        v_list IS NULL,
        'every view column in schemas public and kv2rel has a comment',
        'uncommented view columns: ' || v_list
    )::kv2rel.assertion;

    -- Functions, procedures and aggregates.
    SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY p.oid::regprocedure::text)
      INTO v_list
      FROM pg_proc AS p
      JOIN pg_namespace AS n ON n.oid = p.pronamespace
     WHERE n.nspname = ANY (c_schemas)
       AND obj_description(p.oid, 'pg_proc') IS NULL
       AND NOT EXISTS (
            SELECT 1 FROM pg_depend AS d
             WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
           );
    RETURN NEXT ROW(
        v_list IS NULL,
        'every function in schemas public and kv2rel has a comment',
        'uncommented functions: ' || v_list
    )::kv2rel.assertion;

    -- Standalone types: composite types, enums, domains and ranges (not the row types of tables and views,
    -- nor array types).
    SELECT string_agg(t.oid::regtype::text, ', ' ORDER BY t.oid::regtype::text)
      INTO v_list
      FROM pg_type AS t
      JOIN pg_namespace AS n ON n.oid = t.typnamespace
      LEFT JOIN pg_class AS c ON c.oid = t.typrelid
     WHERE n.nspname = ANY (c_schemas)
       AND t.typtype IN ('c', 'e', 'd', 'r')
       AND (t.typtype <> 'c' OR c.relkind = 'c')
       AND obj_description(t.oid, 'pg_type') IS NULL
       AND NOT EXISTS (
            SELECT 1 FROM pg_depend AS d
             WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
           );
    RETURN NEXT ROW(
        v_list IS NULL, 'every type in schemas public and kv2rel has a comment', 'uncommented types: ' || v_list
    )::kv2rel.assertion;

    -- Foreign keys: the comment states why the ON DELETE action was chosen (docs/schema.md).
    SELECT string_agg(
               format('%s (on %s)', con.conname, con.conrelid::regclass),
               ', ' ORDER BY con.conrelid::regclass::text, con.conname
           )
      INTO v_list
      FROM pg_constraint AS con
      JOIN pg_namespace AS n ON n.oid = con.connamespace
     WHERE n.nspname = 'public'
       AND con.contype = 'f'
       AND obj_description(con.oid, 'pg_constraint') IS NULL;
    RETURN NEXT ROW(
        v_list IS NULL,
        'every foreign key constraint in schema public has a comment',
        'uncommented foreign keys: ' || v_list
    )::kv2rel.assertion;
END
$function$;

COMMENT ON FUNCTION kv2rel.verify_comments() IS
'Assertions that every table, column, view, view column, function and type in schemas public and kv2rel, and every '
'foreign key in public, has a COMMENT (extension members excluded). Diagnostics name the uncommented objects.';
