-- Migration: 0020_create_key_environments
-- Requires: none (schema kv2rel is created by the bootstrap)
-- Purpose: Create kv2rel.key_environments, the environment names a key segment may carry (seeded with the built-ins).
-- Revert: 0020_create_key_environments.revert.sql (drops the table; DBA additions are lost, re-insert them)
-- Transaction: yes
--
-- A key segment such as the "production" of client:production:client-1 is read as an environment only when the
-- name is known: listed here (built-ins and DBA additions) or registered in the KV table itself under an
-- environments:{id} key (kv2rel.known_environments adds those at run time). Everything else in that position is
-- a parent id (order:{siteId}:{uuid}) or makes the key unknown, never a guessed environment.

CREATE TABLE kv2rel.key_environments (
    name text NOT NULL,
    origin text NOT NULL DEFAULT 'dba',
    description text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT key_environments_pkey PRIMARY KEY (name),
    CONSTRAINT key_environments_name_format_check CHECK (name ~ '^[^:[:space:]]{1,64}$'),
    CONSTRAINT key_environments_origin_check CHECK (origin IN ('builtin', 'dba'))
);

COMMENT ON TABLE kv2rel.key_environments IS
'Environment names recognised in KV key segments ({prefix}:{env}:{id}). Built-ins plus DBA additions; names '
'registered in the KV table under environments:{id} keys are added at run time by kv2rel.known_environments.';
COMMENT ON COLUMN kv2rel.key_environments.name IS
'Environment id exactly as it appears in keys (case-sensitive), without colons or whitespace.';
COMMENT ON COLUMN kv2rel.key_environments.origin IS
'builtin (the three ids of the source type EnvironmentId) or dba (added by hand, e.g. a custom environment).';
COMMENT ON COLUMN kv2rel.key_environments.description IS 'What the environment is and why it is listed.';
COMMENT ON COLUMN kv2rel.key_environments.created_at IS 'When the row was added.';
COMMENT ON CONSTRAINT key_environments_pkey ON kv2rel.key_environments IS 'One row per environment name.';
COMMENT ON CONSTRAINT key_environments_name_format_check ON kv2rel.key_environments IS
'A name is one key segment: 1 to 64 characters, no colon (the segment separator) and no whitespace.';
COMMENT ON CONSTRAINT key_environments_origin_check ON kv2rel.key_environments IS
'origin is builtin or dba.';

INSERT INTO kv2rel.key_environments (name, origin, description)
VALUES
('development', 'builtin', 'Source type EnvironmentId; default of most server routes when the header is absent.'),
('staging', 'builtin', 'Source type EnvironmentId.'),
('production', 'builtin', 'Source type EnvironmentId; default of the CRUD factory when the header is absent.');
