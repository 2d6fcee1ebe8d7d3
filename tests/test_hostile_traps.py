"""Traps that never end: calendars, session ids, endless pagination, a frontier that fills, REST
collections that claim a million pages. Each crawl must end after a bounded number of requests,
log the cut once, count it in crawls.cuts and show it in `isecg status`."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from archive import urls
from archive.db import open_db
from archive.status import format_status, status
from scraper.discover import discover
from scraper.frontier import Found
from scraper.settings import Settings
from scraper.traps import TrapGuard, rest_pages, shape
from tests.crawl_helpers import Crawled
from tests.hostile import Answer, HostileServer, Route, crawl_of, page, serve, site

SITE = "http://127.0.0.1:8080/"


def cuts(data: Path) -> dict[str, int]:
    with sqlite3.connect(data / "isecg.db") as conn:
        (value,) = conn.execute("SELECT cuts FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(value) if value else {}


def param(target: str, name: str, default: str = "0") -> str:
    return parse_qs(urlsplit(target).query).get(name, [default])[0]


# -- canonical URLs drop session ids ---------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "canonical"),
    [
        ("/news/?sid=a1b2c3", "/news/"),
        ("/?p=12&sid=a1b2c3", "/?p=12"),
        ("/list?PHPSESSID=9f8e7d&x=1", "/list?x=1"),
        ("/list?sessionid=1&x=1", "/list?x=1"),
        ("/list?session_id=1&x=1", "/list?x=1"),
        ("/list?jsessionid=1", "/list"),
        ("/shop;jsessionid=ABC123?x=1", "/shop?x=1"),
        ("/a;jsessionid=ABC/b", "/a/b"),
        ("/list?ASPSESSIONIDQQGGQGPG=XYZ&y=2", "/list?y=2"),
        ("/list?utm_source=feed&utm_medium=rss&y=2", "/list?y=2"),
        ("/list?CFID=1&CFTOKEN=2", "/list"),
        ("/list?_gl=1*abc&gclid=2", "/list"),
    ],
)
def test_session_and_tracking_parameters_are_dropped(link: str, canonical: str) -> None:
    assert urls.canonical(link, SITE) == SITE.rstrip("/") + canonical


def test_other_parameters_stay() -> None:
    assert urls.canonical("/list?side=left&sidx=2", SITE) == SITE + "list?side=left&sidx=2"


# -- the rules themselves ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "family", "page"),
    [
        ("http://h/?m=202001", "h/?m", 1),
        ("http://h/?page_id=5&paged=7", "h/?page_id", 7),
        ("http://h/news/page/12/", "h/news?", 12),
        ("http://h/list?page=3&cat=2", "h/list?cat", 3),
        ("http://h/list?page=x", "h/list?page", 1),
    ],
)
def test_shape(url: str, family: str, page: int) -> None:
    found = shape(url)
    assert (found.family, found.page) == (family, page)


def guard(**changes: int) -> TrapGuard:
    return TrapGuard(Settings(site=SITE).but(**changes))


def test_guard_cuts_query_variants_past_the_cap() -> None:
    items = [Found(f"{SITE}?m={200001 + i}", "page", "link") for i in range(10)]
    admitted, cut = guard(max_query_variants=4).admit(items)
    assert len(admitted) == 4 and [c.rule for c in cut] == ["query_variants"] * 6


def test_guard_never_caps_post_ids() -> None:
    items = [Found(f"{SITE}?p={i}", "post", "link") for i in range(1, 50)]
    admitted, cut = guard(max_query_variants=4).admit(items)
    assert len(admitted) == 49 and cut == []


def test_guard_cuts_deep_pages() -> None:
    items = [Found(f"{SITE}?page_id=5&paged={n}", "page", "link") for n in range(2, 12)]
    admitted, cut = guard(max_pagination_depth=5).admit(items)
    assert [shape(i.url).page for i in admitted] == [2, 3, 4, 5]
    assert {c.rule for c in cut} == {"pagination"}


def test_guard_budget_counts_every_url_once() -> None:
    trap = guard(max_frontier=3)
    items = [Found(f"{SITE}?p={i}", "post", "link") for i in (1, 1, 2, 2, 3, 4, 5)]
    admitted, cut = trap.admit(items)
    assert [i.url for i in admitted] == [f"{SITE}?p={i}" for i in (1, 2, 3)]
    assert [c.rule for c in cut] == ["frontier", "frontier"]


def test_guard_logs_each_rule_once_per_family() -> None:
    trap = guard(max_query_variants=1)
    _, cut = trap.admit(Found(f"{SITE}?m={m}", "page", "link") for m in range(5))
    assert [trap.first_time(c) for c in cut] == [True, False, False, False]


def test_a_resumed_guard_counts_what_was_queued() -> None:
    trap = guard(max_query_variants=3)
    trap.load([f"{SITE}?m=1", f"{SITE}?m=2", f"{SITE}?m=3"])
    admitted, _ = trap.admit([Found(f"{SITE}?m=4", "page", "link")])
    assert admitted == []


@pytest.mark.parametrize(
    ("claimed", "total", "items", "pages"),
    [
        (1_000_000, 120, 100, 2),  # X-WP-Total says two pages
        (1_000_000, None, 100, 1_000_000),  # nothing says otherwise: max_rest_pages decides
        (1_000_000, None, 7, 1),  # a first page that is not full is the only one
        (5, 5000, 10, 5),  # a server that caps per_page at 10: pages of 10
        (3, 250, 100, 3),
        (10, 0, 0, 1),  # an empty collection
    ],
)
def test_rest_pages_plausible(claimed: int, total: int | None, items: int, pages: int) -> None:
    assert rest_pages(claimed, total, items, 100) == pages


def rest_answer(count: int, pages: str, total: str | None) -> dict[str, str]:
    headers = {"x-wp-totalpages": pages}
    if total is not None:
        headers["x-wp-total"] = total
    return headers


@pytest.mark.parametrize(
    ("items", "headers", "queued"),
    [
        (100, {"x-wp-totalpages": "1000000", "x-wp-total": "150"}, 1),
        (100, {"x-wp-totalpages": "1000000"}, 99),  # max_rest_pages: 100
        (100, {"x-wp-totalpages": "9" * 40}, 99),  # absurd: not even a number we keep
        (100, {"x-wp-totalpages": "3", "x-wp-total": "300"}, 2),
    ],
)
def test_discover_queues_plausible_rest_pages(
    items: int, headers: dict[str, str], queued: int
) -> None:
    body = json.dumps([{"id": i} for i in range(items)]).encode()
    url = f"{SITE}index.php?rest_route=/wp/v2/posts&page=1&per_page=100"
    found = discover(url, "application/json", body, headers, SITE)
    assert len(found.found) == queued
    claimed = min(int(headers["x-wp-totalpages"]), 10**9)
    if claimed and claimed > queued + 1:
        assert [c.rule for c in found.cuts] == ["rest_pages"]
        assert found.cuts[0].count == claimed - queued - 1


# -- crawls against trap servers ------------------------------------------------------------------


def calendar(target: str) -> Answer | bytes | None:
    """A calendar whose every month links the next and the previous, for ever."""
    if target == "/robots.txt":
        return Answer(body=b"User-agent: *\nDisallow:\n", content_type="text/plain")
    if target == "/":
        return page("/calendar?m=202001")
    if target.startswith("/calendar"):
        month = int(param(target, "m"))
        return page(f"/calendar?m={month + 1}", f"/calendar?m={month - 1}")
    return None


def test_calendar_trap_ends(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with serve(calendar) as server, caplog.at_level(logging.WARNING):
        result = crawl_of(server, tmp_path, max_query_variants=40)
    assert server.count("/calendar") == 40
    assert cuts(tmp_path)["query_variants"] >= 2
    lines = [r.message for r in caplog.records if "max_query_variants" in r.message]
    assert len(lines) == 1, lines
    assert result.status != "failed"


def session_trap(target: str) -> Answer | bytes | None:
    """Every page links itself and its neighbours with a fresh session id, as some PHP sites do."""
    if target == "/robots.txt":
        return Answer(body=b"User-agent: *\nDisallow:\n", content_type="text/plain")
    fresh = len(calendar_log) + 1
    calendar_log.append(target)
    path = urlsplit(target).path
    number = int(path.strip("/").rsplit("/", 1)[-1] or 0) if path != "/" else 0
    return page(
        f"/items/{number % 5}?sid={fresh}",
        f"/items/{(number + 1) % 5}?PHPSESSID={fresh}x",
        f"/items/{number % 5};jsessionid={fresh}",
    )


calendar_log: list[str] = []


def test_session_id_trap_ends(tmp_path: Path) -> None:
    calendar_log.clear()
    with serve(session_trap) as server:
        crawl_of(server, tmp_path)
    assert server.count("/items/") == 5  # five pages, each once


def endless_list(target: str) -> Answer | bytes | None:
    if target == "/robots.txt":
        return Answer(body=b"User-agent: *\nDisallow:\n", content_type="text/plain")
    if target == "/":
        return page("/?cat=3", "/archive/")
    if target.startswith("/?cat=3"):
        n = int(param(target, "paged", "1"))
        return page(f"/?cat=3&paged={n + 1}", text=f"page {n}")
    if target.startswith("/archive/"):
        n = int(target.rstrip("/").rsplit("/", 1)[-1]) if "/page/" in target else 1
        return page(f"/archive/page/{n + 1}/")
    return None


def test_endless_pagination_ends(tmp_path: Path) -> None:
    with serve(endless_list) as server:
        crawl_of(server, tmp_path, max_pagination_depth=12)
    assert server.count("/?cat=3") == 12
    assert server.count("/archive/") == 12
    assert cuts(tmp_path) == {"pagination": 2}


def unknown_token_trap(target: str) -> Answer | bytes | None:
    """A session id under a name no list knows: the query-variant cap still ends it."""
    if target == "/robots.txt":
        return Answer(body=b"User-agent: *\nDisallow:\n", content_type="text/plain")
    token = int(param(target, "token", "0"))
    return page(f"/view?token={token + 1}")


def test_unknown_session_parameter_trap_ends(tmp_path: Path) -> None:
    with serve(unknown_token_trap) as server:
        crawl_of(server, tmp_path, max_query_variants=25)
    assert server.count("/view") == 25


def wide_site(target: str) -> Answer | bytes | None:
    """Every page links to 50 new pages: a frontier that would fill without end."""
    if target == "/robots.txt":
        return Answer(body=b"User-agent: *\nDisallow:\n", content_type="text/plain")
    path = urlsplit(target).path.rstrip("/")
    return page(*(f"{path}/{i}" for i in range(50)))


def test_frontier_budget_bounds_the_crawl(tmp_path: Path) -> None:
    with serve(wide_site) as server:
        crawl_of(server, tmp_path, max_frontier=120, concurrency=4)
    with sqlite3.connect(tmp_path / "isecg.db") as conn:
        (queued,) = conn.execute("SELECT COUNT(*) FROM frontier").fetchone()
    assert queued == 120
    assert len(server.log) <= 120
    assert cuts(tmp_path)["frontier"] > 1000


def rest_site(total_pages: str, total: str | None, fail_from: int | None = None) -> Route:
    def route(target: str) -> Answer | bytes | None:
        if target == "/robots.txt":
            return Answer(body=b"User-agent: *\nDisallow:\n", content_type="text/plain")
        if target == "/":
            return page()
        if (
            "rest_route=%2F&" in target
            or target.endswith("rest_route=/")
            or "rest_route=/&" in target
        ):
            body = json.dumps({"routes": {"/wp/v2/posts": {}}}).encode()
            return Answer(body=body, content_type="application/json")
        if "wp%2Fv2%2Fposts" in target or "/wp/v2/posts" in target:
            number = int(param(target, "page", "1"))
            if fail_from is not None and number >= fail_from:
                body = b'{"code":"rest_post_invalid_page_number"}'
                return Answer(400, body, "application/json")
            headers = [("X-WP-TotalPages", total_pages)]
            if total is not None:
                headers.append(("X-WP-Total", total))
            body = json.dumps([{"id": number * 1000 + i} for i in range(100)]).encode()
            return Answer(body=body, content_type="application/json", headers=headers)
        return None

    return route


def test_a_million_rest_pages_are_not_queued(tmp_path: Path) -> None:
    with serve(rest_site("1000000", "250")) as server:
        crawl_of(server, tmp_path)
    assert server.count("/index.php?rest_route=/wp/v2/posts") == 3
    assert cuts(tmp_path) == {"rest_pages": 1_000_000 - 3}


def test_rest_walk_without_a_total_stops_at_max_rest_pages(tmp_path: Path) -> None:
    with serve(rest_site("1000000", None)) as server:
        crawl_of(server, tmp_path, max_rest_pages=8)
    assert server.count("/index.php?rest_route=/wp/v2/posts") == 8


def test_rest_walk_stops_at_the_first_4xx(tmp_path: Path) -> None:
    with serve(rest_site("60", None, fail_from=2)) as server:
        crawl_of(server, tmp_path, concurrency=1)
    # Page 1 queues 59 more; page 2 answers 400 and the rest are never asked for: the walk
    # stops when the 400 arrives, not once it is archived, however slow the archiving.
    assert server.count("/index.php?rest_route=/wp/v2/posts") == 2
    assert cuts(tmp_path) == {"rest_stopped": 58}


def test_status_shows_the_cuts(tmp_path: Path) -> None:
    with serve(endless_list) as server:
        crawl_of(server, tmp_path, max_pagination_depth=5)
    db = open_db(tmp_path / "isecg.db")
    try:
        report = status(db, 36)
    finally:
        db.close()
    assert report["crawls"][0]["cuts"] == {"pagination": 2}
    assert "cut by trap defences: pagination 2" in format_status(report)


def test_known_urls_with_session_ids_collapse(tmp_path: Path) -> None:
    """An archive made before session ids were dropped carries them as known URLs: the next
    crawl asks for each page once, in its canonical form."""
    pages = {"/": page("/a"), "/a": page()}
    with serve(site(pages)) as server:
        crawl_of(server, tmp_path)
        with sqlite3.connect(tmp_path / "isecg.db") as conn:
            conn.executemany(
                "INSERT INTO urls (url, kind, first_seen, last_seen, last_status)"
                " VALUES (?, 'page', '2020', '2020', 200)",
                [(f"{server.url}/a?sid={i}",) for i in range(30)],
            )
        server.log.clear()
        crawl_of(server, tmp_path)
    assert server.log.count("/a") == 1 and server.count("/a?") == 0


def test_the_replica_is_not_cut(base_crawl: Crawled) -> None:
    """The defaults leave the real site's shape alone: nothing of the replica is cut."""
    assert base_crawl.results[0].status == "done"
    assert cuts(base_crawl.data) == {}


def test_server_in_log(tmp_path: Path) -> None:
    with HostileServer(site({"/": page()})) as server:
        crawl_of(server, tmp_path)
    assert "/" in server.log


@pytest.mark.timeout(60)
def test_a_worker_that_fails_outside_a_fetch_stops_the_crawl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker whose bookkeeping raised (here: marking a REST page cut) ended without
    marking its URL done, and the crawl waited for it for ever."""
    from archive.crawl_state import CrawlStore
    from scraper.errors import CrawlFailed

    def failing(self: CrawlStore, crawl_id: int, url: str, rule: str) -> None:
        raise sqlite3.IntegrityError("the frontier said no")

    monkeypatch.setattr(CrawlStore, "skip", failing)
    failed = "crawl 1 failed: IntegrityError: the frontier said no"
    with (
        serve(rest_site("60", None, fail_from=2)) as server,
        pytest.raises(CrawlFailed, match=failed),
    ):
        crawl_of(server, tmp_path, concurrency=1)
    db = sqlite3.connect(tmp_path / "isecg.db")
    try:  # a failure to report, and what was fetched before it is kept
        assert db.execute("SELECT status FROM crawls").fetchall() == [("failed",)]
        assert db.execute("SELECT COUNT(*) FROM captures WHERE status = 200").fetchone()[0] > 0
    finally:
        db.close()
