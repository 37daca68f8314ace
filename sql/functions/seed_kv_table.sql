-- Function: kv2rel.seed_kv_table
-- Purpose: resolve the generator's target KV table and make it ready: p_kv_table is a possibly schema-qualified,
--          possibly quoted name ('kv_store_6fcaeea3', 'app.kv', '"App"."KV Store"'; unqualified means public).
--          A missing table (and schema) is created shaped like the source: key text, value jsonb NOT NULL, plus
--          created_at/updated_at timestamptz when p_timestamps; its PRIMARY KEY (key) is left to the caller, which
--          adds it after the bulk load (created = true), as that is faster. An existing table must have a text key
--          and a jsonb value; it is locked, and refused when it holds rows unless p_replace, which truncates it
--          (and forgets its manifest rows). Errors: K2101 bad name, K2102 not empty, K2103 wrong shape.
-- Usage (psql): SELECT kv2rel.seed_kv_table('app.kv', true, false);

CREATE OR REPLACE FUNCTION kv2rel.seed_kv_table(
    p_kv_table text,
    p_timestamps boolean DEFAULT true,
    p_replace boolean DEFAULT false,
    OUT kv_table regclass,
    OUT created boolean
)
VOLATILE
LANGUAGE plpgsql
AS $function$
DECLARE
    v_key_type regtype;
    v_parts text[];
    v_rows bigint;
    v_schema text;
    v_table regclass;
    v_table_name text;
    v_value_type regtype;
BEGIN
    BEGIN
        v_parts := pg_catalog.parse_ident(COALESCE(p_kv_table, ''));
    EXCEPTION
        WHEN invalid_parameter_value OR syntax_error THEN
            v_parts := NULL;
    END;
    IF v_parts IS NULL OR pg_catalog.cardinality(v_parts) NOT IN (1, 2) THEN
        RAISE EXCEPTION 'invalid KV table name: %', COALESCE(pg_catalog.quote_literal(p_kv_table), 'NULL')
            USING ERRCODE = 'K2101',
                  HINT = 'Give table or schema.table; quote mixed-case names: "App"."KV Store".';
    END IF;
    IF pg_catalog.cardinality(v_parts) = 1 THEN
        v_schema := 'public';
        v_table_name := v_parts[1];
    ELSE
        v_schema := v_parts[1];
        v_table_name := v_parts[2];
    END IF;
    -- forget manifest rows of KV tables that were dropped
    DELETE FROM kv2rel.seed_manifest AS m
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class AS c WHERE c.oid = m.kv_table);
    v_table := pg_catalog.to_regclass(format('%I.%I', v_schema, v_table_name));
    IF v_table IS NULL THEN
        IF pg_catalog.to_regnamespace(pg_catalog.quote_ident(v_schema)) IS NULL THEN
            EXECUTE format('CREATE SCHEMA %I', v_schema);
        END IF;
        EXECUTE format(
            'CREATE TABLE %I.%I (key text NOT NULL, value jsonb NOT NULL%s)',
            v_schema, v_table_name,
            CASE WHEN p_timestamps
                THEN ', created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now()'
                ELSE ''
            END
        );
        v_table := format('%I.%I', v_schema, v_table_name)::regclass;
        EXECUTE format(
            'COMMENT ON TABLE %s IS %L', v_table,
            'Key-value store shaped like the source kv_store_6fcaeea3; filled by kv2rel seed (synthetic data).'
        );
        EXECUTE format('COMMENT ON COLUMN %s.key IS %L', v_table, 'KV key, e.g. client:{env}:{id} (kv-store.md 2).');
        EXECUTE format('COMMENT ON COLUMN %s.value IS %L', v_table, 'KV value: any JSON (object, array or scalar).');
        IF p_timestamps THEN
            EXECUTE format('COMMENT ON COLUMN %s.created_at IS %L', v_table,
                           'When the record was created (optional source column; generated, not now()).');
            EXECUTE format('COMMENT ON COLUMN %s.updated_at IS %L', v_table,
                           'When the record was last updated (optional source column; generated, not now()).');
        END IF;
        kv_table := v_table;
        created := true;
        RETURN;
    END IF;
    SELECT max(a.atttypid::regtype::text) FILTER (WHERE a.attname = 'key'),
           max(a.atttypid::regtype::text) FILTER (WHERE a.attname = 'value')
      INTO v_key_type, v_value_type
      FROM pg_catalog.pg_attribute AS a
     WHERE a.attrelid = v_table
       AND a.attnum > 0
       AND NOT a.attisdropped;
    IF v_key_type IS DISTINCT FROM 'text'::regtype OR v_value_type IS DISTINCT FROM 'jsonb'::regtype THEN
        RAISE EXCEPTION 'KV table %.% must have columns key text and value jsonb (has key %, value %)',
            pg_catalog.quote_ident(v_schema), pg_catalog.quote_ident(v_table_name),
            COALESCE(v_key_type::text, 'missing'), COALESCE(v_value_type::text, 'missing')
            USING ERRCODE = 'K2103',
                  HINT = 'Choose another --kv-table; a missing table is created with the right shape.';
    END IF;
    EXECUTE format('LOCK TABLE %s IN EXCLUSIVE MODE', v_table);
    EXECUTE format('SELECT count(*) FROM %s', v_table) INTO v_rows;
    IF v_rows > 0 THEN
        IF NOT p_replace THEN
            RAISE EXCEPTION 'KV table %.% is not empty (% rows); nothing was generated',
                pg_catalog.quote_ident(v_schema), pg_catalog.quote_ident(v_table_name), v_rows
                USING ERRCODE = 'K2102',
                      HINT = 'Pass --replace (p_replace => true) to truncate it first, or choose another --kv-table.';
        END IF;
        EXECUTE format('TRUNCATE %s', v_table);
    END IF;
    DELETE FROM kv2rel.seed_manifest AS m WHERE m.kv_table = v_table;
    kv_table := v_table;
    created := false;
END
$function$;

COMMENT ON FUNCTION kv2rel.seed_kv_table(text, boolean, boolean) IS
'KV generator: resolve (creating if missing, with optional created_at/updated_at; created = true means the caller '
'adds the primary key after loading) and lock the target KV table; '
'refuse a non-empty table (K2102) unless p_replace truncates it. K2101 bad name, K2103 wrong columns.';
