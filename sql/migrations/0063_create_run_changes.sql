-- Migration: 0063_create_run_changes
-- Requires: 0062_create_quarantine
-- Purpose: Create kv2rel.run_changes, every target row a run inserted or updated, with the row as it was before.
-- Revert: 0063_create_run_changes.revert.sql (drops the table; scoped rollback of past runs becomes impossible)
-- Transaction: yes
--
-- Written in the same statement as the upsert that changed the row (a data-modifying CTE reads the pre-statement
-- snapshot for the before-image), so it is exact and commits with its batch. The scoped rollback (issue 6)
-- deletes the inserted rows and restores the before-images of the updated ones, children before parents. Rows a
-- run left unchanged are not listed.

CREATE TABLE kv2rel.run_changes (
    run_id bigint NOT NULL,
    target_table text NOT NULL,
    target_id uuid NOT NULL,
    action text NOT NULL,
    key text,
    batch_no integer,
    before_image jsonb,
    changed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT run_changes_pkey PRIMARY KEY (run_id, target_table, target_id),
    CONSTRAINT run_changes_run_id_fkey FOREIGN KEY (run_id) REFERENCES kv2rel.runs (run_id) ON DELETE CASCADE,
    CONSTRAINT run_changes_action_check CHECK (action IN ('inserted', 'updated')),
    CONSTRAINT run_changes_updated_needs_before_image_check CHECK (
        (action = 'updated') = (before_image IS NOT NULL)
    ),
    CONSTRAINT run_changes_before_image_is_object_check CHECK (jsonb_typeof(before_image) = 'object')
);

COMMENT ON TABLE kv2rel.run_changes IS
'Every target row a run changed: inserted (rollback deletes it) or updated (rollback restores before_image). '
'Written atomically with the change, per batch. Input of the scoped rollback (issue 6).';
COMMENT ON COLUMN kv2rel.run_changes.run_id IS 'The run that changed the row.';
COMMENT ON COLUMN kv2rel.run_changes.target_table IS 'Schema-qualified target table (e.g. public.orders).';
COMMENT ON COLUMN kv2rel.run_changes.target_id IS 'The uuid primary key (id) of the changed row.';
COMMENT ON COLUMN kv2rel.run_changes.action IS 'inserted (the row did not exist) or updated (its values changed).';
COMMENT ON COLUMN kv2rel.run_changes.key IS
'The KV key whose record was written; for rows derived from a record (exclusions of a catalog config) that key.';
COMMENT ON COLUMN kv2rel.run_changes.batch_no IS 'The batch that wrote the row.';
COMMENT ON COLUMN kv2rel.run_changes.before_image IS
'For updated rows: the whole row before the change, as to_jsonb(row); NULL for inserted rows.';
COMMENT ON COLUMN kv2rel.run_changes.changed_at IS 'Start of the transaction (batch) that changed the row.';
COMMENT ON CONSTRAINT run_changes_pkey ON kv2rel.run_changes IS 'A run changes a given row at most once.';
COMMENT ON CONSTRAINT run_changes_run_id_fkey ON kv2rel.run_changes IS 'Changes belong to a run (CASCADE).';
COMMENT ON CONSTRAINT run_changes_action_check ON kv2rel.run_changes IS 'action is inserted or updated.';
COMMENT ON CONSTRAINT run_changes_updated_needs_before_image_check ON kv2rel.run_changes IS
'Exactly the updated rows carry a before-image.';
COMMENT ON CONSTRAINT run_changes_before_image_is_object_check ON kv2rel.run_changes IS
'A before-image is a JSON object (a whole row).';
