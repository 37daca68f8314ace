-- View: kv2rel.field_sources
-- Purpose: every accepted source of every target column, the full alias list kv2rel.map_fields and kv2rel.plan
--          work from: the explicit rows of kv2rel.field_map, plus two generic sources per mappable column of
--          the target table: its own name (precedence 10) and its lowerCamelCase spelling (precedence 20,
--          clientAddressLine1 for client_address_line_1). An explicit row for the same path replaces the generic
--          one. Not generic (explicit rows only): id, legacy_id, extra, generated columns, uuid and uuid[]
--          columns (foreign keys need ref:<entity>), *_secret columns and password_hash.
-- Usage (psql): SELECT * FROM kv2rel.field_sources WHERE entity = 'client'
--               ORDER BY target_column, precedence, origin, source_path;
-- Ties on precedence (an explicit row on 10 or 20 beside a generic one) are broken explicit first, then path.

CREATE OR REPLACE VIEW kv2rel.field_sources WITH (security_invoker = true) AS
WITH target_column AS (
    SELECT
        e.entity,
        e.target_table,
        a.attname::text AS target_column,
        format_type(a.atttypid, a.atttypmod) AS data_type,
        a.attgenerated <> '' AS is_generated
    FROM kv2rel.kv_entities AS e
    INNER JOIN pg_catalog.pg_attribute AS a ON a.attrelid = to_regclass(e.target_table)
    WHERE a.attnum > 0
        AND NOT a.attisdropped
),

generic AS (
    SELECT
        t.entity,
        t.target_column,
        g.source_path,
        g.precedence,
        CASE
            WHEN t.data_type = 'timestamp with time zone' THEN 'timestamptz'
            WHEN t.data_type = 'date' THEN 'date'
            WHEN t.data_type = 'boolean' THEN 'boolean'
            WHEN t.data_type LIKE 'numeric%' THEN 'numeric'
            WHEN t.data_type IN ('integer', 'bigint', 'smallint') THEN 'integer'
            WHEN t.data_type = 'jsonb' THEN 'jsonb'
            WHEN t.data_type = 'text[]' THEN 'text_array'
            WHEN t.data_type = 'inet' THEN 'inet'
            ELSE 'text'
        END AS coercion,
        g.note
    FROM target_column AS t
    CROSS JOIN
        LATERAL (
            VALUES (ARRAY[t.target_column], 10, 'generic: the column''s own name'),
            (ARRAY[kv2rel.snake_to_camel(t.target_column)], 20, 'generic: camelCase of the column name')
        ) AS g (source_path, precedence, note)
    WHERE NOT t.is_generated
        AND t.target_column NOT IN ('id', 'legacy_id', 'extra', 'password_hash')
        AND t.target_column NOT LIKE '%\_secret'
        AND t.data_type NOT IN ('uuid', 'uuid[]')
        AND (g.precedence = 10 OR g.source_path[1] <> t.target_column)
)

SELECT
    f.entity,
    f.target_column,
    f.source_path,
    f.precedence,
    f.coercion,
    'explicit'::text AS origin,
    f.note
FROM kv2rel.field_map AS f
UNION ALL
SELECT
    g.entity,
    g.target_column,
    g.source_path,
    g.precedence,
    g.coercion,
    'generic'::text AS origin,
    g.note
FROM generic AS g
WHERE NOT EXISTS (
        SELECT 1
        FROM kv2rel.field_map AS f
        WHERE f.entity = g.entity
            AND f.target_column = g.target_column
            AND f.source_path = g.source_path
    );

COMMENT ON VIEW kv2rel.field_sources IS
'Every accepted source of every target column: explicit kv2rel.field_map rows plus the generic own-name (10) '
'and camelCase (20) sources of each mappable column of the target table. Lowest precedence wins.';
COMMENT ON COLUMN kv2rel.field_sources.entity IS 'Entity whose values are mapped.';
COMMENT ON COLUMN kv2rel.field_sources.target_column IS 'Column of the entity''s target table.';
COMMENT ON COLUMN kv2rel.field_sources.source_path IS 'JSON path (or {$key,...} / {$legacy_id}) of the source.';
COMMENT ON COLUMN kv2rel.field_sources.precedence IS 'Lower wins when several sources are present.';
COMMENT ON COLUMN kv2rel.field_sources.coercion IS 'How the source becomes the column value (kv2rel.coerce).';
COMMENT ON COLUMN kv2rel.field_sources.origin IS
'explicit (a kv2rel.field_map row) or generic (derived from the column).';
COMMENT ON COLUMN kv2rel.field_sources.note IS 'Where the source comes from.';
