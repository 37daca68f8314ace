-- Migration: 0068_create_derived_columns
-- Requires: 0067_create_natural_keys
-- Purpose: Create kv2rel.derived_columns, column values a batch derives from other rows or columns after mapping.
-- Revert: 0068_create_derived_columns.revert.sql (drops the table; DBA edits are lost)
-- Transaction: yes
--
-- After a batch mapped its records (kv2rel.map_fields rules), each derivation of the entity runs as one UPDATE
-- of the staged rows: expression is SQL over the target's column names (qualify the columns of any subquery's
-- own tables), mode fill sets the column only where it is NULL, override always. A row whose value changed gets
-- report_code (when set) as its reason code.

CREATE TABLE kv2rel.derived_columns (
    entity text NOT NULL,
    target_column text NOT NULL,
    expression text NOT NULL,
    mode text NOT NULL,
    report_code text,
    run_order integer NOT NULL DEFAULT 100,
    note text NOT NULL,
    CONSTRAINT derived_columns_pkey PRIMARY KEY (entity, target_column),
    CONSTRAINT derived_columns_entity_fkey FOREIGN KEY (entity)
    REFERENCES kv2rel.kv_entities (entity) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT derived_columns_report_code_fkey FOREIGN KEY (report_code)
    REFERENCES kv2rel.reason_codes (code) ON UPDATE CASCADE ON DELETE RESTRICT,
    CONSTRAINT derived_columns_target_column_format_check CHECK (target_column ~ '^[a-z_][a-z0-9_]*$'),
    CONSTRAINT derived_columns_mode_check CHECK (mode IN ('fill', 'override'))
);

CREATE INDEX idx_derived_columns_report_code ON kv2rel.derived_columns (report_code);

COMMENT ON TABLE kv2rel.derived_columns IS
'Values a batch derives after mapping: from another table (an order''s client from its site) or from other '
'columns (the soft-delete policy). Applied in run_order, then target_column order.';
COMMENT ON COLUMN kv2rel.derived_columns.entity IS 'Entity whose staged rows are updated.';
COMMENT ON COLUMN kv2rel.derived_columns.target_column IS 'Column that receives the value.';
COMMENT ON COLUMN kv2rel.derived_columns.expression IS 'SQL expression over the target''s column names.';
COMMENT ON COLUMN kv2rel.derived_columns.mode IS 'fill (only where NULL) or override (always).';
COMMENT ON COLUMN kv2rel.derived_columns.report_code IS 'Reason code recorded on rows whose value changed; NULL: none.';
COMMENT ON COLUMN kv2rel.derived_columns.run_order IS 'Derivations run in this order (lower first).';
COMMENT ON COLUMN kv2rel.derived_columns.note IS 'Why (kv-store.md, docs/generator.md).';
COMMENT ON CONSTRAINT derived_columns_pkey ON kv2rel.derived_columns IS 'One derivation per entity column.';
COMMENT ON CONSTRAINT derived_columns_entity_fkey ON kv2rel.derived_columns IS 'Derivations belong to a known entity.';
COMMENT ON CONSTRAINT derived_columns_report_code_fkey ON kv2rel.derived_columns IS 'Report codes are known codes.';
COMMENT ON CONSTRAINT derived_columns_target_column_format_check ON kv2rel.derived_columns IS
'Target columns are unquoted lower-case identifiers.';
COMMENT ON CONSTRAINT derived_columns_mode_check ON kv2rel.derived_columns IS 'mode is fill or override.';
COMMENT ON INDEX kv2rel.idx_derived_columns_report_code IS 'Serves the report_code foreign key.';

INSERT INTO kv2rel.derived_columns (entity, target_column, expression, mode, report_code, run_order, note)
VALUES
(
    'order', 'client_id', '(SELECT s.client_id FROM public.sites AS s WHERE s.id = site_id)', 'fill', NULL, 10,
    'CRUD and public orders carry only a site: the client is the site''s client (kv-store.md 9.15).'
),
(
    'order', 'total_amount',
    '(SELECT round(p.price * coalesce(quantity, 1), 2) FROM public.products AS p WHERE p.id = product_id)',
    'fill', 'total_from_gift_price', 20,
    'generator.md: CRUD orders have no totals; total = gift price x quantity (only reached when the plan lets '
    || 'such orders through).'
),
(
    'order', 'status',
    'CASE WHEN coalesce(kv2rel.to_boolean_lenient(extra -> ''deleted''), false) THEN ''cancelled'' '
    || 'ELSE status END',
    'override', 'soft_deleted', 30,
    'Soft-delete policy: a deleted order is migrated as cancelled (its deleted flags stay in extra).'
),
(
    'order', 'cancelled_at',
    'CASE WHEN coalesce(kv2rel.to_boolean_lenient(extra -> ''deleted''), false) THEN coalesce(cancelled_at, '
    || 'kv2rel.to_timestamptz_lenient(extra -> ''deletedAt''), updated_at) ELSE cancelled_at END',
    'override', NULL, 30,
    'Soft-delete policy: cancelled_at = deletedAt (else updatedAt).'
);
