"""A hand-built KV table: 32 keys with known classes, outcomes and profile numbers (tests of classify_kv, the
view kv_classification, profile_kv, plan and the profile/plan commands). Values follow kv-store.md section 3."""

from __future__ import annotations

import json

import psycopg

ORDER_UUID = "8c0e6f2a-1d3b-4c5e-9f7a-0b1c2d3e4f5a"
CLIENT_UUID = "3f1c2b9e-8a41-4c55-9d0e-2b7a6f1e0c11"
ADMIN_UUID = "9d2f4c1e-6a7b-4c8d-9e0f-1a2b3c4d5e6f"
SESSION_UUID = "5b6c7d8e-0000-4000-8000-000000000001"
SITE = "site-1739700000000-p0q9r8s"
CLIENT = "client-1739612345678-k3j9x0a"

# (key, value, expected outcome of kv2rel.plan with every environment)
ROWS: list[tuple[str, object, str]] = [
    ("clients:all", [CLIENT, "client-demo-stakeholder", "client-ghost"], "skip"),
    (f"client:production:{CLIENT}", {
        "id": CLIENT, "name": "Acme Robotics", "contactEmail": "hr@acme.example", "status": "suspended",
        "settings": {"primaryColor": "#D91C81"}, "createdAt": "2026-02-15T08:00:00.000Z",
        "updatedAt": "2026-02-15T08:00:00.000Z", "environmentId": "production"}, "migrate"),
    (f"clients:{CLIENT}", {
        "id": CLIENT, "name": "Acme Robotics (old)", "status": "active", "updatedAt": "2026-01-01T00:00:00Z"},
     "merge"),
    ("client:client-demo-stakeholder", {
        "id": "client-demo-stakeholder", "name": "Demo Stakeholder", "status": "active",
        "createdAt": "2026-02-12T15:00:00.000Z"}, "migrate"),
    ("client:demo-stakeholder", {
        "id": "client-demo-stakeholder", "name": "Demo Stakeholder", "status": "active",
        "createdAt": "2026-02-12T15:00:00.000Z"}, "merge"),
    (f"client:{CLIENT_UUID}", {
        "id": CLIENT_UUID, "name": "Northwind Traders", "contact_email": "ops@northwind.example",
        "status": "active", "client_code": None, "description": "", "client_address_line_1": "1 Mill Lane",
        "created_at": "2026-01-05T09:15:00.000Z"}, "migrate"),
    (f"client:client-1:site:{SITE}", {
        "id": SITE, "clientId": CLIENT, "name": "Acme 10-Year Awards", "slug": "acme-10-year-awards",
        "status": "active"}, "merge"),
    (f"site:development:{SITE}", {
        "id": SITE, "clientId": CLIENT, "name": "Acme 10-Year Awards", "slug": "acme-10-year-awards",
        "status": "live", "startDate": "2026-03-01T00:00:00.000Z",
        "settings": {"giftsPerUser": 1, "availabilityStartDate": "2026-03-01"},
        "updatedAt": "2026-02-16T11:00:00.000Z"}, "migrate"),
    ("sites:slug:acme-10-year-awards", {"siteId": SITE}, "skip"),
    ("sites:demo-event-serial-card", {
        "id": "demo-event-serial-card", "clientId": "client-demo-stakeholder", "name": "Demo Event",
        "slug": "demo-event-serial-card", "status": "maintenance"}, "migrate"),
    (f"sites:{SITE}:catalog_config", {
        "siteId": SITE, "catalogId": "catalog_legacy_default",
        "exclusions": {"excludedCategories": ["Alcohol"], "excludedSkus": ["BP-30-BLK"]}}, "migrate"),
    ("catalogs:catalog_legacy_default", {
        "id": "catalog_legacy_default", "name": "Legacy Product Catalog", "type": "manual", "status": "active",
        "source": {"type": "api", "apiConfig": {"endpoint": "https://erp.example", "credentials": {"k": "v"}}}},
     "migrate"),
    ("gift:production:gift-001", {
        "id": "gift-001", "name": "Trail Backpack", "sku": "BP-30-BLK", "price": "35.50",
        "catalogId": "catalog_legacy_default", "imageUrl": "https://img.example/bp.jpg", "status": "active"},
     "migrate"),
    ("gifts:gift-1739800000000-3", {
        "id": "gift-1739800000000-3", "name": "Desk Lamp", "sku": "SKU-gift-1739800000000-3", "price": 35,
        "image": "", "inventory": {"total": 100, "available": 100, "reserved": 0},
        "attributes": {"features": "LED, dimmable"}, "status": "active"}, "migrate"),
    ("gifts:all", [{"id": "gift-001"}, "gift-1739800000000-3", "gift-404", "gift-404"], "skip"),
    ("employee:demo-event-serial-card:emp-002", {
        "id": "emp-002", "name": "Priya Natarajan", "email": "priya.n@company.example", "employeeId": "EMP002",
        "serialCard": "CONF2025-QWE123", "status": "active"}, "migrate"),
    ("employees:development:emp-1739-abcdefghi", {
        "id": "emp-1739-abcdefghi", "clientId": CLIENT, "email": "x@acme.example", "firstName": "X",
        "lastName": "Y", "employeeId": "E1", "status": "active"}, "quarantine"),
    ("employee:site-x:emp-003", {"id": "emp-003", "name": "Sam", "employeeId": "E3", "status": "fired"},
     "quarantine"),
    (f"order:{SITE}:{ORDER_UUID}", {
        "id": f"order:{SITE}:{ORDER_UUID}", "orderNumber": "ORD-2026-482913", "status": "shipped",
        "employeeEmail": "priya.n@company.example", "employeeName": "Priya Natarajan", "siteId": SITE,
        "giftId": "gift-001", "quantity": 2, "itemValue": 35, "totalValue": 70,
        "createdAt": "2026-02-19T16:20:00.000Z"}, "migrate"),
    ("order:production:ORD-00100001-x7k2", {
        "id": "ORD-00100001-x7k2", "orderNumber": "ORD-00100001-x7k2", "siteId": SITE, "giftId": "gift-001",
        "totalValue": 35, "status": "failed"}, "quarantine"),
    (f"site-gift-assignment:{SITE}:gift-001", {
        "siteId": SITE, "giftId": "gift-001", "active": True, "createdAt": "2026-02-18T12:00:00.000Z"},
     "migrate"),
    (f"admin_users:{ADMIN_UUID}", {
        "id": ADMIN_UUID, "username": "jlee", "email": "j.lee@platform.example", "role": "site_manager",
        "clientAccess": [CLIENT_UUID], "siteAccess": "all"}, "migrate"),
    (f"session:{SESSION_UUID}", {"token": "t", "employeeId": "emp-002"}, "skip"),
    ("environments:qa", {"id": "qa", "name": "QA", "supabaseAnonKey": "anon"}, "skip"),
    ("client:qa:client-qa-1", {"id": "client-qa-1", "name": "QA Client", "status": "active"}, "migrate"),
    ("hris_connection_hris_conn_1_abc", {
        "id": "hris_conn_1_abc", "clientId": CLIENT, "providerId": "bamboo", "authType": "api_key",
        "credentials": {"apiKey": "secret-key"}, "status": "active"}, "migrate"),
    ("ratelimit:/api/orders:10.0.0.1", '{"count":1,"resetTime":1739612345678}', "skip"),
    ("legacy_thing:1", {"id": "1"}, "quarantine"),
    ("email-template:undefined", {"name": "Shipping", "subjectLine": "Shipped", "htmlContent": "<p>x</p>"},
     "quarantine"),
    (f"site_configs:{SITE}", {"siteId": SITE, "assignmentStrategy": "categories"}, "quarantine"),
    ("client:production:client-bad", [], "quarantine"),
    (f"role:{CLIENT_UUID}", {"id": f"role:{CLIENT_UUID}", "name": "Viewer"}, "skip"),
]

EXPECTED_PLAN = {key: outcome for key, _, outcome in ROWS}
MERGED_INTO = {
    f"clients:{CLIENT}": f"client:production:{CLIENT}",
    "client:demo-stakeholder": "client:client-demo-stakeholder",
    f"client:client-1:site:{SITE}": f"site:development:{SITE}",
}


def create(conn: psycopg.Connection, table: str = "public.kv_store_6fcaeea3") -> str:
    """Create the fixture table (key text primary key, value jsonb) and fill it; returns its name."""
    conn.execute(f"CREATE TABLE {table} (key text PRIMARY KEY, value jsonb NOT NULL)")
    with conn.cursor() as cur:
        cur.executemany(
            f"INSERT INTO {table} (key, value) VALUES (%s, %s::jsonb)",
            [(key, json.dumps(value)) for key, value, _ in ROWS],
        )
    return table
