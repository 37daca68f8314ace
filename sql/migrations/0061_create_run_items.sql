-- Migration: 0061_create_run_items
-- Requires: 0060_create_runs
-- Purpose: Create kv2rel.run_items, the outcome of every KV key in every run (the data behind kv2rel.outcomes).
-- Revert: 0061_create_run_items.revert.sql (drops the table; the per-key accounting of past runs is lost)
-- Transaction: yes
--
-- Planning a run writes one row per key of the KV table with the plan's verdict (kv2rel.plan). Keys the plan
-- merges, skips or quarantines get their final outcome at once; keys it migrates get a batch number and their
-- outcome (migrated or quarantined), target id and write action when their batch commits. So each key has exactly
-- one row per run, and total = migrated + merged + quarantined + skipped can always be counted. fillfactor 70
-- leaves room for those updates to stay HOT (outcome columns are not indexed).

CREATE TABLE kv2rel.run_items (
    run_id bigint NOT NULL,
    key text NOT NULL,
    entity text,
    key_class text NOT NULL,
    environment text,
    generation text,
    rule_name text,
    target_table text,
    legacy_id text,
    target_id uuid,
    planned text NOT NULL,
    outcome text,
    reason_code text,
    message text,
    merged_into text,
    action text,
    batch_no integer,
    processed_at timestamptz,
    CONSTRAINT run_items_pkey PRIMARY KEY (run_id, key),
    CONSTRAINT run_items_run_id_fkey FOREIGN KEY (run_id) REFERENCES kv2rel.runs (run_id) ON DELETE CASCADE,
    CONSTRAINT run_items_planned_check CHECK (planned IN ('migrate', 'merge', 'quarantine', 'skip')),
    CONSTRAINT run_items_outcome_check CHECK (outcome IN ('migrated', 'merged', 'quarantined', 'skipped')),
    CONSTRAINT run_items_action_check CHECK (action IN ('inserted', 'updated', 'unchanged')),
    CONSTRAINT run_items_action_needs_migrated_check CHECK (action IS NULL OR outcome = 'migrated'),
    CONSTRAINT run_items_migrated_needs_target_id_check CHECK (outcome <> 'migrated' OR target_id IS NOT NULL),
    CONSTRAINT run_items_merged_needs_winner_check CHECK (outcome <> 'merged' OR merged_into IS NOT NULL),
    CONSTRAINT run_items_pending_needs_batch_check CHECK (outcome IS NOT NULL OR batch_no IS NOT NULL),
    CONSTRAINT run_items_reason_code_format_check CHECK (reason_code ~ '^[a-z][a-z0-9_]*$')
) WITH (fillfactor = 70);

CREATE INDEX idx_run_items_run_id_batch_no ON kv2rel.run_items (run_id, batch_no) WHERE batch_no IS NOT NULL;

COMMENT ON TABLE kv2rel.run_items IS
'The outcome of every KV key in every run: migrated, merged (names the winner), quarantined or skipped, with the '
'reason code, the rule, and for migrated and merged keys the target table and the uuid of the target row.';
COMMENT ON COLUMN kv2rel.run_items.run_id IS 'The run (kv2rel.runs).';
COMMENT ON COLUMN kv2rel.run_items.key IS 'The KV key, exactly as stored.';
COMMENT ON COLUMN kv2rel.run_items.entity IS 'Entity of the key (kv2rel.kv_entities); NULL for keys no rule matches.';
COMMENT ON COLUMN kv2rel.run_items.key_class IS 'Key class from the key rules (entity, index, pointer, ..., unknown).';
COMMENT ON COLUMN kv2rel.run_items.environment IS 'Environment segment of the key; NULL when it has none.';
COMMENT ON COLUMN kv2rel.run_items.generation IS 'Key generation (legacy_plural, singular, env_scoped, parent_scoped).';
COMMENT ON COLUMN kv2rel.run_items.rule_name IS 'The key rule that classified the key (kv2rel.key_rules).';
COMMENT ON COLUMN kv2rel.run_items.target_table IS 'Target table of the entity; NULL for entities without one.';
COMMENT ON COLUMN kv2rel.run_items.legacy_id IS 'The legacy id of the record (value id, else key id).';
COMMENT ON COLUMN kv2rel.run_items.target_id IS
'uuid primary key (id) of the target row: the row written (migrated) or the winner''s row (merged).';
COMMENT ON COLUMN kv2rel.run_items.planned IS 'The verdict of kv2rel.plan: migrate, merge, quarantine or skip.';
COMMENT ON COLUMN kv2rel.run_items.outcome IS
'Final outcome: migrated, merged, quarantined or skipped; NULL while the key''s batch has not committed.';
COMMENT ON COLUMN kv2rel.run_items.reason_code IS
'Why (kv2rel.reason_codes): the quarantine reason, the skip rule, duplicate for merges, or a report code for a '
'migrated record that needed a documented fix (e.g. active_gt_total); NULL for a plain migration.';
COMMENT ON COLUMN kv2rel.run_items.message IS 'Human-readable explanation naming the offending field, value or parent.';
COMMENT ON COLUMN kv2rel.run_items.merged_into IS
'For merged keys: the key whose record won (deterministic winner rule).';
COMMENT ON COLUMN kv2rel.run_items.action IS
'For migrated keys: inserted, updated (values changed since the row was written) or unchanged.';
COMMENT ON COLUMN kv2rel.run_items.batch_no IS 'Batch of a key the plan migrates (kv2rel.run_batches); NULL otherwise.';
COMMENT ON COLUMN kv2rel.run_items.processed_at IS
'When the key''s batch committed (NULL for keys decided at planning).';
COMMENT ON CONSTRAINT run_items_pkey ON kv2rel.run_items IS 'Exactly one row per key per run.';
COMMENT ON CONSTRAINT run_items_run_id_fkey ON kv2rel.run_items IS
'Items belong to a run; deleting a run deletes its accounting (CASCADE).';
COMMENT ON CONSTRAINT run_items_planned_check ON kv2rel.run_items IS 'The plan verdicts of kv2rel.plan.';
COMMENT ON CONSTRAINT run_items_outcome_check ON kv2rel.run_items IS 'The four outcomes.';
COMMENT ON CONSTRAINT run_items_action_check ON kv2rel.run_items IS 'What the batch did to the target row.';
COMMENT ON CONSTRAINT run_items_action_needs_migrated_check ON kv2rel.run_items IS 'Only migrated keys wrote a row.';
COMMENT ON CONSTRAINT run_items_migrated_needs_target_id_check ON kv2rel.run_items IS
'A migrated key names the row it wrote.';
COMMENT ON CONSTRAINT run_items_merged_needs_winner_check ON kv2rel.run_items IS 'A merged key names its winner.';
COMMENT ON CONSTRAINT run_items_pending_needs_batch_check ON kv2rel.run_items IS
'A key without an outcome yet is waiting for its batch.';
COMMENT ON CONSTRAINT run_items_reason_code_format_check ON kv2rel.run_items IS 'Reason codes are snake_case words.';
COMMENT ON INDEX kv2rel.idx_run_items_run_id_batch_no IS 'Reads the keys of one batch.';
