-- View: kv2rel.outcomes
-- Purpose: the outcome of every KV key in every run, one row per key per run: migrated (target table and the
--          uuid of the row), merged (names the winning key; target id of the winner's row), quarantined (reason
--          code, message, field, offending value, SQLSTATE, constraint) or skipped (the rule that skipped it).
--          Filter by run_id: per run, total = migrated + merged + quarantined + skipped.
-- Usage (psql): SELECT outcome, reason, count(*) FROM kv2rel.outcomes WHERE run_id = 7 GROUP BY 1, 2;
--               SELECT * FROM kv2rel.outcomes WHERE key = 'client:production:client-1739612345678-k3j9x0a';

CREATE OR REPLACE VIEW kv2rel.outcomes WITH (security_invoker = true) AS
SELECT
    i.run_id,
    i.key,
    i.entity,
    i.outcome,
    i.reason_code AS reason,
    i.message,
    i.rule_name AS rule,
    i.target_table,
    i.target_id,
    i.merged_into,
    i.legacy_id,
    i.key_class,
    i.environment,
    i.generation,
    i.action,
    q.field,
    q.offending_value,
    q.sqlstate,
    q.constraint_name,
    i.batch_no,
    r.kind AS run_kind,
    r.kv_table,
    r.status AS run_status
FROM kv2rel.run_items AS i
INNER JOIN kv2rel.runs AS r ON i.run_id = r.run_id
LEFT JOIN kv2rel.quarantine AS q ON i.run_id = q.run_id AND i.key = q.key;

COMMENT ON VIEW kv2rel.outcomes IS
'One row per KV key per run: outcome (migrated, merged, quarantined, skipped), reason code and message, rule, '
'target table and target id (uuid of the row), winner of a merge, and the quarantine detail.';
COMMENT ON COLUMN kv2rel.outcomes.run_id IS 'The run (kv2rel.runs).';
COMMENT ON COLUMN kv2rel.outcomes.key IS 'The KV key.';
COMMENT ON COLUMN kv2rel.outcomes.entity IS 'Entity of the key; NULL when no key rule matches.';
COMMENT ON COLUMN kv2rel.outcomes.outcome IS
'migrated, merged, quarantined or skipped (NULL while its batch is pending).';
COMMENT ON COLUMN kv2rel.outcomes.reason IS
'Reason code (kv2rel.reason_codes): quarantine reason, skip rule, duplicate, or the report of a repaired record.';
COMMENT ON COLUMN kv2rel.outcomes.message IS 'The explanation in words.';
COMMENT ON COLUMN kv2rel.outcomes.rule IS 'Key rule that classified the key (kv2rel.key_rules).';
COMMENT ON COLUMN kv2rel.outcomes.target_table IS 'Target table of the entity.';
COMMENT ON COLUMN kv2rel.outcomes.target_id IS
'uuid (id) of the row in target_table: written (migrated) or the winner''s.';
COMMENT ON COLUMN kv2rel.outcomes.merged_into IS 'For merged keys: the winning key.';
COMMENT ON COLUMN kv2rel.outcomes.legacy_id IS 'The record''s legacy id (value id, else key id).';
COMMENT ON COLUMN kv2rel.outcomes.key_class IS 'Key class (entity, index, pointer, link, join, copy, ephemeral, ...).';
COMMENT ON COLUMN kv2rel.outcomes.environment IS 'Environment segment of the key, if any.';
COMMENT ON COLUMN kv2rel.outcomes.generation IS 'Key generation of the key.';
COMMENT ON COLUMN kv2rel.outcomes.action IS 'For migrated keys: inserted, updated or unchanged.';
COMMENT ON COLUMN kv2rel.outcomes.field IS 'Quarantined: the column or field at fault.';
COMMENT ON COLUMN kv2rel.outcomes.offending_value IS 'Quarantined: the offending value (or the missing parent''s id).';
COMMENT ON COLUMN kv2rel.outcomes.sqlstate IS 'Quarantined: the SQLSTATE the row would raise, if any.';
COMMENT ON COLUMN kv2rel.outcomes.constraint_name IS 'Quarantined: the violated constraint, if any.';
COMMENT ON COLUMN kv2rel.outcomes.batch_no IS 'Batch that processed the key (keys the plan migrates).';
COMMENT ON COLUMN kv2rel.outcomes.run_kind IS 'migrate or retry.';
COMMENT ON COLUMN kv2rel.outcomes.kv_table IS 'KV table of the run.';
COMMENT ON COLUMN kv2rel.outcomes.run_status IS 'Status of the run (running, completed, failed, rolled_back).';
