"""`kv2rel bench queries` (issue 7): the source's KV access patterns against the relational schema, side by side.

Each operation runs two ways against the same server and the same data:

* **KV way**, as the source backend did it (kv-store.md §1.1): point ``get``s by key, ``getByPrefix`` scans
  (``key LIKE 'prefix%'``), index-array lookups followed by one get per id (N+1), and the filtering, sorting and
  aggregation done in the client. This module is measurement code that emulates the old backend, so that
  client-side work is done here, in Python, on purpose. Every call goes through :class:`KvClient`, which counts
  round trips and rows.
* **Relational way**: one query (three for the dashboard), through the views where they fit.

Both sides must give the same answer: each is normalised (numbers to 2 decimals, text trimmed, timestamps to UTC
milliseconds, set-like answers sorted) and compared; an operation whose answers differ gets no ratio.

Timing: ``warmup`` untimed runs of each side, then ``runs`` timed runs (KV and relational alternate); p50/p95 of
wall time per side. The simulated network figures are computed, not slept: measured time + round trips × the
per-round-trip delay (``rtt_ms``), unless ``rtt_sleep`` asks for a real ``time.sleep`` per round trip. A second,
separately labelled figure (``ratio_paged``) charges a response of R rows ceil(R / 1000) round trips on both sides,
as a REST client paging through PostgREST's 1000-row responses must; the goals are judged on the first.

Nothing is written; before measuring, the relational tables read get ``VACUUM (ANALYZE)`` (planner statistics
and the visibility map index-only scans need, as in a database in steady state) unless ``vacuum=False``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import statistics
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import psycopg
from psycopg import sql

REPORT_MONTHS = 6  # the client report's period: this many calendar months up to the client's newest order
SOURCE_CAP = 1000  # kv_env.ts getByPrefix .limit(1000): noted, never applied here
PAGE_ROWS = 1000  # rows per REST response (PostgREST/Supabase max-rows; the source's cap) in the paged figure
DEFAULT_ENVIRONMENTS = ("development", "production", "staging")
REPORT_MD = "PERFORMANCE_TEST_RESULTS.md"
REPORT_JSON = "PERFORMANCE_TEST_RESULTS.json"
REPORT_PNG = "PERFORMANCE_TEST_RESULTS.png"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Tables the relational queries read; VACUUM (ANALYZE)d before measuring.
RELATIONAL_TABLES = (
    "clients", "catalogs", "products", "sites", "site_catalog_assignments", "site_product_exclusions",
    "site_category_exclusions", "employees", "orders",
)  # fmt: skip

# Issue 7 goals at projected scale, locally: relational at least this many times faster.
LOCAL_GOALS = {
    "catalog_products": 100,
    "client_report": 100,
    "product_search": 50,
    "order_lookup": 5,
    "site_products": 100,
}


class BenchError(Exception):
    """The store cannot be benchmarked (not seeded, not migrated, nothing to look up); one line, says why."""


# ----------------------------------------------------------------------------------------------- the KV client
class KvClient:
    """The source's KV accessor (kv_store.tsx / kv_env.ts), one SQL statement per call, counting round trips.

    ``get_by_prefix`` escapes ``\\``, ``_`` and ``%`` in the prefix (the source did not: ``admin_users:`` also
    matched ``adminXusers:``), and does not apply the source's 1000-row cap: a scan that returns more than 1000
    rows is recorded in ``over_cap`` (the source would have silently returned only the first 1000). It returns
    (key, value) pairs, although the source returned values only; the key costs nothing extra here and is used
    only where the source also knew it (the key it asked for).
    """

    def __init__(self, conn: psycopg.Connection, table: str, *, sleep_s: float = 0.0) -> None:
        self.conn = conn
        self.table = table
        self.sleep_s = sleep_s
        self._get = sql.SQL("SELECT value FROM {} WHERE key = %s").format(sql.SQL(table))
        self._scan = sql.SQL("SELECT key, value FROM {} WHERE key LIKE %s ESCAPE '\\'").format(sql.SQL(table))
        self.reset()

    def reset(self) -> None:
        self.round_trips = 0
        self.rows = 0
        self.pages = 0  # round trips of a REST client that pages through 1000-row responses (ratio_paged)
        self.over_cap: dict[str, int] = {}

    def _trip(self) -> None:
        self.round_trips += 1
        if self.sleep_s:
            time.sleep(self.sleep_s)

    def get(self, key: str):
        self._trip()
        self.pages += 1
        row = self.conn.execute(self._get, (key,), prepare=True).fetchone()
        if row is None:
            return None
        self.rows += 1
        return row[0]

    def get_by_prefix(self, prefix: str) -> Iterable[tuple[str, object]]:
        """One statement, the whole result in one response; iterate it once (values are parsed lazily, row by
        row, so a scan of 600k orders does not hold 600k dicts at once)."""
        self._trip()
        # Not prepared: a fresh (custom) plan each call, so the planner sees the literal prefix, as PostgREST's
        # one-off queries did.
        cursor = self.conn.execute(self._scan, (like_prefix(prefix),), prepare=False)
        self.rows += cursor.rowcount
        self.pages += pages(cursor.rowcount)
        if cursor.rowcount > SOURCE_CAP:
            self.over_cap[prefix] = max(self.over_cap.get(prefix, 0), cursor.rowcount)
        return cursor


def pages(rows: int) -> int:
    """Round trips a REST client needs for a response of `rows` rows at PAGE_ROWS per response (at least one)."""
    return max(1, math.ceil(rows / PAGE_ROWS))


def like_prefix(prefix: str) -> str:
    """`prefix%` with LIKE's wildcards and the escape character escaped."""
    return prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%"


# ------------------------------------------------------------------------------------------- normalisation
def money(value) -> Decimal | None:
    """A JSON number, numeric string or Decimal → Decimal with 2 places (half up, like numeric(12,2))."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return None


def text(value) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    result = str(value).strip() if not isinstance(value, bool) else ("true" if value else "false")
    return result or None


def timestamp(value) -> dt.datetime | None:
    """ISO 8601 with Z/offset, date-only (midnight UTC) or epoch milliseconds → aware UTC datetime."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc)
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit()):
        ms = float(value)
        return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc) if 1e11 <= ms <= 1e14 else None
    if not isinstance(value, str):
        return None
    raw = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        if len(raw) == 10:  # YYYY-MM-DD
            return parsed.replace(tzinfo=dt.timezone.utc)
        return None  # a local time without offset: its zone would be a guess (the migration refuses it too)
    return parsed.astimezone(dt.timezone.utc)


def iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds") if value else None


LEGACY_NAMESPACE = uuid.UUID("dc7ca2c2-35ad-52cb-9803-90b0ccba4db7")  # kv2rel.legacy_uuid_namespace()
_UUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")


def legacy_uuid(entity: str, legacy_id: str | None) -> str | None:
    """kv2rel.legacy_uuid in Python (docs/mapping.md): a UUID id lower-cased, else uuid5 of entity:id."""
    if legacy_id is None or not str(legacy_id).strip():
        return None
    legacy_id = str(legacy_id).strip()
    if _UUID.match(legacy_id):
        return legacy_id.lower()
    return str(uuid.uuid5(LEGACY_NAMESPACE, f"{entity}:{legacy_id}"))


def first(record: dict, *names: str):
    """The first present field: not missing, not JSON null, not a blank string."""
    for name in names:
        value = record.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        return value
    return None


def jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


# ----------------------------------------------------------------------------- reading KV values like the source
@dataclass
class Context:
    """What both sides need besides the connection: the KV table, environment, the chosen parameters and, when
    the store was migrated by kv2rel migrate, the migration's verdict on every key it read (the ledger)."""

    kv_table: str
    env: str
    environments: frozenset[str]
    params: dict = field(default_factory=dict)
    run_id: int | None = None  # the kv2rel migrate run whose ledger is read
    # key -> (outcome, target id) from kv2rel.run_items of the migration run; None: no ledger, every key counts.
    ledger: dict[str, tuple[str, str | None]] | None = None
    left_out: set[str] = field(default_factory=set)  # keys read but left out of the KV answer (this run)
    seen: set[str] = field(default_factory=set)  # identities of the products the KV way could reach (this run)

    def keep(self, key: str) -> bool:
        """Is the record under this key in the relational store (migrated, or merged into a migrated record)?
        Records the migration quarantined or skipped are read by the KV way (and counted) but left out of its
        answer: the two sides must answer over the same records."""
        if self.ledger is None:
            return True
        if self.ledger.get(key, ("absent", None))[0] in ("migrated", "merged"):
            return True
        self.left_out.add(key)
        return False

    def identity(self, key: str, entity: str, legacy_id: str | None) -> str | None:
        """The id of the relational row a KV record became (merged copies share their winner's); without a ledger
        the UUID the migration gives its legacy id (kv2rel.legacy_uuid)."""
        if self.ledger is not None and key in self.ledger and self.ledger[key][1]:
            return self.ledger[key][1]
        return legacy_uuid(entity, legacy_id)

    def rank(self, key: str) -> int:
        """Among copies of one record, prefer the key the migration took its values from."""
        return 0 if self.ledger is None or self.ledger.get(key, ("",))[0] == "migrated" else 1


def dedupe(ctx: Context, found: list[tuple[str, dict]], entity: str) -> list[dict]:
    """One record per identity (a record can sit under 2-3 key generations), the migrated copy first; each
    record gets its identity as "ident"."""
    best: dict[str, tuple[int, int, dict]] = {}
    for n, (key, record) in enumerate(found):
        ident = ctx.identity(key, entity, record.get("id")) or key
        candidate = (ctx.rank(key), n, {**record, "ident": ident})
        if ident not in best or candidate[:2] < best[ident][:2]:
            best[ident] = candidate
    return [record for _, _, record in sorted(best.values(), key=lambda c: c[1])]


def key_id(key: str, ctx: Context) -> str:
    """The id part of a record key: after `{family}:{env}:` for an env-scoped key, else after `{family}:` (ids may
    hold colons)."""
    parts = key.split(":", 2)
    if len(parts) == 3 and parts[1] in ctx.environments:
        return parts[2]
    return key.split(":", 1)[-1]


def product_of(value, known_id: str | None = None) -> dict | None:
    """A gift value (any of the source's shapes) → the fields the answers use, or None if not a gift object.
    `known_id`: the id the client asked for (or its key's id), for a value that carries none (as the migration
    takes the legacy id from the key; the source's get by id knew it too)."""
    if not isinstance(value, dict):
        return None
    status = text(value.get("status"))
    if status is None and isinstance(value.get("isActive"), bool):
        status = "active" if value["isActive"] else "inactive"
    if value.get("deleted") is True:
        status = "discontinued"
    source = value.get("source") if isinstance(value.get("source"), dict) else {}
    gift_id = text(value.get("id")) or text(known_id)
    return {
        "id": gift_id,
        # the bulk import's fallback when a gift has no SKU (kv-store.md §3.4 d)
        "sku": text(first(value, "sku")) or (f"SKU-{gift_id}" if gift_id else None),
        "name": text(value.get("name")),
        "price": money(value.get("price")),
        "status": (status or "active").lower(),
        "category": text(value.get("category")),
        "catalog_id": text(first(value, "catalogId", "catalog_id")) or text(source.get("catalogId")),
    }


def site_of(value) -> dict | None:
    if not isinstance(value, dict) or not first(value, "clientId", "client_id"):
        return None  # pointers (sites:slug:*), catalog configs and index arrays carry no client
    status = text(value.get("status"))
    if status is None and isinstance(value.get("isActive"), bool):
        status = "active" if value["isActive"] else "inactive"
    status = (status or "active").lower()  # the public code treats a missing status as active
    return {
        "id": text(value.get("id")),
        "name": text(value.get("name")),
        "client_id": text(first(value, "clientId", "client_id")),
        "catalog_id": text(first(value, "catalogId", "catalog_id")),
        "status": "active" if status == "live" else status,
    }


def order_total(value: dict) -> Decimal | None:
    total = first(value, "total_amount", "totalAmount", "totalValue", "totalPrice")
    if total is not None:
        return money(total)
    item = first(value, "itemValue")
    if item is not None:
        quantity = first(value, "quantity")
        try:
            return money(Decimal(str(item)) * Decimal(str(quantity if quantity is not None else 1)))
        except (InvalidOperation, ValueError):
            return None
    return None


def order_of(key: str, value, ctx: Context) -> dict | None:
    """An order value → the fields the answers use; None for other environments, arrays and non-orders."""
    if not isinstance(value, dict):
        return None
    parts = key.split(":")
    key_site = None
    if len(parts) >= 3:
        if parts[1] in ctx.environments:
            if parts[1] != ctx.env:
                return None  # a CRUD order of another environment: not this backend's data
        else:
            key_site = parts[1]  # public checkout order:{siteId}:{uuid}
    status = text(value.get("status"))
    if value.get("deleted") is True:
        status = "cancelled"
    return {
        "key": key,
        "id": text(value.get("id")),
        "number": text(first(value, "order_number", "orderNumber")) or text(value.get("id")),
        "status": (status or "pending").lower(),
        "created": timestamp(first(value, "created_at", "createdAt")),
        "client_id": text(first(value, "client_id", "clientId")),
        "site_id": key_site or text(first(value, "site_id", "siteId")),
        "gift_id": text(first(value, "product_id", "productId", "gift_id", "giftId")),
        "total": order_total(value),
        "quantity": first(value, "quantity"),
        "email": text(first(value, "customer_email", "customerEmail", "employeeEmail")),
    }


def scan_orders(kv: KvClient, ctx: Context) -> list[dict]:
    """getByPrefix('order:') and getByPrefix('orders:') (the legacy plural copies /dev/migrate-keys left): every
    order of every generation, of this backend's environment, one per record."""
    found = [
        (k, o)
        for prefix in ("order:", "orders:")
        for k, v in kv.get_by_prefix(prefix)
        if (o := order_of(k, v, ctx)) and ctx.keep(k)
    ]
    return dedupe(ctx, found, "order")


class Lookups:
    """Memoised point lookups by id, trying the source's key generations in turn (each try is a round trip)."""

    def __init__(self, kv: KvClient, ctx: Context) -> None:
        self.kv, self.ctx = kv, ctx
        self._gifts: dict[str, dict | None] = {}
        self._sites: dict[str, dict | None] = {}

    def _first(self, keys: tuple[str, ...], parse: Callable[[object], dict | None]) -> dict | None:
        """The record under the first of `keys` that holds one (a get per try). When that copy is one the migration
        merged into another, the later generations are tried too, for the copy the migration kept (its values are
        the relational row's; without a ledger the first copy counts)."""
        fallback = None
        for key in keys:
            found = parse(self.kv.get(key))
            if not found or not self.ctx.keep(key):
                continue
            if self.ctx.rank(key) == 0:
                return found
            fallback = fallback or found
        return fallback

    def gift(self, gift_id: str) -> dict | None:
        if gift_id not in self._gifts:
            # gifts:{id} (catalog-migration.ts), the CRUD factory's gift:{env}:{id}, gift:{id} (migration script)
            keys = (f"gifts:{gift_id}", f"gift:{self.ctx.env}:{gift_id}", f"gift:{gift_id}")
            self._gifts[gift_id] = self._first(keys, lambda value: product_of(value, gift_id))
        return self._gifts[gift_id]

    def site(self, site_id: str) -> dict | None:
        if site_id not in self._sites:
            keys = (f"site:{self.ctx.env}:{site_id}", f"site:{site_id}", f"sites:{site_id}")
            self._sites[site_id] = self._first(keys, site_of)
        return self._sites[site_id]


def gift_total(lookups: Lookups, order: dict) -> Decimal | None:
    """A CRUD order carries no total: the gift's price × quantity (1 when absent), the migration's rule; one get."""
    gift = lookups.gift(order["gift_id"]) if order["gift_id"] else None
    if not gift or gift["price"] is None:
        return None
    try:
        quantity = Decimal(str(order["quantity"])) if order["quantity"] is not None else Decimal(1)
    except (InvalidOperation, ValueError):
        return None
    return money(gift["price"] * quantity)


def env_filter(key: str, ctx: Context, family: str) -> bool:
    """False for an env-scoped key ({family}:{env}:{id}) of another environment."""
    parts = key.split(":")
    return not (len(parts) >= 3 and parts[0] == family and parts[1] in ctx.environments and parts[1] != ctx.env)


def catalog_products_kv(kv: KvClient, ctx: Context, catalog_ids: list[str]) -> list[dict]:
    """Every gift of the given catalogs: catalog_gifts:{id} index → one get per id (N+1), plus the CRUD gifts
    (getByPrefix gift:{env}:, the CRUD factory's list), which no catalog_gifts index lists. Every gift reached is
    noted in ctx.seen (products an index fails to list are out of this way's reach)."""
    found: list[tuple[str, dict]] = []
    visited: set[str] = set()
    wanted = set(catalog_ids)
    for catalog_id in catalog_ids:
        ids = kv.get(f"catalog_gifts:{catalog_id}")
        for gift_id in ids if isinstance(ids, list) else []:
            if isinstance(gift_id, dict):  # an index holding objects instead of ids
                gift_id = gift_id.get("id")
            gift_id = text(gift_id)
            if not gift_id or gift_id in visited:
                continue
            visited.add(gift_id)
            for key in (f"gifts:{gift_id}", f"gift:{gift_id}"):  # both dereferencing conventions of the source
                gift = product_of(kv.get(key), gift_id)
                if gift:
                    found.append((key, gift))
                    break
    for key, value in kv.get_by_prefix(f"gift:{ctx.env}:"):
        gift = product_of(value, key_id(key, ctx))
        if gift:
            found.append((key, gift))
    result = []
    for key, gift in found:
        ctx.seen.add(ctx.identity(key, "product", gift["id"]) or key)
        # a gift without catalogId belongs to catalog_legacy_default (the source's catalog-migration.ts rule)
        if (gift["catalog_id"] or "catalog_legacy_default") in wanted and ctx.keep(key):
            result.append((key, gift))
    return dedupe(ctx, result, "product")


def catalog_is_active(kv: KvClient, ctx: Context, catalog_id: str) -> bool:
    key = f"catalogs:{catalog_id}"
    catalog = kv.get(key)
    return (
        isinstance(catalog, dict)
        and ctx.keep(key)
        and (text(catalog.get("status")) or "draft").lower() == "active"  # a missing status is a draft
    )


# ------------------------------------------------------------------------------------------------ operations
@dataclass
class Operation:
    name: str
    title: str
    claim_ratio: float | None
    claim_text: str
    kv_way: str
    rel_way: str
    queries: Callable[[Context], list[tuple[str, dict]]]  # the relational statements with their parameters
    # per statement: the index its plan should use (a tuple: any of these, e.g. every index holding a column)
    intended: list[str | tuple[str, ...] | None]
    kv: Callable[[KvClient, Context], object]
    normalise_rel: Callable[[list[list[tuple]]], object]
    # Index-driven KV ways reach only the products their index lists: relational rows (identity first) that the
    # KV way could not reach are left out of the comparison (and counted); `limit` is the query's LIMIT.
    reach: bool = False
    limit: int | None = None


def _catalog_products_kv(kv: KvClient, ctx: Context):
    p = ctx.params["catalog_products"]
    gifts = [g for g in catalog_products_kv(kv, ctx, [p["catalog_legacy_id"]]) if g["status"] == "active"]
    gifts.sort(key=lambda g: (g["price"] if g["price"] is not None else Decimal("Infinity"), g["sku"] or ""))
    return [(g["ident"], g["sku"], g["name"], g["price"]) for g in gifts[:1000]]


def _client_report_kv(kv: KvClient, ctx: Context):
    p = ctx.params["client_report"]
    client = p["client_legacy_id"]
    start, end = timestamp(p["start"]), timestamp(p["end"])
    found = []
    for prefix, family in (("site:", "site"), ("sites:", "sites")):
        for key, value in kv.get_by_prefix(prefix):
            site = site_of(value)
            if site and site["id"] and env_filter(key, ctx, family) and ctx.keep(key):
                found.append((key, site))
    sites = {site["id"]: site["client_id"] for site in dedupe(ctx, found, "site")}
    lookups = Lookups(kv, ctx)
    months: dict[str, list] = {}
    for order in scan_orders(kv, ctx):
        if not order["created"] or not (start <= order["created"] < end):
            continue
        owner = order["client_id"] or sites.get(order["site_id"] or "")
        if owner != client:
            continue
        total = order["total"] if order["total"] is not None else gift_total(lookups, order)
        bucket = months.setdefault(order["created"].strftime("%Y-%m"), [0, Decimal("0.00")])
        bucket[0] += 1
        bucket[1] += total or Decimal("0.00")
    return [(month, n, total) for month, (n, total) in sorted(months.items())]


def _product_search_kv(kv: KvClient, ctx: Context):
    term = ctx.params["product_search"]["term"].lower()
    found = []
    for prefix, family in (("gifts:", "gifts"), ("gift:", "gift")):
        for key, value in kv.get_by_prefix(prefix):
            gift = product_of(value, key_id(key, ctx))
            if gift and gift["name"] and term in gift["name"].lower() and env_filter(key, ctx, family) \
                    and ctx.keep(key):  # fmt: skip
                found.append((key, gift))
    return sorted(((g["ident"], g["sku"], g["name"], g["price"]) for g in dedupe(ctx, found, "product")),
                  key=_sort_key)


def _order_lookup_kv(kv: KvClient, ctx: Context):
    number = ctx.params["order_lookup"]["order_number"]
    # The CRUD factory's get by id (its orderNumber is its id); other orders need a scan of every order.
    key = f"order:{ctx.env}:{number}"
    hit = order_of(key, kv.get(key), ctx)
    matches = [hit] if hit and hit["number"] == number and ctx.keep(key) else []
    if not matches:
        matches = [o for o in scan_orders(kv, ctx) if o["number"] == number]
    lookups = Lookups(kv, ctx)
    result = []
    for order in matches:
        total = order["total"] if order["total"] is not None else gift_total(lookups, order)
        result.append((order["number"], order["status"], total, iso(order["created"]), order["email"]))
    return sorted(result, key=_sort_key)


def _site_products_kv(kv: KvClient, ctx: Context):
    site_id = ctx.params["site_products"]["site_legacy_id"]
    site = Lookups(kv, ctx).site(site_id)
    if not site or site["status"] != "active":
        return []
    key = f"sites:{site_id}:catalog_config"
    config = kv.get(key)
    config = config if isinstance(config, dict) and ctx.keep(key) else {}
    key = f"site_configs:{site_id}"
    gift_config = kv.get(key)
    if not isinstance(gift_config, dict):
        key = f"site_gift_config:{site_id}"  # the other name the source used
        gift_config = kv.get(key)
    gift_config = gift_config if isinstance(gift_config, dict) and ctx.keep(key) else {}
    exclusions = config.get("exclusions") if isinstance(config.get("exclusions"), dict) else {}
    skus = {text(s) for s in _list(exclusions.get("excludedSkus")) + _list(gift_config.get("excludedSkus"))}
    categories = {
        (text(c) or "").lower()
        for c in _list(exclusions.get("excludedCategories")) + _list(gift_config.get("excludedCategories"))
    }
    catalog_ids = []
    for catalog_id in (site["catalog_id"], text(config.get("catalogId"))):
        if catalog_id and catalog_id not in catalog_ids and catalog_is_active(kv, ctx, catalog_id):
            catalog_ids.append(catalog_id)
    result = []
    for gift in catalog_products_kv(kv, ctx, catalog_ids) if catalog_ids else []:
        if gift["status"] != "active" or gift["sku"] in skus or (gift["category"] or "").lower() in categories:
            continue
        result.append((gift["ident"], gift["sku"], gift["name"], gift["price"]))
    return sorted(result, key=_sort_key)


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _dashboard_kv(kv: KvClient, ctx: Context):
    orders = scan_orders(kv, ctx)
    by_status = sorted(Counter(o["status"] for o in orders).items())
    lookups = Lookups(kv, ctx)
    dated = [o for o in orders if o["created"]]
    dated.sort(key=lambda o: o["number"] or "")
    dated.sort(key=lambda o: o["created"], reverse=True)
    recent = []
    for order in dated[:10]:
        site = lookups.site(order["site_id"]) if order["site_id"] else None
        recent.append((order["number"], order["status"], iso(order["created"]), site["name"] if site else None))
    counts = Counter(o["gift_id"] for o in orders if o["gift_id"])
    popular = []
    for gift_id, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        gift = lookups.gift(gift_id)
        if gift:  # an order of a gift that does not exist (or was not migrated) has no product
            popular.append((gift_id, gift["name"], n))
        if len(popular) == 10:
            break
    return {"by_status": by_status, "recent": recent, "popular": popular}


def _sort_key(row: tuple):
    return tuple((0, "") if v is None else (1, v) for v in row)


def _rows(results: list[list[tuple]], i: int = 0) -> list[tuple]:
    out = []
    for row in results[i]:
        out.append(tuple(_norm_cell(v) for v in row))
    return out


def _norm_cell(value):
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if isinstance(value, dt.datetime):
        return iso(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


Q_CATALOG = """SELECT p.id::text, p.sku, p.name, p.price
  FROM public.products AS p
 WHERE p.catalog_id = %(catalog_id)s AND p.is_active
 ORDER BY p.price, p.sku COLLATE "C"
 LIMIT 1000"""
Q_CLIENT_REPORT = """SELECT to_char(date_trunc('month', o.created_at, 'UTC'), 'YYYY-MM') AS month,
       count(*) AS orders, sum(o.total_amount) AS total
  FROM public.orders_summary_view AS o
 WHERE o.client_id = %(client_id)s AND o.created_at >= %(start)s AND o.created_at < %(end)s
 GROUP BY 1
 ORDER BY 1"""
Q_SEARCH = """SELECT p.id::text, p.sku, p.name, p.price
  FROM public.products AS p
 WHERE p.name ILIKE %(pattern)s"""
Q_ORDER = """SELECT o.order_number, o.status, o.total_amount, o.created_at, o.customer_email
  FROM public.orders_summary_view AS o
 WHERE o.order_number = %(order_number)s"""
Q_SITE_PRODUCTS = """SELECT v.product_id::text, v.sku, v.name, v.price
  FROM public.site_products_view AS v
 WHERE v.site_id = %(site_id)s"""
Q_DASH_STATUS = """SELECT o.status, count(*) AS orders
  FROM public.orders AS o
 GROUP BY o.status"""
Q_DASH_RECENT = """SELECT o.order_number, o.status, o.created_at, o.site_name
  FROM public.orders_summary_view AS o
 ORDER BY o.created_at DESC, o.order_number COLLATE "C"
 LIMIT 10"""
Q_DASH_POPULAR = """SELECT p.legacy_id, p.name, count(*) AS orders
  FROM public.orders AS o
  JOIN public.products AS p ON p.id = o.product_id
 GROUP BY p.id, p.legacy_id, p.name
 ORDER BY count(*) DESC, p.legacy_id COLLATE "C"
 LIMIT 10"""


def _p(ctx: Context, name: str) -> dict:
    return ctx.params[name]


OPERATIONS: list[Operation] = [
    Operation(
        name="catalog_products",
        title="List a catalog's 1000 products",
        claim_ratio=600,
        claim_text="1,001 queries, 30 s → 1 query, 50 ms",
        kv_way="get catalog_gifts:{id} (id array), one get per id (gifts:{id}, else gift:{id}), getByPrefix "
        "gift:{env}: for the CRUD gifts no index lists; filter active, sort by price, first 1000 in the client",
        rel_way="products WHERE catalog_id = $1 AND is_active ORDER BY price, sku LIMIT 1000 (whatever the "
        "catalog's status: an admin's catalog page)",
        queries=lambda ctx: [(Q_CATALOG, {"catalog_id": _p(ctx, "catalog_products")["catalog_id"]})],
        intended=["idx_products_catalog_active"],
        kv=_catalog_products_kv,
        normalise_rel=lambda r: _rows(r),
        reach=True,
        limit=1000,
    ),
    Operation(
        name="client_report",
        title="A client's monthly order report (6 months)",
        claim_ratio=150,
        claim_text="100,001 queries, 5 min → 1 query, 2 s",
        kv_way="getByPrefix site: and sites: (the client's sites), getByPrefix order: and orders: (every order), "
        "keep the client's orders of the period, one get per gift for orders without a total (CRUD orders: total "
        "= gift price), group by month in the client",
        rel_way="one GROUP BY month over orders_summary_view WHERE client_id = $1 AND created_at in the period",
        queries=lambda ctx: [
            (
                Q_CLIENT_REPORT,
                {
                    "client_id": _p(ctx, "client_report")["client_id"],
                    "start": _p(ctx, "client_report")["start"],
                    "end": _p(ctx, "client_report")["end"],
                },
            )
        ],
        intended=["idx_orders_client_created"],
        kv=_client_report_kv,
        normalise_rel=lambda r: _rows(r),
    ),
    Operation(
        name="product_search",
        title="Product name search (substring, any case)",
        claim_ratio=100,
        claim_text="full table scan, 10 s → index scan, 100 ms",
        kv_way="getByPrefix gifts: and gift: (every gift), case-insensitive substring match on the name in the "
        "client",
        rel_way="products WHERE name ILIKE '%term%' (trigram index)",
        queries=lambda ctx: [(Q_SEARCH, {"pattern": "%" + like_escape(_p(ctx, "product_search")["term"]) + "%"})],
        intended=["idx_products_name_trgm"],
        kv=_product_search_kv,
        normalise_rel=lambda r: sorted(_rows(r), key=_sort_key),
    ),
    Operation(
        name="order_lookup",
        title="Order lookup by order number",
        claim_ratio=50,
        claim_text="5 queries, 500 ms → 1 query, 10 ms",
        kv_way="get order:{env}:{number} (the CRUD factory's get: a CRUD order's number is its id); on a miss "
        "getByPrefix order: and orders: and match orderNumber/order_number in the client (public and snake_case "
        "orders are not keyed by number); one get for the gift's price when the order has no total",
        rel_way="orders_summary_view WHERE order_number = $1 (unique index)",
        queries=lambda ctx: [(Q_ORDER, {"order_number": _p(ctx, "order_lookup")["order_number"]})],
        intended=["orders_order_number_key"],
        kv=_order_lookup_kv,
        normalise_rel=lambda r: sorted(_rows(r), key=_sort_key),
    ),
    Operation(
        name="site_products",
        title="A site's available products (with exclusions)",
        claim_ratio=200,
        claim_text="1,001 queries, 20 s → 1 query, 100 ms",
        kv_way="get the site (site:{env}:{id}, site:{id}, sites:{id}), sites:{id}:catalog_config, "
        "site_configs:{id}, each catalog's record and catalog_gifts index, one get per gift, getByPrefix "
        "gift:{env}:; drop inactive gifts, excluded SKUs and categories in the client",
        rel_way="site_products_view WHERE site_id = $1",
        queries=lambda ctx: [(Q_SITE_PRODUCTS, {"site_id": _p(ctx, "site_products")["site_id"]})],
        intended=["idx_products_catalog_active"],
        kv=_site_products_kv,
        normalise_rel=lambda r: sorted(_rows(r), key=_sort_key),
        reach=True,
    ),
    Operation(
        name="dashboard",
        title="Admin dashboard (orders by status, 10 recent orders, 10 popular gifts)",
        claim_ratio=None,
        claim_text="≈225 KV calls → 3 queries (no time claimed)",
        kv_way="getByPrefix order: and orders: (every order), count by status, sort by date and count by gift in "
        "the client; one get per recent order's site and per popular gift (site/gift key generations tried in turn)",
        rel_way="3 queries: GROUP BY status; orders_summary_view ORDER BY created_at DESC LIMIT 10; "
        "orders JOIN products GROUP BY product ORDER BY count DESC LIMIT 10",
        queries=lambda ctx: [(Q_DASH_STATUS, {}), (Q_DASH_RECENT, {}), (Q_DASH_POPULAR, {})],
        # counting all orders by status: an index-only scan of any index holding status (the planner takes the
        # smallest), instead of reading the table
        intended=[("idx_orders_status", "idx_orders_client_id", "idx_orders_site_id"), "idx_orders_created_at",
                  "idx_orders_product_id"],  # fmt: skip
        kv=_dashboard_kv,
        normalise_rel=lambda r: {
            "by_status": sorted(_rows(r, 0)),
            "recent": _rows(r, 1),
            "popular": _rows(r, 2),
        },
    ),
]
OPERATION_NAMES = [op.name for op in OPERATIONS]


def like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%")


def normalise_kv(answer):
    if isinstance(answer, dict):
        return {k: normalise_kv(v) for k, v in answer.items()}
    return [tuple(_norm_cell(v) for v in row) for row in answer]


# ------------------------------------------------------------------------------------------------ choosing
def _one(conn: psycopg.Connection, query: str, params: dict | tuple | None = None):
    return conn.execute(query, params).fetchone()


def _client_period(row: tuple) -> dict:
    end = row[3].astimezone(dt.timezone.utc)
    start = end.replace(year=end.year - (1 if end.month <= REPORT_MONTHS else 0),
                        month=(end.month - REPORT_MONTHS - 1) % 12 + 1)  # fmt: skip
    return {"client_id": str(row[0]), "client_legacy_id": row[1], "orders": row[2], "start": iso(start),
            "end": iso(end)}  # fmt: skip


def choose_params(conn: psycopg.Connection, ctx: Context, overrides: dict | None = None) -> dict:
    """Pick what each operation looks up, from the migrated data (not timed). Deterministic for a given store.
    An operation with nothing to look up gets {"skipped": reason} and is reported as skipped."""
    overrides = overrides or {}
    params: dict = {}
    # The catalog whose active product count is closest to 1000: the smallest with >= 1000, else the largest.
    row = _one(
        conn,
        """SELECT c.id, c.legacy_id, count(*) AS n
             FROM public.catalogs AS c JOIN public.products AS p ON p.catalog_id = c.id
            WHERE p.is_active AND c.legacy_id IS NOT NULL
            GROUP BY c.id, c.legacy_id
            ORDER BY count(*) >= 1000 DESC, CASE WHEN count(*) >= 1000 THEN count(*) ELSE -count(*) END,
                     c.legacy_id COLLATE "C"
            LIMIT 1""",
    )
    params["catalog_products"] = (
        {"catalog_id": str(row[0]), "catalog_legacy_id": row[1], "active_products": row[2]}
        if row
        else {"skipped": "no catalog has active products"}
    )
    # The client with the most orders; the period is the 6 calendar months up to its newest order (selective on
    # created_at, as a report period is: the index on (client_id, created_at) then beats one on client_id alone).
    row = _one(
        conn,
        """SELECT c.id, c.legacy_id, count(*) AS n,
                  date_trunc('month', max(o.created_at), 'UTC') + interval '1 month' AS period_end
             FROM public.orders AS o JOIN public.clients AS c ON c.id = o.client_id
            WHERE c.legacy_id IS NOT NULL
            GROUP BY c.id, c.legacy_id
            ORDER BY count(*) DESC, c.legacy_id COLLATE "C"
            LIMIT 1""",
    )
    if row is None:
        params["client_report"] = {"skipped": "no order has a client"}
    else:
        params["client_report"] = _client_period(row)
    # The most frequent product name (a whole name, so the search is selective, as a shopper's query is).
    term = overrides.get("search")
    if not term:
        row = _one(
            conn,
            """SELECT lower(p.name) FROM public.products AS p
                GROUP BY lower(p.name) ORDER BY count(*) DESC, lower(p.name) COLLATE "C" LIMIT 1""",
        )
        term = row[0] if row else None
    params["product_search"] = {"term": term} if term else {"skipped": "no products"}
    # An order whose number is not its key id (ORD-YYYY-NNNNNN of the snake_case and public orders): the middle one;
    # not a number the migration suffixed with -2 to keep it unique (the KV store holds it without the suffix).
    number = overrides.get("order_number")
    if not number:
        row = _one(
            conn,
            """SELECT o.order_number FROM public.orders AS o
                WHERE o.order_number IS DISTINCT FROM o.legacy_id AND o.order_number !~ '-2$'
                ORDER BY o.order_number COLLATE "C"
               OFFSET (SELECT count(*) / 2 FROM public.orders
                        WHERE order_number IS DISTINCT FROM legacy_id AND order_number !~ '-2$')
                LIMIT 1""",
        ) or _one(conn, "SELECT order_number FROM public.orders ORDER BY order_number COLLATE \"C\" LIMIT 1")
        number = row[0] if row else None
    params["order_lookup"] = {"order_number": number} if number else {"skipped": "no orders"}
    # The active site with the most exclusions (then the most products) that offers something.
    row = _one(
        conn,
        """SELECT s.id, s.legacy_id, v.n,
                  (SELECT count(*) FROM public.site_product_exclusions AS e WHERE e.site_id = s.id)
                + (SELECT count(*) FROM public.site_category_exclusions AS e WHERE e.site_id = s.id) AS exclusions
             FROM public.sites AS s
             JOIN (SELECT site_id, count(*) AS n FROM public.site_products_view GROUP BY site_id) AS v
               ON v.site_id = s.id
            WHERE s.legacy_id IS NOT NULL
            ORDER BY exclusions DESC, v.n DESC, s.legacy_id COLLATE "C"
            LIMIT 1""",
    ) or _one(  # no active site offers anything (possible on a small store): the active site with most exclusions
        conn,
        """SELECT s.id, s.legacy_id, 0,
                  (SELECT count(*) FROM public.site_product_exclusions AS e WHERE e.site_id = s.id)
                + (SELECT count(*) FROM public.site_category_exclusions AS e WHERE e.site_id = s.id) AS exclusions
             FROM public.sites AS s
            WHERE s.legacy_id IS NOT NULL
            ORDER BY s.status = 'active' DESC, exclusions DESC, s.legacy_id COLLATE "C"
            LIMIT 1""",
    )
    params["site_products"] = (
        {"site_id": str(row[0]), "site_legacy_id": row[1], "products": row[2], "exclusions": row[3]}
        if row
        else {"skipped": "no sites"}
    )
    params["dashboard"] = {}
    return params


# ------------------------------------------------------------------------------------------------ EXPLAIN
INDEX_NODES = ("Index Scan", "Index Only Scan", "Bitmap Index Scan")


def _walk(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _walk(child)


def plan_nodes(conn: psycopg.Connection, query: str, params: dict, *, disable: tuple[str, ...] = ()) -> list[dict]:
    """The nodes of EXPLAIN (FORMAT JSON) for the query: node type, relation and index name. `disable` names
    planner methods to switch off for this EXPLAIN only (seqscan, bitmapscan)."""
    with conn.transaction():
        for method in disable:
            conn.execute(f"SET LOCAL enable_{method} = off")
        doc = conn.execute("EXPLAIN (FORMAT JSON) " + query, params, prepare=False).fetchone()[0]
    if isinstance(doc, str):
        doc = json.loads(doc)
    return [
        {k: node.get(k) for k in ("Node Type", "Relation Name", "Index Name") if node.get(k)}
        for node in _walk(doc[0]["Plan"])
    ]


def uses_index(nodes: list[dict], index: str | tuple[str, ...] | None) -> bool:
    """Does a node of the plan scan `index` (or one of them) as an Index / Index Only / Bitmap Index Scan?"""
    names = (index,) if isinstance(index, str) else tuple(index or ())
    return any(n.get("Index Name") in names and n.get("Node Type") in INDEX_NODES for n in nodes)


def index_check(conn: psycopg.Connection, op: Operation, ctx: Context) -> dict:
    """Per statement: does the planner's own plan use the intended index (chosen), and can the index serve the
    query at all (usable: the plan uses it once sequential scans, then also bitmap scans, then also explicit sorts
    are switched off: the last step favours an index that delivers the query's order)? On a
    small store the planner rightly prefers sequential scans of tiny tables; `usable` shows the index fits the
    query's predicates and order, `chosen` what the planner does at this size."""
    statements = []
    for (query, params), index in zip(op.queries(ctx), op.intended, strict=True):
        chosen_nodes = plan_nodes(conn, query, params)
        usable = uses_index(chosen_nodes, index)
        for disable in (("seqscan",), ("seqscan", "bitmapscan"), ("seqscan", "bitmapscan", "sort")):
            usable = usable or uses_index(plan_nodes(conn, query, params, disable=disable), index)
        statements.append(
            {
                "index": index if isinstance(index, str) or index is None else " or ".join(index),
                "chosen": uses_index(chosen_nodes, index),
                "usable": usable,
                "plan": [_node_text(n) for n in chosen_nodes],
            }
        )
    return {
        "intended": [s["index"] for s in statements],
        "chosen": all(s["chosen"] for s in statements),
        "usable": all(s["usable"] for s in statements),
        "statements": statements,
    }


def _node_text(node: dict) -> str:
    out = node["Node Type"]
    if node.get("Index Name"):
        out += f" using {node['Index Name']}"
    if node.get("Relation Name"):
        out += f" on {node['Relation Name']}"
    return out


# ------------------------------------------------------------------------------------------------ measuring
def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) of the samples."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[rank - 1]


def connection_rtt_ms(conn: psycopg.Connection, samples: int = 50) -> float:
    conn.execute("SELECT 1", prepare=True)
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        conn.execute("SELECT 1", prepare=True).fetchone()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 4)


def _run_relational(conn: psycopg.Connection, op: Operation, ctx: Context, sleep_s: float):
    results = []
    rows = 0
    for query, params in op.queries(ctx):
        if sleep_s:
            time.sleep(sleep_s)
        fetched = conn.execute(query, params).fetchall()
        rows += len(fetched)
        results.append(fetched)
    return results, rows


def measure(
    conn: psycopg.Connection,
    op: Operation,
    ctx: Context,
    *,
    runs: int,
    warmup: int,
    rtt_ms: float,
    rtt_sleep: bool,
    log: Callable[[str], None] = lambda _: None,
) -> dict:
    sleep_s = rtt_ms / 1000 if rtt_sleep else 0.0
    kv = KvClient(conn, ctx.kv_table, sleep_s=sleep_s)
    kv_times, rel_times = [], []
    kv_answer = rel_results = None
    kv_trips: set[int] = set()
    rel_rows = 0
    for n in range(warmup + runs):
        kv.reset()
        ctx.left_out, ctx.seen = set(), set()
        started = time.perf_counter()
        kv_answer = op.kv(kv, ctx)
        kv_elapsed = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        rel_results, rel_rows = _run_relational(conn, op, ctx, sleep_s)
        rel_elapsed = (time.perf_counter() - started) * 1000
        kv_trips.add(kv.round_trips)
        if n >= warmup:
            kv_times.append(kv_elapsed)
            rel_times.append(rel_elapsed)
        log(f"  {op.name} run {n + 1 - warmup if n >= warmup else 'warm-up'}: KV {kv_elapsed:.1f} ms, "
            f"relational {rel_elapsed:.2f} ms")  # fmt: skip
    rel_trips = len(op.queries(ctx))
    rel_pages = sum(pages(len(fetched)) for fetched in rel_results)
    kv_norm = normalise_kv(kv_answer)
    rel_norm = op.normalise_rel(rel_results)
    unreachable = 0
    if op.reach:
        reachable = [row for row in rel_norm if row[0] in ctx.seen]
        unreachable = len(rel_norm) - len(reachable)
        if op.limit and len(rel_norm) >= op.limit:
            kv_norm = kv_norm[: len(reachable)]  # both sides' first rows of the same order, over reachable rows
        rel_norm = reachable
    match = kv_norm == rel_norm
    kv_p50, rel_p50 = statistics.median(kv_times), statistics.median(rel_times)
    result = {
        "kv": {
            "round_trips": kv.round_trips,
            "rows": kv.rows,
            "p50_ms": round(kv_p50, 3),
            "p95_ms": round(percentile(kv_times, 0.95), 3),
            "runs_ms": [round(t, 3) for t in kv_times],
            "scans_over_1000": dict(sorted(kv.over_cap.items())),
            "round_trips_stable": len(kv_trips) == 1,
            "records_left_out": len(ctx.left_out),
        },
        "relational": {
            "round_trips": rel_trips,
            "rows": rel_rows,
            "p50_ms": round(rel_p50, 3),
            "p95_ms": round(percentile(rel_times, 0.95), 3),
            "runs_ms": [round(t, 3) for t in rel_times],
            "rows_out_of_kv_reach": unreachable,
        },
        "answers_match": match,
        "answer_size": _answer_size(kv_norm),
        "answer": jsonable(_answer_sample(rel_norm)),
    }
    result["ratio_paged"] = None  # only with a computed (not slept) delay and the same answer
    if match:
        result["ratio_local"] = round(kv_p50 / rel_p50, 2) if rel_p50 > 0 else None
        if rtt_sleep:  # the measured times include the slept delay: they are the simulated figures
            result["kv"]["simulated_ms"], result["relational"]["simulated_ms"] = result["kv"]["p50_ms"], \
                result["relational"]["p50_ms"]  # fmt: skip
            result["ratio_simulated"], result["ratio_local"] = result["ratio_local"], None
        elif rtt_ms:
            sim_kv = kv_p50 + kv.round_trips * rtt_ms
            sim_rel = rel_p50 + rel_trips * rtt_ms
            result["kv"]["simulated_ms"] = round(sim_kv, 3)
            result["relational"]["simulated_ms"] = round(sim_rel, 3)
            result["ratio_simulated"] = round(sim_kv / sim_rel, 2)
            # The extra, separately labelled figure: both sides page through 1000-row REST responses.
            paged_kv = kv_p50 + kv.pages * rtt_ms
            paged_rel = rel_p50 + rel_pages * rtt_ms
            result["kv"]["paged_round_trips"], result["kv"]["paged_ms"] = kv.pages, round(paged_kv, 3)
            result["relational"]["paged_round_trips"] = rel_pages
            result["relational"]["paged_ms"] = round(paged_rel, 3)
            result["ratio_paged"] = round(paged_kv / paged_rel, 2)
        else:
            result["ratio_simulated"] = None
    else:
        result["ratio_local"] = result["ratio_simulated"] = None
        result["mismatch"] = jsonable(_diff(kv_norm, rel_norm))
    return result


def _answer_size(answer) -> int:
    if isinstance(answer, dict):
        return sum(len(v) for v in answer.values())
    return len(answer)


def _answer_sample(answer, n: int = 3):
    if isinstance(answer, dict):
        return {k: v[:n] for k, v in answer.items()}
    return answer[:n]


def _diff(kv_answer, rel_answer) -> dict:
    if isinstance(kv_answer, dict):
        return {k: _diff(kv_answer.get(k, []), rel_answer.get(k, [])) for k in rel_answer if
                kv_answer.get(k) != rel_answer.get(k)}  # fmt: skip
    kv_count, rel_count = Counter(kv_answer), Counter(rel_answer)
    return {
        "kv_rows": len(kv_answer),
        "relational_rows": len(rel_answer),
        "only_kv": list((kv_count - rel_count).elements())[:5],
        "only_relational": list((rel_count - kv_count).elements())[:5],
        "same_rows_other_order": kv_count == rel_count,
    }


# ------------------------------------------------------------------------------------------------ the run
def prepare_store(
    conn: psycopg.Connection,
    scale: str,
    seed: int,
    hazards_json: str,
    kv_table: str | None = None,
    *,
    log: Callable[[str], None] = lambda _: None,
) -> dict:
    """Seed the KV table (kv2rel.seed_kv_store) and migrate it (CALL kv2rel.migrate), as `kv2rel seed` and
    `kv2rel migrate` do; for the throwaway server of `kv2rel bench queries --scale`. Returns what was done."""
    seed_fn = "kv2rel.seed_kv_store(text, text, bigint, jsonb, boolean, boolean)"
    if _one(conn, "SELECT to_regprocedure(%s)", (seed_fn,))[0] is None:
        raise BenchError("kv2rel.seed_kv_store is not installed: run kv2rel apply")
    has_migrate = "SELECT EXISTS (SELECT FROM pg_proc WHERE oid::regproc::text = 'kv2rel.migrate' AND prokind = 'p')"
    if not _one(conn, has_migrate)[0]:
        raise BenchError(
            "kv2rel.migrate (the data migration, issue 5) is not installed yet: benchmark a store migrated some "
            "other way with --dsn"
        )
    table = kv_table or "kv_store_6fcaeea3"
    log(f"seeding {table} (scale {scale}, seed {seed}) ...")
    started = time.perf_counter()
    conn.add_notice_handler(lambda diag: None)
    seeded = _one(
        conn,
        "SELECT kv2rel.seed_kv_store(p_kv_table => %s, p_scale => %s, p_seed => %s, p_hazards => %s::jsonb)",
        (table, scale, seed, hazards_json),
    )[0]
    seed_s = time.perf_counter() - started
    log(f"seeded {seeded['rows']:,} rows in {seed_s:.1f} s; migrating ...")
    started = time.perf_counter()
    conn.execute("CALL kv2rel.migrate(p_kv_table => %s)", (seeded["kv_table"],))
    migrate_s = time.perf_counter() - started
    log(f"migrated in {migrate_s:.1f} s")
    return {
        "scale": scale,
        "seed": seed,
        "hazards": json.loads(hazards_json),
        "kv_rows": seeded["rows"],
        "seed_s": round(seed_s, 1),
        "migrate_s": round(migrate_s, 1),
    }


def _store_facts(conn: psycopg.Connection, kv_table: str) -> dict:
    counts = {}
    for table in ("clients", "sites", "catalogs", "products", "orders"):
        counts[table] = _one(conn, f"SELECT count(*) FROM public.{table}")[0]
    counts["kv_rows"] = _one(conn, sql.SQL("SELECT count(*) FROM {}").format(sql.SQL(kv_table)))[0]
    return counts


LEDGER_ENTITIES = ("product", "order", "site", "catalog", "site_catalog_config", "site_gift_config")


def _migration_run(conn: psycopg.Connection, kv_table: str) -> tuple[str, int | None]:
    """The environment and id of the newest completed kv2rel migrate run of this table (production, None if none)."""
    if _one(conn, "SELECT to_regclass('kv2rel.runs') IS NOT NULL AND to_regclass('kv2rel.run_items') IS NOT NULL")[0]:
        row = _one(
            conn,
            """SELECT env, run_id FROM kv2rel.runs
                WHERE status = 'completed' AND NOT dry_run AND kind = 'migrate'
                  AND to_regclass(kv_table) = to_regclass(%s)
                ORDER BY run_id DESC LIMIT 1""",
            (kv_table,),
        )
        if row:
            return row[0], row[1]
    return "production", None


def _ledger(conn: psycopg.Connection, run_id: int) -> dict[str, tuple[str, str | None]]:
    """Every key of the run's entities that the KV way reads, with its final outcome and target row (the outcome
    of a retry run of that key, if one came later)."""
    rows = conn.execute(
        """SELECT DISTINCT ON (i.key) i.key, i.outcome, i.target_id::text
             FROM kv2rel.run_items AS i
             JOIN kv2rel.runs AS r USING (run_id)
            WHERE r.status = 'completed' AND NOT r.dry_run AND i.run_id >= %s AND i.outcome IS NOT NULL
              AND i.entity = ANY(%s)
              AND r.kv_table = (SELECT kv_table FROM kv2rel.runs WHERE run_id = %s)
            ORDER BY i.key, i.run_id DESC""",
        (run_id, list(LEDGER_ENTITIES), run_id),
    )
    return {key: (outcome, target) for key, outcome, target in rows}


def _environments(conn: psycopg.Connection, kv_table: str) -> frozenset[str]:
    if _one(conn, "SELECT to_regprocedure('kv2rel.known_environments(regclass)') IS NOT NULL")[0]:
        names = _one(conn, "SELECT kv2rel.known_environments(%s::regclass)", (kv_table,))[0]
        return frozenset(names) | frozenset(DEFAULT_ENVIRONMENTS)
    return frozenset(DEFAULT_ENVIRONMENTS)


def _key_collation(conn: psycopg.Connection, kv_table: str) -> str:
    """The collation of the KV table's key column: a btree serves LIKE 'prefix%' only under C (or POSIX)."""
    return _one(
        conn,
        """SELECT CASE WHEN c.collname = 'default' THEN d.datcollate ELSE c.collname END
             FROM pg_attribute AS a
             JOIN pg_collation AS c ON c.oid = a.attcollation
             JOIN pg_database AS d ON d.datname = current_database()
            WHERE a.attrelid = %s::regclass AND a.attname = 'key'""",
        (kv_table,),
    )[0]


def _prefix_scan_plan(conn: psycopg.Connection, kv_table: str) -> str:
    query = sql.SQL("EXPLAIN (FORMAT JSON) SELECT key, value FROM {} WHERE key LIKE %s ESCAPE '\\'").format(
        sql.SQL(kv_table)
    )
    doc = conn.execute(query, (like_prefix("order:"),), prepare=False).fetchone()[0]
    doc = json.loads(doc) if isinstance(doc, str) else doc
    nodes = [n for n in _walk(doc[0]["Plan"]) if n.get("Relation Name")]
    return _node_text(nodes[0]) if nodes else doc[0]["Plan"]["Node Type"]


def _vacuum(conn: psycopg.Connection, tries: int = 10) -> None:
    """VACUUM (ANALYZE) the tables read, again (0.2 s apart, at most `tries` times) while a table's visibility map
    does not yet cover it: right after a migration a snapshot still open for a moment keeps VACUUM from marking
    pages all-visible, and index-only scans would then look costlier than they are in steady state."""
    names = list(RELATIONAL_TABLES)
    for attempt in range(tries):
        for name in names:
            conn.execute(sql.SQL("VACUUM (ANALYZE) public.{}").format(sql.Identifier(name)))
        names = [
            name
            for name in names
            if _one(conn, "SELECT relallvisible < relpages FROM pg_class WHERE oid = %s::regclass",
                    (f"public.{name}",))[0]  # fmt: skip
        ]
        if not names:
            return
        if attempt + 1 < tries:
            time.sleep(0.2)


def make_context(conn: psycopg.Connection, table: str, overrides: dict | None = None) -> Context:
    """The context both ways share: the environment and ledger of the newest completed migration run of the KV
    table (`table`, resolved), and the parameters chosen from the migrated data."""
    env, run_id = _migration_run(conn, table)
    ctx = Context(kv_table=table, env=env, environments=_environments(conn, table), run_id=run_id)
    if run_id is not None:
        ctx.ledger = _ledger(conn, run_id)
    ctx.params = choose_params(conn, ctx, overrides)
    return ctx


def run(
    conn: psycopg.Connection,
    *,
    kv_table: str | None = None,
    runs: int = 5,
    warmup: int = 1,
    rtt_ms: float = 60.0,
    rtt_sleep: bool = False,
    operations: list[str] | None = None,
    overrides: dict | None = None,
    vacuum: bool = True,
    log: Callable[[str], None] = lambda _: None,
) -> dict:
    """Benchmark every operation on the store behind `conn`; returns the report (see docs/benchmarks.md)."""
    if runs < 1 or warmup < 0 or rtt_ms < 0:
        raise BenchError("runs must be >= 1, warmup >= 0 and rtt_ms >= 0")
    name = kv_table or _one(conn, "SELECT kv2rel.setting('kv_table')")[0]
    if _one(conn, "SELECT to_regclass(%s)", (name,))[0] is None:
        raise BenchError(f"KV table {name} does not exist: run kv2rel seed and kv2rel migrate first")
    table = _one(conn, "SELECT kv2rel.resolve_kv_table(%s)::text", (name,))[0]
    missing = [t for t in RELATIONAL_TABLES if _one(conn, "SELECT to_regclass(%s)", (f"public.{t}",))[0] is None]
    if missing:
        raise BenchError(f"the relational schema is not installed (no {', '.join(missing)}): run kv2rel apply")
    facts = _store_facts(conn, table)
    if facts["kv_rows"] == 0:
        raise BenchError(f"{table} is empty: run kv2rel seed (and kv2rel migrate) first")
    if facts["products"] == 0 and facts["orders"] == 0:
        raise BenchError("the relational tables are empty: run kv2rel migrate first")
    if vacuum:
        log("VACUUM (ANALYZE) of the relational tables read ...")
        _vacuum(conn)
    ctx = make_context(conn, table, overrides)
    env, run_id = ctx.env, ctx.run_id
    selected = [op for op in OPERATIONS if not operations or op.name in operations]
    report = {
        "benchmark": "kv2rel bench queries",
        "postgres": _one(conn, "SHOW server_version")[0],
        "kv_table": table,
        "env": env,
        "migration_run": run_id,
        "store": facts,
        "runs": runs,
        "warmup": warmup,
        "rtt_ms": rtt_ms,
        "rtt_mode": "sleep" if rtt_sleep else "model",
        "connection_rtt_ms": connection_rtt_ms(conn),
        "prefix_scan_plan": _prefix_scan_plan(conn, table),
        "kv_key_collation": _key_collation(conn, table),
        "source_cap": SOURCE_CAP,
        "operations": [],
    }
    for op in selected:
        entry = {
            "name": op.name,
            "title": op.title,
            "params": ctx.params[op.name],
            "kv_way": op.kv_way,
            "relational_way": op.rel_way,
            "claim": {"ratio": op.claim_ratio, "text": op.claim_text},
        }
        if "skipped" in ctx.params[op.name]:
            log(f"{op.name}: skipped ({ctx.params[op.name]['skipped']})")
            report["operations"].append({**entry, "skipped": ctx.params[op.name]["skipped"], "answers_match": None,
                                         "ratio_local": None, "ratio_simulated": None,
                                         "ratio_paged": None})  # fmt: skip
            continue
        log(f"{op.name}: {op.title}")
        result = measure(conn, op, ctx, runs=runs, warmup=warmup, rtt_ms=rtt_ms, rtt_sleep=rtt_sleep, log=log)
        entry.update(result)
        entry["index"] = index_check(conn, op, ctx)
        goal = LOCAL_GOALS.get(op.name)
        entry["goals"] = {
            "local_min_ratio": goal,
            "local_met": (entry["ratio_local"] >= goal) if goal and entry["ratio_local"] else None,
            "simulated_meets_claim": (
                entry["ratio_simulated"] >= op.claim_ratio
                if op.claim_ratio and entry["ratio_simulated"] is not None
                else None
            ),
        }
        report["operations"].append(entry)
    measured = [o for o in report["operations"] if "skipped" not in o]
    report["skipped"] = [o["name"] for o in report["operations"] if "skipped" in o]
    report["all_answers_match"] = all(o["answers_match"] for o in measured)
    report["all_indexes_chosen"] = all(o["index"]["chosen"] for o in measured)
    report["all_indexes_usable"] = all(o["index"]["usable"] for o in measured)
    return report


# ------------------------------------------------------------------------------------------------ output
def _fmt_ratio(value) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}×" if value >= 10 else f"{value:,.1f}×"


def _fmt_ms(value: float) -> str:
    return f"{value:,.1f}" if value >= 10 else f"{value:,.2f}"


def _claim(op: dict) -> str:
    if op["claim"]["ratio"]:
        return f"{op['claim']['ratio']:,}×"
    return "≈225 → 3 calls" if op["name"] == "dashboard" else "–"


def _index_cell(op: dict) -> str:
    idx = op["index"]
    if idx["chosen"]:
        return "yes"
    return "usable" if idx["usable"] else "NO"


def table_rows(report: dict) -> list[list[str]]:
    rows = []
    for op in report["operations"]:
        if "skipped" in op:
            skipped = f"skipped: {op['skipped']}"
            rows.append([op["name"], *(["–"] * 6), skipped, "–", "–", _claim(op), "–", "–"])
            continue
        kv, rel = op["kv"], op["relational"]
        rows.append(
            [
                op["name"],
                f"{kv['round_trips']:,}",
                f"{kv['rows']:,}",
                f"{_fmt_ms(kv['p50_ms'])} / {_fmt_ms(kv['p95_ms'])}",
                f"{rel['round_trips']}",
                f"{rel['rows']:,}",
                f"{_fmt_ms(rel['p50_ms'])} / {_fmt_ms(rel['p95_ms'])}",
                _fmt_ratio(op["ratio_local"]) if op["answers_match"] else "answers differ",
                _fmt_ratio(op["ratio_simulated"]) if op["answers_match"] else "–",
                _fmt_ratio(op.get("ratio_paged")) if op["answers_match"] else "–",
                _claim(op),
                "yes" if op["answers_match"] else "NO",
                _index_cell(op),
            ]
        )
    return rows


HEADERS = [
    "operation", "KV calls", "KV rows", "KV p50/p95 ms", "SQL queries", "SQL rows", "SQL p50/p95 ms",
    "× local", "× at rtt", "× paged", "seed claim", "same answer", "index",
]  # fmt: skip
LEFT_COLUMNS = (0, 10, 11, 12)  # operation, seed claim, same answer, index


def render_table(report: dict):
    from rich.table import Table

    table = Table(
        title=f"KV access patterns vs relational queries (median of {report['runs']} runs after "
        f"{report['warmup']} warm-up; simulated delay {report['rtt_ms']:g} ms per round trip, "
        f"{'slept' if report['rtt_mode'] == 'sleep' else 'computed'})",
        title_justify="left",
    )
    for i, header in enumerate(HEADERS):
        table.add_column(header, justify="left" if i in LEFT_COLUMNS else "right", no_wrap=i == 0)
    for row in table_rows(report):
        table.add_row(*row)
    return table


def _md_escape(value: str) -> str:
    return value.replace("|", "\\|")


def render_markdown(report: dict, chart_name: str | None) -> str:
    s = report["store"]
    lines = [
        "# Performance test results: KV access patterns vs the relational schema",
        "",
        f"Generated by `kv2rel bench queries` on PostgreSQL {report['postgres']}. KV table `{report['kv_table']}` "
        f"({s['kv_rows']:,} rows), environment `{report['env']}`"
        + (f", migrated by kv2rel migrate run {report['migration_run']}" if report.get("migration_run") else "")
        + f"; relational: {s['clients']:,} clients, "
        f"{s['sites']:,} sites, {s['catalogs']:,} catalogs, {s['products']:,} products, {s['orders']:,} orders"
        + (f"; scale `{report['scale']}`" if report.get("scale") else "")
        + ".",
        "",
        f"* Timing: {report['warmup']} untimed warm-up run(s), then {report['runs']} timed runs per side; p50/p95 of "
        "wall time, client-side work included.",
        f"* Connection round trip (median of `SELECT 1`): {report['connection_rtt_ms']:.3f} ms.",
        f"* Simulated network: {report['rtt_ms']:g} ms per round trip (the source's REST calls cost about 60–90 ms, "
        "kv-store.md §6), "
        + (
            "really slept per call."
            if report["rtt_mode"] == "sleep"
            else "computed as measured time + round trips × delay (not slept)."
        ),
        "* × paged (an extra figure; the goals are judged on × at rtt): the same delay, but a response of R rows "
        f"costs ceil(R / {PAGE_ROWS}) round trips on both sides, as a REST client that wants the whole answer must "
        f"page through PostgREST's {PAGE_ROWS}-row responses (Supabase's max-rows, the source's `.limit(1000)`). "
        "Empty when the delay was slept.",
        f"* KV prefix scans (`key LIKE 'prefix%'`, wildcards escaped; the source did not escape `_`) run as: "
        f"{report['prefix_scan_plan']}; the key column's collation is `{report['kv_key_collation']}`"
        + (
            " (a btree serves `LIKE 'prefix%'` only under C/POSIX: under Supabase's default en_US.UTF-8 every prefix "
            "scan reads the whole table, so the KV figures here are, if anything, flattering)."
            if report["kv_key_collation"] in ("C", "POSIX")
            else " (no btree can serve `LIKE 'prefix%'` under it: every prefix scan reads the whole table)."
        ),
        "* The source's `getByPrefix` was capped at 1000 rows; the cap is not applied here (scans that exceeded it "
        "are listed below: the source's answer would have been silently incomplete).",
        "* A ratio is only reported when both sides return the same (normalised) answer.",
        "* index: `yes` = the planner's own plan uses the intended index (EXPLAIN node check); `usable` = it uses it "
        "once sequential scans (then bitmap scans, then sorts) are switched off (the index fits the query; at this "
        "size the planner prefers another plan); `NO` = not even then.",
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|" + "|".join("---" for _ in HEADERS) + "|",
    ]
    for row in table_rows(report):
        lines.append("| " + " | ".join(_md_escape(c) for c in row) + " |")
    lines.append("")
    if chart_name:
        lines += [f"![ratios]({chart_name})", ""]
    lines += ["## Operations", ""]
    for op in report["operations"]:
        lines += [f"### {op['title']} (`{op['name']}`)", ""]
        lines.append(f"* Parameters: `{json.dumps(op['params'], sort_keys=True)}`")
        lines.append(f"* KV way: {op['kv_way']}.")
        lines.append(f"* Relational way: {op['relational_way']}.")
        lines.append(f"* Seed claim: {op['claim']['text']}" + (f" ({op['claim']['ratio']}×)." if op["claim"]["ratio"]
                                                               else "."))  # fmt: skip
        if "skipped" in op:
            lines += [f"* **Skipped**: {op['skipped']} in this store.", ""]
            continue
        kv, rel = op["kv"], op["relational"]
        lines.append(
            f"* KV: {kv['round_trips']:,} calls, {kv['rows']:,} rows, p50 {_fmt_ms(kv['p50_ms'])} ms, "
            f"p95 {_fmt_ms(kv['p95_ms'])} ms"
            + (f", simulated {_fmt_ms(kv['simulated_ms'])} ms" if "simulated_ms" in kv else "")
            + (f"; paged: {kv['paged_round_trips']:,} round trips, {_fmt_ms(kv['paged_ms'])} ms" if "paged_ms" in kv
               else "")
            + "."
        )
        lines.append(
            f"* Relational: {rel['round_trips']} quer{'y' if rel['round_trips'] == 1 else 'ies'}, {rel['rows']:,} "
            f"rows, p50 {_fmt_ms(rel['p50_ms'])} ms, p95 {_fmt_ms(rel['p95_ms'])} ms"
            + (f", simulated {_fmt_ms(rel['simulated_ms'])} ms" if "simulated_ms" in rel else "")
            + (f"; paged: {rel['paged_round_trips']:,} round trips, {_fmt_ms(rel['paged_ms'])} ms"
               if "paged_ms" in rel else "")
            + "."
        )
        if kv["scans_over_1000"]:
            lines.append(
                "* Prefix scans over the source's 1000-row cap: "
                + ", ".join(f"`{p}` {n:,} rows" for p, n in kv["scans_over_1000"].items())
                + "."
            )
        scope = []
        if kv.get("records_left_out"):
            scope.append(f"{kv['records_left_out']:,} KV records the migration did not carry over were read but left "
                         "out of the KV answer")  # fmt: skip
        if rel.get("rows_out_of_kv_reach"):
            scope.append(f"{rel['rows_out_of_kv_reach']:,} relational rows the index-driven KV way cannot reach "
                         "(not listed in its index) were left out of the comparison")  # fmt: skip
        if scope:
            lines.append("* Compared over the same records: " + "; ".join(scope) + ".")
        if op["answers_match"]:
            lines.append(
                f"* Same answer both ways ({op['answer_size']:,} rows). Ratio {_fmt_ratio(op['ratio_local'])} locally, "
                f"{_fmt_ratio(op['ratio_simulated'])} at {report['rtt_ms']:g} ms per round trip"
                + (f" ({_fmt_ratio(op['ratio_paged'])} paged)" if op.get("ratio_paged") is not None else "")
                + "."
            )
        else:
            lines.append(f"* **Answers differ**, no ratio reported: `{json.dumps(op['mismatch'], default=str)}`")
        for st in op["index"]["statements"]:
            verdict = "chosen by the planner" if st["chosen"] else (
                "usable (used with sequential scans disabled) but not chosen at this size" if st["usable"]
                else "NOT usable")  # fmt: skip
            lines.append(f"* Index `{st['index']}`: {verdict}. Plan: {' → '.join(st['plan'])}.")
        goals = op["goals"]
        if goals["local_min_ratio"]:
            met = {True: "met", False: "not met", None: "n/a"}[goals["local_met"]]
            lines.append(f"* Goal (at projected scale): ≥ {goals['local_min_ratio']}× locally: {met} here.")
        if op["claim"]["ratio"]:
            met = {True: "met", False: "not met", None: "n/a"}[goals["simulated_meets_claim"]]
            lines.append(f"* Goal: with the simulated delay ≥ the seed's {op['claim']['ratio']}×: {met}.")
        lines.append("")
    return "\n".join(lines)


def render_chart(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ops = report["operations"]
    names = [op["name"] for op in ops]
    local = [op["ratio_local"] or 0 for op in ops]
    simulated = [op["ratio_simulated"] or 0 for op in ops]
    paged = [op.get("ratio_paged") or 0 for op in ops]
    fig, ax = plt.subplots(figsize=(10, 5.5), dpi=100)
    x = list(range(len(ops)))
    width = 0.27
    bars_local = ax.bar([i - width for i in x], [v if v > 0 else float("nan") for v in local], width,
                        label="local", color="#1B2A5E")  # fmt: skip
    bars_sim = ax.bar(x, [v if v > 0 else float("nan") for v in simulated], width,
                      label=f"with {report['rtt_ms']:g} ms per round trip", color="#00B4CC")  # fmt: skip
    bars_paged = ax.bar([i + width for i in x], [v if v > 0 else float("nan") for v in paged], width,
                        label=f"extra figure: {report['rtt_ms']:g} ms per {PAGE_ROWS}-row REST page", color="#9FD9E3",
                        hatch="//")  # fmt: skip
    for bars in (bars_local, bars_sim, bars_paged):
        for bar in bars:
            height = bar.get_height()
            if height == height and height > 0:
                ax.annotate(_fmt_ratio(height), (bar.get_x() + bar.get_width() / 2, height), ha="center",
                            va="bottom", fontsize=8)  # fmt: skip
    claimed = False
    for i, op in enumerate(ops):
        if op["claim"]["ratio"]:
            ax.hlines(op["claim"]["ratio"], i - 0.45, i + 0.45, colors="#D91C81", linestyles="--", linewidth=2,
                      label=None if claimed else "seed's claim")  # fmt: skip
            claimed = True
        if "skipped" in op:
            ax.annotate("skipped", (i, 1.2), ha="center", va="bottom", fontsize=8, color="grey")
        elif not op["answers_match"]:
            ax.annotate("answers differ:\nno ratio", (i, 1.2), ha="center", va="bottom", fontsize=8, color="red")
    ax.axhline(1, color="grey", linewidth=0.8)
    ax.set_yscale("log")
    tallest = max([v for v in local + simulated + paged if v > 0], default=1)
    ax.set_ylim(bottom=0.5, top=tallest * 40)  # head room: the legend sits above the tallest bar's label
    labels = [name + ("\n(seed: ≈225 KV calls → 3 queries)" if name == "dashboard" else "") for name in names]
    ax.set_xticks(x, labels, rotation=15, fontsize=9)
    ax.set_ylabel("KV time / relational time (log scale)")
    ax.set_title(f"Relational speed-up over the KV access patterns ({report['store']['kv_rows']:,} KV rows)")
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)


def write_outputs(report: dict, out_dir: Path) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    png = out_dir / REPORT_PNG
    render_chart(report, png)
    files = {"markdown": str(out_dir / REPORT_MD), "json": str(out_dir / REPORT_JSON), "chart": str(png)}
    report["files"] = files
    (out_dir / REPORT_MD).write_text(render_markdown(report, png.name), encoding="utf-8")
    (out_dir / REPORT_JSON).write_text(json.dumps(report, indent=2, sort_keys=True, default=str) + "\n",
                                       encoding="utf-8")  # fmt: skip
    return files


def print_text(report: dict, files: dict, echo: Callable[[str], None]) -> None:
    """The table (rich, plain text) and the notes, as `kv2rel bench queries` prints them."""
    from rich.console import Console

    console = Console(width=200, no_color=True, highlight=False, soft_wrap=False, record=True)
    with console.capture() as capture:
        console.print(render_table(report))
    echo(capture.get().rstrip("\n"))
    echo(
        f"connection round trip {report['connection_rtt_ms']:.3f} ms (median of SELECT 1); KV prefix scans run as "
        f"{report['prefix_scan_plan']} (key collation {report['kv_key_collation']})"
    )
    for op in report["operations"]:
        if "skipped" in op:
            echo(f"{op['name']}: skipped ({op['skipped']})")
        elif not op["answers_match"]:
            echo(f"{op['name']}: the two sides return different answers, no ratio: {json.dumps(op['mismatch'])}")
    echo("wrote " + ", ".join(files.values()))


def demo_benchmark(dsn: str, echo: Callable[[str], None], out_dir: Path | str = ".") -> dict | None:
    """The end of `kv2rel demo`: benchmark the store the demo seeded and migrated (3 runs after 1 warm-up), at
    whatever scale it has; prints one line and returns None when there is no seeded and migrated store."""
    import psycopg as _psycopg

    from .db import connect

    with connect(dsn) as conn:
        try:
            name = _one(conn, "SELECT kv2rel.setting('kv_table')")[0]
            ready = _one(conn, "SELECT to_regclass(%s) IS NOT NULL", (name,))[0] and _migration_run(conn, name)[1]
        except _psycopg.Error:
            ready = False
        if not ready:
            echo("bench queries: skipped (no seeded and migrated store)")
            return None
        echo("bench queries: the KV access patterns against the relational schema (kv2rel bench queries) ...")
        try:
            report = run(conn, runs=3, warmup=1)
        except BenchError as exc:
            echo(f"bench queries: skipped ({exc})")
            return None
    files = write_outputs(report, Path(out_dir))
    print_text(report, files, echo)
    return report
