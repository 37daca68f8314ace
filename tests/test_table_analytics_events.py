"""public.analytics_events: append-only events; columns, FKs (CASCADE), CHECKs, indexes, no updated_at."""

from __future__ import annotations

import pytest

import pgtap as t
from schema_rows import CLIENT, SITE, Raw, TableContract, insert_sql, uid


class TestAnalyticsEvents(TableContract):
    TABLE = "analytics_events"
    UPDATED_AT = False
    COLUMNS = {
        "id": "uuid",
        "client_id": "uuid",
        "site_id": "uuid",
        "event_type": "text",
        "user_id": "text",
        "session_id": "text",
        "event_data": "jsonb",
        "ip_address": "inet",
        "user_agent": "text",
        "referrer": "text",
        "created_at": "timestamptz",
    }
    NOT_NULL = ["id", "event_type", "event_data", "created_at"]
    FOREIGN_KEYS = [
        ("analytics_events_client_id_fkey", "client_id", "clients", "CASCADE", {}),
        ("analytics_events_site_id_fkey", "site_id", "sites", "CASCADE", {}),
    ]
    BAD_ROWS = [
        ("analytics_events_event_type_length_check", {"event_type": "x"}),
        ("analytics_events_event_type_length_check", {"event_type": "e" * 101}),
        ("analytics_events_event_data_is_object_check", {"event_data": []}),
        ("analytics_events_event_data_is_object_check", {"event_data": Raw("'null'::jsonb")}),
    ]
    GOOD_ROWS = [
        ("platform event without tenant", {"client_id": None, "site_id": None}),
        ("tenant event", {"client_id": CLIENT, "site_id": SITE, "session_id": "sess-1", "user_id": "emp-001"}),
        ("IPv4 address", {"ip_address": "192.168.0.1"}),
        ("IPv6 address", {"ip_address": "2001:db8::1"}),
        ("event data", {"event_type": "gift_selected", "event_data": {"giftId": "gift-001"}}),
        ("event type of 100 characters", {"event_type": "e" * 100}),
    ]
    INDEXES = {
        "idx_analytics_client_date": (
            ["client_id", "created_at"],
            "btree (client_id, created_at DESC) WHERE (client_id IS NOT NULL)",
        ),
        "idx_analytics_client_id": (
            ["client_id", "event_type"],
            "btree (client_id, event_type) WHERE (client_id IS NOT NULL)",
        ),
        "idx_analytics_created_at": (["created_at"], "btree (created_at DESC)"),
        "idx_analytics_event_type": (["event_type", "created_at"], "btree (event_type, created_at DESC)"),
        "idx_analytics_session_id": (["session_id"], "btree (session_id) WHERE (session_id IS NOT NULL)"),
        "idx_analytics_site_date": (
            ["site_id", "created_at"],
            "btree (site_id, created_at DESC) WHERE (site_id IS NOT NULL)",
        ),
        "idx_analytics_site_id": (["site_id", "event_type"], "btree (site_id, event_type) WHERE (site_id IS NOT NULL)"),
        "idx_analytics_user_id": (
            ["user_id", "created_at"],
            "btree (user_id, created_at DESC) WHERE (user_id IS NOT NULL)",
        ),
    }

    @pytest.mark.parametrize("value", ["not-an-ip", "300.1.1.1", ""])
    def test_ip_address_must_be_an_address(self, mdb, value):
        t.throws_ok(
            mdb,
            insert_sql(mdb, "analytics_events", id=uid(70), ip_address=value),
            "22P02",
            None,
            f"ip_address {value!r} is not an inet",
        )
