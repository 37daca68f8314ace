"""harness/bench_queries.py (issue 7): the KV client, the normalisation, the answer comparison and, on a small
seeded and migrated store, every operation's answers both ways, the EXPLAIN checks and the written report.

No timing assertions: the benchmark's figures are reported, never tested."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from harness import bench_queries as bq
from tests.pgtap import is_, ok

# Seed 2 at small scale: its store has an active site that offers products (with seed 1 no active site's catalog is
# active, so the site-products answer would be empty on both sides).
SEED = 2

# One seeded + migrated small store per test module: seeding and migrating it is the slow part, so the first test
# that needs it builds it in its own `db` and runs the benchmark once; the others read that report.
_STORE: dict = {}


def seeded_report(db: psycopg.Connection, out_dir: Path) -> dict:
    if "report" not in _STORE:
        bq.prepare_store(db, "small", SEED, json.dumps("default"))
        report = bq.run(db, runs=1, warmup=0, rtt_ms=60)
        report["scale"] = "small"
        bq.write_outputs(report, out_dir)
        _STORE.update(report=report, out=out_dir, sites=every_site(db))
    return _STORE["report"]


# Every site's own products: the product rows before exclusions (active site, catalog and product), and the two ways
# of site_products compared for that site.
SITE_ROWS = """SELECT s.id::text, s.legacy_id, count(p.id) AS before_exclusions,
       (SELECT count(*) FROM public.site_product_exclusions AS e WHERE e.site_id = s.id)
     + (SELECT count(*) FROM public.site_category_exclusions AS e WHERE e.site_id = s.id) AS exclusions
  FROM public.sites AS s
  LEFT JOIN (SELECT id AS site_id, catalog_id FROM public.sites WHERE catalog_id IS NOT NULL
             UNION SELECT site_id, catalog_id FROM public.site_catalog_assignments) AS sc ON sc.site_id = s.id
  LEFT JOIN public.catalogs AS c ON c.id = sc.catalog_id AND c.status = 'active'
  LEFT JOIN public.products AS p ON p.catalog_id = c.id AND p.is_active AND s.status = 'active'
 WHERE s.legacy_id IS NOT NULL
 GROUP BY s.id, s.legacy_id
 ORDER BY s.legacy_id COLLATE "C"
"""


def every_site(db: psycopg.Connection) -> list[dict]:
    ctx = bq.make_context(db, "public.kv_store_6fcaeea3")
    op = next(o for o in bq.OPERATIONS if o.name == "site_products")
    sites = []
    for site_id, legacy_id, before, exclusions in db.execute(SITE_ROWS).fetchall():
        ctx.params["site_products"] = {"site_id": site_id, "site_legacy_id": legacy_id}
        result = bq.measure(db, op, ctx, runs=1, warmup=0, rtt_ms=0, rtt_sleep=False)
        offered = result["answer_size"] + result["relational"]["rows_out_of_kv_reach"]
        sites.append({"site": legacy_id, "before_exclusions": before, "exclusions": exclusions, "offered": offered,
                      "match": result["answers_match"], "mismatch": result.get("mismatch")})  # fmt: skip
    return sites


@pytest.fixture
def report(db, tmp_path_factory) -> dict:
    return seeded_report(db, tmp_path_factory.mktemp("bench_queries"))


def op_of(report: dict, name: str) -> dict:
    return next(o for o in report["operations"] if o["name"] == name)


# ------------------------------------------------------------------------------------------- the KV client
@pytest.fixture
def kv(db) -> bq.KvClient:
    db.execute("CREATE TABLE public.kv_probe (key text PRIMARY KEY, value jsonb NOT NULL)")
    db.execute(
        """INSERT INTO public.kv_probe
           VALUES ('admin_users:a', '{"id": "a"}'), ('adminXusers:b', '{"id": "b"}'), ('admin_users:%c', '1'),
                  ('gift:1', '{"id": "1"}')"""
    )
    db.execute(
        "INSERT INTO public.kv_probe SELECT 'many:' || i, to_jsonb(i) FROM generate_series(1, 1001) AS i"
    )
    return bq.KvClient(db, "public.kv_probe")


def test_like_prefix_escapes_wildcards():
    is_(bq.like_prefix("admin_users:"), "admin\\_users:%", "_ is escaped, % appended")
    is_(bq.like_prefix("a%b\\c"), "a\\%b\\\\c%", "% and the escape character are escaped")


def test_get_counts_round_trips_and_rows(kv):
    is_(kv.get("gift:1"), {"id": "1"}, "get returns the value")
    is_(kv.get("gift:2"), None, "a missing key is None")
    is_((kv.round_trips, kv.rows), (2, 1), "two calls, one row")
    kv.reset()
    is_((kv.round_trips, kv.rows), (0, 0), "reset clears the counters")


def test_prefix_scan_escapes_underscore(kv):
    keys = sorted(k for k, _ in kv.get_by_prefix("admin_users:"))
    is_(keys, ["admin_users:%c", "admin_users:a"], "an escaped scan does not match adminXusers:")
    unescaped = kv.conn.execute("SELECT count(*) FROM public.kv_probe WHERE key LIKE 'admin_users:%'").fetchone()[0]
    is_(unescaped, 3, "the source's unescaped LIKE would have matched adminXusers: too")
    is_(len(list(kv.get_by_prefix("admin_users:%"))), 1, "a % in the prefix is literal")


def test_prefix_scan_over_the_cap_is_recorded_not_truncated(kv):
    rows = list(kv.get_by_prefix("many:"))
    is_(len(rows), 1001, "no 1000-row cap is applied")
    is_(kv.over_cap, {"many:": 1001}, "the scan over the source's 1000-row cap is recorded")
    is_(kv.round_trips, 1, "one scan is one round trip")
    is_(kv.pages, 2, "a REST client paging 1000 rows per response needs two round trips for 1001 rows")


def test_pages_per_response_size(kv):
    is_([bq.pages(n) for n in (0, 1, 999, 1000, 1001, 2000, 2001)], [1, 1, 1, 1, 2, 2, 3],
        "ceil(rows / 1000) round trips, at least one (an empty response is still a request)")  # fmt: skip
    kv.get("gift:1")
    kv.get("gift:2")
    is_(list(kv.get_by_prefix("nothing:")), [], "an empty scan")
    is_((kv.round_trips, kv.pages), (3, 3), "a get (hit or miss) and an empty scan cost one page each")
    kv.reset()
    is_(kv.pages, 0, "reset clears the paged round trips")


def test_rtt_sleep_delays_each_call(db, kv):
    kv.sleep_s = 0.02
    started = dt.datetime.now()
    kv.get("gift:1")
    kv.get_by_prefix("gift:")
    ok((dt.datetime.now() - started).total_seconds() >= 0.04, "each round trip sleeps the simulated delay")


# ------------------------------------------------------------------------------------------- normalisation
@pytest.mark.parametrize(
    ("value", "want"),
    [(49.99000000000001, "49.99"), ("35", "35.00"), (Decimal("2.005"), "2.01"), (None, None), ("", None),
     ("1,299.00", None), (True, None)],
)  # fmt: skip
def test_money(value, want):
    is_(str(bq.money(value)) if bq.money(value) is not None else None, want, f"money({value!r})")


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("2026-02-11T02:00:00.123Z", "2026-02-11T02:00:00.123+00:00"),
        ("2026-02-11T02:00:00Z", "2026-02-11T02:00:00.000+00:00"),
        ("2026-02-11T04:00:00.000000+02:00", "2026-02-11T02:00:00.000+00:00"),
        ("2026-02-11", "2026-02-11T00:00:00.000+00:00"),
        (1770775200000, "2026-02-11T02:00:00.000+00:00"),
        ("1770775200000", "2026-02-11T02:00:00.000+00:00"),
        ("2026-02-11T02:00:00", None),
        ("December 31, 2026", None),
        (1770775200, None),
    ],
)
def test_timestamp(value, want):
    is_(bq.iso(bq.timestamp(value)), want, f"timestamp({value!r})")


def test_product_of_reads_every_shape():
    legacy = bq.product_of({"id": "g1", "name": " Lamp ", "sku": "L-1", "price": "35", "isActive": False})
    is_((legacy["name"], legacy["price"], legacy["status"]), ("Lamp", Decimal("35.00"), "inactive"),
        "trimmed name, string price, isActive alias")  # fmt: skip
    multi = bq.product_of({"id": "g2", "source": {"catalogId": "c9"}, "status": "Active", "deleted": True})
    is_((multi["catalog_id"], multi["status"]), ("c9", "discontinued"), "source.catalogId; soft delete wins")
    is_(bq.product_of(["g1", "g2"]), None, "an index array is not a gift")


def test_product_without_id_takes_the_known_id():
    ctx = bq.Context("public.kv", "production", frozenset({"production", "development", "staging"}))
    is_(bq.key_id("gift:production:g:1", ctx), "g:1", "an env-scoped key's id follows the environment (colons kept)")
    is_((bq.key_id("gifts:g-1", ctx), bq.key_id("gift:g:2", ctx)), ("g-1", "g:2"), "other keys: after the family")
    gift = bq.product_of({"name": "Lamp", "price": 5}, "g-1")
    is_((gift["id"], gift["sku"]), ("g-1", "SKU-g-1"), "no id in the value: the known id, and SKU-{id}")
    is_(bq.product_of({"id": "g-2", "name": "Lamp"}, "g-1")["sku"], "SKU-g-2", "the value's own id comes first")
    is_(bq.product_of({"name": "Lamp"})["sku"], None, "no id anywhere: no SKU")


def test_order_of_environment_and_public_keys():
    ctx = bq.Context("public.kv", "production", frozenset({"production", "development", "staging"}))
    is_(bq.order_of("order:development:o1", {"id": "o1"}, ctx), None, "another environment's CRUD order is skipped")
    public = bq.order_of("order:site-9:u1", {"orderNumber": "ORD-2026-1", "itemValue": 35, "quantity": 2}, ctx)
    is_((public["site_id"], public["number"], public["total"]), ("site-9", "ORD-2026-1", Decimal("70.00")),
        "a public order's site comes from the key; total = itemValue × quantity")  # fmt: skip
    crud = bq.order_of("order:production:ORD-1", {"id": "ORD-1", "siteId": "s1", "giftId": "g1"}, ctx)
    is_((crud["number"], crud["total"], crud["gift_id"]), ("ORD-1", None, "g1"), "a CRUD order has no total")


def test_percentile_nearest_rank():
    samples = [float(i) for i in range(1, 21)]
    is_((bq.percentile(samples, 0.5), bq.percentile(samples, 0.95)), (10.0, 19.0), "nearest rank")
    is_(bq.percentile([3.0], 0.95), 3.0, "one sample")


# --------------------------------------------------------------------------------------- comparing answers
def fake_operation(kv_answer) -> bq.Operation:
    return bq.Operation(
        name="fake",
        title="fake",
        claim_ratio=10,
        claim_text="",
        kv_way="",
        rel_way="",
        queries=lambda ctx: [("SELECT 'a' AS x, 1.5::numeric AS y UNION ALL SELECT 'b', 2", {})],
        intended=[None],
        kv=lambda kv, ctx: kv_answer,
        normalise_rel=lambda r: sorted(bq._rows(r)),
    )


def test_same_answer_gets_a_ratio(db):
    ctx = bq.Context("public.kv_store_6fcaeea3", "production", frozenset())
    result = bq.measure(db, fake_operation([(" a ", Decimal("1.5")), ("b", 2)]), ctx, runs=2, warmup=0, rtt_ms=60,
                        rtt_sleep=False)  # fmt: skip
    ok(result["answers_match"], "normalised answers match (trimmed text, 2 decimals)", json.dumps(result, default=str))
    ok(result["ratio_local"] is not None and result["ratio_simulated"] is not None, "a ratio is reported")
    is_(result["relational"]["round_trips"], 1, "one relational query is one round trip")
    is_((result["kv"]["paged_round_trips"], result["relational"]["paged_round_trips"]), (0, 1),
        "the paged figure: no KV call was made, one relational page of 2 rows")  # fmt: skip
    want = round((result["kv"]["p50_ms"]) / (result["relational"]["p50_ms"] + 60), 2)
    ok(abs(result["ratio_paged"] - want) <= 0.01, "ratio_paged = (KV p50 + pages × 60) / (SQL p50 + pages × 60)",
       f"{result['ratio_paged']} vs {want}")  # fmt: skip


def test_paged_figure_charges_every_1000_rows_on_both_sides(db):
    db.execute("CREATE TABLE public.kv_probe (key text PRIMARY KEY, value jsonb NOT NULL)")
    db.execute("INSERT INTO public.kv_probe SELECT 'many:' || i, to_jsonb(i) FROM generate_series(1, 2500) AS i")
    ctx = bq.Context("public.kv_probe", "production", frozenset())
    op = bq.Operation(
        name="fake", title="fake", claim_ratio=10, claim_text="", kv_way="", rel_way="",
        queries=lambda ctx: [("SELECT value::int FROM public.kv_probe WHERE left(key, 5) = 'many:'", {}),
                             ("SELECT 1", {})],
        intended=[None, None],
        kv=lambda kv, ctx: sorted([(int(v),) for _, v in kv.get_by_prefix("many:")] + [(1,)]),
        normalise_rel=lambda r: sorted(bq._rows(r, 0) + bq._rows(r, 1)),
    )  # fmt: skip
    result = bq.measure(db, op, ctx, runs=1, warmup=0, rtt_ms=60, rtt_sleep=False)
    ok(result["answers_match"], "the fake operation answers the same both ways", json.dumps(result, default=str))
    is_((result["kv"]["round_trips"], result["kv"]["paged_round_trips"]), (1, 3),
        "KV: one scan of 2,500 rows is one round trip per call, three when paged")  # fmt: skip
    is_((result["relational"]["round_trips"], result["relational"]["paged_round_trips"]), (2, 4),
        "relational: two queries; 2,500 rows + 1 row are 3 + 1 pages")  # fmt: skip
    want = (result["kv"]["p50_ms"] + 3 * 60) / (result["relational"]["p50_ms"] + 4 * 60)
    ok(abs(result["ratio_paged"] - want) <= 0.01, "the paged ratio uses the paged round trips",
       f"{result['ratio_paged']} vs {want}")  # fmt: skip
    ok(abs(result["ratio_simulated"] - (result["kv"]["p50_ms"] + 60) / (result["relational"]["p50_ms"] + 120)) <= 0.01,
       "the per-round-trip figure is unchanged by the paged one")  # fmt: skip


def test_different_answers_get_no_ratio(db):
    ctx = bq.Context("public.kv_store_6fcaeea3", "production", frozenset())
    result = bq.measure(db, fake_operation([("a", 1.5)]), ctx, runs=1, warmup=0, rtt_ms=60, rtt_sleep=False)
    ok(not result["answers_match"], "a missing row is a different answer")
    is_((result["ratio_local"], result["ratio_simulated"], result["ratio_paged"]), (None, None, None),
        "no ratio (per round trip or paged) for differing answers")  # fmt: skip
    is_(result["mismatch"]["only_relational"], [["b", "2.00"]], "the mismatch names the row only one side has")


def test_run_refuses_an_unmigrated_store(db):
    with pytest.raises(bq.BenchError, match="kv2rel seed"):
        bq.run(db, runs=1, warmup=0)


# ------------------------------------------------------------------------- on a small seeded + migrated store
@pytest.mark.parametrize("name", bq.OPERATION_NAMES)
def test_operation_answers_match_both_ways(report, name):
    op = op_of(report, name)
    ok(op["answers_match"], f"{name}: the KV way and the relational way return the same answer",
       json.dumps(op.get("mismatch"), default=str))  # fmt: skip
    ok(op["answer_size"] > 0, f"{name}: the answer is not empty (something was compared)")
    ok(op["ratio_local"] is not None and op["ratio_simulated"] is not None, f"{name}: ratios are reported")


@pytest.mark.parametrize("name", bq.OPERATION_NAMES)
def test_operation_relational_plan_can_use_its_index(report, name):
    index = op_of(report, name)["index"]
    for st in index["statements"]:
        ok(st["usable"], f"{name}: the plan uses {st['index']} (with sequential scans disabled at this size)",
           " → ".join(st["plan"]))  # fmt: skip
        ok(isinstance(st["chosen"], bool) and st["plan"], f"{name}: the planner's own choice is reported")


def test_site_products_answers_match_for_every_site(report):
    sites = _STORE["sites"]
    ok(len(sites) > 5, "the small store has sites", json.dumps(sites))
    for site in sites:
        ok(site["match"], f"site {site['site']}: the same products both ways", json.dumps(site["mismatch"]))
    excluded = [s for s in sites if s["exclusions"] and s["offered"] < s["before_exclusions"]]
    ok(excluded, "the migrated exclusions remove products from a site's offer (they are exercised)",
       json.dumps(sites))  # fmt: skip


def test_gifts_without_id_and_sku_answer_the_same_both_ways(db):
    """Gift values without id and sku: the migration gives them SKU-{legacy id}, the id of their key; the KV way
    knows that id (it asked for gifts:{id}, or read the key) and answers the same."""
    db.add_notice_handler(lambda diag: None)
    db.execute("SELECT kv2rel.seed_kv_store(p_kv_table => 'kv_store_6fcaeea3', p_scale => 'small', p_seed => %s)",
               (SEED,))  # fmt: skip
    stripped = db.execute(
        """UPDATE public.kv_store_6fcaeea3 SET value = value - 'id' - 'sku'
            WHERE key LIKE 'gifts:%%' AND jsonb_typeof(value) = 'object' AND value ->> 'status' = 'active'
              AND md5(key) < '4'
        RETURNING key"""
    ).fetchall()
    ok(len(stripped) > 20, "gift values lose their id and sku", str(len(stripped)))
    db.execute("CALL kv2rel.migrate()")
    with_fallback = db.execute(
        "SELECT count(*) FROM public.products WHERE sku = 'SKU-' || legacy_id AND 'gifts:' || legacy_id = ANY(%s)",
        ([k for (k,) in stripped],),
    ).fetchone()[0]
    ok(with_fallback > 0, "the migration gives them SKU-{legacy id}", str(with_fallback))
    report = bq.run(db, runs=1, warmup=0, rtt_ms=0, operations=["catalog_products", "product_search", "site_products"],
                    overrides={"search": "a"})  # fmt: skip
    for op in report["operations"]:
        ok(op["answers_match"], f"{op['name']}: the same answer both ways", json.dumps(op.get("mismatch")))
    search = next(o for o in report["operations"] if o["name"] == "product_search")
    ok(search["answer_size"] > 100, "the search for 'a' compares many products", str(search["answer_size"]))


def test_round_trips_and_scans(report):
    catalog = op_of(report, "catalog_products")
    ok(catalog["kv"]["round_trips"] > catalog["answer_size"], "the catalog listing does one KV get per gift (N+1)")
    is_(catalog["relational"]["round_trips"], 1, "the relational listing is one query")
    is_(op_of(report, "dashboard")["relational"]["round_trips"], 3, "the relational dashboard is three queries")
    search = op_of(report, "product_search")
    ok(search["kv"]["scans_over_1000"].get("gifts:", 0) > 1000,
       "the gifts: scan exceeds the source's 1000-row cap at small scale and is reported")  # fmt: skip
    ok(all(o["kv"]["round_trips_stable"] for o in report["operations"]), "round trips are the same in every run")
    ok(search["kv"]["paged_round_trips"] > search["kv"]["round_trips"],
       "paged, the search's scans over 1000 rows cost more than one round trip each")  # fmt: skip
    ok(all(o["ratio_paged"] is not None for o in report["operations"]), "every operation has a paged figure")


def test_report_files(report):
    out: Path = _STORE["out"]
    md = (out / bq.REPORT_MD).read_text()
    ok(md.startswith("# Performance test results"), "PERFORMANCE_TEST_RESULTS.md is written")
    for name in bq.OPERATION_NAMES:
        ok(f"`{name}`" in md, f"the markdown report covers {name}")
    data = json.loads((out / bq.REPORT_JSON).read_text())
    is_([o["name"] for o in data["operations"]], bq.OPERATION_NAMES, "the JSON report lists every operation")
    ok(data["connection_rtt_ms"] > 0, "the connection's own round trip is measured")
    png = (out / bq.REPORT_PNG).read_bytes()
    is_(png[:8], bq.PNG_SIGNATURE, "the chart is a PNG")


def test_demo_benchmark_skips_without_a_migrated_store(db_dsn, tmp_path):
    lines: list[str] = []
    is_(bq.demo_benchmark(db_dsn, lines.append, tmp_path), None, "nothing to benchmark: no report")
    is_(lines, ["bench queries: skipped (no seeded and migrated store)"], "the demo says why in one line")
    ok(not list(tmp_path.iterdir()), "and writes no file")


def test_rtt_sleep_reports_the_slept_figures(db):
    ctx = bq.Context("public.kv_store_6fcaeea3", "production", frozenset())
    result = bq.measure(db, fake_operation([("a", Decimal("1.5")), ("b", 2)]), ctx, runs=1, warmup=0, rtt_ms=20,
                        rtt_sleep=True)  # fmt: skip
    ok(result["relational"]["p50_ms"] >= 20, "the relational query's round trip slept the delay")
    is_(result["ratio_local"], None, "with real sleeps there is no local ratio")
    ok(result["ratio_simulated"] is not None, "the measured ratio is the simulated one")
    is_(result["ratio_paged"], None, "no paged figure when the delay was slept per call")
