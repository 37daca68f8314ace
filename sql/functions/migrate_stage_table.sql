-- Function: kv2rel.migrate_stage_table
-- Purpose: create (once per session) the temporary staging table of a target table and return its name. A batch
--          maps its records into it, checks and repairs them there, and writes the clean ones to the target in
--          one INSERT ... ON CONFLICT. It has every non-generated column of the target (same names and types, no
--          constraints) plus the kv2rel_* bookkeeping columns.
-- Usage (psql): SELECT kv2rel.migrate_stage_table('public.orders');   -- pg_temp.kv2rel_stage_public_orders
--
-- Bookkeeping columns: kv2rel_key (KV key), kv2rel_refs (legacy ids behind the reference columns), kv2rel_dflt
-- (columns that took a time-varying table default), kv2rel_fail (rule the row currently violates),
-- kv2rel_reason (quarantine reason: set = final), kv2rel_report / kv2rel_message (report of a repaired row or
-- the quarantine message), kv2rel_field, kv2rel_value, kv2rel_sqlstate, kv2rel_constraint (quarantine detail),
-- kv2rel_applied (fix and nullify rules applied), kv2rel_orig / kv2rel_attempt (suffix state), kv2rel_written
-- (inserted or updated by the upsert), kv2rel_recheck (a repair changed the row: check it again).

CREATE OR REPLACE FUNCTION kv2rel.migrate_stage_table(
    p_table regclass
)
RETURNS text
VOLATILE
SET search_path = pg_catalog, pg_temp
LANGUAGE plpgsql
AS $function$
DECLARE
    v_name text;
    v_columns text;
BEGIN
    SELECT 'kv2rel_stage_' || n.nspname || '_' || c.relname
      INTO v_name
      FROM pg_catalog.pg_class AS c
      JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
     WHERE c.oid = p_table;
    v_name := left(v_name, 63);
    IF to_regclass(format('pg_temp.%I', v_name)) IS NULL THEN
        SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum)
          INTO v_columns
          FROM pg_catalog.pg_attribute AS a
         WHERE a.attrelid = p_table AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
        EXECUTE format(
            'CREATE TEMP TABLE %I (kv2rel_key text, %s, kv2rel_refs jsonb, kv2rel_dflt text[], kv2rel_fail text,'
            ' kv2rel_reason text, kv2rel_report text, kv2rel_message text, kv2rel_field text, kv2rel_value jsonb,'
            ' kv2rel_sqlstate text, kv2rel_constraint text, kv2rel_applied text[] NOT NULL DEFAULT ''{}'','
            ' kv2rel_orig jsonb, kv2rel_attempt integer, kv2rel_written text,'
            ' kv2rel_recheck boolean NOT NULL DEFAULT FALSE)',
            v_name, v_columns
        );
    END IF;
    RETURN format('pg_temp.%I', v_name);
END
$function$;

COMMENT ON FUNCTION kv2rel.migrate_stage_table(regclass) IS
'Name of the session''s staging table for target p_table (created on first use): the target''s non-generated '
'columns plus kv2rel_* bookkeeping, where a batch maps, checks and repairs its rows before writing them.';
