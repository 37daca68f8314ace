"""kv2rel.classify_key: every key convention of kv-store.md section 2, the ambiguous keys of 9.2-9.4, keys with
_, %, quotes and unicode, unknown keys, and rules and environments edited by the DBA without code changes."""

from __future__ import annotations

import psycopg
import pytest

import pgtap as t

U = "8c0e6f2a-1d3b-4c5e-9f7a-0b1c2d3e4f5a"
U2 = "3f1c2b9e-8a41-4c55-9d0e-2b7a6f1e0c11"

# key -> (key_class, entity, environment, parent_id, entity_id, generation, rule_name)
CASES = [
    # index and list keys (2.7)
    ("clients:all", ("index", "client", None, None, None, None, "clients_all_index")),
    ("sites:all", ("index", "site", None, None, None, None, "sites_all_index")),
    ("catalogs:all", ("index", "catalog", None, None, None, None, "catalogs_all_index")),
    ("gifts:all", ("index", "product", None, None, None, None, "gifts_all_index")),
    ("employees:all", ("index", "employee", None, None, None, None, "employees_all_index")),
    ("orders:all", ("index", "order", None, None, None, None, "orders_all_index")),
    ("import_jobs:active", ("index", "import_job", None, None, None, None, "import_jobs_active_index")),
    ("catalog_gifts:cat-1", ("index", "product", None, "cat-1", "cat-1", None, "catalog_gifts_index")),
    ("catalog_index:by_type:erp", ("index", "catalog", None, None, "erp", None, "catalog_index_by_type")),
    ("catalog_index:by_status:active", ("index", "catalog", None, None, "active", None, "catalog_index_by_status")),
    ("catalog_index:by_owner:client-1", ("index", "catalog", None, None, "client-1", None, "catalog_index_by_owner")),
    ("gifts_index:by_catalog:cat-1", ("index", "product", None, "cat-1", "cat-1", None, "gifts_index_by_catalog")),
    ("sites:site-1:employees", ("index", "employee", None, "site-1", "site-1", None, "sites_employees_index")),
    ("sites:site-1:orders", ("index", "order", None, "site-1", "site-1", None, "sites_orders_index")),
    ("catalog_sync_logs:cat-1:list", ("index", "catalog_sync_log", None, "cat-1", "cat-1", None,
                                      "catalog_sync_logs_list")),
    # pointers, links, join rows, copies
    ("site:slug:acme-awards", ("pointer", "site", None, None, "acme-awards", None, "site_slug_pointer")),
    ("sites:slug:demo-event", ("pointer", "site", None, None, "demo-event", None, "sites_slug_pointer")),
    ("catalog_gifts:cat-1:gift-001", ("link", "product", None, "cat-1", "gift-001", "parent_scoped",
                                      "catalog_gift_link")),
    ("client_erp_assignment:client-1", ("link", "client_erp_assignment", None, "client-1", "client-1", None,
                                        "client_erp_assignment_link")),
    ("site_erp_assignment:site-1", ("link", "site_erp_assignment", None, "site-1", "site-1", None,
                                    "site_erp_assignment_link")),
    ("site-gift-assignment:site-1:gift-001", ("join", "site_product_assignment", None, "site-1", "gift-001",
                                              "parent_scoped", "site_gift_assignment_join")),
    (f"employee_role:emp-1:role:{U2}:all", ("join", "employee_role", None, "emp-1", f"role:{U2}:all",
                                            "parent_scoped", "employee_role_join")),
    (f"employee_access_group:emp-1:access_group:{U2}:site-1",
     ("join", "employee_access_group", None, "emp-1", f"access_group:{U2}:site-1", "parent_scoped",
      "employee_access_group_join")),
    ("client:client-1:site:site-1", ("copy", "site", None, "client-1", "site-1", "parent_scoped", "client_site_copy")),
    ("client:demo-stakeholder", ("copy", "client", None, None, None, "singular", "client_demo_alias")),
    ("celebrations:employee:emp-1:celebration-1739-abcdefghi",
     ("copy", "celebration", None, "emp-1", "celebration-1739-abcdefghi", "parent_scoped",
      "celebrations_employee_copy")),
    # entities, environment-scoped CRUD keys (generation env_scoped)
    ("client:production:client-1739612345678-k3j9x0a",
     ("entity", "client", "production", None, "client-1739612345678-k3j9x0a", "env_scoped", "client_env_scoped")),
    ("clients:development:client-1", ("entity", "client", "development", None, "client-1", "env_scoped",
                                      "clients_env_scoped")),
    ("site:development:site-1739700000000-p0q9r8s",
     ("entity", "site", "development", None, "site-1739700000000-p0q9r8s", "env_scoped", "site_env_scoped")),
    ("sites:staging:demo-event-serial-card", ("entity", "site", "staging", None, "demo-event-serial-card",
                                              "env_scoped", "sites_env_scoped")),
    ("gift:production:gift-001", ("entity", "product", "production", None, "gift-001", "env_scoped",
                                  "gift_env_scoped")),
    ("product:development:prod-1", ("entity", "product", "development", None, "prod-1", "env_scoped",
                                    "product_env_scoped")),
    ("category:development:cat-a", ("entity", "category", "development", None, "cat-a", "env_scoped",
                                    "category_env_scoped")),
    ("shipment:production:ship-1", ("entity", "shipment", "production", None, "ship-1", "env_scoped",
                                    "shipment_env_scoped")),
    ("employee:production:emp-1", ("entity", "employee", "production", None, "emp-1", "env_scoped",
                                   "employee_env_scoped")),
    ("employees:development:emp-1739-abcdefghi", ("entity", "employee", "development", None, "emp-1739-abcdefghi",
                                                  "env_scoped", "employees_env_scoped")),
    ("order:production:ORD-00100001-x7k2", ("entity", "order", "production", None, "ORD-00100001-x7k2",
                                            "env_scoped", "order_env_scoped")),
    ("admin_user:development:admin-1739-abc1234", ("entity", "admin_user", "development", None,
                                                   "admin-1739-abc1234", "env_scoped", "admin_user_env_scoped")),
    ("role:production:role-1739-abc1234", ("entity", "role", "production", None, "role-1739-abc1234",
                                           "env_scoped", "role_env_scoped")),
    ("access_group:production:access-group-1739-abc1234",
     ("entity", "access_group", "production", None, "access-group-1739-abc1234", "env_scoped",
      "access_group_env_scoped")),
    ("email_template:development:email-template-1739-abc1234",
     ("entity", "email_template", "development", None, "email-template-1739-abc1234", "env_scoped",
      "email_template_env_scoped")),
    ("brand:development:brand-1739-abc1234", ("entity", "brand", "development", None, "brand-1739-abc1234",
                                              "env_scoped", "brand_env_scoped")),
    ("celebration:staging:celebration-1739-abc1234", ("entity", "celebration", "staging", None,
                                                      "celebration-1739-abc1234", "env_scoped",
                                                      "celebration_env_scoped")),
    (f"audit:development:1739612345678:{U}", ("entity", "audit_log", "development", None, f"1739612345678:{U}",
                                              "env_scoped", "audit_env_scoped")),
    # parent-scoped keys {prefix}:{parentId}:{childId}
    ("employee:demo-event-serial-card:emp-002", ("entity", "employee", None, "demo-event-serial-card", "emp-002",
                                                 "parent_scoped", "employee_parent_scoped")),
    (f"order:site-1739700000000-p0q9r8s:{U}", ("entity", "order", None, "site-1739700000000-p0q9r8s", U,
                                               "parent_scoped", "order_parent_scoped")),
    ("automation-rule:site-1:rule-1739-abcdefghi", ("entity", "automation_rule", None, "site-1",
                                                    "rule-1739-abcdefghi", "parent_scoped", "automation_rule_site")),
    ("webhook:site-1:webhook-1739-abcdefghi", ("entity", "webhook", None, "site-1", "webhook-1739-abcdefghi",
                                               "parent_scoped", "webhook_site")),
    ("scheduled-email:site-1:scheduled-1739-abcdefghi", ("entity", "scheduled_email", None, "site-1",
                                                         "scheduled-1739-abcdefghi", "parent_scoped",
                                                         "scheduled_email_site")),
    # one id after the prefix: singular and legacy plural generations
    (f"client:{U2}", ("entity", "client", None, None, U2, "singular", "client_singular")),
    ("clients:client-1", ("entity", "client", None, None, "client-1", "legacy_plural", "clients_legacy_plural")),
    ("site:site-1", ("entity", "site", None, None, "site-1", "singular", "site_singular")),
    ("sites:demo-event-serial-card", ("entity", "site", None, None, "demo-event-serial-card", "legacy_plural",
                                      "sites_legacy_plural")),
    ("catalogs:catalog_legacy_default", ("entity", "catalog", None, None, "catalog_legacy_default", "legacy_plural",
                                         "catalogs_legacy_plural")),
    ("catalog:cat-1", ("entity", "catalog", None, None, "cat-1", "singular", "catalog_singular")),
    ("gift:gift-1", ("entity", "product", None, None, "gift-1", "singular", "gift_singular")),
    ("gifts:gift-1739800000000-3", ("entity", "product", None, None, "gift-1739800000000-3", "legacy_plural",
                                    "gifts_legacy_plural")),
    ("products:prod-1", ("entity", "product", None, None, "prod-1", "legacy_plural", "products_legacy_plural")),
    ("categories:cat-a", ("entity", "category", None, None, "cat-a", "legacy_plural", "categories_legacy_plural")),
    ("shipments:ship-1", ("entity", "shipment", None, None, "ship-1", "legacy_plural", "shipments_legacy_plural")),
    ("employee:emp-001", ("entity", "employee", None, None, "emp-001", "singular", "employee_singular")),
    ("employees:emp-1739-abcdefghi", ("entity", "employee", None, None, "emp-1739-abcdefghi", "legacy_plural",
                                      "employees_legacy_plural")),
    ("order:ORD-TEST-001", ("entity", "order", None, None, "ORD-TEST-001", "singular", "order_singular")),
    ("orders:ORD-2026-123456", ("entity", "order", None, None, "ORD-2026-123456", "legacy_plural",
                                "orders_legacy_plural")),
    (f"admin_users:{U2}", ("entity", "admin_user", None, None, U2, "legacy_plural", "admin_users_legacy_plural")),
    (f"role:{U2}", ("entity", "role", None, None, U2, "singular", "role_singular")),
    (f"access_group:{U2}", ("entity", "access_group", None, None, U2, "singular", "access_group_singular")),
    (f"brand:{U2}", ("entity", "brand", None, None, U2, "singular", "brand_singular")),
    ("audit_logs:1739612345678", ("entity", "audit_log", None, None, "1739612345678", "legacy_plural",
                                  "audit_logs_security")),
    ("scheduled-trigger-log:scheduled-trigger-log-1739612345678",
     ("entity", "scheduled_trigger_log", None, None, "scheduled-trigger-log-1739612345678", "singular",
      "scheduled_trigger_log_entry")),
    ("hris_connection_hris_conn_1739800000000_a9b8c7d", ("entity", "hris_connection", None, None,
                                                         "hris_conn_1739800000000_a9b8c7d", None,
                                                         "hris_connection_entry")),
    ("hris_sync_hris_sync_1739900000000_x1y2z3a", ("entity", "hris_sync", None, None,
                                                   "hris_sync_1739900000000_x1y2z3a", None, "hris_sync_entry")),
    ("email-template:shipping-notification", ("entity", "email_template", None, None, "shipping-notification",
                                              "singular", "email_template_entry")),
    ("email-template:undefined", ("entity", "email_template", None, None, "undefined", "singular",
                                  "email_template_entry")),
    ("global-template:global-user-password-reset", ("entity", "global_template", None, None,
                                                    "global-user-password-reset", "singular",
                                                    "global_template_entry")),
    ("site-template:site-template-1739612345678", ("entity", "site_template", None, None,
                                                   "site-template-1739612345678", "singular", "site_template_entry")),
    ("celebrations:celebration-1739-abcdefghi", ("entity", "celebration", None, None, "celebration-1739-abcdefghi",
                                                 "legacy_plural", "celebrations_legacy_plural")),
    ("invites:invite-1739-abcdefghi", ("entity", "invite", None, None, "invite-1739-abcdefghi", None,
                                       "invites_entry")),
    ("mapping_rules:rule-1739-abcdefghi", ("entity", "mapping_rule", None, None, "rule-1739-abcdefghi", None,
                                           "mapping_rules_entry")),
    ("erp_sync_config:cfg-1", ("entity", "erp_sync_config", None, None, "cfg-1", None, "erp_sync_config_entry")),
    ("erp_schedule:sch-1", ("entity", "erp_schedule", None, None, "sch-1", None, "erp_schedule_entry")),
    ("user:u-1", ("entity", "user", None, None, "u-1", None, "user_keys")),
    # configuration keyed by its site
    ("sites:site-1:catalog_config", ("entity", "site_catalog_config", None, "site-1", "site-1", None,
                                     "sites_catalog_config")),
    ("site_configs:site-1", ("entity", "site_gift_config", None, "site-1", "site-1", None,
                             "site_configs_gift_config")),
    ("site_gift_config:site-1", ("entity", "site_gift_config", None, "site-1", "site-1", None,
                                 "site_gift_config_key")),
    ("site_catalog_config:site-1", ("entity", "site_catalog_config", None, "site-1", "site-1", None,
                                    "site_catalog_config_key")),
    # logs
    ("catalog_sync_logs:cat-1:latest", ("log", "catalog_sync_log", None, "cat-1", "cat-1", None,
                                        "catalog_sync_logs_latest")),
    ("catalog_sync_logs:cat-1:2026-02-11T02:00:00.000Z", ("log", "catalog_sync_log", None, "cat-1",
                                                          "2026-02-11T02:00:00.000Z", "parent_scoped",
                                                          "catalog_sync_logs_entry")),
    ("import_jobs:job-1", ("log", "import_job", None, None, "job-1", None, "import_jobs_entry")),
    ("import_jobs:job-1:result", ("log", "import_job", None, "job-1", "job-1", None, "import_jobs_result")),
    ("email-history:site-1:history-1739-abcdefghi", ("log", "email_history", None, "site-1",
                                                     "history-1739-abcdefghi", "parent_scoped",
                                                     "email_history_site")),
    ("webhook-delivery:site-1:delivery-1739-abcdefghi", ("log", "webhook_delivery", None, "site-1",
                                                         "delivery-1739-abcdefghi", "parent_scoped",
                                                         "webhook_delivery_site")),
    ("sync_log:log-1", ("log", "sync_log", None, None, "log-1", None, "sync_log_entry")),
    ("erp_sync_log:log_1739_abc", ("log", "erp_sync_log", None, None, "log_1739_abc", None, "erp_sync_log_entry")),
    ("schedule_execution:exec_1739_abc", ("log", "schedule_execution", None, None, "exec_1739_abc", None,
                                          "schedule_execution_entry")),
    # ephemeral
    (f"session:{U}", ("ephemeral", "session", None, None, U, None, "session_token")),
    (f"magic-link:{U}", ("ephemeral", "magic_link", None, None, U, None, "magic_link_token")),
    ("password_reset:user-1_1739612345678_abc", ("ephemeral", "password_reset", None, None,
                                                 "user-1_1739612345678_abc", None, "password_reset_token")),
    (f"ratelimit:/api/orders:user:{U}", ("ephemeral", "rate_limit", None, None, f"/api/orders:user:{U}", None,
                                         "rate_limit_counter")),
    ("health:test:1739612345678", ("ephemeral", "health_probe", None, None, "1739612345678", None, "health_probe")),
    ("catalog_stats:cat-1", ("ephemeral", "catalog_stats", None, "cat-1", "cat-1", None, "catalog_stats_entry")),
    ("catalog_stats:cat-1:expiry", ("ephemeral", "catalog_stats", None, "cat-1", "cat-1", None,
                                    "catalog_stats_expiry")),
    ("inventory_cache:SKU-1", ("ephemeral", "inventory_cache", None, None, "SKU-1", None, "inventory_cache_entry")),
    ("erp_inventory_cache:SKU-1", ("ephemeral", "inventory_cache", None, None, "SKU-1", None,
                                   "erp_inventory_cache_entry")),
    ("environments:list", ("ephemeral", "environment", None, None, None, None, "environments_list_cache")),
    ("sites:list:production", ("ephemeral", "site", None, None, "production", None, "sites_list_cache")),
    ("prefix:client:production", ("ephemeral", "environment", None, None, "client:production", None,
                                  "prefix_cache")),
    ("test:anything:here", ("ephemeral", "test_data", None, None, "anything:here", None, "test_keys")),
    ("demo:x", ("ephemeral", "demo_data", None, None, "x", None, "demo_keys")),
    ("snapshot:2026-02-15", ("ephemeral", "snapshot", None, None, "2026-02-15", None, "snapshot_keys")),
    # secret-bearing configuration
    ("environments:production", ("secret", "environment", None, None, "production", None, "environments_config")),
    ("sftp_config:client-1", ("secret", "sftp_config", None, "client-1", "client-1", None, "sftp_config_client")),
    ("erp_connection:erp-1", ("secret", "erp_connection", None, None, "erp-1", None, "erp_connection_entry")),
    ("environment:production", ("secret", "environment", None, None, "production", None, "environment_keys")),
    # _ % quotes and unicode are ordinary characters in ids
    ("client:o'brien", ("entity", "client", None, None, "o'brien", "singular", "client_singular")),
    ('client:say "hi"', ("entity", "client", None, None, 'say "hi"', "singular", "client_singular")),
    ("client:café-☕-東京", ("entity", "client", None, None, "café-☕-東京", "singular", "client_singular")),
    ("client:100%_done", ("entity", "client", None, None, "100%_done", "singular", "client_singular")),
    ("gift:production:gift_%_1", ("entity", "product", "production", None, "gift_%_1", "env_scoped",
                                  "gift_env_scoped")),
    ("employee:sité-ü:emp_%", ("entity", "employee", None, "sité-ü", "emp_%", "parent_scoped",
                               "employee_parent_scoped")),
]

UNKNOWN = [
    ("adminXusers:abc", "an unescaped LIKE 'admin_users:%' would match: _ must be literal"),
    ("admin%users:abc", "% in the key is not a wildcard either"),
    ("hrisXconnection_1", "hris_connection_ is a literal prefix"),
    ("hris_connectionX1", "the prefix includes its trailing underscore"),
    ("clients%all", "% is not a wildcard in exact keys"),
    ("client:qa:client-1", "qa is not a known environment, and client ids have no colon"),
    ("order:site-1:uuid:extra", "three segments fit no order convention"),
    ("client:", "an empty id is not an id"),
    ("client:development:", "an environment without an id is not a key"),
    ("CLIENT:x", "prefixes are case-sensitive"),
    (" client:x", "leading whitespace is part of the key"),
    ("", "the empty key"),
    ("x", "a bare word"),
    ("legacy_thing:1", "a family nobody documented"),
    ("client:a:b:site:c", "the copy's parent must be one segment"),
]


def classify(conn: psycopg.Connection, key: str | None, environments: list[str] | None = None) -> tuple:
    if environments is None:
        row = conn.execute("SELECT * FROM kv2rel.classify_key(%s)", (key,)).fetchone()
    else:
        row = conn.execute("SELECT * FROM kv2rel.classify_key(%s, %s)", (key, environments)).fetchone()
    return tuple(row)  # type: ignore[arg-type]


def test_structure(db):
    t.has_function(db, "kv2rel", "classify_key", ["text"], "kv2rel.classify_key(text) exists")
    t.has_function(db, "kv2rel", "classify_key", ["text", "text[]"], "kv2rel.classify_key(text, text[]) exists")
    t.volatility_is(db, "kv2rel", "classify_key", ["text"], "stable",
                    "classify_key(text) is STABLE: it reads the rules and environments tables")
    t.volatility_is(db, "kv2rel", "classify_key", ["text", "text[]"], "stable", "classify_key(text, text[]) is STABLE")
    t.isnt_definer(db, "kv2rel", "classify_key", ["text"], "classify_key is not SECURITY DEFINER")
    t.volatility_is(db, "kv2rel", "classification_case", ["boolean"], "stable", "classification_case is STABLE")


@pytest.mark.parametrize("key,want", CASES, ids=[c[0] or "<empty>" for c in CASES])
def test_convention(db, key, want):
    t.is_(classify(db, key), want, f"{key!r} is classified by {want[6]}")


@pytest.mark.parametrize("key,why", UNKNOWN, ids=[u[0] or "<empty>" for u in UNKNOWN])
def test_unknown_key(db, key, why):
    t.is_(classify(db, key), ("unknown", None, None, None, None, None, None), f"{key!r} is unknown: {why}")


def test_null_key_is_unknown(db):
    t.is_(classify(db, None), ("unknown", None, None, None, None, None, None), "a NULL key is unknown, no error")


def test_every_seeded_rule_is_exercised(db):
    rules = {r[0] for r in db.execute("SELECT rule_name FROM kv2rel.key_rules")}
    tested = {want[6] for _, want in CASES}
    t.is_(sorted(rules - tested), [], "every seeded key rule has a test case in CASES")
    t.is_(sorted(tested - rules), [], "every rule named in CASES exists")


def test_ambiguous_site_slug_is_a_pointer_not_an_environment(db):
    t.is_(classify(db, "site:slug:acme")[:3], ("pointer", "site", None), "site:slug:x is a slug pointer (9.2)")
    t.is_(classify(db, "site:slug:acme", ["slug", "production"])[:3], ("pointer", "site", None),
          "even when an environment named slug is registered, the more specific pointer rule wins")
    t.is_(classify(db, "site:production:slug")[:5], ("entity", "site", "production", None, "slug"),
          "site:{env}:{id} with the id slug is a site")


def test_ambiguous_order_and_employee_middle_segment(db):
    t.is_(classify(db, f"order:site-1:{U}")[2:5], (None, "site-1", U),
          "order:{siteId}:{uuid}: a site id is not an environment")
    t.is_(classify(db, "order:staging:ORD-1")[2:5], ("staging", None, "ORD-1"),
          "order:{env}:{id}: a known environment is an environment")
    t.is_(classify(db, "employee:site-1:emp-1")[2:5], (None, "site-1", "emp-1"),
          "employee:{siteId}:{empId}: the site is the parent")
    t.is_(classify(db, "employee:emp-1")[2:5], (None, None, "emp-1"), "employee:{id} has no parent")


def test_ids_are_split_from_the_left_by_known_prefix(db):
    t.is_(classify(db, f"role:{U2}")[4], U2, "role:{uuid}: the id after the prefix (the value id repeats the key)")
    t.is_(classify(db, f"employee_role:emp-1:role:{U2}:all")[3:5], ("emp-1", f"role:{U2}:all"),
          "employee_role: split at the first colon after the prefix, not at every colon")
    t.is_(classify(db, "catalog_sync_logs:cat-1:2026-02-11T02:00:00.000Z")[3:5],
          ("cat-1", "2026-02-11T02:00:00.000Z"), "an ISO timestamp with colons stays whole")


def test_explicit_environment_list(db):
    t.is_(classify(db, "client:qa:client-1", ["qa"])[:3], ("entity", "client", "qa"),
          "the two-argument form recognises exactly the given environments")
    t.is_(classify(db, "client:production:client-1", [])[0], "unknown",
          "with no known environment, an environment segment makes the key unknown")
    t.is_(classify(db, "client:production:client-1", None)[2], "production", "NULL list: the table's environments")


def test_dba_adds_an_environment(db):
    db.execute("INSERT INTO kv2rel.key_environments (name, description) VALUES ('uat', 'user acceptance')")
    t.is_(classify(db, "client:uat:client-1")[:3], ("entity", "client", "uat"),
          "an environment inserted by the DBA is known at once")


def test_dba_adds_and_reorders_rules(db):
    db.execute(
        "INSERT INTO kv2rel.key_rules (rule_name, priority, key_class, entity, prefix, shape, source_ref, description)"
        " VALUES ('legacy_things', 500, 'ephemeral', 'test_data', 'legacy_thing:', 'id', 'test', 'test rule')"
    )
    t.is_(classify(db, "legacy_thing:1")[::6], ("ephemeral", "legacy_things"), "a rule inserted by the DBA applies")
    db.execute("UPDATE kv2rel.key_rules SET priority = 50 WHERE rule_name = 'site_env_scoped'")
    t.is_(classify(db, "site:production:x")[6], "site_env_scoped", "priorities are data")
    db.execute("DELETE FROM kv2rel.key_rules WHERE rule_name = 'session_token'")
    t.is_(classify(db, f"session:{U}")[0], "unknown", "a deleted rule stops matching")


BAD_RULES = [
    ("key_rules_key_class_check", "23514", "key_class", "'unknown'"),
    ("key_rules_prefix_not_empty_check", "23514", "prefix", "''"),
    ("key_rules_shape_check", "23514", "shape", "'segments'"),
    ("key_rules_generation_check", "23514", "generation", "'plural'"),
    ("key_rules_rule_name_format_check", "23514", "rule_name", "'Bad Name'"),
    ("key_rules_entity_fkey", "23503", "entity", "'nope'"),
    ("key_rules_priority_range_check", "23514", "priority", "-1"),
    (None, "2201B", "rest_regex", "'(['"),
]


@pytest.mark.parametrize("constraint,sqlstate,column,value", BAD_RULES, ids=[b[0] or b[2] for b in BAD_RULES])
def test_bad_rule_is_refused(db, constraint, sqlstate, column, value):
    row = {"rule_name": "'new_rule'", "priority": "500", "key_class": "'entity'", "entity": "'client'",
           "prefix": "'new:'", "shape": "'id'", "source_ref": "'t'", "description": "'t'", "generation": "NULL",
           "rest_regex": "NULL"}
    row[column] = value
    t.throws_ok(
        db,
        f"INSERT INTO kv2rel.key_rules ({', '.join(row)}) VALUES ({', '.join(row.values())})",
        sqlstate, None, f"a rule with {column} = {value} is refused", constraint=constraint,
    )


def test_bad_environment_name_is_refused(db):
    t.throws_ok(db, "INSERT INTO kv2rel.key_environments (name, description) VALUES ('a:b', 'x')", "23514", None,
                "an environment name with a colon is refused", constraint="key_environments_name_format_check")
