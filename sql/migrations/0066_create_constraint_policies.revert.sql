-- Revert: 0066_create_constraint_policies

DROP TABLE kv2rel.constraint_policies;
